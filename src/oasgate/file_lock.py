"""One exclusive lock on a file path, on every platform: what lets two runs that update
one file (a feed) take turns instead of losing each other's entry.

Where ``fcntl`` exists (Linux, macOS, the BSDs) the lock is ``flock`` on the lock file,
which is left in place: the kernel releases it when the process ends, however it ends.
Elsewhere (Windows) the lock file's *existence* is the lock: it is created atomically
(``O_CREAT | O_EXCL``: only one process can create it) and removed on release; a run
that waits longer than ``wait`` seconds stops with one error naming the file, since a run
killed while holding it leaves it behind. Anything else that needs a lock across
processes uses :func:`exclusive_lock` rather than its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from oasgate.errors import OasgateError

#: seconds a run waits for a lock file (without ``fcntl``) before giving up
DEFAULT_WAIT = 60.0


def _fcntl() -> ModuleType | None:
    try:
        import fcntl
    except ImportError:  # not POSIX
        return None
    return fcntl


@contextmanager
def exclusive_lock(lock_path: Path, *, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the lock named by ``lock_path`` (created with its directory if missing) for
    the ``with`` block; other processes asking for it wait their turn."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fcntl = _fcntl()
    if fcntl is None:
        with _lock_file(lock_path, wait):
            yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock_path, flags, 0o666)
    except OSError as error:
        raise OasgateError(f"cannot lock: {error.strerror}", file=str(lock_path)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def _lock_file(lock_path: Path, wait: float) -> Iterator[None]:
    """The fallback: the lock is the file's existence."""
    deadline = time.monotonic() + wait
    pause = 0.01
    while True:
        try:
            fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            if time.monotonic() >= deadline:
                raise OasgateError(
                    f"another run has held this lock for over {wait:.0f} s; if no oasgate "
                    "run is updating the file, remove the lock file",
                    file=str(lock_path),
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.2)
        except OSError as error:
            raise OasgateError(f"cannot lock: {error.strerror}", file=str(lock_path)) from None
    os.close(fd)
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)  # missing: removed by hand meanwhile
