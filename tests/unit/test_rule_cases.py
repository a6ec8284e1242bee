"""Hand-written rule cases, as data: ``tests/rules/<rule-id>/<case>/``.

Each case folder holds the two sides — ``base.yaml`` and ``revision.yaml`` (or
``.json``), or ``base/`` and ``revision/`` folders with an ``openapi.yaml`` entry
for multi-file specs — and ``expected.yaml``::

    description: what the case shows (required: a reader should know why it exists)
    findings:                 # the findings the engine must report
      - rule: request-body-max-decreased
        severity: error        # optional
        message: "from 10 to 5"  # optional: a fragment of the message
        operations: [POST /pets] # optional: exactly these operations
    exact: true               # default: no finding beyond those listed
    absent: [some-rule-id]    # optional: rules that must not fire (useful with exact: false)

The folder's ``<rule-id>`` must be a rule of the catalogue; a case may show the rule
firing or (``findings: []``) a similar change where it must not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import oasgate
from oasgate.catalogue import RULES
from oasgate.findings import Finding

CASES_ROOT = Path(__file__).resolve().parents[1] / "rules"
_EXPECTED_KEYS = {"description", "findings", "exact", "absent"}
_FINDING_KEYS = {"rule", "severity", "message", "operations"}


def _side(folder: Path, name: str) -> Path:
    directory = folder / name
    if directory.is_dir():
        return directory / "openapi.yaml"
    found = sorted(folder.glob(f"{name}.*"))
    assert len(found) == 1, f"{folder}: expected one {name}.yaml or {name}.json"
    return found[0]


def _cases() -> list[Path]:
    if not CASES_ROOT.is_dir():
        return []
    return sorted(path.parent for path in CASES_ROOT.glob("*/*/expected.yaml"))


CASES = _cases()


def _matches(finding: Finding, expected: dict[str, Any]) -> bool:
    if finding.rule != expected["rule"]:
        return False
    if "severity" in expected and finding.severity.value != expected["severity"]:
        return False
    if "message" in expected and expected["message"] not in finding.message:
        return False
    return "operations" not in expected or list(finding.operations) == expected["operations"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_rule_case(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert set(expected) <= _EXPECTED_KEYS, f"unknown keys in {case}/expected.yaml"
    assert expected.get("description"), f"{case}/expected.yaml needs a description"
    assert case.parent.name in RULES, f"{case.parent.name} is not a rule of the catalogue"
    base, revision = _side(case, "base"), _side(case, "revision")
    report = oasgate.check(
        oasgate.load(str(base), ref_root=str(base.parent)),
        oasgate.load(str(revision), ref_root=str(revision.parent)),
    )
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
    for finding in found:  # every finding points at a line that exists in the file
        located = finding.revision or finding.base
        assert located is not None and located.line is not None, finding
    for rule in expected.get("absent") or []:
        assert all(f.rule != rule for f in found), f"{rule} must not fire:\n{shown}"


def test_every_rule_case_folder_is_complete() -> None:
    if not CASES_ROOT.is_dir():
        return
    for folder in CASES_ROOT.glob("*/*"):
        if folder.is_dir():
            assert (folder / "expected.yaml").is_file(), f"{folder} has no expected.yaml"
