"""Small instances of a schema, read from its keywords: the raw material of a witness.

:func:`samples` proposes values a schema probably accepts, smallest and most readable
first (the enum's values, the bounds, a string of the shortest allowed length, an object
with only its required properties); nothing here decides — the real validator
(:mod:`oasgate.witness.bundle`) keeps the first proposal that passes. Proposals are
deterministic: the same schema always yields the same values in the same order, so a
report is byte-identical between runs.

Strings for a ``pattern`` come from ``exrex``, which enumerates the strings a regular
expression matches in a fixed order (docs/decisions.md D59).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

from oasgate.loading.document import Node

#: Nesting followed when building an instance (required properties of required properties).
MAX_DEPTH = 8
#: Values proposed per schema at most.
MAX_SAMPLES = 12
#: Strings taken from a pattern at most.
PATTERN_STRINGS = 6

#: A readable value for each ``format`` a validator may assert.
FORMAT_EXAMPLES: dict[str, str] = {
    "date": "2024-01-31",
    "date-time": "2024-01-31T12:00:00Z",
    "time": "12:00:00Z",
    "duration": "P1D",
    "email": "a@example.com",
    "idn-email": "a@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/a",
    "uri-reference": "/a",
    "iri": "https://example.com/a",
    "iri-reference": "/a",
    "uri-template": "/a/{b}",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "json-pointer": "/a",
    "relative-json-pointer": "0/a",
    "regex": "a+",
    "byte": "YQ==",
    "int32": "1",
    "int64": "1",
}

_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


def child(node: Node, key: str) -> Node | None:
    return node.get(key) if isinstance(node.value, dict) else None


def children(node: Node, key: str) -> list[Node]:
    """The schemas of a list keyword (``allOf``, ``prefixItems``...)."""
    found = child(node, key)
    if found is None or not isinstance(found.value, list):
        return []
    return [found.child(i) for i in range(len(found.value))]


def types_of(value: Any) -> list[str]:
    """The types a schema allows, in a fixed order; inferred from its keywords when it
    names none."""
    if not isinstance(value, dict):
        return list(_TYPES) if value is True else []
    declared = value.get("type")
    if isinstance(declared, str):
        found = [declared]
    elif isinstance(declared, list):
        found = [t for t in _TYPES if t in declared]
    else:
        found = _inferred(value)
    if (value.get("nullable") is True or value.get("x-nullable") is True) and "null" not in found:
        found.append("null")
    return found


def _inferred(value: dict[str, Any]) -> list[str]:
    hints = {
        "object": ("properties", "required", "additionalProperties", "minProperties"),
        "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems"),
        "string": ("pattern", "minLength", "maxLength", "format"),
        "number": ("minimum", "maximum", "multipleOf", "exclusiveMinimum"),
    }
    found = [t for t, keys in hints.items() if any(k in value for k in keys)]
    return found or ["string", "integer", "boolean", "object", "array", "null"]


def number_samples(value: dict[str, Any], integer: bool) -> list[Any]:
    """Numbers within the bounds: 0 (or the nearest allowed), the bounds, one step in."""
    low, high = (
        _bound(value, "minimum", "exclusiveMinimum", 1),
        _bound(value, "maximum", "exclusiveMaximum", -1),
    )
    step = value.get("multipleOf")
    picks: list[float] = [0, 1]
    if low is not None:
        picks += [low, low + 1]
    if high is not None:
        picks += [high, high - 1]
    if low is not None and high is not None:
        picks.append((low + high) / 2)
    found: list[Any] = []
    for pick in picks:
        if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
            pick = math.ceil(pick / step) * step
        if integer:
            pick = math.ceil(pick)
        number: Any = int(pick) if float(pick).is_integer() else pick
        if number not in found:
            found.append(number)
    return found


def _bound(value: dict[str, Any], inclusive: str, exclusive: str, inward: int) -> float | None:
    """The bound a schema sets, as a number an instance may take (an exclusive bound moved
    one step inward; 3.0's boolean form included)."""
    written = value.get(inclusive)
    flag = value.get(exclusive)
    if isinstance(flag, (int, float)) and not isinstance(flag, bool):
        other = float(flag) + inward
        if isinstance(written, (int, float)) and not isinstance(written, bool):
            return max(other, written) if inward > 0 else min(other, written)
        return other
    if isinstance(written, (int, float)) and not isinstance(written, bool):
        return float(written) + (inward if flag is True else 0)
    return None


def pattern_strings(pattern: str) -> list[str]:
    """A few strings ``pattern`` matches, shortest-first as ``exrex`` enumerates them;
    none when the pattern is beyond it (``\\p{L}``, lookaround)."""
    try:
        import exrex  # type: ignore[import-untyped]  # exrex ships no type information

        return list(itertools.islice(exrex.generate(pattern, limit=4), PATTERN_STRINGS))
    except Exception:
        return []


def string_samples(value: dict[str, Any]) -> list[str]:
    """Strings of the allowed lengths: the format's example, the pattern's matches, and
    ``a`` repeated to the shortest and longest allowed length."""
    written_low, written_high = value.get("minLength"), value.get("maxLength")
    low: int = written_low if isinstance(written_low, int) else 0
    high: int | None = written_high if isinstance(written_high, int) else None
    found: list[str] = []
    form = value.get("format")
    if isinstance(form, str) and form in FORMAT_EXAMPLES:
        found.append(FORMAT_EXAMPLES[form])
    pattern = value.get("pattern")
    if isinstance(pattern, str):
        for text in pattern_strings(pattern):
            found.append(text)
            if len(text) < low:
                found.append(text + text[-1:] * (low - len(text)) if text else "a" * low)
    found.append("a" * max(low, 1 if high is None or high >= 1 else 0))
    if high is not None:
        found.append("a" * high)
    return _unique(found)


def _unique(values: list[Any]) -> list[Any]:
    kept: list[Any] = []
    for value in values:
        if not any(value == k and type(value) is type(k) for k in kept):
            kept.append(value)
    return kept


def typed_samples(value: Any, kind: str) -> Iterator[Any]:
    """Scalars of one type (objects and arrays are built by the caller, which can follow
    ``$ref``s)."""
    if kind == "null":
        yield None
    elif kind == "boolean":
        yield from (False, True)
    elif kind in ("integer", "number"):
        yield from number_samples(value if isinstance(value, dict) else {}, kind == "integer")
        if kind == "number":
            yield 0.5
    elif kind == "string":
        yield from string_samples(value if isinstance(value, dict) else {})
