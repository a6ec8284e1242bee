"""The exact YAML position finder: positions from PyYAML's node tree (node marks).

Used only when the layout fast path (:mod:`~oasgate.loading.locate.yaml_layout`) gives up on
a YAML text (multi-line flow collections, aliases, explicit keys...), so
:class:`~oasgate.loading.locate.locator.Locator` imports this module, and PyYAML, only then.
The tree is composed once per document.
"""

from __future__ import annotations

import re
from typing import Final

import yaml

from oasgate.loading.locate.tokens import Path, Token, item_number, key_text

try:  # pragma: no cover - depends on how PyYAML was built
    _YAML_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _YAML_LOADER = yaml.SafeLoader

_DASH_LINE: Final = re.compile(r"([ \t]*)-(?:[ \t]+(?:#.*)?)?")
_STR_TAG: Final = "tag:yaml.org,2002:str"
_INT_TAG: Final = "tag:yaml.org,2002:int"


class YamlExact:
    """Exact YAML locator over PyYAML's node tree (composed once, on first use)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._composed = False
        self._failed = False
        self._root: yaml.Node | None = None
        self._tables: dict[int, dict[str, list[tuple[yaml.Node, yaml.Node]]]] = {}

    def locate(self, path: Path) -> int | None:
        root = self._compose()
        if root is None:
            return 0 if not path and not self._failed else None
        node: yaml.Node = root
        offset: int = root.start_mark.index
        for token in path:
            if isinstance(node, yaml.MappingNode):
                entry = self._entry(node, token)
                if entry is None:
                    return None
                offset, node = entry[0].start_mark.index, entry[1]
            elif isinstance(node, yaml.SequenceNode):
                number = item_number(token)
                if number is None or number >= len(node.value):
                    return None
                in_flow = bool(node.flow_style)
                node = node.value[number]
                offset = node.start_mark.index
                if not in_flow:
                    offset = self._dash_before(offset)
            else:
                return None
        return offset

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_YAML_LOADER)
            except (yaml.YAMLError, RecursionError, ValueError):
                self._failed = True
        return self._root

    def _entry(self, node: yaml.MappingNode, token: Token) -> tuple[yaml.Node, yaml.Node] | None:
        """The (key, value) pair of ``node`` that ``token`` names.

        Keys are matched on their source text (plain or quoted); failing that, a plain
        key is matched on the value PyYAML resolves it to (``0x10`` names 16)."""
        table = self._tables.get(id(node))
        if table is None:
            table = self._tables[id(node)] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    table.setdefault(key.value, []).append((key, value))
        wanted = key_text(token)
        candidates = table.get(wanted)
        if candidates:
            return _preferred_entry(candidates, token)
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and not key.style  # plain: None from PyYAML, "" from its C loader
                and key.tag != _STR_TAG
                and wanted in _resolved_spellings(key)
            ):
                return key, value
        return None

    def _dash_before(self, start: int) -> int:
        """Offset of the '-' introducing the block sequence item that starts at ``start``."""
        text = self._text
        at = start
        while at > 0 and text[at - 1] in " \t":
            at -= 1
        if at > 0 and text[at - 1] == "-":
            return at - 1
        if at == 0 or text[at - 1] != "\n":
            return start
        # The item's content starts on a later line than its '-' (``-  # note`` then a
        # nested block): look upwards past blank and comment lines.
        line_end = at - 1
        while line_end >= 0:
            line_start = text.rfind("\n", 0, line_end) + 1
            line = text[line_start:line_end]
            dash = _DASH_LINE.fullmatch(line)
            if dash is not None:
                return line_start + len(dash.group(1))
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                break
            line_end = line_start - 1
        return start


def _preferred_entry(
    candidates: list[tuple[yaml.Node, yaml.Node]], token: Token
) -> tuple[yaml.Node, yaml.Node]:
    """Among keys spelled alike, the one whose type fits the token (``200`` or ``'200'``),
    and of keys written twice the last, which is the one parsers keep."""
    if len(candidates) > 1:
        wanted_tag = _INT_TAG if isinstance(token, int) else _STR_TAG
        for key, value in reversed(candidates):
            if key.tag == wanted_tag:
                return key, value
    return candidates[-1]


def _resolved_spellings(key: yaml.ScalarNode) -> set[str]:
    """Ways a caller may spell the value of a plain, non-string key (``0x10`` -> "16")."""
    try:
        value = yaml.constructor.SafeConstructor().construct_object(key)
        spellings = {str(value)}  # ValueError for an integer of more than 4,300 digits
    except (yaml.YAMLError, ValueError, TypeError):
        return set()
    if isinstance(value, bool):
        spellings.add(str(value).lower())
    elif value is None:
        spellings.add("null")
    return spellings
