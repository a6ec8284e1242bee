"""``oasgate merge``: the JSON reports of CI shards, joined into any format.

Each machine of a CI matrix runs ``oasgate check BASE REVISION --shard K/N --format
json=shard-K.json``; a last job runs ``oasgate merge shard-*.json --format …`` and gets
the report and the exit code one unsharded run would have given (docs/composed.md). A
missing, repeated or foreign shard is refused (exit 2): a merge that silently lost a
shard would pass a gate nobody ran.
"""

from __future__ import annotations

from typing import Any

import click

from oasgate.cli import guarded
from oasgate.cli.output import FormatTarget, Target, format_help
from oasgate.errors import OasgateError
from oasgate.report import Format


@click.command(
    "merge", short_help="Join the JSON reports of --shard runs into one report, in any format."
)
@click.argument("reports", nargs=-1, required=True, metavar="REPORT.json...")
@click.option(
    "--format",
    "formats",
    type=FormatTarget([f.value for f in Format]),
    multiple=True,
    metavar="FORMAT[=FILE]",
    help=format_help([(f.value, f.description) for f in Format], "text"),
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="File for the one --format given without =FILE (or the default format); '-' is "
    "standard output.",
)
@guarded
def command(reports: tuple[str, ...], formats: tuple[Target, ...], output: str | None) -> None:
    """Join the JSON reports of `oasgate check … --shard K/N` into one report.

    Every shard 1..N must be given once, all of the same run (the same BASE and
    REVISION). The report in each format, and the exit code, are those of the
    unsharded run: 1 if any API fails its gate, else 2 if any API could not be read,
    else 0.

    \b
    Examples:
      oasgate merge shard-*.json --format markdown=summary.md --format sarif=oasgate.sarif
      oasgate merge shard-1.json shard-2.json --format json -o report.json
    """
    from oasgate.cli.check import _refuse_oversized
    from oasgate.cli.check_many import emit
    from oasgate.cli.output import resolve_targets
    from oasgate.loading.limits import DEFAULT_LIMITS

    targets = resolve_targets(formats, output, Format.TEXT.value, list(reports))
    merged = merge_reports([(name, _read(name)) for name in reports])
    emit(merged, targets, DEFAULT_LIMITS.max_report_bytes, _refuse_oversized)


def _read(name: str) -> Any:
    import orjson

    from oasgate.loading.safe_files import read_regular_file

    raw = read_regular_file(
        name,
        limit=DEFAULT_REPORT_LIMIT,
        display=name,
        what="a report",
        size_hint="a report may be at most 256 MB",
    )
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise OasgateError(f"is not JSON: {error.msg}", file=name, line=error.lineno) from None


#: the largest report read (the default --max-report-size)
DEFAULT_REPORT_LIMIT = 256 * 1024 * 1024


def merge_reports(reports: list[tuple[str, Any]]) -> Any:
    """The :class:`~oasgate.many.results.ManyReport` of the whole run the shards' reports
    are parts of."""
    from oasgate.many.json_io import read_many_report
    from oasgate.many.results import ManyReport

    parts = [(name, read_many_report(data, name)) for name, data in reports]
    first_name, first = parts[0]
    if first.shard is None:
        if len(parts) > 1:
            raise OasgateError(
                "is the report of a whole run, not of a shard: there is nothing to merge it with",
                file=first_name,
            )
        return first
    count = first.shard[1]
    seen: dict[int, str] = {}
    for name, part in parts:
        if part.shard is None or part.shard[1] != count:
            raise OasgateError(f"is not one of the {count} shards of {first_name}", file=name)
        if (part.base, part.revision, part.total) != (first.base, first.revision, first.total):
            raise OasgateError(
                f"is a shard of another run ({part.base} → {part.revision}, {part.total} "
                f"APIs) than {first_name} ({first.base} → {first.revision}, {first.total} APIs)",
                file=name,
            )
        if part.shard[0] in seen:
            raise OasgateError(
                f"is shard {part.shard[0]}/{count} again (also {seen[part.shard[0]]})", file=name
            )
        seen[part.shard[0]] = name
    missing = [str(k) for k in range(1, count + 1) if k not in seen]
    if missing:
        raise OasgateError(
            f"shard(s) {', '.join(missing)} of {count} missing: the merged report would leave "
            "their APIs out",
            hint="pass every shard's JSON report",
        )
    apis = sorted((api for _, part in parts for api in part.apis), key=lambda api: api.name)
    if len(apis) != first.total:
        raise OasgateError(
            f"the shards hold {len(apis)} APIs, but the run had {first.total}", file=first_name
        )
    return ManyReport(first.base, first.revision, tuple(apis), shard=None, total=len(apis))
