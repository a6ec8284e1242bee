"""Canonical bytes for parsed values: fast (orjson), and exact for what orjson refuses.

YAML allows integers beyond 64 bits (DigitalOcean's spec has some); orjson
refuses those, so such values fall back to the standard library. YAML also has ``.nan``
and ``.inf``, which orjson writes as ``null``: :func:`dump_value` keeps them apart for
the values the diff compares and shows.

orjson's bytes keep the buffer it wrote them in: at least 4 KiB however short the text,
and about four times the text's length for long ones. Bytes that are kept (a file's
canonical text) are copied to their size first (:func:`exact`): DigitalOcean's 3,761
files held 18 MiB of canonical text for 3.2 MB of bytes (D84). Bytes searched and
dropped are not copied.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS


def exact(data: bytes) -> bytes:
    """``data`` in an allocation of its own size (a copy: ``bytes(data)`` and ``data[:]``
    return the same object)."""
    return bytes(memoryview(data))


def dump(value: Any, *, sort_keys: bool = False) -> bytes:
    """Compact JSON bytes of a parsed value (keys sorted on request); pass them through
    :func:`exact` before keeping them."""
    try:
        return orjson.dumps(value, option=_OPTIONS | (orjson.OPT_SORT_KEYS if sort_keys else 0))
    except TypeError:
        return json.dumps(
            value, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode()


def dump_value(value: Any, *, sort_keys: bool = False) -> bytes:
    """Like :func:`dump`, but NaN and the infinities are written ``NaN``, ``Infinity`` and
    ``-Infinity`` (as JavaScript and Python's ``json`` do) instead of ``null``: a value's
    canonical form, for comparing and showing values (a default, an enum member).

    Only a dump that holds ``null`` needs a second look, so ordinary values cost nothing."""
    fast = dump(value, sort_keys=sort_keys)
    if b"null" not in fast or not _holds_non_finite(value):
        return fast
    try:
        return json.dumps(
            value, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode()
    except TypeError:  # keys of several types cannot be sorted together
        return fast


def _holds_non_finite(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
