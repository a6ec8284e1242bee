"""The terminal report: findings grouped by operation, most severe first, and a summary.

Rendered with rich onto a given console; ``render`` records to a string so the
output is testable and byte-identical for identical input. Colours follow rich's
rules, which honour ``NO_COLOR``.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape

from oasgate.findings import Finding, Report, Severity
from oasgate.report.common import grouped, operations_line, printable

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def _safe(text: str) -> str:
    return escape(printable(text))


def print_report(report: Report, console: Console, *, show_info: bool = True) -> None:
    groups = grouped(
        f for f in report.active_findings if show_info or f.severity is not Severity.INFO
    )
    for operation, findings in groups.items():
        console.print(f"[bold]{_safe(operation)}[/bold]")
        for finding in findings:
            _print_finding(finding, console)
        console.print()
    ignored = [f for f in report.findings if f.ignored]
    if ignored:
        console.print("[bold]ignored[/bold]")
        for finding in ignored:
            console.print(
                f"  [dim]{_safe(finding.message)} \\[{finding.rule}] — "
                f"{_safe(finding.ignore_reason or 'no reason given')}[/dim]"
            )
        console.print()
    for diagnostic in report.diagnostics:
        console.print(
            f"[magenta]diagnostic[/magenta] {_safe(str(diagnostic.location))}: "
            f"{_safe(diagnostic.message)} [dim]({_safe(diagnostic.code)})[/dim]"
        )
    summary = report.summary
    verdict = "[bold red]FAILED[/bold red]" if report.failed else "[bold green]passed[/bold green]"
    console.print(
        f"{verdict}: {summary.error} error(s), {summary.warning} warning(s), "
        f"{summary.info} info, {summary.ignored} ignored "
        f"[dim]({_safe(report.base.source)} → {_safe(report.revision.source)}, fail on "
        f"{report.fail_on.value})[/dim]"
    )


def _print_finding(finding: Finding, console: Console) -> None:
    style = _STYLE[finding.severity]
    location = finding.location
    where = f" [dim]{_safe(str(location))}[/dim]" if location else ""
    console.print(
        f"  [{style}]{_LABEL[finding.severity]:7}[/{style}] {_safe(finding.message)} "
        f"[dim]\\[{finding.rule}][/dim]{where}"
    )
    if len(finding.operations) > 1:
        console.print(
            f"          [dim]affects {len(finding.operations)} operations: "
            f"{_safe(operations_line(finding))}[/dim]"
        )
    if finding.status != "stable":
        console.print(f"          [dim]status: {finding.status}[/dim]")


def render(report: Report) -> str:
    """Plain text (no colour codes), for files and tests."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=120,
        color_system=None,
        force_terminal=False,
        no_color=True,
        highlight=False,
        emoji=False,
        soft_wrap=True,
    )
    print_report(report, console)
    return buffer.getvalue()
