"""Hand-written cases for the structural rules, as data: ``tests/rules/<rule-id>/<case>/``.

Each case folder holds ``base.yaml`` and ``revision.yaml`` (a whole document, or a
``paths`` snippet that :func:`tests.conftest.spec_text` wraps) and ``expected.yaml``: the
list of findings the pair must produce, no more and no fewer. An entry is a rule id, or
a mapping ``{rule, severity, message, operations}`` where ``message`` is a fragment the
message must contain and ``operations`` the exact list of affected operations. An empty
list means the change must be silent.

This collector runs the folders of the rules this module's catalogue owns (everything
but the schema-aspect and lifecycle rules); the generic collector of the schema-rules
branch reads the same format, so one of the two can go at merge time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import oasgate
from oasgate.catalogue import RULES, api, callbacks, content, operations, security, structural
from tests.conftest import spec_text

CASES = Path(__file__).resolve().parent / "rules"
OWNED = {
    rule.id
    for module in (structural, operations, content, security, callbacks, api)
    for rule in module.rules()
}


def _cases() -> list[tuple[str, Path]]:
    found = []
    for rule_dir in sorted(p for p in CASES.iterdir() if p.is_dir()):
        if rule_dir.name not in OWNED:
            continue
        for case in sorted(p for p in rule_dir.iterdir() if p.is_dir()):
            found.append((f"{rule_dir.name}/{case.name}", case))
    return found


def _load_expected(case: Path) -> list[dict[str, Any]]:
    entries = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8")) or []
    assert isinstance(entries, list), f"{case}/expected.yaml must be a list"
    return [e if isinstance(e, dict) else {"rule": e} for e in entries]


@pytest.mark.parametrize(("name", "case"), _cases(), ids=[c[0] for c in _cases()])
def test_case(name: str, case: Path, tmp_path: Path) -> None:
    sides = []
    for side in ("base", "revision"):
        text = (case / f"{side}.yaml").read_text(encoding="utf-8")
        path = tmp_path / f"{side}.yaml"
        path.write_text(spec_text(text), encoding="utf-8")
        sides.append(str(path))
    report = oasgate.check(*sides)
    expected = _load_expected(case)
    fired = sorted(f.rule for f in report.findings)
    assert fired == sorted(e["rule"] for e in expected), "\n".join(
        f"{f.rule}: {f.message} {f.operations}" for f in report.findings
    )
    for entry in expected:
        matching = [f for f in report.findings if f.rule == entry["rule"]]
        if "severity" in entry:
            assert {f.severity.value for f in matching} == {entry["severity"]}, entry
        if "message" in entry:
            assert any(entry["message"] in f.message for f in matching), (
                entry,
                [f.message for f in matching],
            )
        if "operations" in entry:
            assert any(list(f.operations) == entry["operations"] for f in matching), (
                entry,
                [f.operations for f in matching],
            )
        for finding in matching:  # every finding can be found in the files
            assert finding.location is not None and finding.location.line is not None, finding


def test_every_case_folder_names_a_rule() -> None:
    for rule_dir in CASES.iterdir():
        if rule_dir.is_dir():
            assert rule_dir.name in RULES, f"tests/rules/{rule_dir.name}: no such rule"


def test_every_structural_rule_has_a_case_or_an_example() -> None:
    # the catalogue example and counter-example run for every rule (test_catalogue.py);
    # the subtle rules also have hand-written cases here
    with_cases = {name.split("/")[0] for name, _ in _cases()}
    for rule_id in (
        "request-parameter-renamed",
        "operation-renamed",
        "security-added",
        "server-removed",
        "response-success-status-generalized",
        "request-parameter-serialization-changed",
    ):
        assert rule_id in with_cases
