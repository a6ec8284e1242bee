"""The dates of one spec's pair, for ``check --dates-from-git`` and ``status``: which
history dates a spec argument, and the config with the notices of the dates written.

Shared by the one-pair commands and by a check of many APIs at once, where each API is
dated from its own base file's history (docs/history.md).
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from pathlib import Path

from oasgate.errors import OasgateError
from oasgate.history.annotate import apply_dates
from oasgate.history.dates import read_dates
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.trees import looks_like_git_revision, looks_like_url
from oasgate.model.spec import SpecModel
from oasgate.policy.settings import Config


def history_of(spec: str) -> tuple[str, str]:
    """The working-tree path and the revision whose history dates ``spec``: ``REV:PATH``
    (the base of a pull request) is PATH up to REV; a file is itself up to ``HEAD``."""
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


def dated_config(
    spec: str,
    base: SpecModel,
    revision: SpecModel | None,
    config: Config,
    *,
    ref_root: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Config:
    """``config`` with the notices of the dates written into ``base`` (and ``revision``),
    read from the history of ``spec`` (the base's argument)."""
    path, at = history_of(spec)
    dates = read_dates(
        path,
        at,
        releases=revision is None,
        elements=revision is not None,  # the status table lists operations alone
        ref_root=ref_root,
        limits=limits,
    )
    notices = apply_dates(base, revision, dates, config)
    return replace(config, notices=config.notices + notices)
