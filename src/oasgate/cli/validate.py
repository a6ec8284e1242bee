"""``oasgate validate``: every problem of one document, each with file:line.

Loading problems that stop everything (unparsable text, a refused input) exit 2
like every command. Everything else is listed: references that do not resolve,
oasgate's structural checks (:mod:`oasgate.model.diagnostics`, the same ones ``check``
lists) and openapi-spec-validator's full error list (:mod:`oasgate.model.validation`).
Exit 0 when the document is valid, 1 when it has problems.
"""

from __future__ import annotations

import sys

import click

from oasgate.cli import EXIT_FAILED, EXIT_OK, guarded, writes_to_stdout
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.errors import printable


@click.command("validate", short_help="Load one spec and report every problem with file:line.")
@click.argument("spec")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--no-schema",
    is_flag=True,
    help="Skip openapi-spec-validator (oasgate's own, faster checks only).",
)
@input_options
@guarded
@writes_to_stdout
def command(spec: str, fmt: str, no_schema: bool, inputs: InputOptions) -> None:
    """Load SPEC and report every problem with file:line (exit 0 valid, 1 problems).

    SPEC is a file path, '-' for standard input, REV:PATH for a git revision, or an
    http(s):// URL with --allow-remote.

    \b
    Examples:
      oasgate validate api/openapi.yaml
      oasgate validate origin/main:api/openapi.yaml --format json
    """
    from oasgate.model.validation import validate_spec

    inputs = inputs.with_config()  # limits from .oasgate.yaml / pyproject.toml, if any
    model, problems = validate_spec(
        spec,
        ref_root=inputs.ref_root,
        allow_remote=inputs.allow_remote,
        limits=inputs.limits,
        schema=not no_schema,
    )
    if fmt == "json":
        import orjson

        from oasgate.report.json_report import diagnostic_data

        data = {
            "version": 1,
            "source": model.document.root_display,
            "openapi": model.version,
            "valid": not problems,
            "problems": [diagnostic_data(p) for p in problems],
        }
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        for problem in problems:
            click.echo(
                printable(
                    f"{problem.location}: {problem.severity.value}: {problem.message} "
                    f"[{problem.code}]"
                )
            )
        name = printable(model.document.root_display)
        if problems:
            click.echo(f"{len(problems)} problem(s) in {name} (OpenAPI {model.version})")
        else:
            click.echo(f"{name} is a valid OpenAPI {model.version} document")
    sys.exit(EXIT_FAILED if problems else EXIT_OK)
