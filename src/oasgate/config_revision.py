"""``--config-from REV``: the config of a git revision, not of the working tree.

The config is what decides whether the gate passes, and a pull request's checkout holds
the pull request's own config: one that adds ``rules: {"*": off}`` or an ignore for its
own breaking change would pass itself. With ``--config-from REV`` (the GitHub Action
passes its base revision by default) the config is read from ``REV`` with ``git`` — the
file ``--config`` names, else ``.oasgate.yaml`` / ``.oasgate.yml`` / ``pyproject.toml``
with ``[tool.oasgate]`` in the current directory's place in the repository — and the
working tree's config is only compared with it: when they differ, :func:`load_config_at`
returns a notice saying so, which the command prints as a warning. The working tree's
config is never reported on (its content is not echoed), only whether it differs.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from oasgate.config import (
    CONFIG_NAMES,
    MAX_CONFIG_BYTES,
    TOOL_TABLE,
    discover,
    read_config_file,
    refuse_outside_repository,
)
from oasgate.config_build import build_config
from oasgate.config_source import parse_config
from oasgate.errors import OasgateError
from oasgate.policy.settings import Config

#: what stands for a working-tree config that could not be read (it differs from any)
_UNREADABLE = object()


def load_config_at(
    revision: str, path: str | None, *, policy: str | None = None, cwd: Path | None = None
) -> tuple[Config, str | None]:
    """The config at ``revision`` and, when the working tree's differs, a notice."""
    from oasgate.gitbase import git, read_blob, repo_path

    here = cwd or Path.cwd()
    if path is not None:
        candidates = [repo_path(path, here)]
    else:
        prefix = git("rev-parse", "--show-prefix", cwd=here).strip()
        candidates = [posixpath.join(prefix, name) for name in (*CONFIG_NAMES, "pyproject.toml")]
    found: tuple[str, bytes] | None = None
    for candidate in candidates:
        raw = read_blob(revision, candidate, limit=MAX_CONFIG_BYTES, cwd=here)
        if raw is None:
            continue
        if path is None and candidate.endswith(".toml") and not TOOL_TABLE.search(raw):
            continue
        found = (candidate, raw)
        break
    source = None
    if found is not None:
        name, raw = found
        source = parse_config(raw, f"{revision}:{name}", toml=name.endswith(".toml"))
    config = build_config(source, policy=policy)
    shown = path or (posixpath.basename(found[0]) if found else ".oasgate.yaml")
    notice = _difference(revision, shown, source.data if source else None, path, here)
    return config, notice


def _difference(
    revision: str, shown: str, at_revision: Any, path: str | None, cwd: Path
) -> str | None:
    """What the working tree's config does differently from ``revision``'s, if anything."""
    here = _working_tree_settings(path, cwd)
    if here == at_revision and here is not _UNREADABLE:
        return None
    if at_revision is None:
        return (
            f"the pull request adds {shown}; {revision} has no config, so the defaults were "
            "used (the config takes effect once it is merged)"
        )
    if here is None:
        return f"the pull request removes {shown}; the config at {revision} was used"
    return (
        f"the pull request changes {shown}; the config at {revision} was used "
        "(the change takes effect once it is merged)"
    )


def _working_tree_settings(path: str | None, cwd: Path) -> Any:
    """The working tree's config settings, ``None`` without one, or ``_UNREADABLE``."""
    try:
        target = cwd / path if path is not None else discover(cwd)
        if target is None or not (target.exists() or target.is_symlink()):
            return None
        refuse_outside_repository(target, str(target), cwd)
        return read_config_file(target, str(target)).data
    except OasgateError:
        return _UNREADABLE
