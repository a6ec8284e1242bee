"""``oasgate log``'s formats: the history of a spec, one entry per commit or release.

Each entry is a comparison the engine made, so every format reuses a one-pair format's
pieces: the changelog's sections (breaking first, :mod:`.changelog_entry`), the JSON
report's finding and side shapes (:mod:`.json_report`; the log is the JSON report with
an optional ``log`` key, docs/reports.md), the changelog's Markdown for release notes and
its Atom/RSS feeds (:mod:`.feed`: an entry per log entry, added oldest first to the
existing feed as ``oasgate changelog`` adds one). Entries are listed newest first, as
``git log`` lists commits. Renderers are pure: ``render(log, existing) -> str``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn

import orjson

from oasgate.errors import OasgateError
from oasgate.findings import Finding, Impact, Report, Summary
from oasgate.history import Log, LogEntry
from oasgate.i18n import t
from oasgate.report.changelog_entry import ChangelogOptions, counts_sentence, sections
from oasgate.report.json_report import (
    REPORT_VERSION,
    diagnostic_data,
    finding_data,
    side_data,
    summary_data,
)


class LogFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CHANGELOG = "changelog"
    ATOM = "atom"
    RSS = "rss"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    LogFormat.TEXT: "one line per entry, its changes below it, breaking first",
    LogFormat.JSON: "the JSON report with a log key (docs/reports.md)",
    LogFormat.MARKDOWN: "the log as a Markdown page, an entry per section",
    LogFormat.CHANGELOG: "release notes: the changelog's Markdown of every entry",
    LogFormat.ATOM: "an Atom feed, an entry per log entry; an existing FILE gets the new ones",
    LogFormat.RSS: "an RSS feed, an item per log entry; an existing FILE gets the new ones",
}

#: ``render(log, existing text of the output file or None)``
LogRenderer = Callable[[Log, "str | None"], str]


def _newest_first(log: Log) -> list[LogEntry]:
    return list(reversed(log.entries))


def _breaking_first(report: Report) -> list[Finding]:
    return sorted(report.findings, key=lambda f: f.classification is not Impact.BREAKING)


def _label(entry: LogEntry) -> str:
    """``v1.2.0 (abc1234)`` for a release, ``abc1234`` for a commit."""
    names = ", ".join(entry.commit.tags)
    return f"{names} ({entry.commit.short})" if names else entry.commit.short


def _day(date: datetime) -> str:
    return date.date().isoformat()


# -- text ----------------------------------------------------------------------------------


def render_text(log: Log, existing: str | None = None) -> str:
    if not log.entries:
        return t("{spec}: no changes in this range", spec=log.spec) + "\n"
    out: list[str] = []
    for entry in _newest_first(log):
        head = f"{_label(entry)}  {_day(entry.commit.date)}  {entry.commit.subject}"
        if entry.report is None:
            unreadable = t("could not be read: {error}", error=entry.error or "")
            out += [head, f"  {unreadable}", ""]
            continue
        out.append(f"{head}  ({counts_sentence(sections(entry.report))})")
        for finding in _breaking_first(entry.report):
            where = ", ".join(finding.operations[:3]) or t("the document")
            if len(finding.operations) > 3:
                rest = len(finding.operations) - 3
                where = t("{shown} and {rest} more", shown=where, rest=rest)
            out.append(
                f"  {finding.classification.value:<10} {finding.severity.value:<7} "
                f"{where}: {finding.message} [{finding.rule}]"
            )
        out += [f"  {note} [date-from-git]" for note in entry.dates or ()]
        out.append("")
    return "\n".join(out)


# -- Markdown ------------------------------------------------------------------------------


def render_markdown(log: Log, existing: str | None = None) -> str:
    from oasgate.report.markdown import code, text

    title = t("History of {spec}", spec=code(log.spec, in_table=False))
    out = [f"# {title}", ""]
    if not log.entries:
        out += [t("No changes in this range."), ""]
    for entry in _newest_first(log):
        out += [
            f"## {text(_label(entry))} — {text(entry.commit.subject)} ({_day(entry.commit.date)})",
            "",
        ]
        if entry.report is None:
            out += [t("Could not be read: {error}", error=text(entry.error or "")), ""]
            continue
        groups = sections(entry.report)
        out += [
            t(
                "Compared with {base}: {counts}.",
                base=code(entry.previous.short, in_table=False),
                counts=counts_sentence(groups),
            ),
            "",
        ]
        if entry.dates:  # where the dates came from, as `check` notes it
            out += [*(f"> {text(note)}  " for note in entry.dates), ""]
        for section, found in groups.items():
            if not found:
                continue
            out += [f"### {section.heading}", ""]
            for finding in found:
                where = ", ".join(code(op, in_table=False) for op in finding.operations[:3])
                where = where or t("the document")
                out.append(f"- {where}: {text(finding.message)}")
            out.append("")
    return "\n".join(out)


def render_changelog(log: Log, existing: str | None = None) -> str:
    """Release notes: each entry as ``oasgate changelog`` writes one pair, newest first."""
    from oasgate.report.changelog import render_markdown as changelog_markdown

    parts = [
        changelog_markdown(entry.report, ChangelogOptions(date=entry.commit.date), None)
        for entry in _newest_first(log)
        if entry.report is not None
    ]
    return "\n".join(parts) if parts else t("No changes in this range.") + "\n"


# -- JSON ----------------------------------------------------------------------------------


def _entry_data(entry: LogEntry) -> dict[str, Any]:
    commit = entry.commit
    report = entry.report
    data = {
        "commit": commit.id,
        "date": commit.date.isoformat(),
        "subject": commit.subject,
        "tags": list(commit.tags),
        "previous": entry.previous.id,
        "previous_tags": list(entry.previous.tags),
        "base": side_data(report.base) if report else None,
        "revision": side_data(report.revision) if report else None,
        "summary": summary_data(report.summary) if report else None,
        "findings": [finding_data(f) for f in _breaking_first(report)] if report else [],
        "error": entry.error,
    }
    if entry.dates is not None:  # --dates-from-git: a key of its own, absent without
        data["dates"] = list(entry.dates)
    return data


def render_json(log: Log, existing: str | None = None) -> str:
    """The JSON report's shape over the whole range — ``base`` the first state,
    ``revision`` the last, ``findings`` every entry's — and ``log``, the entries."""
    entries = _newest_first(log)
    reports = [e.report for e in log.entries if e.report is not None]
    findings = [f for e in entries if e.report is not None for f in _breaking_first(e.report)]
    total = Summary(
        error=sum(r.summary.error for r in reports),
        warning=sum(r.summary.warning for r in reports),
        info=sum(r.summary.info for r in reports),
        ignored=sum(r.summary.ignored for r in reports),
    )
    empty = {"source": log.spec, "openapi": "", "title": None, "version": None}
    data = {
        "version": REPORT_VERSION,
        "base": side_data(reports[0].base) if reports else empty,
        "revision": side_data(reports[-1].revision) if reports else empty,
        "summary": summary_data(total),
        "findings": [finding_data(f) for f in findings],
        "diagnostics": [diagnostic_data(d) for r in reports[-1:] for d in r.diagnostics],
        "log": {
            "spec": log.spec,
            "start": log.start.id if log.start else None,
            "commits": log.commits,
            "entries": [_entry_data(e) for e in entries],
        },
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


# -- feeds ---------------------------------------------------------------------------------


def _feed(log: Log, existing: str | None, kind: str) -> str:
    from oasgate.report import feed

    render = feed.render_atom if kind == "atom" else feed.render_rss
    text = existing
    for entry in log.entries:  # oldest first: each is added at the top
        if entry.report is not None:
            text = render(entry.report, ChangelogOptions(date=entry.commit.date), text)
    if text is None:
        raise OasgateError(
            f"{log.spec}: no changes in this range, so no feed entry to write",
            hint="widen the range (--since, --range) or leave out --breaking-only",
        )
    return text


def render_atom(log: Log, existing: str | None = None) -> str:
    return _feed(log, existing, "atom")


def render_rss(log: Log, existing: str | None = None) -> str:
    return _feed(log, existing, "rss")


# -- the registry --------------------------------------------------------------------------


def _assert_never(value: NoReturn) -> NoReturn:
    raise AssertionError(f"unhandled log format: {value!r}")


def log_renderer(fmt: LogFormat) -> LogRenderer:
    if fmt is LogFormat.TEXT:
        return render_text
    if fmt is LogFormat.JSON:
        return render_json
    if fmt is LogFormat.MARKDOWN:
        return render_markdown
    if fmt is LogFormat.CHANGELOG:
        return render_changelog
    if fmt is LogFormat.ATOM:
        return render_atom
    if fmt is LogFormat.RSS:
        return render_rss
    _assert_never(fmt)
