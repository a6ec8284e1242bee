"""Lifecycle dates read from the history, for specs that do not write them down.

Most specs deprecate with ``deprecated: true`` and no date, so the deprecation window
cannot be enforced on them from the document alone. The history knows: the committer
date of the first commit, on the first-parent line up to the base revision, from which
an operation has been deprecated is its deprecation date (an operation removed and
brought back starts again: the date is that of its latest uninterrupted stretch), and
the first commit of its latest uninterrupted presence is its release date. The line is
walked backwards from the base revision and stops as soon as every date is known. A deprecation with no
sunset gets an implied one: that date plus the deprecation window, so removal from
then on is allowed and before it is not (docs/history.md, D63).

The dates are written into the lifecycle annotations of the opened documents
(``x-lifecycle.deprecated``/``sunset``/``released``) where the spec says nothing, on
both sides for an element both have, so the comparison sees the same annotation on
each side and the lifecycle policy judges with dates; each date used is reported as a
notice saying where it came from ("deprecated since 2025-03-01, commit abc1234").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Location, Severity
from oasgate.history.walk import LogOptions, Walker
from oasgate.loading.document import encode_pointer
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.model.objects import Operation
from oasgate.model.opening import Opening
from oasgate.model.spec import SpecModel
from oasgate.policy.dates import Duration
from oasgate.policy.settings import Config
from oasgate.policy.status import RETIRING, read_annotation


@dataclass(frozen=True)
class Dated:
    """A date read from the history, and the commit it came from."""

    day: dt.date
    commit: str  # short id

    def origin(self) -> str:
        return f"{self.day.isoformat()}, commit {self.commit}"


@dataclass
class HistoryDates:
    """Per operation label (``GET /pets``): since when it has been deprecated, and
    when it first appeared; ``api`` is when the spec itself first appeared."""

    deprecated: dict[str, Dated] = field(default_factory=dict)
    released: dict[str, Dated] = field(default_factory=dict)
    api: Dated | None = None


def _operations(model: SpecModel) -> Iterator[Operation]:
    for path, item in model.all_path_items():
        yield from model.operations(path, item).values()


def _deprecated(operation: Operation) -> bool:
    return read_annotation(operation.node.value).status in RETIRING


def read_dates(
    spec: str,
    revision: str,
    *,
    releases: bool = False,
    ref_root: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cwd: str | None = None,
) -> HistoryDates:
    """The dates of ``spec`` (a path of the working tree) at ``revision``, read on its
    first-parent line; a shallow clone or an unknown revision is an error (exit 2).

    The line is walked backwards from ``revision``, and only as far as needed: an
    operation's deprecation date is the oldest commit of the run of commits, ending at
    ``revision``, in which it is deprecated, so the walk stops once every deprecated
    operation's run has ended (with ``releases``, once every operation's presence has
    ended too). A commit whose spec's blobs are those of the later one costs a few tree
    reads; only a changed state is opened."""
    options = LogOptions(spec, first_parent=True, ref_root=ref_root, limits=limits, cwd=cwd)
    walker = Walker(options, Config(), lambda step, done, total: None)
    dates = HistoryDates()
    try:
        end = walker.objects.commit_id(revision)
        line = walker.objects.commits(None, end, first_parent=True)
        files: frozenset[tuple[str, str]] | None = None
        state: dict[str, bool] = {}  # operation label → deprecated, at the state in hand
        tracing_deprecated: set[str] | None = None
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
                    state, files = {}, None
                else:
                    try:
                        with Opening() as opening:
                            model = opening.open(tree, limits=limits)
                    except OasgateError:
                        continue  # a commit whose spec cannot be read says nothing
                    files = frozenset(tree.files.items())
                    state = {op.label: _deprecated(op) for op in _operations(model)}
            day = Dated(commit.date.date(), commit.short)
            if tracing_deprecated is None:  # the revision itself
                tracing_deprecated = {label for label, old in state.items() if old}
                tracing_released = set(state) if releases else set()
            assert tracing_released is not None
            tracing_deprecated = {label for label in tracing_deprecated if state.get(label)}
            for label in tracing_deprecated:
                dates.deprecated[label] = day
            tracing_released = {label for label in tracing_released if label in state}
            for label in tracing_released:
                dates.released[label] = day
            tracing_api = tracing_api and present  # the spec's own run of presence
            if tracing_api:
                dates.api = day
            if not tracing_deprecated and not tracing_released and not tracing_api:
                break
    finally:
        walker.objects.close()
    return dates


def apply_dates(
    base: SpecModel, revision: SpecModel | None, dates: HistoryDates, config: Config
) -> tuple[Diagnostic, ...]:
    """Write the history's dates into the lifecycle annotations of ``base`` (and of the
    same operations of ``revision``) where they say nothing; the notices that say where
    each date came from. Release dates are written only when there is no revision (the
    status table): a comparison judges deprecations and sunsets, not releases."""
    window: Duration = config.policy.deprecation_window
    others = {op.label: op for op in _operations(revision)} if revision is not None else {}
    notices: list[Diagnostic] = []
    for operation in _operations(base):
        label = operation.label
        annotation = read_annotation(operation.node.value)
        added: dict[str, Any] = {}
        said: list[str] = []
        released = dates.released.get(label) if revision is None else None
        if annotation.released is None and released is not None:
            added["released"] = released.day.isoformat()
            said.append(f"released {released.origin()}")
        deprecated = dates.deprecated.get(label)
        if annotation.status in RETIRING and deprecated is not None:
            if annotation.deprecation_day is None:
                added["deprecated"] = deprecated.day.isoformat()
                said.append(f"deprecated since {deprecated.origin()}")
            if annotation.sunset is None:
                since = annotation.deprecation_day or deprecated.day
                sunset = window.after(since)
                added["sunset"] = sunset.isoformat()
                said.append(f"implied sunset {sunset.isoformat()} ({window} after deprecation)")
        if not added:
            continue
        for side in (operation, others.get(label)):
            if side is not None and isinstance(side.node.value, dict):
                _annotate(side.node.value, added)
        notices.append(  # where the dates came from, in the report
            Diagnostic(
                "date-from-git",
                f"{label}: {'; '.join(said)}",
                Location(
                    base.document.display_name(operation.node.file),
                    encode_pointer(operation.node.pointer),
                ),
                Severity.INFO,
            )
        )
    info = base.document.root.value.get("info")
    if (
        revision is None
        and dates.api is not None
        and isinstance(info, dict)
        and read_annotation(info).released is None
    ):
        _annotate(info, {"released": dates.api.day.isoformat()})
        notices.append(
            Diagnostic(
                "date-from-git",
                f"the API: released {dates.api.origin()}",
                Location(base.document.root_display, "/info"),
                Severity.INFO,
            )
        )
    return tuple(notices)


def _annotate(value: dict[str, Any], added: dict[str, Any]) -> None:
    """Add the dates to the element's ``x-lifecycle`` (created when absent) without
    replacing anything the spec says."""
    lifecycle = value.get("x-lifecycle")
    if not isinstance(lifecycle, dict):
        lifecycle = {}
        if read_annotation(value).status in RETIRING:
            lifecycle["status"] = "deprecated"
        value["x-lifecycle"] = lifecycle
    for key, day in added.items():
        lifecycle.setdefault(key, day)
