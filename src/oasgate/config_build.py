"""From a config file's settings to the :class:`~oasgate.policy.settings.Config` of a run.

The settings are validated against ``config.schema.json`` (shipped in the package) and
then against the rule catalogue; any unknown key or rule id stops the run (exit 2) with
the file, line and key named. A preset (``extends:`` or ``--policy``, a YAML file of
:mod:`oasgate.policy.presets`) is read like a config file and merged under the file's
settings; command-line flags win over both (:meth:`Config.with_flags`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from oasgate.config_source import ConfigSource, parse_config
from oasgate.errors import OasgateError
from oasgate.findings import Location, Severity
from oasgate.globs import Glob
from oasgate.model.prefixes import PrefixMap, parse_mapping
from oasgate.policy.dates import DateError, parse_day, parse_duration
from oasgate.policy.filters import Filters
from oasgate.policy.presets import PRESET_NAMES, preset_text
from oasgate.policy.settings import DEFAULT_GATE, Config, GateRow, Ignore, PolicySettings
from oasgate.policy.status import LifecycleMap, OperationGlob, Status, parse_status

SEVERITY_OFF = "off"


@cache
def config_schema() -> dict[str, Any]:
    """The JSON Schema of the config format (``oasgate/config.schema.json``)."""
    from importlib import resources  # only when there is a config to validate (it is 8 ms)

    text = resources.files("oasgate").joinpath("config.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def preset_settings(name: str) -> ConfigSource:
    """The settings of the preset ``name``, read as a config file is.

    A preset of comments only (``default``, read on every run) sets nothing and is not
    parsed: a run on JSON documents would otherwise load the YAML parser for it."""
    if name not in PRESET_NAMES:
        raise OasgateError(
            f"unknown policy preset '{name}'",
            hint=f"choose one of {', '.join(PRESET_NAMES)}",
        )
    text = preset_text(name)
    shown = f"preset {name}"
    if all(not line.strip() or line.lstrip().startswith(b"#") for line in text.splitlines()):
        return ConfigSource(shown, {})
    return parse_config(text, shown, toml=False)


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if key == "ignores":
            merged[key] = [*merged.get(key, []), *value]
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def build_config(source: ConfigSource | None, *, policy: str | None = None) -> Config:
    """The config of ``source`` (none: the defaults) over its preset, or over ``policy``."""
    data = source.data if source is not None else {}
    name = source.name if source is not None else None
    if source is not None:
        validate(source)
    preset_name = policy or data.get("extends") or "default"
    preset = preset_settings(preset_name)
    own = {k: v for k, v in data.items() if k != "apis"}
    merged = _merge(preset.data, {k: v for k, v in own.items() if k != "extends"})
    locate = source if source is not None else ConfigSource("<preset>", {})
    return Config(
        policy=_policy(merged, locate),
        preset=preset_name,
        rules=_rules(merged.get("rules", {}), locate),
        lifecycle=_lifecycle(merged.get("lifecycle", {})),
        ignores=tuple(
            _ignore(index, raw, locate) for index, raw in enumerate(data.get("ignores", []))
        ),
        fail_on=Severity(merged["fail-on"]) if "fail-on" in merged else None,
        source=name,
        limits=_limits(merged.get("limits", {}), locate),
        changelog=dict(merged.get("changelog", {})),
        lang=data.get("lang"),
        prefixes=_prefixes(merged.get("map-prefix", {}), locate),
        filters=_filters(merged.get("filters", {})),
        apis=_apis(data.get("apis", {}), own, locate),
    )


def _prefixes(data: Mapping[str, str], source: ConfigSource) -> PrefixMap:
    pairs = []
    for old, new in data.items():
        try:
            pairs.append(parse_mapping(f"{old}={new}", what="map-prefix"))
        except OasgateError as error:
            raise source.error(error.message, ("map-prefix", old)) from None
    return PrefixMap.of(pairs)


def _filters(data: Mapping[str, list[str]]) -> Filters:
    def globs(key: str) -> tuple[OperationGlob, ...]:
        return tuple(OperationGlob.of(pattern) for pattern in data.get(key, ()))

    return Filters(
        include_paths=globs("include-paths"),
        exclude_paths=globs("exclude-paths"),
        include_tags=tuple(data.get("include-tags", ())),
        exclude_tags=tuple(data.get("exclude-tags", ())),
        exclude_extensions=tuple(data.get("exclude-extensions", ())),
    )


def _apis(
    entries: Mapping[str, Any], own: Mapping[str, Any], source: ConfigSource
) -> tuple[tuple[str, Mapping[str, Any]], ...]:
    """The ``apis:`` map, each entry's settings over the file's own, each checked now
    (a mistake in one is reported when the config is read, with its key's line)."""
    built = []
    for glob, settings in entries.items():
        path = ("apis", glob)
        if "apis" in settings:
            raise source.error("an 'apis:' entry cannot hold another 'apis:' map", (*path, "apis"))
        data = _merge(own, settings)
        build_config(ConfigSource(source.name, data, _within(source, path)))
        built.append((glob, data))
    return tuple(built)


def _within(source: ConfigSource, at: tuple[str, ...]) -> Any:
    """The positions of the settings under ``at`` in ``source``."""
    return lambda inner: source.position((*at, *inner))


def _limits(data: Mapping[str, Any], source: ConfigSource) -> dict[str, Any]:
    from oasgate.loading.limits import Limits

    try:
        Limits.from_mapping(data, source=source.name)
    except OasgateError as error:
        raise source.error(error.message, ("limits",)) from None
    return dict(data)


def validate(source: ConfigSource) -> None:
    """Check the settings against the config's JSON Schema; the first error, in the order
    of the settings' paths, stops the run with the key it is about."""
    import jsonschema

    schema = config_schema()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(
        validator.iter_errors(source.data), key=lambda e: list(map(str, e.absolute_path))
    )
    if not errors:
        return
    error = errors[0]
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        unknown = [key for key in error.instance if key not in allowed]
        key = unknown[0] if unknown else "?"
        dotted = ".".join(str(p) for p in (*path, key))
        hint = f"allowed here: {', '.join(allowed)}" if allowed else None
        raise source.error(f"unknown key '{dotted}' in the config", (*path, key), hint)
    dotted = ".".join(str(p) for p in path) or "(top level)"
    if error.validator == "required":
        raise source.error(f"'{dotted}': {error.message}", path)
    if error.validator == "enum" and path and path[0] == "rules":
        raise source.error(
            f"'{dotted}': severity must be error, warning, info or off, not {error.instance!r}",
            path,
        )
    if error.validator == "pattern" and path and path[-1] == "reason":
        raise source.error(f"'{dotted}': the reason must not be empty", path)
    raise source.error(f"'{dotted}': {error.message}", path)


def _policy(data: Mapping[str, Any], source: ConfigSource) -> PolicySettings:
    values = data.get("policy", {})
    settings = PolicySettings()
    if "deprecation-window" in values:
        try:
            window = parse_duration(values["deprecation-window"])
        except DateError as error:
            raise source.error(
                f"'policy.deprecation-window': {error}", ("policy", "deprecation-window")
            ) from None
        settings = replace(settings, deprecation_window=window)
    if "max-live-versions" in values:
        limit = values["max-live-versions"]
        settings = replace(settings, max_live_versions=None if limit == "unlimited" else int(limit))
    if "require-sunset-headers" in values:
        settings = replace(settings, require_sunset_headers=bool(values["require-sunset-headers"]))
    if "require-sunset-date" in values:
        settings = replace(settings, require_sunset_date=bool(values["require-sunset-date"]))
    if "dates-from-git" in values:
        settings = replace(settings, dates_from_git=bool(values["dates-from-git"]))
    gate = dict(DEFAULT_GATE)
    for status_name, row in data.get("gate", {}).items():
        status = Status(status_name)
        gate[status] = GateRow(
            Severity(row.get("breaking", gate[status].breaking.value)),
            Severity(row.get("feature", gate[status].feature.value)),
        )
    return replace(settings, gate=gate)


def known_rule_ids() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    from oasgate.catalogue import RULES, alias_index

    return frozenset(RULES), alias_index()


@functools.lru_cache(maxsize=1024)
def expand_rule(pattern: str) -> frozenset[str]:
    """Our rule ids named by an id, an oasdiff alias, or a glob over either (one set per
    pattern, shared: 8,000 ignores of one rule hold one set, not 8,000)."""
    ids, aliases = known_rule_ids()
    if pattern in ids:
        return frozenset({pattern})
    if pattern in aliases:
        return frozenset(aliases[pattern])
    if _is_glob(pattern):
        glob = Glob(pattern)
        found = {rule for rule in ids if glob.matches(rule)}
        for alias, targets in aliases.items():
            if glob.matches(alias):
                found.update(targets)
        return frozenset(found)
    return frozenset()


def _rules(data: Mapping[str, str], source: ConfigSource) -> dict[str, Severity | None]:
    """Globs first, then exact ids: a named rule wins over a glob that also covers it."""
    overrides: dict[str, Severity | None] = {}
    ordered = sorted(data.items(), key=lambda item: not _is_glob(item[0]))
    for rule, level in ordered:
        ids = expand_rule(rule)
        if not ids:
            raise source.error(
                f"unknown rule id '{rule}' in 'rules'",
                ("rules", rule),
                hint="see `oasgate rules` for our ids; oasdiff ids are accepted too; "
                "a glob must match at least one rule",
            )
        for rule_id in ids:
            overrides[rule_id] = None if level == SEVERITY_OFF else Severity(level)
    return overrides


def _is_glob(pattern: str) -> bool:
    return any(char in pattern for char in "*?")


def _lifecycle(data: Mapping[str, str]) -> LifecycleMap:
    entries = []
    for pattern, name in data.items():
        status = parse_status(name)
        assert status is not None  # the schema allows only known names
        entries.append((OperationGlob.of(pattern), status))
    return LifecycleMap(tuple(entries))


def _ignore(index: int, raw: Mapping[str, Any], source: ConfigSource) -> Ignore:
    path: tuple[str | int, ...] = ("ignores", index)
    rule = str(raw["rule"])
    ids = expand_rule(rule)
    if not ids:
        raise source.error(
            f"unknown rule id '{rule}' in ignores[{index}]",
            (*path, "rule"),
            hint="see `oasgate rules`; a glob must match at least one rule",
        )
    until: dt.date | None = None
    if "until" in raw:
        try:
            until = parse_day(raw["until"]).day
        except DateError as error:
            raise source.error(f"ignores[{index}].until: {error}", (*path, "until")) from None
    line, column = source.locate(path)
    return Ignore(
        rule=rule,
        rule_ids=ids,
        reason=str(raw["reason"]).strip(),
        operation=OperationGlob.of(raw["operation"]) if "operation" in raw else None,
        path=OperationGlob.of(raw["path"]) if "path" in raw else None,
        until=until,
        location=Location(source.name, "/ignores/" + str(index), line, column),
    )
