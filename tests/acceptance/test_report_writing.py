"""Writing reports where users point them: special files are written in place (never
replaced by a regular file), a symlink stays a symlink, a closed or broken standard output
is one clear line (or a quiet exit), and an interrupted run leaves no temporary file.

Special files are made in a temporary directory (a FIFO; character devices only as root,
with the numbers of null and full) — the machine's real ``/dev`` is never touched.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "petstore"
BASE = str(EXAMPLE / "base.yaml")
REVISION = str(EXAMPLE / "revision.yaml")
HANG_GUARD = 120  # seconds: only a guard against a hang, never an assertion about speed

as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="creating a device needs root"
)


def _one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _oasgate(*args: str, cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "oasgate", *args],
        cwd=cwd,
        env=env,
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        timeout=HANG_GUARD,
        **kwargs,
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _device(folder: Path, name: str, minor: int) -> Path:
    path = folder / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


# -- special files --------------------------------------------------------------------------


def test_a_fifo_with_a_reader_gets_the_report_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = _oasgate("check", BASE, REVISION, "--format", "json=report.fifo", cwd=tmp_path)
        received = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert result.returncode == 1, result.stderr
    assert received.startswith(b"{") and b'"findings"' in received
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


def test_a_fifo_nobody_reads_is_one_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    result = _oasgate("check", BASE, REVISION, "--format", "json=report.fifo", cwd=tmp_path)
    _one_error_line(result, "report.fifo", "nobody is reading")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


def test_a_refused_fifo_writes_no_other_report(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "report.fifo")
    result = _oasgate(
        "check",
        BASE,
        REVISION,
        "--format",
        "sarif=out.sarif",
        "--format",
        "json=report.fifo",
        cwd=tmp_path,
    )
    _one_error_line(result, "report.fifo")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


def test_a_symlink_to_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    (tmp_path / "link.json").symlink_to("report.fifo")
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = _oasgate("check", BASE, REVISION, "--format", "json=link.json", cwd=tmp_path)
        received = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert result.returncode == 1, result.stderr
    assert received.startswith(b"{")
    assert (tmp_path / "link.json").is_symlink()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_to_a_regular_file_stays_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "real.json"
    real.write_text("old\n")
    real.chmod(0o640)
    (tmp_path / "link.json").symlink_to("reports/real.json")
    result = _oasgate("check", BASE, REVISION, "--format", "json=link.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert (tmp_path / "link.json").is_symlink()
    assert real.read_text().startswith("{")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "reports") == []


@as_root
def test_a_null_device_stays_a_device(tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    result = _oasgate("check", BASE, REVISION, "--format", "json=null", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@as_root
def test_a_full_device_is_a_write_error(tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    result = _oasgate("check", BASE, REVISION, "--format", "json=full", cwd=tmp_path)
    _one_error_line(result, "full", "No space left on device")
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


@as_root
def test_a_changelog_feed_to_a_device_reads_nothing_from_it(tmp_path: Path) -> None:
    _device(tmp_path, "zero", 5)  # reading it would never end
    result = _oasgate("changelog", BASE, REVISION, "--format", "atom=zero", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(tmp_path / "zero").st_mode)


# -- standard output --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("check", BASE, REVISION),
        ("check", BASE, REVISION, "--format", "json"),
        ("changelog", BASE, REVISION),
        ("rules",),
        ("status", BASE),
        ("validate", BASE),
        ("versions", BASE, REVISION),
    ],
    ids=lambda argv: " ".join(a for a in argv if a not in (BASE, REVISION)),
)
def test_a_closed_stdout_is_one_clear_line(tmp_path: Path, argv: tuple[str, ...]) -> None:
    result = _oasgate(
        *argv,
        cwd=tmp_path,
        capture_output=False,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    _one_error_line(result, "standard output", "stdout is closed")


def test_a_closed_stdout_does_not_matter_when_every_report_goes_to_a_file(
    tmp_path: Path,
) -> None:
    result = _oasgate(
        "check",
        BASE,
        REVISION,
        "--format",
        "json=r.json",
        cwd=tmp_path,
        capture_output=False,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "r.json").read_text().startswith("{")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_broken_pipe_on_stdout_is_a_quiet_exit_2(tmp_path: Path, fmt: str) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, as after `| head -c1`
    try:
        result = _oasgate(
            "check",
            BASE,
            REVISION,
            "--format",
            fmt,
            cwd=tmp_path,
            capture_output=False,
            stdout=write_end,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 2
    assert result.stderr == ""


# -- interrupted runs ---------------------------------------------------------------------------

_INTERRUPT_WHILE_WRITING = """
import os, signal, sys
import oasgate.cli
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.SIG{name})
os.fsync = fsync
sys.argv = ["oasgate", "check", {base!r}, {revision!r}, "--format", "json=report.json",
            "--format", "sarif=report.sarif"]
oasgate.cli.run()
"""


@pytest.mark.parametrize("name", ["TERM", "HUP"])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    """The signal arrives after a temporary file is written (its fsync), through the same
    fast-exit entry point as the ``oasgate`` program; the process still dies of it."""
    (tmp_path / "report.json").write_text("old\n")
    script = _INTERRUPT_WHILE_WRITING.format(name=name, base=BASE, revision=REVISION)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert result.returncode == -getattr(signal, f"SIG{name}"), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert (tmp_path / "report.json").read_text() == "old\n"


def test_an_interrupt_while_writing_is_exit_2_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    script = _INTERRUPT_WHILE_WRITING.format(name="INT", base=BASE, revision=REVISION)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    _one_error_line(result, "interrupted")
    assert list(tmp_path.iterdir()) == []


def test_reports_still_go_to_regular_files_atomically(tmp_path: Path) -> None:
    result = run_cli("check", BASE, REVISION, "--format", f"json={tmp_path / 'a' / 'r.json'}")
    assert result.exit_code == 1
    assert (tmp_path / "a" / "r.json").read_text().startswith("{")
    assert _leftovers(tmp_path / "a") == []


def test_a_job_summary_fifo_nobody_reads_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "summary")
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
    env.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [sys.executable, "-m", "oasgate", "check", BASE, REVISION, "--format", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert result.returncode == 1, result.stderr
    assert "cannot append the job summary" in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "summary").st_mode)


_FAILING_FSYNC = """
import errno, os, sys
import oasgate.cli
def fsync(fd):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.fsync = fsync
sys.argv = ["oasgate", "check", {base!r}, {revision!r}, "--format", "json=report.json"]
oasgate.cli.run()
"""


def test_a_full_disk_while_writing_leaves_the_old_report_and_no_temporary(
    tmp_path: Path,
) -> None:
    (tmp_path / "report.json").write_text("old\n")
    script = _FAILING_FSYNC.format(base=BASE, revision=REVISION)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    _one_error_line(result, "report.json", "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert (tmp_path / "report.json").read_text() == "old\n"
