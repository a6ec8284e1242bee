"""``oasgate check``: the gate."""

from __future__ import annotations

import sys
from typing import Any

import click

from oasgate.cli import EXIT_FAILED, EXIT_OK, SEVERITIES, guarded
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.errors import OasgateError


@click.command("check")
@click.argument("base")
@click.argument("revision")
@click.option(
    "--format",
    "formats",
    type=click.Choice(["text", "json"]),
    multiple=True,
    help="Output format (default: text).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="Lowest severity that fails the gate (exit 1).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also validate both documents against the OpenAPI schema; "
    "any diagnostic fails the gate (exit 1).",
)
@input_options
@guarded
def command(
    base: str,
    revision: str,
    formats: tuple[str, ...],
    fail_on: str,
    strict: bool,
    inputs: InputOptions,
) -> None:
    """Gate REVISION against BASE: diff, classify, apply lifecycle policy, report.

    BASE and REVISION are file paths (YAML or JSON), '-' for standard input
    (one side at most), REV:PATH for a file at a git revision of the current
    repository (e.g. origin/main:api/openapi.yaml), or http(s):// URLs with
    --allow-remote.

    \b
    Exit codes:
      0  nothing at or above --fail-on
      1  the gate failed
      2  could not run (bad usage, unreadable input, unresolvable $ref)
    """
    from oasgate.engine import check as run_check
    from oasgate.findings import Severity
    from oasgate.report import Format, renderer

    if base == "-" and revision == "-":
        raise OasgateError("only one of BASE and REVISION can be read from standard input")
    report = run_check(
        inputs.load(base), inputs.load(revision), fail_on=Severity(fail_on), strict=strict
    )
    for name in formats or ("text",):
        fmt = Format(name)
        if fmt is Format.TEXT:
            _print_text(report)
        else:
            sys.stdout.write(renderer(fmt)(report))
    if strict and report.diagnostics:
        click.echo(
            f"oasgate: --strict: {len(report.diagnostics)} diagnostic(s) fail the gate", err=True
        )
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


def _print_text(report: Any) -> None:
    from rich.console import Console

    from oasgate.report.text import print_report

    print_report(report, Console(highlight=False, emoji=False, soft_wrap=True))
