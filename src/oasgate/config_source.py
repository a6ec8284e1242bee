"""A config file's settings, and where each one is written.

:func:`parse_config` turns the bytes of ``.oasgate.yaml`` or of a ``pyproject.toml`` (its
``[tool.oasgate]`` table) into plain settings: a mapping with string keys, as JSON has
them, which :mod:`oasgate.config_build` validates. :class:`ConfigSource` keeps the text
beside them so that an error can name the file, line and column of the key it is about.

Positions in YAML come from the load stage's locator
(:class:`oasgate.loading.locate.locator.Locator`), the one that places every finding in a
spec, worked out only when an error asks for one. TOML has no locator there; a line scan
finds its keys (:func:`_toml_positions`).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from oasgate.errors import OasgateError

if TYPE_CHECKING:
    from oasgate.loading.locate.locator import Locator

#: a path into the settings: keys and list indexes
SettingPath = tuple[str | int, ...]
PositionFinder = Callable[[SettingPath], tuple[int, int] | None]


def _nowhere(path: SettingPath) -> tuple[int, int] | None:
    return None


class ConfigSource(Struct, frozen=True):
    """The settings of a config file and how to find a key's line in it."""

    name: str
    data: dict[str, Any]
    #: line and column of the key or list item at a path; ``None`` where the text has none
    position: PositionFinder = _nowhere

    def locate(self, path: SettingPath) -> tuple[int | None, int | None]:
        """Where the setting at ``path`` is written, else its nearest enclosing setting."""
        while path:
            found = self.position(path)
            if found is not None:
                return found
            path = path[:-1]
        return None, None

    def error(self, message: str, path: SettingPath, hint: str | None = None) -> OasgateError:
        line, column = self.locate(path)
        return OasgateError(message, file=self.name, line=line, column=column, hint=hint)


def parse_config(raw: bytes, name: str, *, toml: bool) -> ConfigSource:
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
    return ConfigSource(name, _string_keys(data), _YamlPositions(text).position)


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


class _YamlPositions:
    """Positions in a YAML config, from the load stage's locator.

    A key is placed where the locator places it. A block list item is placed where its
    content starts (``rule`` in ``- rule: x``), not at its dash, as errors and ignores
    have always named it: :meth:`_item_content` steps from the dash the locator found
    over blanks and comments to the next token; an item with no content (``-`` alone)
    is placed just after its dash."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._locator: Locator | None = None
        self._lines: list[str] | None = None

    def position(self, path: SettingPath) -> tuple[int, int] | None:
        if self._locator is None:
            from oasgate.loading.locate.locator import Locator  # only when an error is located

            self._locator = Locator(self._text, is_json=False)
        found = self._locator.position(path)
        if found is None or not path or not isinstance(path[-1], int):
            return found
        return self._item_content(*found)

    def _item_content(self, line: int, column: int) -> tuple[int, int]:
        if self._lines is None:
            # the locator's lines: ``\r\n`` and a lone ``\r`` are one line break each
            self._lines = self._text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        lines = self._lines
        text = lines[line - 1]
        if text[column - 1 : column] != "-":
            return line, column  # an item of a flow sequence: the locator placed the item
        rest = text[column:].lstrip(" ")
        if rest and not rest.startswith("#"):
            return line, len(text) - len(rest) + 1
        for number in range(line, len(lines)):
            following = lines[number].lstrip(" ")
            if not following or following.startswith("#"):
                continue
            indent = len(lines[number]) - len(following)
            if indent + 1 > column:
                return number + 1, indent + 1
            break
        return line, column + 1


def _read_toml(text: str, name: str) -> ConfigSource:
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
    return ConfigSource(name, _plain(data), _toml_positions(text).get)


def _plain(value: Any) -> Any:
    """TOML dates become ISO strings, as YAML 1.2 leaves them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _toml_positions(text: str) -> dict[SettingPath, tuple[int, int]]:
    """Best effort for TOML: the line of each ``key =`` under ``[tool.oasgate...]`` tables
    and of each ``[[tool.oasgate.ignores]]`` entry."""
    positions: dict[SettingPath, tuple[int, int]] = {}
    table: SettingPath | None = None
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
            where: SettingPath = (*table, name)
            positions[where] = (number, line.index(key[1]) + 1)
    return positions
