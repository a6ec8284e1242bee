"""The lifecycle options shared by ``check``, ``status`` and ``versions``.

``--config`` names a config file (else ``.oasgate.yaml`` or ``[tool.oasgate]`` in
``pyproject.toml`` is read from the current directory); ``--config-from REV`` reads it
from a git revision instead (see :mod:`oasgate.config_revision`); ``--policy`` picks a preset;
``--today`` fixes the date for reproducible runs. Flags win over the config file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from oasgate.policy.presets import PRESET_NAMES

if TYPE_CHECKING:
    from oasgate.policy.settings import Config

F = TypeVar("F", bound=Callable[..., Any])


def policy_options(function: F) -> F:
    """Add --config, --config-from, --policy, --today, --deprecation-window and
    --require-sunset-headers."""
    options = [
        click.option(
            "--config",
            "config_path",
            metavar="FILE",
            help="Config file (default: .oasgate.yaml, else [tool.oasgate] in pyproject.toml).",
        ),
        click.option(
            "--config-from",
            "config_from",
            metavar="REV",
            help="Read the config from git revision REV (e.g. the pull request's base), not "
            "from the working tree; a working tree's config that differs is reported.",
        ),
        click.option(
            "--policy",
            type=click.Choice(PRESET_NAMES),
            help="Policy preset (see docs/policies.md); replaces the config's 'extends'.",
        ),
        click.option(
            "--today",
            metavar="DATE",
            help="Treat DATE (ISO 8601) as today, for reproducible lifecycle checks.",
        ),
        click.option(
            "--deprecation-window",
            metavar="DURATION",
            help="Least time from deprecation to sunset, e.g. '12 months' (default 6 months).",
        ),
        click.option(
            "--require-sunset-headers/--no-require-sunset-headers",
            default=None,
            help="Missing Deprecation/Sunset headers on deprecated operations are errors.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def build_policy(options: dict[str, Any]) -> tuple[Config, dt.date]:
    """The config and the date of a run, from the options :func:`policy_options` added."""
    from oasgate.errors import OasgateError
    from oasgate.policy.dates import DateError, parse_today

    config = _config(options).with_flags(
        deprecation_window=options.get("deprecation_window"),
        require_sunset_headers=options.get("require_sunset_headers"),
    )
    try:
        today = parse_today(options.get("today"))
    except DateError as error:
        raise OasgateError(f"--today: {error}") from None
    return config, today


def _config(options: dict[str, Any]) -> Config:
    """The config file's settings: from ``--config-from REV`` when given (warning when the
    working tree's config differs), else from the working tree."""
    from oasgate.config import load_config

    path, policy, revision = (options.get(k) for k in ("config_path", "policy", "config_from"))
    if revision is None:
        return load_config(path, policy=policy, confine=True)
    from oasgate.config_revision import load_config_at

    config, notice = load_config_at(revision, path, policy=policy)
    if notice is None:
        return config
    if click.get_current_context().info_name != "check":
        click.echo(f"oasgate: warning: {notice}", err=True)
        return config
    from dataclasses import replace
    from pathlib import Path

    from oasgate.config import discover
    from oasgate.findings import Diagnostic, Location

    # in check's reports, where a reviewer sees it, as a diagnostic of its own
    here = discover(Path.cwd())
    where = Location(path or (here.name if here is not None else ".oasgate.yaml"), "")
    return replace(config, notices=(Diagnostic("config-changed", notice, where),))
