"""``oasgate versions``: check the live versions of an API against the versions policy.

Exit codes: 0 the policy holds, 1 it is violated, 2 could not run.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

from oasgate.cli import EXIT_FAILED, EXIT_OK, guarded, writes_to_stdout
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.policy_options import build_policy, policy_options
from oasgate.errors import printable


@click.command(
    "versions", short_help="Check the live versions of an API against the versions policy."
)
@click.argument("specs", nargs=-1, required=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--max-live-versions",
    type=click.IntRange(min=1),
    metavar="N",
    help="How many versions may be live at once (default: the policy's, 2).",
)
@input_options
@policy_options
@guarded
@writes_to_stdout
def command(
    specs: tuple[str, ...],
    fmt: str,
    max_live_versions: int | None,
    inputs: InputOptions,
    **policy: Any,
) -> None:
    """Check SPEC... (one document per version of an API) against the versions policy:
    at most max-live-versions live, exactly one latest stable, every superseded stable
    deprecated with a sunset at least the deprecation window later, consistent dates.

    Documents are grouped by API (info.x-lifecycle.api, else info.title).

    \b
    Examples:
      oasgate versions api/billing-v1.yaml api/billing-v2.yaml
      oasgate versions api/*.yaml --policy two-live-versions --today 2026-03-01

    \b
    Exit codes: 0 the policy holds; 1 it is violated; 2 could not run.
    """
    from oasgate.policy.versions import check_versions, describe, group_by_api

    config, today = build_policy(policy)
    inputs = inputs.with_config(config)
    config = config.with_flags(max_live_versions=max_live_versions)
    versions = [describe(inputs.load(spec), config, today) for spec in specs]
    findings = check_versions(versions, config, today)
    groups = group_by_api(versions)
    limit = config.policy.max_live_versions
    if fmt == "json":
        import orjson

        data = {
            "version": 1,
            "today": today.isoformat(),
            "policy": {
                "preset": config.preset,
                "max-live-versions": limit if limit is not None else "unlimited",
                "deprecation-window": str(config.policy.deprecation_window),
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
                for api, members in groups.items()
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
                for f in findings
            ],
        }
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        for api, members in groups.items():
            click.echo(printable(api))
            for v in members:
                dates = ", ".join(
                    part
                    for part in (
                        f"released {v.released.iso()}" if v.released else "",
                        f"deprecated {v.deprecated.isoformat()}" if v.deprecated else "",
                        f"sunset {v.sunset.isoformat()}" if v.sunset else "",
                    )
                    if part
                )
                live = "live" if v.live else "retired"
                click.echo(printable(f"  {v.version:<10} {v.status.value:<12} {live:<8} {dates}"))
        for finding in findings:
            where = f" [{finding.source}]" if finding.source else ""
            click.echo(printable(f"error   {finding.message} [{finding.rule}]{where}"))
        shown_limit = limit if limit is not None else "unlimited"
        verdict = "FAILED" if findings else "passed"
        click.echo(
            f"versions policy {verdict}: {len(findings)} violation(s) "
            f"(max live versions {shown_limit}, deprecation window "
            f"{config.policy.deprecation_window}, today {today.isoformat()})"
        )
    sys.exit(EXIT_FAILED if findings else EXIT_OK)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
