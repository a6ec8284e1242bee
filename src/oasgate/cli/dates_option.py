"""``--dates-from-git`` (and the config's ``policy.dates-from-git``) for ``check`` and
``status``: lifecycle dates a spec does not write, read from its git history
(:mod:`oasgate.history.dates`, docs/history.md)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
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


def history_of(spec: str) -> tuple[str, str]:
    """The working-tree path and the revision whose history dates ``spec``: ``REV:PATH``
    (the base of a pull request) is PATH up to REV; a file is itself up to ``HEAD``."""
    from oasgate.errors import OasgateError
    from oasgate.loading.trees import looks_like_git_revision, looks_like_url

    if looks_like_url(spec) or spec == "-":
        raise OasgateError(
            "--dates-from-git reads the history of a file of the repository, not of a URL "
            "or standard input",
            file=spec,
        )
    if not looks_like_git_revision(spec):
        return spec, "HEAD"
    revision, _, path = spec.partition(":")
    if path.startswith(("./", "../")):
        return path, revision
    from oasgate.gitbase import git

    top = git("rev-parse", "--show-toplevel").strip()
    return str(Path(top) / posixpath.normpath(path)), revision


def dated(
    spec: str,
    base: SpecModel,
    revision: SpecModel | None,
    config: Config,
    inputs: InputOptions,
) -> Config:
    """``config`` with the notices of the dates written into ``base`` (and ``revision``)."""
    from oasgate.history.annotate import apply_dates
    from oasgate.history.dates import read_dates

    path, at = history_of(spec)
    dates = read_dates(
        path,
        at,
        releases=revision is None,
        elements=revision is not None,  # the status table lists operations alone
        ref_root=inputs.ref_root,
        limits=inputs.limits,
    )
    notices = apply_dates(base, revision, dates, config)
    return replace(config, notices=config.notices + notices)
