"""A union folded into one schema that still takes every value is no variant removed.

Box's ``MetadataFilter.filters`` (corpus pair ``box-platform-oas30-json``) was an ``anyOf``
of five maps — field name to a string, to a number, to a list of strings, to a float range,
to a date range — and became one map whose values are ``oneOf`` the five. Every filter a
client sent is still accepted, yet the report said "anyOf variant … removed" four times (a
request error each). And when the plain date range was paired with the revision's variants,
it was paired with the float range (the same property names, first in order) and read as
"type narrowed from string to number".
"""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.acceptance.test_properties import FUZZ
from tests.acceptance.test_same_meaning import _document, _messages, _ref


def _range(kind: str, **extra: Any) -> dict[str, Any]:
    bound: dict[str, Any] = {"type": kind}
    if kind == "string":
        bound["format"] = "date-time"
    return {"type": "object", "properties": {"lt": dict(bound), "gt": dict(bound)}, **extra}


#: what a filter's value may be, in the revision's ``oneOf``
VALUES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "list": {"type": "array", "items": {"type": "string"}},
    "FloatRange": _ref("FloatRange"),
    "DateRange": _ref("DateRange"),
}


def _map(values: dict[str, Any], title: str) -> dict[str, Any]:
    return {"title": title, "type": "object", "additionalProperties": values}


def _box(filters: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    components = {
        "FloatRange": _range("number", title="Metadata field filter (float range)"),
        "DateRange": _range("string", title="Metadata field filter (date range)"),
        "MetadataFilter": {"type": "object", "properties": {"filters": filters}},
        **(schemas or {}),
    }
    return _document(copy.deepcopy(components), "MetadataFilter", write=True)


BASE = _box(
    {
        "allOf": [
            {
                "anyOf": [
                    _map({"type": "string"}, "string"),
                    _map({"type": "number"}, "float"),
                    _map({"type": "array", "items": {"type": "string"}}, "multi-select"),
                    _map(_range("number"), "float range"),
                    _map(_range("string"), "date range"),
                ]
            },
            {"description": "Filters the search results by template fields."},
        ]
    }
)


def _folded(kinds: list[str]) -> dict[str, Any]:
    """Box's revision: one map whose values are oneOf the given kinds."""
    values = {"allOf": [{"oneOf": [VALUES[k] for k in kinds]}, {"x-box-example-key": "c"}]}
    return _box({"type": "object", "additionalProperties": values})


def _requests(base: dict[str, Any], revision: dict[str, Any]) -> list[str]:
    """What the report says of requests (where a removed variant breaks clients)."""
    return [m for m in _messages(base, revision) if m.startswith("request-")]


def test_a_union_of_maps_folded_into_a_map_of_a_union_removes_no_variant() -> None:
    messages = _requests(BASE, _folded(list(VALUES)))
    assert not [m for m in messages if "variant" in m and "removed" in m]
    # the one warning that stays: the string map's values became a oneOf (client types change)
    assert messages == [
        "request-property-wrapped-in-one-of: request property "
        "'MetadataFilter.filters.*' wrapped in a oneOf of 5 variants"
    ]


def test_a_kind_of_value_the_folded_map_no_longer_takes_is_still_removed() -> None:
    messages = _requests(BASE, _folded(["string", "list", "FloatRange", "DateRange"]))
    removed = [m for m in messages if "variant" in m and "removed" in m]
    assert removed == [
        "request-property-any-of-variant-removed: request property "
        "'MetadataFilter.filters': anyOf variant 'float' removed"
    ]


def test_a_range_is_paired_with_the_range_of_its_own_kind() -> None:
    """A date range wrapped into ``oneOf: [float range, date range]`` is compared with the
    date range — the same property names, told apart by their types — whatever the order."""
    for kinds in (["FloatRange", "DateRange"], ["DateRange", "FloatRange"]):
        base = _box(_range("string"))
        revision = _box({"oneOf": [VALUES[k] for k in kinds]})
        messages = _requests(base, revision)
        assert not [m for m in messages if "type" in m], messages


@FUZZ
@given(seed=st.integers(0, 2**32 - 1))
def test_the_order_of_the_folded_values_does_not_matter(seed: int) -> None:
    kinds = list(VALUES)
    expected = _requests(BASE, _folded(kinds))
    random.Random(seed).shuffle(kinds)
    assert _requests(BASE, _folded(kinds)) == expected


def test_two_variants_merged_into_one_that_takes_both_remove_neither() -> None:
    """``anyOf: [string map, number map, date range]`` → ``anyOf: [map of string|number,
    date range]``: the new map takes every value of both old maps."""
    either = {"type": "object", "additionalProperties": {"type": ["string", "number"]}}
    base = _box({"anyOf": [_map({"type": "string"}, "s"), _map({"type": "number"}, "n")]})
    base["openapi"] = "3.1.0"
    revision = _box({"anyOf": [either, _ref("DateRange")]})
    revision["openapi"] = "3.1.0"
    messages = _requests(base, revision)
    assert not [m for m in messages if "removed" in m], messages
    narrower = {"type": "object", "additionalProperties": {"type": "string"}}
    revision = _box({"anyOf": [narrower, _ref("DateRange")]})
    revision["openapi"] = "3.1.0"
    assert _requests(base, revision) == [
        "request-property-type-changed: request property 'MetadataFilter.filters.*': "
        "type changed from number to string",
        "request-property-any-of-variant-added: request property 'MetadataFilter.filters': "
        "anyOf variant 'DateRange' added",
    ]  # the number map paired with the string map: what it lost is said once, there
