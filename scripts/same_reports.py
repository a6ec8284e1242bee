"""Show that a refactoring left every report byte-identical.

``snapshot DIR`` runs ``oasgate check`` on every pair (the bundled example, the bundled
corpus, the shared corpus when ``OASGATE_CORPUS`` is set, the real specs when
``OASGATE_REAL_SPECS`` is set) in every report format and under every policy preset, with a
fixed ``--today``, and writes each report and its exit code under DIR. ``compare DIR`` runs
the same and prints every report that differs from the snapshot; it exits 1 if any does.

Typical use around a change that must not change behaviour::

    python scripts/same_reports.py snapshot /tmp/before
    ... refactor ...
    python scripts/same_reports.py compare /tmp/before
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "yaml", "markdown", "html", "sarif", "junit", "github", "gitlab")
POLICIES = ("default", "five-stage", "two-live-versions", "single-version")
TODAY = "2026-01-01"


def _pairs(root: Path, prefix: str) -> Iterator[tuple[str, list[str]]]:
    """(name, the check command's inputs) for each pair folder under ROOT."""
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        entry_file = folder / "ENTRY.txt"
        if entry_file.exists():
            entry = entry_file.read_text().strip()
            yield (
                f"{prefix}{folder.name}",
                [
                    str(folder / "base" / entry),
                    str(folder / "revision" / entry),
                    f"--ref-root={folder}",
                ],
            )
            continue
        sides = sorted(folder.glob("base.*")) + sorted(folder.glob("revision.*"))
        if len(sides) == 2:
            yield f"{prefix}{folder.name}", [str(sides[0]), str(sides[1])]


def all_pairs() -> list[tuple[str, list[str]]]:
    pairs = [
        (
            "example-petstore",
            ["examples/petstore/base.yaml", "examples/petstore/revision.yaml"],
        )
    ]
    # inside the repository, paths are relative (reports name them as given), so that two
    # checkouts of the repository give the same reports
    pairs += _pairs(Path("tests/data/corpus"), "bundled-")
    for variable, prefix in (("OASGATE_CORPUS", "corpus-"), ("OASGATE_REAL_SPECS", "real-")):
        root = os.environ.get(variable)
        if root and Path(root).is_dir():
            pairs += _pairs(Path(root), prefix)
    return pairs


def run_all(out: Path) -> None:
    """Every report of every pair, policy and format, into OUT."""
    oasgate = Path(sys.executable).with_name("oasgate")
    out = out.resolve()
    for name, inputs in all_pairs():
        for policy in POLICIES:
            folder = out / name / policy
            folder.mkdir(parents=True, exist_ok=True)
            command = [str(oasgate), "check", *inputs, "--today", TODAY, "--policy", policy]
            command += [f"--format={fmt}={folder / fmt}" for fmt in FORMATS]
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                cwd=REPO,
                env={**os.environ, "NO_COLOR": "1"},
            )
            (folder / "exit").write_text(f"{done.returncode}\n{done.stdout}{done.stderr}")
        print(name, file=sys.stderr)


def compare(snapshot: Path, now: Path) -> int:
    differing = 0
    for before in sorted(p for p in snapshot.rglob("*") if p.is_file()):
        relative = before.relative_to(snapshot)
        after = now / relative
        old = before.read_text(errors="replace")
        new = after.read_text(errors="replace") if after.exists() else "<missing>\n"
        if old != new:
            differing += 1
            print(f"DIFFERS {relative}")
            lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
            for line in list(lines)[:12]:
                print("   ", line)
    print(f"{differing} report(s) differ", file=sys.stderr)
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("snapshot", "compare"))
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.mode == "snapshot":
        run_all(args.folder)
        return 0
    with tempfile.TemporaryDirectory() as now:
        run_all(Path(now))
        return compare(args.folder, Path(now))


if __name__ == "__main__":
    sys.exit(main())
