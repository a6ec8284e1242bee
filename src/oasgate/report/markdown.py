"""Markdown for a pull-request comment (and the GitHub Actions job summary).

The verdict and counts first; then the changes that need attention (errors and
warnings) grouped by operation; then everything else collapsed in ``<details>``:
other changes, ignored findings, diagnostics. Spec text comes from an untrusted
pull request, so it is escaped: no Markdown or HTML of its own, no ``@mentions``,
no broken tables. Long reports are cut to stay well under GitHub's comment size limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from oasgate.findings import Finding, Report, Severity
from oasgate.i18n import t
from oasgate.report.common import (
    attributes_line,
    grouped,
    operations_line,
    printable,
    scope_lines,
    side_label,
)
from oasgate.version import __version__

_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}
#: rows shown per section before "… and N more" (GitHub comments stop at 65,536 characters)
ATTENTION_ROWS = 150
OTHER_ROWS = 100

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_MENTION = re.compile(r"@(?=\w)")


def text(value: str) -> str:
    """Inline text, inert: HTML escaped, Markdown punctuation escaped, one line, and no
    ``@mention`` (a zero-width space breaks the pattern without changing what is read)."""
    value = printable(" ".join(value.splitlines()))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    return _MENTION.sub("@\u200b", value)


def code(value: str, *, in_table: bool = True) -> str:
    """An inline code span that survives backticks inside ``value`` (and pipes, in a table
    cell, where GitHub splits cells on them even inside code)."""
    value = printable(" ".join(value.splitlines()))
    if in_table:
        value = value.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _where(finding: Finding) -> str:
    location = finding.location
    if location is None:
        return ""
    return code(f"{location.file}:{location.line}" if location.line else location.file)


def _finding_row(finding: Finding) -> str:
    change = text(finding.message)
    if len(finding.operations) > 1:
        change += (
            "<br><sub>"
            + t(
                "affects {count} operations: {operations}",
                count=len(finding.operations),
                operations=text(operations_line(finding)),
            )
            + "</sub>"
        )
    if finding.status != "stable":
        status = t("lifecycle status: {status}", status=text(t(finding.status)))
        change += f"<br><sub>{status}</sub>"
    if len(finding.all_places) > 1:
        change += f"<br><sub>{t('made in {count} places', count=len(finding.all_places))}</sub>"
    if finding.hint:
        change += f"<br><sub>{t('hint: {hint}', hint=text(finding.hint))}</sub>"
    if finding.attributes:
        shown = t("attributes: {attributes}", attributes=text(attributes_line(finding)))
        change += f"<br><sub>{shown}</sub>"
    severity = f"{_ICON[finding.severity]} {t(finding.severity.value)}"
    return (
        f"| {severity} | {change} | {code(finding.rule)} | "
        f"{text(finding.classification.value)} | {_where(finding)} |"
    )


def _findings_tables(findings: Sequence[Finding], limit: int) -> list[str]:
    out: list[str] = []
    shown = 0
    for title, group in grouped(findings).items():
        if shown >= limit:
            break
        out.append(f"**{text(title)}**")
        out.append("")
        out.append(t("| severity | change | rule | classification | where |"))
        out.append("|---|---|---|---|---|")
        for finding in group[: limit - shown]:
            out.append(_finding_row(finding))
            shown += 1
        out.append("")
    if len(findings) > shown:
        out.append(t("… and {count} more (see the full report).", count=len(findings) - shown))
        out.append("")
    return out


def _details(summary: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "</details>", ""]


def render(report: Report) -> str:
    active = report.active_findings
    attention = [f for f in active if f.severity is not Severity.INFO]
    other = [f for f in active if f.severity is Severity.INFO]
    ignored = [f for f in report.findings if f.ignored]
    summary = report.summary
    verdict = (
        t("❌ oasgate: the gate failed") if report.failed else t("✅ oasgate: the gate passed")
    )
    out = [
        f"### {verdict}",
        "",
        t(
            "**{error} error(s)**, {warning} warning(s), {info} info, {ignored} ignored — "
            "{base} → {revision}, fail on **{severity}**",
            error=summary.error,
            warning=summary.warning,
            info=summary.info,
            ignored=summary.ignored,
            base=text(side_label(report, "base")),
            revision=text(side_label(report, "revision")),
            severity=t(report.fail_on.value),
        ),
        "",
    ]
    scope = scope_lines(report)
    if scope:
        out += [*(f"<sub>{text(line)}</sub><br>" for line in scope), ""]
    out.append(f"#### {t('Breaking changes')}")
    out.append("")
    if attention:
        out += _findings_tables(attention, ATTENTION_ROWS)
    else:
        out += [t("No breaking changes."), ""]
    if other:
        out += _details(
            t("Other changes ({count})", count=len(other)),
            _findings_tables(other, OTHER_ROWS),
        )
    if ignored:
        rows = [t("| change | rule | reason |"), "|---|---|---|"]
        unexplained = t("no reason given")
        rows += [
            f"| {text(f.message)} | {code(f.rule)} | {text(f.ignore_reason or unexplained)} |"
            for f in ignored[:OTHER_ROWS]
        ]
        if len(ignored) > OTHER_ROWS:
            rows.append(f"| … and {len(ignored) - OTHER_ROWS} more | | |")
        out += _details(t("Ignored ({count})", count=len(ignored)), [*rows, ""])
    if report.diagnostics:
        rows = ["| problem | code | where |", "|---|---|---|"]
        rows += [
            f"| {text(d.message)} | {code(d.code)} | {code(str(d.location))} |"
            for d in report.diagnostics[:OTHER_ROWS]
        ]
        if len(report.diagnostics) > OTHER_ROWS:
            rows.append(f"| … and {len(report.diagnostics) - OTHER_ROWS} more | | |")
        out += _details(f"Diagnostics ({len(report.diagnostics)})", [*rows, ""])
    out.append(f"<sub>oasgate {__version__}</sub>")
    return "\n".join(out) + "\n"
