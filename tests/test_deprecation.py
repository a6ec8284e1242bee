"""Deprecation and sunset rules (SPEC §4), each with dates on both sides of its boundary:
the day before, the day of, and the day after."""

from __future__ import annotations

from pathlib import Path

import pytest

from oasgate.findings import Impact, Severity
from tests.lifecycle_helpers import OK, by_rule, doc, lifecycle, rules, run

DEPRECATED = "status: deprecated, deprecated: 2026-01-10"


def _op(annotation: str = "", headers: str = "") -> str:
    """GET /pets with an optional lifecycle annotation and response headers."""
    response = "{description: ok" + (f", headers: {{{headers}}}" if headers else "") + "}"
    extra = f", {annotation}" if annotation else ""
    return doc(f"/pets:\n  get: {{responses: {{'200': {response}}}{extra}}}")


# -- removal needs a deprecation and a passed sunset ----------------------------------------


def _body(where: str, props: str) -> str:
    media = "{content: {application/json: {schema: {type: object, properties: {" + props + "}}}}}"
    if where == "requestBody":
        return doc("/pets:\n  post: {requestBody: " + media + ", " + OK + "}")
    return doc("/pets:\n  get: {responses: {'200': {description: ok, " + media[1:] + "}}")


_ELEMENT = {
    "path": (
        lambda a: doc(f"/pets:\n  get: {{{OK}{a}}}\n/owners:\n  get: {{{OK}}}"),
        doc(f"/owners:\n  get: {{{OK}}}"),
        "path-removed",
    ),
    "operation": (
        lambda a: doc(f"/pets:\n  get: {{{OK}{a}}}\n  post: {{{OK}}}"),
        doc(f"/pets:\n  post: {{{OK}}}"),
        "operation-removed",
    ),
    "request-parameter": (
        lambda a: doc(
            f"/pets:\n  get: {{parameters: [{{name: q, in: query, schema: {{type: string}}{a}}}], {OK}}}"
        ),
        doc(f"/pets:\n  get: {{{OK}}}"),
        "request-parameter-removed",
    ),
    "request-property": (
        lambda a: _body("requestBody", "id: {type: integer}, name: {type: string" + a + "}"),
        _body("requestBody", "id: {type: integer}"),
        "request-property-removed",
    ),
    "response-property": (
        lambda a: _body("response", "id: {type: integer}, name: {type: string" + a + "}"),
        _body("response", "id: {type: integer}"),
        "response-property-removed",
    ),
}


@pytest.mark.parametrize("element", sorted(_ELEMENT))
@pytest.mark.parametrize(
    ("today", "outcome"),
    [("2026-08-31", "before"), ("2026-09-01", "after"), ("2026-09-02", "after")],
)
def test_removal_is_allowed_from_the_sunset_day(
    tmp_path: Path, element: str, today: str, outcome: str
) -> None:
    build, without, _plain = _ELEMENT[element]
    annotation = ", " + lifecycle(status="deprecated", deprecated="2026-01-10", sunset="2026-09-01")
    report = run(tmp_path, build(annotation), without, today=today)
    found = by_rule(report)
    rule = f"{element}-removed-{outcome}-sunset"
    assert rule in found, sorted(found)
    finding = found[rule]
    if outcome == "before":
        assert finding.severity is Severity.ERROR
        assert finding.message.endswith("before its sunset 2026-09-01")
        assert finding.hint == "removal is allowed from that date"
        assert report.failed
    else:
        assert finding.severity is Severity.INFO
        assert "after its sunset 2026-09-01" in finding.message
        assert not report.failed


@pytest.mark.parametrize("element", sorted(_ELEMENT))
def test_removal_without_deprecation_keeps_its_rule_and_says_what_is_missing(
    tmp_path: Path, element: str
) -> None:
    build, without, plain = _ELEMENT[element]
    finding = by_rule(run(tmp_path, build(""), without, today="2026-03-01"))[plain]
    if element != "request-property":  # a request property removal is only a warning
        assert finding.severity is Severity.ERROR
        # the advice (and today's date) is the hint, never the message
        assert finding.hint is not None
        assert "it was not deprecated: deprecate it first" in finding.hint
        assert "2026-09-01 or later" in finding.hint
        assert "2026" not in finding.message and "deprecate" not in finding.message


@pytest.mark.parametrize("element", sorted(_ELEMENT))
def test_removal_of_a_deprecated_element_without_sunset_names_the_earliest_date(
    tmp_path: Path, element: str
) -> None:
    build, without, _plain = _ELEMENT[element]
    report = run(tmp_path, build(", deprecated: true"), without, today="2026-03-01")
    finding = by_rule(report)[f"{element}-removed-before-sunset"]
    assert "without a sunset date" in finding.message
    assert finding.hint is not None
    assert "2026-09-01 or later" in finding.hint  # from today when no date is given
    assert "2026" not in finding.message


def test_removed_property_deprecated_in_the_base_is_judged_by_its_own_status(
    tmp_path: Path,
) -> None:
    build, without, _plain = _ELEMENT["response-property"]
    annotation = ", deprecated: true, x-sunset: '2026-02-01'"
    report = run(tmp_path, build(annotation), without, today="2026-03-01")
    assert by_rule(report)["response-property-removed-after-sunset"].severity is Severity.INFO
    assert not report.failed


def test_end_of_life_operation_may_be_removed(tmp_path: Path) -> None:
    build, without, _plain = _ELEMENT["operation"]
    report = run(tmp_path, build(", x-lifecycle: {status: end-of-life}"), without)
    finding = by_rule(report)["operation-removed-after-sunset"]
    assert finding.message == "operation GET /pets removed at end of life"


# -- deprecating needs a sunset at least the window later ------------------------------------


@pytest.mark.parametrize(
    ("sunset", "rule"),
    [
        ("2026-07-09", "operation-sunset-too-soon"),
        ("2026-07-10", "operation-deprecated"),
        ("2026-07-11", "operation-deprecated"),
    ],
)
def test_deprecation_window_boundary(tmp_path: Path, sunset: str, rule: str) -> None:
    report = run(
        tmp_path, _op(), _op(lifecycle(status="deprecated", deprecated="2026-01-10", sunset=sunset))
    )
    assert rule in rules(report)
    assert not ({"operation-sunset-too-soon", "operation-deprecated"} - {rule}) & rules(report)
    if rule.endswith("too-soon"):
        finding = by_rule(report)[rule]
        assert finding.message == (
            "operation GET /pets deprecated on 2026-01-10 with sunset 2026-07-09: the sunset "
            "must be at least 6 months after deprecation (2026-07-10 or later)"
        )
        assert finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("sunset", "too_soon"),
    [("2027-01-09", True), ("2027-01-10", False), ("2027-01-11", False)],
)
def test_twelve_month_window_from_config(tmp_path: Path, sunset: str, too_soon: bool) -> None:
    revision = _op(lifecycle(status="deprecated", deprecated="2026-01-10", sunset=sunset))
    config = {"policy": {"deprecation-window": "12 months"}}
    report = run(tmp_path, _op(), revision, config=config)
    assert ("operation-sunset-too-soon" in rules(report)) is too_soon
    if too_soon:
        assert "(2027-01-10 or later)" in by_rule(report)["operation-sunset-too-soon"].message


@pytest.mark.parametrize(
    ("today", "too_soon"), [("2026-03-01", False), ("2026-03-02", True), ("2026-02-28", False)]
)
def test_without_a_deprecation_date_the_window_counts_from_today(
    tmp_path: Path, today: str, too_soon: bool
) -> None:
    # oasdiff style: deprecated: true and x-sunset; the deprecation starts with this change
    revision = _op("deprecated: true, x-sunset: '2026-09-01'")
    report = run(tmp_path, _op(), revision, today=today)
    assert ("operation-sunset-too-soon" in rules(report)) is too_soon


def test_deprecation_without_sunset(tmp_path: Path) -> None:
    report = run(tmp_path, _op(), _op(lifecycle(status="deprecated", deprecated="2026-01-10")))
    finding = by_rule(report)["operation-deprecated-sunset-missing"]
    # hygiene, not a wire break: a warning by default (GitHub deprecates this way)...
    assert finding.severity is Severity.WARNING
    assert finding.classification is Impact.LIFECYCLE
    assert not report.failed
    assert finding.message == "operation GET /pets deprecated on 2026-01-10 without a sunset date"
    assert finding.hint == "add a sunset on or after 2026-07-10 (6 months after deprecation)"
    assert finding.revision is not None and finding.revision.line == 5


@pytest.mark.parametrize("preset", ["five-stage", "two-live-versions"])
def test_deprecation_without_sunset_fails_under_the_presets_that_demand_a_date(
    tmp_path: Path, preset: str
) -> None:
    """...and an error where the policy demands an end-of-life date."""
    revision = _op(lifecycle(status="deprecated", deprecated="2026-01-10"))
    report = run(tmp_path, _op(), revision, config={"extends": preset})
    assert by_rule(report)["operation-deprecated-sunset-missing"].severity is Severity.ERROR
    assert report.failed
    relaxed = {"extends": preset, "policy": {"require-sunset-date": False}}
    report = run(tmp_path, _op(), revision, config=relaxed)
    assert by_rule(report)["operation-deprecated-sunset-missing"].severity is Severity.WARNING


def test_deprecation_of_a_beta_operation_is_gated_like_a_breaking_change(tmp_path: Path) -> None:
    base = _op(lifecycle(status="beta"))
    report = run(tmp_path, base, _op(lifecycle(status="deprecated")))
    assert by_rule(report)["operation-deprecated-sunset-missing"].severity is Severity.WARNING


def test_date_times_count_by_their_date(tmp_path: Path) -> None:
    revision = _op(
        lifecycle(
            status="deprecated",
            deprecated="'2026-01-10T23:59:59Z'",
            sunset="'2026-07-10T00:00:00+02:00'",
        )
    )
    assert "operation-deprecated" in rules(run(tmp_path, _op(), revision))


# -- a sunset may only move later --------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_sunset", "earlier"), [("2026-08-31", True), ("2026-09-01", False), ("2026-09-02", False)]
)
def test_sunset_moved_earlier_boundary(tmp_path: Path, new_sunset: str, earlier: bool) -> None:
    base = _op(lifecycle(status="deprecated", deprecated="2026-01-10", sunset="2026-09-01"))
    revision = _op(
        lifecycle(status="deprecated", deprecated="2026-01-10", sunset=new_sunset, successor="v2")
    )
    report = run(tmp_path, base, revision)
    assert ("operation-sunset-moved-earlier" in rules(report)) is earlier
    assert report.failed is earlier


def test_sunset_deleted(tmp_path: Path) -> None:
    base = _op(lifecycle(status="deprecated", deprecated="2026-01-10", sunset="2026-09-01"))
    revision = _op(lifecycle(status="deprecated", deprecated="2026-01-10"))
    finding = by_rule(run(tmp_path, base, revision))["operation-sunset-deleted"]
    assert "sunset date 2026-09-01 deleted" in finding.message


def test_sunset_added_later_must_respect_the_window(tmp_path: Path) -> None:
    base = _op(lifecycle(status="deprecated", deprecated="2026-01-10"))
    for sunset, too_soon in (("2026-07-09", True), ("2026-07-10", False)):
        revision = _op(lifecycle(status="deprecated", deprecated="2026-01-10", sunset=sunset))
        assert ("operation-sunset-too-soon" in rules(run(tmp_path, base, revision))) is too_soon


# -- statuses only move forward -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("stable", "beta", "operation-status-decreased"),
        ("beta", "development", "operation-status-decreased"),
        ("end-of-life", "deprecated", "operation-status-decreased"),
        ("deprecated", "stable", "operation-reactivated"),
        ("development", "beta", "operation-status-advanced"),
        ("beta", "stable", "operation-status-advanced"),
    ],
)
def test_status_transitions(tmp_path: Path, old: str, new: str, rule: str) -> None:
    def fields(status: str) -> dict[str, str]:
        if status in ("deprecated", "end-of-life"):
            return {"status": status, "deprecated": "2025-01-10", "sunset": "2027-01-01"}
        return {"status": status}

    report = run(tmp_path, _op(lifecycle(**fields(old))), _op(lifecycle(**fields(new))))
    assert rule in rules(report)
    expected = Severity.INFO if rule.endswith("advanced") else None
    if expected is not None:
        assert by_rule(report)[rule].severity is expected


@pytest.mark.parametrize(
    ("today", "before"), [("2026-08-31", True), ("2026-09-01", False), ("2026-09-02", False)]
)
def test_end_of_life_only_from_the_sunset_day(tmp_path: Path, today: str, before: bool) -> None:
    base = _op(lifecycle(status="deprecated", deprecated="2026-01-10", sunset="2026-09-01"))
    revision = _op(lifecycle(status="end-of-life", deprecated="2026-01-10", sunset="2026-09-01"))
    report = run(tmp_path, base, revision, today=today)
    assert ("operation-retired-before-sunset" in rules(report)) is before
    if before:
        finding = by_rule(report)["operation-retired-before-sunset"]
        assert finding.message == (
            "operation GET /pets marked end-of-life before its sunset 2026-09-01; end of life is "
            "allowed from 2026-09-01"
        )


def test_straight_from_stable_to_end_of_life(tmp_path: Path) -> None:
    report = run(tmp_path, _op(), _op(lifecycle(status="retired")))
    finding = by_rule(report)["operation-retired-before-sunset"]
    assert "without a deprecation period" in finding.message


def test_unreadable_annotations_are_findings_not_crashes(tmp_path: Path) -> None:
    revision = _op(lifecycle(status="legacy") + ", x-sunset: 31/12/2026")
    report = run(tmp_path, _op(), revision)
    messages = [f.message for f in report.findings if f.rule == "operation-lifecycle-invalid"]
    assert any("x-lifecycle.status 'legacy'" in m for m in messages)
    assert any("x-sunset '31/12/2026'" in m for m in messages)


def test_parameters_and_properties_have_their_own_transitions(tmp_path: Path) -> None:
    def text(annotation: str) -> str:
        return doc(
            "/pets:\n  post:\n    parameters: [{name: q, in: query, schema: {type: string}"
            f"{annotation}}}]\n"
            "    requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n"
            "    responses: {'200': {description: ok, content: {application/json: {schema: "
            "{$ref: '#/components/schemas/Pet'}}}}}\n"
        ) + (
            "components:\n  schemas:\n    Pet: {type: object, properties: "
            f"{{name: {{type: string{annotation}}}}}}}\n"
        )

    report = run(tmp_path, text(""), text(", deprecated: true"))
    assert {
        "request-parameter-deprecated-sunset-missing",
        "request-property-deprecated-sunset-missing",
        "response-property-deprecated-sunset-missing",
    } <= rules(report)
    prop = by_rule(report)["response-property-deprecated-sunset-missing"]
    assert prop.operations == ("POST /pets",)
    assert prop.revision is not None and prop.revision.pointer.startswith("/components/schemas/Pet")


def test_operations_pair_as_the_diff_pairs_paths(tmp_path: Path) -> None:
    # Two templates of one shape: each path pairs with the one written the same way (the
    # diff's pairing), so the second is judged too, against its own base.
    def text(annotation: str) -> str:
        return doc(f"/a/{{x}}:\n  get: {{{OK}}}\n/a/{{y}}:\n  get: {{{OK}{annotation}}}")

    report = run(tmp_path, text(", deprecated: true"), text(", deprecated: true"))
    assert not rules(report) & {"operation-deprecated-sunset-missing", "operation-reactivated"}
    report = run(tmp_path, text(""), text(", deprecated: true"))
    finding = by_rule(report)["operation-deprecated-sunset-missing"]
    assert finding.operations == ("GET /a/{y}",)


def test_api_version_deprecation(tmp_path: Path) -> None:
    base = doc(f"/pets:\n  get: {{{OK}}}")
    revision = doc(
        f"/pets:\n  get: {{{OK}}}",
        lifecycle(status="deprecated", deprecated="2026-01-10", sunset="2026-04-01"),
    )
    finding = by_rule(run(tmp_path, base, revision))["version-sunset-too-soon"]
    assert finding.message.startswith(
        "API version 1 deprecated on 2026-01-10 with sunset 2026-04-01"
    )
    assert finding.operations == ()


# -- Deprecation and Sunset headers --------------------------------------------------------------

_GOOD = (
    "Deprecation: {schema: {type: string}, example: '@1768003200'}, "
    "Sunset: {schema: {type: string}, example: 'Tue, 01 Sep 2026 00:00:00 GMT'}"
)
_ANNOTATION = lifecycle(status="deprecated", deprecated="2026-01-10", sunset="2026-09-01")


def test_missing_headers_are_a_warning_and_suggest_values(tmp_path: Path) -> None:
    report = run(tmp_path, _op(), _op(_ANNOTATION))
    finding = by_rule(report)["deprecation-headers-missing"]
    assert finding.severity is Severity.WARNING
    assert "Deprecation and Sunset" in finding.message
    assert "Deprecation: @1768003200, Sunset: Tue, 01 Sep 2026 00:00:00 GMT" in finding.message
    assert not report.failed


def test_missing_headers_are_an_error_when_required(tmp_path: Path) -> None:
    config = {"policy": {"require-sunset-headers": True}}
    report = run(tmp_path, _op(), _op(_ANNOTATION), config=config)
    assert by_rule(report)["deprecation-headers-missing"].severity is Severity.ERROR
    assert report.failed


def test_declared_consistent_headers_are_silent(tmp_path: Path) -> None:
    report = run(tmp_path, _op(), _op(_ANNOTATION, _GOOD))
    assert not {"deprecation-headers-missing", "deprecation-headers-inconsistent"} & rules(report)


@pytest.mark.parametrize(
    ("value", "consistent"),
    [
        ("Mon, 31 Aug 2026 00:00:00 GMT", False),
        ("Tue, 01 Sep 2026 00:00:00 GMT", True),
        ("Wed, 02 Sep 2026 00:00:00 GMT", False),
        ("2026-09-01", False),
    ],
)
def test_sunset_header_example_must_match_the_sunset_date(
    tmp_path: Path, value: str, consistent: bool
) -> None:
    headers = _GOOD.replace("Tue, 01 Sep 2026 00:00:00 GMT", value)
    report = run(tmp_path, _op(), _op(_ANNOTATION, headers))
    assert ("deprecation-headers-inconsistent" in rules(report)) is not consistent


@pytest.mark.parametrize(
    ("value", "consistent"),
    [
        ("'@1767916800'", False),  # 2026-01-09
        ("'@1768003200'", True),  # 2026-01-10
        ("'@1768089600'", False),  # 2026-01-11
        ("'Sat, 10 Jan 2026 00:00:00 GMT'", True),  # the second seed's HTTP-date form
    ],
)
def test_deprecation_header_example_must_match_the_deprecation_date(
    tmp_path: Path, value: str, consistent: bool
) -> None:
    headers = _GOOD.replace("'@1768003200'", value)
    report = run(tmp_path, _op(), _op(_ANNOTATION, headers))
    assert ("deprecation-headers-inconsistent" in rules(report)) is not consistent
