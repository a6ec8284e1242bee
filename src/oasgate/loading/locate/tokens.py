"""What the position finders share: token paths, the fast layouts' child records, helpers.

The fast layouts (:mod:`~oasgate.loading.locate.yaml_layout`,
:mod:`~oasgate.loading.locate.json_layout`) describe a collection's children the same way
(:class:`Child`, one of the value kinds below, an :data:`Index`), and give up by raising
:class:`Unsure`; the exact JSON scanner (:mod:`~oasgate.loading.locate.json_exact`) and the
exact YAML fallback (:mod:`~oasgate.loading.locate.yaml_exact`) read tokens as the layouts do
(:func:`key_text`, :func:`item_number`). Keeping these in one module is what lets every
finder depend on it and on nothing else of its siblings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Final, TypeAlias

from msgspec import Struct

Token: TypeAlias = str | int
Path: TypeAlias = tuple[Token, ...]

# C-accelerated parts of the standard json decoder (not in the type stubs).
scanstring: Callable[[str, int, bool], tuple[str, int]]
scanstring = json.decoder.scanstring  # type: ignore[attr-defined]

#: Whitespace between JSON tokens (also used to find where a document's content starts).
JSON_WS: Final = re.compile(r"[ \t\n\r]*")
#: Nothing but spaces or tabs up to the end of the line.
BLANK_REST: Final = re.compile(r"[ \t]*(?=\n|\Z)")
#: No sequence has an item whose index is written with more digits.
_MAX_INDEX_DIGITS: Final = 18


class Unsure(Exception):
    """The fast path cannot vouch for an answer; the exact index must decide.

    ``resume`` is (offset of a JSON value the fast path verified, number of tokens used
    to reach it), letting the exact JSON scanner continue from there.
    """

    def __init__(self, resume: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.resume = resume


# What a collection child's value looks like, seen from the child's own line.
BELOW: Final = 0  # nothing after the key / dash: the value is on the following lines
SCALAR: Final = 1  # a scalar: no children
OPAQUE: Final = 2  # flow collection or alias: children unknown to the fast path
UNKNOWN: Final = -1  # not worked out yet
INLINE_MAP: Final = 3  # YAML: block mapping starting on the item's line (``- key: v``)
INLINE_SEQ: Final = 4  # YAML: block sequence starting on the item's line (``- - v``)
OPEN: Final = 5  # JSON: ``{`` or ``[`` closing its line; the content follows
CUDDLED: Final = 6  # JSON: ``[ {`` closing its line (Jackson's array of objects)
CUDDLED_ITEM: Final = 7  # JSON: an object in such an array


class Child(Struct):
    """One entry of a collection found by a fast layout."""

    pos: int  # offset reported for it: its key, its '-', or (JSON item) its value
    col: int  # column (0-based) of ``pos``; it is also the child's indentation
    kind: int  # one of the value kinds above
    value: int  # offset where the value starts on the child's line
    end: int  # exclusive end of the span of text holding the child ...
    end_known: bool = True  # ... or, when False, only an upper bound of it


class Items:
    """Items of a YAML block sequence, known by their '-' offsets, built as needed."""

    __slots__ = ("_built", "_col", "_dashes", "_end")

    def __init__(self, dashes: list[int], col: int, end: int) -> None:
        self._dashes = dashes
        self._col = col
        self._end = end
        self._built: dict[int, Child] = {}

    def __len__(self) -> int:
        return len(self._dashes)

    def __getitem__(self, number: int) -> Child:
        child = self._built.get(number)
        if child is None:
            dashes = self._dashes
            # An item's span ends at the newline before the next item's indentation.
            end = dashes[number + 1] - self._col - 1 if number + 1 < len(dashes) else self._end
            child = self._built[number] = Child(dashes[number], self._col, UNKNOWN, -1, end)
        return child


# A collection's children: mapping (None marks a key written twice) or sequence.
Index: TypeAlias = dict[str, Child | None] | list[Child] | Items


def skip(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> int:
    """End of ``pattern`` (which also matches the empty string) matched at ``start``."""
    found = pattern.match(text, start) if end is None else pattern.match(text, start, end)
    assert found is not None
    return found.end()


def key_text(token: Token) -> str:
    """How a token reads as a mapping key (``200`` -> "200")."""
    return token if isinstance(token, str) else str(token)


def item_number(token: Token) -> int | None:
    """The sequence index a token names, or None (also for a YAML key of another type,
    such as a float, that a caller passes as it is)."""
    if isinstance(token, bool):
        return None
    if isinstance(token, int):
        return token if token >= 0 else None
    if isinstance(token, str) and token.isascii() and token.isdigit():
        if len(token) > _MAX_INDEX_DIGITS:
            return None  # past any sequence (and int() refuses a string of 4,300 digits)
        return int(token) if token == "0" or token[0] != "0" else None
    return None


def child_for(index: Index, token: Token) -> Child:
    """The child a token names in a fast index; Unsure when absent or ambiguous."""
    if isinstance(index, dict):
        found = index.get(key_text(token))
    else:
        number = item_number(token)
        found = index[number] if number is not None and number < len(index) else None
    if found is None:
        raise Unsure
    return found


def value_scanner() -> Callable[[str, int], tuple[object, int]]:
    """``scan_once(text, offset) -> (value, end)`` of the C-accelerated json decoder."""
    scanner: Callable[[str, int], tuple[object, int]]
    scanner = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
    return scanner
