"""The load-check child never outlives its parent (issue 15): a CI cancel's SIGTERM, an
OOM kill or an internal error ends the run, and the child must end with it rather than
go on checking (40 s and 300 MB on a big spec).

The child is stopped (SIGSTOP) once it has set itself up (its standard output is
/dev/null), standing for checks that take long; the parent then waits for its verdict and is killed. A child that dies with its
parent is gone at once; one that does not stays stopped forever (and is killed by the
test's cleanup). The waits below are hang guards, not timings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.acceptance.test_load_checks import big_spec, write

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked on Linux only"
)

HANG_GUARD = 60.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[1]) == pid:  # fields: state, ppid, ...
            found.append(int(entry.name))
    return found


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return None


def _standard_output(pid: int) -> str | None:
    try:
        return str(Path(f"/proc/{pid}/fd/1").readlink())
    except OSError:
        return None


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z")


def _wait_for(condition: str, check: Callable[[], object], guard: float = HANG_GUARD) -> None:
    deadline = time.monotonic() + guard
    while not check():
        assert time.monotonic() < deadline, f"hang guard: {condition}"
        time.sleep(0.005)


@pytest.mark.parametrize("kill_with", [signal.SIGTERM, signal.SIGKILL])
def test_the_load_check_child_dies_with_its_parent(tmp_path: Path, kill_with: int) -> None:
    spec = write(tmp_path, "big.json", big_spec(paths=20_000))
    env = {k: v for k, v in os.environ.items() if k != "OASGATE_NO_FORK"}
    parent = subprocess.Popen(
        [sys.executable, "-m", "oasgate", "check", str(spec), str(spec)],
        env=env,
        stdout=subprocess.PIPE,  # the child's becomes /dev/null once it is set up
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    try:
        _wait_for(
            "the child to be forked", lambda: children.extend(_children(parent.pid)) or children
        )
        child = children[0]
        _wait_for("the child to be set up", lambda: _standard_output(child) == os.devnull)
        os.kill(child, signal.SIGSTOP)  # checks that take long
        parent.send_signal(kill_with)
        parent.wait(timeout=HANG_GUARD)

        _wait_for("the child to end with its parent", lambda: not _alive(child))
    finally:
        for pid in children:
            if _state(pid) == "T":  # still the child this test stopped
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        assert parent.stdout is not None
        parent.stdout.close()
