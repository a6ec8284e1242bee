"""Lifecycle dates read from the history, for specs that do not write them down.

Most specs deprecate with ``deprecated: true`` and no date, so the deprecation window
cannot be enforced on them from the document alone. The history knows: the committer
date of the first commit, on the first-parent line up to the base revision, from which
an operation has been deprecated is its deprecation date (an operation removed and
brought back starts again: the date is that of its latest uninterrupted stretch), and
the first commit that had an operation is its release date. A deprecation with no
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
from oasgate.history.git_objects import Commit
from oasgate.history.walk import LogOptions, Walker
from oasgate.loading.document import encode_pointer
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.model.objects import Operation
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
    ref_root: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cwd: str | None = None,
) -> HistoryDates:
    """The dates of ``spec`` (a path of the working tree) up to ``revision``, on its
    first-parent line; a shallow clone or an unknown revision is an error (exit 2)."""
    options = LogOptions(
        spec, span=None, first_parent=True, ref_root=ref_root, limits=limits, cwd=cwd
    )
    walker = Walker(options, Config(), lambda step, done, total: None)
    dates = HistoryDates()
    live: set[str] = set()

    def record(commit: Commit, model: SpecModel) -> None:
        day = Dated(commit.date.date(), commit.short)
        if dates.api is None:
            dates.api = day
        present: set[str] = set()
        for operation in _operations(model):
            label = operation.label
            present.add(label)
            dates.released.setdefault(label, day)
            if _deprecated(operation):
                if label not in live:
                    dates.deprecated[label] = day
                    live.add(label)
            elif label in live:
                live.discard(label)
                dates.deprecated.pop(label, None)
        for gone in live - present:
            live.discard(gone)
            dates.deprecated.pop(gone, None)

    walker.on_open = record
    try:
        end = walker.objects.commit_id(revision)
        for commit in walker.objects.commits(None, end, first_parent=True):
            walker.commits[commit.id] = commit
            try:
                walker.file_set(commit)
            except OasgateError:
                continue  # a commit whose spec cannot be read says nothing about dates
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
