"""Reading an input file safely, and finding the repository an input belongs to.

Every file oasgate reads — a root document, a file an external ``$ref`` names, the
config — goes through :func:`read_regular_file`: after symlinks are followed it must be
a regular file no larger than the limit, checked before a byte is read. A FIFO, a
terminal, ``/dev/zero`` or ``/proc/self/fd/1`` behind an innocent name in a pull
request would otherwise block forever or fill the memory. The file is opened with
``O_NONBLOCK`` (opening a FIFO does not wait for a writer) and checked again with
``fstat`` on the open descriptor, so swapping the file between the checks gains nothing.

Standard input (``-``) is read elsewhere; a descriptor the user names literally
(``/dev/fd/63`` from ``<(git show …)``) is read like it (:func:`names_a_descriptor`).

:func:`work_tree_of` finds the git working tree around a path by walking up to a
``.git`` entry (no git process): external ``$ref``s and the config are confined to it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import IO

from oasgate.capabilities import O_BINARY, O_NOCTTY, O_NOFOLLOW, O_NONBLOCK
from oasgate.errors import OasgateError

_SIZE_HINT = "raise it with --max-input-size if this document is genuine"
_DESCRIPTOR = re.compile(r"^/(?:dev/fd/\d+|proc/self/fd/\d+|dev/stdin)$")


def names_a_descriptor(path: str) -> bool:
    """Whether ``path`` is written as a descriptor of this process, as a shell's process
    substitution (``<(…)``) passes one: the user chose a stream, as with ``-``."""
    return _DESCRIPTOR.match(path) is not None


def describe_mode(mode: int) -> str:
    """What kind of file a non-regular ``st_mode`` is, for a message."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


#: what to do about a file that is not a regular file, by what it was read as
ADVICE = {
    "a spec file": "name the spec file itself, or '-' for standard input",
    "a $ref target": "a $ref must name a spec file",
    "a config file": "a config must be a regular file in the repository",
}


def not_regular(mode: int, display: str, what: str) -> OasgateError:
    """The refusal of a file that is not a regular file, read as ``what`` (see ADVICE)."""
    if stat.S_ISDIR(mode):
        return OasgateError(f"is a directory, not {what}", file=display)
    return OasgateError(
        f"is {describe_mode(mode)}, not a regular file; {ADVICE.get(what, 'name a regular file')}",
        file=display,
    )


def too_large(
    display: str, limit: int, size: int | None = None, hint: str = _SIZE_HINT
) -> OasgateError:
    how_big = f"{size} bytes" if size is not None else "larger than the limit"
    return OasgateError(
        f"input is {how_big}, more than the limit of {limit}", file=display, hint=hint
    )


def read_regular_file(
    path: str,
    *,
    limit: int,
    display: str,
    what: str = "a spec file",
    size_hint: str = _SIZE_HINT,
    seen_regular: bool = False,
) -> bytes:
    """The bytes of ``path``, which must be (after symlinks) a regular file of at most
    ``limit`` bytes; anything else is an :class:`OasgateError` naming ``display``.

    ``seen_regular``: the caller's own ``lstat`` just saw ``path`` as a regular file, not
    a symlink (a file tree's confinement check does, for every file it reads). The
    ``stat`` that refuses a device before opening it is then not asked again, and the
    file is opened without following a symlink, so one put there since is refused rather
    than followed; ``fstat`` still checks what was opened."""
    try:
        flags = _READ_FLAGS | O_NOFOLLOW if seen_regular else _READ_FLAGS
        if not seen_regular:
            # refuse a device before opening it at all (os.stat: no Path object per file)
            mode = os.stat(path).st_mode  # noqa: PTH116
            if not stat.S_ISREG(mode):
                raise not_regular(mode, display, what)
        descriptor = os.open(path, flags)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):  # replaced between the stat and the open
                raise not_regular(info.st_mode, display, what)
            if info.st_size > limit:
                raise too_large(display, limit, info.st_size, size_hint)
            data = _read_regular(descriptor, limit + 1, expected=info.st_size)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise OasgateError("no such file", file=display) from None
    except NotADirectoryError:
        raise OasgateError("no such file (a parent is not a directory)", file=display) from None
    except OSError as error:
        raise OasgateError(f"cannot read: {error.strerror}", file=display) from None
    if len(data) > limit:  # it grew while it was read
        raise too_large(display, limit, hint=size_hint)
    return data


_READ_FLAGS = os.O_RDONLY | O_NONBLOCK | O_NOCTTY | O_BINARY


def _read_regular(descriptor: int, count: int, *, expected: int) -> bytes:
    """Up to ``count`` bytes of a regular file of ``expected`` bytes (its size as
    ``fstat`` saw it), straight from its descriptor: a short read is its end (a
    multi-file spec reads thousands of small files; a buffered stream and a second read
    to hear the end cost DigitalOcean's 1,710 files 0.1 s). The first read asks for one
    byte more than ``expected`` — ``read(n)`` reserves ``n`` bytes first, and a map and
    an unmap of 64 MiB per kilobyte file cost DigitalOcean a tenth of its load — and a
    file that has grown since is read on, up to ``count``."""
    chunks: list[bytes] = []
    size = 0
    want = min(count, expected + 1)
    while size < count:
        chunk = os.read(descriptor, want)
        chunks.append(chunk)
        size += len(chunk)
        if len(chunk) < want:
            break
        want = min(count - size, _READ_CHUNK)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


#: A read asks for at most this much: ``read(n)`` reserves ``n`` bytes up front, so a
#: generous ``--max-input-size`` (100GB) failed as "out of memory" on a small file.
_READ_CHUNK = 64 * 1024 * 1024


def read_at_most(stream: IO[bytes], count: int) -> bytes:
    """Up to ``count`` bytes of ``stream`` (fewer at its end), read in pieces."""
    chunks: list[bytes] = []
    size = 0
    while size < count:
        chunk = stream.read(min(count - size, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_descriptor(path: str, *, limit: int, display: str) -> bytes:
    """A stream the user named as a descriptor (:func:`names_a_descriptor`), read like
    standard input: blocking, at most ``limit`` bytes."""
    try:
        with Path(path).open("rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise OasgateError("is a directory, not a spec file", file=display)
            data = read_at_most(stream, limit + 1)
    except FileNotFoundError:
        raise OasgateError("no such file", file=display) from None
    except OSError as error:
        raise OasgateError(f"cannot read: {error.strerror}", file=display) from None
    if len(data) > limit:
        raise too_large(display, limit)
    return data


def work_tree_of(path: str | Path) -> Path | None:
    """The top of the git working tree that holds ``path`` (its real location): the
    nearest directory upwards with a ``.git`` entry; ``None`` outside any repository."""
    current = Path(os.path.realpath(path))
    if not current.is_dir():
        current = current.parent
    for directory in (current, *current.parents):
        if os.path.lexists(directory / ".git"):
            return directory
    return None


def is_within(path: str | Path, directory: str | Path) -> bool:
    """Whether the real location of ``path`` is ``directory`` or below it."""
    real = os.path.realpath(path)
    top = os.path.realpath(directory)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def in_git_directory(path: str | Path) -> bool:
    """Whether the real location of ``path`` is inside a ``.git`` directory: git's own
    files, never an input (under actions/checkout, ``.git/config`` holds the job's token)."""
    return is_git_path(os.path.realpath(path))


def is_git_path(real_path: str) -> bool:
    """:func:`in_git_directory` for a path already resolved (a multi-file spec resolves
    each directory once; resolving every file again cost DigitalOcean's 1,710 files 0.4 s).
    The path is split as text: a ``Path`` per file cost those files another 15 ms."""
    if os.altsep is not None:
        real_path = real_path.replace(os.altsep, os.sep)
    return ".git" in real_path.split(os.sep)  # noqa: PTH206 (no Path per file)


def git_directory_refusal(display: str) -> OasgateError:
    return OasgateError("is inside a .git directory: git's own files are not read", file=display)
