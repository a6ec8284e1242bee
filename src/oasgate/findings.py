"""Values that cross module boundaries: locations, findings, diagnostics, the report.

Everything here is a frozen dataclass so that reports are plain data: every
formatter renders the same :class:`Report`, and the Python API hands it out as is.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """Severity after gating; ordered from most to least severe."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        """True when this severity is as severe as ``other`` or more."""
        return self.rank >= other.rank


_SEVERITY_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class Classification(str, enum.Enum):
    """What a change means for clients, before lifecycle gating."""

    BREAKING = "breaking"
    WARNING = "warning"
    COMPATIBLE = "compatible"
    INFO = "info"


class Impact(str, enum.Enum):
    """What a finding means for the API's clients: the report's ``classification``."""

    BREAKING = "breaking"  # a client of the wire breaks
    LIFECYCLE = "lifecycle"  # a policy promise is broken without a wire break
    COMPATIBLE = "compatible"  # a change clients cannot feel, or may welcome
    ANNOTATION = "annotation"  # documentation, examples, descriptions, version labels


@dataclass(frozen=True)
class Location:
    """A node in one source file: JSON pointer plus (lazily computed) line and column."""

    file: str
    pointer: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}#{self.pointer}"
        return f"{self.file}:{self.line}:{self.column or 1}"


@dataclass(frozen=True)
class Place:
    """One place a change was made: its node in the base and in the revision."""

    base: Location | None
    revision: Location | None

    @property
    def location(self) -> Location | None:
        return self.revision or self.base


@dataclass(frozen=True)
class Witness:
    """The proof of a schema finding (docs/witnesses.md): an instance one side accepts and
    the other rejects, both judged by a real JSON Schema validator — or, when none was
    found or none can exist, the reason (``found`` false, ``note`` says why)."""

    found: bool
    #: the instance as canonical JSON text (so that a finding stays hashable and the
    #: report byte-identical); empty when not found
    instance: str = ""
    #: where it travels: ``request body of POST /pets (application/json)``
    where: str = ""
    #: the side whose contract accepts it and the side that rejects it
    accepted_by: str = ""
    rejected_by: str = ""
    #: a parameter or header: the text on the wire
    text: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """One classified, gated change."""

    rule: str
    severity: Severity
    classification: Impact
    message: str
    operations: tuple[str, ...]
    status: str
    base: Location | None
    revision: Location | None
    fingerprint: str
    ignored: bool = False
    ignore_reason: str | None = None
    #: advice to the spec's author (how to make the change acceptable): kept out of
    #: ``message``, so changelogs, feeds and test names never carry it
    hint: str | None = None
    #: every place the same change was made (inline copies of one schema, one parameter
    #: shape in many operations), ``base``/``revision`` being the first; empty means one
    places: tuple[Place, ...] = ()
    #: what else makes two findings one change (the engine's business: the rule and what
    #: changed, apart from where, at one revision node); not part of the report
    same_change: str = field(default="", compare=False, repr=False)
    #: the finding's proof, computed on request (``--explain``); None when not asked for
    #: or when the finding is not about a schema
    witness: Witness | None = field(default=None, compare=False)
    #: how ``message`` and ``hint`` were made (:class:`oasgate.phrases.Phrase`), so that a
    #: report can be said in another language (docs/i18n.md); the fields themselves are
    #: plain strings. Not part of the report.
    phrases: tuple[str | None, str | None] = field(default=(None, None), compare=False, repr=False)
    #: ``--attributes``: operation → the extension values asked for that it carries (from
    #: the revision; the base for an operation the revision removed). Only operations that
    #: carry one of them are listed (docs/templates.md).
    attributes: Mapping[str, Mapping[str, Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def all_places(self) -> tuple[Place, ...]:
        """Every place of the change, the first one included."""
        return self.places or (Place(self.base, self.revision),)

    @property
    def location(self) -> Location | None:
        """Where a reader should look first: the revision side, else the base side."""
        return self.revision or self.base


@dataclass(frozen=True)
class Diagnostic:
    """A problem in an input document that did not stop the run (see ``--strict``)."""

    code: str
    message: str
    location: Location
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class SourceInfo:
    """What was compared on one side: the name the user gave and the spec version."""

    source: str
    openapi_version: str
    title: str | None = None
    api_version: str | None = None
    #: the git revision this side was read at (``REV`` of ``REV:PATH``): its files are
    #: named ``REV:path``, and reports that need a plain path drop the prefix
    git_revision: str | None = None


@dataclass(frozen=True)
class Summary:
    error: int = 0
    warning: int = 0
    info: int = 0
    ignored: int = 0


@dataclass(frozen=True)
class Filtered:
    """What the filters (``--include-path``, ``--exclude-tag``, ``--exclude-extension``…)
    left out of a report: per filter, its option, its value and how many changes it left
    out. A filtered-out change is never an error; the report says so."""

    counts: tuple[tuple[str, str, int], ...] = ()

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.counts)


@dataclass(frozen=True)
class Report:
    """The result of one ``check``: findings sorted deterministically, plus diagnostics."""

    base: SourceInfo
    revision: SourceInfo
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    fail_on: Severity = Severity.ERROR
    summary: Summary = field(default_factory=Summary)
    #: ``--strict``: any diagnostic fails the gate too.
    strict: bool = False
    #: ``--map-prefix``: (base prefix, revision prefix) pairs the base's paths were read through
    prefixes: tuple[tuple[str, str], ...] = ()
    #: what the filters left out; None when no filter was set
    filtered: Filtered | None = None

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.ignored)

    @property
    def failing_diagnostics(self) -> tuple[Diagnostic, ...]:
        """The diagnostics ``strict`` fails on: every one but an informational note (where
        a date read from git came from, ``--dates-from-git``)."""
        return tuple(d for d in self.diagnostics if d.severity is not Severity.INFO)

    @property
    def failed(self) -> bool:
        """True when the gate fails: a non-ignored finding at or above ``fail_on``, or, with
        ``strict``, any diagnostic but an informational note."""
        if self.strict and self.failing_diagnostics:
            return True
        return any(f.severity.at_least(self.fail_on) for f in self.active_findings)
