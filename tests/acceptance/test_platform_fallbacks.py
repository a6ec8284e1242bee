"""The fallbacks of :mod:`oasgate.capabilities`, forced on this machine: where a system has
no ``fork`` (Windows), no ``prctl`` (macOS, Windows) or no ``fcntl`` (Windows), oasgate
gives the same reports and keeps every feed entry.

Each run is the real CLI in a subprocess whose capability probes are overridden before
the command starts — what the CLI would see on that system. The Windows lock
(``msvcrt.locking``) is exercised through a stand-in ``msvcrt`` module that locks the same
byte with ``fcntl.lockf`` and refuses, as ``msvcrt`` does, with an OSError.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from oasgate import capabilities
from oasgate.capabilities import exclusive_lock
from tests.acceptance.test_feed_append import _entries, _revision
from tests.acceptance.test_load_checks import big_spec
from tests.conftest import spec_text

POSIX = pytest.mark.skipif(os.name != "posix", reason="runs the POSIX path beside the fallback")
HANG_GUARD = 120  # seconds, a guard against a hang only

#: a stand-in for Windows' msvcrt: the same calls, one byte locked with POSIX record locks
FAKE_MSVCRT = """
import fcntl, sys, types
msvcrt = types.ModuleType("msvcrt")
msvcrt.LK_UNLCK, msvcrt.LK_NBLCK = 0, 2
def locking(fd, mode, nbytes):
    operation = fcntl.LOCK_UN if mode == msvcrt.LK_UNLCK else fcntl.LOCK_EX | fcntl.LOCK_NB
    fcntl.lockf(fd, operation, nbytes, 0, 1)  # from the current position, like msvcrt
msvcrt.locking = locking
sys.modules["msvcrt"] = msvcrt
"""


def cli_as_if(probes: dict[str, object], *args: str, cwd: Path, prologue: str = "") -> list[str]:
    """The command line of ``oasgate ARGS`` run with the capability probes overridden."""
    settings = "".join(f"capabilities.{name} = {value!r}\n" for name, value in probes.items())
    code = (
        f"{prologue}\nimport sys\nfrom oasgate import capabilities\n{settings}"
        f"from oasgate.cli import run\nsys.argv = ['oasgate', *{list(args)!r}]\nrun()\n"
    )
    return [sys.executable, "-c", code]


def run_as_if(probes: dict[str, object], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("OASGATE_NO_FORK", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        cli_as_if(probes, *args, cwd=cwd),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


@POSIX
@pytest.mark.parametrize("broken", [False, True], ids=["diagnostics", "dangling-ref"])
def test_without_fork_or_prctl_the_reports_are_the_same(tmp_path: Path, broken: bool) -> None:
    (tmp_path / "base.json").write_text(big_spec(problems=True, dangling=broken))
    (tmp_path / "revision.json").write_text(big_spec(problems=True, paths=2400))
    args = ("check", "base.json", "revision.json", "--format", "json")
    linux = run_as_if({}, *args, cwd=tmp_path)
    windows = run_as_if({"FORK_CHECKS": False, "PARENT_DEATH_SIGNAL": False}, *args, cwd=tmp_path)
    macos = run_as_if({"PARENT_DEATH_SIGNAL": False}, *args, cwd=tmp_path)
    assert linux.returncode == windows.returncode == macos.returncode == (2 if broken else 1)
    assert linux.stdout == windows.stdout == macos.stdout
    assert linux.stderr == windows.stderr == macos.stderr
    if broken:
        assert "#/components/schemas/Gone" in windows.stderr
    else:
        codes = [d["code"] for d in json.loads(windows.stdout)["diagnostics"]]
        assert "duplicate-operation-id" in codes


def _concurrent_appends(tmp_path: Path, probes: dict[str, object], prologue: str = "") -> str:
    runs = 4
    (tmp_path / "base.yaml").write_text(spec_text("{}"))
    for index in range(runs):
        (tmp_path / f"rev{index}.yaml").write_text(_revision(index))
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1735689600"}
    processes = [
        subprocess.Popen(
            cli_as_if(
                probes,
                "changelog",
                "base.yaml",
                f"rev{index}.yaml",
                "--format",
                "atom=feed.atom",
                cwd=tmp_path,
                prologue=prologue,
            ),
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(runs)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=HANG_GUARD)
        assert process.returncode == 0, stderr
    text = (tmp_path / "feed.atom").read_text()
    assert sorted(_entries(text)) == sorted(f"t 1.{index}" for index in range(runs))
    return text


@pytest.mark.parametrize(
    ("kind", "prologue", "left"),
    [
        pytest.param("directory", "", [], id="lock-directory"),
        pytest.param(
            "msvcrt",
            FAKE_MSVCRT,
            ["feed.atom.lock"],
            id="msvcrt",
            marks=pytest.mark.skipif(os.name != "posix", reason="the stand-in uses fcntl"),
        ),
    ],
)
def test_concurrent_feed_updates_keep_every_entry_with_the_fallback_lock(
    tmp_path: Path, kind: str, prologue: str, left: list[str]
) -> None:
    text = _concurrent_appends(tmp_path, {"LOCK_KIND": kind}, prologue)
    assert "<feed" in text
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("feed.atom."))
    assert leftovers == left  # the lock directory is removed; a lock file stays, unused


@POSIX
def test_the_fallback_lock_writes_the_same_feed(tmp_path: Path) -> None:
    """One run each way from the same feed: byte for byte the same result."""
    feeds = []
    for kind in ("flock", "directory"):
        work = tmp_path / kind
        work.mkdir()
        (work / "base.yaml").write_text(spec_text("{}"))
        (work / "rev.yaml").write_text(_revision(1))
        args = ("changelog", "base.yaml", "rev.yaml", "--format", "atom=feed.atom")
        for _ in range(2):  # the second run finds its entry there: nothing added
            run = run_as_if({"LOCK_KIND": kind}, *args, "--date", "2025-03-01", cwd=work)
            assert run.returncode == 0, run.stderr
        feeds.append((work / "feed.atom").read_text())
    assert feeds[0] == feeds[1]


def test_the_lock_directory_keeps_a_second_holder_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(capabilities, "LOCK_KIND", "directory")
    lock = str(tmp_path / "feed.atom.lock")
    second_holds = threading.Event()

    def second() -> None:
        with exclusive_lock(lock):
            second_holds.set()

    with exclusive_lock(lock):
        assert Path(lock + ".d").is_dir()
        waiter = threading.Thread(target=second)
        waiter.start()
        assert not second_holds.wait(0.3)  # it waits while the first holds the lock
    waiter.join(HANG_GUARD)
    assert second_holds.is_set()
    assert not Path(lock + ".d").exists()


def test_a_lock_directory_left_by_a_run_that_died_is_taken_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(capabilities, "LOCK_KIND", "directory")
    lock = str(tmp_path / "feed.atom.lock")
    Path(lock + ".d").mkdir()
    old = Path(lock + ".d").stat().st_mtime - capabilities.STALE_LOCK_SECONDS - 60
    os.utime(lock + ".d", (old, old))
    with exclusive_lock(lock):
        assert Path(lock + ".d").stat().st_mtime > old
    assert not Path(lock + ".d").exists()


def test_flags_the_system_lacks_are_zero() -> None:
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_NOFOLLOW", "O_BINARY"):
        assert getattr(capabilities, name) == getattr(os, name, 0)
    assert (sys.platform.startswith("linux") and hasattr(os, "fork")) == capabilities.FORK_CHECKS
