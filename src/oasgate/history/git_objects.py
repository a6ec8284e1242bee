"""A repository's history as oasgate reads it: commits, release tags, trees and blobs.

Every object is read through **one** ``git cat-file --batch`` process for the whole run
(a log over a hundred revisions of a multi-file spec reads thousands of trees and blobs:
a process per read would cost more than the comparisons). Directory listings are cached
by tree id, so a directory that did not change between two commits is read once. The
commit list itself comes from one ``git log`` call. Nothing is checked out, no filter or
hook runs, nothing is fetched: a shallow clone is refused with the command that fetches
the history (docs/history.md).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from oasgate.errors import OasgateError
from oasgate.loading.git_batch import MODE_SYMLINK, MODE_TREE, CatFile, run_git, tree_entries

_MAX_SYMLINKS = 40
#: A release tag: a version number, optionally after ``v`` (``v1.2.0``, ``2.3``); a
#: pre-release (``v2.0.0-rc.1``) is not a release (docs/history.md, D62).
RELEASE_TAG = re.compile(r"^[vV]?\d+(?:\.\d+){1,3}$")
#: how the log line of one commit is written: fields apart by 0x1f, commits by 0x1e
_LOG_FORMAT = "%H%x1f%T%x1f%P%x1f%cI%x1f%s%x1e"

SHALLOW_HINT = (
    "the history is missing: fetch it with `git fetch --unshallow` "
    "(in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
)


@dataclass(frozen=True)
class Commit:
    """One commit of the walked line: what a log entry names."""

    id: str
    tree: str
    parents: tuple[str, ...]
    date: datetime  # the committer date: when it reached the branch
    subject: str
    tags: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.id[:7]


class GitObjects:
    """The repository around ``cwd``: its commits, and its objects by id, through one
    ``git cat-file --batch`` process started on first use and stopped with this object."""

    def __init__(self, cwd: str | None = None) -> None:
        self._cwd = cwd
        top, prefix = self.git("rev-parse", "--show-toplevel", "--show-prefix").split("\n")[:2]
        self.top = Path(top)
        self.prefix = prefix
        self._trees: dict[str, dict[str, tuple[str, str]]] = {}
        self._objects = CatFile(cwd)

    # -- one-off git commands ----------------------------------------------------------------

    def git(self, *args: str) -> str:
        try:
            return run_git(*args, cwd=self._cwd, timeout=300)
        except OasgateError as error:
            if "not a git repository" in error.message:
                message = "not inside a git repository: the log reads git's history"
                raise OasgateError(message) from None
            raise

    def is_shallow(self) -> bool:
        return self.git("rev-parse", "--is-shallow-repository").strip() == "true"

    def refuse_shallow(self) -> None:
        """A shallow clone has lost the commits a history is made of: one clear error."""
        if self.is_shallow():
            raise OasgateError(f"this clone is shallow; {SHALLOW_HINT}")

    def commit_id(self, revision: str) -> str:
        """The commit ``revision`` names; a missing one is an error naming it."""
        if not revision or revision.startswith("-"):
            raise OasgateError(f"{revision!r} is not a revision")
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
        except OasgateError:
            hint = f"; {SHALLOW_HINT}" if self.is_shallow() else ""
            raise OasgateError(f"no revision {revision!r} in this repository{hint}") from None

    def commits(self, start: str | None, end: str, *, first_parent: bool) -> list[Commit]:
        """The commits after ``start`` (excluded; all history when None) up to ``end``,
        oldest first, parents before children."""
        span = f"{start}..{end}" if start else end
        args = ["log", "--reverse", "--topo-order", "--no-color", f"--format={_LOG_FORMAT}"]
        if first_parent:
            args.append("--first-parent")
        out = self.git(*args, span, "--")
        found = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            found.append(_commit(record))
        return found

    def commit(self, revision: str) -> Commit:
        """One commit, by any name git accepts."""
        out = self.git("log", "-1", "--no-color", f"--format={_LOG_FORMAT}", revision, "--")
        return _commit(out.strip("\n\x1e"))

    def former_paths(self, end: str, path: str) -> list[str]:
        """The names ``path`` had before it was moved (``git mv``), newest first: the
        renames ``git log --follow`` finds on the first-parent line up to ``end``."""
        out = self.git(
            "log", "--first-parent", "--follow", "-M", "--name-status", "--format=", end,
            "--", f":(top,literal){path}",
        )  # fmt: skip
        found: list[str] = []
        for line in out.splitlines():
            fields = line.split("\t")
            if len(fields) == 3 and fields[0].startswith("R") and fields[1] not in found:
                found.append(fields[1])
        return found

    def release_tags(self) -> dict[str, tuple[str, ...]]:
        """commit id → the release tags (:data:`RELEASE_TAG`) that name it, sorted."""
        out = self.git(
            "for-each-ref",
            "refs/tags",
            "--format=%(refname:short)%00%(objectname)%00%(*objectname)",
        )
        tags: dict[str, list[str]] = {}
        for line in out.splitlines():
            name, target, peeled = [*line.split("\0"), "", ""][:3]
            if RELEASE_TAG.match(name):
                tags.setdefault(peeled or target, []).append(name)
        return {commit: tuple(sorted(names)) for commit, names in tags.items()}

    # -- objects, through the one batch process ----------------------------------------------

    def read_object(self, oid: str, shown: str, limit: int | None = None) -> bytes:
        """The content of object ``oid`` (``shown`` names it in an error)."""
        return self._objects.read(oid, shown, limit)[1]

    def entries(self, tree_oid: str) -> dict[str, tuple[str, str]]:
        """name → (mode, object id) of one directory, by its tree id (cached)."""
        cached = self._trees.get(tree_oid)
        if cached is not None:
            return cached
        entries = tree_entries(self.read_object(tree_oid, tree_oid[:7]))
        self._trees[tree_oid] = entries
        return entries

    def lookup(self, tree_oid: str, path: str) -> tuple[str, str] | None:
        """(mode, object id) of ``path`` (relative to the tree ``tree_oid``), symbolic
        links inside the tree followed; None when there is no such entry."""
        for _ in range(_MAX_SYMLINKS):
            current, entry = tree_oid, None
            parts = [part for part in path.split("/") if part]
            for index, part in enumerate(parts):
                entry = self.entries(current).get(part)
                if entry is None:
                    return None
                if entry[0] == MODE_SYMLINK:
                    target = self.read_object(entry[1], path).decode(errors="replace")
                    joined = posixpath.normpath(
                        posixpath.join("/".join(parts[:index]), target, *parts[index + 1 :])
                    )
                    if target.startswith("/") or joined == ".." or joined.startswith("../"):
                        raise OasgateError(
                            "refusing to read a file outside the repository (symlink)",
                            file=path,
                        )
                    path = joined
                    break
                if index < len(parts) - 1:
                    if entry[0] != MODE_TREE:
                        return None
                    current = entry[1]
            else:
                return entry
        raise OasgateError("too many levels of symbolic links", file=path)

    def close(self) -> None:
        self._objects.close()


def _commit(record: str) -> Commit:
    commit_id, tree, parents, date, subject = record.split("\x1f", 4)
    return Commit(commit_id, tree, tuple(parents.split()), datetime.fromisoformat(date), subject)
