"""The JSON report: the machine-readable contract CI pipelines parse.

Its shape is described by ``report.schema.json`` (shipped with the package) and its
``version`` follows the policy in ``docs/reports.md``: a change of shape bumps it.
"""

from __future__ import annotations

from typing import Any

import orjson

from oasgate.findings import Diagnostic, Finding, Location, Report, SourceInfo, Summary
from oasgate.report.witness_view import witness_data

#: The report's shape version (``docs/reports.md``): 2 added ``locations``, ``hint`` and
#: the classification kinds ``lifecycle`` and ``annotation``.
REPORT_VERSION = 2


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
    base = location_data(finding.base)
    revision = location_data(finding.revision)

    def located(location: Location | None) -> dict[str, Any] | None:
        # the first place is the finding's own two locations: their data built once
        if location is finding.base:
            return base
        if location is finding.revision:
            return revision
        return location_data(location)

    data: dict[str, Any] = {
        "id": finding.rule,
        "severity": finding.severity.value,
        "classification": finding.classification.value,
        "message": finding.message,
        "operations": list(finding.operations),
        "status": finding.status,
        "base": base,
        "revision": revision,
        "fingerprint": finding.fingerprint,
        "locations": [
            {"base": located(place.base), "revision": located(place.revision)}
            for place in finding.all_places
        ],
    }
    if finding.hint:
        data["hint"] = finding.hint
    if finding.witness is not None:
        data["witness"] = witness_data(finding.witness)
    if finding.attributes:
        data["attributes"] = {op: dict(values) for op, values in finding.attributes.items()}
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


def side_data(info: SourceInfo) -> dict[str, Any]:
    return {
        "source": info.source,
        "openapi": info.openapi_version,
        "title": info.title,
        "version": info.api_version,
    }


def summary_data(summary: Summary) -> dict[str, int]:
    return {
        "error": summary.error,
        "warning": summary.warning,
        "info": summary.info,
        "ignored": summary.ignored,
    }


def report_data(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": REPORT_VERSION,
        "base": side_data(report.base),
        "revision": side_data(report.revision),
        "summary": summary_data(report.summary),
        "findings": [finding_data(f) for f in report.findings],
        "diagnostics": [diagnostic_data(d) for d in report.diagnostics],
    }
    # present only when set, so that a report without them keeps its exact shape
    if report.prefixes:
        data["inputs"] = {
            "map-prefix": [{"base": old, "revision": new} for old, new in report.prefixes]
        }
    if report.filtered is not None:
        data["filtered"] = {
            "total": report.filtered.total,
            "filters": [
                {"filter": name, "value": value, "changes": count}
                for name, value, count in report.filtered.counts
            ],
        }
    return data


def render(report: Report) -> str:
    return encode(report).decode()


def encode(report: Report) -> bytes:
    """The report's JSON as UTF-8 bytes (what the command line writes)."""
    return orjson.dumps(report_data(report), option=orjson.OPT_INDENT_2) + b"\n"
