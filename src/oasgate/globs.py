"""The one glob matcher (the config's lifecycle map, ignores and rule globs), in linear time.

``**`` matches any run of characters, ``*`` any run without ``/``, ``?`` one character;
everything else is literal (path templates keep their braces). A glob must match the
whole text.

Translated to a backtracking regular expression, a glob such as ``/**e**e**e…Z`` with 14
``**`` took more than 30 s against a 40-character path it does not match (the engine
tries every way of splitting the path among the stars). Here a glob is a small
automaton run over the text once, all of its states at a time, as bits of an integer:
each character costs a few integer operations, whatever the glob holds. The usual
globs are cheaper still: one with at most one star and no ``?`` is compared as strings
(what precedes the star, what follows it), and one with at most one star cannot make a
regular expression backtrack more than once per character, so it is matched by one.
"""

from __future__ import annotations

import re
from typing import Final

_ANY_RUN: Final = "**"
_SEGMENT_RUN: Final = "*"
_ONE: Final = "?"


class Glob:
    """A compiled glob; :meth:`matches` is linear in the text's length."""

    __slots__ = (
        "_accept",
        "_any_one",
        "_literals",
        "_prefix",
        "_regex",
        "_runs",
        "_segment_runs",
        "_simple",
        "pattern",
    )

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        tokens = _tokens(pattern)
        self._prefix = self.literal_prefix
        stars = [i for i, token in enumerate(tokens) if token in (_ANY_RUN, _SEGMENT_RUN)]
        #: no ``?`` and at most one star: (text before, the star, text after), compared as strings
        self._simple: tuple[str, str, str] | None = None
        self._regex: re.Pattern[str] | None = None
        if len(stars) <= 1 and _ONE not in tokens:
            cut = stars[0] if stars else len(tokens)
            star = tokens[cut] if stars else ""
            self._simple = ("".join(tokens[:cut]), star, "".join(tokens[cut + 1 :]))
        elif len(stars) <= 1:
            self._regex = _regex(tokens)
        self._accept = 1 << len(tokens)
        #: per literal character, the tokens (as bits) it satisfies
        self._literals: dict[str, int] = {}
        self._any_one = 0  # ``?`` tokens
        self._runs = 0  # ``**`` tokens: consume any character and stay
        self._segment_runs = 0  # ``*`` tokens: consume any character but ``/`` and stay
        if self._simple is None and self._regex is None:
            self._build_automaton(tokens)

    def _build_automaton(self, tokens: list[str]) -> None:
        for index, token in enumerate(tokens):
            bit = 1 << index
            if token == _ANY_RUN:
                self._runs |= bit
            elif token == _SEGMENT_RUN:
                self._segment_runs |= bit
            elif token == _ONE:
                self._any_one |= bit
            else:
                self._literals[token] = self._literals.get(token, 0) | bit

    @property
    def literal_prefix(self) -> str:
        """The text every match starts with: the glob up to its first wildcard."""
        cut = min((i for i, c in enumerate(self.pattern) if c in "*?"), default=None)
        return self.pattern if cut is None else self.pattern[:cut]

    def matches(self, text: str) -> bool:
        """True when the glob matches the whole of ``text``."""
        if not text.startswith(self._prefix):
            return False
        if self._simple is not None:
            return _simple_match(self._simple, text)
        if self._regex is not None:
            return self._regex.match(text) is not None
        stars = self._runs | self._segment_runs
        states = _skip_stars(1, stars)
        for char in text:
            stay = states & (self._runs if char == "/" else stars)
            step = states & (self._literals.get(char, 0) | self._any_one)
            states = _skip_stars((step << 1) | stay, stars)
            if not states:
                return False
        return bool(states & self._accept)

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glob) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)


def _simple_match(simple: tuple[str, str, str], text: str) -> bool:
    before, star, after = simple
    if not star:
        return text == before
    if len(text) < len(before) + len(after) or not text.endswith(after):
        return False
    return star == _ANY_RUN or "/" not in text[len(before) : len(text) - len(after)]


def _skip_stars(states: int, stars: int) -> int:
    """Add the states reached by letting a star match nothing (stars are never adjacent)."""
    return states | ((states & stars) << 1)


def _regex(tokens: list[str]) -> re.Pattern[str]:
    parts = {_ANY_RUN: "(?s:.*)", _SEGMENT_RUN: "[^/]*", _ONE: "(?s:.)"}
    return re.compile("".join(parts.get(token) or re.escape(token) for token in tokens) + r"\Z")


def _tokens(pattern: str) -> list[str]:
    """One token per character, ``?`` or run of stars (``**`` when it has two or more:
    ``***`` matched as ``**`` then ``*``, i.e. anything), so no two star tokens are adjacent."""
    tokens: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern[index] == "*":
            end = index
            while end < len(pattern) and pattern[end] == "*":
                end += 1
            tokens.append(_ANY_RUN if end - index >= 2 else _SEGMENT_RUN)
            index = end
        else:
            tokens.append(pattern[index])
            index += 1
    return tokens
