"""What several reporters share: grouping by operation, the catalogue's words for a rule,
short operation lists, links to the rule docs, and text made safe for XML.

Everything here is pure: a function of the report (and the catalogue), nothing else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from msgspec import Struct

from oasgate.errors import printable as printable  # re-exported: the renderers import it here
from oasgate.findings import Finding, Report
from oasgate.i18n import t
from oasgate.phrases import N_

#: The project's home, named as the tool's information URI in SARIF and the feeds'
#: generator; the one place the repository's address is written.
PROJECT_URL = "https://github.com/oasgate/oasgate"
#: Where the pages of ``docs/`` are read: the repository's default branch on GitHub.
DOCS_URL = f"{PROJECT_URL}/blob/main/docs/"
#: ``docs/rules.md``, whose ``<a id="rule-id">`` anchors SARIF and the HTML report link.
RULES_DOC_URL = f"{DOCS_URL}rules.md"


def rule_doc_url(rule_id: str) -> str:
    return f"{RULES_DOC_URL}#{rule_id}"


class RuleText(Struct, frozen=True):
    """What the catalogue says about a rule, with a fallback for ids it does not know
    (a report built by another version of oasgate, or by hand)."""

    id: str
    summary: str
    rationale: str
    side: str
    classification: str
    kind: str


def rule_text(rule_id: str) -> RuleText:
    from oasgate.catalogue import get_rule

    try:
        rule = get_rule(rule_id)  # only this rule: not the whole catalogue (D81)
    except KeyError:  # not a catalogue rule (a versions- rule)
        return RuleText(rule_id, rule_id.replace("-", " "), "", "none", "info", "change")
    return RuleText(
        rule.id,
        rule.summary,
        rule.rationale,
        rule.side.value,
        rule.classification.value,
        rule.kind.value,
    )


#: the kinds of shared component a group of findings is named after (translated)
_KINDS = {
    "schema": N_("schema"),
    "parameter": N_("parameter"),
    "header": N_("header"),
    "response": N_("response"),
    "requestBody": N_("requestBody"),
}


def group_title(finding: Finding) -> str:
    """Findings are grouped by operation; a change inside a component shared by several
    operations gets a group of its own, named after the component."""
    location = finding.revision or finding.base
    if len(finding.operations) > 1 and location and location.pointer.startswith("/components/"):
        parts = location.pointer.split("/")
        if len(parts) > 3:
            kind = parts[2].rstrip("s").replace("requestBodie", "requestBody")
            name = parts[3].replace("~1", "/").replace("~0", "~")
            return t(
                "{kind} {name} (shared by {count} operations)",
                kind=t(_KINDS[kind]) if kind in _KINDS else kind,
                name=name,
                count=len(finding.operations),
            )
    return finding.operations[0] if finding.operations else t("(document)")


def grouped(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings by :func:`group_title`, groups in order of first appearance (the report's
    order: most severe first)."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(group_title(finding), []).append(finding)
    return groups


def operations_line(finding: Finding, *, limit: int = 5) -> str:
    """``GET /a, POST /b and 3 more``."""
    shown = ", ".join(finding.operations[:limit])
    rest = len(finding.operations) - limit
    return t("{shown} and {rest} more", shown=shown, rest=rest) if rest > 0 else shown


def attribute_text(value: object) -> str:
    """An extension value as a report shows it: a string as written, anything else as
    compact JSON."""
    if isinstance(value, str):
        return value
    import orjson

    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS).decode()


def attribute_pairs(finding: Finding) -> list[tuple[str, str]]:
    """``--attributes`` as (name, value) pairs: one pair per name when every operation that
    carries it agrees, else one per operation, named ``x-team (GET /a)``."""
    values: dict[str, dict[str, str]] = {}
    for operation, found in finding.attributes.items():
        for name, value in found.items():
            values.setdefault(name, {})[operation] = attribute_text(value)
    pairs: list[tuple[str, str]] = []
    for name, by_operation in values.items():
        if len(set(by_operation.values())) == 1:
            pairs.append((name, next(iter(by_operation.values()))))
        else:
            pairs += [(f"{name} ({op})", value) for op, value in by_operation.items()]
    return pairs


def attributes_line(finding: Finding) -> str:
    """``x-audience=public, x-team=billing`` (empty without ``--attributes``)."""
    return ", ".join(f"{name}={value}" for name, value in attribute_pairs(finding))


def counts_line(report: Report) -> str:
    summary = report.summary
    return t(
        "{error} error(s), {warning} warning(s), {info} info, {ignored} ignored",
        error=summary.error,
        warning=summary.warning,
        info=summary.info,
        ignored=summary.ignored,
    )


def artifact_path(report: Report, file: str) -> tuple[str, str | None]:
    """A location's file as a path in the repository, and the git revision it was read
    at: ``HEAD~1:api/openapi.yaml`` is ``("api/openapi.yaml", "HEAD~1")``. SARIF,
    GitLab, JUnit and the annotations need the path alone (the ``REV:`` prefix would
    name a file that does not exist); people read the whole name."""
    for info in (report.base, report.revision):
        revision = info.git_revision
        if revision is not None and file.startswith(revision + ":"):
            return file[len(revision) + 1 :], revision
    return file, None


def readable_pointer(pointer: str) -> str:
    """A JSON pointer for people: its segments decoded (``~1`` is ``/``, ``~0`` is ``~``)
    and joined by ``›``: ``/paths/~1pets~1{id}/get`` reads ``paths › /pets/{id} › get``."""
    if not pointer:
        return "(document root)"
    segments = pointer.lstrip("/").split("/")
    return " › ".join(s.replace("~1", "/").replace("~0", "~") for s in segments)


def side_label(report: Report, which: str) -> str:
    """``Petstore 1.0.0 (api/base.yaml)`` for one side of the comparison."""
    info = report.base if which == "base" else report.revision
    name = " ".join(part for part in (info.title, info.api_version) if part)
    return f"{name} ({info.source})" if name else info.source


@functools.cache
def _xml_invalid() -> re.Pattern[str]:
    # compiled on first use: only the XML formats need it, and the surrogate range makes
    # it the dearest pattern a text or JSON report would compile at import (D80)
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry (control characters, lone
    surrogates) replaced by U+FFFD; spec text from a pull request may contain any."""
    return _xml_invalid().sub("\ufffd", text)


def scope_lines(report: Report) -> list[str]:
    """What shaped the comparison beyond the two documents, one sentence each (plain text,
    spec-free except for the user's own prefixes and filter values): the prefixes the
    base's paths were read through (``--map-prefix``) and what the filters left out."""
    lines: list[str] = []
    if report.prefixes:
        pairs = ", ".join(f"{old} → {new}" for old, new in report.prefixes)
        lines.append(f"paths compared across versions: {pairs} (base → revision)")
    if report.filtered is not None:
        filtered = report.filtered
        if not filtered.counts:
            lines.append("filtered out: no changes")
        else:
            parts = ", ".join(f"{name} {value}: {count}" for name, value, count in filtered.counts)
            noun = "change" if filtered.total == 1 else "changes"
            lines.append(f"filtered out: {filtered.total} {noun} ({parts})")
    return lines
