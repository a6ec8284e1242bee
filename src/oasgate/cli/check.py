"""``oasgate check``: the gate."""

from __future__ import annotations

import gc
import sys
from typing import Any

import click

from oasgate.cli import EXIT_FAILED, EXIT_OK, SEVERITIES, guarded
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
@click.option("--ref-root", metavar="DIR", help="Directory external $refs may read from.")
@guarded
def command(
    base: str, revision: str, formats: tuple[str, ...], fail_on: str, ref_root: str | None
) -> None:
    """Gate REVISION against BASE: diff, classify, apply lifecycle policy, report.

    BASE and REVISION are file paths (YAML or JSON) or '-' for standard input
    (one side at most).

    \b
    Exit codes:
      0  nothing at or above --fail-on
      1  the gate failed
      2  could not run (bad usage, unreadable input, unresolvable $ref)
    """
    from oasgate.engine import check as run_check
    from oasgate.engine import load
    from oasgate.findings import Severity
    from oasgate.report import Format, renderer

    if base == "-" and revision == "-":
        raise OasgateError("only one of BASE and REVISION can be read from standard input")
    base_model = load(base, ref_root=ref_root)
    revision_model = load(revision, ref_root=ref_root)
    # The parsed documents live until exit: keep the garbage collector from re-scanning
    # their millions of objects on every collection (a third of the walk on big specs).
    gc.freeze()
    report = run_check(base_model, revision_model, fail_on=Severity(fail_on))
    for name in formats or ("text",):
        fmt = Format(name)
        if fmt is Format.TEXT:
            _print_text(report)
        else:
            sys.stdout.write(renderer(fmt)(report))
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


def _print_text(report: Any) -> None:
    from rich.console import Console

    from oasgate.report.text import print_report

    print_report(report, Console(highlight=False, emoji=False, soft_wrap=True))
