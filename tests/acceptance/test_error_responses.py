"""The same change to an error response, said two ways, gets the same verdict (docs/compatibility.md
"Invariance", issue 13, D37).

An error body that is no longer documented can be written as the response removed, its
body removed, a bodiless explicit status replacing the ``default`` (or ``4XX``) that
covered it, or an explicit status folded into a bodiless ``default``: every spelling must
give the same classifications. And an explicit status is judged against the ``default``
it replaces, so writing the base's ``default`` out for that status changes no verdict.

Hypothesis draws the status, the media types and the schemas; ``OASGATE_FUZZ_EXAMPLES``
raises the number of examples as for :mod:`tests.acceptance.test_properties`.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from oasgate.catalogue import RULES
from oasgate.findings import Classification, Report, Severity
from tests.acceptance.test_properties import FUZZ, compare, object_schemas

ERROR_STATUSES = st.sampled_from(["400", "401", "403", "404", "409", "422", "429", "500", "503"])
MEDIA_TYPES = st.lists(
    st.sampled_from(["application/json", "application/problem+json", "application/xml"]),
    min_size=1,
    max_size=2,
    unique=True,
)
SUCCESS = {
    "description": "the pet",
    "content": {"application/json": {"schema": {"type": "object"}}},
}
BODILESS = {"description": "an error"}


def _document(responses: dict[str, Any]) -> str:
    operation = {"responses": {"200": SUCCESS, **responses}}
    return yaml.safe_dump(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"get": operation}},
        }
    )


def _with_body(media_types: list[str], schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "an error", "content": {m: {"schema": schema} for m in media_types}}


def _verdicts(report: Report) -> set[tuple[Classification, Severity]]:
    """What a reviewer is told about the change: each finding's rule classification and
    severity (the rules and messages may differ between spellings; the verdict may not)."""
    return {(RULES[f.rule].classification, f.severity) for f in report.findings}


def _rules(report: Report) -> set[tuple[str, Severity]]:
    return {(f.rule, f.severity) for f in report.findings}


@st.composite
def error_bodies(draw: st.DrawFn) -> dict[str, Any]:
    return _with_body(draw(MEDIA_TYPES), draw(object_schemas()))


@FUZZ
@given(status=ERROR_STATUSES, body=error_bodies(), range_covers=st.booleans())
def test_an_error_body_no_longer_documented_gets_one_verdict_however_said(
    status: str, body: dict[str, Any], range_covers: bool
) -> None:
    covering = f"{status[0]}XX" if range_covers else "default"
    spellings = {
        "response removed": (_document({status: body}), _document({})),
        "body removed": (_document({status: body}), _document({status: BODILESS})),
        f"bodiless {status} replaces {covering}": (
            _document({covering: body}),
            _document({status: BODILESS, covering: body}),
        ),
        f"{status} folded into a bodiless {covering}": (
            _document({status: body, covering: BODILESS}),
            _document({covering: BODILESS}),
        ),
    }
    verdicts = {name: _verdicts(compare(*pair)) for name, pair in spellings.items()}
    assert verdicts["response removed"] == {(Classification.INFO, Severity.INFO)}
    for name, verdict in verdicts.items():
        assert verdict == verdicts["response removed"], (name, verdicts)


@FUZZ
@given(status=ERROR_STATUSES, old=error_bodies(), new=st.one_of(error_bodies(), st.just(BODILESS)))
def test_an_explicit_status_is_judged_against_the_default_it_replaces(
    status: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    # the base's default covers the status, or the base writes it out: the same document
    covered = compare(_document({"default": old}), _document({status: new, "default": old}))
    written = compare(
        _document({status: old, "default": old}), _document({status: new, "default": old})
    )
    assert _rules(covered) == _rules(written)


@FUZZ
@given(status=ERROR_STATUSES, old=error_bodies(), new=st.one_of(error_bodies(), st.just(BODILESS)))
def test_an_explicit_status_folded_into_default_is_judged_against_it(
    status: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    # the revision's default covers the status, or the revision writes it out
    folded = compare(_document({status: old, "default": new}), _document({"default": new}))
    written = compare(
        _document({status: old, "default": new}), _document({status: new, "default": new})
    )
    assert _rules(folded) == _rules(written)


def test_a_success_body_removed_still_breaks() -> None:
    base = _document({})
    revision = base.replace("content:\n", "x-was-content:\n", 1)
    report = compare(base, revision)
    assert _rules(report) == {("response-media-type-removed", Severity.ERROR)}


def _loosened(body: dict[str, Any], how: str) -> dict[str, Any]:
    """``body`` with each media type documented less precisely: a wildcard, a parameter
    added, or no schema."""
    content: dict[str, Any] = {}
    for media, entry in body["content"].items():
        if how == "wildcard":
            content[media.split("/")[0] + "/*"] = entry
        elif how == "parameter":
            content[f"{media}; charset=utf-8"] = entry
        else:
            content[media] = {}
    return {**body, "content": content}


@FUZZ
@given(
    status=ERROR_STATUSES,
    body=error_bodies(),
    how=st.sampled_from(["wildcard", "parameter", "schema removed"]),
)
def test_an_error_body_documented_less_precisely_gets_no_more_than_its_removal(
    status: str, body: dict[str, Any], how: str
) -> None:
    removed = compare(_document({status: body}), _document({status: BODILESS}))
    loosened = compare(_document({status: body}), _document({status: _loosened(body, how)}))
    worst = max((f.severity.rank for f in removed.findings), default=0)
    assert all(f.severity.rank <= worst for f in loosened.findings), _rules(loosened)
