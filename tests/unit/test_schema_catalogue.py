"""The schema half of the catalogue against oasdiff's check list: every schema check of
oasdiff maps to one of our rules, every alias we declare is a real oasdiff id, and each
aspect follows the side-of-the-wire principle."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from oasgate.catalogue import RULES, SCHEMA_ASPECTS, Side, alias_index
from oasgate.catalogue import schema as schema_catalogue
from oasgate.catalogue.oasdiff import SCHEMA_CHECK_IDS
from oasgate.findings import Classification

TSV = (
    Path(__file__).resolve().parents[2] / "src" / "oasgate" / "catalogue" / "oasdiff-check-ids.tsv"
)


def _oasdiff() -> list[dict[str, str]]:
    with TSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


OASDIFF = _oasdiff()
SCHEMA_GROUPS = {"request-schema", "response-schema", "extensions"}


def _is_schema_check(row: dict[str, str]) -> bool:
    """The checks this half of the catalogue answers for: the schema groups, plus the
    parameter and header checks about a schema aspect (not about a parameter's or header's
    existence or requiredness, which are structural)."""
    if row["group"] in SCHEMA_GROUPS:
        return True
    if row["group"] not in ("parameters", "headers"):
        return False
    check = row["oasdiff_id"]
    if "-property-" in check or "nullable" in check:
        return True
    return row["kind"] in ("values", "constraints", "type")


SCHEMA_CHECKS = sorted(row["oasdiff_id"] for row in OASDIFF if _is_schema_check(row))


def test_the_embedded_id_list_matches_oasdiffs_list() -> None:
    relevant = {
        row["oasdiff_id"]
        for row in OASDIFF
        if row["group"] in {*SCHEMA_GROUPS, "parameters", "headers"}
        or any(k in row["oasdiff_id"] for k in ("content-encoding", "content-media-type"))
        or "content-schema" in row["oasdiff_id"]
    }
    assert relevant == SCHEMA_CHECK_IDS


@pytest.mark.parametrize("check", SCHEMA_CHECKS)
def test_every_oasdiff_schema_check_maps_to_a_rule(check: str) -> None:
    assert check in alias_index(), f"no rule of ours carries the oasdiff alias {check}"


def test_coverage_of_the_schema_checks_is_complete() -> None:
    index = alias_index()
    levels: dict[str, list[str]] = {}
    for row in OASDIFF:
        if _is_schema_check(row):
            levels.setdefault(row["level"], []).append(row["oasdiff_id"])
    for level, checks in levels.items():
        covered = [c for c in checks if c in index]
        assert len(covered) == len(checks), (level, sorted(set(checks) - set(covered)))
    assert len(SCHEMA_CHECKS) > 300  # the list really is the schema half


def test_schema_rule_aliases_are_real_oasdiff_ids() -> None:
    known = {row["oasdiff_id"] for row in OASDIFF}
    for rule in schema_catalogue.rules():
        unknown = set(rule.aliases) - known
        assert not unknown, f"{rule.id} names aliases oasdiff does not have: {unknown}"


def test_each_aspect_reads_the_same_on_every_site() -> None:
    for aspect in SCHEMA_ASPECTS:
        for site, side in (
            ("request-parameter", Side.REQUEST),
            ("request-parameter-property", Side.REQUEST),
            ("request-body", Side.REQUEST),
            ("request-property", Side.REQUEST),
            ("response-body", Side.RESPONSE),
            ("response-property", Side.RESPONSE),
            ("response-header", Side.RESPONSE),
        ):
            rule = RULES[f"{site}-{aspect.name}"]
            assert rule.side is side
            expected = aspect.request if side is Side.REQUEST else aspect.response
            assert rule.classification is expected
            assert rule.rationale, f"{rule.id} has no rationale"


@pytest.mark.parametrize(
    ("narrowing", "widening"),
    [
        ("max-decreased", "max-increased"),
        ("min-increased", "min-decreased"),
        ("max-length-decreased", "max-length-increased"),
        ("min-items-increased", "min-items-decreased"),
        ("type-narrowed", "type-widened"),
        ("enum-value-removed", "enum-value-added"),
        ("became-not-nullable", "became-nullable"),
        ("one-of-variant-removed", "one-of-variant-added"),
        ("any-of-variant-removed", "any-of-variant-added"),
        ("pattern-specialized", "pattern-generalized"),
        ("const-added", "const-removed"),
        ("prefix-items-added", "prefix-items-removed"),
    ],
)
def test_narrowing_breaks_requests_and_widening_breaks_responses(
    narrowing: str, widening: str
) -> None:
    assert RULES[f"request-body-{narrowing}"].classification is Classification.BREAKING
    assert RULES[f"response-body-{narrowing}"].classification is not Classification.BREAKING
    assert RULES[f"request-body-{widening}"].classification is not Classification.BREAKING
    assert RULES[f"response-body-{widening}"].classification in (
        Classification.BREAKING,
        Classification.WARNING,
    )


def test_constraints_set_where_there_were_none_break_requests_only() -> None:
    """A limit, pattern or format that appears rejects requests that were valid (docs/compatibility.md);
    on a response it only narrows what the server sends."""
    set_aspects = [a.name for a in SCHEMA_ASPECTS if a.name.endswith("-set")]
    assert len(set_aspects) == 10  # max, min, and the length/items/properties/contains pairs
    for aspect in [*set_aspects, "pattern-added", "format-added"]:
        for site in ("request-parameter", "request-body", "request-property"):
            assert RULES[f"{site}-{aspect}"].classification is Classification.BREAKING, aspect
        for site in ("response-body", "response-property", "response-header"):
            assert RULES[f"{site}-{aspect}"].classification is Classification.COMPATIBLE, aspect
    assert RULES["request-body-pattern-changed"].classification is Classification.WARNING
    assert RULES["request-parameter-max-set"].classification is Classification.BREAKING
    assert RULES["request-parameter-max-decreased"].classification is Classification.BREAKING
    assert "request-parameter-max-set" in RULES["request-parameter-max-set"].aliases
    assert "request-parameter-exclusive-max-set" in RULES["request-parameter-max-set"].aliases
