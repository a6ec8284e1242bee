"""Run every hostile case (``tests/hostile/``) as the tests do and record what each costs.

Each case runs in a fresh temporary copy, its generated inputs written first (not
timed), as a subprocess of ``python -m oasgate``; its wall time, CPU time and peak
resident memory (``wait4``'s rusage of that process, which includes its load-check
child once waited for: CPU summed, RSS the larger) go into a Markdown table. On a
shared machine the wall time is the CPU time stretched by the load; the target is
judged on the wall time. With ``--write`` the table replaces the one
between the markers in ``docs/security.md``. The target is < 5 s and < 1 GB each.

    python scripts/hostile_costs.py [--only PREFIX] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.acceptance.test_hostile import CASES, HOSTILE, SETUPS  # noqa: E402

DOC = REPO / "docs" / "security.md"
START = "<!-- hostile-costs:start -->"
END = "<!-- hostile-costs:end -->"
TARGET_SECONDS = 5.0
TARGET_BYTES = 1024**3
HANG_GUARD = 300.0


@dataclass(frozen=True)
class Cost:
    case: str
    expected: int
    exit_code: int
    seconds: float
    cpu_seconds: float
    peak_bytes: int

    @property
    def within_target(self) -> bool:
        return self.seconds < TARGET_SECONDS and self.peak_bytes < TARGET_BYTES


def _prepare(name: str, folder: Path) -> tuple[dict[str, object], list[str]]:
    case = json.loads((HOSTILE / name / "case.json").read_text())
    shutil.copytree(HOSTILE / name, folder, symlinks=True)
    (folder / "case.json").unlink()
    if "setup" in case:
        SETUPS[case["setup"]](folder)
    argv = list(case["argv"])
    if case["exit"] == 2 and argv[0] == "check":
        argv[1:1] = ["--format", "json", "--output", "report.json"]
    return case, argv


def _run(argv: list[str], folder: Path) -> tuple[int, float, float, int]:
    """Exit code, wall seconds, CPU seconds and peak RSS in bytes of one run."""
    devnull = os.open(os.devnull, os.O_RDWR)
    started = time.perf_counter()
    pid = _spawn(argv, folder, devnull)
    os.close(devnull)
    deadline = started + HANG_GUARD
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited:
            break
        if time.perf_counter() > deadline:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return os.waitstatus_to_exitcode(status), seconds, cpu, usage.ru_maxrss * 1024


def _spawn(argv: list[str], folder: Path, devnull: int) -> int:
    """``python -m oasgate ARGV`` in ``folder``, its output discarded (NO_COLOR as in the
    tests)."""
    os.environ["NO_COLOR"] = "1"
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(folder)
            for stream in (0, 1, 2):
                os.dup2(devnull, stream)
            os.execv(sys.executable, [sys.executable, "-m", "oasgate", *argv])
        finally:
            os._exit(127)
    return pid


def measure(name: str) -> Cost:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / name
        case, argv = _prepare(name, folder)
        exit_code, seconds, cpu, peak = _run(argv, folder)
    return Cost(name, int(str(case["exit"])), exit_code, seconds, cpu, peak)


def table(costs: list[Cost]) -> str:
    lines = [
        "| case | exit (expected) | wall time | CPU time | peak RSS | < 5 s and < 1 GB |",
        "|---|---|---:|---:|---:|---|",
    ]
    for cost in costs:
        exits = f"{cost.exit_code} ({cost.expected})"
        mark = "yes" if cost.within_target else "**no**"
        lines.append(
            f"| `{cost.case}` | {exits} | {cost.seconds:.2f} s | {cost.cpu_seconds:.2f} s | "
            f"{cost.peak_bytes / 1024**2:.0f} MB | {mark} |"
        )
    return "\n".join(lines)


def write_into_doc(text: str) -> None:
    doc = DOC.read_text()
    head, _, rest = doc.partition(START)
    _, _, tail = rest.partition(END)
    if not rest:
        raise SystemExit(f"{DOC}: no {START} … {END} markers")
    DOC.write_text(f"{head}{START}\n{text}\n{END}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name starts with this")
    parser.add_argument("--write", action="store_true", help=f"write the table into {DOC.name}")
    args = parser.parse_args()
    costs = []
    for name in CASES:
        if name.startswith(args.only):
            cost = measure(name)
            print(
                f"{name}: exit {cost.exit_code} ({cost.expected}), {cost.seconds:.2f} s, "
                f"CPU {cost.cpu_seconds:.2f} s, {cost.peak_bytes / 1024**2:.0f} MB",
                file=sys.stderr,
            )
            costs.append(cost)
    text = table(costs)
    print(text)
    if args.write:
        write_into_doc(text)


if __name__ == "__main__":
    main()
