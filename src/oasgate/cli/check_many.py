"""``oasgate check`` over two trees of specs, and what it shares with ``oasgate merge``.

``check`` hands over here when BASE or REVISION names a tree (a directory, a glob, a
``REV:DIR``) or ``--base-ref`` is given; the work is :mod:`oasgate.many`'s, this module
only turns options into a plan, runs it and writes the reports (docs/composed.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from oasgate.cli import EXIT_FAILED, EXIT_OK
from oasgate.cli.inputs import InputOptions
from oasgate.cli.output import Target, resolve_targets, write_stdout
from oasgate.errors import OasgateError, printable
from oasgate.report import Format

if TYPE_CHECKING:
    import datetime as dt

    from oasgate.findings import Report
    from oasgate.loading.limits import Limits
    from oasgate.many.pairing import Pair
    from oasgate.many.results import ManyReport
    from oasgate.many.runner import Job
    from oasgate.many.sides import TreeSide
    from oasgate.policy.settings import Config

F = TypeVar("F", bound=Callable[..., Any])
#: ``check``'s refusal of a report over ``--max-report-size`` (target, its bytes, limit)
Refusal = Callable[[Target, bytes, int], None]


def many_options(function: F) -> F:
    """Add ``--base-ref``, ``--jobs``, ``--as-one-api`` and ``--shard`` (only trees use
    them)."""
    options = [
        click.option(
            "--base-ref",
            metavar="REV",
            help="With one directory or glob of specs: the base is the same tree at git "
            "revision REV (e.g. origin/main).",
        ),
        click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            metavar="N",
            help="Processes checking the APIs of two trees at once (default: the CPUs this "
            "process may use).",
        ),
        click.option(
            "--as-one-api",
            is_flag=True,
            help="Read all specs of each tree as one API surface (services behind one "
            "gateway): an operation moved between specs is not a removal.",
        ),
        click.option(
            "--shard",
            metavar="K/N",
            help="Check only the K-th of N balanced shares of the APIs (a CI matrix); "
            "`oasgate merge` joins the shards' JSON reports.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def tree_arguments(base: str, revision: str | None, base_ref: str | None) -> tuple[str, str] | None:
    """BASE and REVISION of a run over trees, or None for a run over two documents; one
    side a tree and the other a document is a usage error."""
    if base_ref is None and revision is not None and _plain_files(base, revision):
        return None  # the usual run: no need for the monorepo scanner's imports (D80)
    from oasgate.many.sides import at_revision, is_tree

    if base_ref is not None:
        if revision is not None:
            raise OasgateError(
                "--base-ref REV takes one argument, the revision's directory or glob: the "
                "base is the same tree at REV",
                hint="oasgate check --base-ref origin/main 'apis/**/openapi.yaml'",
            )
        if not is_tree(base):
            raise OasgateError(
                "--base-ref needs a directory or a glob of specs",
                file=base,
                hint="for one file write BASE as REV:PATH (origin/main:api/openapi.yaml)",
            )
        return at_revision(base, base_ref), base
    if revision is None:
        raise OasgateError(
            "missing REVISION: give two documents, two trees of specs, or --base-ref REV "
            "with one tree"
        )
    base_tree, revision_tree = is_tree(base), is_tree(revision)
    if base_tree and revision_tree:
        return base, revision
    if base_tree or revision_tree:
        tree, document = (base, revision) if base_tree else (revision, base)
        raise OasgateError(
            f"is a directory or glob of specs, and the other side ({document}) one document",
            file=tree,
            hint="give two documents, or two directories (globs) of specs to compare many APIs",
        )
    return None


def _plain_files(*arguments: str) -> bool:
    """Whether every argument is an existing file that is not a directory (or standard
    input): what :func:`oasgate.many.sides.is_tree` answers False for first, asked
    without importing it (the scanner, its RE2 patterns and value types cost a
    single-pair check 4 ms of start-up)."""
    return all(a == "-" or (os.path.lexists(a) and not Path(a).is_dir()) for a in arguments)


def check_many(
    base: str,
    revision: str,
    *,
    targets_given: Sequence[Target],
    output: str | None,
    default: str,
    fail_on: str | None,
    strict: bool,
    jobs: int | None,
    shard: str | None,
    as_one_api: bool,
    inputs: InputOptions,
    dates_from_git: bool = False,
    policy: dict[str, Any],
    refuse: Refusal,
) -> None:
    """Check every API of two trees; exits with the merged verdict."""
    from oasgate.cli.policy_options import build_policy
    from oasgate.cli.progress import progress_display, progress_wanted
    from oasgate.findings import Severity
    from oasgate.many.pairing import pair_specs
    from oasgate.many.results import ManyReport
    from oasgate.many.runner import (
        Runner,
        RunOptions,
        available_cpus,
        can_help,
        scanned_side,
        start_helpers,
    )
    from oasgate.many.shards import parse_shard, shard_pairs
    from oasgate.many.sides import read_side

    config, today = build_policy(policy)
    inputs = inputs.with_config(config)
    if dates_from_git:  # one clear error rather than each API's
        from oasgate.gitbase import git
        from oasgate.history.git_objects import SHALLOW_HINT

        if git("rev-parse", "--is-shallow-repository").strip() == "true":
            raise OasgateError(f"this clone is shallow; {SHALLOW_HINT}")
    targets = resolve_targets(targets_given, output, default, [base, revision])
    split = parse_shard(shard) if shard is not None else None
    limits = inputs.limits

    def scan_revision() -> TreeSide:
        return read_side(revision, limits)

    workers = jobs or available_cpus()
    helpers = None
    if workers > 1 and not as_one_api and can_help():
        # forked before the scan (and before any thread): the first helper scans the
        # revision tree while this process scans the base; all import what a check uses
        helpers = start_helpers(workers - 1, scan_revision)
    try:
        base_side = read_side(base, limits)
        revision_side = scanned_side(helpers, scan_revision)
        if as_one_api:
            if split is not None:
                raise OasgateError("--shard splits APIs; --as-one-api makes them one")
            if dates_from_git:
                raise OasgateError(
                    "--dates-from-git dates each API from its own file's history; "
                    "--as-one-api joins them into one: give one or the other"
                )
            report = _as_one_api(base_side, revision_side, inputs, config, today, fail_on, strict)
            _emit_one(report, targets, limits.max_report_bytes, refuse)
        if not base_side.specs and not revision_side.specs:
            raise OasgateError(
                f"no OpenAPI spec in {base} nor in {revision}: nothing to gate",
                hint="a spec is a .yaml, .yml or .json file with a top-level openapi or swagger "
                "key; quote a glob so that the shell does not expand it",
            )
        pairs = pair_specs(base_side.specs, revision_side.specs)
        total = len(pairs)
        if split is not None:
            pairs = shard_pairs(pairs, *split)
        planned = _plan(pairs, base_side, config, policy, inputs)
        options = RunOptions(
            limits=limits,
            ref_root=inputs.ref_root,
            today=today,
            fail_on=Severity(fail_on) if fail_on else None,
            strict=strict,
            base_positions=any(Format(t.format).shows_base_side for t in targets),
            dates_from_git=dates_from_git,
        )
        stdout_target = next((t for t in targets if t.path is None), None)
        show_progress = progress_wanted(
            None if stdout_target is None else Format(stdout_target.format).for_people
        )
        with progress_display(show_progress, f"checking {len(planned)} APIs") as progress:
            results = Runner(planned, options, helpers).run(progress)
    finally:
        if helpers is not None:
            helpers.close()
    many = ManyReport(base, revision, tuple(results), shard=split, total=total)
    emit(many, targets, limits.max_report_bytes, refuse)


def _plan(
    pairs: list[Pair],
    base_side: TreeSide,
    config: Config,
    policy: dict[str, Any],
    inputs: InputOptions,
) -> list[Job]:
    """Each pair with the config that gates it (the nearest in the base tree) and the
    limits its specs are read within."""
    from oasgate.many.configs import ApiConfigs
    from oasgate.many.runner import Job

    def finish(built: Any) -> Any:
        return built.with_flags(
            deprecation_window=policy.get("deprecation_window"),
            require_sunset_headers=policy.get("require_sunset_headers"),
        )

    configs = ApiConfigs(base_side, config, policy=policy.get("policy"), finish=finish)
    planned = []
    limits: dict[int, Limits] = {}  # by config: most APIs share one (the root's)
    for pair in pairs:
        api_config, shown = configs.for_pair(pair)
        if id(api_config) not in limits:
            limits[id(api_config)] = _limits(inputs, api_config)
        planned.append(Job(pair, api_config, shown, limits[id(api_config)]))
    return planned


def _limits(inputs: InputOptions, config: Config) -> Limits:
    """The limits an API's specs are read within: its own config's ``limits:`` (from the
    base tree: a pull request cannot raise them) under the flags, as for one pair."""
    return inputs.with_config(config).limits


def _as_one_api(
    base: TreeSide,
    revision: TreeSide,
    inputs: InputOptions,
    config: Config,
    today: dt.date,
    fail_on: str | None,
    strict: bool,
) -> Report:
    """Both trees joined into one document each (:mod:`oasgate.many.gateway`), compared
    as one pair; the paths two specs of the revision serve are its diagnostics."""
    from dataclasses import replace

    from oasgate.engine import check_opened
    from oasgate.findings import Severity
    from oasgate.loading.trees import open_tree
    from oasgate.many.gateway import JoinedTree, inherit_from_specs, join
    from oasgate.model.opening import Opening

    joined = [join(side, inputs.limits) for side in (base, revision)]
    with Opening(background=True, freeze=True) as opening:
        models = []
        for side, document in zip((base, revision), joined, strict=True):
            ref_root = inputs.ref_root
            if ref_root is None and side.revision is None:  # the joined root is at its root
                from oasgate.loading.safe_files import work_tree_of

                ref_root = str(work_tree_of(side.root) or side.root)
            inner = open_tree(side.specs[0].argument, ref_root=ref_root, limits=inputs.limits)
            model = opening.open(JoinedTree(side, document, inner), limits=inputs.limits)
            inherit_from_specs(model)
            models.append(model)
        report = check_opened(
            opening,
            models[0],
            models[1],
            settings=config,
            today=today,
            fail_on=Severity(fail_on) if fail_on else None,
            strict=strict,
        )
    return replace(report, diagnostics=report.diagnostics + joined[1].duplicates)


def _emit_one(report: Report, targets: Sequence[Target], limit: int, refuse: Refusal) -> None:
    """Write the report of one pair (the joined trees) as ``check`` writes any pair's."""
    from oasgate.cli.report_files import write_reports
    from oasgate.report import encoded_renderer

    rendered = [(t, encoded_renderer(Format(t.format))(report)) for t in targets]
    for target, data in rendered:
        refuse(target, data, limit)
    write_reports([(t.path, data) for t, data in rendered if t.path is not None])
    for target, data in rendered:
        if target.path is None:
            write_stdout(data)
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


def emit(many: ManyReport, targets: Sequence[Target], limit: int, refuse: Refusal) -> None:
    """Render every target, refuse any over ``limit`` bytes, write them, say which APIs
    could not be read, and exit with the run's code (``check`` and ``merge`` end here)."""
    from oasgate.cli.report_files import write_reports
    from oasgate.many.render import many_encoded_renderer, many_renderer

    rendered = [(t, many_encoded_renderer(Format(t.format))(many)) for t in targets]
    for target, data in rendered:
        refuse(target, data, limit)
    write_reports([(t.path, data) for t, data in rendered if t.path is not None])
    for target, data in rendered:
        if target.path is None:
            write_stdout(data)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        from oasgate.cli.report_files import append_text

        try:
            append_text(summary, many_renderer(Format.MARKDOWN)(many) + "\n")
        except OSError as error:
            click.echo(
                printable(
                    f"oasgate: warning: cannot append the job summary to {summary}: "
                    f"{error.strerror}"
                ),
                err=True,
            )
    for api in many.errors:
        click.echo(printable(f"oasgate: error: {api.name}: {api.error}"), err=True)
    sys.exit(many.exit_code)
