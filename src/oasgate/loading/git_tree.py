"""The source tree of a git revision: ``REV:PATH``.

Blobs of a revision of the current repository, read through one ``git cat-file --batch``
process: nothing is checked out, and no filter or hook runs. External ``$ref``s are read
at the same revision, confined to the repository (or to ``--ref-root``); symlinks are
followed inside the revision's tree only.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from oasgate.errors import OasgateError
from oasgate.loading.git_batch import (
    MODE_SUBMODULE,
    MODE_SYMLINK,
    MODE_TREE,
    CatFile,
    run_git,
    tree_entries,
)
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.sources import SourceText

_MAX_SYMLINKS = 40


class GitTree:
    """Blobs of one revision of the git repository around the current directory.

    ``REV:PATH`` follows git's own convention: ``PATH`` is relative to the top of
    the repository, or to the current directory when it starts with ``./`` or
    ``../``. External ``$ref``s are read at the same revision, confined to the
    repository at that revision (or to ``--ref-root``, a directory of the working tree
    naming the same place in the repository).
    """

    def __init__(
        self,
        spec: str,
        *,
        ref_root: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        cwd: str | None = None,
    ) -> None:
        self._spec = spec
        self._limits = limits
        self._cwd = cwd
        revision, _, path = spec.partition(":")
        self._revision = revision
        if not revision or revision.startswith("-") or not path:
            raise OasgateError("expected REV:PATH, e.g. origin/main:api/openapi.yaml", file=spec)
        top, prefix = self._git("rev-parse", "--show-toplevel", "--show-prefix").split("\n")[:2]
        self._top = Path(top)
        repo_path = posixpath.normpath(
            posixpath.join(prefix, path) if path.startswith(("./", "../")) else path
        )
        if repo_path == ".." or repo_path.startswith("../") or repo_path.startswith("/"):
            raise OasgateError("the path leaves the repository", file=spec)
        object_type = self._git("cat-file", "-t", f"{revision}:{repo_path}").strip()
        if object_type != "blob":
            raise OasgateError(f"is a {object_type} in git, not a spec file", file=spec)
        self._tree_oid = self._git("rev-parse", f"{revision}^{{tree}}").strip()
        root_dir = ""  # the whole revision: a repository's layout may reference ../schemas
        if ref_root is not None:
            root_dir = self._repo_dir(ref_root)
            if root_dir and not (repo_path + "/").startswith(root_dir + "/"):
                raise OasgateError(f"the spec is not inside --ref-root {ref_root}", file=spec)
        self._root_dir = root_dir
        self._root_key = posixpath.relpath(repo_path, root_dir or ".")
        self._trees: dict[str, dict[str, tuple[str, str]]] = {}
        self._objects = CatFile(cwd)

    @property
    def root_key(self) -> str:
        return self._root_key

    @property
    def revision(self) -> str:
        """The ``REV`` of ``REV:PATH``: every file of this tree is shown as ``REV:path``."""
        return self._revision

    @property
    def top(self) -> Path:
        """The top of the repository: the ``path`` of ``REV:path`` is relative to it."""
        return self._top

    def key_for_url(self, url: str) -> str | None:
        return None

    def _repo_dir(self, ref_root: str) -> str:
        directory = Path(self._cwd or ".", ref_root).resolve()
        try:
            relative = directory.relative_to(self._top.resolve()).as_posix()
        except ValueError:
            raise OasgateError("--ref-root is outside the git repository", file=ref_root) from None
        return "" if relative == "." else relative

    def _display(self, key: str) -> str:
        return f"{self._revision}:{posixpath.join(self._root_dir, key)}"

    def _git(self, *args: str) -> str:
        return run_git(
            *args,
            cwd=self._cwd,
            timeout=60,
            file=self._spec,
            missing="cannot read a git revision: the 'git' command is not installed",
        )

    # One `git cat-file --batch` process answers every read, by object id.
    def _object(self, oid: str, display: str, limit: int | None = None) -> tuple[str, bytes]:
        return self._objects.read(oid, display, limit)

    def _entries(self, directory: str) -> dict[str, tuple[str, str]]:
        """name → (mode, object id) of one directory of the revision."""
        cached = self._trees.get(directory)
        if cached is not None:
            return cached
        if directory == "":
            oid = self._tree_oid
        else:
            parent, _, name = directory.rpartition("/")
            entry = self._entries(parent).get(name)
            if entry is None or entry[0] != MODE_TREE:
                self._trees[directory] = {}
                return {}
            oid = entry[1]
        _, data = self._object(oid, self._spec)
        entries = tree_entries(data)
        self._trees[directory] = entries
        return entries

    def read(self, key: str) -> SourceText:
        display = self._display(key)
        repo_path = posixpath.join(self._root_dir, key) if self._root_dir else key
        for _ in range(_MAX_SYMLINKS):
            parent, _, name = repo_path.rpartition("/")
            entry = self._entries(parent).get(name)
            if entry is None:
                raise OasgateError("no such file", file=display)
            mode, oid = entry
            if mode == MODE_SYMLINK:
                _, target = self._object(oid, display)
                repo_path = self._follow(repo_path, target.decode(errors="replace"), display)
                continue
            if mode in (MODE_TREE, MODE_SUBMODULE):
                raise OasgateError("is a directory, not a spec file", file=display)
            _, data = self._object(oid, display, self._limits.max_input_bytes)
            return SourceText(key, display, data)
        raise OasgateError("too many levels of symbolic links", file=display)

    def _follow(self, link_path: str, target: str, display: str) -> str:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(link_path), target))
        inside = (
            not target.startswith("/")
            and joined != ".."
            and not joined.startswith("../")
            and (not self._root_dir or (joined + "/").startswith(self._root_dir + "/"))
        )
        if not inside:
            raise OasgateError(
                "refusing to read a file outside the spec's directory tree (symlink?)",
                file=display,
            )
        return joined
