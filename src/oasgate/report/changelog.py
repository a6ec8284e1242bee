"""The changelog: every change between two versions, for the people who use the API.

Findings are sorted into four sections, generically from the catalogue:

- **deprecations** — lifecycle rules (``Kind.LIFECYCLE``) and any rule whose id says
  ``deprecat…``: what is deprecated, sunset dates, status moves;
- **breaking** — changes classified breaking or warning (whatever their gated severity:
  the reader of a changelog wants to know, even on a beta operation);
- **additions** — new surface (``Kind.FEATURE``): operations, parameters, properties;
- **other** — every other compatible or informational change.

Ignored findings are included: an ignore silences the gate, not the change.
Formats: Markdown, JSON, and feed entries (Atom 1.0, RSS 2.0: :mod:`.feed`).
Each format is a pure ``render(report, options, existing)``; ``existing`` is the
current text of the output file (only feeds use it, to add an entry).
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import NoReturn

import orjson

from oasgate.findings import Finding, Impact, Report, SourceInfo
from oasgate.report.common import operations_line, rule_text, xml_safe
from oasgate.report.json_report import finding_data


class Section(str, enum.Enum):
    BREAKING = "breaking"
    DEPRECATIONS = "deprecations"
    ADDITIONS = "additions"
    OTHER = "other"

    @property
    def heading(self) -> str:
        return _TITLES[self]


_TITLES = {
    Section.BREAKING: "Breaking changes",
    Section.DEPRECATIONS: "Deprecations",
    Section.ADDITIONS: "Additions",
    Section.OTHER: "Other changes",
}


class ChangelogFormat(str, enum.Enum):
    MARKDOWN = "markdown"
    JSON = "json"
    ATOM = "atom"
    RSS = "rss"

    @property
    def description(self) -> str:
        return _FORMAT_DESCRIPTIONS[self]


_FORMAT_DESCRIPTIONS = {
    ChangelogFormat.MARKDOWN: "Markdown, for a CHANGELOG or release notes",
    ChangelogFormat.JSON: "the sections as JSON",
    ChangelogFormat.ATOM: "an Atom 1.0 feed; an existing feed FILE gets the entry added",
    ChangelogFormat.RSS: "an RSS 2.0 feed; an existing feed FILE gets the item added",
}


@dataclass(frozen=True)
class ChangelogOptions:
    """What a changelog needs beyond the report: its date, and optionally the web page
    of the API's changelog (the feeds' link)."""

    date: datetime
    link: str | None = None


ChangelogRenderer = Callable[[Report, ChangelogOptions, "str | None"], str]


def section_of(finding: Finding) -> Section:
    text = rule_text(finding.rule)
    if text.kind == "lifecycle" or "deprecat" in finding.rule:
        return Section.DEPRECATIONS
    if finding.classification is Impact.BREAKING:
        return Section.BREAKING
    if text.kind == "feature":
        return Section.ADDITIONS
    return Section.OTHER


def sections(report: Report) -> dict[Section, list[Finding]]:
    """Every section (empty ones too), findings in the report's order."""
    result: dict[Section, list[Finding]] = {section: [] for section in Section}
    for finding in report.findings:
        result[section_of(finding)].append(finding)
    return result


def release_name(info: SourceInfo) -> str:
    name = " ".join(part for part in (info.title, info.api_version) if part)
    return name or info.source


_NOUNS = {
    Section.BREAKING: ("breaking change", "breaking changes"),
    Section.DEPRECATIONS: ("deprecation", "deprecations"),
    Section.ADDITIONS: ("addition", "additions"),
    Section.OTHER: ("other change", "other changes"),
}


def counts_sentence(groups: dict[Section, list[Finding]]) -> str:
    """``2 breaking changes, 1 addition`` (or ``no changes``)."""
    parts = [
        f"{len(found)} {_NOUNS[section][0 if len(found) == 1 else 1]}"
        for section, found in groups.items()
        if found
    ]
    return ", ".join(parts) if parts else "no changes"


def entry_id(report: Report) -> str:
    """A stable id for this pair's changelog entry: the versions compared and the
    fingerprints of every change. Re-running on the same pair gives the same id."""
    identity = "\x1e".join(
        [
            release_name(report.base),
            release_name(report.revision),
            *sorted(f.fingerprint for f in report.findings),
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'oasgate:changelog:' + digest)}"


def _where(finding: Finding) -> str:
    return operations_line(finding, limit=3) if finding.operations else "the document"


# -- Markdown ---------------------------------------------------------------------------------


def render_markdown(report: Report, options: ChangelogOptions, existing: str | None) -> str:
    from oasgate.report.markdown import code, text

    groups = sections(report)
    out = [
        f"## {text(release_name(report.revision))} ({options.date.date().isoformat()})",
        "",
        f"Compared with {text(release_name(report.base))}: {counts_sentence(groups)}.",
        "",
    ]
    for section, found in groups.items():
        if not found:
            continue
        out += [f"### {section.heading}", ""]
        for finding in found:
            shown = finding.operations[:3]
            where = ", ".join(code(op, in_table=False) for op in shown) or "the document"
            if len(finding.operations) > 3:
                where += f" and {len(finding.operations) - 3} more"
            out.append(f"- {where}: {text(finding.message)}")
        out.append("")
    return "\n".join(out)


# -- JSON -------------------------------------------------------------------------------------


def render_json(report: Report, options: ChangelogOptions, existing: str | None) -> str:
    groups = sections(report)

    def side(info: SourceInfo) -> dict[str, str | None]:
        return {"source": info.source, "title": info.title, "version": info.api_version}

    data = {
        "version": 1,
        "id": entry_id(report),
        "date": options.date.isoformat(),
        "base": side(report.base),
        "revision": side(report.revision),
        "counts": {section.value: len(found) for section, found in groups.items()},
        "sections": {
            section.value: [finding_data(f) for f in found] for section, found in groups.items()
        },
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


# -- HTML fragment (the feeds' entry content) ---------------------------------------------------


def html_fragment(report: Report) -> str:
    groups = sections(report)

    def e(value: str) -> str:
        return escape(xml_safe(value), quote=False)

    out = [f"<p>Compared with {e(release_name(report.base))}: {counts_sentence(groups)}.</p>"]
    for section, found in groups.items():
        if not found:
            continue
        items = "".join(f"<li><code>{e(_where(f))}</code>: {e(f.message)}</li>" for f in found)
        out.append(f"<h3>{section.heading}</h3><ul>{items}</ul>")
    return "".join(out)


# -- the registry -----------------------------------------------------------------------------


def _assert_never(value: NoReturn) -> NoReturn:
    raise AssertionError(f"unhandled changelog format: {value!r}")


def changelog_renderer(fmt: ChangelogFormat) -> ChangelogRenderer:
    if fmt is ChangelogFormat.MARKDOWN:
        return render_markdown
    if fmt is ChangelogFormat.JSON:
        return render_json
    if fmt is ChangelogFormat.ATOM:
        from oasgate.report import feed

        return feed.render_atom
    if fmt is ChangelogFormat.RSS:
        from oasgate.report import feed

        return feed.render_rss
    _assert_never(fmt)
