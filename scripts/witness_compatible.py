"""The compatible direction of the witness oracle on real pairs: a compatible verdict for
which a witness exists is a missed break.

    OASGATE_CORPUS=/path/to/corpus python scripts/witness_compatible.py [BASE REVISION ...]

For every finding about a schema classified compatible (severity info) on every corpus
pair (and the pairs given), runs the same bounded search an error finding gets
(:func:`oasgate.witness.witness_for`, 400 validations) and checks what it finds again from
scratch (:func:`oasgate.witness.verify.verify`). A witness is a whole payload, which may differ
in another change too: a witness counts as this finding's only when the two changed
schemas themselves are told apart by a value (same search, same budget). Prints each such
witness — a payload
the side that must accept takes and the other refuses — with the finding, and the counts
per pair. What it finds is listed, and judged, in docs/witnesses.md. Nothing is written.
"""

from __future__ import annotations

import collections
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import oasgate
from oasgate.catalogue import Side as RuleSide
from oasgate.catalogue import get_rule
from oasgate.findings import Finding, Severity, Witness
from oasgate.model.spec import SpecModel
from oasgate.witness import BUDGET, is_schema_rule, witness_for
from oasgate.witness.build import Sides, _owner
from oasgate.witness.instances import Budget, Exhausted, candidates
from oasgate.witness.verify import verify

sys.path.insert(0, str(Path(__file__).resolve().parent))
from witness_share import pairs_to_run


def _local(finding: Finding, sides: Sides, base: SpecModel, revision: SpecModel) -> Any:
    """A value the changed schema of the side that must accept takes and the other's
    refuses (the witness is this change's, not another's), or None."""
    request = get_rule(finding.rule).side is RuleSide.REQUEST
    accept, reject = (sides.base, sides.revision) if request else (sides.revision, sides.base)
    a_model, r_model = (base, revision) if request else (revision, base)
    a_where, r_where = (
        (finding.base, finding.revision) if request else (finding.revision, finding.base)
    )
    a_node = _owner(sides.node(a_model, a_where))
    r_node = _owner(sides.node(r_model, r_where))
    if a_node is None or r_node is None:
        return None
    accept.budget = reject.budget = Budget(BUDGET)
    try:
        for value in candidates(accept, a_node, reject, r_node):
            if accept.accepts(a_node, value) and reject.rejects(r_node, value):
                return value
    except (Exhausted, RecursionError):
        pass
    return None


def compatible_witnesses(
    base_model: SpecModel, revision_model: SpecModel
) -> tuple[collections.Counter[str], list[tuple[Finding, Any, Witness]]]:
    """Every finding about a schema classified compatible that has a verified witness of
    its own change: the counts (``compatible``, ``witness``, ``witness of another
    change``) and, for each such witness, the finding, the value at the changed schema
    and the whole witness. ``tests/acceptance/test_witness_compatible.py`` records them."""
    report = oasgate.check(base_model, revision_model)
    sides = Sides(base_model, revision_model)
    counts: collections.Counter[str] = collections.Counter()
    found: list[tuple[Finding, Any, Witness]] = []
    for finding in report.findings:
        if finding.severity is not Severity.INFO or not is_schema_rule(finding.rule):
            continue
        counts["compatible"] += 1
        probed = replace(finding, severity=Severity.ERROR)
        witness = witness_for(probed, sides)
        if witness is None or not witness.found:
            continue
        if not verify(replace(probed, witness=witness), base_model, revision_model):
            continue
        local = _local(finding, sides, base_model, revision_model)
        if local is None:
            # the whole body differs elsewhere too (another finding's change): the
            # changed schemas themselves take the same values within the budget
            counts["witness of another change"] += 1
            continue
        counts["witness"] += 1
        found.append((finding, local, witness))
    return counts, found


def main(argv: list[str]) -> int:
    pairs = pairs_to_run(argv)
    total: collections.Counter[str] = collections.Counter()
    by_rule: collections.Counter[str] = collections.Counter()
    for name, base, revision, base_root, revision_root in pairs:
        base_model = oasgate.load(str(base), ref_root=str(base_root) if base_root else None)
        revision_model = oasgate.load(
            str(revision), ref_root=str(revision_root) if revision_root else None
        )
        counts, found = compatible_witnesses(base_model, revision_model)
        for finding, local, witness in found:
            by_rule[finding.rule] += 1
            print(f"  {name}: {finding.rule}: {finding.message}")
            print(
                f"    at the changed schema: {local!r:.120}; {witness.where}: "
                f"{witness.instance[:120]}"
            )
        total.update(counts)
        print(f"{name}: {dict(counts)}")
    print(f"total: {dict(total)}")
    for rule, count in by_rule.most_common():
        print(f"  {count:4} {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
