"""Run one child process and measure it: wall time, peak RSS and CPU time of that child only.

The child is reaped with ``os.wait4(pid)``, so the rusage belongs to that one process (plus any
descendants *it* waited for, as the kernel folds those in); it is never the harness's cumulative
``RUSAGE_CHILDREN``.  Each child runs in its own session so that a timeout can kill the whole
process group (node tools fork helpers).
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

STDERR_KEEP = 4000  # characters of stderr kept for failure reports


@dataclass
class RunResult:
    """Outcome of one measured child process."""

    argv: list[str]
    returncode: int | None  # None when killed by the timeout
    wall_s: float
    maxrss_mib: float
    cpu_s: float
    timed_out: bool
    stderr_tail: str

    def ok(self, allowed: Sequence[int] = (0, 1)) -> bool:
        return not self.timed_out and self.returncode in allowed


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_measured(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 120.0,
    stdout_path: Path | None = None,
) -> RunResult:
    """Run ``argv`` once; stdout goes to ``stdout_path`` (default /dev/null)."""
    out_target = stdout_path if stdout_path is not None else Path(os.devnull)
    with out_target.open("wb") as out, tempfile.TemporaryFile() as err:
        timed_out = threading.Event()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )

        def on_timeout() -> None:
            timed_out.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout_s, on_timeout)
        timer.daemon = True
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by us; keep Popen from waiting again
        _kill_group(proc.pid)  # stray grandchildren of this run, if any
        err.seek(0)
        tail = err.read()[-STDERR_KEEP:].decode("utf-8", "replace")
    return RunResult(
        argv=list(argv),
        returncode=None if timed_out.is_set() else code,
        wall_s=wall,
        maxrss_mib=usage.ru_maxrss / 1024.0,  # Linux reports KiB
        cpu_s=usage.ru_utime + usage.ru_stime,
        timed_out=timed_out.is_set(),
        stderr_tail=tail,
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def last_line(text: str, limit: int = 160) -> str:
    """The last non-empty, non-decorative line of a stderr tail, shortened for a table."""
    for line in reversed(text.strip().splitlines()):
        stripped = line.strip(" \t║╔╚═│")
        if stripped:
            return stripped if len(stripped) <= limit else stripped[: limit - 1] + "…"
    return ""
