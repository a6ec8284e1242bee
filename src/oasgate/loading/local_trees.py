"""Source trees on this machine: files on disk (:class:`FileTree`) and standard input
(:class:`StdinTree`).

- :class:`FileTree` — files on disk inside the git working tree that holds the root
  document (else below its directory), or below ``--ref-root``; symlinks that leave the
  tree, FIFOs, devices and files inside ``.git`` are refused
  (:mod:`~oasgate.loading.safe_files`);
- :class:`StdinTree` — ``-``: one document, no external references.
"""

from __future__ import annotations

import os
import posixpath
import stat
import sys
from pathlib import Path
from typing import IO

from oasgate.errors import OasgateError
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.safe_files import (
    git_directory_refusal,
    is_git_path,
    names_a_descriptor,
    not_regular,
    read_at_most,
    read_descriptor,
    read_regular_file,
    too_large,
    work_tree_of,
)
from oasgate.loading.sources import SourceText


class FileTree:
    """Files on disk below ``ref_root`` (default: :func:`default_ref_root`)."""

    def __init__(
        self, path: str, *, ref_root: str | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self._given = path
        self._limits = limits
        self._named_descriptor = names_a_descriptor(path)
        if not self._named_descriptor:
            _check_root_file(path)
        root_path = Path(path)
        if ref_root is not None and not Path(ref_root).is_dir():
            raise OasgateError("--ref-root is not a directory", file=ref_root)
        resolved = root_path.resolve()
        self._root_dir = Path(ref_root).resolve() if ref_root else default_ref_root(resolved)
        try:
            self._root_key = resolved.relative_to(self._root_dir).as_posix()
        except ValueError:
            raise OasgateError(f"the spec is not inside --ref-root {ref_root}", file=path) from None
        self._display_prefix = Path(path).parent.as_posix()
        self._root_text = str(self._root_dir)
        self._real_dirs: dict[str, str] = {}
        self._canonical_keys: dict[str, str] = {}
        self._root_dir_key = posixpath.dirname(self._root_key)
        self._relative_dirs: dict[str, str] = {}
        self._canonical_dirs: dict[str, str] = {}

    @property
    def root_key(self) -> str:
        return self._root_key

    def key_for_url(self, url: str) -> str | None:
        return None

    def _display(self, key: str) -> str:
        if key == self._root_key:
            return self._given
        rel = self._relative_to_root(key)
        if self._display_prefix in ("", "."):
            return rel
        joined = f"{self._display_prefix}/{rel}"
        return posixpath.normpath(joined) if rel.startswith("..") else joined

    def _relative_to_root(self, key: str) -> str:
        """``key`` relative to the root document's directory, worked out once per directory
        of ``key`` (a multi-file spec reads thousands of files from hundreds of
        directories). Exactly :func:`_relative`: when the directory is the root's own or
        one of its ancestors (only ``..`` parts), the file's name may match the root's
        next directory, and the whole key is compared as before."""
        directory, _, name = key.rpartition("/")
        relative_dir = self._relative_dirs.get(directory)
        if relative_dir is None:
            relative_dir = _relative(directory, self._root_dir_key) if directory else "."
            if relative_dir == "." or all(part == ".." for part in relative_dir.split("/")):
                relative_dir = ""  # the whole key decides
            self._relative_dirs[directory] = relative_dir
        if not relative_dir:
            return _relative(key, self._root_dir_key)
        return f"{relative_dir}/{name}"

    def _real_dir(self, directory: str) -> str:
        """The real location of a directory of the tree (each resolved once).

        Worked out from its parent's: one ``lstat`` per directory, and ``realpath`` only
        for a directory that is a symlink (``realpath`` of each directory from the root
        asked the disk about every component again: DigitalOcean's 430 directories sit
        10 deep)."""
        real_dir = self._real_dirs.get(directory)
        if real_dir is not None:
            return real_dir
        if directory and not _ODD_PARTS.isdisjoint(directory.split("/")):
            real_dir = self._real_dirs[directory] = os.path.realpath(
                f"{self._root_text}/{directory}"
            )  # not a key as references make them (``..``, ``//``): resolved as written
            return real_dir
        unknown = []  # the directories up to the nearest one already resolved (no recursion:
        known = directory  # a hostile $ref may name a path thousands of levels deep)
        while known and known not in self._real_dirs:
            unknown.append(known)
            known = known.rpartition("/")[0]
        real_dir = self._real_dirs.get(known)
        if real_dir is None:  # the tree's root itself
            real_dir = self._real_dirs[""] = os.path.realpath(self._root_text)
        for inside in reversed(unknown):
            candidate = f"{real_dir}/{inside.rpartition('/')[2]}"
            real_dir = os.path.realpath(candidate) if _is_link(candidate) else candidate
            self._real_dirs[inside] = real_dir
        return real_dir

    def _real_path(self, key: str) -> tuple[str, bool]:
        """Where ``key`` really is: directories resolved once each, the file's own symlink
        resolved only when it is one (realpath per file costs ~0.1 ms × thousands); and
        whether the ``lstat`` that told it saw a regular file (then reading it need not
        ask the disk again: a multi-file spec reads thousands)."""
        directory, _, name = key.rpartition("/")
        candidate = f"{self._real_dir(directory)}/{name}"
        try:
            mode = os.lstat(candidate).st_mode
        except OSError:
            return candidate, False  # opening it reports what is wrong
        if stat.S_ISLNK(mode):
            return os.path.realpath(candidate), False
        return candidate, stat.S_ISREG(mode)

    def canonical_key(self, key: str) -> str:
        """One key per file: ``key`` with its directories resolved to where they really are.

        A directory symlink inside the tree (``sub/loop -> ..``) otherwise names one file
        through ever longer paths, each a new file to read and parse. The file's own name
        is kept, so reports show the name the ``$ref`` wrote; a key that leaves the tree
        stays as it is, and reading it refuses it. Each key is worked out once: a
        multi-file spec asks again at every reference (DigitalOcean: 10,880 asks, 1,710
        files)."""
        canonical = self._canonical_keys.get(key)
        if canonical is None:
            canonical = self._canonical_keys[key] = self._canonical(key)
        return canonical

    def _canonical(self, key: str) -> str:
        directory, _, name = key.rpartition("/")
        if not directory:
            return key
        inside = self._canonical_dirs.get(directory)
        if inside is None:
            inside = self._canonical_dirs[directory] = self._canonical_dir(directory)
        if inside == _OUTSIDE:
            return key
        return f"{inside}/{name}" if inside else name

    def _canonical_dir(self, directory: str) -> str:
        """Where ``directory`` really is, relative to the tree's root (``""`` for the root
        itself), or ``_OUTSIDE``; worked out once per directory, not once per file."""
        real_dir = self._real_dir(directory)
        root = self._root_text
        if real_dir == root:
            return ""
        if real_dir.startswith(root.rstrip(os.sep) + os.sep):
            return real_dir[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        return _OUTSIDE

    def read(self, key: str) -> SourceText:
        display = self._display(key)
        limit = self._limits.max_input_bytes
        if key == self._root_key:
            # The file the user named: read as named (a symlink to it is fine).
            if self._named_descriptor:
                return SourceText(
                    key, display, read_descriptor(self._given, limit=limit, display=display)
                )
            return SourceText(
                key, display, read_regular_file(self._given, limit=limit, display=display)
            )
        target, seen_regular = self._real_path(key)
        if target != self._root_text and not target.startswith(self._root_text + os.sep):
            raise OasgateError(
                "refusing to read a file outside the spec's directory tree (symlink?)",
                file=display,
            )
        if is_git_path(target):  # already its real location
            raise git_directory_refusal(display)
        data = read_regular_file(
            target, limit=limit, display=display, what="a $ref target", seen_regular=seen_regular
        )
        return SourceText(key, display, data)


#: a directory whose real location is outside the tree (its keys are kept as written)
_OUTSIDE = "\0outside"

#: what a key as references make them (normalised, relative) never has between slashes
_ODD_PARTS = frozenset(("", ".", ".."))


def _is_link(path: str) -> bool:
    """Whether ``path`` is a symlink; a path that cannot be asked about is taken as it
    is (opening a file below it reports what is wrong)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def default_ref_root(root_document: Path) -> Path:
    """Where external ``$ref``s may read without ``--ref-root``: the git working tree that
    holds the root document (real layouts reference ``../schemas/…``), else its directory."""
    return work_tree_of(root_document) or root_document.parent


def _check_root_file(path: str) -> None:
    """A root document must exist and be (after symlinks) a regular file; checked before
    anything else is worked out from its location."""
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        raise OasgateError("no such file", file=path) from None
    except OSError as error:
        raise OasgateError(f"cannot read: {error.strerror}", file=path) from None
    if not stat.S_ISREG(mode):
        raise not_regular(mode, path, "a spec file")


class StdinTree:
    """The root document from standard input; it has no directory, so no external refs."""

    def __init__(self, *, limits: Limits = DEFAULT_LIMITS) -> None:
        self._raw = _read_bounded(sys.stdin.buffer, limits.max_input_bytes, "<stdin>")

    @property
    def root_key(self) -> str:
        return "<stdin>"

    def key_for_url(self, url: str) -> str | None:
        return None

    def read(self, key: str) -> SourceText:
        if key != "<stdin>":
            raise OasgateError(
                f"cannot resolve external $ref '{key}' in a document read from standard input",
                file="<stdin>",
                hint="pass the file's path instead of '-'",
            )
        return SourceText(key, "<stdin>", self._raw)


def _relative(key: str, directory: str) -> str:
    """``key`` relative to ``directory`` (both normalised keys), without touching the disk."""
    if not directory:
        return key
    parts, base = key.split("/"), directory.split("/")
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _read_bounded(stream: IO[bytes], limit: int, display: str) -> bytes:
    """At most ``limit`` bytes; one more means the input is too large."""
    data = read_at_most(stream, limit + 1)
    if len(data) > limit:
        raise too_large(display, limit)
    return data
