"""The source tree a command-line argument names: ``-``, a URL, ``REV:PATH`` or a path.

- ``-`` — :class:`~oasgate.loading.local_trees.StdinTree`: one document, no external
  references;
- ``http(s)://`` with ``--allow-remote`` — :class:`~oasgate.loading.url_tree.UrlTree`:
  relative references are fetched from the same origin, below the root document's
  directory;
- ``REV:PATH`` — :class:`~oasgate.loading.git_tree.GitTree`: blobs of a revision of the
  current repository, read through one ``git cat-file --batch`` process (nothing is
  checked out, no filter or hook runs);
- anything else — :class:`~oasgate.loading.local_trees.FileTree`: files on disk inside the
  git working tree that holds the root document (else below its directory), or below
  ``--ref-root``.

An existing file wins over the other readings of its name.
"""

from __future__ import annotations

import os
import re

from oasgate.errors import OasgateError
from oasgate.loading.git_tree import GitTree
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.local_trees import FileTree, StdinTree
from oasgate.loading.sources import SourceTree
from oasgate.loading.url_tree import UrlTree

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def looks_like_url(spec: str) -> bool:
    return _URL.match(spec) is not None


def looks_like_git_revision(spec: str) -> bool:
    """``REV:PATH`` — unless a file of that name exists (an existing file wins)."""
    return (
        ":" in spec
        and not os.path.lexists(spec)
        and not looks_like_url(spec)
        and not _WINDOWS_DRIVE.match(spec)
        and not spec.startswith(":")
    )


def open_tree(
    spec: str,
    *,
    ref_root: str | None = None,
    allow_remote: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> SourceTree:
    """The source tree for a command-line argument: a path, ``-``, ``REV:PATH`` or a URL."""
    if spec == "-":
        return StdinTree(limits=limits)
    if looks_like_url(spec) and not os.path.lexists(spec):
        if not spec.lower().startswith(("http://", "https://")):
            raise OasgateError("only http:// and https:// URLs can be read", file=spec)
        if not allow_remote:
            raise OasgateError(
                "reading a URL needs --allow-remote (network access is off by default)",
                file=spec,
            )
        if ref_root is not None:
            raise OasgateError("--ref-root applies to files and git revisions, not URLs")
        return UrlTree(spec, limits=limits)
    if looks_like_git_revision(spec):
        return GitTree(spec, ref_root=ref_root, limits=limits)
    return FileTree(spec, ref_root=ref_root, limits=limits)
