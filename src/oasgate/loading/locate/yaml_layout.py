"""The YAML layout fast path: positions in block-style YAML found from indentation alone.

A plain key is found with one ``str.find`` of ``"\\n" + indent + key + ":"``; block
sequence items with one regex pass over their ``-`` lines. Both rest on the YAML 1.2 rule
(enforced by yaml_rs) that the continuation lines of a scalar or flow collection are
indented deeper than the collection holding it, so a line indented like a collection's
entries, inside its span, is one of them. Other keys (quoted, escaped, many lookups in one
mapping) enumerate the mapping once, checking every line on the way. Single-line flow
collections (``enum: [a, b]``) are parsed (:func:`~oasgate.loading.locate.yaml_syntax.flow_index`).

Anything else (multi-line flow collections, aliases, explicit ``?`` keys, tabs, keys
written twice, odd indentation) raises :class:`~oasgate.loading.locate.tokens.Unsure`, and
:class:`~oasgate.loading.locate.locator.Locator` asks the exact index
(:mod:`~oasgate.loading.locate.yaml_exact`) instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from msgspec import Struct

from oasgate.loading.locate.tokens import (
    BELOW,
    BLANK_REST,
    INLINE_MAP,
    INLINE_SEQ,
    OPAQUE,
    SCALAR,
    UNKNOWN,
    Child,
    Index,
    Items,
    Path,
    Token,
    Unsure,
    child_for,
    item_number,
    key_text,
    skip,
)
from oasgate.loading.locate.yaml_syntax import (
    BLOCK_HEADER,
    CALM_REST,
    COMMENTS,
    CONTENT_LINE,
    DASH,
    DOCUMENT_MARKER,
    DOCUMENT_START,
    DOUBLE_QUOTED,
    EXPLICIT,
    PREAMBLE,
    PROPERTIES,
    REST_OF_LINE,
    SINGLE_QUOTED,
    SPACES,
    YAML_ENTRY,
    YAML_KEY,
    dash_pattern,
    entry_end_pattern,
    flow_end,
    flow_index,
    level_pattern,
    yaml_key_text,
)

_PLAIN_SAFE_KEY: Final = re.compile(r"[A-Za-z_/$][^\n\t:#]*(?<! )")
_NON_STRING_WORDS: Final = frozenset(
    ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
)  # plain spellings that a YAML 1.1 or 1.2 parser may read as something else
_KEY_ENDS: Final = ("", " ", "\t", "\n")
_SEARCH_LIMIT: Final = 8


class _Searched(Struct):
    """What direct key searches found in one YAML block mapping."""

    first_key: str | None  # the first entry's key if plain, else None
    first_value: int
    end: int  # the block's exact end
    found: dict[str, Child]
    count: int


class _Block(Struct, frozen=True):
    """A YAML block collection: where its first entry starts, at which column, the
    (exclusive) end of the text span that holds it, and the entry whose value it is
    (whose end may still be only an upper bound)."""

    start: int
    col: int
    end: int
    owner: Child | None = None


class YamlLayout:
    """Locates nodes of block-style YAML from indentation alone."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: _Block | None = None
        self._indexes: dict[int, Index | None] = {}  # by block start; None: gave up
        self._flows: dict[int, dict[str, tuple[int, int] | None] | list[int]] = {}
        self._searched: dict[int, _Searched] = {}  # by block start

    def locate(self, path: Path) -> int:
        """Offset of the node at ``path``; Unsure when the fast path cannot tell."""
        block = self._root_block()
        offset = block.start
        child: Child | None = None
        for depth, token in enumerate(path):
            if child is not None:
                kind = self._kind(child)
                if kind == OPAQUE:
                    return self._flow_locate(child.value, path[depth:])
                block = self._value_block(child, kind)
            child = self._child(block, token)
            offset = child.pos
        if child is None:  # the root itself: make sure it is laid out as expected
            self._index(block)
        return offset

    # Finding blocks

    def _root_block(self) -> _Block:
        if self._root is None:
            text = self._text
            start = skip(PREAMBLE, text)
            marker = DOCUMENT_START.match(text, start)
            if marker is not None:
                rest = REST_OF_LINE.match(text, marker.end())
                if rest is None:  # content after '---': a scalar, flow node or properties
                    raise Unsure
                start = skip(COMMENTS, text, min(rest.end() + 1, len(text)))
            content = skip(SPACES, text, start)
            if content >= len(text) or text[content] in "\t\n":
                raise Unsure
            # The document ends at a '---' or '...' line (nothing else starts so).
            marker = DOCUMENT_MARKER.search(text, content)
            end = marker.start() if marker is not None else len(text)
            self._root = _Block(content, content - start, end)
        return self._root

    def _kind(self, child: Child) -> int:
        """The kind of ``child``'s value, worked out on first use."""
        if child.kind == UNKNOWN:
            if DASH.match(self._text, child.pos):
                child.kind, child.value, _ = self._item(child.pos, child.col, child.end)
            else:
                child.kind = self._value(child.value, child.end)[0]
        return child.kind

    def _value_block(self, child: Child, kind: int) -> _Block:
        """The block collection holding ``child``'s value; Unsure when it has none."""
        if kind in (INLINE_MAP, INLINE_SEQ):
            return _Block(child.value, child.col + child.value - child.pos, child.end, child)
        if kind != BELOW:
            raise Unsure
        text = self._text
        line_end = text.find("\n", child.pos)
        for match in CONTENT_LINE.finditer(text, max(line_end, 0), child.end):
            first = match.end()
            char = text[first]
            if char == "#":
                continue
            if char == "\t":
                if BLANK_REST.match(text, first):
                    continue
                raise Unsure
            indent = first - match.start() - 1
            if indent > child.col or (indent == child.col and DASH.match(text, first)):
                return _Block(first, indent, child.end, child)
            break
        raise Unsure  # an empty (null) value, or something unexpected

    # Finding one key without enumerating the whole block

    def _child(self, block: _Block, token: Token) -> Child:
        """The child ``token`` names in ``block``; Unsure when absent or unclear."""
        if block.start not in self._indexes and isinstance(token, str):
            found = self._search(block, token)
            if found is not None:
                return found
        return child_for(self._index(block), token)

    def _search(self, block: _Block, key: str) -> Child | None:
        """Find ``key`` written plainly (``key:``) at the block's indentation with
        ``str.find``; None when that is not conclusive (then the block is enumerated).

        Sound for text a YAML 1.2 parser accepts: a line indented exactly like the block
        and inside its span is one of its entries (continuation lines of scalars and flow
        collections are indented deeper).  A key written twice (yaml_rs may be told to
        keep the last) is left to the enumeration.  After a few searches in one block,
        enumerating it once is cheaper."""
        if not _PLAIN_SAFE_KEY.fullmatch(key) or key.lower() in _NON_STRING_WORDS:
            return None
        text = self._text
        searched = self._searched.get(block.start)
        if searched is None:
            first = YAML_ENTRY.match(text, block.start, block.end)
            if first is None or first.group("dash") is not None:
                return None
            end = block.end if block.owner is None else self._end(block.owner)
            searched = _Searched(first.group("plain"), first.end(), end, {}, 0)
            self._searched[block.start] = searched
        child = searched.found.get(key)
        if child is not None or searched.count >= _SEARCH_LIMIT:
            return child
        searched.count += 1
        col, end = block.col, searched.end
        needle = "\n" + " " * col + key + ":"
        if key == searched.first_key:
            start, value = block.start, searched.first_value
        else:
            at = self._find_key_line(needle, block.start, end)
            if at < 0:
                return None
            start = at + 1 + col
            value = skip(SPACES, text, at + len(needle))
        if self._find_key_line(needle, start, end) >= 0:
            return None  # written twice
        # The child's span ends at the next line less indented (or a sibling key); the
        # block's end bounds it until something needs it exactly.
        child = Child(start, col, UNKNOWN, value, end, end_known=False)
        searched.found[key] = child
        return child

    def _find_key_line(self, needle: str, start: int, end: int) -> int:
        """Offset of the newline starting ``needle`` (a key line up to its ':') followed
        by a space or line end, within [start, end); -1 if there is none."""
        text = self._text
        at = text.find(needle, start, end)
        while at >= 0 and text[at + len(needle) : at + len(needle) + 1] not in _KEY_ENDS:
            at = text.find(needle, at + 1, end)
        return at

    def _end(self, child: Child) -> int:
        """``child``'s exact end: the next line indented less, or a sibling key."""
        if not child.end_known:
            found = entry_end_pattern(child.col).search(self._text, child.pos, child.end)
            if found is not None:
                child.end = found.start()
            child.end_known = True
        return child.end

    # Enumerating a block's children

    def _index(self, block: _Block) -> Index:
        if block.start in self._indexes:
            index = self._indexes[block.start]
            if index is None:
                raise Unsure
            return index
        try:
            index = self._build_index(block)
        except Unsure:
            self._indexes[block.start] = None
            raise
        self._indexes[block.start] = index
        return index

    def _build_index(self, block: _Block) -> Index:
        text, col = self._text, block.col
        end = block.end if block.owner is None else self._end(block.owner)
        if DASH.match(text, block.start):
            return self._sequence_items(block.start, col, end)
        mapping: dict[str, Child | None] = {}
        last: Child | None = None  # the latest entry, whose span the next one ends
        explicit_below: bool | None = None  # after an explicit entry: its value is empty
        skip_to = block.start
        for line_break, start in self._lines_at(block.start, col, end):
            if start < skip_to:
                continue  # inside a multi-line quoted scalar or flow collection
            char = text[start]
            if char == "#":
                continue
            if char == "\t":
                if BLANK_REST.match(text, start):
                    continue
                raise Unsure
            if start - line_break - 1 < col:
                raise Unsure  # content less indented than the collection, inside its span
            if char == "-" and DASH.match(text, start):
                # A compact sequence under the previous key (items at the key's indent).
                below = explicit_below if last is None else self._kind(last) == BELOW
                if not below:
                    raise Unsure
                if not CALM_REST.match(text, start + 1, end):
                    skip_to = self._item(start, col, end)[2]
                continue
            if last is not None:
                last.end = line_break
            if char in "?:" and EXPLICIT.match(text, start):
                # An explicit ``? key`` / ``: value`` entry: stepped over (its key is
                # left to the exact index), minding multi-line scalars in it.
                value_kind, skip_to = self._value(skip(SPACES, text, start + 1), end)
                explicit_below = char == ":" and value_kind == BELOW
                last = None
                continue
            key, last, skip_to = self._entry(start, col, end)
            if key is None:
                raise Unsure
            explicit_below = None
            mapping[key] = None if key in mapping else last
        if last is not None:
            last.end = end
        return mapping

    def _lines_at(self, first: int, col: int, end: int) -> Iterator[tuple[int, int]]:
        """(offset of the line break before, offset of the first character) of the block's
        first line and of every later line indented ``col`` spaces or less."""
        yield first - col - 1, first
        after_first_line = self._text.find("\n", first)
        if after_first_line >= 0:
            for match in level_pattern(col).finditer(self._text, after_first_line, end):
                yield match.start(), match.end()

    def _sequence_items(self, first: int, col: int, end: int) -> Items:
        """Items of the block sequence whose first '-' is at ``first``.

        In text a YAML 1.2 parser accepts, every line of the sequence's span indented
        like it is one of its items (or a comment), so one regex pass finds them all;
        each item is looked at closely only when a path goes through it."""
        dashes = [first]
        after_first_line = self._text.find("\n", first)
        if after_first_line >= 0:
            found = dash_pattern(col).finditer(self._text, after_first_line, end)
            dashes += [match.end() - 1 for match in found]
        return Items(dashes, col, end)

    def _entry(self, start: int, col: int, end: int) -> tuple[str | None, Child, int]:
        """Parse the collection entry starting at ``start``: its key (None for a sequence
        item), the child, and the offset up to which following lines belong to the
        entry's own line (past a multi-line quoted scalar or flow collection).

        The kind of the value is only worked out here when the line holds something
        that may continue on later lines (quotes or brackets); otherwise it is left
        for the first descent into the child."""
        text = self._text
        entry = YAML_ENTRY.match(text, start, end)
        if entry is None:
            raise Unsure
        value = entry.end()
        child = Child(start, col, UNKNOWN, value, end)
        if CALM_REST.match(text, value, end):
            skip_to = value
        elif entry.group("dash") is not None:
            child.kind, _, skip_to = self._item(start, col, end)
        else:
            child.kind, skip_to = self._value(value, end)
        if entry.group("dash") is not None:
            return None, child, skip_to
        return yaml_key_text(entry), child, skip_to

    def _item(self, dash: int, col: int, end: int) -> tuple[int, int, int]:
        """Kind, value offset and skip-to offset of the sequence item at ``dash``."""
        text = self._text
        value = skip(SPACES, text, dash + 1)
        if value >= end or text[value] in "\n#":
            return BELOW, value, value
        if "\t" in text[dash + 1 : value]:
            raise Unsure  # columns of an inline collection would be ambiguous
        if DASH.match(text, value):
            value_col = col + value - dash
            return INLINE_SEQ, value, self._item(value, value_col, end)[2]
        key_match = YAML_KEY.match(text, value, end)
        if key_match is not None:
            yaml_key_text(key_match)  # validates escapes
            after_key = skip(SPACES, text, key_match.end())
            return INLINE_MAP, value, self._value(after_key, end)[1]
        if text[value] == "?" and EXPLICIT.match(text, value):
            after_mark = skip(SPACES, text, value + 1)
            return INLINE_MAP, value, self._value(after_mark, end)[1]
        kind, skip_to = self._value(value, end)
        return kind, value, skip_to

    def _value(self, start: int, end: int) -> tuple[int, int]:
        """Kind of the value starting at ``start`` (after a key or dash) and the offset
        up to which following lines still belong to it."""
        text = self._text
        at = skip(PROPERTIES, text, start, end)
        if at >= end or text[at] in "\n#":
            return BELOW, at
        char = text[at]
        if char == '"' or char == "'":
            quoted = (DOUBLE_QUOTED if char == '"' else SINGLE_QUOTED).match(text, at, end)
            if quoted is None:
                raise Unsure
            return SCALAR, self._rest_of_line(quoted.end(), end)
        if char in "[{":
            return OPAQUE, self._rest_of_line(flow_end(self._text, at, end), end)
        if char == "*":
            return OPAQUE, at
        if char in "|>":
            if BLOCK_HEADER.match(text, at, end) is None:
                raise Unsure
            return SCALAR, at
        if char in "&!%@`\t":
            raise Unsure
        return SCALAR, at

    def _rest_of_line(self, start: int, end: int) -> int:
        rest = REST_OF_LINE.match(self._text, start, end)
        if rest is None:
            raise Unsure
        return rest.end()

    # Single-line flow collections (``enum: [a, b]``), parsed exactly

    def _flow_locate(self, start: int, path: Path) -> int:
        """Offset for ``path`` inside the flow collection at ``start``."""
        offset = start
        for token in path:
            if self._text[start : start + 1] not in ("[", "{"):
                raise Unsure
            index = self._flows.get(start)
            if index is None:
                index = self._flows[start] = flow_index(self._text, start)
            if isinstance(index, dict):
                found = index.get(key_text(token))
                if found is None:
                    raise Unsure
                offset, start = found
            else:
                number = item_number(token)
                if number is None or number >= len(index):
                    raise Unsure
                offset = start = index[number]
        return offset
