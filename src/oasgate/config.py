"""Configuration: ``.oasgate.yaml``, ``[tool.oasgate]`` in ``pyproject.toml``, or ``--config``.

This module finds and reads the config file of a run, refusing one that leads out of the
repository; :mod:`oasgate.config_source` turns its text into settings and
:mod:`oasgate.config_build` validates them into the run's
:class:`~oasgate.policy.settings.Config`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from oasgate.config_build import build_config
from oasgate.config_source import ConfigSource, parse_config
from oasgate.errors import ArgumentError, OasgateError
from oasgate.policy.settings import Config

CONFIG_NAMES = (".oasgate.yaml", ".oasgate.yml")


def discover(cwd: Path) -> Path | None:
    """``.oasgate.yaml`` in ``cwd``, else a ``pyproject.toml`` there with ``[tool.oasgate]``.

    A name that exists counts whatever it is (a symlink to a device included): reading it
    then refuses it, rather than silently running without the config."""
    for name in CONFIG_NAMES:
        candidate = cwd / name
        if os.path.lexists(candidate):
            return candidate
    pyproject = cwd / "pyproject.toml"
    if os.path.lexists(pyproject) and TOOL_TABLE.search(_read_bytes(pyproject, "pyproject.toml")):
        return pyproject
    return None


TOOL_TABLE = re.compile(rb"^\s*\[tool\.oasgate[.\]]", re.M)
#: the largest config file read (configs are a few KB; a pyproject.toml a few hundred)
MAX_CONFIG_BYTES = 4 * 1024 * 1024


def _read_bytes(path: Path, name: str) -> bytes:
    from oasgate.loading.safe_files import read_regular_file

    try:
        return read_regular_file(
            str(path),
            limit=MAX_CONFIG_BYTES,
            display=name,
            what="a config file",
            size_hint=f"a config file may be at most {MAX_CONFIG_BYTES // (1024 * 1024)} MB",
        )
    except OasgateError as error:
        if error.message == "no such file":
            raise OasgateError("no such config file", file=name) from None
        raise


def load_config(
    path: str | Path | None = None,
    *,
    policy: str | None = None,
    cwd: Path | None = None,
    discover_files: bool = True,
    confine: bool = False,
) -> Config:
    """The configuration for a run: ``path`` if given, else the one found in ``cwd``
    (when ``discover_files``), else the defaults; ``policy`` (``--policy``) replaces the
    file's ``extends``. With ``confine`` (the command line), a config whose real location
    is outside the repository (:func:`config_tree`) is refused before it is read."""
    from oasgate.policy.presets import PRESET_NAMES

    if policy is not None and policy not in PRESET_NAMES:
        raise ArgumentError(
            f"policy={policy!r} is not a policy preset; use one of "
            f"{', '.join(repr(p) for p in PRESET_NAMES)}"
        )
    source: ConfigSource | None = None
    if path is not None:
        name = str(path)
        if confine:
            refuse_outside_repository(Path(path), name, cwd or Path.cwd())
        source = read_config_file(Path(path), name)
    elif discover_files:
        found = discover(cwd or Path.cwd())
        if found is not None:
            name = found.name if cwd is None else str(found)
            if confine:
                refuse_outside_repository(found, name, cwd or Path.cwd())
            source = read_config_file(found, name)
    return build_config(source, policy=policy)


def config_tree(cwd: Path) -> Path:
    """Where a config may be: the git working tree around ``cwd``, else ``cwd``."""
    from oasgate.loading.safe_files import work_tree_of

    return work_tree_of(cwd) or Path(os.path.realpath(cwd))


def refuse_outside_repository(path: Path, name: str, cwd: Path) -> None:
    """A config (a symlink, say) that leads out of the repository, or into its ``.git``
    directory, is not read: its errors would echo a key or value of whatever file it
    names (``unknown key 'DB_PASSWORD'``)."""
    from oasgate.loading.safe_files import git_directory_refusal, in_git_directory, is_within

    if in_git_directory(cwd / path):
        raise git_directory_refusal(name)
    tree = config_tree(cwd)
    if not is_within(cwd / path, tree):
        raise OasgateError(
            f"the config's real location is outside the repository ({tree}); it is not read",
            file=name,
            hint="keep the config inside the repository; a symlink out of it is refused",
        )


def read_config_file(path: Path, name: str) -> ConfigSource:
    return parse_config(_read_bytes(path, name), name, toml=path.suffix == ".toml")
