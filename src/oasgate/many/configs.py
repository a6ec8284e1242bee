"""Each API's settings, read from the **base** tree.

In a monorepo each team gates its own API: a config beside a spec (``.oasgate.yaml`` in
its directory or any directory above it, up to the tree's root) applies to that spec, and
a repository that keeps one root config says the same with an ``apis:`` map (glob →
settings, the first match over the root config's own settings). The nearest config file
wins over the ``apis:`` map: it is the one the API's owners wrote.

Every one of them is read from the base side — the directory given as BASE, or the git
revision ``REV:DIR`` / ``--base-ref`` names — never from the revision: a pull request
that adds ``rules: {"*": off}`` beside its own spec is gated by the config its base had.
A new API (no base spec) takes the config found at its path in the base tree.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

from oasgate.config import CONFIG_NAMES, MAX_CONFIG_BYTES, read_config_file
from oasgate.config_build import build_config
from oasgate.config_source import ConfigSource, parse_config
from oasgate.globs import Glob
from oasgate.many.pairing import Pair
from oasgate.many.sides import TreeSide
from oasgate.policy.settings import Config

#: the command line's last word on a config (``--policy`` as ``extends``, the flags)
Finish = Callable[[Config], Config]


class ApiConfigs:
    """The config of each API of a run, built once per config file."""

    def __init__(self, base: TreeSide, root: Config, *, policy: str | None, finish: Finish) -> None:
        self._base = base
        self._root = root
        self._policy = policy
        self._finish = finish
        #: directory → the nearest config file (as shown) and its directory in the tree
        self._found: dict[str, tuple[str, str] | None] = {}
        self._built: dict[str, Config] = {}

    def for_pair(self, pair: Pair) -> tuple[Config, str | None]:
        """The config that gates ``pair``, and where it came from (None: the root's)."""
        relative = pair.base.relative if pair.base is not None else pair.name
        nearest = self._nearest(posixpath.dirname(relative))
        if nearest is None:
            return self._entry(self._root, self._root.source or "config", relative, None)
        found = self._file_config(nearest[0])
        within = posixpath.relpath(relative, nearest[1]) if nearest[1] else relative
        return self._entry(found, nearest[0], within, nearest[0])

    def _entry(
        self, config: Config, shown: str, relative: str, default: str | None
    ) -> tuple[Config, str | None]:
        """The first entry of ``config``'s ``apis:`` map that matches ``relative`` (the
        spec's path from the config's directory, or from the tree's root for the run's
        config), else ``config`` itself (shown as ``default``)."""
        for glob, data in config.apis:
            if Glob(glob).matches(relative):
                key = f"{shown}\0{glob}"
                if key not in self._built:
                    source = ConfigSource(f"{shown} apis.{glob}", dict(data))
                    self._built[key] = self._finish(build_config(source, policy=self._policy))
                return self._built[key], f"{shown} (apis: {glob})"
        return config, default

    def _nearest(self, directory: str) -> tuple[str, str] | None:
        """The config file nearest above ``directory`` in the base tree (as shown) and
        the directory it is in."""
        if directory in self._found:
            return self._found[directory]
        found = None
        for name in CONFIG_NAMES:
            candidate = posixpath.join(directory, name) if directory else name
            if self._exists(candidate):
                found = (self._shown(candidate), directory)
                break
        if found is None and directory:
            found = self._nearest(posixpath.dirname(directory))
        self._found[directory] = found
        return found

    def _shown(self, relative: str) -> str:
        base = self._base
        if base.revision is None:
            return str(Path(base.root) / relative)
        location = relative if base.root == "." else f"{base.root}/{relative}"
        return f"{base.revision}:{location}"

    def _exists(self, relative: str) -> bool:
        base = self._base
        if base.revision is None:  # a link counts: reading it refuses it by name
            return os.path.lexists(os.path.join(base.root, relative))  # noqa: PTH118
        from oasgate.gitbase import exists_at

        location = relative if base.root == "." else f"{base.root}/{relative}"
        return exists_at(base.revision, location)

    def _file_config(self, shown: str) -> Config:
        if shown not in self._built:
            base = self._base
            if base.revision is None:
                from oasgate.config import refuse_outside_repository

                refuse_outside_repository(Path(shown), shown, Path.cwd())
                source = read_config_file(Path(shown), shown)
            else:
                from oasgate.gitbase import read_blob

                path = shown.partition(":")[2]
                raw = read_blob(base.revision, path, limit=MAX_CONFIG_BYTES) or b""
                source = parse_config(raw, shown, toml=False)
            self._built[shown] = self._finish(build_config(source, policy=self._policy))
        return self._built[shown]
