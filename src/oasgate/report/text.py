"""The terminal report: findings grouped by operation, most severe first, and a summary.

Rendered with rich onto a given console; ``render`` records to a string so the
output is testable and byte-identical for identical input. Colours follow rich's
rules, which honour ``NO_COLOR``.
"""

from __future__ import annotations

import io
from collections import defaultdict

from rich.console import Console
from rich.markup import escape

from oasgate.findings import Finding, Report, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def print_report(report: Report, console: Console, *, show_info: bool = True) -> None:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.active_findings:
        if finding.severity is Severity.INFO and not show_info:
            continue
        groups[group_title(finding)].append(finding)
    for operation, findings in groups.items():
        console.print(f"[bold]{escape(operation)}[/bold]")
        for finding in findings:
            _print_finding(finding, console)
        console.print()
    for diagnostic in report.diagnostics:
        console.print(
            f"[magenta]diagnostic[/magenta] {escape(str(diagnostic.location))}: "
            f"{escape(diagnostic.message)} [dim]({diagnostic.code})[/dim]"
        )
    summary = report.summary
    verdict = "[bold red]FAILED[/bold red]" if report.failed else "[bold green]passed[/bold green]"
    console.print(
        f"{verdict}: {summary.error} error(s), {summary.warning} warning(s), "
        f"{summary.info} info, {summary.ignored} ignored "
        f"[dim]({report.base.source} → {report.revision.source}, fail on "
        f"{report.fail_on.value})[/dim]"
    )


def group_title(finding: Finding) -> str:
    """Findings are grouped by operation; a change inside a component shared by several
    operations gets a group of its own, named after the component."""
    location = finding.revision or finding.base
    if len(finding.operations) > 1 and location and location.pointer.startswith("/components/"):
        parts = location.pointer.split("/")
        if len(parts) > 3:
            kind = parts[2].rstrip("s").replace("requestBodie", "requestBody")
            return f"{kind} {parts[3]} (shared by {len(finding.operations)} operations)"
    return finding.operations[0] if finding.operations else "(document)"


def _print_finding(finding: Finding, console: Console) -> None:
    style = _STYLE[finding.severity]
    location = finding.location
    where = f" [dim]{escape(str(location))}[/dim]" if location else ""
    console.print(
        f"  [{style}]{_LABEL[finding.severity]:7}[/{style}] {escape(finding.message)} "
        f"[dim]\\[{finding.rule}][/dim]{where}"
    )
    if len(finding.operations) > 1:
        shown = ", ".join(finding.operations[:5])
        more = f" and {len(finding.operations) - 5} more" if len(finding.operations) > 5 else ""
        console.print(
            f"          [dim]affects {len(finding.operations)} operations: "
            f"{escape(shown)}{more}[/dim]"
        )
    if finding.status != "stable":
        console.print(f"          [dim]status: {finding.status}[/dim]")


def render(report: Report) -> str:
    """Plain text (no colour codes), for files and tests."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=120, no_color=True, highlight=False, emoji=False, soft_wrap=True
    )
    print_report(report, console)
    return buffer.getvalue()
