"""The one glob matcher gives the answers of the regular expression it replaced."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from oasgate.globs import Glob


def _backtracking(pattern: str) -> re.Pattern[str]:
    """The former translation (exponential on ``/**e**e…Z``), as the reference."""
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        char = pattern[index]
        out.append("[^/]*" if char == "*" else "." if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


@given(st.text("ab/*?.", max_size=10), st.text("ab/.", max_size=10))
def test_same_answers_as_the_regular_expression(pattern: str, text: str) -> None:
    assert Glob(pattern).matches(text) == (_backtracking(pattern).match(text) is not None)


def test_many_double_stars_against_a_path_they_do_not_match() -> None:
    glob = Glob("/" + "**e" * 14 + "**Z")
    assert not glob.matches("/" + "e" * 39)
    assert glob.matches("/" + "e" * 39 + "Z")


def test_literal_prefix() -> None:
    assert Glob("/pets/*/toys").literal_prefix == "/pets/"
    assert Glob("/pets").literal_prefix == "/pets"
    assert Glob("**").literal_prefix == ""
