"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI...).

One ``testcase`` per finding, named after its rule and message, its class name the
operation (or shared component) it belongs to:

- a finding at or above the fail level (``--fail-on``) is a **failure** — exactly the
  findings that make the gate exit 1;
- a finding below it passes, with its details in ``system-out``;
- an ignored finding is **skipped**, with the ignore reason.

Diagnostics (problems in the input documents) form a second test suite of passing
cases. With no findings the report is a well-formed, empty test suite.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from oasgate.findings import Diagnostic, Finding, Report
from oasgate.report.common import (
    artifact_path,
    attribute_pairs,
    group_title,
    operations_line,
    xml_safe,
)


def _details(finding: Finding) -> str:
    lines = [
        f"severity: {finding.severity.value}",
        f"classification: {finding.classification.value}",
        f"lifecycle status: {finding.status}",
        f"rule: {finding.rule}",
    ]
    if finding.operations:
        lines.append(
            f"operations ({len(finding.operations)}): {operations_line(finding, limit=20)}"
        )
    for side, location in (("revision", finding.revision), ("base", finding.base)):
        if location is not None:
            lines.append(f"{side}: {location} ({location.pointer or '/'})")
    lines.append(f"fingerprint: {finding.fingerprint}")
    if finding.ignored:
        lines.append(f"ignored: {finding.ignore_reason or 'no reason given'}")
    return xml_safe("\n".join(lines))


def _testcase(suite: ET.Element, finding: Finding, report: Report) -> str:
    """Adds the case; returns its outcome: ``failure``, ``skipped`` or ``passed``."""
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": xml_safe(group_title(finding)),
            "name": xml_safe(f"{finding.rule}: {finding.message}"),
            "time": "0",
        },
    )
    if finding.attributes:
        properties = ET.SubElement(case, "properties")
        for name, value in attribute_pairs(finding):
            ET.SubElement(
                properties, "property", {"name": xml_safe(name), "value": xml_safe(value)}
            )
    location = finding.location
    if location is not None:
        case.set("file", xml_safe(artifact_path(report, location.file)[0]))
        if location.line is not None:
            case.set("line", str(location.line))
    if finding.ignored:
        ET.SubElement(
            case,
            "skipped",
            {"message": xml_safe(f"ignored: {finding.ignore_reason or 'no reason given'}")},
        )
        ET.SubElement(case, "system-out").text = _details(finding)
        return "skipped"
    if finding.severity.at_least(report.fail_on):
        failure = ET.SubElement(
            case,
            "failure",
            {
                "type": finding.rule,
                "message": xml_safe(f"{finding.severity.value}: {finding.message}"),
            },
        )
        failure.text = _details(finding)
        return "failure"
    ET.SubElement(case, "system-out").text = _details(finding)
    return "passed"


def _diagnostic_case(suite: ET.Element, diagnostic: Diagnostic) -> None:
    location = diagnostic.location
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": xml_safe(location.file),
            "name": xml_safe(f"{diagnostic.code}: {diagnostic.message}"),
            "time": "0",
            "file": xml_safe(location.file),
        },
    )
    if location.line is not None:
        case.set("line", str(location.line))
    ET.SubElement(case, "system-out").text = xml_safe(
        f"{diagnostic.severity.value}: {diagnostic.message} ({diagnostic.code}) at {location}"
    )


def _suite(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, "testsuite", {"name": xml_safe(name)})


def _count(element: ET.Element, tests: int, failures: int, skipped: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))
    element.set("time", "0")


def render(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "oasgate"})
    findings_suite = _suite(root, f"oasgate check: {report.base.source} → {report.revision.source}")
    properties = ET.SubElement(findings_suite, "properties")
    for name, value in (
        ("base", report.base.source),
        ("revision", report.revision.source),
        ("fail-on", report.fail_on.value),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_safe(value)})
    outcomes = [_testcase(findings_suite, f, report) for f in report.findings]
    failures = outcomes.count("failure")
    skipped = outcomes.count("skipped")
    _count(findings_suite, len(outcomes), failures, skipped)
    tests = len(outcomes)
    if report.diagnostics:
        diagnostics_suite = _suite(root, "oasgate diagnostics")
        for diagnostic in report.diagnostics:
            _diagnostic_case(diagnostics_suite, diagnostic)
        _count(diagnostics_suite, len(report.diagnostics), 0, 0)
        tests += len(report.diagnostics)
    _count(root, tests, failures, skipped)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
