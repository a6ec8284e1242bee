"""The terminal report: findings grouped by operation, most severe first, and a summary.

The report is built once as lines of styled pieces. ``print_report`` shows them on a
rich console (colours follow rich's rules, which honour ``NO_COLOR``); ``render``
joins the same pieces without styles, for files and tests — byte-identical for
identical input, and fast on reports with thousands of findings (rich's per-line
rendering is not). Spec text is shown with its control characters escaped, so a pull
request cannot move the cursor or recolour the terminal.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from oasgate.findings import Finding, Report, Severity
from oasgate.i18n import t
from oasgate.phrases import N_
from oasgate.report.common import (
    attributes_line,
    counts_line,
    grouped,
    operations_line,
    printable,
    scope_lines,
)
from oasgate.report.witness_view import witness_line

if TYPE_CHECKING:
    from rich.console import Console

Piece = tuple[str, str | None]  # text, rich style
Line = list[Piece]

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}
_DIM = "dim"


def report_lines(report: Report, *, show_info: bool = True) -> list[Line]:
    lines: list[Line] = []
    groups = grouped(
        f for f in report.active_findings if show_info or f.severity is not Severity.INFO
    )
    for title, findings in groups.items():
        lines.append([(printable(title), "bold")])
        for finding in findings:
            lines.extend(_finding_lines(finding))
        lines.append([])
    ignored = [f for f in report.findings if f.ignored]
    if ignored:
        lines.append([(t("ignored"), "bold")])
        for finding in ignored:
            reason = finding.ignore_reason or t("no reason given")
            text = f"  {printable(finding.message)} [{finding.rule}] — {printable(reason)}"
            lines.append([(text, _DIM)])
        lines.append([])
    for diagnostic in report.diagnostics:
        lines.append(
            [
                ("diagnostic", "magenta"),
                (f" {printable(str(diagnostic.location))}: {printable(diagnostic.message)} ", None),
                (f"({printable(diagnostic.code)})", _DIM),
            ]
        )
    for scope in scope_lines(report):
        lines.append([(printable(scope), _DIM)])
    verdict = (t("FAILED"), "bold red") if report.failed else (t("passed"), "bold green")
    lines.append(
        [
            verdict,
            (f": {counts_line(report)} ", None),
            (
                t(
                    "({base} → {revision}, fail on {severity})",
                    base=printable(report.base.source),
                    revision=printable(report.revision.source),
                    severity=t(report.fail_on.value),
                ),
                _DIM,
            ),
        ]
    )
    return lines


def _finding_lines(finding: Finding) -> list[Line]:
    location = finding.location
    first: Line = [
        ("  ", None),
        (f"{t(_LABEL[finding.severity]):7}", _STYLE[finding.severity]),
        (f" {printable(finding.message)} ", None),
        (f"[{finding.rule}]", _DIM),
    ]
    if location is not None:
        first.append((f" {printable(str(location))}", _DIM))
    lines = [first]
    if len(finding.all_places) > 1:
        lines.append(
            [("          " + t("made in {count} places", count=len(finding.all_places)), _DIM)]
        )
    if len(finding.operations) > 1:
        lines.append(
            [
                (
                    "          "
                    + t(
                        "affects {count} operations: {operations}",
                        count=len(finding.operations),
                        operations=printable(operations_line(finding)),
                    ),
                    _DIM,
                )
            ]
        )
    if finding.status != "stable":
        lines.append(
            [("          " + t("status: {status}", status=t(printable(finding.status))), _DIM)]
        )
    if finding.attributes:
        shown = t("attributes: {attributes}", attributes=printable(attributes_line(finding)))
        lines.append([(f"          {shown}", _DIM)])
    if finding.hint:
        lines.append([("          " + t("hint: {hint}", hint=printable(finding.hint)), _DIM)])
    if finding.witness is not None:
        lines.append([(f"          {printable(witness_line(finding.witness))}", _DIM)])
    return lines


def wants_styles(stream: TextIO) -> bool:
    """Whether rich would style output to ``stream``: by its rules, ``TTY_COMPATIBLE``
    (0 or 1) first, then ``FORCE_COLOR`` (set and not empty), then whether it is a
    terminal. When it would not, the plain :func:`render` prints the same characters
    without importing rich (a tenth of a second on a small spec in CI)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def print_report(report: Report, console: Console, *, show_info: bool = True) -> None:
    from rich.text import Text

    text = Text()
    for line in report_lines(report, show_info=show_info):
        for piece, style in line:
            text.append(piece, style)
        text.append("\n")
    console.print(text, end="", soft_wrap=True, highlight=False)


def render(report: Report) -> str:
    """Plain text (no colour codes), for files and tests."""
    return "".join("".join(piece for piece, _ in line) + "\n" for line in report_lines(report))
