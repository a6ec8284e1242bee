"""One changelog entry: the findings of a comparison sorted into sections, its title,
its stable id and its HTML body.

Findings are sorted into four sections, generically from the catalogue:

- **deprecations** — lifecycle rules (``Kind.LIFECYCLE``) and any rule whose id says
  ``deprecat…``: what is deprecated, sunset dates, status moves;
- **breaking** — changes classified breaking or warning (whatever their gated severity:
  the reader of a changelog wants to know, even on a beta operation);
- **additions** — new surface (``Kind.FEATURE``): operations, parameters, properties;
- **other** — every other compatible or informational change.

Ignored findings are included: an ignore silences the gate, not the change. The
Markdown and JSON changelogs (:mod:`.changelog`) and the feeds (:mod:`.feed`) all build
on this module; it imports neither.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from datetime import datetime
from html import escape

from msgspec import Struct

from oasgate.findings import Finding, Impact, Report, SourceInfo
from oasgate.i18n import t
from oasgate.phrases import N_
from oasgate.report.common import operations_line, rule_text, xml_safe


class Section(str, enum.Enum):
    BREAKING = "breaking"
    DEPRECATIONS = "deprecations"
    ADDITIONS = "additions"
    OTHER = "other"

    @property
    def heading(self) -> str:
        return t(_TITLES[self])


_TITLES = {
    Section.BREAKING: N_("Breaking changes"),
    Section.DEPRECATIONS: N_("Deprecations"),
    Section.ADDITIONS: N_("Additions"),
    Section.OTHER: N_("Other changes"),
}


class ChangelogOptions(Struct, frozen=True):
    """What a changelog needs beyond the report: its date, and optionally the web page
    of the API's changelog (the feeds' link) and the address the feed itself is
    published at (its ``rel="self"`` link, which feed readers and validators expect)."""

    date: datetime
    link: str | None = None
    feed_url: str | None = None


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
    Section.BREAKING: (N_("{count} breaking change"), N_("{count} breaking changes")),
    Section.DEPRECATIONS: (N_("{count} deprecation"), N_("{count} deprecations")),
    Section.ADDITIONS: (N_("{count} addition"), N_("{count} additions")),
    Section.OTHER: (N_("{count} other change"), N_("{count} other changes")),
}


def counts_sentence(groups: dict[Section, list[Finding]]) -> str:
    """``2 breaking changes, 1 addition`` (or ``no changes``)."""
    parts = [
        t(_NOUNS[section][0 if len(found) == 1 else 1], count=len(found))
        for section, found in groups.items()
        if found
    ]
    return ", ".join(parts) if parts else t("no changes")


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


def html_fragment(report: Report) -> str:
    """The entry as HTML: the content of a feed's entry."""
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
