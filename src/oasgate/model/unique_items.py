"""``uniqueItems`` in linear time, for the validators of ``validate`` and ``--strict``.

jsonschema's own check sorts the items and compares every pair when they do not sort (the
OpenAPI 3.0 schema puts ``uniqueItems`` on every ``enum``); D38.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any


@contextmanager
def linear_uniqueness() -> Iterator[None]:
    """jsonschema's ``uniqueItems`` (the OpenAPI 3.0 schema puts it on ``enum``) sorts the
    items, and compares every pair when they do not sort: an enum of one object and
    10,000 integers took 20 s. While the validator runs, its check is :func:`all_unique`,
    which gives the same answers in one pass."""
    from jsonschema import _keywords

    original = getattr(_keywords, "uniq", None)
    if original is None:  # another jsonschema layout: keep its own check
        yield
        return
    setattr(_keywords, "uniq", all_unique)  # noqa: B010 (not in the type stubs)
    try:
        yield
    finally:
        setattr(_keywords, "uniq", original)  # noqa: B010


def all_unique(items: Iterable[Any]) -> bool:
    """No two items are equal as JSON values (``true`` is not ``1``; ``1`` is ``1.0``)."""
    seen: set[Any] = set()
    for item in items:
        form = _hashable(item)
        if form in seen:
            return False
        seen.add(form)
    return True


def _hashable(value: Any) -> Any:
    """A hashable form that is equal exactly when the JSON values are."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _hashable(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return ("array", tuple(_hashable(item) for item in value))
    return ("other", repr(value))
