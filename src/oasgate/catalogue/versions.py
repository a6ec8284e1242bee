"""The versions policy's rules (``oasgate versions``): what a set of documents, one per
version of an API, must keep true together.

They are not change rules: no pair of documents shows one, so they have no example pair,
side or gate classification, and :data:`oasgate.catalogue.RULES` does not hold them (a
``rules:`` override cannot name them either). They are declared here so that their ids
have names (:mod:`oasgate.catalogue.ids`) and ``docs/lifecycle.md`` and ``docs/rules.md``
list them from one place.
"""

from __future__ import annotations

from msgspec import Struct


class VersionsRule(Struct, frozen=True):
    id: str
    #: when it fires, as the documentation's table says it
    when: str


VERSIONS_RULES: tuple[VersionsRule, ...] = (
    VersionsRule(
        "versions-too-many-live",
        "more live (not end-of-life) versions than `max-live-versions` (default 2)",
    ),
    VersionsRule("versions-no-stable", "a released API has no live stable version"),
    VersionsRule(
        "versions-superseded-not-deprecated",
        "an older stable version is not deprecated though a newer stable exists",
    ),
    VersionsRule(
        "versions-stable-not-latest",
        "a version newer than the latest stable one is deprecated or end-of-life",
    ),
    VersionsRule("versions-sunset-missing", "a deprecated version has no sunset"),
    VersionsRule(
        "versions-sunset-too-soon",
        "its sunset is less than the window after its deprecation (or after its "
        "successor's release)",
    ),
    VersionsRule(
        "versions-dates-inconsistent",
        "release dates out of version order, deprecation before release, sunset before deprecation",
    ),
)
