"""``oasgate log``: the spec's history, one classified comparison per change.

The walk: the commits of the range (``git log``, oldest first), and for each one the
spec's *file set* — the blob ids of the root document and of every file its ``$ref``s
read at that commit. A commit whose blobs are those of its first parent did not change
the spec and costs a few tree reads; one that did is opened (each blob parsed once,
:class:`~oasgate.history.revision_tree.ParseCache`) and compared with its parent's state
by the engine, exactly as ``oasgate check PARENT:SPEC COMMIT:SPEC`` would — the parent's
model is the previous entry's revision, so every state is opened once. With
``--tags`` the states compared are the release tags', each with the previous one.

Merge commits are not entries (their changes are the entries of the commits they
merge) unless ``--first-parent`` walks the merges of the main line as its units.
A commit whose spec cannot be read is an entry with an ``error``; the next commit is
compared with the last state that could be read. Each entry is judged on the day it was
committed: the config is today's, the calendar the commit's (docs/history.md, D62).
"""

from __future__ import annotations

import posixpath
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from oasgate.engine import check_opened
from oasgate.errors import OasgateError
from oasgate.findings import Impact, Report, Severity, Summary
from oasgate.history.git_objects import Commit, GitObjects
from oasgate.history.revision_tree import ParseCache, RevisionTree
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.model.opening import Opening
from oasgate.model.spec import SpecModel
from oasgate.policy.settings import Config

#: ``progress(step, done, total)``, as the engine's
Progress = Callable[[str, int, "int | None"], None]
#: the spec's files at one commit: (key, blob id) pairs; None when the spec is absent
FileSet = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class LogOptions:
    """What ``oasgate log`` was asked for."""

    spec: str
    since: str | None = None
    span: str | None = None  # A..B
    tags: bool = False
    first_parent: bool = False
    breaking_only: bool = False
    ref_root: str | None = None
    limits: Limits = DEFAULT_LIMITS
    cwd: str | None = None


@dataclass(frozen=True)
class LogEntry:
    """One change of the spec: a commit (or a release tag) against the state before it."""

    commit: Commit
    previous: Commit
    report: Report | None
    error: str | None = None
    #: with ``--dates-from-git`` (None without): where the dates this entry was judged
    #: with came from — of what it removes or stops deprecating (its base's dates) and of
    #: what it deprecates
    dates: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Log:
    """The entries, oldest first, and what the walk read."""

    spec: str  # the root document's path in the repository
    start: Commit | None  # the state the first entry is compared with
    entries: tuple[LogEntry, ...]
    commits: int  # commits walked
    opened: int  # states opened (parsed and modelled)
    blobs_parsed: int


class StateWatcher(Protocol):
    """Told of every state the walk reads, and of every pair before it is compared:
    ``--dates-from-git`` keeps the deprecation dates this way (:mod:`.dates`)."""

    def state(self, commit: Commit, model: SpecModel | None) -> None:
        """``commit``'s spec is ``model``; None: the same as its first parent's."""

    def compare(
        self, before: Commit, after: Commit, base: SpecModel, revision: SpecModel
    ) -> tuple[str, ...]:
        """``base`` (at ``before``) and ``revision`` (at ``after``) are about to be
        compared; what to say of the entry's dates (:attr:`LogEntry.dates`)."""


def _silent(step: str, done: int, total: int | None) -> None:
    return None


def read_log(
    options: LogOptions,
    config: Config | None = None,
    progress: Progress | None = None,
    watcher: StateWatcher | None = None,
) -> Log:
    """The history of ``options.spec``; :class:`OasgateError` for a shallow clone, a
    missing revision or a path outside the repository."""
    walker = Walker(options, config or Config(), progress or _silent)
    walker.watcher = watcher
    try:
        return walker.run()
    finally:
        walker.objects.close()


class Walker:
    def __init__(self, options: LogOptions, config: Config, progress: Progress) -> None:
        self.options = options
        self.config = config
        self.progress = progress
        spec_file = Path(options.cwd or ".", options.spec)
        if not spec_file.parent.is_dir():
            raise OasgateError("no such directory in the working tree", file=options.spec)
        # the repository that holds the spec, wherever the command runs
        self.objects = GitObjects(str(spec_file.parent))
        self.objects.refuse_shallow()
        self.root_path = self._repo_path(options.spec, "SPEC")
        self.root_dir = "" if options.ref_root is None else self._repo_path(options.ref_root, "")
        if self.root_dir and not (self.root_path + "/").startswith(self.root_dir + "/"):
            raise OasgateError(f"the spec is not inside --ref-root {options.ref_root}")
        self.cache = ParseCache()
        self.files: dict[str, FileSet | None] = {}  # commit → its spec's file set
        self.models: OrderedDict[FileSet, SpecModel] = OrderedDict()
        self.commits: dict[str, Commit] = {}
        self.opened = 0
        self.watcher: StateWatcher | None = None
        #: the revision the walk ends at: the spec's path is followed back from there
        self.end = "HEAD"
        #: the spec's path, then the names it had before it was moved (None: not read yet)
        self._former: list[str] | None = None
        self._roots: dict[str, str] = {}  # commit id → the spec's path there

    def _repo_path(self, given: str, what: str) -> str:
        """``given`` (relative to the current directory) as a path in the repository."""
        base = Path(self.options.cwd or ".").resolve()
        absolute = (base / given).resolve()
        try:
            relative = absolute.relative_to(self.objects.top.resolve()).as_posix()
        except ValueError:
            raise OasgateError("is outside the git repository", file=given) from None
        return "" if relative == "." else posixpath.normpath(relative)

    # -- the range --------------------------------------------------------------------------

    def walked(self) -> tuple[Commit | None, list[Commit]]:
        """The state the walk starts from (None: the first commit that has the spec) and
        the commits after it, oldest first."""
        options, objects = self.options, self.objects
        start: str | None = None
        end = "HEAD"
        if options.span is not None:
            start, dots, end = options.span.partition("..")
            if not dots or not start or not end or end.startswith("."):
                raise OasgateError(f"--range {options.span!r}: write it as A..B (two revisions)")
        elif options.since is not None:
            start = options.since
        end_id = self.end = objects.commit_id(end)
        start_id = objects.commit_id(start) if start is not None else None
        walked = objects.commits(start_id, end_id, first_parent=options.first_parent)
        tags = objects.release_tags()
        walked = [replace(c, tags=tags.get(c.id, ())) for c in walked]
        first = objects.commit(start_id) if start_id is not None else None
        if first is not None:
            first = replace(first, tags=tags.get(first.id, ()))
        return first, walked

    def run(self) -> Log:
        start, walked = self.walked()
        for commit in ([start] if start else []) + walked:
            self.commits[commit.id] = commit
        entries = self._by_tags(start, walked) if self.options.tags else self._by_commits(walked)
        if self.options.breaking_only:
            entries = [e for e in (_breaking(entry) for entry in entries) if e is not None]
        return Log(
            self.root_path,
            start,
            tuple(entries),
            len(walked),
            self.opened,
            self.cache.parsed,
        )

    def _by_commits(self, walked: list[Commit]) -> list[LogEntry]:
        entries = []
        for done, commit in enumerate(walked):
            self.progress("reading the history", done, len(walked))
            if len(commit.parents) > 1 and not self.options.first_parent:
                self.file_set(commit)  # a merge: the state, not an entry
                continue
            if not commit.parents:
                self.file_set(commit)
                continue
            parent = self._commit(commit.parents[0])
            entry = self._compare(parent, commit)
            if entry is not None:
                entries.append(entry)
        self.progress("reading the history", len(walked), len(walked))
        return entries

    def _by_tags(self, start: Commit | None, walked: list[Commit]) -> list[LogEntry]:
        releases = [c for c in walked if c.tags]
        previous = start
        entries = []
        for done, commit in enumerate(releases):
            self.progress("comparing releases", done, len(releases))
            if previous is not None:
                entry = self._compare(previous, commit)
                if entry is not None:
                    entries.append(entry)
            if self.file_set(commit) is not None:
                previous = commit
        return entries

    def _commit(self, commit_id: str) -> Commit:
        known = self.commits.get(commit_id)
        if known is None:
            known = self.commits[commit_id] = self.objects.commit(commit_id)
        return known

    # -- states -----------------------------------------------------------------------------

    def file_set(self, commit: Commit) -> FileSet | None:
        """The spec's file set at ``commit`` (None when the spec is not there), opening
        the spec only when a blob of its first parent's set changed."""
        if commit.id in self.files:
            return self.files[commit.id]
        tree = self.tree_at(commit)
        if tree.blob_id(tree.root_key) is None:
            self.files[commit.id] = None
            return None
        parent_set = self.files.get(commit.parents[0]) if commit.parents else None
        if parent_set is not None and all(tree.blob_id(key) == oid for key, oid in parent_set):
            self.files[commit.id] = parent_set
            if self.watcher is not None:
                self.watcher.state(commit, None)
            return parent_set
        self._open(commit)
        return self.files[commit.id]

    def tree_at(self, commit: Commit) -> RevisionTree:
        return RevisionTree(
            self.objects,
            commit.id,
            commit.tree,
            root_path=self.root_at(commit),
            root_dir=self.root_dir,
            limits=self.options.limits,
            cache=self.cache,
        )

    def root_at(self, commit: Commit) -> str:
        """The spec's path at ``commit``: its path at the end of the walk, or — in a
        commit that lacks it — the newest of its former names (``git mv`` on the
        first-parent line, :meth:`~.GitObjects.former_paths`) that the commit has. The
        renames are asked of git once, the first time a commit lacks the path."""
        known = self._roots.get(commit.id)
        if known is None:
            known = self._roots[commit.id] = self._find_root(commit)
        return known

    def _find_root(self, commit: Commit) -> str:
        if self.objects.lookup(commit.tree, self.root_path) is not None:
            return self.root_path
        if self._former is None:
            self._former = [
                path
                for path in self.objects.former_paths(self.end, self.root_path)
                if not self.root_dir or (path + "/").startswith(self.root_dir + "/")
            ]
        for path in self._former:
            if self.objects.lookup(commit.tree, path) is not None:
                return path
        return self.root_path  # the spec is not there

    def _open(self, commit: Commit) -> SpecModel:
        """Open the spec at ``commit``: its model, and its file set recorded."""
        tree = self.tree_at(commit)
        self.opened += 1
        with Opening() as opening:
            model = opening.open(tree, limits=self.options.limits)
        files = frozenset(tree.files.items())
        self.files[commit.id] = files
        if self.watcher is not None:
            self.watcher.state(commit, model)
        self.models[files] = model
        while len(self.models) > 2:  # the parent's and the child's: a walk needs no more
            self.models.popitem(last=False)
        self.cache.keep({oid for kept in self.models for _, oid in kept})
        return model

    def _model(self, commit: Commit, files: FileSet) -> SpecModel:
        model = self.models.get(files)
        if model is None:
            model = self._open(commit)
        else:
            self.models.move_to_end(files)
        return model

    def _compare(self, before: Commit, after: Commit) -> LogEntry | None:
        """The entry for ``after`` against ``before``; None when the spec did not change
        (or is absent on either side)."""
        try:
            base_files = self.file_set(before)
        except OasgateError:
            return None  # the state before could not be read: its own entry said so
        if base_files is None:
            return None
        try:
            files = self.file_set(after)
        except OasgateError as error:
            self.files[after.id] = base_files  # the next commit is compared with the last good
            return LogEntry(after, before, None, str(error))
        if files is None or files == base_files:
            return None
        try:
            base = self._model(before, base_files)
            revision = self._model(after, files)
            watcher = self.watcher
            dates = None if watcher is None else watcher.compare(before, after, base, revision)
            with Opening() as opening:
                report = check_opened(
                    opening, base, revision, settings=self.config, today=after.date.date()
                )
        except OasgateError as error:
            return LogEntry(after, before, None, str(error))
        if not report.findings:
            return None  # the text changed, the API did not (layout, comments)
        return LogEntry(after, before, report, dates=dates)


def _breaking(entry: LogEntry) -> LogEntry | None:
    """``--breaking-only``: the entry with its breaking changes alone, or None."""
    if entry.report is None:
        return None
    kept = tuple(f for f in entry.report.findings if f.classification is Impact.BREAKING)
    if not kept:
        return None
    summary = Summary(
        error=sum(1 for f in kept if f.severity is Severity.ERROR and not f.ignored),
        warning=sum(1 for f in kept if f.severity is Severity.WARNING and not f.ignored),
        info=sum(1 for f in kept if f.severity is Severity.INFO and not f.ignored),
        ignored=sum(1 for f in kept if f.ignored),
    )
    return replace(entry, report=replace(entry.report, findings=kept, summary=summary))
