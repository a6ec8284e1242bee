"""What the operating system offers oasgate, probed in one place, each with a fallback.

pre-commit users run oasgate on macOS and Windows as well as Linux. Three pieces of
machinery lean on things only some systems have: the load checks in a forked child
(``os.fork``: Linux only, see :mod:`oasgate.model.load_checks`), the child's death with
its parent (``prctl``: Linux) and the lock that keeps two runs updating one feed from
losing an entry (``fcntl.flock``: POSIX). Where a system lacks one, the fallback gives
the same report: the checks run in the process itself, the child is stopped by the
closed pipe instead, and the lock is ``msvcrt.locking`` (Windows) or, with neither, a
lock directory created atomically. The probes are plain module attributes so that a
test can force a fallback on any machine (``monkeypatch.setattr(capabilities,
"LOCK_KIND", "directory")``) and compare the reports.

The ``os.open`` flags that only POSIX has (``O_NONBLOCK``, ``O_NOCTTY``, ``O_CLOEXEC``,
``O_NOFOLLOW``) are spelled here as 0 where they are missing, and ``O_BINARY`` where
Windows needs it: without it a descriptor reads ``\\r\\n`` as ``\\n`` and stops at ``^Z``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

#: ``os.open`` flags, 0 where the system has no such flag
O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
O_NOCTTY: int = getattr(os, "O_NOCTTY", 0)
#: not inherited by child processes (``O_NOINHERIT`` is Windows' spelling)
O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
O_BINARY: int = getattr(os, "O_BINARY", 0)

#: the load checks may run in a forked child: Linux, where it was measured to pay
#: (macOS forks, but a process that has loaded system frameworks may not fork safely)
FORK_CHECKS: bool = sys.platform.startswith("linux") and hasattr(os, "fork")
#: the kernel can kill a child when its parent ends (``prctl(PR_SET_PDEATHSIG)``)
PARENT_DEATH_SIGNAL: bool = sys.platform.startswith("linux")

LockKind = Literal["flock", "msvcrt", "directory"]


def _lock_kind() -> LockKind:
    try:
        import fcntl  # noqa: F401
    except ImportError:
        pass
    else:
        return "flock"
    try:
        import msvcrt  # noqa: F401
    except ImportError:
        return "directory"
    return "msvcrt"


#: how :func:`exclusive_lock` locks on this system
LOCK_KIND: LockKind = _lock_kind()

#: how often a waiting run tries a lock again where the system cannot wait for it
_RETRY_SECONDS = 0.05
#: a lock directory older than this was left by a run that died: it is taken over
STALE_LOCK_SECONDS = 600.0


def set_blocking(fd: int) -> None:
    """Make ``fd`` block again after an ``O_NONBLOCK`` open; where the system has no such
    mode (Windows before 3.12: regular files always block) there is nothing to undo."""
    with contextlib.suppress(AttributeError, OSError):
        if O_NONBLOCK:
            os.set_blocking(fd, True)


def set_mode(fd: int, path: str, mode: int) -> None:
    """``fchmod`` where the system has it, else ``chmod`` of the path (Windows keeps only
    the read-only bit). Raises OSError."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        Path(path).chmod(mode)


@contextlib.contextmanager
def exclusive_lock(lock_path: str) -> Iterator[None]:
    """Hold an exclusive lock named by ``lock_path`` for the duration of the block, waiting
    for another run that holds it. Raises OSError when the lock cannot be taken.

    ``flock`` and ``msvcrt`` lock a sidecar file that stays in place (removing it would let
    a third run lock a new file while the second still holds the old one); both are
    released by the system if the process dies. The directory fallback creates
    ``lock_path + ".d"`` with ``mkdir`` (atomic everywhere) and removes it afterwards; one
    left by a run that died is taken over after :data:`STALE_LOCK_SECONDS`.
    """
    kind = LOCK_KIND
    if kind == "directory":
        with _directory_lock(lock_path + ".d"):
            yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_BINARY, 0o666)
    try:
        if kind == "flock":
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        else:  # Windows
            with _msvcrt_lock(fd):
                yield
    finally:
        os.close(fd)  # closing the last descriptor releases a flock


@contextlib.contextmanager
def _msvcrt_lock(fd: int) -> Iterator[None]:
    """The first byte of the file, locked; ``LK_LOCK`` gives up after ten seconds, so the
    wait is a loop of non-blocking tries, as ``flock`` waits without a limit."""
    import msvcrt

    os.lseek(fd, 0, os.SEEK_SET)
    while True:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
            break
        except OSError:
            time.sleep(_RETRY_SECONDS)
    try:
        yield
    finally:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]


@contextlib.contextmanager
def _directory_lock(path: str) -> Iterator[None]:
    directory = Path(path)
    while True:
        try:
            directory.mkdir()
            break
        except FileExistsError:
            try:
                age = time.time() - directory.stat().st_mtime
            except FileNotFoundError:  # released meanwhile: try again at once
                continue
            if age > STALE_LOCK_SECONDS:
                with contextlib.suppress(OSError):
                    directory.rmdir()
                continue
            time.sleep(_RETRY_SECONDS)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            directory.rmdir()
