"""Patterns from a document or a config run on RE2 (linear time); the hostile cases
``regex-nested-quantifier*`` hold the hangs they replace (globs have their own linear
matcher, ``oasgate.globs``, tested in ``test_globs.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oasgate.regex import bounded_schema_patterns, compile_bounded, search
from tests.conftest import run_cli


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


def test_the_libraries_own_ecma_engine_never_evaluates_a_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the optional ``regress`` installed, openapi-schema-validator evaluates each
    ``pattern`` with it: a backtracking engine (``^(a+)+$`` runs for hours), reading
    ``\\p{Lu}`` as the letter p. Inside the bounded context RE2 evaluates them all the same
    (D97), and the library's own function is back afterwards."""
    import openapi_schema_validator._keywords as keywords
    from openapi_schema_validator import OAS30Validator

    def library_engine(pattern: str, instance: str) -> bool:
        raise AssertionError("the library's own engine evaluated a pattern")

    monkeypatch.setattr(keywords, "regex_search", library_engine)
    monkeypatch.setattr(keywords, "has_ecma_regex", lambda: True)
    with bounded_schema_patterns():
        unicode_class = OAS30Validator({"type": "string", "pattern": r"^\p{Lu}+$"})
        hostile = OAS30Validator({"type": "string", "pattern": r"^(a+)+$"})
        messages = [e.message for e in unicode_class.iter_errors("abc")]
        messages += [e.message for e in unicode_class.iter_errors("ÀBC")]
        messages += [e.message for e in hostile.iter_errors("a" * 40 + "!")]
    assert messages == [
        "'abc' does not match '^\\\\p{Lu}+$'",
        f"'{'a' * 40}!' does not match '^(a+)+$'",
    ]
    assert keywords.regex_search is library_engine
