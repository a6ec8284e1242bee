"""The exact JSON position finder, for JSON the layout fast path cannot vouch for.

Minified or unusually laid-out JSON is scanned one container at a time: the members or
items of each container a path enters are indexed once, hopping over values with the
C-accelerated :mod:`json` scanner, and the walk may start from the deepest container the
fast path had already verified (:meth:`JsonExact.walk`).
"""

from __future__ import annotations

from oasgate.loading.locate.tokens import (
    JSON_WS,
    Path,
    item_number,
    key_text,
    scanstring,
    skip,
    value_scanner,
)


class JsonExact:
    """Exact JSON locator: indexes each container it enters, hopping over values."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scan = value_scanner()
        self._objects: dict[int, dict[str, tuple[int, int]] | None] = {}
        self._arrays: dict[int, list[int] | None] = {}

    def locate(self, path: Path) -> int | None:
        start = skip(JSON_WS, self._text)
        if start >= len(self._text):
            return None
        return self.walk(start, path)

    def walk(self, value: int, path: Path) -> int | None:
        """Offset for ``path`` relative to the JSON value starting at ``value``."""
        offset = value
        for token in path:
            char = self._text[value]
            if char == "{":
                members = self._members(value)
                found = members.get(key_text(token)) if members is not None else None
                if found is None:
                    return None
                offset, value = found
            elif char == "[":
                items = self._items(value)
                number = item_number(token)
                if items is None or number is None or number >= len(items):
                    return None
                offset = value = items[number]
            else:
                return None
        return offset

    def _skip_ws(self, offset: int) -> int:
        return skip(JSON_WS, self._text, offset)

    def _members(self, start: int) -> dict[str, tuple[int, int]] | None:
        if start not in self._objects:
            try:
                self._objects[start] = self._scan_members(start)
            except (StopIteration, ValueError, RecursionError, IndexError):
                self._objects[start] = None
        return self._objects[start]

    def _scan_members(self, start: int) -> dict[str, tuple[int, int]] | None:
        text = self._text
        members: dict[str, tuple[int, int]] = {}
        at = self._skip_ws(start + 1)
        if text[at : at + 1] == "}":
            return members
        while text[at : at + 1] == '"':
            key, after_key = scanstring(text, at + 1, True)
            colon = self._skip_ws(after_key)
            if text[colon : colon + 1] != ":":
                return None
            value = self._skip_ws(colon + 1)
            members[key] = (at, value)  # a repeated key: the last one wins, as in orjson
            after = self._skip_ws(self._scan(text, value)[1])
            if text[after : after + 1] == "}":
                return members
            if text[after : after + 1] != ",":
                return None
            at = self._skip_ws(after + 1)
        return None

    def _items(self, start: int) -> list[int] | None:
        if start not in self._arrays:
            try:
                self._arrays[start] = self._scan_items(start)
            except (StopIteration, ValueError, RecursionError, IndexError):
                self._arrays[start] = None
        return self._arrays[start]

    def _scan_items(self, start: int) -> list[int] | None:
        text = self._text
        items: list[int] = []
        at = self._skip_ws(start + 1)
        if text[at : at + 1] == "]":
            return items
        while True:
            items.append(at)
            after = self._skip_ws(self._scan(text, at)[1])
            if text[after : after + 1] == "]":
                return items
            if text[after : after + 1] != ",":
                return None
            at = self._skip_ws(after + 1)
