"""``oasgate versions``: check the live versions of an API against the versions policy.

Exit codes: 0 the policy holds, 1 it is violated, 2 could not run.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click
from msgspec import Struct

from oasgate.cli import EXIT_FAILED, EXIT_OK, guarded
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.output import Target, emit, format_options, resolve_targets
from oasgate.cli.policy_options import build_policy, policy_options
from oasgate.errors import printable

if TYPE_CHECKING:
    from oasgate.policy.settings import Config


#: the formats of ``oasgate versions``
FORMATS = (
    ("text", "each API's versions, then the violations and the verdict"),
    ("json", "the versions, the policy and the violations"),
    ("markdown", "the same as tables, for a page or a pull request"),
)


@click.command(
    "versions", short_help="Check the live versions of an API against the versions policy."
)
@click.argument("specs", nargs=-1, required=True)
@format_options(FORMATS, "text")
@click.option(
    "--max-live-versions",
    type=click.IntRange(min=1),
    metavar="N",
    help="How many versions may be live at once (default: the policy's, 2).",
)
@input_options
@policy_options
@guarded
def command(
    specs: tuple[str, ...],
    formats: tuple[Target, ...],
    output: str | None,
    max_live_versions: int | None,
    inputs: InputOptions,
    **policy: Any,
) -> None:
    """Check SPEC... (one document per version of an API) against the versions policy:
    at most max-live-versions live, exactly one latest stable, every superseded stable
    deprecated with a sunset at least the deprecation window later, consistent dates.

    Documents are grouped by API (info.x-lifecycle.api, else info.x-api-id, else
    info.title). A SPEC that is a directory, a glob or REV:DIR stands for every
    spec in it (docs/composed.md).

    \b
    Examples:
      oasgate versions api/billing-v1.yaml api/billing-v2.yaml
      oasgate versions api/*.yaml --policy two-live-versions --today 2026-03-01
      oasgate versions api/*.yaml --format markdown=VERSIONS.md

    \b
    Exit codes: 0 the policy holds; 1 it is violated; 2 could not run.
    """
    from oasgate.policy.versions import check_versions, describe, group_by_api

    targets = resolve_targets(formats, output, "text", specs)
    config, today = build_policy(policy)
    inputs = inputs.with_config(config)
    config = config.with_flags(max_live_versions=max_live_versions)
    from oasgate.many.sides import expand_trees

    specs = tuple(expand_trees(specs, inputs.limits))  # a directory or glob: its specs
    versions = [describe(inputs.load(spec), config, today) for spec in specs]
    verdict = _Verdict(
        group_by_api(versions), check_versions(versions, config, today), config, today
    )
    renderers = {"json": _render_json, "markdown": _render_markdown, "text": _render_text}
    emit(targets, lambda fmt: renderers[fmt](verdict))
    sys.exit(EXIT_FAILED if verdict.findings else EXIT_OK)


class _Verdict(Struct, frozen=True):
    """What every format of ``versions`` shows."""

    groups: dict[str, list[Any]]
    findings: list[Any]
    config: Config
    today: dt.date

    @property
    def limit(self) -> int | str:
        limit = self.config.policy.max_live_versions
        return limit if limit is not None else "unlimited"


def _render_json(verdict: _Verdict) -> str:
    import orjson

    data = {
        "version": 1,
        "today": verdict.today.isoformat(),
        "policy": {
            "preset": verdict.config.preset,
            "max-live-versions": verdict.limit,
            "deprecation-window": str(verdict.config.policy.deprecation_window),
        },
        "apis": [
            {
                "api": api,
                "versions": [
                    {
                        "version": v.version,
                        "source": v.source,
                        "status": v.status.value,
                        "live": v.live,
                        "released": v.released.iso() if v.released else None,
                        "deprecated": _day(v.deprecated),
                        "sunset": _day(v.sunset),
                    }
                    for v in members
                ],
            }
            for api, members in verdict.groups.items()
        ],
        "findings": [
            {
                "id": f.rule,
                "severity": "error",
                "api": f.api,
                "version": f.version,
                "message": f.message,
                "source": f.source,
            }
            for f in verdict.findings
        ],
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def _dates(v: Any) -> str:
    return ", ".join(
        part
        for part in (
            f"released {v.released.iso()}" if v.released else "",
            f"deprecated {v.deprecated.isoformat()}" if v.deprecated else "",
            f"sunset {v.sunset.isoformat()}" if v.sunset else "",
        )
        if part
    )


def _verdict_line(verdict: _Verdict) -> str:
    return (
        f"versions policy {'FAILED' if verdict.findings else 'passed'}: "
        f"{len(verdict.findings)} violation(s) (max live versions {verdict.limit}, "
        f"deprecation window {verdict.config.policy.deprecation_window}, "
        f"today {verdict.today.isoformat()})"
    )


def _render_text(verdict: _Verdict) -> str:
    lines: list[str] = []
    for api, members in verdict.groups.items():
        lines.append(printable(api))
        for v in members:
            live = "live" if v.live else "retired"
            lines.append(printable(f"  {v.version:<10} {v.status.value:<12} {live:<8} {_dates(v)}"))
    for finding in verdict.findings:
        where = f" [{finding.source}]" if finding.source else ""
        lines.append(printable(f"error   {finding.message} [{finding.rule}]{where}"))
    lines.append(_verdict_line(verdict))
    return "\n".join(lines) + "\n"


def _render_markdown(verdict: _Verdict) -> str:
    from oasgate.report.markdown import code, text

    lines = [
        f"### {'❌' if verdict.findings else '✅'} oasgate: {text(_verdict_line(verdict))}",
        "",
    ]
    for api, members in verdict.groups.items():
        lines += [f"**{text(api)}**", "", "| version | status | live | dates | source |"]
        lines.append("|---|---|---|---|---|")
        lines += [
            f"| {text(v.version)} | {text(v.status.value)} | {'live' if v.live else 'retired'} "
            f"| {text(_dates(v))} | {code(v.source)} |"
            for v in members
        ]
        lines.append("")
    if verdict.findings:
        lines += ["| violation | rule | source |", "|---|---|---|"]
        lines += [
            f"| {text(f.message)} | {code(f.rule)} | {code(f.source) if f.source else ''} |"
            for f in verdict.findings
        ]
        lines.append("")
    return "\n".join(lines)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
