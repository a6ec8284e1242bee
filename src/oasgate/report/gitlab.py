"""GitLab code quality report (``artifacts: reports: codequality``).

A JSON array of issues, each with ``description``, ``check_name``, ``fingerprint``
(ours: GitLab compares the issues of the merge request with the target branch's
by it), ``severity`` and ``location.path`` / ``location.lines.begin``. Ignored
findings are left out (GitLab has no suppressions); diagnostics are ``minor``
issues named ``diagnostic/<code>``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from oasgate.findings import Diagnostic, Finding, Location, Report, Severity
from oasgate.report.common import artifact_path, operations_line

_SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def _location(report: Report, location: Location | None) -> dict[str, Any]:
    """``path`` relative to the repository root (a git revision's ``REV:`` dropped)."""
    if location is None:
        return {"path": "", "lines": {"begin": 1}}
    path = artifact_path(report, location.file)[0]
    return {"path": path, "lines": {"begin": location.line or 1}}


def _issue(report: Report, finding: Finding) -> dict[str, Any]:
    description = finding.message
    if finding.operations:
        description += f" ({operations_line(finding)})"
    return {
        "type": "issue",
        "engine_name": "oasgate",
        "check_name": finding.rule,
        "description": description,
        "categories": ["Compatibility"],
        "severity": _SEVERITY[finding.severity],
        "fingerprint": finding.fingerprint,
        "location": _location(report, finding.location),
        # ``--attributes`` (docs/templates.md); GitLab ignores keys it does not know
        **({"attributes": dict(finding.attributes)} if finding.attributes else {}),
    }


def _diagnostic_issue(report: Report, diagnostic: Diagnostic) -> dict[str, Any]:
    identity = "\x1e".join(
        (diagnostic.code, diagnostic.message, diagnostic.location.file, diagnostic.location.pointer)
    )
    return {
        "type": "issue",
        "engine_name": "oasgate",
        "check_name": f"diagnostic/{diagnostic.code}",
        "description": diagnostic.message,
        "categories": ["Bug Risk"],
        "severity": "minor",
        "fingerprint": hashlib.sha256(identity.encode()).hexdigest()[:20],
        "location": _location(report, diagnostic.location),
    }


def render(report: Report) -> str:
    issues = [_issue(report, f) for f in report.active_findings]
    issues += [_diagnostic_issue(report, d) for d in report.diagnostics]
    return orjson.dumps(issues, option=orjson.OPT_INDENT_2).decode() + "\n"
