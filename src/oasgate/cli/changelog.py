"""``oasgate changelog``: every change, grouped for the people who use the API."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import click

from oasgate.cli import guarded
from oasgate.cli.attributes import attributes_option
from oasgate.cli.filter_options import ComparisonOptions, comparison_options
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.language import choose, lang_option, localized
from oasgate.cli.output import STDOUT, Target, format_options
from oasgate.cli.template_file import read_template
from oasgate.errors import OasgateError
from oasgate.report.changelog import ChangelogFormat

#: formats whose existing file gets the new entry added rather than being replaced
_APPENDED_FORMATS = (ChangelogFormat.ATOM.value, ChangelogFormat.RSS.value)


def _parse_date(value: str | None) -> datetime:
    """``--date``, else ``SOURCE_DATE_EPOCH`` (reproducible builds), else now; always UTC."""
    if value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise OasgateError(
                f"--date {value!r} is not an ISO 8601 date or date-time (e.g. 2025-03-01)"
            ) from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise OasgateError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
    return datetime.now(timezone.utc).replace(microsecond=0)


@click.command(
    "changelog", short_help="Every change from BASE to REVISION, for release notes and feeds."
)
@click.argument("base")
@click.argument("revision")
@format_options([(f.value, f.description) for f in ChangelogFormat], "markdown")
@click.option(
    "--date",
    metavar="DATE",
    help="Date of this release (ISO 8601). Default: $SOURCE_DATE_EPOCH, else now.",
)
@click.option("--link", metavar="URL", help="Web page of the API's changelog (the feeds' link).")
@click.option(
    "--feed-url",
    metavar="URL",
    help='Address the feed is published at: its rel="self" link, in a new feed.',
)
@click.option(
    "--template",
    metavar="FILE",
    help="A Jinja2 template (run sandboxed) that writes the changelog instead of --format: "
    "Markdown, HTML (autoescaped when FILE ends in .html), anything; its data is in "
    "docs/templates.md. Output to --output FILE, else standard output.",
)
@lang_option
@attributes_option
@comparison_options
@input_options
@guarded
def command(
    base: str,
    revision: str,
    formats: tuple[Target, ...],
    output: str | None,
    date: str | None,
    link: str | None,
    feed_url: str | None,
    template: str | None,
    lang: str | None,
    attributes: tuple[str, ...],
    inputs: InputOptions,
    comparison: ComparisonOptions,
) -> None:
    """Every change from BASE to REVISION, for humans: breaking changes,
    deprecations, additions and other changes.

    \b
    Feeds are kept, not replaced: with --format atom=FILE (or rss=FILE) an
    existing feed FILE gets this release's entry added at the top and keeps all
    of its entries; running again on the same pair adds nothing.
      oasgate changelog v1.yaml v2.yaml --format markdown=CHANGES.md \\
          --format atom=public/changelog.atom --link https://example.com/changelog

    \b
    With --map-prefix (two API versions under different path prefixes) the
    Markdown changelog is the migration guide for clients of the old version:
      oasgate changelog billing-v1.yaml billing-v2.yaml --map-prefix /api/v1=/api/v2

    Exit code 0, or 2 when it could not run; the gate's verdict is `oasgate check`'s job.
    """
    from oasgate.cli.output import emit_updating, resolve_targets, write_stdout
    from oasgate.cli.report_files import write_reports
    from oasgate.engine import check as run_check
    from oasgate.report.changelog import changelog_renderer
    from oasgate.report.changelog_entry import ChangelogOptions

    if base == STDOUT and revision == STDOUT:
        raise OasgateError("only one of BASE and REVISION can be read from standard input")
    if template is not None and formats:
        raise OasgateError(
            "--template writes the changelog itself: give it without --format "
            "(and --output FILE to write a file)"
        )
    targets = resolve_targets(
        formats,
        output,
        ChangelogFormat.MARKDOWN.value,
        [base, revision],
    )
    from oasgate.config import load_config
    from oasgate.policy.settings import Config

    config = load_config(confine=True)
    options = ChangelogOptions(
        date=_parse_date(date),
        link=link or config.changelog.get("link"),
        feed_url=feed_url or config.changelog.get("feed-url"),
    )
    language = choose(lang, config)
    inputs = inputs.with_config(config)  # the config's limits: apply to every reading command
    source = read_template(template) if template is not None else None
    # of the config, only what decides what is compared: a changelog lists every change
    # whatever the gate's rules and ignores say
    paired = comparison.over(Config(prefixes=config.prefixes, filters=config.filters))
    report = localized(
        run_check(inputs.load(base), inputs.load(revision), config=paired, attributes=attributes),
        language,
    )
    if template is not None and source is not None:
        from oasgate.report.changelog_template import render_template, template_data

        text = render_template(source, template, template_data(report, options))
        if output is None or output == STDOUT:
            write_stdout(text)
        else:
            write_reports([(output, text)])
        return
    emit_updating(
        targets,
        lambda fmt, existing: changelog_renderer(ChangelogFormat(fmt))(report, options, existing),
        _APPENDED_FORMATS,
    )
