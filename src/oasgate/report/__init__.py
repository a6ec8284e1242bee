"""Output formats. Each format is one module with a pure ``render(report) -> str``,
registered here; the CLI's ``--format`` choice is built from :class:`Format`. What the
command line writes is :func:`encoded_renderer`'s bytes.

Adding a format means adding a member to :class:`Format`, its description, and a
branch in :func:`renderer`; mypy fails on a missing branch (``assert_never``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import NoReturn

from oasgate.findings import Report


class Format(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    YAML = "yaml"
    MARKDOWN = "markdown"
    HTML = "html"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    GITLAB = "gitlab"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    @property
    def for_people(self) -> bool:
        """Formats a person reads at a terminal (the only ones that may get a progress
        display beside them)."""
        return self is Format.TEXT

    @property
    def shows_base_side(self) -> bool:
        """Whether a finding's base location is shown even when it has a revision one
        (the others show one location per finding: the revision's, else the base's)."""
        return self not in (Format.TEXT, Format.MARKDOWN, Format.GITLAB)


_DESCRIPTIONS = {
    Format.TEXT: "for a person at a terminal: grouped by operation, coloured",
    Format.JSON: "the stable machine-readable report (version 1)",
    Format.YAML: "the JSON report as YAML",
    Format.MARKDOWN: "a pull-request comment",
    Format.HTML: "a standalone report page",
    Format.SARIF: "SARIF 2.1.0, for GitHub code scanning and other SARIF consumers",
    Format.JUNIT: "JUnit XML, for CI systems that show test reports",
    Format.GITHUB: "GitHub Actions workflow commands (annotations)",
    Format.GITLAB: "GitLab code quality report",
}

Renderer = Callable[[Report], str]


def _assert_never(value: NoReturn) -> NoReturn:  # typing.assert_never is Python ≥ 3.11
    raise AssertionError(f"unhandled format: {value!r}")


def renderer(fmt: Format) -> Renderer:
    """The render function of a format (imported lazily: start-up stays fast)."""
    if fmt is Format.TEXT:
        from oasgate.report import text

        return text.render
    if fmt is Format.JSON:
        from oasgate.report import json_report

        return json_report.render
    if fmt is Format.YAML:
        from oasgate.report import yaml_report

        return yaml_report.render
    if fmt is Format.MARKDOWN:
        from oasgate.report import markdown

        return markdown.render
    if fmt is Format.HTML:
        from oasgate.report import html

        return html.render
    if fmt is Format.SARIF:
        from oasgate.report import sarif

        return sarif.render
    if fmt is Format.JUNIT:
        from oasgate.report import junit

        return junit.render
    if fmt is Format.GITHUB:
        from oasgate.report import github

        return github.render
    if fmt is Format.GITLAB:
        from oasgate.report import gitlab

        return gitlab.render
    _assert_never(fmt)


def encoded_renderer(fmt: Format) -> Callable[[Report], bytes]:
    """The report as the command line writes it, to a file or to standard output: UTF-8.
    JSON comes from its encoder as bytes, never decoded into text to be encoded again —
    on a report of megabytes that round trip was a third of the writing (D94)."""
    if fmt is Format.JSON:
        from oasgate.report import json_report

        return json_report.encode
    render = renderer(fmt)
    return lambda report: render(report).encode("utf-8")
