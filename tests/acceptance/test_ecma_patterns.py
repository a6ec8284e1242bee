"""A document's ``pattern`` is ECMA-262's, not Python's: patterns real specs write in the
dialects browsers, Java and RE2 read — Unicode property classes above all (AWS's
``^\\P{C}*$`` in 96 of the 2,639 APIs.guru specs) — are valid regexes for ``validate`` and
``check --strict``; a pattern no engine reads (``(a``) is still an error, and values are
still judged against Unicode classes (D97)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oasgate.regex import valid_pattern
from tests.conftest import run_cli

#: Written in real specs (APIs.guru 1.3.17), valid ECMA-262, refused by Python's ``re``.
REAL_PATTERNS = (
    r"^\P{C}*$",  # amazonaws.com/kendra-ranking: not a control character
    r"[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+",  # amazonaws.com/finspace
    r"^[A-Za-z \p{Han}\p{Katakana}\p{Hiragana}\p{Hangul}-]*$",  # amadeus hotel booking
    r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",  # amazonaws.com/rekognition: lookahead too
    r"\p{ASCII}{0,8192}",  # amazonaws.com/lookoutequipment
    r"\A\S[\p{Print}]*\z",  # amazonaws.com/runtime.sagemaker: Java's anchors and classes
    r"[\p{Print}&&[^|:/]]+",  # amazonaws.com/autoscaling-plans
    r"(?<year>\d{4})-(?<month>\d{2})",  # ECMA-262's named groups
    r"\u{1F600}|\cJ",  # a code point and a control character, as ECMA-262 writes them
    r"^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w-\/.@+=,]{1,1017}$",  # finspace: [\w-…]
)
#: Broken in every dialect.
BROKEN_PATTERNS = ("(a", "[a-z", "a{2,1}", "*a", "a)", "(?<", "[z-a]", r"[\w-", "\\")


@pytest.mark.parametrize("pattern", REAL_PATTERNS)
def test_real_patterns_are_valid(pattern: str) -> None:
    assert valid_pattern(pattern)


@pytest.mark.parametrize("pattern", BROKEN_PATTERNS)
def test_broken_patterns_are_not(pattern: str) -> None:
    assert not valid_pattern(pattern)


def _spec(tmp_path: Path, version: str, patterns: dict[str, str], defaults: dict[str, str]) -> Path:
    properties = {
        name: {"type": "string", "pattern": pattern}
        | ({"default": defaults[name]} if name in defaults else {})
        for name, pattern in patterns.items()
    }
    document = {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string", "pattern": r"^\P{C}*$", "default": "abc"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/N"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"N": {"type": "object", "properties": properties}}},
    }
    path = tmp_path / f"spec-{version}.json"
    path.write_text(json.dumps(document, indent=2))
    return path


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_validate_accepts_the_patterns_real_specs_write(tmp_path: Path, version: str) -> None:
    spec = _spec(tmp_path, version, {f"p{i}": p for i, p in enumerate(REAL_PATTERNS)}, {})

    result = run_cli("validate", str(spec))

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "is a valid OpenAPI" in result.stdout + result.stderr


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_broken_pattern_is_still_an_error_where_it_is_written(
    tmp_path: Path, version: str
) -> None:
    spec = _spec(tmp_path, version, {"good": r"^\p{L}+$", "bad": "(a"}, {})
    line = next(i for i, text in enumerate(spec.read_text().splitlines(), 1) if '"(a"' in text)

    result = run_cli("validate", str(spec))

    assert result.exit_code == 1
    errors = [text for text in result.stdout.splitlines() if "[openapi-schema]" in text]
    assert errors == [
        f"{spec}:{line}:{errors[0].split(':')[2]}: error: '(a' is not a 'regex' [openapi-schema]"
    ]


def test_values_are_still_judged_against_unicode_classes(tmp_path: Path) -> None:
    spec = _spec(
        tmp_path,
        "3.0.3",
        {"upper": r"^\p{Lu}+$", "fine": r"^\p{Lu}+$"},
        {"upper": "abc", "fine": "ÀBC"},
    )

    result = run_cli("validate", str(spec))

    assert result.exit_code == 1
    assert "default value: 'abc' does not match '^\\\\p{Lu}+$'" in result.stdout
    assert "ÀBC" not in result.stdout


def test_check_strict_does_not_fail_on_a_valid_pattern(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "3.0.3", {f"p{i}": p for i, p in enumerate(REAL_PATTERNS)}, {})

    result = run_cli("check", str(spec), str(spec), "--strict")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "regex" not in result.stdout
