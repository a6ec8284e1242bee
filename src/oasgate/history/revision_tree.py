"""The spec's files at one commit, as a :class:`~oasgate.loading.sources.SourceTree`.

Each file is read by object id through the history's one ``git cat-file`` process
(:class:`~oasgate.history.git_objects.GitObjects`), and parsed once however many commits
hold the same blob: :class:`ParseCache` keeps the parsed data by object id, and hands
the *same* Python objects to every revision that holds a self-contained blob, so the
engine's equality test on two unchanged schema files of a multi-file spec is an
identity test.
A tree records which files it read (:attr:`RevisionTree.files`): the spec's file set at
that commit, so the next commit is known unchanged when none of those blobs changed —
without parsing anything.
"""

from __future__ import annotations

import posixpath
from typing import Any

from oasgate.errors import OasgateError
from oasgate.history.git_objects import GitObjects
from oasgate.loading.canonical import dump
from oasgate.loading.git_batch import MODE_SUBMODULE, MODE_TREE
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.parsing import ParsedText, parse_source
from oasgate.loading.refscan import ref_strings
from oasgate.loading.sources import SourceText


class ParseCache:
    """Parsed files by git object id, for the states still in use.

    Only a *self-contained* file — one whose ``$ref``s all point inside itself — is
    handed to two revisions as the same Python objects: the engine takes two identical
    subtrees as equal without following their references, which is right only when
    those references cannot reach a file that changed. A file that references others
    (the root of a multi-file spec, mostly) is parsed again for each revision that
    holds it (D61). :meth:`keep` drops every blob the given states do not hold: a log
    keeps the current state (the next entry's base) and nothing older, so memory stays
    that of two revisions however long the history."""

    def __init__(self) -> None:
        self._parsed: dict[str, ParsedText] = {}
        #: how many blobs were parsed, and how many reads the cache answered
        self.parsed = 0
        self.reused = 0

    def get(self, oid: str, source: SourceText, limits: Limits, check_nesting: bool) -> ParsedText:
        found = self._parsed.get(oid)
        if found is not None:
            self.reused += 1
            return found
        parsed = parse_source(source, limits=limits, check_nesting=check_nesting)
        self.parsed += 1
        if check_nesting and _self_contained(parsed):  # a parse with its depth check owed
            self._parsed[oid] = parsed  # is not the same result
        return parsed

    def keep(self, oids: set[str]) -> None:
        self._parsed = {oid: parsed for oid, parsed in self._parsed.items() if oid in oids}


def _self_contained(parsed: ParsedText) -> bool:
    """Whether every ``$ref`` of the file points inside it (``#/...``)."""
    text = parsed.canonical if parsed.canonical is not None else dump(parsed.data)
    return all(ref.startswith("#") for ref in ref_strings(text))


class RevisionTree:
    """The files of the spec rooted at ``root_path`` (relative to the top of the
    repository) at ``commit``, confined to ``root_dir`` (``--ref-root``; the whole
    repository when empty)."""

    def __init__(
        self,
        objects: GitObjects,
        commit: str,
        tree_oid: str,
        *,
        root_path: str,
        root_dir: str = "",
        limits: Limits = DEFAULT_LIMITS,
        cache: ParseCache | None = None,
    ) -> None:
        self._objects = objects
        self._commit = commit
        self._tree_oid = tree_oid
        self._root_dir = root_dir
        self._root_key = posixpath.relpath(root_path, root_dir or ".")
        self._limits = limits
        self._cache = cache or ParseCache()
        #: key → blob id of every file read so far: the spec's file set at this commit
        self.files: dict[str, str] = {}

    @property
    def root_key(self) -> str:
        return self._root_key

    @property
    def revision(self) -> str:
        return self._commit

    def key_for_url(self, url: str) -> str | None:
        return None

    def repo_path(self, key: str) -> str:
        return posixpath.join(self._root_dir, key) if self._root_dir else key

    def _display(self, key: str) -> str:
        return f"{self._commit[:7]}:{self.repo_path(key)}"

    def blob_id(self, key: str) -> str | None:
        """The blob of ``key`` at this commit (None when absent); a directory, a
        submodule or a link out of the tree is an error naming the file."""
        entry = self._objects.lookup(self._tree_oid, self.repo_path(key))
        if entry is None:
            return None
        mode, oid = entry
        if mode in (MODE_TREE, MODE_SUBMODULE):
            raise OasgateError("is a directory, not a spec file", file=self._display(key))
        return oid

    def read(self, key: str) -> SourceText:
        display = self._display(key)
        if self._root_dir and not (self.repo_path(key) + "/").startswith(self._root_dir + "/"):
            raise OasgateError("refusing to read a file outside --ref-root", file=display)
        oid = self.blob_id(key)
        if oid is None:
            raise OasgateError("no such file", file=display)
        data = self._objects.read_object(oid, display, self._limits.max_input_bytes)
        self.files[key] = oid
        return SourceText(key, display, data)

    def parse(self, source: SourceText, *, limits: Limits, check_nesting: bool = True) -> Any:
        """Parse ``source`` — or hand back the parse of the same blob at another commit."""
        oid = self.files.get(source.key)
        if oid is None:
            return parse_source(source, limits=limits, check_nesting=check_nesting)
        return self._cache.get(oid, source, limits, check_nesting)
