"""What the load stage reads: a file's bytes and name (:class:`SourceText`), and the
:class:`SourceTree` that reads them by key.

A :class:`SourceTree` reads the root document and every file its external
``$ref``s name, as *keys*: normalised posix paths relative to the tree's root
directory. It never reads outside that directory: the tool runs on untrusted
pull requests, so ``../../etc/passwd``, absolute paths and symlinks that leave
the tree are refused (:func:`join_ref_path` refuses what a ``$ref`` can write; each tree
refuses the rest), and so are FIFOs and devices a ``$ref`` might name.

The trees are in :mod:`~oasgate.loading.local_trees` (files, standard input),
:mod:`~oasgate.loading.git_tree` (``REV:PATH``) and :mod:`~oasgate.loading.url_tree`
(URLs); :func:`oasgate.loading.trees.open_tree` picks one for a command-line argument.
Every read is bounded by :class:`oasgate.loading.limits.Limits` (size per file; the
number and total size of files are counted by :class:`oasgate.loading.document.Document`).
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from oasgate.errors import OasgateError


@dataclass(frozen=True)
class SourceText:
    """The content of one file and the name to show for it.

    The raw bytes are kept: JSON is parsed from them directly (orjson validates UTF-8
    itself), and the decoded text is only built when YAML parsing or a source position
    needs it — decoding an 11 MB spec costs a third of parsing it.
    """

    key: str  # normalised path relative to the tree root, posix separators
    display: str  # what reports print, e.g. "api/openapi.yaml"
    raw: bytes

    @cached_property
    def text(self) -> str:
        return decode(self.raw, self.display)


class SourceTree(Protocol):
    """Reads the root document and files relative to it."""

    @property
    def root_key(self) -> str: ...

    def read(self, key: str) -> SourceText: ...

    def key_for_url(self, url: str) -> str | None:
        """The key of an absolute URL written in a ``$ref``, if this tree may read it."""
        ...


def canonical_key_of(tree: SourceTree, key: str) -> str:
    """The one key of the file ``key`` names (see
    :meth:`~oasgate.loading.local_trees.FileTree.canonical_key`); trees without the method
    (git blobs, URLs, trees of the API's users) keep keys as written."""
    canonical = getattr(tree, "canonical_key", None)
    return key if canonical is None else str(canonical(key))


_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")


def join_ref_path(from_key: str, ref_path: str, *, root_display: str) -> str:
    """Resolve ``ref_path`` relative to the file ``from_key``; refuse escapes from the tree."""
    if ref_path.startswith(("/", "\\")) or (len(ref_path) > 1 and ref_path[1] == ":"):
        raise OasgateError(
            f"$ref '{ref_path}' is an absolute path; only files inside the spec's tree may be read",
            file=root_display,
        )
    if _CONTROL_CHARACTER.search(ref_path):
        raise OasgateError(f"$ref {ref_path!r} contains control characters", file=root_display)
    joined = _joined(posixpath.dirname(from_key), ref_path)
    if joined == ".." or joined.startswith("../"):
        raise OasgateError(
            f"$ref '{ref_path}' points outside the spec's directory tree",
            file=root_display,
            hint="use --ref-root DIR to allow a wider tree",
        )
    return joined


@functools.lru_cache(maxsize=65_536)
def _joined(directory: str, ref_path: str) -> str:
    # Multi-file specs repeat the same relative $ref from many files of one directory.
    return posixpath.normpath(posixpath.join(directory, ref_path))


def decode(data: bytes, display: str) -> str:
    """UTF-8 (a byte-order mark is allowed), as OpenAPI documents are."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        guess = ""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess = "; it looks like UTF-16, convert it to UTF-8"
        raise OasgateError(
            f"not UTF-8 text (byte {error.start}){guess}; OpenAPI documents must be UTF-8",
            file=display,
            line=line,
        ) from None
