"""Canonical bytes for parsed values: fast (orjson), and exact for what orjson refuses.

YAML allows integers beyond 64 bits (DigitalOcean's spec has some); orjson
refuses those, so such values fall back to the standard library.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS


def dump(value: Any, *, sort_keys: bool = False) -> bytes:
    """Compact JSON bytes of a parsed value (keys sorted on request)."""
    try:
        return orjson.dumps(value, option=_OPTIONS | (orjson.OPT_SORT_KEYS if sort_keys else 0))
    except TypeError:
        return json.dumps(
            value, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode()
