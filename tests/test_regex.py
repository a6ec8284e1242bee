"""Patterns from a document or a config run on RE2 (linear time); the hostile cases
``regex-nested-quantifier*`` and ``glob-many-double-stars`` hold the hangs they replace."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from oasgate.policy.status import glob_regex
from oasgate.regex import bounded_schema_patterns, compile_bounded, search
from tests.conftest import run_cli
from tests.test_properties import FUZZ

GLOB_PARTS = st.sampled_from(["*", "**", "?", "/", "a", "b", "{id}", ".", "-"])
PATH_PARTS = st.sampled_from(["/", "a", "b", "{id}", ".", "-", "ab"])


def _python_glob(pattern: str) -> re.Pattern[str]:
    """The glob's meaning, written with Python's re (the engine RE2 replaces)."""
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


@FUZZ
@given(
    glob=st.lists(GLOB_PARTS, max_size=8).map("".join),
    path=st.lists(PATH_PARTS, max_size=8).map("".join),
)
def test_globs_match_as_python_re_would(glob: str, path: str) -> None:
    assert (glob_regex(glob).match(path) is not None) == (
        _python_glob(glob).match(path) is not None
    )


def test_a_pattern_re2_cannot_run_is_not_evaluated() -> None:
    assert compile_bounded(r"^(?=a)a+$") is None  # lookahead
    assert compile_bounded(r"(a)\1") is None  # backreference
    assert search(r"(a)\1", "xyz")  # "matches": no false error


def test_patterns_are_searched_not_anchored() -> None:
    assert search("b", "abc") and not search("^b", "abc") and search(r"^\d{3}$", "123")


def test_the_validator_modules_get_their_re_back() -> None:
    import jsonschema._keywords as keywords

    with bounded_schema_patterns():
        assert keywords.re is not re
    assert keywords.re is re


def test_a_lookahead_pattern_is_skipped_silently_by_validate(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    S: {type: string, pattern: '^(?=a)(a+)+$', default: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'}\n"
    )

    result = run_cli("validate", str(spec))

    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""  # RE2 logs nothing about the pattern it refused
