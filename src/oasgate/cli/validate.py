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

from oasgate.cli import EXIT_FAILED, EXIT_OK, guarded
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.output import Target, emit, format_options, resolve_targets
from oasgate.report.problems import FORMATS


@click.command("validate", short_help="Load one spec and report every problem with file:line.")
@click.argument("spec")
@format_options(FORMATS, "text")
@click.option(
    "--no-schema",
    is_flag=True,
    help="Skip openapi-spec-validator (oasgate's own, faster checks only).",
)
@click.option(
    "--path-base",
    metavar="DIR",
    help="Directory report paths are relative to (default: the git working tree of the "
    "spec, else the current directory).",
)
@input_options
@guarded
def command(
    spec: str,
    formats: tuple[Target, ...],
    output: str | None,
    no_schema: bool,
    path_base: str | None,
    inputs: InputOptions,
) -> None:
    """Load SPEC and report every problem with file:line (exit 0 valid, 1 problems).

    SPEC is a file path, '-' for standard input, REV:PATH for a git revision, or an
    http(s):// URL with --allow-remote.

    \b
    Examples:
      oasgate validate api/openapi.yaml
      oasgate validate origin/main:api/openapi.yaml --format json
      oasgate validate api/openapi.yaml --format text --format sarif=validate.sarif
    """
    from oasgate.cli.report_paths import path_base as find_path_base
    from oasgate.cli.report_paths import relative_report
    from oasgate.findings import Report, SourceInfo
    from oasgate.loading.git_tree import GitTree
    from oasgate.model.validation import validate_spec
    from oasgate.report.problems import RENDERERS, Validation

    targets = resolve_targets(formats, output, "text", [spec])
    inputs = inputs.with_config()  # limits from .oasgate.yaml / pyproject.toml, if any
    model, problems = validate_spec(
        spec,
        ref_root=inputs.ref_root,
        allow_remote=inputs.allow_remote,
        limits=inputs.limits,
        schema=not no_schema,
    )
    tree = model.document.tree
    source = SourceInfo(
        model.document.root_display,
        model.version,
        git_revision=tree.revision if isinstance(tree, GitTree) else None,
    )
    # the report paths machinery works on a report: the problems are its diagnostics
    relative = relative_report(
        Report(source, source, (), tuple(problems)), find_path_base(path_base, (model,))
    )
    validation = Validation(
        relative.base.source, model.version, relative.diagnostics, source.git_revision
    )
    emit(targets, lambda fmt: RENDERERS[fmt](validation))
    sys.exit(EXIT_FAILED if problems else EXIT_OK)
