"""The versions policy (``oasgate versions``) and the endpoint status table
(``oasgate status``), both read from the same annotations.

Each document is one version of one API. The API is named by ``info.x-lifecycle.api``,
else ``info.title``; the version is ``info.version``. A version's status is its
``info.x-lifecycle.status``; without one, the status its operations share, or else the
most mature one among them (a version with a stable endpoint is released). Release
dates come from ``x-lifecycle.released`` (``YYYY-MM`` allowed), else ``since``; the end
of life date is the sunset.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence

from msgspec import Struct

from oasgate.catalogue import RuleId
from oasgate.catalogue.ids import (
    VERSIONS_DATES_INCONSISTENT,
    VERSIONS_NO_STABLE,
    VERSIONS_STABLE_NOT_LATEST,
    VERSIONS_SUNSET_MISSING,
    VERSIONS_SUNSET_TOO_SOON,
    VERSIONS_SUPERSEDED_NOT_DEPRECATED,
    VERSIONS_TOO_MANY_LIVE,
)
from oasgate.model.spec import SpecModel
from oasgate.policy.dates import LifecycleDate
from oasgate.policy.settings import Config
from oasgate.policy.status import (
    RETIRING,
    Annotation,
    Layer,
    Resolved,
    Status,
    layers_of,
    read_annotation,
    resolve,
)


class Endpoint(Struct, frozen=True):
    """One row of the status table."""

    name: str
    operation: str
    version: str
    released: LifecycleDate | None
    status: Status
    end_of_life: dt.date | None
    successor: str | None


class ApiVersion(Struct, frozen=True):
    """One document: a version of an API, with its lifecycle and its endpoints."""

    api: str
    version: str
    source: str
    status: Status  # effective on ``today``: deprecated past its sunset is end-of-life
    declared: Status
    released: LifecycleDate | None
    deprecated: dt.date | None
    sunset: dt.date | None
    successor: str | None
    endpoints: tuple[Endpoint, ...]

    @property
    def live(self) -> bool:
        return self.status is not Status.END_OF_LIFE


def describe(model: SpecModel, config: Config, today: dt.date) -> ApiVersion:
    """Read one document's version lifecycle and its endpoints' statuses."""
    info = model.document.root.value.get("info")
    info_annotation = read_annotation(info)
    doc_layers = layers_of([(info, "info.x-lifecycle")])
    version = model.api_version or "?"
    api = _api_name(info) or model.document.root_display
    endpoints: list[Endpoint] = []
    for _shape, (path, item) in model.path_items().items():
        for operation in model.operations(path, item).values():
            label = operation.label
            layers: list[Layer] = layers_of(
                [
                    (operation.node.value, f"operation {label}"),
                    (item.value, f"path {path}"),
                ]
            )
            layers += doc_layers
            mapped = config.lifecycle.layer(label)
            if mapped is not None:
                layers.append(mapped)
            resolved = resolve(layers)
            own = read_annotation(operation.node.value)
            endpoints.append(
                Endpoint(
                    name=_endpoint_name(operation.node.value) or label,
                    operation=label,
                    version=version,
                    released=_released(own) or _released(info_annotation),
                    status=resolved.effective(today),
                    end_of_life=resolved.sunset,
                    successor=resolved.successor,
                )
            )
    resolved_version = _version_status(info_annotation, doc_layers, endpoints)
    released = _released(info_annotation)
    if released is None:
        known = [e.released for e in endpoints if e.released is not None]
        released = min(known, key=lambda d: d.day) if known else None
    return ApiVersion(
        api=api,
        version=version,
        source=model.document.root_display,
        status=resolved_version.effective(today),
        declared=resolved_version.status,
        released=released,
        deprecated=resolved_version.deprecated,
        sunset=resolved_version.sunset,
        successor=resolved_version.successor,
        endpoints=tuple(endpoints),
    )


def _api_name(info: object) -> str | None:
    if not isinstance(info, dict):
        return None
    lifecycle = info.get("x-lifecycle")
    if isinstance(lifecycle, dict) and isinstance(lifecycle.get("api"), str):
        return str(lifecycle["api"])
    if isinstance(info.get("x-api-id"), str):  # the identity many APIs at once pairs by
        return str(info["x-api-id"])
    title = info.get("title")
    return str(title) if title is not None else None


def _endpoint_name(operation: object) -> str | None:
    if not isinstance(operation, dict):
        return None
    for key in ("summary", "operationId"):
        if isinstance(operation.get(key), str) and operation[key].strip():
            return str(operation[key]).strip()
    return None


def _released(annotation: Annotation) -> LifecycleDate | None:
    return annotation.released or annotation.since


def _version_status(
    annotation: Annotation, doc_layers: list[Layer], endpoints: Sequence[Endpoint]
) -> Resolved:
    if annotation.says_anything:
        return resolve(doc_layers)
    statuses = {e.status for e in endpoints}
    if len(statuses) == 1:
        return Resolved(statuses.pop(), "the status all its operations share")
    current = [s for s in statuses if s not in RETIRING]
    if current:
        return Resolved(max(current, key=lambda s: s.order), "its most mature operation")
    return Resolved(Status.STABLE, "default (nothing says otherwise)")


# -- the versions policy -------------------------------------------------------------------


class VersionsFinding(Struct, frozen=True):
    rule: RuleId
    api: str
    version: str | None
    message: str
    source: str | None


_CHUNK = re.compile(r"(\d+)")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order: v2 < v10, 1.9.0 < 1.10.0, 2022-08-01 < 2022-11-15."""
    parts: list[tuple[int, int | str]] = []
    for chunk in _CHUNK.split(version.lower().lstrip("v")):
        if not chunk:
            continue
        parts.append((1, int(chunk)) if chunk.isdigit() else (0, chunk))
    return tuple(parts)


def group_by_api(versions: Iterable[ApiVersion]) -> dict[str, list[ApiVersion]]:
    groups: dict[str, list[ApiVersion]] = {}
    for version in versions:
        groups.setdefault(version.api, []).append(version)
    for members in groups.values():
        members.sort(key=lambda v: version_key(v.version))
    return groups


def check_versions(
    versions: Iterable[ApiVersion], config: Config, today: dt.date
) -> list[VersionsFinding]:
    """The versions policy of docs/lifecycle.md, for each API among ``versions``."""
    findings: list[VersionsFinding] = []
    for api, members in group_by_api(versions).items():
        findings += _check_api(api, members, config)
    return findings


def _check_api(api: str, members: list[ApiVersion], config: Config) -> list[VersionsFinding]:
    policy = config.policy
    window = policy.deprecation_window
    out: list[VersionsFinding] = []

    def report(rule: RuleId, version: ApiVersion | None, message: str) -> None:
        out.append(
            VersionsFinding(
                rule,
                api,
                version.version if version else None,
                message,
                version.source if version else None,
            )
        )

    live = [v for v in members if v.live]
    limit = policy.max_live_versions
    if limit is not None and len(live) > limit:
        names = ", ".join(f"{v.version} ({v.status.value})" for v in live)
        report(
            VERSIONS_TOO_MANY_LIVE,
            None,
            f"{api}: {len(live)} versions are live ({names}) but at most {limit} may be; "
            f"retire the oldest (end-of-life once its sunset has passed)",
        )
    stables = [v for v in live if v.status is Status.STABLE]
    released = [v for v in live if v.status.order >= Status.STABLE.order]
    if released and not stables:
        report(
            VERSIONS_NO_STABLE,
            None,
            f"{api}: no live version is stable ({', '.join(v.version for v in released)} "
            "are deprecated); exactly one version must be the latest stable",
        )
    latest = stables[-1] if stables else None
    if latest is not None:
        for older in stables[:-1]:
            report(
                VERSIONS_SUPERSEDED_NOT_DEPRECATED,
                older,
                f"{api} {older.version} is stable but superseded by {latest.version}: mark it "
                f"deprecated with a sunset at least {window} after the deprecation "
                "(info.x-lifecycle: {status: deprecated, deprecated: DATE, sunset: DATE})",
            )
        for newer in members:
            if newer.status in RETIRING and version_key(newer.version) > version_key(
                latest.version
            ):
                report(
                    VERSIONS_STABLE_NOT_LATEST,
                    newer,
                    f"{api} {newer.version} is {newer.status.value} but newer than the stable "
                    f"{latest.version}; the latest released version must be the stable one",
                )
    for version in live:
        if version.status is not Status.DEPRECATED:
            continue
        deprecated = version.deprecated or _successor_release(version, members)
        if version.sunset is None:
            earliest = f" ({window.after(deprecated).isoformat()} or later)" if deprecated else ""
            report(
                VERSIONS_SUNSET_MISSING,
                version,
                f"{api} {version.version} is deprecated without a sunset date: add "
                f"info.x-lifecycle.sunset at least {window} after the deprecation{earliest}",
            )
        elif deprecated is not None and version.sunset < window.after(deprecated):
            report(
                VERSIONS_SUNSET_TOO_SOON,
                version,
                f"{api} {version.version} was deprecated on {deprecated.isoformat()} with sunset "
                f"{version.sunset.isoformat()}: the sunset must be at least {window} later "
                f"({window.after(deprecated).isoformat()} or later)",
            )
    for version in members:
        out += _inconsistent_dates(api, version)
    dated = [v for v in members if v.released is not None]
    for older, newer in itertools.pairwise(dated):
        assert older.released is not None and newer.released is not None
        if newer.released.day < older.released.day:
            report(
                VERSIONS_DATES_INCONSISTENT,
                newer,
                f"{api} {newer.version} was released {newer.released.iso()}, before the older "
                f"{older.version} ({older.released.iso()}); check the release dates",
            )
    return out


def _successor_release(version: ApiVersion, members: list[ApiVersion]) -> dt.date | None:
    """Without a deprecation date, a superseded version counts as deprecated from the
    release of the next version (the first seed's rule)."""
    later = [
        v
        for v in members
        if version_key(v.version) > version_key(version.version) and v.released is not None
    ]
    return later[0].released.day if later and later[0].released else None


def _inconsistent_dates(api: str, version: ApiVersion) -> list[VersionsFinding]:
    problems = []
    released = version.released.day if version.released else None
    if released and version.deprecated and version.deprecated < released:
        problems.append(
            f"deprecated on {version.deprecated.isoformat()}, before its release "
            f"({version.released.iso() if version.released else ''})"
        )
    if version.deprecated and version.sunset and version.sunset < version.deprecated:
        problems.append(
            f"sunset {version.sunset.isoformat()} comes before its deprecation "
            f"{version.deprecated.isoformat()}"
        )
    return [
        VersionsFinding(
            VERSIONS_DATES_INCONSISTENT,
            api,
            version.version,
            f"{api} {version.version}: {problem}",
            version.source,
        )
        for problem in problems
    ]
