"""Lifecycle status and the gate: what a change's severity is, given what was promised.

The status that gates a change is the base document's (what clients were
promised): an operation's ``x-lifecycle``, else the document's
``info.x-lifecycle``, else ``deprecated: true``, else stable. The default gate
table is SPEC §4's.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from oasgate.catalogue import Kind, Rule
from oasgate.findings import Classification, Severity


class Status(str, enum.Enum):
    DEVELOPMENT = "development"
    BETA = "beta"
    STABLE = "stable"
    DEPRECATED = "deprecated"
    END_OF_LIFE = "end-of-life"


STATUS_ALIASES: dict[str, Status] = {
    "development": Status.DEVELOPMENT,
    "experimental": Status.DEVELOPMENT,
    "draft": Status.DEVELOPMENT,
    "alpha": Status.DEVELOPMENT,
    "beta": Status.BETA,
    "stable": Status.STABLE,
    "deprecated": Status.DEPRECATED,
    "end-of-life": Status.END_OF_LIFE,
    "sunset": Status.END_OF_LIFE,
    "retired": Status.END_OF_LIFE,
}

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

#: status → (severity of a breaking change, severity of a new feature)
DEFAULT_GATE: dict[Status, tuple[Severity, Severity]] = {
    Status.DEVELOPMENT: (I, I),
    Status.BETA: (W, I),
    Status.STABLE: (E, I),
    Status.DEPRECATED: (E, E),
    Status.END_OF_LIFE: (I, E),
}

#: how strict each status is, to pick the one that gates a change shared by several operations
_STRICTNESS = {
    Status.STABLE: 5,
    Status.DEPRECATED: 4,
    Status.BETA: 3,
    Status.END_OF_LIFE: 2,
    Status.DEVELOPMENT: 1,
}


def parse_status(value: Any) -> Status | None:
    if not isinstance(value, str):
        return None
    return STATUS_ALIASES.get(value.strip().lower())


def status_of(operation: Mapping[str, Any] | None, document: Mapping[str, Any]) -> Status:
    """The lifecycle status of an operation in the base document (SPEC §4, most specific first)."""
    if operation is not None:
        lifecycle = operation.get("x-lifecycle")
        if isinstance(lifecycle, Mapping):
            status = parse_status(lifecycle.get("status"))
            if status is not None:
                return status
    info = document.get("info")
    if isinstance(info, Mapping):
        lifecycle = info.get("x-lifecycle")
        if isinstance(lifecycle, Mapping):
            status = parse_status(lifecycle.get("status"))
            if status is not None:
                return status
    if operation is not None:
        if operation.get("deprecated") is True:
            return Status.DEPRECATED
        status = parse_status(operation.get("x-stability-level"))
        if status is not None:
            return status
    return Status.STABLE


def strictest(statuses: list[Status]) -> Status:
    return max(statuses, key=_STRICTNESS.__getitem__) if statuses else Status.STABLE


def gate(rule: Rule, status: Status) -> Severity:
    """Severity of a change of ``rule`` on surface with lifecycle ``status``."""
    breaking, feature = DEFAULT_GATE[status]
    if rule.kind is Kind.FEATURE:
        return feature
    if rule.classification is Classification.BREAKING:
        return breaking
    if rule.classification is Classification.WARNING:
        return W if breaking is not I else I
    return I
