"""One finding per change: the same change made in several places is reported once.

A change inside a shared ``$ref`` is already one change that lists every operation
reaching it. The same change written several times — identical inline schemas in
several operations (Netlify's Swagger 2.0 bodies), two inline copies that the
revision replaced by one ``$ref`` (GitHub's ``head.repo``/``base.repo``), one
parameter shape repeated in forty operations (Blockfrost's ``count``) — is one
change too for the person reading the report. Findings that agree on everything a
reader sees and a gate decides (rule, message, hint, severity, whether and why they
are ignored) become one finding: its operations are the union, its ``places`` every
(base, revision) location — first those of the member that speaks for the group (the
first by message), in file order, then the others — the first standing as its
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

from oasgate.findings import Finding, Location, Place

GroupKey = tuple[str, str, str | None, str, bool, str | None, str]

#: Which status a merged finding reports: the most live one.
_LIVENESS = ("stable", "beta", "deprecated", "development", "end-of-life")


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with every group of the same change merged into one (first-seen order).

    Two findings are one change when they agree on everything a reader sees and a gate
    decides (:func:`_key`), or when they are the same edit of one revision node reached
    through differently named copies (``Finding.same_change``, with the same verdict)."""
    members = list(findings)
    parent = list(range(len(members)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_of: dict[tuple[object, ...], int] = {}
    for index, finding in enumerate(members):
        keys: list[tuple[object, ...]] = [("seen", *_key(finding))]
        if finding.same_change:
            keys.append(("edit", finding.same_change, *_verdict(finding)))
        for key in keys:
            other = first_of.setdefault(key, index)
            a, b = root(other), root(index)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Finding]] = {}
    for index, finding in enumerate(members):
        groups.setdefault(root(index), []).append(finding)
    return [group[0] if len(group) == 1 else _merged(group) for group in groups.values()]


def _verdict(finding: Finding) -> tuple[str, bool, str | None, str | None]:
    return (finding.severity.value, finding.ignored, finding.ignore_reason, finding.hint)


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
    # Members of one edit may name different copies (head.repo, base.repo): the one that
    # speaks for the group is chosen by what it says, then by where it is, never by which
    # copy the walk met first (the document's order), and its own place stands first.
    speaker = min(
        members,
        key=lambda member: (
            member.message,
            member.fingerprint,
            sorted(_place_order(place) for place in member.all_places),
        ),
    )
    own = sorted(set(speaker.all_places), key=_place_order)
    others = {place for member in members for place in member.all_places} - set(own)
    places = own + sorted(others, key=_place_order)
    operations = sorted(
        {op for member in members for op in member.operations}, key=operation_sort_key
    )
    first = places[0]
    statuses = {member.status for member in members}
    status = min(statuses, key=lambda s: (_rank(s), s))
    attributes = {
        label: values for member in members for label, values in member.attributes.items()
    }
    return replace(
        speaker,
        attributes={label: attributes[label] for label in operations if label in attributes},
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


def _place_order(place: Place) -> tuple[tuple[str, int, int, str], tuple[str, int, int, str]]:
    """File order of the place a reader looks at (the revision side, else the base side),
    then of its other side: places that share their revision node (several component specs
    mixing in one changed schema, DigitalOcean's ``app_component_base.yml``) differ only
    by their base node. The order is total, so a group's places never come out in the
    order of the set they were gathered in (string hashing is randomised per process)."""
    where = place.location
    other = place.base if where is place.revision else None
    return (_location_order(where), _location_order(other))


def _location_order(location: Location | None) -> tuple[str, int, int, str]:
    if location is None:
        return ("", 0, 0, "")
    return (location.file, location.line or 0, location.column or 0, location.pointer)
