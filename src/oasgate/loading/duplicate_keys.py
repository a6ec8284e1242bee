"""Mapping keys written twice: where they are, for the ``duplicate-key`` diagnostic.

yaml_rs stops at the first duplicate and says neither where it is nor whether there are
more, so a YAML text with one is parsed again keeping the last value (as every parser
does) and :func:`find_duplicate_keys` lists every repeated key with its line, through
PyYAML's composer, on this rare path only. orjson keeps the last value silently; only
``oasgate validate`` asks :func:`json_duplicate_keys`.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from oasgate.loading.limits import MAX_COMPOSE_BYTES


class DuplicateKey(Struct, frozen=True):
    """A mapping key written twice; the last value is the one used."""

    key: str
    line: int | None = None
    column: int | None = None
    first_line: int | None = None


def find_duplicate_keys(text: str) -> tuple[DuplicateKey, ...]:
    """Every key written twice in one mapping, with positions (the rare, slower path).

    yaml_rs stops at the first duplicate and gives no position; PyYAML's composer
    keeps every key with its line. (``200`` and ``'200'`` are different YAML keys;
    :mod:`oasgate.model.diagnostics` reports that case for response codes.)
    """
    import yaml

    if len(text) > MAX_COMPOSE_BYTES:
        return ()  # PyYAML composes ~2 MB/s: beyond this, the first duplicate, without a line
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return ()
    found: list[DuplicateKey] = []
    seen_nodes: set[int] = set()
    stack: list[Any] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue  # an alias: the same node again
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, Any] = {}
            for key_node, value_node in node.value:
                stack.append(value_node)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                earlier = first.get(key_node.value)
                if earlier is None:
                    first[key_node.value] = key_node
                    continue
                found.append(
                    DuplicateKey(
                        key_node.value,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        earlier.start_mark.line + 1,
                    )
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return tuple(sorted(found, key=lambda d: (d.line or 0, d.column or 0)))


def json_duplicate_keys(raw: bytes, text: str) -> tuple[DuplicateKey, ...]:
    """Keys written twice in one JSON object (orjson keeps the last one silently).

    Only ``oasgate validate`` asks: the standard library's decoder with a hook on every
    object finds whether there are any; the YAML composer then says where.
    """
    import json

    repeated: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) != len(pairs):  # rare: only then look at the keys one by one
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
        return built

    try:
        json.loads(raw, object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError):
        return ()
    if not repeated:
        return ()
    return find_duplicate_keys(text) or tuple(DuplicateKey(key) for key in repeated)
