"""The JSON layout fast path: positions in pretty-printed JSON (one member or item per line).

Each container is enumerated once, with one regex pass over the lines indented like its
members, and checked as it goes (every member on its own line, openers and closers
paired), including Jackson's ``[ {`` layout for arrays of objects. Anything else (minified
JSON, two members on one line, mixed indentation) raises
:class:`~oasgate.loading.locate.tokens.Unsure` carrying the deepest container verified, from
which :class:`~oasgate.loading.locate.json_exact.JsonExact` continues.
"""

from __future__ import annotations

import re
from typing import Final

from msgspec import Struct

from oasgate.loading.locate.tokens import (
    BLANK_REST,
    CUDDLED,
    CUDDLED_ITEM,
    JSON_WS,
    OPAQUE,
    OPEN,
    SCALAR,
    Child,
    Index,
    Path,
    Unsure,
    child_for,
    scanstring,
    skip,
    value_scanner,
)

_JSON_COLON: Final = re.compile(r"[ \t]*:[ \t]*")
_JSON_VALUE_REST: Final = re.compile(r"[ \t]*,?[ \t]*(?=\n|\Z)")
_JSON_FIRST_LINE: Final = re.compile(r"\n([ \t]*)(?=[^ \t\n])")
_JSON_CUDDLED_OPEN: Final = re.compile(r"\[[ \t]*\{[ \t]*(?=\n|\Z)")
_JSON_CUDDLED_NEXT: Final = re.compile(r"\}[ \t]*,[ \t]*\{[ \t]*(?=\n|\Z)")
_JSON_CUDDLED_END: Final = re.compile(r"\}[ \t]*\][ \t]*,?[ \t]*(?=\n|\Z)")

# How a pretty-printed container is laid out.
_STYLE_PLAIN: Final = 0  # '{' or '[' ends its line; a line with just '}' or ']' (and ',') closes it
_STYLE_CUDDLED: Final = 1  # Jackson's ``[ {`` ... ``}, {`` ... ``} ]``: an array of objects
_STYLE_CUDDLED_ITEM: Final = 2  # an object in such an array, closed by ``}, {`` or ``} ]``

_json_level_patterns: dict[tuple[str, int], re.Pattern[str]] = {}


def _json_level_pattern(char: str, width: int) -> re.Pattern[str]:
    """Regex for line starts indented by at most ``width`` copies of ``char``."""
    pattern = _json_level_patterns.get((char, width))
    if pattern is None:
        escaped = re.escape(char)
        source = rf"\n(?!{escaped}{{{width + 1}}})({escaped}{{0,{width}}})(?=[^{escaped}\n])"
        pattern = _json_level_patterns[char, width] = re.compile(source)
    return pattern


def _json_indent_char(indent: str) -> str:
    """The one character an indentation is made of; Unsure if it mixes tabs and spaces."""
    if not indent:
        return " "
    if indent.strip(indent[0]):
        raise Unsure
    return indent[0]


class _JsonBlock(Struct, frozen=True):
    """A pretty-printed JSON container: its opening bracket, the indentation of the line
    holding that bracket, the (exclusive) end of the span holding the container and its
    closing line, and its layout style."""

    start: int
    indent: str
    end: int
    style: int = _STYLE_PLAIN


def _no_deeper_line(text: str, line_end: int, deeper: str, end: int) -> None:
    """After a member that holds nothing on later lines (a scalar) or a closing line,
    the next line is the next member or the container's end. A line indented deeper
    there is a member written out of place, which the search for the lines indented
    like the members passes over: the items after it would be counted wrong."""
    if 0 <= line_end < end and text.startswith(deeper, line_end + 1):
        raise Unsure


class JsonLayout:
    """Locates values of pretty-printed JSON (one member or item per line)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scan = value_scanner()
        self._root: _JsonBlock | None = None
        self._indexes: dict[int, Index | None] = {}  # by opening bracket; None: gave up

    def locate(self, path: Path) -> int:
        """Offset of the value at ``path``; Unsure (with a place to resume) otherwise."""
        block = self._root_block()
        offset = block.start
        child: Child | None = None
        for depth, token in enumerate(path):
            if child is not None:
                block = self._value_block(child, block, depth)
            try:
                child = child_for(self._index(block), token)
            except Unsure:
                raise Unsure((block.start, depth)) from None
            offset = child.pos
        return offset

    def _root_block(self) -> _JsonBlock:
        if self._root is None:
            text = self._text
            start = skip(JSON_WS, text)
            if start >= len(text):
                raise Unsure
            if text[start] not in "{[" or not BLANK_REST.match(text, start + 1):
                raise Unsure((start, 0))
            line_start = text.rfind("\n", 0, start) + 1
            self._root = _JsonBlock(start, text[line_start:start], len(text))
        return self._root

    def _value_block(self, child: Child, parent: _JsonBlock, depth: int) -> _JsonBlock:
        """The container that is ``child``'s value; Unsure (resumable) for inline ones."""
        if child.kind == CUDDLED_ITEM:
            return _JsonBlock(child.value, parent.indent, child.end, _STYLE_CUDDLED_ITEM)
        if child.kind == OPEN or child.kind == CUDDLED:
            indent = self._text[child.pos - child.col : child.pos]
            style = _STYLE_CUDDLED if child.kind == CUDDLED else _STYLE_PLAIN
            return _JsonBlock(child.value, indent, child.end, style)
        raise Unsure((child.value, depth))

    def _index(self, block: _JsonBlock) -> Index:
        if block.start in self._indexes:
            index = self._indexes[block.start]
            if index is None:
                raise Unsure
            return index
        try:
            if block.style == _STYLE_CUDDLED:
                index = self._build_cuddled_index(block)
            else:
                index = self._build_index(block)
        except Unsure:
            self._indexes[block.start] = None
            raise
        self._indexes[block.start] = index
        return index

    def _closes(self, block: _JsonBlock, at: int) -> bool:
        """Whether the line content starting at ``at`` closes ``block``."""
        text = self._text
        if block.style == _STYLE_CUDDLED_ITEM:
            return bool(
                _JSON_CUDDLED_NEXT.match(text, at, block.end)
                or _JSON_CUDDLED_END.match(text, at, block.end)
            )
        closer = "}" if text[block.start] == "{" else "]"
        return text[at] == closer and bool(_JSON_VALUE_REST.match(text, at + 1, block.end))

    def _build_index(self, block: _JsonBlock) -> Index:
        text, end, outer = self._text, block.end, block.indent
        is_object = text[block.start] == "{"
        line_end = text.find("\n", block.start)
        first = _JSON_FIRST_LINE.search(text, max(line_end, 0), end) if line_end >= 0 else None
        if first is None:
            raise Unsure
        indent = first.group(1)
        if indent == outer and self._closes(block, first.end()):
            return {} if is_object else []  # an empty container spread over two lines
        width = len(indent)
        if width <= len(outer) or not indent.startswith(outer):
            raise Unsure
        children: list[tuple[str | None, Child]] = []
        open_child: Child | None = None
        open_closer = ""
        closed = False
        indent_char = _json_indent_char(indent)
        pattern = _json_level_pattern(indent_char, width)
        deeper = indent + indent_char
        for match in pattern.finditer(text, line_end, end):
            start = match.end()
            char = text[start]
            if closed:
                raise Unsure  # content after the container's closing line
            if char in " \t":  # indentation made of the other whitespace character
                if BLANK_REST.match(text, start):
                    continue
                raise Unsure
            depth = start - match.start() - 1
            if depth == width and open_child is not None:
                # Only the open child's closing line (or a ``}, {``) can be here.
                if open_closer == "[{" and _JSON_CUDDLED_NEXT.match(text, start, end):
                    continue
                if open_closer == "[{":
                    ok = _JSON_CUDDLED_END.match(text, start, end) is not None
                else:
                    ok = char == open_closer and bool(_JSON_VALUE_REST.match(text, start + 1, end))
                if not ok:
                    raise Unsure
                closing_end = text.find("\n", start)
                open_child.end = closing_end if closing_end >= 0 else len(text)
                open_child = None
                _no_deeper_line(text, closing_end, deeper, end)
            elif depth == width:
                key, child, open_closer = self._member(start, width, is_object, end)
                children.append((key, child))
                if open_closer:
                    open_child = child
                else:
                    _no_deeper_line(text, text.find("\n", start, end), deeper, end)
            elif depth == len(outer) and open_child is None and self._closes(block, start):
                closed = True
            else:
                raise Unsure
        if not closed:
            raise Unsure
        if not is_object:
            return [child for _, child in children]
        mapping: dict[str, Child | None] = {}
        for key, child in children:
            assert key is not None
            mapping[key] = None if key in mapping else child
        return mapping

    def _build_cuddled_index(self, block: _JsonBlock) -> Index:
        """Items of a ``[ {`` array: the objects opened on its line and by ``}, {`` lines."""
        text, end, width = self._text, block.end, len(block.indent)
        brace = text.index("{", block.start)
        items = [Child(brace, width, CUDDLED_ITEM, brace, end)]
        pattern = _json_level_pattern(_json_indent_char(block.indent), width)
        for match in pattern.finditer(text, text.find("\n", brace), end):
            start = match.end()
            if text[start] in " \t" and BLANK_REST.match(text, start):
                continue
            if start - match.start() - 1 != width:
                raise Unsure
            line_end = text.find("\n", start)
            items[-1].end = line_end if line_end >= 0 else len(text)
            if _JSON_CUDDLED_END.match(text, start, end):
                return items
            if not _JSON_CUDDLED_NEXT.match(text, start, end):
                raise Unsure
            brace = text.index("{", start + 1)
            items.append(Child(brace, width, CUDDLED_ITEM, brace, end))
        raise Unsure

    def _member(
        self, start: int, width: int, is_object: bool, end: int
    ) -> tuple[str | None, Child, str]:
        """Parse the member (object) or item (array) line at ``start``: key, child, and
        what is expected to close its value on a later line ("}", "]", "[{" or "")."""
        text = self._text
        key: str | None = None
        value = start
        if is_object:
            if text[start] != '"':
                raise Unsure
            try:
                key, after_key = scanstring(text, start + 1, True)
            except ValueError:
                raise Unsure from None
            colon = _JSON_COLON.match(text, after_key, end)
            if colon is None:
                raise Unsure
            value = colon.end()
        if value >= end:
            raise Unsure
        char = text[value]
        if char in "{[" and BLANK_REST.match(text, value + 1, end):
            closer = "}" if char == "{" else "]"
            return key, Child(start, width, OPEN, value, end), closer
        if _JSON_CUDDLED_OPEN.match(text, value, end):
            return key, Child(start, width, CUDDLED, value, end), "[{"
        try:
            value_end = self._scan(text, value)[1]
        except (StopIteration, ValueError, RecursionError):
            raise Unsure from None
        if not _JSON_VALUE_REST.match(text, value_end, end):
            raise Unsure  # e.g. a further member on the same line
        if char not in "{[":
            return key, Child(start, width, SCALAR, value, end), ""
        if text.find("\n", value, value_end) >= 0:
            raise Unsure  # an inline container spread over several lines
        return key, Child(start, width, OPAQUE, value, end), ""
