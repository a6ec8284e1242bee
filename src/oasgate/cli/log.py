"""``oasgate log``: the spec's history, read from git — per commit or per release tag,
every change classified as ``check`` classifies it (docs/history.md)."""

from __future__ import annotations

from dataclasses import replace

import click

from oasgate.cli import guarded
from oasgate.cli.dates_option import dates_option
from oasgate.cli.dates_option import wanted as dated
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.language import choose, lang_option, localized
from oasgate.cli.output import Target, format_options, resolve_targets
from oasgate.report.history_log import LogFormat

#: formats whose existing file gets the new entries added rather than being replaced
_APPENDED_FORMATS = (LogFormat.ATOM.value, LogFormat.RSS.value)


@click.command("log", short_help="The spec's history from git: the changes of each commit or tag.")
@click.argument("spec")
@click.option(
    "--since",
    metavar="REV",
    help="Start after REV (a commit, tag or branch): REV is the first entry's base.",
)
@click.option(
    "--range",
    "span",
    metavar="A..B",
    help="The commits after A up to B (A is the first entry's base). Default: all of HEAD's.",
)
@click.option(
    "--tags",
    is_flag=True,
    help="One entry per release tag (v1.2.0, 2.3: a version number), against the previous one.",
)
@click.option(
    "--first-parent",
    is_flag=True,
    help="Follow only the first parent: the main line, its merges as entries.",
)
@click.option(
    "--breaking-only",
    is_flag=True,
    help="Only breaking changes, and only the entries that have one: when did this break?",
)
@format_options([(f.value, f.description) for f in LogFormat], "text")
@lang_option
@input_options
@dates_option
@guarded
def command(
    spec: str,
    since: str | None,
    span: str | None,
    tags: bool,
    first_parent: bool,
    breaking_only: bool,
    formats: tuple[Target, ...],
    output: str | None,
    lang: str | None,
    inputs: InputOptions,
    dates_from_git: bool,
) -> None:
    """The history of SPEC (a file of the git working tree, single- or multi-file)
    from the commits that changed it: for each one (or each release tag with
    --tags), the changes against the state before it, classified as `oasgate
    check` classifies them, breaking first. Newest first, as `git log`.

    \b
    Examples:
      oasgate log api/openapi.yaml
      oasgate log api/openapi.yaml --tags --format changelog > RELEASES.md
      oasgate log api/openapi.yaml --breaking-only --since v2.0.0
      oasgate log api/openapi.yaml --tags --format atom=public/api.atom

    The config (.oasgate.yaml) is the current one for every commit; each entry
    is judged on its commit's date, and with --dates-from-git each deprecation
    without a date is dated by the commit that made it. Nothing is fetched: a
    shallow clone is refused (git fetch --unshallow).

    Exit code 0, or 2 when it could not run (not a repository, a shallow clone,
    an unknown revision).
    """
    from oasgate.cli.output import emit_updating
    from oasgate.cli.progress import progress_display, progress_wanted
    from oasgate.config import load_config
    from oasgate.errors import OasgateError
    from oasgate.history import LogOptions, read_log
    from oasgate.history.dates import DatesInLog
    from oasgate.model.prefixes import PrefixMap
    from oasgate.report.history_log import log_renderer

    if since is not None and span is not None:
        raise OasgateError("give --since REV or --range A..B, not both")
    targets = resolve_targets(formats, output, LogFormat.TEXT.value, [spec])
    config = load_config(confine=True)
    language = choose(lang, config)
    inputs = inputs.with_config(config)
    options = LogOptions(
        spec,
        since=since,
        span=span,
        tags=tags,
        first_parent=first_parent,
        breaking_only=breaking_only,
        ref_root=inputs.ref_root,
        limits=inputs.limits,
    )
    on_stdout = [t.format for t in targets if t.path is None]
    show_progress = progress_wanted(on_stdout[0] == "text" if on_stdout else None)
    # the config of today for every commit; map-prefix pairs two APIs, not two commits
    settings = replace(config, prefixes=PrefixMap())
    watcher = DatesInLog(options, settings) if dated(dates_from_git, config) else None
    with progress_display(show_progress, "reading the history") as update:
        log = read_log(options, settings, update, watcher)
    if language != "en":
        log = replace(
            log,
            entries=tuple(
                replace(e, report=localized(e.report, language) if e.report else None)
                for e in log.entries
            ),
        )
    emit_updating(
        targets,
        lambda fmt, existing: log_renderer(LogFormat(fmt))(log, existing),
        _APPENDED_FORMATS,
    )
