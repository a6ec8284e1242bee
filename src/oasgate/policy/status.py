"""Lifecycle status: what each element of a spec says about itself, and the status that
applies to any place in a document (docs/lifecycle.md).

An element (an operation, a parameter, a schema property, a path item, the API version
in ``info``) *annotates* itself with an ``x-lifecycle`` object
``{status, since, released, deprecated, sunset, successor}``, or with the older flags
``deprecated: true``, ``x-stability-level`` and ``x-sunset``. The status that applies to
a place is the most specific annotation that says anything, walking outwards:

1. the element's own ``x-lifecycle``, then its flags; then the enclosing elements' (a
   property inside a property, the parameter, the operation, the path item), each
   ``x-lifecycle`` before its flags;
2. the document's ``info.x-lifecycle`` (the status of this API version);
3. the config's ``lifecycle:`` map from path globs to status;
4. ``stable``.

Dates missing on the deciding annotation are inherited from the nearest enclosing
annotation that is deprecated or end-of-life (an operation of a version that sunsets on
a date sunsets on that date too). See ``docs/lifecycle.md`` and ``docs/decisions.md``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from msgspec import Struct

from oasgate.globs import Glob
from oasgate.loading.refscan import LIFECYCLE_KEYS
from oasgate.policy.dates import DateError, LifecycleDate, parse_day


class Status(str, enum.Enum):
    DEVELOPMENT = "development"
    BETA = "beta"
    STABLE = "stable"
    DEPRECATED = "deprecated"
    END_OF_LIFE = "end-of-life"

    @property
    def order(self) -> int:
        """Position in the one direction statuses move: development → … → end-of-life."""
        return _ORDER[self]

    @property
    def display(self) -> str:
        """How the status table names it (the seed's spelling)."""
        return _TITLES[self]


_ORDER = {s: i for i, s in enumerate(Status)}
_TITLES = {
    Status.DEVELOPMENT: "Development",
    Status.BETA: "Beta",
    Status.STABLE: "Stable",
    Status.DEPRECATED: "Deprecated",
    Status.END_OF_LIFE: "End-of-Life",
}

STATUS_ALIASES: dict[str, Status] = {
    "development": Status.DEVELOPMENT,
    "experimental": Status.DEVELOPMENT,
    "draft": Status.DEVELOPMENT,
    "alpha": Status.DEVELOPMENT,
    "beta": Status.BETA,
    "stable": Status.STABLE,
    "deprecated": Status.DEPRECATED,
    "end-of-life": Status.END_OF_LIFE,
    "end of life": Status.END_OF_LIFE,
    "sunset": Status.END_OF_LIFE,
    "retired": Status.END_OF_LIFE,
}

RETIRING = frozenset({Status.DEPRECATED, Status.END_OF_LIFE})


def parse_status(value: Any) -> Status | None:
    if not isinstance(value, str):
        return None
    return STATUS_ALIASES.get(value.strip().lower())


class Problem(Struct, frozen=True):
    """An annotation value oasgate cannot read (reported as a finding, never a crash)."""

    field: str  # e.g. "x-lifecycle.sunset", "x-stability-level"
    value: str
    reason: str
    pointer: tuple[str, ...]  # where it is written, relative to the element


class Annotation(Struct, frozen=True):
    """What one element says about its own lifecycle."""

    status: Status | None = None
    #: the key the status came from, relative to the element (for locations and messages)
    status_key: tuple[str, ...] = ()
    since: LifecycleDate | None = None
    released: LifecycleDate | None = None
    deprecated: LifecycleDate | None = None
    sunset: LifecycleDate | None = None
    sunset_key: tuple[str, ...] = ()
    successor: str | None = None
    problems: tuple[Problem, ...] = ()
    #: the raw annotation values, to tell whether base and revision say the same
    raw: tuple[Any, ...] = ()

    @property
    def says_anything(self) -> bool:
        return self.status is not None

    @property
    def deprecation_day(self) -> dt.date | None:
        """When the deprecation began: ``deprecated``, else ``since`` of a deprecated status."""
        if self.deprecated is not None:
            return self.deprecated.day
        if self.status in RETIRING and self.since is not None:
            return self.since.day
        return None


EMPTY = Annotation()
_LIFECYCLE_KEY_SET = frozenset(LIFECYCLE_KEYS)


def read_annotation(value: Any) -> Annotation:
    """The lifecycle annotation an element carries on itself (``EMPTY`` when none)."""
    if not isinstance(value, Mapping) or _LIFECYCLE_KEY_SET.isdisjoint(value):
        return EMPTY  # most elements: a set test in C, no tuple built
    raw = tuple(value.get(key) for key in LIFECYCLE_KEYS)
    if not any(item is not None for item in raw):
        return EMPTY
    problems: list[Problem] = []

    def day(
        container: Mapping[str, Any], key: str, path: tuple[str, ...], *, month: bool = False
    ) -> LifecycleDate | None:
        written = container.get(key)
        if written is None:
            return None
        try:
            return parse_day(written, allow_month=month)
        except DateError as error:
            problems.append(Problem(".".join(path), str(written), str(error), path))
            return None

    status: Status | None = None
    status_key: tuple[str, ...] = ()
    since = released = deprecated = sunset = None
    sunset_key: tuple[str, ...] = ()
    successor: str | None = None
    lifecycle = value.get("x-lifecycle")
    if isinstance(lifecycle, Mapping):
        written = lifecycle.get("status")
        if written is not None:
            status = parse_status(written)
            status_key = ("x-lifecycle", "status")
            if status is None:
                problems.append(
                    Problem(
                        "x-lifecycle.status",
                        str(written),
                        "unknown lifecycle status",
                        ("x-lifecycle", "status"),
                    )
                )
        since = day(lifecycle, "since", ("x-lifecycle", "since"))
        released = day(lifecycle, "released", ("x-lifecycle", "released"), month=True)
        deprecated = day(lifecycle, "deprecated", ("x-lifecycle", "deprecated"))
        sunset = day(lifecycle, "sunset", ("x-lifecycle", "sunset"))
        if sunset is not None or "sunset" in lifecycle:
            sunset_key = ("x-lifecycle", "sunset")
        if isinstance(lifecycle.get("successor"), str):
            successor = lifecycle["successor"]
        if status is None and (deprecated is not None or sunset is not None):
            status, status_key = Status.DEPRECATED, ("x-lifecycle",)
    elif lifecycle is not None:
        problems.append(
            Problem(
                "x-lifecycle", str(lifecycle), "x-lifecycle must be an object", ("x-lifecycle",)
            )
        )
    if sunset is None and value.get("x-sunset") is not None:
        sunset = day(value, "x-sunset", ("x-sunset",))
        sunset_key = ("x-sunset",)
    if status is None and value.get("deprecated") is True:
        status, status_key = Status.DEPRECATED, ("deprecated",)
    stability = value.get("x-stability-level")
    if stability is not None:
        level = parse_status(stability)
        if level is None:
            problems.append(
                Problem(
                    "x-stability-level",
                    str(stability),
                    "unknown stability level",
                    ("x-stability-level",),
                )
            )
        elif status is None:
            status, status_key = level, ("x-stability-level",)
    if status is None and sunset is not None:
        status, status_key = Status.DEPRECATED, sunset_key
    return Annotation(
        status=status,
        status_key=status_key,
        since=since,
        released=released,
        deprecated=deprecated,
        sunset=sunset,
        sunset_key=sunset_key,
        successor=successor,
        problems=tuple(problems),
        raw=raw,
    )


class Layer(Struct, frozen=True):
    """One place that may say something about a status, with a name for messages."""

    annotation: Annotation
    source: str  # e.g. "x-lifecycle of GET /pets", "info.x-lifecycle", "config lifecycle map"


@dataclass(frozen=True)
class Resolved:
    """The lifecycle that applies to a place in the base document."""

    status: Status
    source: str
    deprecated: dt.date | None = None
    sunset: dt.date | None = None
    successor: str | None = None
    layers: tuple[Layer, ...] = field(default=(), compare=False)

    def effective(self, today: dt.date) -> Status:
        """A deprecated element whose sunset has come counts as end-of-life."""
        if self.status is Status.DEPRECATED and self.sunset is not None and self.sunset <= today:
            return Status.END_OF_LIFE
        return self.status


STABLE_BY_DEFAULT = Resolved(Status.STABLE, "default (nothing says otherwise)")


def resolve(layers: Iterable[Layer]) -> Resolved:
    """The most specific layer that says anything decides; missing dates come from the
    nearest enclosing retiring layer."""
    chain = tuple(layers)
    for index, layer in enumerate(chain):
        annotation = layer.annotation
        if annotation.status is None:
            continue
        deprecated = annotation.deprecation_day
        sunset = annotation.sunset.day if annotation.sunset else None
        successor = annotation.successor
        if annotation.status in RETIRING:
            for outer in chain[index + 1 :]:
                if outer.annotation.status not in RETIRING:
                    continue
                if deprecated is None:
                    deprecated = outer.annotation.deprecation_day
                if sunset is None and outer.annotation.sunset is not None:
                    sunset = outer.annotation.sunset.day
                successor = successor or outer.annotation.successor
        return Resolved(annotation.status, layer.source, deprecated, sunset, successor, chain)
    return Resolved(Status.STABLE, STABLE_BY_DEFAULT.source, layers=chain)


# -- globs (the config's lifecycle map and ignores) ----------------------------------------


class OperationGlob(Struct, frozen=True):
    """Matches an operation label (``GET /pets/{id}``) by ``METHOD /path`` or ``/path`` glob."""

    pattern: str
    method: str | None
    path: Glob

    @staticmethod
    def of(pattern: str) -> OperationGlob:
        text = pattern.strip()
        method: str | None = None
        if not text.startswith("/") and " " in text:
            head, _, text = text.partition(" ")
            method = None if head == "*" else head.upper()
            text = text.strip()
        return OperationGlob(pattern, method, Glob(text))

    def matches(self, label: str) -> bool:
        method, _, path = label.partition(" ")
        if self.method is not None and method.upper() != self.method:
            return False
        return self.path.matches(path)

    def matches_path(self, path: str) -> bool:
        return self.method is None and self.path.matches(path)


class LifecycleMap(Struct, frozen=True):
    """The config's ``lifecycle:`` map: the first glob that matches an operation decides."""

    entries: tuple[tuple[OperationGlob, Status], ...] = ()

    def status_for(self, label: str | None, path: str | None = None) -> tuple[str, Status] | None:
        for glob, status in self.entries:
            if label is not None and glob.matches(label):
                return glob.pattern, status
            if label is None and path is not None and glob.matches_path(path):
                return glob.pattern, status
        return None

    def layer(self, label: str | None, path: str | None = None) -> Layer | None:
        found = self.status_for(label, path)
        if found is None:
            return None
        pattern, status = found
        return Layer(Annotation(status=status), f"config lifecycle map '{pattern}'")


def layers_of(values: Sequence[tuple[Any, str]]) -> list[Layer]:
    """Layers for (element value, source name) pairs, skipping elements that say nothing."""
    layers = []
    for value, source in values:
        annotation = read_annotation(value)
        if annotation is not EMPTY:
            layers.append(Layer(annotation, source))
    return layers
