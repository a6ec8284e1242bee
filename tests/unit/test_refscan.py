"""Tests for :mod:`oasgate.loading.refscan`: the ``$ref`` strings and lifecycle mentions of a
subtree, found from one serialisation and remembered per subtree."""

from __future__ import annotations

from oasgate.loading.canonical import dump
from oasgate.loading.refscan import SubtreeScanner, ref_strings


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
