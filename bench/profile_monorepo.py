"""Where the parent of a monorepo run spends its time: the serial part of ``--jobs N``.

Runs ``oasgate check base revision -j N`` on the monorepo ``bench/monorepo.py`` built
(``bench/.cache/monorepo``) in a child interpreter that marks each phase of the parent
— start-up and imports, the scan of each tree, pairing, the fork, the run, rendering —
with its wall-clock and CPU time, measures the CPU the parent's threads other than the
main one use while the workers run (the pool's bookkeeping, receiving the results), and
profiles the parent's main thread with cProfile. Prints a text summary
(``bench/profiles/`` keeps them; see docs/decisions.md D69).

Usage: ``.venv/bin/python bench/profile_monorepo.py [--jobs 2] [--top 25] [--src DIR]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_CHILD = r"""
import cProfile, io, pstats, sys, time
start = time.perf_counter()
marks = [("start", 0.0, time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter() - start, time.process_time()))
import oasgate.cli as cli
import oasgate.cli.check_many as check_many
import oasgate.many.pairing as pairing
import oasgate.many.runner as runner
import oasgate.many.sides as sides
mark("cli imported")
def wrap(owner, name, label):
    original = getattr(owner, name)
    def wrapped(*args, **kwargs):
        mark(label + " >")
        try:
            return original(*args, **kwargs)
        finally:
            mark(label + " <")
    setattr(owner, name, wrapped)
wrap(sides, "read_side", "scan a tree")
wrap(pairing, "pair_specs", "pair")
wrap(check_many, "emit", "render and write")
wrap(runner.Runner, "__enter__", "import for workers, fork")
threads = {}
original_run = runner.Runner.run
def run(self, progress):
    mark("run >")
    cpu, main = time.process_time(), time.thread_time()
    try:
        return original_run(self, progress)
    finally:
        threads["main"] = time.thread_time() - main
        threads["other threads"] = time.process_time() - cpu - threads["main"]
        mark("run <")
runner.Runner.run = run
profile = cProfile.Profile()
finish = cli._end_without_teardown
def report():
    profile.disable()
    mark("end")
    print("phase                                wall s   parent CPU s")
    for (name, wall, cpu), (_, _, before) in zip(marks, [marks[0], *marks[:-1]]):
        print(f"{name:34} {wall:8.3f} {cpu:8.3f}  (+{cpu - before:.3f})")
    print()
    print("parent CPU while the workers run, by thread:")
    for name, cpu in threads.items():
        print(f"  {name:16} {cpu:.3f} s")
    print()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(TOP)
    print("cProfile of the parent's main thread, by own time:")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
    finish()
cli._end_without_teardown = report
TOP = int(sys.argv[-1])
sys.argv = ["oasgate", *sys.argv[1:-1]]
profile.enable()
cli.run()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--tree", type=Path, default=HERE / ".cache" / "monorepo")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the oasgate to run")
    args = parser.parse_args()
    if not (args.tree / "base").is_dir():
        raise SystemExit(f"no monorepo in {args.tree}: run bench/monorepo.py first")
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve()), "NO_COLOR": "1"}
    command = ["check", "base", "revision", "-j", str(args.jobs), "--today", "2026-12-05"]
    command += ["--format", "json", "-o", "profiled.json", str(args.top)]
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, *command], cwd=args.tree, env=env, text=True
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.returncode)


if __name__ == "__main__":
    main()
