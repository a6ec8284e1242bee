"""The JSON report: the stable, machine-readable schema of SPEC §6 (``version: 1``)."""

from __future__ import annotations

from typing import Any

import orjson

from oasgate.findings import Diagnostic, Finding, Location, Report


def location_data(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "file": location.file,
        "pointer": location.pointer,
        "line": location.line,
        "column": location.column,
    }


def finding_data(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": finding.rule,
        "severity": finding.severity.value,
        "classification": finding.classification.value,
        "message": finding.message,
        "operations": list(finding.operations),
        "status": finding.status,
        "base": location_data(finding.base),
        "revision": location_data(finding.revision),
        "fingerprint": finding.fingerprint,
    }
    if finding.ignored:
        data["ignored"] = True
        data["ignore_reason"] = finding.ignore_reason
    return data


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
        "location": location_data(diagnostic.location),
    }


def report_data(report: Report) -> dict[str, Any]:
    def side(info: Any) -> dict[str, Any]:
        return {
            "source": info.source,
            "openapi": info.openapi_version,
            "title": info.title,
            "version": info.api_version,
        }

    return {
        "version": 1,
        "base": side(report.base),
        "revision": side(report.revision),
        "summary": {
            "error": report.summary.error,
            "warning": report.summary.warning,
            "info": report.summary.info,
            "ignored": report.summary.ignored,
        },
        "findings": [finding_data(f) for f in report.findings],
        "diagnostics": [diagnostic_data(d) for d in report.diagnostics],
    }


def render(report: Report) -> str:
    return orjson.dumps(report_data(report), option=orjson.OPT_INDENT_2).decode() + "\n"
