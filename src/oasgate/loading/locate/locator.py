"""Source positions (line, column) for JSON pointers, computed lazily from the raw text.

oasgate parses specs with fast parsers that keep no source positions (orjson for JSON,
yaml_rs for YAML), yet every finding is reported as ``file:line:column``.  Re-parsing a
4 MB YAML file with a position-keeping parser costs over a second, about twenty times
the parse itself, so instead this module locates only the nodes that are reported.

It has two strategies:

* A **layout fast path** for block-style YAML and pretty-printed JSON, the overwhelmingly
  common case.  Indentation says where the children of a collection are, so compiled
  regexes and ``str.find`` over one collection's span of text (C speed, no Python loop
  over all lines) find them.

  - YAML: a plain key is found with one ``str.find`` of ``"\n" + indent + key + ":"``;
    block sequence items with one regex pass over their ``-`` lines.  Both rest on
    the YAML 1.2 rule (enforced by yaml_rs) that the continuation lines of a scalar or
    flow collection are indented deeper than the collection holding it, so a line
    indented like a collection's entries, inside its span, is one of them.  Other keys
    (quoted, escaped, many lookups in one mapping) enumerate the mapping once, checking
    every line on the way.  Single-line flow collections (``enum: [a, b]``) are parsed.
  - JSON: each container is enumerated once and checked as it goes (every member on
    its own line, openers and closers paired), including Jackson's ``[ {`` layout.

  Anything the fast path does not fully understand (multi-line flow collections,
  aliases, explicit ``?`` keys, tabs, keys written twice, odd indentation, minified
  JSON...) makes it give up instead of guessing.  Everything it computes is cached, so
  many lookups under one prefix are not quadratic.
* An **exact fallback**, used only when the fast path gives up: PyYAML's composer (node
  marks) for YAML, built once per document, and for JSON a scanner that hops over values
  with the C-accelerated :mod:`json` scanner, one container at a time and starting from
  the deepest container the fast path had verified.

Positions are 1-based; columns count code points.  A leading byte-order mark is not
counted, and ``\r\n`` or a lone ``\r`` counts as one line break, like ``\n`` (and
nothing else does: a U+2028 inside a string is not a line break here).  Of a key written
twice the position is the last one's, which is the one parsers keep.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from oasgate.loading.locate.yaml_layout import YamlExact

Token: TypeAlias = str | int
Path: TypeAlias = tuple[Token, ...]

# C-accelerated parts of the standard json decoder (not in the type stubs).
_scanstring: Callable[[str, int, bool], tuple[str, int]]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]

__all__ = ["Locator"]

# --------------------------------------------------------------------------------------
# Public interface


class Locator:
    """Maps JSON-pointer token paths to 1-based (line, column) in one source text, lazily."""

    def __init__(self, text: str, *, is_json: bool, byte_view: bool = False) -> None:
        bom = "\xef\xbb\xbf" if byte_view else "\ufeff"
        self._had_bom = text.startswith(bom)
        if self._had_bom:
            text = text[len(bom) :]
        if "\r" in text:
            # Only line breaks change, so every other character keeps its line and column.
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._text = text
        self._is_json = is_json
        self._lines = _LineTable(text, byte_view=byte_view)
        self._layout: _YamlLayout | _JsonLayout | None = None
        self._yaml_exact: YamlExact | None = None
        self._json_exact: _JsonExact | None = None
        self._cache: dict[Path, tuple[int, int] | None] = {}
        #: byte view only: the decoded text, and a locator over it once one is needed
        self._decoded_text: Callable[[], str] | None = None
        self._decoded: Locator | None = None

    @classmethod
    def for_utf8_json(cls, raw: bytes, decoded: Callable[[], str]) -> Locator:
        """A JSON locator that reads the raw UTF-8 bytes one character per byte.

        Decoding a large spec costs more than locating every finding in it, and JSON's
        structure is all ASCII: the bytes of a multi-byte character are all above 0x7F,
        so they never look like a quote, a backslash, a bracket, a space or a line break.
        Keys are compared as their UTF-8 bytes, and a column is counted in code points
        from its own line. A path with a non-ASCII key (which the file might have written
        with ``\\u`` escapes) is located in the ``decoded`` text instead, built then.
        """
        locator = cls(raw.decode("latin-1"), is_json=True, byte_view=True)
        locator._decoded_text = decoded
        return locator

    def position(self, tokens: Sequence[str | int]) -> tuple[int, int] | None:
        """Position of the node at this token path.

        For a mapping entry it is the position of its key; for a sequence item, the
        position of the item (YAML: its ``-`` indicator, or the item itself in a flow
        sequence; JSON: the first character of the value).  The empty path gives the
        start of the root node's content.  Returns None only when the path does not
        exist in the text.
        """
        path = self._normalise(tokens)
        if path in self._cache:
            return self._cache[path]
        if self._decoded_text is not None and not all(
            not isinstance(token, str) or token.isascii() for token in path
        ):
            if self._decoded is None:
                self._decoded = Locator(self._decoded_text(), is_json=True)
            found = self._cache[path] = self._decoded.position(path)
            return found
        offset = self._offset(path)
        found = None if offset is None else self._lines.position(offset)
        self._cache[path] = found
        return found

    # Both halves separately, for tests and measurements.

    def _fast_position(self, tokens: Sequence[str | int]) -> tuple[int, int] | None:
        """The fast path's answer, or None when it gives up (never falls back)."""
        try:
            offset = self._get_layout().locate(self._normalise(tokens))
        except _Unsure:
            return None
        return self._lines.position(offset)

    def _exact_position(self, tokens: Sequence[str | int]) -> tuple[int, int] | None:
        """The exact index's answer, walked from the root."""
        offset = self._exact_offset(self._normalise(tokens))
        return None if offset is None else self._lines.position(offset)

    # Internals

    def _normalise(self, tokens: Sequence[str | int]) -> Path:
        path = tuple(tokens)
        if self._had_bom and path and isinstance(path[0], str) and path[0][:1] == "\ufeff":
            # yaml_rs keeps a byte-order mark as part of the first key.
            path = (path[0][1:], *path[1:])
        return path

    def _offset(self, path: Path) -> int | None:
        try:
            return self._get_layout().locate(path)
        except _Unsure as unsure:
            if self._is_json and unsure.resume is not None:
                container, depth = unsure.resume
                return self._get_json_exact().walk(container, path[depth:])
            return self._exact_offset(path)

    def _exact_offset(self, path: Path) -> int | None:
        if self._is_json:
            return self._get_json_exact().locate(path)
        if self._yaml_exact is None:
            from oasgate.loading.locate.yaml_layout import (
                YamlExact,  # PyYAML only for this fallback
            )

            self._yaml_exact = YamlExact(self._text)
        return self._yaml_exact.locate(path)

    def _get_layout(self) -> _YamlLayout | _JsonLayout:
        if self._layout is None:
            first = _skip(_JSON_WS, self._text)
            if self._is_json or self._text[first : first + 1] in ("{", "["):
                # A YAML file holding JSON is laid out like JSON; its escapes agree.
                self._layout = _JsonLayout(self._text)
            else:
                self._layout = _YamlLayout(self._text)
        return self._layout

    def _get_json_exact(self) -> _JsonExact:
        if self._json_exact is None:
            self._json_exact = _JsonExact(self._text)
        return self._json_exact


# --------------------------------------------------------------------------------------
# Shared helpers


class _Unsure(Exception):
    """The fast path cannot vouch for an answer; the exact index must decide.

    ``resume`` is (offset of a JSON value the fast path verified, number of tokens used
    to reach it), letting the exact JSON scanner continue from there.
    """

    def __init__(self, resume: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.resume = resume


# What a collection child's value looks like, seen from the child's own line.
_BELOW: Final = 0  # nothing after the key / dash: the value is on the following lines
_SCALAR: Final = 1  # a scalar: no children
_OPAQUE: Final = 2  # flow collection or alias: children unknown to the fast path
_UNKNOWN: Final = -1  # not worked out yet
_INLINE_MAP: Final = 3  # YAML: block mapping starting on the item's line (``- key: v``)
_INLINE_SEQ: Final = 4  # YAML: block sequence starting on the item's line (``- - v``)
_OPEN: Final = 5  # JSON: ``{`` or ``[`` closing its line; the content follows
_CUDDLED: Final = 6  # JSON: ``[ {`` closing its line (Jackson's array of objects)
_CUDDLED_ITEM: Final = 7  # JSON: an object in such an array


@dataclass(slots=True)
class _Child:
    """One entry of a collection found by a fast layout."""

    pos: int  # offset reported for it: its key, its '-', or (JSON item) its value
    col: int  # column (0-based) of ``pos``; it is also the child's indentation
    kind: int  # one of the value kinds above
    value: int  # offset where the value starts on the child's line
    end: int  # exclusive end of the span of text holding the child ...
    end_known: bool = True  # ... or, when False, only an upper bound of it


class _Items:
    """Items of a YAML block sequence, known by their '-' offsets, built as needed."""

    __slots__ = ("_built", "_col", "_dashes", "_end")

    def __init__(self, dashes: list[int], col: int, end: int) -> None:
        self._dashes = dashes
        self._col = col
        self._end = end
        self._built: dict[int, _Child] = {}

    def __len__(self) -> int:
        return len(self._dashes)

    def __getitem__(self, number: int) -> _Child:
        child = self._built.get(number)
        if child is None:
            dashes = self._dashes
            # An item's span ends at the newline before the next item's indentation.
            end = dashes[number + 1] - self._col - 1 if number + 1 < len(dashes) else self._end
            child = self._built[number] = _Child(dashes[number], self._col, _UNKNOWN, -1, end)
        return child


# A collection's children: mapping (None marks a key written twice) or sequence.
_Index: TypeAlias = dict[str, _Child | None] | list[_Child] | _Items


def _skip(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> int:
    """End of ``pattern`` (which also matches the empty string) matched at ``start``."""
    found = pattern.match(text, start) if end is None else pattern.match(text, start, end)
    assert found is not None
    return found.end()


def _key_text(token: Token) -> str:
    """How a token reads as a mapping key (``200`` -> "200")."""
    return token if isinstance(token, str) else str(token)


def _item_number(token: Token) -> int | None:
    """The sequence index a token names, or None (also for a YAML key of another type,
    such as a float, that a caller passes as it is)."""
    if isinstance(token, bool):
        return None
    if isinstance(token, int):
        return token if token >= 0 else None
    if isinstance(token, str) and token.isascii() and token.isdigit():
        return int(token) if token == "0" or token[0] != "0" else None
    return None


def _child_for(index: _Index, token: Token) -> _Child:
    """The child a token names in a fast index; _Unsure when absent or ambiguous."""
    if isinstance(index, dict):
        found = index.get(_key_text(token))
    else:
        number = _item_number(token)
        found = index[number] if number is not None and number < len(index) else None
    if found is None:
        raise _Unsure
    return found


_CONTINUATION_BYTES: Final = bytes(range(0x80, 0xC0))


class _LineTable:
    """Offset -> (line, column), from newline counts per 4 KiB chunk taken as needed.

    With ``byte_view`` the text holds UTF-8 bytes one per character (latin-1), and a
    column counts the code points those bytes encode: the bytes before the offset on its
    line, less the continuation bytes among them (counted per chunk too, so a minified
    one-line file costs no more than a pretty-printed one)."""

    _CHUNK: Final = 1 << 12

    def __init__(self, text: str, *, byte_view: bool = False) -> None:
        self._text = text
        self._byte_view = byte_view and not text.isascii()
        self._lines_before = [0]  # newlines before the start of each chunk counted so far
        self._last_line_start = [0]  # where the line holding each chunk's start begins
        self._continuations_before = [0]  # likewise, UTF-8 continuation bytes

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of ``offset``; both are found within its chunk (and the one
        table entry before it), so a minified one-line file costs no more per finding
        than a pretty-printed one."""
        text, size = self._text, self._CHUNK
        chunk = offset // size
        self._count_chunks_to(chunk)
        chunk_start = chunk * size
        line = self._lines_before[chunk] + text.count("\n", chunk_start, offset) + 1
        newline = text.rfind("\n", chunk_start, offset)
        line_start = newline + 1 if newline >= 0 else self._last_line_start[chunk]
        column = offset - line_start + 1
        if self._byte_view:
            column -= self._continuations(offset) - self._continuations(line_start)
        return line, column

    def _count_chunks_to(self, chunk: int) -> None:
        text, counts, starts, size = (
            self._text,
            self._lines_before,
            self._last_line_start,
            self._CHUNK,
        )
        while len(counts) <= chunk:
            start = (len(counts) - 1) * size
            counts.append(counts[-1] + text.count("\n", start, start + size))
            newline = text.rfind("\n", start, start + size)
            starts.append(newline + 1 if newline >= 0 else starts[-1])

    def _continuations(self, offset: int) -> int:
        """UTF-8 continuation bytes before ``offset``."""
        counts, size = self._continuations_before, self._CHUNK
        chunk = offset // size
        while len(counts) <= chunk:
            start = (len(counts) - 1) * size
            counts.append(counts[-1] + self._count_continuations(start, start + size))
        return counts[chunk] + self._count_continuations(chunk * size, offset)

    def _count_continuations(self, start: int, end: int) -> int:
        data = self._text[start:end].encode("latin-1")
        return len(data) - len(data.translate(None, _CONTINUATION_BYTES))


# --------------------------------------------------------------------------------------
# YAML fast path

# A block mapping key up to and including its ':' (a key is on one line).
_KEY_SOURCE: Final = r"""
    (?: "(?P<dq>[^"\\\n]*(?:\\.[^"\\\n]*)*)"
      | '(?P<sq>[^'\n]*(?:''[^'\n]*)*)'
      | (?P<plain>(?:[^\s\-?:,\[\]{}\#&*!|>'"%@`]|[-?:](?=[^\s,\[\]{}]))
                  (?:[^\n:\#]|:(?![ \t\n])|(?<![ \t])\#)*?)
    )[ \t]*:"""
_YAML_KEY: Final = re.compile(_KEY_SOURCE + r"(?=[ \t\n]|\Z)", re.X)
# A block collection entry: a '-' or a key, and the spaces after it.
_YAML_ENTRY: Final = re.compile(rf"(?:(?P<dash>-)|{_KEY_SOURCE})(?=[ \t\n]|\Z)[ \t]*", re.X)
_FLOW_PLAIN: Final = re.compile(
    r"""(?:[^\s\-?:,\[\]{}\#&*!|>'"%@`]|[-?:](?=[^\s,\[\]{}]))
        (?:[^\n:,\[\]{}\#]|:(?![\s,\[\]{}])|(?<![ \t])\#)*""",
    re.X,
)
_DASH: Final = re.compile(r"-(?=[ \t\n]|\Z)")
_EXPLICIT: Final = re.compile(r"[?:](?=[ \t\n]|\Z)")
_CALM_REST: Final = re.compile(r"[^\n\"'\[\]{}]*(?=\n|\Z)")
_SPACES: Final = re.compile(r"[ \t]*")
_PROPERTIES: Final = re.compile(r"(?:[&!][^\s,\[\]{}]*(?:[ \t]+|(?=\n)|\Z))*")
_DOUBLE_QUOTED: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SINGLE_QUOTED: Final = re.compile(r"'[^']*(?:''[^']*)*'")
_BLOCK_HEADER: Final = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
_REST_OF_LINE: Final = re.compile(r"[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
_BLANK_REST: Final = re.compile(r"[ \t]*(?=\n|\Z)")
_PREAMBLE: Final = re.compile(r"(?:(?:[ \t]*(?:#[^\n]*)?|%[^\n]*)\n)*")
_COMMENTS: Final = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
_DOCUMENT_START: Final = re.compile(r"---(?=[ \t\n]|\Z)")
_DOCUMENT_MARKER: Final = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\n]|\Z)")
_CONTENT_LINE: Final = re.compile(r"\n( *)(?=[^ \n])")
_FLOW_TOKEN: Final = re.compile(
    r"""[\[\]{}]
      | "[^"\\]*(?:\\.[^"\\]*)*"
      | '[^']*(?:''[^']*)*'
      | [\s,]+
      | \#[^\n]*
      | [^\[\]{}"'\s,\#][^\[\]{}\s,]*""",
    re.X | re.S,
)
_YAML_ESCAPES: Final = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_YAML_HEX_ESCAPES: Final = {"x": 2, "u": 4, "U": 8}
_YAML_ESCAPE: Final = re.compile(r"\\(?:([xuU])([0-9A-Fa-f]*)|(.))")

_PLAIN_SAFE_KEY: Final = re.compile(r"[A-Za-z_/$][^\n\t:#]*(?<! )")
_NON_STRING_WORDS: Final = frozenset(
    ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
)  # plain spellings that a YAML 1.1 or 1.2 parser may read as something else
_KEY_ENDS: Final = ("", " ", "\t", "\n")
_SEARCH_LIMIT: Final = 8

_level_patterns: dict[int, re.Pattern[str]] = {}
_entry_end_patterns: dict[int, re.Pattern[str]] = {}
_dash_patterns: dict[int, re.Pattern[str]] = {}


def _dash_pattern(col: int) -> re.Pattern[str]:
    """Regex for block sequence items ('-' then a space or line end) at column ``col``."""
    pattern = _dash_patterns.get(col)
    if pattern is None:
        pattern = _dash_patterns[col] = re.compile(rf"\n {{{col}}}-(?=[ \t\n]|\Z)")
    return pattern


def _entry_end_pattern(col: int) -> re.Pattern[str]:
    """Regex for the line that ends a mapping entry whose key is at column ``col``: the
    next content line indented less, or as much but not a compact sequence item."""
    pattern = _entry_end_patterns.get(col)
    if pattern is None:
        same = rf" {{{col}}}(?:[^ \n#-]|-[^ \t\n])"
        # The lookahead turns deeper lines away early.
        less = rf"(?! {{{col + 1}}})(?: {{0,{col - 1}}}[^ \n#]|" if col else "(?:"
        pattern = _entry_end_patterns[col] = re.compile(rf"\n{less}{same})")
    return pattern


def _level_pattern(col: int) -> re.Pattern[str]:
    """Regex for line starts indented by at most ``col`` spaces (and not blank)."""
    pattern = _level_patterns.get(col)
    if pattern is None:
        # The negative lookahead turns deeper lines away without backtracking.
        source = rf"\n(?! {{{col + 1}}})( {{0,{col}}})(?=[^ \n])"
        pattern = _level_patterns[col] = re.compile(source)
    return pattern


def _unescape_double_quoted(raw: str) -> str:
    """Value of a single-line YAML double-quoted scalar body; _Unsure if malformed."""

    def replace(match: re.Match[str]) -> str:
        kind, digits, char = match.groups()
        if kind is None:
            if char not in _YAML_ESCAPES:
                raise _Unsure
            return _YAML_ESCAPES[char]
        width = _YAML_HEX_ESCAPES[kind]
        if len(digits) < width:
            raise _Unsure
        return chr(int(digits[:width], 16)) + digits[width:]

    return _YAML_ESCAPE.sub(replace, raw) if "\\" in raw else raw


def _yaml_key_text(match: re.Match[str]) -> str:
    double, single, plain = match.group("dq", "sq", "plain")
    if double is not None:
        return _unescape_double_quoted(double)
    if single is not None:
        return single.replace("''", "'")
    return str(plain)


@dataclass(slots=True)
class _Searched:
    """What direct key searches found in one YAML block mapping."""

    first_key: str | None  # the first entry's key if plain, else None
    first_value: int
    end: int  # the block's exact end
    found: dict[str, _Child]
    count: int


@dataclass(frozen=True, slots=True)
class _Block:
    """A YAML block collection: where its first entry starts, at which column, the
    (exclusive) end of the text span that holds it, and the entry whose value it is
    (whose end may still be only an upper bound)."""

    start: int
    col: int
    end: int
    owner: _Child | None = None


class _YamlLayout:
    """Locates nodes of block-style YAML from indentation alone."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: _Block | None = None
        self._indexes: dict[int, _Index | None] = {}  # by block start; None: gave up
        self._flows: dict[int, dict[str, tuple[int, int] | None] | list[int]] = {}
        self._searched: dict[int, _Searched] = {}  # by block start

    def locate(self, path: Path) -> int:
        """Offset of the node at ``path``; _Unsure when the fast path cannot tell."""
        block = self._root_block()
        offset = block.start
        child: _Child | None = None
        for depth, token in enumerate(path):
            if child is not None:
                kind = self._kind(child)
                if kind == _OPAQUE:
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
            start = _skip(_PREAMBLE, text)
            marker = _DOCUMENT_START.match(text, start)
            if marker is not None:
                rest = _REST_OF_LINE.match(text, marker.end())
                if rest is None:  # content after '---': a scalar, flow node or properties
                    raise _Unsure
                start = _skip(_COMMENTS, text, min(rest.end() + 1, len(text)))
            content = _skip(_SPACES, text, start)
            if content >= len(text) or text[content] in "\t\n":
                raise _Unsure
            # The document ends at a '---' or '...' line (nothing else starts so).
            marker = _DOCUMENT_MARKER.search(text, content)
            end = marker.start() if marker is not None else len(text)
            self._root = _Block(content, content - start, end)
        return self._root

    def _kind(self, child: _Child) -> int:
        """The kind of ``child``'s value, worked out on first use."""
        if child.kind == _UNKNOWN:
            if _DASH.match(self._text, child.pos):
                child.kind, child.value, _ = self._item(child.pos, child.col, child.end)
            else:
                child.kind = self._value(child.value, child.end)[0]
        return child.kind

    def _value_block(self, child: _Child, kind: int) -> _Block:
        """The block collection holding ``child``'s value; _Unsure when it has none."""
        if kind in (_INLINE_MAP, _INLINE_SEQ):
            return _Block(child.value, child.col + child.value - child.pos, child.end, child)
        if kind != _BELOW:
            raise _Unsure
        text = self._text
        line_end = text.find("\n", child.pos)
        for match in _CONTENT_LINE.finditer(text, max(line_end, 0), child.end):
            first = match.end()
            char = text[first]
            if char == "#":
                continue
            if char == "\t":
                if _BLANK_REST.match(text, first):
                    continue
                raise _Unsure
            indent = first - match.start() - 1
            if indent > child.col or (indent == child.col and _DASH.match(text, first)):
                return _Block(first, indent, child.end, child)
            break
        raise _Unsure  # an empty (null) value, or something unexpected

    # Finding one key without enumerating the whole block

    def _child(self, block: _Block, token: Token) -> _Child:
        """The child ``token`` names in ``block``; _Unsure when absent or unclear."""
        if block.start not in self._indexes and isinstance(token, str):
            found = self._search(block, token)
            if found is not None:
                return found
        return _child_for(self._index(block), token)

    def _search(self, block: _Block, key: str) -> _Child | None:
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
            first = _YAML_ENTRY.match(text, block.start, block.end)
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
            value = _skip(_SPACES, text, at + len(needle))
        if self._find_key_line(needle, start, end) >= 0:
            return None  # written twice
        # The child's span ends at the next line less indented (or a sibling key); the
        # block's end bounds it until something needs it exactly.
        child = _Child(start, col, _UNKNOWN, value, end, end_known=False)
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

    def _end(self, child: _Child) -> int:
        """``child``'s exact end: the next line indented less, or a sibling key."""
        if not child.end_known:
            found = _entry_end_pattern(child.col).search(self._text, child.pos, child.end)
            if found is not None:
                child.end = found.start()
            child.end_known = True
        return child.end

    # Enumerating a block's children

    def _index(self, block: _Block) -> _Index:
        if block.start in self._indexes:
            index = self._indexes[block.start]
            if index is None:
                raise _Unsure
            return index
        try:
            index = self._build_index(block)
        except _Unsure:
            self._indexes[block.start] = None
            raise
        self._indexes[block.start] = index
        return index

    def _build_index(self, block: _Block) -> _Index:
        text, col = self._text, block.col
        end = block.end if block.owner is None else self._end(block.owner)
        if _DASH.match(text, block.start):
            return self._sequence_items(block.start, col, end)
        mapping: dict[str, _Child | None] = {}
        last: _Child | None = None  # the latest entry, whose span the next one ends
        explicit_below: bool | None = None  # after an explicit entry: its value is empty
        skip_to = block.start
        for line_break, start in self._lines_at(block.start, col, end):
            if start < skip_to:
                continue  # inside a multi-line quoted scalar or flow collection
            char = text[start]
            if char == "#":
                continue
            if char == "\t":
                if _BLANK_REST.match(text, start):
                    continue
                raise _Unsure
            if start - line_break - 1 < col:
                raise _Unsure  # content less indented than the collection, inside its span
            if char == "-" and _DASH.match(text, start):
                # A compact sequence under the previous key (items at the key's indent).
                below = explicit_below if last is None else self._kind(last) == _BELOW
                if not below:
                    raise _Unsure
                if not _CALM_REST.match(text, start + 1, end):
                    skip_to = self._item(start, col, end)[2]
                continue
            if last is not None:
                last.end = line_break
            if char in "?:" and _EXPLICIT.match(text, start):
                # An explicit ``? key`` / ``: value`` entry: stepped over (its key is
                # left to the exact index), minding multi-line scalars in it.
                value_kind, skip_to = self._value(_skip(_SPACES, text, start + 1), end)
                explicit_below = char == ":" and value_kind == _BELOW
                last = None
                continue
            key, last, skip_to = self._entry(start, col, end)
            if key is None:
                raise _Unsure
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
            for match in _level_pattern(col).finditer(self._text, after_first_line, end):
                yield match.start(), match.end()

    def _sequence_items(self, first: int, col: int, end: int) -> _Items:
        """Items of the block sequence whose first '-' is at ``first``.

        In text a YAML 1.2 parser accepts, every line of the sequence's span indented
        like it is one of its items (or a comment), so one regex pass finds them all;
        each item is looked at closely only when a path goes through it."""
        dashes = [first]
        after_first_line = self._text.find("\n", first)
        if after_first_line >= 0:
            found = _dash_pattern(col).finditer(self._text, after_first_line, end)
            dashes += [match.end() - 1 for match in found]
        return _Items(dashes, col, end)

    def _entry(self, start: int, col: int, end: int) -> tuple[str | None, _Child, int]:
        """Parse the collection entry starting at ``start``: its key (None for a sequence
        item), the child, and the offset up to which following lines belong to the
        entry's own line (past a multi-line quoted scalar or flow collection).

        The kind of the value is only worked out here when the line holds something
        that may continue on later lines (quotes or brackets); otherwise it is left
        for the first descent into the child."""
        text = self._text
        entry = _YAML_ENTRY.match(text, start, end)
        if entry is None:
            raise _Unsure
        value = entry.end()
        child = _Child(start, col, _UNKNOWN, value, end)
        if _CALM_REST.match(text, value, end):
            skip_to = value
        elif entry.group("dash") is not None:
            child.kind, _, skip_to = self._item(start, col, end)
        else:
            child.kind, skip_to = self._value(value, end)
        if entry.group("dash") is not None:
            return None, child, skip_to
        return _yaml_key_text(entry), child, skip_to

    def _item(self, dash: int, col: int, end: int) -> tuple[int, int, int]:
        """Kind, value offset and skip-to offset of the sequence item at ``dash``."""
        text = self._text
        value = _skip(_SPACES, text, dash + 1)
        if value >= end or text[value] in "\n#":
            return _BELOW, value, value
        if "\t" in text[dash + 1 : value]:
            raise _Unsure  # columns of an inline collection would be ambiguous
        if _DASH.match(text, value):
            value_col = col + value - dash
            return _INLINE_SEQ, value, self._item(value, value_col, end)[2]
        key_match = _YAML_KEY.match(text, value, end)
        if key_match is not None:
            _yaml_key_text(key_match)  # validates escapes
            after_key = _skip(_SPACES, text, key_match.end())
            return _INLINE_MAP, value, self._value(after_key, end)[1]
        if text[value] == "?" and _EXPLICIT.match(text, value):
            after_mark = _skip(_SPACES, text, value + 1)
            return _INLINE_MAP, value, self._value(after_mark, end)[1]
        kind, skip_to = self._value(value, end)
        return kind, value, skip_to

    def _value(self, start: int, end: int) -> tuple[int, int]:
        """Kind of the value starting at ``start`` (after a key or dash) and the offset
        up to which following lines still belong to it."""
        text = self._text
        at = _skip(_PROPERTIES, text, start, end)
        if at >= end or text[at] in "\n#":
            return _BELOW, at
        char = text[at]
        if char == '"' or char == "'":
            quoted = (_DOUBLE_QUOTED if char == '"' else _SINGLE_QUOTED).match(text, at, end)
            if quoted is None:
                raise _Unsure
            return _SCALAR, self._rest_of_line(quoted.end(), end)
        if char in "[{":
            return _OPAQUE, self._rest_of_line(self._flow_end(at, end), end)
        if char == "*":
            return _OPAQUE, at
        if char in "|>":
            if _BLOCK_HEADER.match(text, at, end) is None:
                raise _Unsure
            return _SCALAR, at
        if char in "&!%@`\t":
            raise _Unsure
        return _SCALAR, at

    def _rest_of_line(self, start: int, end: int) -> int:
        rest = _REST_OF_LINE.match(self._text, start, end)
        if rest is None:
            raise _Unsure
        return rest.end()

    # Single-line flow collections (``enum: [a, b]``), parsed exactly

    def _flow_locate(self, start: int, path: Path) -> int:
        """Offset for ``path`` inside the flow collection at ``start``."""
        offset = start
        for token in path:
            if self._text[start : start + 1] not in ("[", "{"):
                raise _Unsure
            index = self._flows.get(start)
            if index is None:
                index = self._flows[start] = self._flow_index(start)
            if isinstance(index, dict):
                found = index.get(_key_text(token))
                if found is None:
                    raise _Unsure
                offset, start = found
            else:
                number = _item_number(token)
                if number is None or number >= len(index):
                    raise _Unsure
                offset = start = index[number]
        return offset

    def _flow_index(self, start: int) -> dict[str, tuple[int, int] | None] | list[int]:
        """Keys -> (key offset, value offset), or item offsets, of a flow collection that
        opens at ``start`` and closes on the same line."""
        text = self._text
        line_end = text.find("\n", start)
        if line_end < 0:
            line_end = len(text)
        closer = "]" if text[start] == "[" else "}"
        members: dict[str, tuple[int, int] | None] = {}
        items: list[int] = []
        at = _skip(_SPACES, text, start + 1, line_end)
        while at < line_end and text[at] != closer:
            value = at
            if closer == "}":
                key, after_key = self._flow_scalar(at, line_end)
                colon = _skip(_SPACES, text, after_key, line_end)
                if text[colon : colon + 1] != ":":
                    raise _Unsure
                value = _skip(_SPACES, text, colon + 1, line_end)
                if value == colon + 1 and text[at] not in "\"'":
                    raise _Unsure  # a plain key needs a space after its ':'
                members[key] = None if key in members else (at, value)
            else:
                items.append(value)
            if value >= line_end:
                raise _Unsure
            if text[value] in "[{":
                value_end = self._flow_end(value, line_end)
            else:
                value_end = self._flow_scalar(value, line_end)[1]
            at = _skip(_SPACES, text, value_end, line_end)
            if text[at : at + 1] == ",":
                at = _skip(_SPACES, text, at + 1, line_end)
            elif text[at : at + 1] != closer:
                raise _Unsure
        if at >= line_end:
            raise _Unsure
        return members if closer == "}" else items

    def _flow_scalar(self, start: int, end: int) -> tuple[str, int]:
        """Text and end offset of the one-line scalar at ``start`` in a flow collection."""
        text = self._text
        char = text[start]
        if char == '"' or char == "'":
            quoted = (_DOUBLE_QUOTED if char == '"' else _SINGLE_QUOTED).match(text, start, end)
            if quoted is None:
                raise _Unsure
            body = quoted.group()[1:-1]
            if char == "'":
                return body.replace("''", "'"), quoted.end()
            return _unescape_double_quoted(body), quoted.end()
        plain = _FLOW_PLAIN.match(text, start, end)
        if plain is None:
            raise _Unsure
        return plain.group().rstrip(" \t"), plain.end()

    def _flow_end(self, start: int, end: int) -> int:
        """Offset just past the flow collection opening at ``start``."""
        text = self._text
        closers: list[str] = []
        at = start
        while at < end:
            token = _FLOW_TOKEN.match(text, at, end)
            if token is None:
                raise _Unsure
            char = text[at]
            if char in "[{":
                closers.append("]" if char == "[" else "}")
            elif char in "]}":
                if not closers or closers.pop() != char:
                    raise _Unsure
                if not closers:
                    return token.end()
            elif char == "#" and text[at - 1] not in " \t\n":
                raise _Unsure
            elif char not in "\"' \t\n,#" and ("'" in token[0] or '"' in token[0]):
                raise _Unsure  # a plain scalar with quotes in it: too subtle here
            at = token.end()
        raise _Unsure


# --------------------------------------------------------------------------------------
# JSON fast path

_JSON_WS: Final = re.compile(r"[ \t\n\r]*")
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
    """The one character an indentation is made of; _Unsure if it mixes tabs and spaces."""
    if not indent:
        return " "
    if indent.strip(indent[0]):
        raise _Unsure
    return indent[0]


@dataclass(frozen=True, slots=True)
class _JsonBlock:
    """A pretty-printed JSON container: its opening bracket, the indentation of the line
    holding that bracket, the (exclusive) end of the span holding the container and its
    closing line, and its layout style."""

    start: int
    indent: str
    end: int
    style: int = _STYLE_PLAIN


class _JsonLayout:
    """Locates values of pretty-printed JSON (one member or item per line)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scan = _value_scanner()
        self._root: _JsonBlock | None = None
        self._indexes: dict[int, _Index | None] = {}  # by opening bracket; None: gave up

    def locate(self, path: Path) -> int:
        """Offset of the value at ``path``; _Unsure (with a place to resume) otherwise."""
        block = self._root_block()
        offset = block.start
        child: _Child | None = None
        for depth, token in enumerate(path):
            if child is not None:
                block = self._value_block(child, block, depth)
            try:
                child = _child_for(self._index(block), token)
            except _Unsure:
                raise _Unsure((block.start, depth)) from None
            offset = child.pos
        return offset

    def _root_block(self) -> _JsonBlock:
        if self._root is None:
            text = self._text
            start = _skip(_JSON_WS, text)
            if start >= len(text):
                raise _Unsure
            if text[start] not in "{[" or not _BLANK_REST.match(text, start + 1):
                raise _Unsure((start, 0))
            line_start = text.rfind("\n", 0, start) + 1
            self._root = _JsonBlock(start, text[line_start:start], len(text))
        return self._root

    def _value_block(self, child: _Child, parent: _JsonBlock, depth: int) -> _JsonBlock:
        """The container that is ``child``'s value; _Unsure (resumable) for inline ones."""
        if child.kind == _CUDDLED_ITEM:
            return _JsonBlock(child.value, parent.indent, child.end, _STYLE_CUDDLED_ITEM)
        if child.kind == _OPEN or child.kind == _CUDDLED:
            indent = self._text[child.pos - child.col : child.pos]
            style = _STYLE_CUDDLED if child.kind == _CUDDLED else _STYLE_PLAIN
            return _JsonBlock(child.value, indent, child.end, style)
        raise _Unsure((child.value, depth))

    def _index(self, block: _JsonBlock) -> _Index:
        if block.start in self._indexes:
            index = self._indexes[block.start]
            if index is None:
                raise _Unsure
            return index
        try:
            if block.style == _STYLE_CUDDLED:
                index = self._build_cuddled_index(block)
            else:
                index = self._build_index(block)
        except _Unsure:
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

    def _build_index(self, block: _JsonBlock) -> _Index:
        text, end, outer = self._text, block.end, block.indent
        is_object = text[block.start] == "{"
        line_end = text.find("\n", block.start)
        first = _JSON_FIRST_LINE.search(text, max(line_end, 0), end) if line_end >= 0 else None
        if first is None:
            raise _Unsure
        indent = first.group(1)
        if indent == outer and self._closes(block, first.end()):
            return {} if is_object else []  # an empty container spread over two lines
        width = len(indent)
        if width <= len(outer) or not indent.startswith(outer):
            raise _Unsure
        children: list[tuple[str | None, _Child]] = []
        open_child: _Child | None = None
        open_closer = ""
        closed = False
        pattern = _json_level_pattern(_json_indent_char(indent), width)
        for match in pattern.finditer(text, line_end, end):
            start = match.end()
            char = text[start]
            if closed:
                raise _Unsure  # content after the container's closing line
            if char in " \t":  # indentation made of the other whitespace character
                if _BLANK_REST.match(text, start):
                    continue
                raise _Unsure
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
                    raise _Unsure
                closing_end = text.find("\n", start)
                open_child.end = closing_end if closing_end >= 0 else len(text)
                open_child = None
            elif depth == width:
                key, child, open_closer = self._member(start, width, is_object, end)
                children.append((key, child))
                if open_closer:
                    open_child = child
            elif depth == len(outer) and open_child is None and self._closes(block, start):
                closed = True
            else:
                raise _Unsure
        if not closed:
            raise _Unsure
        if not is_object:
            return [child for _, child in children]
        mapping: dict[str, _Child | None] = {}
        for key, child in children:
            assert key is not None
            mapping[key] = None if key in mapping else child
        return mapping

    def _build_cuddled_index(self, block: _JsonBlock) -> _Index:
        """Items of a ``[ {`` array: the objects opened on its line and by ``}, {`` lines."""
        text, end, width = self._text, block.end, len(block.indent)
        brace = text.index("{", block.start)
        items = [_Child(brace, width, _CUDDLED_ITEM, brace, end)]
        pattern = _json_level_pattern(_json_indent_char(block.indent), width)
        for match in pattern.finditer(text, text.find("\n", brace), end):
            start = match.end()
            if text[start] in " \t" and _BLANK_REST.match(text, start):
                continue
            if start - match.start() - 1 != width:
                raise _Unsure
            line_end = text.find("\n", start)
            items[-1].end = line_end if line_end >= 0 else len(text)
            if _JSON_CUDDLED_END.match(text, start, end):
                return items
            if not _JSON_CUDDLED_NEXT.match(text, start, end):
                raise _Unsure
            brace = text.index("{", start + 1)
            items.append(_Child(brace, width, _CUDDLED_ITEM, brace, end))
        raise _Unsure

    def _member(
        self, start: int, width: int, is_object: bool, end: int
    ) -> tuple[str | None, _Child, str]:
        """Parse the member (object) or item (array) line at ``start``: key, child, and
        what is expected to close its value on a later line ("}", "]", "[{" or "")."""
        text = self._text
        key: str | None = None
        value = start
        if is_object:
            if text[start] != '"':
                raise _Unsure
            try:
                key, after_key = _scanstring(text, start + 1, True)
            except ValueError:
                raise _Unsure from None
            colon = _JSON_COLON.match(text, after_key, end)
            if colon is None:
                raise _Unsure
            value = colon.end()
        if value >= end:
            raise _Unsure
        char = text[value]
        if char in "{[" and _BLANK_REST.match(text, value + 1, end):
            closer = "}" if char == "{" else "]"
            return key, _Child(start, width, _OPEN, value, end), closer
        if _JSON_CUDDLED_OPEN.match(text, value, end):
            return key, _Child(start, width, _CUDDLED, value, end), "[{"
        try:
            value_end = self._scan(text, value)[1]
        except (StopIteration, ValueError, RecursionError):
            raise _Unsure from None
        if not _JSON_VALUE_REST.match(text, value_end, end):
            raise _Unsure  # e.g. a further member on the same line
        if char not in "{[":
            return key, _Child(start, width, _SCALAR, value, end), ""
        if text.find("\n", value, value_end) >= 0:
            raise _Unsure  # an inline container spread over several lines
        return key, _Child(start, width, _OPAQUE, value, end), ""


# --------------------------------------------------------------------------------------
# Exact fallbacks


def _value_scanner() -> Callable[[str, int], tuple[object, int]]:
    """``scan_once(text, offset) -> (value, end)`` of the C-accelerated json decoder."""
    scanner: Callable[[str, int], tuple[object, int]]
    scanner = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
    return scanner


class _JsonExact:
    """Exact JSON locator: indexes each container it enters, hopping over values."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scan = _value_scanner()
        self._objects: dict[int, dict[str, tuple[int, int]] | None] = {}
        self._arrays: dict[int, list[int] | None] = {}

    def locate(self, path: Path) -> int | None:
        start = _skip(_JSON_WS, self._text)
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
                found = members.get(_key_text(token)) if members is not None else None
                if found is None:
                    return None
                offset, value = found
            elif char == "[":
                items = self._items(value)
                number = _item_number(token)
                if items is None or number is None or number >= len(items):
                    return None
                offset = value = items[number]
            else:
                return None
        return offset

    def _skip_ws(self, offset: int) -> int:
        return _skip(_JSON_WS, self._text, offset)

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
            key, after_key = _scanstring(text, at + 1, True)
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
