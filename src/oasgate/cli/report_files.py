"""Report files: written all or nothing, atomically, and a feed read before it is updated.

A report file is written to a temporary file beside it and renamed into place, so a
failed run never leaves half a report, and nothing is written at all unless every report
rendered; a FIFO or a device is written in place, never replaced (:func:`write_reports`).
A feed that gets an entry added is read first (:func:`read_existing`) under a lock
(:func:`locked_for_update`); ``$GITHUB_STEP_SUMMARY`` is appended to (:func:`append_text`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from msgspec import Struct

from oasgate.capabilities import (
    O_BINARY,
    O_CLOEXEC,
    O_NOCTTY,
    O_NONBLOCK,
    exclusive_lock,
    set_blocking,
    set_mode,
)
from oasgate.errors import OasgateError


def write_reports(reports: Sequence[tuple[str, str | bytes]]) -> None:
    """Write every report, or none of the regular files: all or nothing where it can be.

    A regular file (or a missing one) is written to a temporary file beside it and
    renamed over it, so readers see the old report or the whole new one; a symlink to
    a regular file has its target written that way, and stays a symlink. Anything else
    — a FIFO, a character device such as ``/dev/null``, a terminal — is written in
    place: renaming over it would replace the device (as root, ``/dev/null`` itself) or
    the pipe with a regular file. Special targets are opened first (a FIFO nobody reads
    refuses the run before any file changes), the temporaries are written next, the
    special targets then, and the renames come last. Text is written as UTF-8.
    """
    pending = [_Pending(path, _encoded(text)) for path, text in reports]
    with _temporaries_removed_on_signal():
        try:
            for report in pending:
                report.final = _regular_destination(report.path)
                if report.final is None:
                    report.fd = _open_in_place(report.path)
            for report in pending:
                if report.final is not None:
                    report.temporary = _write_temporary(report.path, report.final, report.data)
            for report in pending:
                if report.fd is not None:
                    _write_all(report.fd, report.data, report.path)
            for report in pending:
                if report.temporary is not None and report.final is not None:
                    _rename(report.temporary, report.final, report.path)
        finally:
            for report in pending:
                if report.fd is not None:
                    os.close(report.fd)
                if report.temporary is not None:
                    _forget_temporary(report.temporary)


def _encoded(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


class _Pending(Struct):
    """One report on its way: the user's path, the bytes, and how they get there."""

    path: str
    data: bytes
    final: Path | None = None  # the regular file the temporary is renamed to
    fd: int | None = None  # a special file, opened for writing in place
    temporary: str | None = None  # written, not yet renamed


def _write_error(error: OSError, path: str) -> OasgateError:
    reason = error.strerror or str(error)
    return OasgateError(f"cannot write the report: {reason}", file=path)


def _regular_destination(path: str) -> Path | None:
    """Where the temporary file is renamed to (symlinks followed), or None when the path
    is a special file to be written in place."""
    try:
        status = Path(path).stat()  # follows symlinks: a link to a device is a device
    except FileNotFoundError:
        return Path(path).resolve()  # a dangling link's target is created
    except OSError as error:
        raise _write_error(error, path) from None
    if stat.S_ISDIR(status.st_mode):
        raise OasgateError("is a directory; give a file name for the report", file=path)
    if stat.S_ISREG(status.st_mode):
        return Path(path).resolve()
    return None


def _open_in_place(path: str) -> int:
    """Open a special file for writing without blocking: a FIFO with no reader fails at
    once (ENXIO) instead of waiting forever; writes then block as usual."""
    flags = os.O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_BINARY
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OasgateError(
                "nobody is reading this FIFO (or socket); start its reader first, or write "
                "the report to a regular file",
                file=path,
            ) from None
        raise _write_error(error, path) from None
    set_blocking(fd)
    if stat.S_ISREG(os.fstat(fd).st_mode):  # replaced by a regular file since the check
        os.close(fd)
        raise OasgateError("the file changed while the report was written; run again", file=path)
    return fd


def _write_all(fd: int, data: bytes, path: str) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError as error:  # ENOSPC from a full device, EPIPE from a reader that left
        raise _write_error(error, path) from None


#: temporary files not yet renamed into place: removed when a signal ends the run
_TEMPORARIES: set[str] = set()
_CLEANUP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
_previous_handlers: dict[int, Any] = {}


def _write_temporary(path: str, final: Path, data: bytes) -> str:
    """A new temporary file beside ``final`` holding ``data``, synced, with the mode the
    report file has (or a new file would get). Its name is registered for removal
    before the file exists, so no signal can leave it behind; a failed write (a full
    disk) removes it at once."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        mode = final.stat().st_mode & 0o7777 if final.exists() else _default_mode()
        temporary, fd = _create_temporary(final)
    except OSError as error:
        raise _write_error(error, path) from None
    try:
        _fill(fd, data, mode, path, temporary)
    except BaseException:
        _forget_temporary(temporary)
        raise
    return temporary


def _create_temporary(final: Path) -> tuple[str, int]:
    while True:
        temporary = str(final.parent / f".{final.name}.{os.urandom(4).hex()}.tmp")
        _TEMPORARIES.add(temporary)
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_CLOEXEC | O_BINARY
            return temporary, os.open(temporary, flags, 0o600)
        except FileExistsError:  # another name, then
            _TEMPORARIES.discard(temporary)
        except OSError:
            _TEMPORARIES.discard(temporary)
            raise


def _fill(fd: int, data: bytes, mode: int, path: str, temporary: str) -> None:
    try:
        _write_all(fd, data, path)
        try:
            os.fsync(fd)
            set_mode(fd, temporary, mode)
        except OSError as error:
            raise _write_error(error, path) from None
    finally:
        os.close(fd)


def _rename(temporary: str, final: Path, path: str) -> None:
    try:
        Path(temporary).replace(final)
    except OSError as error:
        raise _write_error(error, path) from None
    _TEMPORARIES.discard(temporary)


def _forget_temporary(temporary: str) -> None:
    if temporary in _TEMPORARIES:
        Path(temporary).unlink(missing_ok=True)
        _TEMPORARIES.discard(temporary)


@contextmanager
def _temporaries_removed_on_signal() -> Iterator[None]:
    """While reports are written, SIGINT, SIGTERM and SIGHUP first remove the temporary
    files, then do what they would have done (SIGINT: KeyboardInterrupt, exit 2; the
    others: the process dies of the signal, status 128 + its number). A signal the
    process ignores stays ignored. Signal handlers belong to the main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    installed: dict[int, Any] = {}
    for name in _CLEANUP_SIGNALS:
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) is signal.SIG_IGN:
            continue
        installed[number] = signal.signal(number, _on_signal)
    _previous_handlers.update(installed)
    try:
        yield
    finally:
        for number, handler in installed.items():
            signal.signal(number, handler)
            _previous_handlers.pop(number, None)


def _on_signal(number: int, frame: FrameType | None) -> None:
    for temporary in list(_TEMPORARIES):
        _forget_temporary(temporary)
    previous = _previous_handlers.get(number, signal.SIG_DFL)
    if callable(previous):
        previous(number, frame)
        return
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
    os._exit(128 + number)  # not reached: the default action of these signals ends the process


@contextmanager
def locked_for_update(paths: Sequence[str]) -> Iterator[None]:
    """Hold an exclusive lock per file that is read, updated and written back (a feed),
    so two runs appending at once cannot both read the old feed and lose an entry.

    The lock is on a sidecar ``FILE.lock`` beside the file (a symlink's target), left in
    place: a lock on the feed itself would be lost when the rename replaces the feed, and
    removing the lock file would let a third run lock a new one. Locks are taken in one
    order (no deadlock between runs naming two feeds). A special file (FIFO, device) is
    never read, so it needs no lock.
    """
    lock_paths = sorted(
        {
            str(final.with_name(final.name + ".lock"))
            for final in (_regular_destination(path) for path in paths)
            if final is not None
        }
    )
    with contextlib.ExitStack() as held:
        for lock_path in lock_paths:
            try:
                Path(lock_path).parent.mkdir(parents=True, exist_ok=True)
                held.enter_context(exclusive_lock(lock_path))  # oasgate.capabilities
            except OSError as error:
                raise OasgateError(
                    f"cannot lock the file for the update: {error.strerror}", file=lock_path
                ) from None
        yield


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


#: an existing feed larger than this is not read (it is refused, not appended to)
MAX_EXISTING_BYTES = 64 * 1024 * 1024


def read_existing(path: str | None) -> str | None:
    """The current text of a target file (feeds are updated, not replaced). Only a regular
    file has a current text: a FIFO or a device (``/dev/zero`` never ends) is written to,
    never read."""
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_BINARY)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OasgateError(f"cannot read the existing file: {error.strerror}", file=path) from None
    with os.fdopen(fd, "rb") as stream:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return None
        if status.st_size > MAX_EXISTING_BYTES:
            raise OasgateError(
                f"the existing file is larger than {MAX_EXISTING_BYTES // (1024 * 1024)} MB; "
                "refusing to read it to add an entry",
                file=path,
            )
        try:
            return stream.read(MAX_EXISTING_BYTES + 1).decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise OasgateError(f"cannot read the existing file: {reason}", file=path) from None


def append_text(path: str, text: str) -> None:
    """Append to a file other programs collect (``$GITHUB_STEP_SUMMARY``), creating it if
    need be. Appending never replaces the file, whatever it is; a FIFO nobody reads fails
    at once (ENXIO) rather than blocking the run. Raises OSError."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_BINARY
    fd = os.open(path, flags, 0o666)
    try:
        set_blocking(fd)
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
