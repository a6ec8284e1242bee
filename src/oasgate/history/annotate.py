"""Lifecycle dates from the history, as values, and written into opened documents.

A date read from git (:class:`Dated`: a day and the commit it came from) reaches the
lifecycle policy by being written into the element's ``x-lifecycle`` where the spec
says nothing — ``deprecated``, an implied ``sunset`` (that date plus the deprecation
window) and, for the status table, ``released`` — on both sides for an operation both
documents have, so the comparison sees the same annotation on each side and the
unchanged policy judges with dates (docs/history.md, D63). :mod:`.dates` reads the dates
for ``check`` and ``status``; :mod:`.walk` keeps them as it walks for ``log``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from oasgate.findings import Diagnostic, Location, Severity
from oasgate.history.elements import (
    Element,
    deprecated_elements,
    deprecated_value,
    operations,
)
from oasgate.loading.document import Node, encode_pointer
from oasgate.model.objects import Operation
from oasgate.model.spec import SpecModel
from oasgate.policy.dates import Duration
from oasgate.policy.settings import Config
from oasgate.policy.status import RETIRING, Annotation, read_annotation


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
    when it first appeared; per parameter or property label (:mod:`.elements`): since
    when it has been deprecated; ``api`` is when the spec itself first appeared."""

    deprecated: dict[str, Dated] = field(default_factory=dict)
    elements: dict[str, Dated] = field(default_factory=dict)
    released: dict[str, Dated] = field(default_factory=dict)
    api: Dated | None = None


def deprecated(operation: Operation) -> bool:
    return deprecated_value(operation.node.value)


def apply_dates(
    base: SpecModel,
    revision: SpecModel | None,
    dates: HistoryDates,
    config: Config,
    *,
    releases: bool | None = None,
    found: Mapping[str, Element] | None = None,
) -> tuple[Diagnostic, ...]:
    """Write the history's dates into the lifecycle annotations of ``base`` (and of the
    same operations of ``revision``) where they say nothing; the notices that say where
    each date came from. Release dates are written only for the status table (by
    default when there is no revision): a comparison judges deprecations and sunsets.
    ``found``: the deprecated elements of ``base``, when the caller has them already."""
    releases = revision is None if releases is None else releases
    window: Duration = config.policy.deprecation_window
    others = {op.label: op for op in operations(revision)} if revision is not None else {}
    notices: list[Diagnostic] = []
    for operation in operations(base):
        label = operation.label
        annotation = read_annotation(operation.node.value)
        added: dict[str, Any] = {}
        said: list[str] = []
        released = dates.released.get(label) if releases else None
        if annotation.released is None and released is not None:
            added["released"] = released.day.isoformat()
            said.append(f"released {released.origin()}")
        _deprecation(annotation, dates.deprecated.get(label), window, added, said)
        if not added:
            continue
        for side in (operation, others.get(label)):
            if side is not None and isinstance(side.node.value, dict):
                _annotate(side.node.value, added)
        notices.append(_notice(base, operation.node, label, said))
    if not releases:  # the status table lists operations alone
        notices += _elements(base, revision, dates, window, found)
    info = base.document.root.value.get("info")
    if (
        releases
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


def _elements(
    base: SpecModel,
    revision: SpecModel | None,
    dates: HistoryDates,
    window: Duration,
    found: Mapping[str, Element] | None,
) -> list[Diagnostic]:
    """Parameters and schema properties (:mod:`.elements`) dated like operations: in
    ``base``, and in ``revision`` where the same element is still deprecated."""
    if not dates.elements:
        return []  # nothing but operations deprecated in the history: no walk
    others = deprecated_elements(revision) if revision is not None else {}
    notices: list[Diagnostic] = []
    for label, element in (deprecated_elements(base) if found is None else found).items():
        added: dict[str, Any] = {}
        said: list[str] = []
        annotation = read_annotation(element.node.value)
        _deprecation(annotation, dates.elements.get(label), window, added, said)
        if not added:
            continue
        other = others.get(label)
        for node in (element.node, other.node if other is not None else None):
            if node is not None and isinstance(node.value, dict):
                _annotate(node.value, added)
        notices.append(_notice(base, element.node, label, said))
    return notices


def _deprecation(
    annotation: Annotation,
    deprecated: Dated | None,
    window: Duration,
    added: dict[str, Any],
    said: list[str],
) -> None:
    """The deprecation date and implied sunset of a deprecated element the spec does not
    date, into ``added`` (what to write) and ``said`` (where each came from)."""
    if annotation.status not in RETIRING or deprecated is None:
        return
    if annotation.deprecation_day is None:
        added["deprecated"] = deprecated.day.isoformat()
        said.append(f"deprecated since {deprecated.origin()}")
    if annotation.sunset is None:
        since = annotation.deprecation_day or deprecated.day
        sunset = window.after(since)
        added["sunset"] = sunset.isoformat()
        said.append(f"implied sunset {sunset.isoformat()} ({window} after deprecation)")


def _notice(base: SpecModel, node: Node, label: str, said: list[str]) -> Diagnostic:
    """Where the dates of an element came from, in the report."""
    return Diagnostic(
        "date-from-git",
        f"{label}: {'; '.join(said)}",
        Location(base.document.display_name(node.file), encode_pointer(node.pointer)),
        Severity.INFO,
    )


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
