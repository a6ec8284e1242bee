"""GitHub Actions workflow commands: one annotation per finding, a log group per operation.

``::error file=…,line=…,col=…,title=…::message`` (``warning`` and ``notice`` for the
lower severities). Values come from an untrusted pull request, so every one is
escaped as the runner expects: ``%``, ``\\r`` and ``\\n`` everywhere, and ``:``
and ``,`` in properties as well — a newline in a property name can never start a
workflow command of its own.
"""

from __future__ import annotations

from oasgate.findings import Finding, Location, Report, Severity
from oasgate.report.common import (
    artifact_path,
    attributes_line,
    counts_line,
    grouped,
    operations_line,
    printable,
)

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def printable_lines(text: str) -> str:
    """Control characters made visible, except the line breaks the annotation is made of."""
    return "\n".join(printable(line) for line in text.split("\n"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """A workflow command; control characters in the values are made visible first (the
    message keeps its line breaks, which the runner shows as lines of the annotation)."""
    props = ",".join(
        f"{key}={escape_property(printable(str(value)))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(printable_lines(message))}"


def _location_properties(report: Report, location: Location | None) -> dict[str, str | int | None]:
    """``file`` is a path in the repository (a git revision's ``REV:`` dropped): the
    runner attaches the annotation to that file of the checkout."""
    if location is None:
        return {}
    file = artifact_path(report, location.file)[0]
    return {"file": file, "line": location.line, "col": location.column}


def _annotation(report: Report, finding: Finding) -> str:
    lines = [finding.message.replace("\n", "\\n")]
    if len(finding.operations) > 1:
        lines.append(f"Affects {len(finding.operations)} operations: {operations_line(finding)}")
    if finding.base is not None and finding.revision is not None:
        lines.append(f"Base: {finding.base}")
    if finding.status != "stable":
        lines.append(f"Lifecycle status: {finding.status}")
    if finding.attributes:
        lines.append(f"Attributes: {attributes_line(finding)}")
    title = f"{finding.rule} ({finding.classification.value})"
    return command(
        _COMMAND[finding.severity],
        "\n".join(lines),
        **_location_properties(report, finding.location),
        title=title,
    )


def render(report: Report) -> str:
    out: list[str] = []
    for title, findings in grouped(report.active_findings).items():
        out.append(f"::group::{escape_data(printable(title))}")
        out.extend(_annotation(report, finding) for finding in findings)
        out.append("::endgroup::")
    for diagnostic in report.diagnostics:
        out.append(
            command(
                _COMMAND[diagnostic.severity],
                diagnostic.message.replace("\n", "\\n"),
                **_location_properties(report, diagnostic.location),
                title=f"oasgate diagnostic: {diagnostic.code}",
            )
        )
    verdict = "FAILED" if report.failed else "passed"
    out.append(
        escape_data(
            printable(
                f"oasgate {verdict}: {counts_line(report)} "
                f"({report.base.source} → {report.revision.source}, "
                f"fail on {report.fail_on.value})"
            )
        )
    )
    return "\n".join(out) + "\n"
