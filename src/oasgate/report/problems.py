"""``oasgate validate``'s reports: every problem of one document, in the formats that
suit a list of problems (text, json, markdown, sarif, junit, github, gitlab).

The format names mean what they mean for ``check`` (docs/cli.md): the same consumers
read them — code scanning, test-report viewers, workflow annotations, GitLab's widget.
A problem is a :class:`~oasgate.findings.Diagnostic`; in SARIF it is a *result* here
(``check`` lists diagnostics as tool notifications, beside its findings), because for
``validate`` the problems are the whole point. Pure functions of a :class:`Validation`.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import orjson
from msgspec import Struct

from oasgate.findings import Diagnostic, Severity
from oasgate.report.common import PROJECT_URL, xml_safe
from oasgate.version import __version__

#: the formats of ``oasgate validate``, in the order ``--help`` lists them
FORMATS = (
    ("text", "one line per problem, file:line first"),
    ("json", "the problems with their locations (version 1)"),
    ("markdown", "a table of the problems, for a pull-request comment"),
    ("sarif", "SARIF 2.1.0, one result per problem, for code scanning"),
    ("junit", "JUnit XML, one failed test case per problem"),
    ("github", "GitHub Actions workflow commands (annotations)"),
    ("gitlab", "GitLab code quality report"),
)


class Validation(Struct, frozen=True):
    """One validated document: its name, its OpenAPI version and its problems (file
    names already relative to the repository root)."""

    source: str
    openapi_version: str
    problems: tuple[Diagnostic, ...]
    #: the git revision the document was read at (``REV`` of ``REV:PATH``)
    git_revision: str | None = None

    def path(self, problem: Diagnostic) -> str:
        """The problem's file as a repository path (a ``REV:`` prefix dropped), for the
        formats whose readers open it in the checkout."""
        file = problem.location.file
        prefix = f"{self.git_revision}:" if self.git_revision else None
        return file[len(prefix) :] if prefix and file.startswith(prefix) else file

    @property
    def summary(self) -> str:
        if self.problems:
            return (
                f"{len(self.problems)} problem(s) in {self.source} (OpenAPI {self.openapi_version})"
            )
        return f"{self.source} is a valid OpenAPI {self.openapi_version} document"


def _text(validation: Validation) -> str:
    from oasgate.errors import printable

    lines = [
        printable(f"{p.location}: {p.severity.value}: {p.message} [{p.code}]")
        for p in validation.problems
    ]
    lines.append(printable(validation.summary))
    return "\n".join(lines) + "\n"


def _json(validation: Validation) -> str:
    from oasgate.report.json_report import diagnostic_data

    data = {
        "version": 1,
        "source": validation.source,
        "openapi": validation.openapi_version,
        "valid": not validation.problems,
        "problems": [diagnostic_data(p) for p in validation.problems],
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def _markdown(validation: Validation) -> str:
    from oasgate.report.markdown import code, text

    icon = "❌" if validation.problems else "✅"
    lines = [f"### {icon} oasgate validate: {text(validation.summary)}", ""]
    if validation.problems:
        lines += ["| severity | problem | code | where |", "|---|---|---|---|"]
        lines += [
            f"| {p.severity.value} | {text(p.message)} | {code(p.code)} | {code(str(p.location))} |"
            for p in validation.problems
        ]
        lines.append("")
    lines.append(f"<sub>oasgate {__version__}</sub>")
    return "\n".join(lines) + "\n"


def _sarif(validation: Validation) -> str:
    from oasgate.report.sarif import SCHEMA_URI, SOURCE_ROOT, artifact_location

    codes = sorted({p.code for p in validation.problems})
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

    def result(problem: Diagnostic) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": artifact_location(validation.path(problem))}
        if problem.location.line is not None:
            physical["region"] = {
                "startLine": problem.location.line,
                "startColumn": problem.location.column or 1,
            }
        return {
            "ruleId": problem.code,
            "ruleIndex": codes.index(problem.code),
            "level": level[problem.severity],
            "message": {"text": problem.message},
            "locations": [
                {
                    "physicalLocation": physical,
                    "logicalLocations": [{"fullyQualifiedName": problem.location.pointer or "/"}],
                }
            ],
        }

    data = {
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
                        "rules": [
                            {"id": c, "shortDescription": {"text": c.replace("-", " ")}}
                            for c in codes
                        ],
                    }
                },
                "originalUriBaseIds": {
                    SOURCE_ROOT: {"description": {"text": "The repository root (or --path-base)."}}
                },
                "results": [result(p) for p in validation.problems],
                "properties": {"source": validation.source, "valid": not validation.problems},
            }
        ],
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def _junit(validation: Validation) -> str:
    count = str(len(validation.problems))
    root = ET.Element("testsuites", {"name": "oasgate validate", "tests": count})
    suite = ET.SubElement(
        root,
        "testsuite",
        {"name": xml_safe(f"oasgate validate: {validation.source}"), "tests": count},
    )
    suite.set("failures", count)
    for problem in validation.problems:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": xml_safe(validation.source),
                "name": xml_safe(f"{problem.code}: {problem.message}"),
                "file": xml_safe(validation.path(problem)),
            },
        )
        if problem.location.line is not None:
            case.set("line", str(problem.location.line))
        failure = ET.SubElement(
            case, "failure", {"type": problem.code, "message": xml_safe(problem.message)}
        )
        failure.text = xml_safe(f"{problem.location}: {problem.message}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _github(validation: Validation) -> str:
    from oasgate.report.github import command, escape_data

    names = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = [
        command(
            names[p.severity],
            p.message.replace("\n", "\\n"),
            file=validation.path(p),
            line=p.location.line,
            col=p.location.column,
            title=f"oasgate validate: {p.code}",
        )
        for p in validation.problems
    ]
    from oasgate.errors import printable

    lines.append(escape_data(printable(validation.summary)))
    return "\n".join(lines) + "\n"


def _gitlab(validation: Validation) -> str:
    severity = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}
    issues = []
    for problem in validation.problems:
        identity = "\x1e".join(
            (problem.code, problem.message, problem.location.file, problem.location.pointer)
        )
        issues.append(
            {
                "type": "issue",
                "engine_name": "oasgate",
                "check_name": f"validate/{problem.code}",
                "description": problem.message,
                "categories": ["Bug Risk"],
                "severity": severity[problem.severity],
                "fingerprint": hashlib.sha256(identity.encode()).hexdigest()[:20],
                "location": {
                    "path": validation.path(problem),
                    "lines": {"begin": problem.location.line or 1},
                },
            }
        )
    return orjson.dumps(issues, option=orjson.OPT_INDENT_2).decode() + "\n"


RENDERERS: dict[str, Callable[[Validation], str]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "sarif": _sarif,
    "junit": _junit,
    "github": _github,
    "gitlab": _gitlab,
}
