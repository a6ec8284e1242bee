"""Talking to git: one-off commands, and one ``git cat-file --batch`` process for objects.

Shared by the source tree of a revision (:mod:`oasgate.loading.git_tree`, ``REV:PATH``)
and the history (:mod:`oasgate.history.git_objects`, ``oasgate log``). No prompt, no
optional lock, no filter or hook runs; git's messages are in English (``LC_ALL=C``) so
that the one line quoted from them reads the same everywhere.
"""

from __future__ import annotations

import os
import weakref
from typing import TYPE_CHECKING

from oasgate.errors import OasgateError
from oasgate.loading.safe_files import too_large

if TYPE_CHECKING:
    import subprocess  # imported where git is run: most runs read no revision

GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
#: the modes of a tree's entries that are not plain files
MODE_TREE, MODE_SYMLINK, MODE_SUBMODULE = "40000", "120000", "160000"


def run_git(
    *args: str,
    cwd: str | None,
    timeout: int,
    file: str | None = None,
    missing: str = "the 'git' command is not installed",
) -> str:
    """git's standard output; a failure is one :class:`OasgateError` quoting git's last
    line (naming ``file`` when given)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            env={**os.environ, **GIT_ENV},
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise OasgateError(missing, file=file) from None
    except subprocess.TimeoutExpired:
        raise OasgateError(f"git did not answer within {timeout} s", file=file) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.decode(errors="replace").splitlines() if line]
        reason = lines[-1] if lines else f"git {args[0]} failed"
        reason = reason.removeprefix("fatal: ").removeprefix("error: ")
        raise OasgateError(f"git: {reason}", file=file)
    return done.stdout.decode(errors="replace")


class CatFile:
    """One ``git cat-file --batch`` process, started on first use, answering every read
    by object id, and stopped with this object (or by :meth:`close`)."""

    def __init__(self, cwd: str | None) -> None:
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, oid: str, shown: str, limit: int | None = None) -> tuple[str, bytes]:
        """The type and content of object ``oid``; ``shown`` names it in an error, and an
        object over ``limit`` bytes is refused before it is read."""
        batch = self._start(shown)
        assert batch.stdin is not None and batch.stdout is not None
        try:
            batch.stdin.write(oid.encode() + b"\n")
            batch.stdin.flush()
            header = batch.stdout.readline().decode().split()
        except OSError:  # git went away: say so, rather than a silent broken pipe
            header = []
        if len(header) != 3:
            self.close()
            raise OasgateError("git could not read this object", file=shown)
        _, object_type, size_text = header
        size = int(size_text)
        if limit is not None and size > limit:
            self.close()
            raise too_large(shown, limit, size)
        data = batch.stdout.read(size)
        batch.stdout.read(1)  # the newline after each object
        return object_type, data

    def close(self) -> None:
        if self._process is not None:
            _stop(self._process)
            self._process = None

    def _start(self, shown: str) -> subprocess.Popen[bytes]:
        if self._process is None:
            import subprocess

            try:
                self._process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self._cwd,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env={**os.environ, **GIT_ENV},
                )
            except OSError as error:
                raise OasgateError(f"cannot run git: {error.strerror}", file=shown) from None
            weakref.finalize(self, _stop, self._process)
        return self._process


def tree_entries(data: bytes) -> dict[str, tuple[str, str]]:
    """name → (mode, object id) of a tree object's content."""
    entries: dict[str, tuple[str, str]] = {}
    position = 0
    while position < len(data):  # "<mode> <name>\0<20-byte id>" repeated
        space = data.index(b" ", position)
        nul = data.index(b"\0", space)
        name = data[space + 1 : nul].decode(errors="surrogateescape")
        entries[name] = (data[position:space].decode(), data[nul + 1 : nul + 21].hex())
        position = nul + 21
    return entries


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()
