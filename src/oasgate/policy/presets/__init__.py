"""Policy presets: four lifecycle policies, each a config file shipped beside this module.

A preset is written exactly like a config file (``NAME.yaml`` here), so ``extends: NAME``
in a config (or ``--policy NAME``) is the preset merged under the user's own settings;
:func:`oasgate.config_build.build_config` reads it as it reads a user's file, and a test
validates every preset against the config's JSON Schema. The worked example of each is in
``docs/policies.md``.
"""

from __future__ import annotations

from pathlib import Path

#: in the order ``--policy`` lists them
PRESET_NAMES = ("default", "five-stage", "two-live-versions", "single-version")


def preset_text(name: str) -> bytes:
    """The text of the preset ``name``, one of :data:`PRESET_NAMES`.

    Read as a file beside this module (the package data installs it there): the default
    preset is read on every run, and :mod:`importlib.resources` would add 6–8 ms of
    imports to each."""
    return (Path(__file__).parent / f"{name}.yaml").read_bytes()
