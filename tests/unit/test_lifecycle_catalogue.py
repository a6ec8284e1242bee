"""The lifecycle rules cover oasdiff's lifecycle checks, and run on a fixed date."""

from __future__ import annotations

from pathlib import Path

import oasgate
from oasgate.catalogue import RULES, Kind, alias_index
from oasgate.catalogue.lifecycle import TODAY
from tests.conftest import spec_text

#: oasdiff's lifecycle group and its deprecation-aware removal checks
#: (from shared/reference/oasdiff-check-ids.tsv), so their users can carry config over
OASDIFF_LIFECYCLE_IDS = (
    "api-deprecated-sunset-missing",
    "api-deprecated-sunset-parse",
    "api-invalid-stability-level",
    "api-path-removed-before-sunset",
    "api-path-removed-with-deprecation",
    "api-path-removed-without-deprecation",
    "api-path-sunset-parse",
    "api-removed-before-sunset",
    "api-removed-with-deprecation",
    "api-removed-without-deprecation",
    "api-stability-decreased",
    "api-stability-increased",
    "api-sunset-date-changed-too-small",
    "api-sunset-date-too-small",
    "endpoint-deprecated",
    "endpoint-deprecated-with-sunset",
    "endpoint-reactivated",
    "request-parameter-deprecated",
    "request-parameter-deprecated-sunset-missing",
    "request-parameter-reactivated",
    "request-parameter-removed-before-sunset",
    "request-parameter-removed-with-deprecation",
    "request-parameter-sunset-date-changed-too-small",
    "request-parameter-sunset-date-too-small",
    "request-parameter-sunset-deleted",
    "request-parameter-sunset-parse",
    "request-property-deprecated",
    "request-property-deprecated-sunset-invalid",
    "request-property-deprecated-sunset-missing",
    "request-property-deprecated-with-sunset",
    "request-property-reactivated",
    "request-property-stability-decreased",
    "request-property-stability-increased",
    "request-property-sunset-date-too-small",
    "response-property-deprecated",
    "response-property-deprecated-sunset-invalid",
    "response-property-deprecated-sunset-missing",
    "response-property-deprecated-with-sunset",
    "response-property-reactivated",
    "response-property-stability-decreased",
    "response-property-stability-increased",
    "response-property-sunset-date-too-small",
    "sunset-deleted",
)


def test_every_oasdiff_lifecycle_check_has_a_rule_here() -> None:
    index = alias_index()
    missing = [oasdiff_id for oasdiff_id in OASDIFF_LIFECYCLE_IDS if oasdiff_id not in index]
    assert missing == []


def test_lifecycle_examples_carry_their_date() -> None:
    lifecycle = [rule for rule in RULES.values() if rule.kind is Kind.LIFECYCLE]
    assert len(lifecycle) == 62
    for rule in lifecycle:
        assert rule.example.today == TODAY and rule.counter_example.today == TODAY


def test_config_path_in_the_python_api(tmp_path: Path) -> None:
    rule = RULES["operation-deprecated-sunset-missing"]
    (tmp_path / "b.yaml").write_text(spec_text(rule.example.base))
    (tmp_path / "r.yaml").write_text(spec_text(rule.example.revision))
    (tmp_path / "c.yaml").write_text("rules:\n  api-deprecated-sunset-missing: warning\n")
    report = oasgate.check(
        str(tmp_path / "b.yaml"), str(tmp_path / "r.yaml"), config=tmp_path / "c.yaml", today=TODAY
    )
    finding = next(f for f in report.findings if f.rule == rule.id)
    assert finding.severity.value == "warning"
    assert not report.failed
