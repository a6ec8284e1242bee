"""Hand-written cases for the structural rules, as data: ``tests/rules/<rule-id>/<case>/``.

The format is the one the schema-rules branch's generic collector
(``tests/test_rule_cases.py``) reads, so one collector can stay at merge time. Each case
folder holds ``base.yaml`` and ``revision.yaml`` (whole documents) and ``expected.yaml``::

    description: what the case shows (required)
    findings:                  # the findings the engine must report
      - rule: request-parameter-renamed
        severity: error          # optional
        message: "renamed to"    # optional: a fragment of the message
        operations: [GET /pets]  # optional: exactly these operations
    exact: true                # default: no finding beyond those listed
    absent: [some-rule-id]     # optional: rules that must not fire

``findings: []`` shows a similar change where the rule must not fire. This module runs the
folders of the rules outside the schema and lifecycle halves of the catalogue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import oasgate
from oasgate.catalogue import RULES, api, callbacks, content, operations, security, structural
from oasgate.findings import Finding

CASES_ROOT = Path(__file__).resolve().parent / "rules"
OWNED = {
    rule.id
    for module in (structural, operations, content, security, callbacks, api)
    for rule in module.rules()
}
_EXPECTED_KEYS = {"description", "findings", "exact", "absent"}
_FINDING_KEYS = {"rule", "severity", "message", "operations"}


def _cases() -> list[Path]:
    return sorted(
        path.parent
        for path in CASES_ROOT.glob("*/*/expected.yaml")
        if path.parent.parent.name in OWNED
    )


CASES = _cases()


def _matches(finding: Finding, wanted: dict[str, Any]) -> bool:
    return (
        finding.rule == wanted["rule"]
        and ("severity" not in wanted or finding.severity.value == wanted["severity"])
        and ("message" not in wanted or wanted["message"] in finding.message)
        and ("operations" not in wanted or list(finding.operations) == wanted["operations"])
    )


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_structural_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert set(expected) <= _EXPECTED_KEYS, f"unknown keys in {case}/expected.yaml"
    assert expected.get("description"), f"{case}/expected.yaml needs a description"
    report = oasgate.check(str(case / "base.yaml"), str(case / "revision.yaml"))
    found = list(report.findings)
    shown = "\n".join(f"  {f.severity.value} {f.rule}: {f.message} {f.operations}" for f in found)
    unmatched = list(found)
    for wanted in expected.get("findings") or []:
        assert set(wanted) <= _FINDING_KEYS, f"unknown keys in {wanted}"
        match = next((f for f in unmatched if _matches(f, wanted)), None)
        assert match is not None, f"expected {wanted}; the engine reported:\n{shown}"
        unmatched.remove(match)
    if expected.get("exact", True):
        assert not unmatched, f"unexpected findings:\n{shown}"
    for rule in expected.get("absent") or []:
        assert all(f.rule != rule for f in found), f"{rule} must not fire:\n{shown}"
    for finding in found:  # every finding points at a line of one of the files
        assert finding.location is not None and finding.location.line is not None, finding


def test_every_case_folder_names_a_rule() -> None:
    for folder in CASES_ROOT.iterdir():
        if folder.is_dir():
            assert folder.name in RULES, f"tests/rules/{folder.name}: no such rule"


def test_the_subtle_structural_rules_have_cases() -> None:
    with_cases = {case.parent.name for case in CASES}
    assert {
        "request-parameter-renamed",
        "operation-renamed",
        "security-added",
        "server-removed",
        "response-success-status-generalized",
        "request-parameter-serialization-changed",
    } <= with_cases
