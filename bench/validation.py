"""Time full validation: ``validate`` and ``check --strict`` against ``check``, per pair.

    .venv/bin/python bench/validation.py [--pairs ghes,stripe] [--runs 3] [--json FILE]

For each pair, in fresh processes one after the other (like ``bench/run.py``: one untimed
warm-up, then ``--runs`` timed runs, medians of wall and CPU time):

- ``check BASE REVISION`` and ``check --strict BASE REVISION`` (the ratio is the target:
  ``--strict`` at most twice ``check``);
- ``validate REVISION`` as installed (jsonschema-rs screening, D67), ``validate
  --no-schema REVISION`` (loading and oasgate's own checks only), and ``validate
  REVISION`` with jsonschema-rs hidden (``sys.modules["jsonschema_rs"] = None``: the pure-
  Python path every release ran before, and the fallback where there is no wheel).

Standard library only; oasgate runs from ``src/`` with the repository's ``.venv``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import fetch  # noqa: E402
import pairs  # noqa: E402
from measure import median, run_measured  # noqa: E402

PURE_PYTHON = (
    "import sys; sys.modules['jsonschema_rs'] = None; "
    "from oasgate.cli import run; sys.argv = ['oasgate', *sys.argv[1:]]; run()"
)


def _pair(name: str, log: fetch.FetchLog) -> pairs.Pair | None:
    github = {g.name: g for g in pairs.GITHUB_PAIRS}
    if name in github:
        pair, note = pairs.github_pair(github[name], log)
    else:
        pair, note = pairs.corpus_pair(name, pairs.corpus_dir(REPO))
    if note:
        print(note, file=sys.stderr)
    return pair


def _commands(python: str, pair: pairs.Pair) -> dict[str, list[str]]:
    extra = [f"--ref-root={pair.ref_root}"] if pair.ref_root else []
    base, revision = str(pair.base), str(pair.revision)
    oasgate = [python, "-m", "oasgate"]
    return {
        "check": [*oasgate, "check", base, revision, *extra],
        "check --strict": [*oasgate, "check", "--strict", base, revision, *extra],
        "validate": [*oasgate, "validate", revision, *extra],
        "validate --no-schema": [*oasgate, "validate", "--no-schema", revision, *extra],
        "validate, pure Python": [python, "-c", PURE_PYTHON, "validate", revision, *extra],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="ghes,stripe,box,adyen,docker,opensearch")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="raw results")
    parser.add_argument("--python", default=str(REPO / ".venv" / "bin" / "python"))
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    # bytecode written first, as `pip install` does (bench/run.py does the same): where
    # PYTHONDONTWRITEBYTECODE is set every run would otherwise time the compiler
    subprocess.run([args.python, "-m", "compileall", "-q", str(REPO / "src")], check=True)
    log = fetch.FetchLog()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in pairs.expand_names(args.pairs):
        pair = _pair(name, log)
        if pair is None:
            continue
        results[name] = {}
        for label, argv in _commands(args.python, pair).items():
            run_measured(argv, cwd=REPO, env=env, timeout_s=600)  # warm-up
            runs = [run_measured(argv, cwd=REPO, env=env, timeout_s=600) for _ in range(args.runs)]
            failed = [r for r in runs if not r.ok()]
            if failed:
                print(f"{name} {label}: {failed[0].stderr_tail}", file=sys.stderr)
            results[name][label] = {
                "wall_s": median([r.wall_s for r in runs]),
                "cpu_s": median([r.cpu_s for r in runs]),
                "maxrss_mib": max(r.maxrss_mib for r in runs),
            }
            print(f"{name:12} {label:24} {results[name][label]}", file=sys.stderr)
    print(_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def _table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    labels = [
        "check",
        "check --strict",
        "validate",
        "validate --no-schema",
        "validate, pure Python",
    ]
    lines = [
        "| pair | " + " | ".join(labels) + " | strict ÷ check (CPU) |",
        "|---|" + "---:|" * (len(labels) + 1),
    ]
    for name, row in results.items():
        cells = [
            f"{row[label]['wall_s']:.2f} s ({row[label]['cpu_s']:.2f} s CPU)" for label in labels
        ]
        ratio = row["check --strict"]["cpu_s"] / row["check"]["cpu_s"]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio:.2f}× |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
