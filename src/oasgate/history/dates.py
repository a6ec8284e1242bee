"""Lifecycle dates read from the history, for specs that do not write them down.

Most specs deprecate with ``deprecated: true`` and no date, so the deprecation window
cannot be enforced on them from the document alone. The history knows: the committer
date of the first commit, on the first-parent line up to the base revision, from which
an operation has been deprecated is its deprecation date (an operation removed and
brought back starts again: the date is that of its latest uninterrupted stretch), and
the first commit of its latest uninterrupted presence is its release date. The line is
walked backwards from the base revision and stops as soon as every date is known. A
deprecation with no sunset gets an implied one: that date plus the deprecation window,
so removal from then on is allowed and before it is not (docs/history.md, D63).

The dates are written into the opened documents by :mod:`.annotate`; each date used is
reported as a notice saying where it came from ("deprecated since 2025-03-01, commit
abc1234").
"""

from __future__ import annotations

from pathlib import Path

from oasgate.errors import OasgateError
from oasgate.history.annotate import Dated, HistoryDates, apply_dates, deprecated
from oasgate.history.elements import deprecated_elements, operations
from oasgate.history.git_objects import Commit
from oasgate.history.walk import LogOptions, Walker
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.model.opening import Opening
from oasgate.model.spec import SpecModel
from oasgate.policy.settings import Config


def read_dates(
    spec: str,
    revision: str,
    *,
    releases: bool = False,
    elements: bool = True,
    ref_root: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cwd: str | None = None,
) -> HistoryDates:
    """The dates of ``spec`` (a path of the working tree) at ``revision``, read on its
    first-parent line; a shallow clone or an unknown revision is an error (exit 2).

    The line is walked backwards from ``revision``, and only as far as needed: an
    operation's deprecation date is the oldest commit of the run of commits, ending at
    ``revision``, in which it is deprecated, so the walk stops once every deprecated
    operation's run has ended (with ``elements``, every deprecated parameter's and
    property's too, :mod:`.elements`) (with ``releases``, once every operation's presence has
    ended too). A commit whose spec's blobs are those of the later one costs a few tree
    reads; only a changed state is opened."""
    options = LogOptions(spec, first_parent=True, ref_root=ref_root, limits=limits, cwd=cwd)
    walker = Walker(options, Config(), lambda step, done, total: None)
    dates = HistoryDates()
    try:
        end = walker.end = walker.objects.commit_id(revision)
        line = walker.objects.commits(None, end, first_parent=True)
        files: frozenset[tuple[str, str]] | None = None
        state: dict[str, bool] = {}  # operation label → deprecated, at the state in hand
        retiring: set[str] = set()  # the parameters and properties deprecated there
        tracing_deprecated: set[str] | None = None
        tracing_elements: set[str] = set()
        tracing_released: set[str] | None = None
        tracing_api = releases
        for commit in reversed(line):
            tree = walker.tree_at(commit)
            present = tree.blob_id(tree.root_key) is not None
            unchanged = (
                files is not None
                and present
                and all(tree.blob_id(key) == oid for key, oid in files)
            )
            if not unchanged:
                if not present:
                    state, retiring, files = {}, set(), None
                else:
                    try:
                        with Opening() as opening:
                            model = opening.open(tree, limits=limits)
                    except OasgateError:
                        continue  # a commit whose spec cannot be read says nothing
                    files = frozenset(tree.files.items())
                    state = {op.label: deprecated(op) for op in operations(model)}
                    if elements:
                        retiring = set(deprecated_elements(model))
            day = Dated(commit.date.date(), commit.short)
            if tracing_deprecated is None:  # the revision itself
                tracing_deprecated = {label for label, old in state.items() if old}
                tracing_released = set(state) if releases else set()
                tracing_elements = set(retiring)
            assert tracing_released is not None
            tracing_deprecated = {label for label in tracing_deprecated if state.get(label)}
            for label in tracing_deprecated:
                dates.deprecated[label] = day
            tracing_elements &= retiring
            for label in tracing_elements:
                dates.elements[label] = day
            tracing_released = {label for label in tracing_released if label in state}
            for label in tracing_released:
                dates.released[label] = day
            tracing_api = tracing_api and present  # the spec's own run of presence
            if tracing_api:
                dates.api = day
            if not (tracing_deprecated or tracing_elements or tracing_released or tracing_api):
                break
    finally:
        walker.objects.close()
    return dates


class DatesInLog:
    """``oasgate log --dates-from-git``: each entry's base dated as ``check
    --dates-from-git`` would date it, kept as the walk goes rather than read again per
    entry. A state's deprecation dates are its first parent's for the operations still
    deprecated, and its own commit's for those it deprecates; the first state's parent
    is read backwards once (:func:`read_dates`). The dates of a log's entries are not
    listed as notices (``check --dates-from-git`` of a pair says where each came from)."""

    def __init__(self, options: LogOptions, config: Config) -> None:
        self._options = options
        self._config = config
        #: commit id → operation label → since when it has been deprecated; and the same
        #: for parameters and properties (labels of :mod:`.elements`)
        self._since: dict[str, tuple[dict[str, Dated], dict[str, Dated]]] = {}
        #: commit id → label → what its note says of where the dates came from
        self._notes: dict[str, dict[str, str]] = {}
        self._said: dict[tuple[str, Dated], str] = {}  # (label, date) → its note

    def state(self, commit: Commit, model: SpecModel | None) -> None:
        """Date ``commit``'s state, and write the dates into its model: each model
        carries its own commit's dates, so an operation deprecated on both sides of an
        entry has the same dates on both, and one deprecated by the entry is dated by it."""
        since = self._since.get(commit.id)
        found = None
        if since is None:
            parent = self._parent(commit)
            if model is None:
                since = parent
            else:
                day = Dated(commit.date.date(), commit.short)
                found = deprecated_elements(model)
                since = (
                    {
                        op.label: parent[0].get(op.label, day)
                        for op in operations(model)
                        if deprecated(op)
                    },
                    {label: parent[1].get(label, day) for label in found},
                )
            self._since[commit.id] = since
        if model is None:
            self._notes[commit.id] = self._notes.get(commit.parents[0], {})
        else:  # opened now (or again: the walk keeps two models)
            dates = HistoryDates(deprecated=dict(since[0]), elements=dict(since[1]))
            notices = apply_dates(model, None, dates, self._config, releases=False, found=found)
            for label, day in (*since[0].items(), *since[1].items()):
                for notice in notices:
                    if notice.message.startswith(label + ": "):
                        self._said[label, day] = notice.message
            # a blob shared with an earlier state is parsed once, so its elements
            # already carry the dates written then: what was said of them then holds
            self._notes[commit.id] = {
                label: self._said[label, day]
                for label, day in (*since[0].items(), *since[1].items())
                if (label, day) in self._said
            }

    def _parent(self, commit: Commit) -> tuple[dict[str, Dated], dict[str, Dated]]:
        if not commit.parents:
            return {}, {}
        known = self._since.get(commit.parents[0])
        if known is None:  # the walk starts after it: read its history once
            options = self._options
            try:
                read = read_dates(
                    str(Path(options.cwd or ".", options.spec)),
                    commit.parents[0],
                    ref_root=options.ref_root,
                    limits=options.limits,
                )
                known = (read.deprecated, read.elements)
            except OasgateError:
                known = {}, {}  # no spec there (or unreadable): nothing was deprecated
            self._since[commit.parents[0]] = known
        return known

    def compare(
        self, before: Commit, after: Commit, base: SpecModel, revision: SpecModel
    ) -> tuple[str, ...]:
        """Where the dates of what the entry changes came from: each model was dated
        when it was opened; an element deprecated on both sides with the same date is
        not the entry's business, one that ``after`` removes or stops deprecating is
        judged with ``before``'s date, one it deprecates is dated by ``after``."""
        old = self._since.get(before.id, ({}, {}))
        new = self._since.get(after.id, ({}, {}))
        said: dict[str, str] = {}
        for was, now in zip(old, new, strict=True):
            for label in was.keys() | now.keys():
                if was.get(label) == now.get(label):
                    continue
                notes = self._notes.get(before.id if label in was else after.id, {})
                if label in notes:
                    said[label] = notes[label]
        return tuple(said[label] for label in sorted(said))
