"""Configuration: ``.oasgate.yaml``, ``[tool.oasgate]`` in ``pyproject.toml``, or ``--config``.

The file is validated against ``config.schema.json`` (shipped in the package) and then
against the rule catalogue; any unknown key or rule id stops the run (exit 2) with the
file, line and key named. A preset (``extends:`` or ``--policy``) is merged under the
file's settings, and command-line flags win over both (:meth:`Config.with_flags`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Location, Severity
from oasgate.globs import Glob
from oasgate.policy.dates import DateError, Duration, parse_day, parse_duration
from oasgate.policy.presets import PRESETS
from oasgate.policy.status import LifecycleMap, OperationGlob, Status, parse_status

CONFIG_NAMES = (".oasgate.yaml", ".oasgate.yml")
SEVERITY_OFF = "off"


@dataclass(frozen=True)
class GateRow:
    """Severity of a breaking change and of a new feature on surface of one status."""

    breaking: Severity
    feature: Severity


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

#: SPEC §4's default gate: status → (breaking change, new feature)
DEFAULT_GATE: dict[Status, GateRow] = {
    Status.DEVELOPMENT: GateRow(I, I),
    Status.BETA: GateRow(W, I),
    Status.STABLE: GateRow(E, I),
    Status.DEPRECATED: GateRow(E, E),
    Status.END_OF_LIFE: GateRow(I, E),
}


DEFAULT_WINDOW = Duration(months=6, text="6 months")


@dataclass(frozen=True)
class PolicySettings:
    """The policy values (SPEC §4), after preset, config file and flags."""

    deprecation_window: Duration = DEFAULT_WINDOW
    #: ``None`` means no limit
    max_live_versions: int | None = 2
    require_sunset_headers: bool = False
    #: a deprecation with no sunset date at all: an error, or (default) a warning
    require_sunset_date: bool = False
    gate: Mapping[Status, GateRow] = field(default_factory=lambda: dict(DEFAULT_GATE))


@dataclass(frozen=True)
class Ignore:
    """One accepted finding pattern: rule (id or glob), where, why, and until when."""

    rule: str
    rule_ids: frozenset[str]
    reason: str
    operation: OperationGlob | None = None
    path: OperationGlob | None = None
    until: dt.date | None = None
    location: Location | None = None

    def describe(self) -> str:
        where = ""
        if self.operation is not None:
            where += f" on '{self.operation.pattern}'"
        if self.path is not None:
            where += f" on path '{self.path.pattern}'"
        return f"ignore of '{self.rule}'{where}"

    def covers(self, rule_id: str, operations: tuple[str, ...]) -> bool:
        if rule_id not in self.rule_ids:
            return False
        for label in operations or ("",):
            if self.operation is not None and not self.operation.matches(label):
                return False
            if self.path is not None and not self.path.matches(label or " "):
                return False
        return True


@dataclass(frozen=True)
class Config:
    """Everything configurable about a run."""

    policy: PolicySettings = field(default_factory=PolicySettings)
    preset: str = "default"
    #: rule id → severity override; ``None`` switches the rule off
    rules: Mapping[str, Severity | None] = field(default_factory=dict)
    lifecycle: LifecycleMap = field(default_factory=LifecycleMap)
    ignores: tuple[Ignore, ...] = ()
    fail_on: Severity | None = None
    source: str | None = None
    #: the ``limits:`` table, checked by :meth:`oasgate.loading.limits.Limits.from_mapping`
    limits: Mapping[str, Any] = field(default_factory=dict)
    #: what the reports must say about where the settings came from (a pull request
    #: that changes the config it is not gated by: ``--config-from``)
    notices: tuple[Diagnostic, ...] = ()

    def with_flags(
        self,
        *,
        deprecation_window: str | None = None,
        max_live_versions: int | None = None,
        require_sunset_headers: bool | None = None,
    ) -> Config:
        """Command-line flags win over the file and the preset."""
        policy = self.policy
        if deprecation_window is not None:
            try:
                policy = replace(policy, deprecation_window=parse_duration(deprecation_window))
            except DateError as error:
                raise OasgateError(f"--deprecation-window: {error}") from None
        if max_live_versions is not None:
            policy = replace(policy, max_live_versions=max_live_versions)
        if require_sunset_headers is not None:
            policy = replace(policy, require_sunset_headers=require_sunset_headers)
        return replace(self, policy=policy)


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """The text of a config file and how to find a key's line in it."""

    name: str
    data: dict[str, Any]
    positions: dict[tuple[str | int, ...], tuple[int, int]]

    def locate(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return None, None

    def error(
        self, message: str, path: tuple[str | int, ...], hint: str | None = None
    ) -> OasgateError:
        line, column = self.locate(path)
        return OasgateError(message, file=self.name, line=line, column=column, hint=hint)


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
    source: _Source | None = None
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


def read_config_file(path: Path, name: str) -> _Source:
    return parse_config(_read_bytes(path, name), name, toml=path.suffix == ".toml")


def parse_config(raw: bytes, name: str, *, toml: bool) -> _Source:
    """A config file's settings (the ``[tool.oasgate]`` table of a TOML file), shown as
    ``name`` in errors."""
    from oasgate.loading.parsing import parse_source
    from oasgate.loading.sources import SourceText

    source = SourceText(name, name, raw)
    text = source.text  # a clear error when the file is not UTF-8
    if toml:
        return _read_toml(text, name)
    data = parse_source(source).data if text.strip() else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OasgateError("the config must be a mapping of settings", file=name, line=1)
    return _Source(name, _string_keys(data), _yaml_positions(text))


def _string_keys(value: Any) -> Any:
    """Mapping keys as JSON has them: a YAML ``200:`` or ``true:`` key becomes ``"200"``
    or ``"true"`` (every setting, glob and rule id is a string; a key that is a sequence,
    a mapping, NaN or infinite was refused while parsing)."""
    if isinstance(value, dict):
        return {_key_text(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    from oasgate.loading.canonical import dump_value

    return dump_value(key).decode()


def _read_toml(text: str, name: str) -> _Source:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise OasgateError(f"invalid TOML: {error}", file=name) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise OasgateError(
            "arrays or inline tables nest too deeply to be read", file=name
        ) from None
    tool = document.get("tool", {})
    data = tool.get("oasgate", {}) if isinstance(tool, dict) else {}
    return _Source(name, _plain(data), _toml_positions(text))


def _plain(value: Any) -> Any:
    """TOML dates become ISO strings, as YAML 1.2 leaves them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _yaml_positions(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Line and column of every key and list item (config files are small: an exact
    PyYAML composition is cheap and needs no construction of values; libyaml's, where
    PyYAML has it, is three times cheaper: 0.35 s against 1.1 s for 8,000 ignores)."""
    import yaml

    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return positions
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                positions[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                stack.append((item, child))
    return positions


def _toml_positions(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Best effort for TOML: the line of each ``key =`` under ``[tool.oasgate...]`` tables
    and of each ``[[tool.oasgate.ignores]]`` entry."""
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    table: tuple[str | int, ...] | None = None
    ignores = -1
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\[?\s*tool\.oasgate\.?([^\]]*?)\s*\]\]?", stripped)
        if header:
            parts = tuple(p.strip().strip('"') for p in header[1].split(".") if p.strip())
            if stripped.startswith("[[") and parts == ("ignores",):
                ignores += 1
                table = ("ignores", ignores)
            else:
                table = parts
            positions.setdefault(table, (number, 1))
            continue
        if stripped.startswith("["):
            table = None
            continue
        key = re.match(r'^("[^"]*"|[A-Za-z0-9_.-]+)\s*=', stripped)
        if key and table is not None:
            name = key[1].strip('"')
            where: tuple[str | int, ...] = (*table, name)
            positions[where] = (number, line.index(key[1]) + 1)
    return positions


# -- validation and building ----------------------------------------------------------------


@cache
def config_schema() -> dict[str, Any]:
    """The JSON Schema of the config format (``oasgate/config.schema.json``)."""
    from importlib import resources  # only when there is a config to validate (it is 8 ms)

    text = resources.files("oasgate").joinpath("config.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


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


def build_config(source: _Source | None, *, policy: str | None = None) -> Config:
    data = source.data if source is not None else {}
    name = source.name if source is not None else None
    if source is not None:
        _validate(source)
    preset_name = policy or data.get("extends") or "default"
    preset = PRESETS.get(preset_name)
    if preset is None:
        raise OasgateError(
            f"unknown policy preset '{preset_name}'",
            hint=f"choose one of {', '.join(PRESETS)}",
        )
    merged = _merge(preset.settings, {k: v for k, v in data.items() if k != "extends"})
    locate = source if source is not None else _Source("<preset>", {}, {})
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
    )


def _limits(data: Mapping[str, Any], source: _Source) -> dict[str, Any]:
    from oasgate.loading.limits import Limits

    try:
        Limits.from_mapping(data, source=source.name)
    except OasgateError as error:
        raise source.error(error.message, ("limits",)) from None
    return dict(data)


def _validate(source: _Source) -> None:
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


def _policy(data: Mapping[str, Any], source: _Source) -> PolicySettings:
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


def _rules(data: Mapping[str, str], source: _Source) -> dict[str, Severity | None]:
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


def _ignore(index: int, raw: Mapping[str, Any], source: _Source) -> Ignore:
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
