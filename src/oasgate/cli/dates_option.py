"""``--dates-from-git`` (and the config's ``policy.dates-from-git``) for ``check`` and
``status``: lifecycle dates a spec does not write, read from its git history
(:mod:`oasgate.history.dates`, docs/history.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from oasgate.cli.inputs import InputOptions
    from oasgate.model.spec import SpecModel
    from oasgate.policy.settings import Config

F = TypeVar("F", bound=Callable[..., Any])


def dates_option(function: F) -> F:
    return click.option(
        "--dates-from-git",
        is_flag=True,
        help="Lifecycle dates the spec does not write are read from git: an operation, "
        "parameter or property is "
        "deprecated since the first commit (first-parent line of the base) that deprecated "
        "it, with a sunset that date plus the deprecation window (docs/history.md).",
    )(function)


def wanted(flag: bool, config: Config) -> bool:
    return flag or config.policy.dates_from_git


def dated(
    spec: str,
    base: SpecModel,
    revision: SpecModel | None,
    config: Config,
    inputs: InputOptions,
) -> Config:
    """``config`` with the notices of the dates written into ``base`` (and ``revision``)."""
    from oasgate.history.pair_dates import dated_config

    return dated_config(
        spec, base, revision, config, ref_root=inputs.ref_root, limits=inputs.limits
    )
