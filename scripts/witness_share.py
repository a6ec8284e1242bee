"""The share of error findings about a schema that carry a validated witness, per pair.

    OASGATE_CORPUS=/path/to/corpus python scripts/witness_share.py [BASE REVISION ...]

Runs ``check --explain`` on every corpus pair (and on the BASE REVISION pairs given),
checks each witness again from scratch (:func:`oasgate.witness.verify.verify`) and
prints, per pair: schema error findings, witnesses found and verified, exemptions (a
change no validator can show, docs/witnesses.md) and misses, with the misses by rule.
Nothing is written.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from pathlib import Path

import oasgate
from oasgate.witness import is_schema_rule
from oasgate.witness.verify import verify


def _pairs(root: Path) -> list[tuple[str, Path, Path, Path | None, Path | None]]:
    pairs = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        entry_file = folder / "ENTRY.txt"
        if entry_file.exists():
            entry = entry_file.read_text().strip()
            base, revision = folder / "base", folder / "revision"
            pairs.append((folder.name, base / entry, revision / entry, base, revision))
            continue
        sides = sorted(folder.glob("base.*")) + sorted(folder.glob("revision.*"))
        pairs.append((folder.name, sides[0], sides[1], None, None))
    return pairs


def pairs_to_run(argv: list[str]) -> list[tuple[str, Path, Path, Path | None, Path | None]]:
    """Every corpus pair (with ``OASGATE_CORPUS``), then the pairs named on the command line
    (BASE REVISION ...): (name, base, revision, base ref-root, revision ref-root)."""
    pairs = []
    corpus = os.environ.get("OASGATE_CORPUS")
    if corpus:
        pairs += _pairs(Path(corpus))
    for base, revision in zip(argv[::2], argv[1::2], strict=False):
        pairs.append(
            (f"{Path(base).name} → {Path(revision).name}", Path(base), Path(revision), None, None)
        )
    return pairs


def main(argv: list[str]) -> int:
    pairs = pairs_to_run(argv)
    total = collections.Counter()
    misses: collections.Counter[str] = collections.Counter()
    for name, base, revision, base_root, revision_root in pairs:
        base_model = oasgate.load(str(base), ref_root=str(base_root) if base_root else None)
        revision_model = oasgate.load(
            str(revision), ref_root=str(revision_root) if revision_root else None
        )
        started = time.perf_counter()
        plain = oasgate.check(base_model, revision_model)
        plain_s = time.perf_counter() - started
        started = time.perf_counter()
        report = oasgate.check(base_model, revision_model, explain=True)
        explain_s = time.perf_counter() - started
        counts = collections.Counter()
        for finding in report.findings:
            if finding.severity.value != "error" or not is_schema_rule(finding.rule):
                continue
            witness = finding.witness
            assert witness is not None
            counts["schema errors"] += 1
            if witness.found:
                if verify(finding, base_model, revision_model):
                    counts["verified"] += 1
                else:
                    counts["FAILED verification"] += 1
                    misses[f"{finding.rule} (failed verification)"] += 1
            elif witness.note.startswith("no witness"):
                counts["exempt"] += 1
            else:
                counts["missed"] += 1
                misses[finding.rule] += 1
        total.update(counts)
        print(f"{name}: {dict(counts)}  check {plain_s:.2f} s, with --explain {explain_s:.2f} s")
        del plain
    provable = total["schema errors"] - total["exempt"]
    share = total["verified"] / provable if provable else 1.0
    print(f"total: {dict(total)}; verified share of provable findings: {share:.1%}")
    for rule, count in misses.most_common():
        print(f"  miss {count:4} {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
