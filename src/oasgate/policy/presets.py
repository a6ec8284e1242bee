"""Policy presets: the three seed policies, as config fragments.

A preset is written exactly like a config file, so ``extends: NAME`` in a config (or
``--policy NAME``) is the preset merged under the user's own settings. The worked
example of each is in ``docs/policies.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str
    source: str  # the seed it encodes
    settings: dict[str, Any]


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "default",
            "SPEC §4 as written: the gate table, a 6-month deprecation window, at most two "
            "live versions; a sunset date and Deprecation/Sunset headers recommended (warnings)",
            "SPEC §4",
            {},
        ),
        Preset(
            "five-stage",
            "five statuses (development, beta, stable, deprecated, end-of-life); a replaced "
            "stable version is deprecated and reaches end of life 6 months later; no limit on "
            "live versions",
            "seeds/000_d7d8ba6af18fd2aa.txt",
            {
                "policy": {
                    "deprecation-window": "6 months",
                    "max-live-versions": "unlimited",
                    "require-sunset-headers": False,
                    "require-sunset-date": True,
                }
            },
        ),
        Preset(
            "two-live-versions",
            "at most two live versions (latest and deprecated); deprecations announced 12 "
            "months before sunset; Deprecation and Sunset headers required on deprecated "
            "endpoints",
            "seeds/002_4e781c9aec9c5d3f.txt",
            {
                "policy": {
                    "deprecation-window": "12 months",
                    "max-live-versions": 2,
                    "require-sunset-headers": True,
                    "require-sunset-date": True,
                }
            },
        ),
        Preset(
            "single-version",
            "one live version that only grows: new endpoints, optional parameters and "
            "response properties are fine; any breaking change is an error whatever the "
            "status says",
            "seeds/004_cee4f08a52e29a39.txt",
            {
                "policy": {"max-live-versions": 1},
                "gate": {
                    "development": {"breaking": "error"},
                    "beta": {"breaking": "error"},
                },
            },
        ),
    )
}
