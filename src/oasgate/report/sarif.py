"""SARIF 2.1.0, for GitHub code scanning and any other SARIF consumer.

One run; one ``reportingDescriptor`` per catalogue rule that the report uses
(sorted by id); one result per finding, located at the revision's file:line
(the base's when the change has no revision side) with the base location as a
related location. Paths are relative to the repository root, named by the
``SRCROOT`` base id (docs/reports.md, "Paths in reports"). ``partialFingerprints``
carries our fingerprint so consumers track a finding across commits; ignored findings
are results with an external suppression; diagnostics are tool execution notifications.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import orjson

from oasgate.findings import Diagnostic, Finding, Location, Report, Severity
from oasgate.report.common import (
    PROJECT_URL,
    artifact_path,
    operations_line,
    rule_doc_url,
    rule_text,
)
from oasgate.report.witness_view import witness_data
from oasgate.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
#: the base id of every relative URI: the repository root (or ``--path-base``), which the
#: consumer knows (code scanning: the checkout) and the report does not name
SOURCE_ROOT = "SRCROOT"
FINGERPRINT_KEY = "oasgate/v1"

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DEFAULT_LEVEL = {"breaking": "error", "warning": "warning"}


def artifact_uri(file: str) -> str:
    """A file name as a URI reference: relative paths stay relative (consumers resolve
    them against the repository root), absolute paths — a file outside the path base —
    become ``file://`` URIs, URLs stay as they are."""
    if _URL.match(file):
        return file
    posix = file.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    if len(posix) > 2 and posix[1] == ":" and posix[2] == "/":  # C:/…
        return "file:///" + posix[:2] + quote(posix[2:], safe="/")
    return quote(posix, safe="/")


def artifact_location(path: str) -> dict[str, Any]:
    """A repository path as an ``artifactLocation``: relative to ``SRCROOT``, unless it is
    a URL or a file outside the repository (then an absolute URI)."""
    uri = artifact_uri(path)
    if "://" in uri or uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": SOURCE_ROOT}


def _artifact(report: Report, location: Location) -> dict[str, Any]:
    return artifact_location(artifact_path(report, location.file)[0])


def _physical(report: Report, location: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(report, location)}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        physical["region"] = region
    return physical


def _location(
    report: Report, location: Location, *, id_: int | None = None, note: str = ""
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if id_ is not None:
        data["id"] = id_
    data["physicalLocation"] = _physical(report, location)
    data["logicalLocations"] = [{"fullyQualifiedName": location.pointer or "/"}]
    if note:
        data["message"] = {"text": note}
    return data


def _rule_name(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _descriptor(rule_id: str) -> dict[str, Any]:
    text = rule_text(rule_id)
    full = text.summary + (f". {text.rationale}" if text.rationale else "")
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": text.summary},
        "fullDescription": {"text": full},
        "helpUri": rule_doc_url(rule_id),
        "help": {
            "text": f"{full}\nSide of the wire: {text.side}. Default: {text.classification}.",
            "markdown": (
                f"{full}\n\nSide of the wire: **{text.side}**. Default classification: "
                f"**{text.classification}**. See [{rule_id}]({rule_doc_url(rule_id)})."
            ),
        },
        "defaultConfiguration": {"level": _DEFAULT_LEVEL.get(text.classification, "note")},
        "properties": {
            "tags": ["openapi", "api-compatibility", text.side, text.classification],
            "classification": text.classification,
            "side": text.side,
            "kind": text.kind,
        },
    }


def _message(finding: Finding) -> str:
    text = finding.message
    if len(finding.operations) > 1:
        text += f" (affects {len(finding.operations)} operations: {operations_line(finding)})"
    elif finding.operations:
        text += f" ({finding.operations[0]})"
    return text


def _base_note(report: Report, location: Location) -> str:
    revision = artifact_path(report, location.file)[1]
    return "in the base document" + (f" (at git revision {revision})" if revision else "")


def _result(report: Report, finding: Finding, rule_index: int) -> dict[str, Any]:
    primary = finding.location
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [_location(report, primary)] if primary else [],
    }
    if finding.base is not None and finding.revision is not None:
        result["relatedLocations"] = [
            _location(report, finding.base, id_=1, note=_base_note(report, finding.base))
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.ignored:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": finding.ignore_reason or "ignored in the oasgate configuration",
            }
        ]
    result["properties"] = {
        "classification": finding.classification.value,
        "status": finding.status,
        "operations": list(finding.operations),
        "fingerprint": finding.fingerprint,
    }
    if finding.hint:
        result["properties"]["hint"] = finding.hint
    if finding.attributes:
        result["properties"]["attributes"] = {
            op: dict(values) for op, values in finding.attributes.items()
        }
    if len(finding.all_places) > 1:
        result["properties"]["places"] = len(finding.all_places)
    if finding.witness is not None:
        result["properties"]["witness"] = witness_data(finding.witness)
    return result


def _notification(report: Report, diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "descriptor": {"id": diagnostic.code},
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(report, diagnostic.location)],
    }


def sarif_data(report: Report) -> dict[str, Any]:
    rule_ids = sorted({f.rule for f in report.findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "oasgate",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [_descriptor(rule_id) for rule_id in rule_ids],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            _notification(report, d) for d in report.diagnostics
                        ],
                    }
                ],
                "originalUriBaseIds": {
                    SOURCE_ROOT: {
                        "description": {
                            "text": "The repository root (or oasgate's --path-base): every "
                            "relative uri is relative to it."
                        }
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(report, f, index[f.rule]) for f in report.findings],
                "properties": {
                    "base": report.base.source,
                    "revision": report.revision.source,
                    "failOn": report.fail_on.value,
                    "failed": report.failed,
                },
            }
        ],
    }


def render(report: Report) -> str:
    return orjson.dumps(sarif_data(report), option=orjson.OPT_INDENT_2).decode() + "\n"
