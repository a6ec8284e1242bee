"""Tests for :mod:`oasgate.loading.refscan`: the ``$ref`` strings and lifecycle mentions of a
subtree, found from one serialisation and remembered per subtree."""

from __future__ import annotations

import re

import orjson
from hypothesis import given
from hypothesis import strategies as st

from oasgate.loading.canonical import dump
from oasgate.loading.refscan import (
    LIFECYCLE_KEYS,
    REF_STRING,
    SubtreeScanner,
    _compact,
    ref_strings,
)


def test_ref_strings_unescape_and_skip_a_property_named_ref() -> None:
    value = {
        "a": {"$ref": '#/components/schemas/x"y'},
        "b": [{"$ref": "other.yaml#/a\\b"}, {"$ref": "#/é/~1pets"}],
        "properties": {"$ref": {"type": "string"}},  # a property named $ref
        "example": {"text": '"$ref": "not a reference"'},
    }
    assert ref_strings(dump(value)) == [
        '#/components/schemas/x"y',
        "other.yaml#/a\\b",
        "#/é/~1pets",
    ]
    assert ref_strings(b'{"type":"string"}') == []


def test_scanner_answers_each_subtree_once_and_dedups() -> None:
    scanner = SubtreeScanner()
    shared = {"$ref": "#/components/schemas/Pet"}
    value = {"items": [shared, shared, {"$ref": "#/components/schemas/Tag"}]}
    first = scanner.scan(value)
    assert first.refs == ("#/components/schemas/Pet", "#/components/schemas/Tag")
    assert not first.mentions_lifecycle
    assert scanner.scan(value) is first
    assert scanner.scan("a scalar").refs == ()


def test_scanner_sees_lifecycle_keys_at_any_depth() -> None:
    scanner = SubtreeScanner()
    assert scanner.scan({"a": {"b": [{"deprecated": True}]}}).mentions_lifecycle
    assert scanner.scan({"x-lifecycle": {"status": "beta"}}).mentions_lifecycle
    assert scanner.scan({"x-sunset": "2027-01-01"}).mentions_lifecycle
    assert not scanner.scan({"description": "deprecated soon"}).mentions_lifecycle


def _walked_refs(value: object) -> list[str]:
    """The ``$ref`` strings of a value, in serialisation order, found by walking it."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                found.append(item)
            else:
                found += _walked_refs(item)
    elif isinstance(value, list):
        for item in value:
            found += _walked_refs(item)
    return found


_TEXT = st.text(st.sampled_from('ab/#~é"\\\n\t ü€😀'), max_size=8)
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), _TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "$ref", "type", "é"]), inner, max_size=3),
        st.builds(lambda ref: {"$ref": ref}, _TEXT),
    ),
    max_leaves=12,
)


@given(_VALUES)
def test_ref_strings_are_the_references_a_walk_finds(value: object) -> None:
    """With or without escapes in the bytes (read in one pass when there are none), the
    references are those of the value, in order."""
    assert ref_strings(dump(value)) == _walked_refs(value)


def test_an_adopted_answer_is_the_one_given_and_a_scanned_one_is_kept() -> None:
    scanner = SubtreeScanner()
    value = {"a": {"$ref": "#/x"}}
    other = SubtreeScanner().scan({"a": {"$ref": "#/x"}})
    scanner.adopt(value, other)
    assert scanner.scan(value) is other
    scanned = scanner.scan({"b": 1})
    kept = {"b": 1}
    scanner.adopt(kept, other)  # a value not yet scanned takes the answer handed over
    assert scanner.scan(kept) is other and scanned.refs == ()


#: the lifecycle test as it was written before D90: one expression of the four keys
_LIFECYCLE_REGEX = re.compile(b"|".join(re.escape(f'"{key}"'.encode()) for key in LIFECYCLE_KEYS))
_KEYS = st.sampled_from(["a", "$ref", "é", *LIFECYCLE_KEYS])
_WORDS = st.one_of(_TEXT, st.sampled_from(LIFECYCLE_KEYS), st.sampled_from(['x"deprecated', "x-"]))
_YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**64), _WORDS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(_KEYS, inner, max_size=3),
        st.dictionaries(st.one_of(st.integers(), st.booleans()), inner, max_size=2),
        st.builds(lambda ref: {"$ref": ref}, _WORDS),
    ),
    max_leaves=12,
)


@given(_YAML_VALUES)
def test_a_scan_answers_as_the_canonical_dump_and_the_regular_expressions_did(
    value: object,
) -> None:
    """D90: the scan's own dump (orjson without the option for keys that are not strings,
    unless one is there), the quote-to-quote reading of references in text without escapes
    and the four substring searches for lifecycle keys answer as the canonical dump, the
    escape-aware expression and one expression of the four keys did — YAML's integer keys,
    integers beyond 64 bits and lifecycle keys written as values included."""
    data = dump(value)
    assert _compact(value) == data
    found = SubtreeScanner().scan(value)
    if isinstance(value, (dict, list)):
        assert found.mentions_lifecycle == (_LIFECYCLE_REGEX.search(data) is not None)
        expected = [
            orjson.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode()
            for raw in REF_STRING.findall(data)
        ]
        assert found.refs == tuple(dict.fromkeys(expected))
