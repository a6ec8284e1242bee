"""The changelog: every change between two versions, for the people who use the API.

The findings are sorted into sections by :mod:`.changelog_entry`. Formats: Markdown,
JSON, and feed entries (Atom 1.0, RSS 2.0: :mod:`.feed`). Each format is a pure
``render(report, options, existing)``; ``existing`` is the current text of the output
file (only feeds use it, to add an entry).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import NoReturn

import orjson

from oasgate.findings import Report, SourceInfo
from oasgate.i18n import t
from oasgate.report.changelog_entry import (
    ChangelogOptions,
    counts_sentence,
    entry_id,
    release_name,
    sections,
)
from oasgate.report.json_report import finding_data


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


ChangelogRenderer = Callable[[Report, ChangelogOptions, "str | None"], str]


# -- Markdown ---------------------------------------------------------------------------------


def render_markdown(report: Report, options: ChangelogOptions, existing: str | None) -> str:
    from oasgate.report.markdown import code, text

    if report.prefixes:  # two versions of the API: a guide for clients of the old one
        from oasgate.report.migration import render_migration_guide

        return render_migration_guide(report, options)
    groups = sections(report)
    out = [
        f"## {text(release_name(report.revision))} ({options.date.date().isoformat()})",
        "",
        t(
            "Compared with {base}: {counts}.",
            base=text(release_name(report.base)),
            counts=counts_sentence(groups),
        ),
        "",
    ]
    for section, found in groups.items():
        if not found:
            continue
        out += [f"### {section.heading}", ""]
        for finding in found:
            shown = finding.operations[:3]
            where = ", ".join(code(op, in_table=False) for op in shown) or t("the document")
            if len(finding.operations) > 3:
                where = t("{shown} and {rest} more", shown=where, rest=len(finding.operations) - 3)
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
