"""What YAML text looks like to the fast layout: patterns, escapes, and one-line flow collections.

:class:`~oasgate.loading.locate.yaml_layout.YamlLayout` walks block structure by
indentation; everything it needs to know about YAML's *spelling* is here: compiled
patterns for keys, entries, scalars, node properties and document markers (the per-column
ones built once per indentation and cached), the value of a double-quoted key, and the
exact scanning of a flow collection written on one line (``enum: [a, b]``). Each function
raises :class:`~oasgate.loading.locate.tokens.Unsure` for text it does not fully understand,
so the caller falls back to the exact index instead of guessing.
"""

from __future__ import annotations

import re
from typing import Final

from oasgate.loading.locate.tokens import Unsure, skip

# A block mapping key up to and including its ':' (a key is on one line).
_KEY_SOURCE: Final = r"""
    (?: "(?P<dq>[^"\\\n]*(?:\\.[^"\\\n]*)*)"
      | '(?P<sq>[^'\n]*(?:''[^'\n]*)*)'
      | (?P<plain>(?:[^\s\-?:,\[\]{}\#&*!|>'"%@`]|[-?:](?=[^\s,\[\]{}]))
                  (?:[^\n:\#]|:(?![ \t\n])|(?<![ \t])\#)*?)
    )[ \t]*:"""
YAML_KEY: Final = re.compile(_KEY_SOURCE + r"(?=[ \t\n]|\Z)", re.X)
# A block collection entry: a '-' or a key, and the spaces after it.
YAML_ENTRY: Final = re.compile(rf"(?:(?P<dash>-)|{_KEY_SOURCE})(?=[ \t\n]|\Z)[ \t]*", re.X)
_FLOW_PLAIN: Final = re.compile(
    r"""(?:[^\s\-?:,\[\]{}\#&*!|>'"%@`]|[-?:](?=[^\s,\[\]{}]))
        (?:[^\n:,\[\]{}\#]|:(?![\s,\[\]{}])|(?<![ \t])\#)*""",
    re.X,
)
DASH: Final = re.compile(r"-(?=[ \t\n]|\Z)")
EXPLICIT: Final = re.compile(r"[?:](?=[ \t\n]|\Z)")
CALM_REST: Final = re.compile(r"[^\n\"'\[\]{}]*(?=\n|\Z)")
SPACES: Final = re.compile(r"[ \t]*")
PROPERTIES: Final = re.compile(r"(?:[&!][^\s,\[\]{}]*(?:[ \t]+|(?=\n)|\Z))*")
DOUBLE_QUOTED: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
SINGLE_QUOTED: Final = re.compile(r"'[^']*(?:''[^']*)*'")
BLOCK_HEADER: Final = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
REST_OF_LINE: Final = re.compile(r"[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
PREAMBLE: Final = re.compile(r"(?:(?:[ \t]*(?:#[^\n]*)?|%[^\n]*)\n)*")
COMMENTS: Final = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*")
DOCUMENT_START: Final = re.compile(r"---(?=[ \t\n]|\Z)")
DOCUMENT_MARKER: Final = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\n]|\Z)")
CONTENT_LINE: Final = re.compile(r"\n( *)(?=[^ \n])")
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
_LAST_CODE_POINT: Final = 0x10FFFF
_YAML_ESCAPE: Final = re.compile(r"\\(?:([xuU])([0-9A-Fa-f]*)|(.))")

_level_patterns: dict[int, re.Pattern[str]] = {}
_entry_end_patterns: dict[int, re.Pattern[str]] = {}
_dash_patterns: dict[int, re.Pattern[str]] = {}


def dash_pattern(col: int) -> re.Pattern[str]:
    """Regex for block sequence items ('-' then a space or line end) at column ``col``."""
    pattern = _dash_patterns.get(col)
    if pattern is None:
        pattern = _dash_patterns[col] = re.compile(rf"\n {{{col}}}-(?=[ \t\n]|\Z)")
    return pattern


def entry_end_pattern(col: int) -> re.Pattern[str]:
    """Regex for the line that ends a mapping entry whose key is at column ``col``: the
    next content line indented less, or as much but not a compact sequence item."""
    pattern = _entry_end_patterns.get(col)
    if pattern is None:
        same = rf" {{{col}}}(?:[^ \n#-]|-[^ \t\n])"
        # The lookahead turns deeper lines away early.
        less = rf"(?! {{{col + 1}}})(?: {{0,{col - 1}}}[^ \n#]|" if col else "(?:"
        pattern = _entry_end_patterns[col] = re.compile(rf"\n{less}{same})")
    return pattern


def level_pattern(col: int) -> re.Pattern[str]:
    """Regex for line starts indented by at most ``col`` spaces (and not blank)."""
    pattern = _level_patterns.get(col)
    if pattern is None:
        # The negative lookahead turns deeper lines away without backtracking.
        source = rf"\n(?! {{{col + 1}}})( {{0,{col}}})(?=[^ \n])"
        pattern = _level_patterns[col] = re.compile(source)
    return pattern


def unescape_double_quoted(raw: str) -> str:
    """Value of a single-line YAML double-quoted scalar body; Unsure if malformed."""

    def replace(match: re.Match[str]) -> str:
        kind, digits, char = match.groups()
        if kind is None:
            if char not in _YAML_ESCAPES:
                raise Unsure
            return _YAML_ESCAPES[char]
        width = _YAML_HEX_ESCAPES[kind]
        if len(digits) < width:
            raise Unsure
        code = int(digits[:width], 16)
        if code > _LAST_CODE_POINT:
            raise Unsure  # ``\UFFFFFFFF`` names no character
        return chr(code) + digits[width:]

    return _YAML_ESCAPE.sub(replace, raw) if "\\" in raw else raw


def yaml_key_text(match: re.Match[str]) -> str:
    double, single, plain = match.group("dq", "sq", "plain")
    if double is not None:
        return unescape_double_quoted(double)
    if single is not None:
        return single.replace("''", "'")
    return str(plain)


def flow_scalar(text: str, start: int, end: int) -> tuple[str, int]:
    """Text and end offset of the one-line scalar at ``start`` in a flow collection."""
    char = text[start]
    if char == '"' or char == "'":
        quoted = (DOUBLE_QUOTED if char == '"' else SINGLE_QUOTED).match(text, start, end)
        if quoted is None:
            raise Unsure
        body = quoted.group()[1:-1]
        if char == "'":
            return body.replace("''", "'"), quoted.end()
        return unescape_double_quoted(body), quoted.end()
    plain = _FLOW_PLAIN.match(text, start, end)
    if plain is None:
        raise Unsure
    return plain.group().rstrip(" \t"), plain.end()


def flow_end(text: str, start: int, end: int) -> int:
    """Offset just past the flow collection opening at ``start``."""
    closers: list[str] = []
    at = start
    while at < end:
        token = _FLOW_TOKEN.match(text, at, end)
        if token is None:
            raise Unsure
        char = text[at]
        if char in "[{":
            closers.append("]" if char == "[" else "}")
        elif char in "]}":
            if not closers or closers.pop() != char:
                raise Unsure
            if not closers:
                return token.end()
        elif char == "#" and text[at - 1] not in " \t\n":
            raise Unsure
        elif char not in "\"' \t\n,#" and ("'" in token[0] or '"' in token[0]):
            raise Unsure  # a plain scalar with quotes in it: too subtle here
        at = token.end()
    raise Unsure


def flow_index(text: str, start: int) -> dict[str, tuple[int, int] | None] | list[int]:
    """Keys -> (key offset, value offset), or item offsets, of a flow collection that
    opens at ``start`` and closes on the same line."""
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    closer = "]" if text[start] == "[" else "}"
    members: dict[str, tuple[int, int] | None] = {}
    items: list[int] = []
    at = skip(SPACES, text, start + 1, line_end)
    while at < line_end and text[at] != closer:
        value = at
        if closer == "}":
            key, after_key = flow_scalar(text, at, line_end)
            colon = skip(SPACES, text, after_key, line_end)
            if text[colon : colon + 1] != ":":
                raise Unsure
            value = skip(SPACES, text, colon + 1, line_end)
            if value == colon + 1 and text[at] not in "\"'":
                raise Unsure  # a plain key needs a space after its ':'
            members[key] = None if key in members else (at, value)
        else:
            items.append(value)
        if value >= line_end:
            raise Unsure
        if text[value] in "[{":
            value_end = flow_end(text, value, line_end)
        else:
            value_end = flow_scalar(text, value, line_end)[1]
        at = skip(SPACES, text, value_end, line_end)
        if text[at : at + 1] == ",":
            at = skip(SPACES, text, at + 1, line_end)
        elif text[at : at + 1] != closer:
            raise Unsure
    if at >= line_end:
        raise Unsure
    return members if closer == "}" else items
