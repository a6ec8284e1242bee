"""The witness oracle over the catalogue: every rule's example, through the real engine.

Each error finding about a schema must carry a witness that, checked again from scratch
(:func:`oasgate.witness.verify.verify`), one side accepts and the other rejects — or say
why none can exist (docs/witnesses.md, "What a witness cannot prove"). The rules whose
example has no witness for a reason of the wire are listed in ``NO_WITNESS`` with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import oasgate
from oasgate.catalogue import RULES
from oasgate.witness import is_schema_rule
from oasgate.witness.verify import verify
from tests.conftest import spec_text

#: Rules whose example has no witness, and why. Empty: the six whose example was a
#: parameter's or header's variant that a bare string's texts already covered (``true`` is
#: a string too) were findings no payload could show; those changes are no longer reported
#: on text (D64), and the examples now use a string enum that does not take every text.
NO_WITNESS: dict[str, str] = {}

SCHEMA_RULES = sorted(rule for rule in RULES if is_schema_rule(rule))


@pytest.mark.parametrize("rule_id", SCHEMA_RULES)
def test_each_schema_error_of_the_example_is_proved(rule_id: str, tmp_path: Path) -> None:
    rule = RULES[rule_id]
    base_path, revision_path = tmp_path / "base.yaml", tmp_path / "revision.yaml"
    base_path.write_text(spec_text(rule.example.base), encoding="utf-8")
    revision_path.write_text(spec_text(rule.example.revision), encoding="utf-8")
    base, revision = oasgate.load(str(base_path)), oasgate.load(str(revision_path))
    report = oasgate.check(base, revision, today=rule.example.today, explain=True)
    for finding in report.findings:
        if finding.severity.value != "error" or not is_schema_rule(finding.rule):
            assert finding.witness is None
            continue
        witness = finding.witness
        assert witness is not None, finding.rule
        if witness.found:
            assert verify(finding, base, revision), (finding.rule, witness)
        elif finding.rule in NO_WITNESS:
            assert witness.note.startswith("no counterexample found"), witness.note
        else:
            assert witness.note.startswith("no witness: "), (finding.rule, witness.note)


def test_the_list_of_rules_without_a_witness_is_not_stale() -> None:
    assert set(NO_WITNESS) <= set(SCHEMA_RULES)
