"""``oasgate check``: the gate."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from oasgate.cli import EXIT_FAILED, EXIT_OK, SEVERITIES, guarded
from oasgate.cli.attributes import attributes_option
from oasgate.cli.check_many import check_many, many_options, tree_arguments
from oasgate.cli.dates_option import dated, dates_option, wanted
from oasgate.cli.filter_options import ComparisonOptions, comparison_options
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.language import choose, lang_option, localized
from oasgate.cli.output import STDOUT, FormatTarget, Target, format_help, write_stdout
from oasgate.cli.policy_options import build_policy, policy_options
from oasgate.errors import OasgateError, printable
from oasgate.report import Format

if TYPE_CHECKING:
    from oasgate.findings import Report

DEFAULT_FORMAT = Format.TEXT.value
#: the Markdown job summary's cap: GitHub takes up to 1 MiB per step
STEP_SUMMARY_CHARS = 250_000


@click.command("check", short_help="Gate REVISION against BASE; exit 1 when the gate fails.")
@click.argument("base")
@click.argument("revision", required=False)
@click.option(
    "--format",
    "formats",
    type=FormatTarget([f.value for f in Format]),
    multiple=True,
    metavar="FORMAT[=FILE]",
    help=format_help(
        [(f.value, f.description) for f in Format], "text; github under GitHub Actions"
    ),
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="File for the one --format given without =FILE (or the default format); '-' is "
    "standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Lowest severity that fails the gate (exit 1); default: the config's, else error.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also validate both documents against the OpenAPI schema; "
    "any diagnostic fails the gate (exit 1).",
)
@click.option(
    "--path-base",
    metavar="DIR",
    help="Directory report paths are relative to (default: the git working tree of the "
    "inputs, else the current directory).",
)
@lang_option
@attributes_option
@comparison_options
@click.option(
    "--explain",
    is_flag=True,
    help="Prove each error finding about a schema with a witness: a payload the base "
    "accepts and the revision rejects (a response: the other way round), shown in every "
    "format (docs/witnesses.md).",
)
@many_options
@input_options
@policy_options
@dates_option
@guarded
def command(
    base: str,
    revision: str | None,
    formats: tuple[Target, ...],
    output: str | None,
    fail_on: str | None,
    strict: bool,
    explain: bool,
    base_ref: str | None,
    jobs: int | None,
    shard: str | None,
    as_one_api: bool,
    path_base: str | None,
    lang: str | None,
    attributes: tuple[str, ...],
    inputs: InputOptions,
    comparison: ComparisonOptions,
    dates_from_git: bool,
    **policy: Any,
) -> None:
    """Gate REVISION against BASE: diff, classify, apply lifecycle policy, report.

    BASE and REVISION are file paths (YAML or JSON), '-' for standard input
    (one side at most), REV:PATH for a file at a git revision of the current
    repository (e.g. origin/main:api/openapi.yaml), or http(s):// URLs with
    --allow-remote. Either side may be a directory, a glob or REV:DIR of many
    specs (or one tree with --base-ref REV): each API is checked on its own and
    one merged report written (docs/composed.md). The config is --config FILE,
    else .oasgate.yaml, else [tool.oasgate] in pyproject.toml; flags win over
    it. In CI, --config-from
    BASE_REV reads it from the base revision, so that a pull request cannot
    switch its own gate off.

    \b
    Examples:
      oasgate check api/v1.yaml api/v1-next.yaml
      oasgate check a.yaml b.yaml --fail-on warning --policy two-live-versions
      oasgate check a.yaml b.yaml --format sarif=oasgate.sarif --format junit=junit.xml
      oasgate check a.yaml b.yaml --format json --output report.json
      oasgate check origin/main:api/openapi.yaml api/openapi.yaml
      oasgate check billing-v1.yaml billing-v2.yaml --map-prefix /api/v1=/api/v2
      oasgate check a.yaml b.yaml --exclude-extension x-internal --exclude-path '/admin/**'
      oasgate check origin/main:apis/ apis/ --jobs 4
      oasgate check --base-ref origin/main 'apis/**/openapi.yaml' --shard 1/4

    Reports: one format to standard output, any number to files (NAME=FILE). Under
    GitHub Actions (GITHUB_ACTIONS=true) the default format is github, and a
    Markdown summary is appended to $GITHUB_STEP_SUMMARY when it is set.

    \b
    Exit codes:
      0  nothing at or above --fail-on
      1  the gate failed
      2  could not run (bad usage, unreadable input, unresolvable $ref, bad config)
    """
    from oasgate.cli.output import resolve_targets
    from oasgate.cli.progress import progress_display, progress_wanted
    from oasgate.cli.report_paths import path_base as find_path_base
    from oasgate.cli.report_paths import relative_report
    from oasgate.engine import check_opened
    from oasgate.findings import Severity
    from oasgate.model.opening import Opening, stop_collecting
    from oasgate.report import encoded_renderer

    if base == STDOUT and revision == STDOUT:
        raise OasgateError("only one of BASE and REVISION can be read from standard input")
    default = DEFAULT_FORMAT
    if not formats and output is None and os.environ.get("GITHUB_ACTIONS") == "true":
        default = Format.GITHUB.value
    trees = tree_arguments(base, revision, base_ref)
    if trees is not None:
        one_pair = explain or path_base is not None or lang is not None or attributes
        if one_pair or comparison != ComparisonOptions():
            raise OasgateError(
                "--explain, --path-base, --lang, --attributes, --map-prefix and the "
                "--include-/--exclude- filters compare one pair of documents; over trees, "
                "write map-prefix: and filters: in the config of the APIs they concern "
                "(docs/composed.md)"
            )
        check_many(
            *trees,
            targets_given=formats,
            output=output,
            default=default,
            fail_on=fail_on,
            strict=strict,
            jobs=jobs,
            shard=shard,
            as_one_api=as_one_api,
            dates_from_git=dates_from_git,
            inputs=inputs,
            policy=policy,
            refuse=_refuse_oversized,
        )
    assert revision is not None  # tree_arguments refuses a missing one
    if shard is not None or as_one_api:
        raise OasgateError("--shard and --as-one-api read two trees; here are two documents")
    config, today = build_policy(policy)
    config = comparison.over(config)
    language = choose(lang, config)
    inputs = inputs.with_config(config)
    targets = resolve_targets(formats, output, default, [base, revision])
    stdout_target = next((t for t in targets if t.path is None), None)
    show_progress = progress_wanted(
        None if stdout_target is None else Format(stdout_target.format).for_people
    )
    if not (explain or wanted(dates_from_git, config)):
        # one comparison is the process's last act (D94); dating from git compares many
        # releases, and witnesses build validators by the hundred: those keep collecting
        stop_collecting()
    with progress_display(show_progress, f"reading {base}") as progress:
        # The parsed documents hold millions of objects, no cycles, and live until exit:
        # they are frozen out of the collector's sight once read, and big ones are
        # checked in a child beside the comparison — with --strict, every one is also
        # validated there (see oasgate.model.opening).
        with Opening(background=True, freeze=True, validate=strict) as opening:
            base_model = inputs.load(base, opening=opening)
            progress(f"reading {revision}", 0, None)
            revision_model = inputs.load(revision, opening=opening)
            if wanted(dates_from_git, config):  # dates the spec does not write, from git
                config = dated(base, base_model, revision_model, config, inputs)
            report = check_opened(
                opening,
                base_model,
                revision_model,
                settings=config,
                today=today,
                fail_on=Severity(fail_on) if fail_on else None,
                progress=progress,
                strict=strict,
                base_positions=any(Format(target.format).shows_base_side for target in targets),
                explain=explain,
                attributes=attributes,
            )
            report = relative_report(
                report, find_path_base(path_base, (revision_model, base_model))
            )
        report = localized(report, language)
        progress("writing reports", 0, None)
        # Render everything before writing anything: a failure leaves no partial output.
        rendered = [
            (target, encoded_renderer(Format(target.format))(report))
            for target in targets
            if not (target.path is None and target.format == Format.TEXT.value)
        ]
        for target, data in rendered:
            _refuse_oversized(target, data, inputs.limits.max_report_bytes)
    files = [(target.path, data) for target, data in rendered if target.path is not None]
    if files:  # the file writer (locks, signal handlers) only when there are files (D80)
        from oasgate.cli.report_files import write_reports

        write_reports(files)
    if stdout_target is not None:
        if stdout_target.format == Format.TEXT.value:
            _print_text(report)
        else:
            write_stdout(next(data for target, data in rendered if target.path is None))
    _append_step_summary(report)
    if strict and report.failing_diagnostics:
        count = len(report.failing_diagnostics)
        click.echo(f"oasgate: --strict: {count} diagnostic(s) fail the gate", err=True)
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


def _refuse_oversized(target: Target, data: bytes, limit: int) -> None:
    """A report over ``--max-report-size`` is refused before anything is written."""
    if len(data) <= limit:
        return
    raise OasgateError(
        f"the {target.format} report would be more than {limit} bytes",
        file=target.path or "<stdout>",
        hint="--max-report-size SIZE (or limits: {max-report-size: SIZE} in the config) "
        "raises the limit",
    )


def _print_text(report: Report) -> None:
    from oasgate.report.text import print_report, render, wants_styles

    if not wants_styles(sys.stdout):
        write_stdout(render(report))
        return
    from rich.console import Console

    print_report(report, Console(highlight=False, emoji=False, soft_wrap=True))


def _append_step_summary(report: Report) -> None:
    """GitHub Actions shows the Markdown appended to $GITHUB_STEP_SUMMARY on the run's page.
    A job summary may hold 1 MiB, not a comment's 65,536 characters: it gets a larger cap
    (characters, counted as up to four bytes each)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from oasgate.cli.report_files import append_text
    from oasgate.report.markdown import render

    try:
        append_text(path, render(report, max_chars=STEP_SUMMARY_CHARS) + "\n")
    except OSError as error:
        click.echo(
            printable(
                f"oasgate: warning: cannot append the job summary to {path}: {error.strerror}"
            ),
            err=True,
        )
