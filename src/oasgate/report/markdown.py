"""Markdown for a pull-request comment (and the GitHub Actions job summary).

The verdict and counts first; then the changes that need attention (errors and
warnings) in one table, grouped by operation; then everything else collapsed in
``<details>``: other changes, ignored findings, diagnostics. Spec text comes from an
untrusted pull request, so it is escaped: no Markdown or HTML of its own, no
``@mentions``, no broken tables.

GitHub refuses a comment over 65,536 characters, so the comment is capped by characters
(:data:`MAX_CHARS`), not rows: the errors are always listed in full (a gate that failed
must say why), then warnings, other changes, ignored findings and diagnostics as far as
they fit, and one closing line counts what was left out and names the full report.
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
from oasgate.report.witness_view import witness_body, witness_heading
from oasgate.version import __version__

_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}
#: the longest comment rendered, in characters: GitHub refuses a comment over 65,536, and
#: the margin leaves room for what a workflow adds around the report
MAX_CHARS = 60_000
#: kept free for the closing line that counts what did not fit
_OMITTED_RESERVE = 400
_FULL_REPORT = "the run's other reports (e.g. `--format html=report.html`, or the job's artifacts)"

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


def _change_cell(finding: Finding) -> str:
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
    return change


def _findings_header() -> list[str]:
    return [
        t("| severity | operation | change | rule | classification | where |"),
        "|---|---|---|---|---|---|",
    ]


def _finding_rows(findings: Sequence[Finding]) -> list[str]:
    """One row per finding, grouped by operation (or shared component); the group is
    named on its first row only, so a long report repeats no table header."""
    rows: list[str] = []
    for title, group in grouped(findings).items():
        for position, finding in enumerate(group):
            operation = f"**{text(title)}**" if position == 0 else ""
            rows.append(
                f"| {_ICON[finding.severity]} {t(finding.severity.value)} | {operation} | "
                f"{_change_cell(finding)} | "
                f"{code(finding.rule)} | {text(finding.classification.value)} | "
                f"{_where(finding)} |"
            )
    return rows


class _Budget:
    """Characters left for the comment; what did not fit is counted, to be named in the
    closing line."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.omitted = 0

    def take(self, rows: Sequence[str], overhead: int) -> list[str]:
        """The leading rows that fit, with ``overhead`` (the block's header and closing
        lines) paid when at least one does; the others are counted as omitted."""
        kept: list[str] = []
        cost = overhead
        for row in rows:
            if self.left - cost - len(row) - 1 < 0:
                break
            cost += len(row) + 1
            kept.append(row)
        if kept:
            self.left -= cost
        self.omitted += len(rows) - len(kept)
        return kept


def _details(summary: str, body: list[str]) -> list[str]:
    return ["<details>", f"<summary>{summary}</summary>", "", *body, "</details>", ""]


#: characters of one witness shown in a comment (the JSON and HTML reports show all)
WITNESS_CHARS = 1500


def _witnesses(findings: Sequence[Finding]) -> list[str]:
    """``--explain``: each error finding's witness, collapsed (docs/witnesses.md)."""
    proved = [f for f in findings if f.witness is not None]
    body: list[str] = []
    for finding in proved:
        assert finding.witness is not None
        body += [f"- {text(finding.message)} ({code(finding.rule, in_table=False)})"]
        body += [f"  {text(witness_heading(finding.witness))}", ""]
        if finding.witness.found:
            shown = witness_body(finding.witness)
            if len(shown) > WITNESS_CHARS:
                shown = shown[:WITNESS_CHARS] + "\n…"
            lines = [printable(line) for line in shown.splitlines() or [""]]
            longest = max((len(r) for r in re.findall(r"`+", "\n".join(lines))), default=0)
            fence = "`" * max(3, longest + 1)
            kind = "text" if finding.witness.text is not None else "json"
            body += [f"  {fence}{kind}", *(f"  {line}" for line in lines), f"  {fence}"]
            body.append("")
    if not proved:
        return []
    return _details(f"Witnesses ({len(proved)})", body)


def _block_cost(lines: Sequence[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def render(report: Report, *, max_chars: int = MAX_CHARS, full_report: str | None = None) -> str:
    """The comment, at most ``max_chars`` characters unless the errors alone need more
    (they are never cut). ``full_report`` (a URL or a sentence) is where the closing
    line sends readers when something did not fit."""
    active = report.active_findings
    errors = [f for f in active if f.severity is Severity.ERROR]
    warnings = [f for f in active if f.severity is Severity.WARNING]
    other = [f for f in active if f.severity is Severity.INFO]
    ignored = [f for f in report.findings if f.ignored]
    summary = report.summary
    verdict = (
        t("❌ oasgate: the gate failed") if report.failed else t("✅ oasgate: the gate passed")
    )
    head = [
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
        *(f"<sub>{text(line)}</sub><br>" for line in scope_lines(report)),
        *([""] if scope_lines(report) else []),
        f"#### {t('Breaking changes')}",
        "",
    ]
    footer = [f"<sub>oasgate {__version__}</sub>"]
    error_rows = _finding_rows(errors)
    budget = _Budget(max_chars - _block_cost([*head, *footer]) - _OMITTED_RESERVE)
    # the errors first, whatever they cost
    budget.left -= _block_cost([*_findings_header(), *error_rows, ""]) if errors else 0
    attention = error_rows + budget.take(
        _finding_rows(warnings), 0 if errors else _block_cost([*_findings_header(), ""])
    )
    out = list(head)
    out += [*_findings_header(), *attention, ""] if attention else [t("No breaking changes."), ""]
    # --explain: the errors' witnesses, after them, as far as the budget allows
    proofs = _witnesses(errors)
    if proofs and _block_cost(proofs) <= budget.left:
        budget.left -= _block_cost(proofs)
        out += proofs
    elif proofs:
        budget.omitted += sum(1 for f in errors if f.witness is not None)
    if other:
        rows = budget.take(
            _finding_rows(other), _block_cost(_details("x" * 40, _findings_header()))
        )
        if rows:
            out += _details(
                t("Other changes ({count})", count=len(other)), [*_findings_header(), *rows, ""]
            )
    if ignored:
        header = [t("| change | rule | reason |"), "|---|---|---|"]
        rows = budget.take(
            [
                f"| {text(f.message)} | {code(f.rule)} | "
                f"{text(f.ignore_reason or t('no reason given'))} |"
                for f in ignored
            ],
            _block_cost(_details("x" * 40, header)),
        )
        if rows:
            out += _details(t("Ignored ({count})", count=len(ignored)), [*header, *rows, ""])
    if report.diagnostics:
        header = ["| problem | code | where |", "|---|---|---|"]
        rows = budget.take(
            [
                f"| {text(d.message)} | {code(d.code)} | {code(str(d.location))} |"
                for d in report.diagnostics
            ],
            _block_cost(_details("x" * 40, header)),
        )
        if rows:
            out += _details(f"Diagnostics ({len(report.diagnostics)})", [*header, *rows, ""])
    if budget.omitted:
        where = text(full_report) if full_report else _FULL_REPORT
        out += [
            f"*… {budget.omitted} more not shown: this comment stops at "
            f"{max_chars:,} characters. The full report: {where}.*",
            "",
        ]
    out += footer
    return "\n".join(out) + "\n"
