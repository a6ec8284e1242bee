"""Breaking a document on purpose, as the validation screens' property tests do."""

from __future__ import annotations

from typing import Any


def break_at(document: Any, path: tuple[Any, ...], bad: Any, key: str) -> None:
    """Put ``bad`` at ``path`` in ``document`` — or, with ``key`` "z", under a new key ``z``
    beside it; a path that leaves the document (a scalar on the way, a missing key) changes
    nothing."""
    node = document
    for token in path[:-1]:
        if not isinstance(node, (dict, list)):
            return
        try:
            node = node[token]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node[path[-1] if key != "z" else key] = bad
    elif isinstance(node, list) and isinstance(path[-1], int) and path[-1] < len(node):
        node[path[-1]] = bad


def locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (its members and items, nested), in document order."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += locations(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += locations(item, (*path, index))
    return found
