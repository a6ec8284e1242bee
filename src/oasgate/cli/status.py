"""``oasgate status``: the endpoint status table of the lifecycle seed.

One row per endpoint (operation), grouped by API: endpoint, version, release date,
status, end of life date — as text, Markdown or JSON. Versions that are end-of-life on
``--today`` (retired) are left out unless ``--all`` is given: the table shows what is
current, as the seed's "Current Endpoint Status" does.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import click

from oasgate.cli import guarded
from oasgate.cli.dates_option import dated, dates_option, wanted
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.output import Target, emit, format_options, resolve_targets
from oasgate.cli.policy_options import build_policy, policy_options
from oasgate.errors import printable

#: the formats of ``oasgate status``
FORMATS = (
    ("text", "the table for a terminal"),
    ("markdown", "the table for a page or a pull request"),
    ("json", "every API version and endpoint with its dates"),
)
HEADERS = ("Endpoint", "Version", "Release Date", "Status", "End of Life Date")


@click.command("status", short_help="Print the endpoint status table of the given specs.")
@click.argument("specs", nargs=-1, required=True)
@format_options(FORMATS, "text")
@click.option("--all", "show_all", is_flag=True, help="Include retired (end-of-life) versions.")
@input_options
@policy_options
@dates_option
@guarded
def command(
    specs: tuple[str, ...],
    formats: tuple[Target, ...],
    output: str | None,
    show_all: bool,
    inputs: InputOptions,
    dates_from_git: bool,
    **policy: Any,
) -> None:
    """Print the endpoint status table of SPEC... (one document per API version).

    Each row is an operation: its version, release date, lifecycle status and
    end-of-life date, from x-lifecycle annotations, deprecated flags and the
    config's lifecycle: map. A SPEC that is a directory, a glob or REV:DIR
    stands for every spec in it (docs/composed.md).

    \b
    Examples:
      oasgate status api/*.yaml
      oasgate status api/*.yaml --format markdown > STATUS.md
      oasgate status api/*.yaml --all --today 2026-03-01

    \b
    Exit codes: 0 printed; 2 could not run (unreadable spec, bad config).
    """
    from oasgate.policy.versions import describe, group_by_api

    targets = resolve_targets(formats, output, "text", specs)
    config, today = build_policy(policy)
    inputs = inputs.with_config(config)
    from oasgate.many.sides import expand_trees

    specs = tuple(expand_trees(specs, inputs.limits))  # a directory or glob: its specs
    models = [inputs.load(spec) for spec in specs]
    if wanted(dates_from_git, config):  # release and end-of-life dates from git
        for spec, model in zip(specs, models, strict=True):
            for notice in dated(spec, model, None, config, inputs).notices[len(config.notices) :]:
                click.echo(f"oasgate: note: {printable(notice.message)}", err=True)
    versions = [describe(model, config, today) for model in models]
    if not show_all:
        versions = [v for v in versions if v.live]
    groups = _by_release(group_by_api(versions))
    renderers = {
        "json": lambda: render_json(groups, today),
        "markdown": lambda: render_markdown(groups),
        "text": lambda: render_text(groups),
    }
    emit(targets, lambda fmt: renderers[fmt]())


def _by_release(groups: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """APIs in the order they were first released (as the seed's table lists them)."""

    def first_release(item: tuple[str, list[Any]]) -> tuple[dt.date, str]:
        days = [v.released.day for v in item[1] if v.released is not None]
        return (min(days) if days else dt.date.max, item[0])

    return dict(sorted(groups.items(), key=first_release))


def _rows(groups: dict[str, list[Any]]) -> list[tuple[str, ...] | str]:
    """Group titles (str) and endpoint rows (tuples), in the seed's order."""
    rows: list[tuple[str, ...] | str] = []
    for api, members in groups.items():
        rows.append(api)
        for version in members:
            for endpoint in version.endpoints:
                rows.append(
                    (
                        endpoint.name,
                        endpoint.version,
                        endpoint.released.human() if endpoint.released else "N/A",
                        endpoint.status.display,
                        endpoint.end_of_life.isoformat() if endpoint.end_of_life else "N/A",
                    )
                )
    return rows


def render_text(groups: dict[str, list[Any]]) -> str:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in HEADERS:
        table.add_column(header)
    for row in _rows(groups):
        if isinstance(row, str):
            table.add_row(f"[bold]{escape(printable(row))}[/bold]", end_section=False)
        else:
            table.add_row(*(escape(printable(cell)) for cell in ("  " + row[0], *row[1:])))
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, no_color=True, highlight=False, emoji=False)
    console.print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def render_markdown(groups: dict[str, list[Any]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in _rows(groups):
        if isinstance(row, str):
            lines.append(f"| **{cell(row)}** |" + " |" * (len(HEADERS) - 1))
        else:
            lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def render_json(groups: dict[str, list[Any]], today: dt.date) -> str:
    import orjson

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    data = {
        "version": 1,
        "today": today.isoformat(),
        "apis": [
            {
                "api": version.api,
                "version": version.version,
                "source": version.source,
                "status": version.status.value,
                "released": version.released.iso() if version.released else None,
                "deprecated": day(version.deprecated),
                "sunset": day(version.sunset),
                "successor": version.successor,
                "endpoints": [
                    {
                        "endpoint": e.name,
                        "operation": e.operation,
                        "version": e.version,
                        "released": e.released.iso() if e.released else None,
                        "status": e.status.value,
                        "end_of_life": day(e.end_of_life),
                        "successor": e.successor,
                    }
                    for e in version.endpoints
                ],
            }
            for members in groups.values()
            for version in members
        ],
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
