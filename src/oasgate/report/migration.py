"""The migration guide: the Markdown changelog of a version-to-version comparison.

When ``oasgate changelog`` compares two API versions under different path prefixes
(``--map-prefix /api/v1=/api/v2``), its reader is a client of the old version moving to
the new one, not a reader of release notes. The guide says so: first the move of every
path to the new prefix, then each operation the client calls, as the old version
spells it and as the new one does, with what changed for it — breaking changes first,
each with what the client must do — and last what is new. A change to a component
several operations share is listed under each of them: a client reads the section of
the operation it calls and needs nothing else.

What to do is worked out from the rule (its id and the side of the wire it is about),
never from the message text, so it holds for every rule of the catalogue.
"""

from __future__ import annotations

import re

from oasgate.findings import Finding, Impact, Report, Severity
from oasgate.grouping import operation_sort_key
from oasgate.report.changelog_entry import (
    ChangelogOptions,
    Section,
    counts_sentence,
    release_name,
    section_of,
    sections,
)
from oasgate.report.common import rule_text

_REMOVED = ("operation-removed", "path-removed")
_ADDED = ("operation-added", "path-added")

#: (pattern over the rule id, what a client of the old version does), first match wins
_ACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), action)
    for pattern, action in (
        (r"^(operation|path)-removed", "stop calling it: it is not in the new version"),
        (r"removed-before-sunset$", "stop using it: it is not in the new version"),
        (r"^operation-renamed", "call it at its new method and path"),
        (r"^request-.*enum-value-removed", "stop sending this value"),
        (r"^request-.*(became-required|required-added)", "send it on every request"),
        (r"^request-.*-removed$", "stop sending it"),
        (r"^request-.*type-changed", "send the new type"),
        (r"^request-.*media-type", "send the request body in a media type the new version accepts"),
        (r"^request-", "check what you send against the new constraint"),
        (r"^response-.*enum-value-added", "handle the new value (an exhaustive match breaks)"),
        (r"^response-.*-removed$", "stop reading it: responses no longer carry it"),
        (r"^response-.*type-changed", "read it as the new type"),
        (r"^response-.*status", "handle the new response status"),
        (r"^response-", "check how you read the response"),
        (r"^security-|^oauth-", "update how you authenticate"),
        (r"^server-", "call the new server URL"),
        (r"deprecat|sunset", "plan the move before the sunset date"),
    )
)


def what_to_do(finding: Finding) -> str:
    """What a client of the old version does about ``finding``."""
    if finding.classification is Impact.ANNOTATION:
        return "nothing (documentation)"
    if finding.classification is Impact.COMPATIBLE:
        if rule_text(finding.rule).kind == "feature":
            return "nothing; available if you want it"
        return "nothing"
    for pattern, action in _ACTIONS:
        if pattern.search(finding.rule):
            return action
    side = rule_text(finding.rule).side
    if side == "request":
        return "adjust what you send"
    if side == "response":
        return "adjust how you read the response"
    return "review this change"


def old_label(label: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    """``GET /api/v2/x`` as the old version spells it (``GET /api/v1/x``)."""
    method, _, path = label.partition(" ")
    for old, new in sorted(prefixes, key=lambda pair: -len(pair[1])):
        if new == "/" or path == new or path.startswith(new + "/"):
            rest = path[len(new) :] if new != "/" else path
            return f"{method} {(old if old != '/' else '') + rest or '/'}"
    return label


def _rank(finding: Finding) -> tuple[int, int]:
    order = {Impact.BREAKING: 0, Impact.LIFECYCLE: 1, Impact.COMPATIBLE: 2, Impact.ANNOTATION: 3}
    return (order[finding.classification], -finding.severity.rank)


def _by_operation(report: Report) -> dict[str, list[Finding]]:
    """Operation label → its findings, breaking first; ``""`` for the document's own."""
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        for label in finding.operations or ("",):
            groups.setdefault(label, []).append(finding)
    for found in groups.values():
        found.sort(key=_rank)
    return groups


def render_migration_guide(report: Report, options: ChangelogOptions) -> str:
    from oasgate.report.markdown import code, text

    old, new = release_name(report.base), release_name(report.revision)
    counts = counts_sentence(sections(report))
    out = [
        f"## Migrating from {text(old)} to {text(new)} ({options.date.date().isoformat()})",
        "",
        f"What a client of {text(old)} changes to use {text(new)}: {counts}.",
        "",
        "### Every path",
        "",
    ]
    for before, after in report.prefixes:
        out.append(
            f"- send requests for {code(before + '/…', in_table=False)} to "
            f"{code(after + '/…', in_table=False)}; operations not listed below changed "
            "nothing else"
        )
    out.append("")
    groups = _by_operation(report)
    document = groups.pop("", [])
    ordered = sorted(
        groups.items(),
        key=lambda item: (_rank(item[1][0])[0], operation_sort_key(item[0])),
    )
    for label, found in ordered:
        out += [_heading(label, found, report.prefixes), ""]
        out += [_item(finding) for finding in found]
        out.append("")
    if document:
        out += ["### The whole API", ""]
        out += [_item(finding) for finding in sorted(document, key=_rank)]
        out.append("")
    return "\n".join(out)


def _heading(label: str, found: list[Finding], prefixes: tuple[tuple[str, str], ...]) -> str:
    from oasgate.report.markdown import code

    before = old_label(label, prefixes)
    rules = {finding.rule for finding in found}
    if rules & set(_REMOVED):
        return f"### {code(before, in_table=False)} — removed"
    if rules & set(_ADDED):
        return f"### {code(label, in_table=False)} — new"
    return f"### {code(before, in_table=False)} → {code(label, in_table=False)}"


_LABELS = {
    Impact.BREAKING: "**breaking**",
    Impact.LIFECYCLE: "**deprecation**",
    Impact.COMPATIBLE: "compatible",
    Impact.ANNOTATION: "documentation",
}


def _item(finding: Finding) -> str:
    from oasgate.report.markdown import text

    label = _LABELS[finding.classification]
    if section_of(finding) is Section.DEPRECATIONS and finding.classification is Impact.BREAKING:
        label = "**breaking**"
    if finding.severity is Severity.INFO and finding.classification is Impact.BREAKING:
        label += " (not gated)"
    return f"- {label}: {text(finding.message)} — *to do:* {what_to_do(finding)}"
