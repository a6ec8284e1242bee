"""One finding per change: the same change made in several places is reported once.

A change inside a shared ``$ref`` is already one change that lists every operation
reaching it. The same change written several times — identical inline schemas in
several operations (Netlify's Swagger 2.0 bodies), two inline copies that the
revision replaced by one ``$ref`` (GitHub's ``head.repo``/``base.repo``), one
parameter shape repeated in forty operations (Blockfrost's ``count``) — is one
change too for the person reading the report. Findings that agree on everything a
reader sees and a gate decides (rule, message, hint, severity, whether and why they
are ignored) become one finding: its operations are the union, its ``places`` every
(base, revision) location, the first in file order standing as its
``base``/``revision``, its ``status`` the most live of the statuses that gated its
members (a change to stable and to deprecated operations that the gate judged alike is
one change; it is reported as what it does to the stable ones). Grouping runs after
severity overrides and ignores, so an ignore that covers some of the places removes
those from the group.

The fingerprint of a change is computed from its rule and what changed (never from
where), so a group keeps its fingerprint when an operation or a copy joins or leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from oasgate.findings import Finding, Place

GroupKey = tuple[str, str, str | None, str, bool, str | None, str]

#: Which status a merged finding reports: the most live one.
_LIVENESS = ("stable", "beta", "deprecated", "development", "end-of-life")


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with every group of the same change merged into one (first-seen order)."""
    groups: dict[GroupKey, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(_key(finding), []).append(finding)
    return [members[0] if len(members) == 1 else _merged(members) for members in groups.values()]


def _key(finding: Finding) -> GroupKey:
    return (
        finding.rule,
        finding.message,
        finding.hint,
        finding.severity.value,
        finding.ignored,
        finding.ignore_reason,
        finding.fingerprint,
    )


def _merged(members: list[Finding]) -> Finding:
    places = sorted({place for member in members for place in member.all_places}, key=_place_order)
    operations = sorted(
        {op for member in members for op in member.operations}, key=operation_sort_key
    )
    first = places[0]
    statuses = {member.status for member in members}
    status = min(statuses, key=lambda s: (_rank(s), s))
    return replace(
        members[0],
        status=status,
        operations=tuple(operations),
        base=first.base,
        revision=first.revision,
        places=tuple(places),
    )


_METHOD_ORDER = {
    m: i
    for i, m in enumerate(("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"))
}


def operation_sort_key(label: str) -> tuple[str, int]:
    """Operations in report order: by path, then by method in the usual order."""
    method, _, path = label.partition(" ")
    return (path, _METHOD_ORDER.get(method, 99))


def _rank(status: str) -> int:
    return _LIVENESS.index(status) if status in _LIVENESS else len(_LIVENESS)


def _place_order(place: Place) -> tuple[str, int, int, str, str]:
    where = place.location
    if where is None:
        return ("", 0, 0, "", "")
    other = place.base if where is place.revision else None
    return (
        where.file,
        where.line or 0,
        where.column or 0,
        where.pointer,
        other.pointer if other is not None else "",
    )
