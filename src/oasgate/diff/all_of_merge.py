"""The ``allOf`` merge: which schema objects one schema's meaning is gathered from.

A schema means what its own keywords and those of every ``allOf`` member (at any depth)
say together; :func:`merged_sources` lists those objects, each where it is written, so
that a finding about a limit points at the member that states it. A property (or
``items``, ``additionalProperties``…) declared by several members is the ``allOf`` of its
declarations (:func:`merge_declarations`), seen as one schema through a
:class:`MergedNode`. Nothing here depends on the order the members are written in.
"""

from __future__ import annotations

from typing import Any

from oasgate.diff.normal_form import normal_text
from oasgate.diff.references import Resolver
from oasgate.loading.document import Node


class MergedNode(Node, frozen=True):
    """Several declarations of one property (in different ``allOf`` members, perhaps in
    different files) seen as one schema: its value is their ``allOf``, its sources are
    the declarations themselves, each where it is written (for positions, and for the
    references in it, which the comparer reads part by part)."""

    parts: tuple[Node, ...] = ()


def merge_declarations(nodes: list[Node]) -> Node | None:
    """Several declarations of one subschema (in different ``allOf`` members) as one: their
    ``allOf``. Declarations that admit everything (``true``, ``{}``) add nothing; identical
    ones count once — also when they are only spelt differently (``allOf: [A, B]`` and
    ``allOf: [B, A]``; see :func:`normal_form`); ``false`` admits nothing whatever the
    others say.

    Nothing here may depend on the order of the ``allOf`` members the declarations come
    from (issue 13). The declarations are kept in the order they are written in the
    documents — by file and pointer, a position in an ``allOf`` list aside (the one thing
    a reordering changes), then by content — and of copies of one declaration the first
    so written stands for all. The merged node sits where its first declaration does, and
    changes found inside it are keyed by that position: were it the first *member's*,
    reordering the members would move it, and a change reached through the property both
    directly and through the merge would split in two."""
    candidates = []
    for node in nodes:
        value = node.value
        if value is False:
            return node
        if value is True or value == {}:
            continue
        candidates.append(node)
    if not candidates:
        return nodes[0] if nodes else None
    if len(candidates) == 1:
        return candidates[0]
    written = sorted(
        ((_where_written(node), normal_text(node.value), node) for node in candidates),
        key=lambda entry: entry[:2],
    )
    kept: list[Node] = []
    seen: set[bytes] = set()
    for _, spelling, node in written:
        if spelling not in seen:
            seen.add(spelling)
            kept.append(node)
    first = kept[0]
    if len(kept) == 1 or any(not isinstance(node.value, dict) for node in kept):
        return first
    return MergedNode(
        {"allOf": [node.value for node in kept]}, first.file, first.pointer, tuple(kept)
    )


def _where_written(node: Node) -> tuple[str, tuple[str, ...]]:
    """Where a node is written, but for its positions in ``allOf`` lists."""
    tokens = [str(token) for token in node.pointer]
    for index in range(1, len(tokens)):
        if tokens[index - 1] == "allOf":
            tokens[index] = ""
    return node.file, tuple(tokens)


def merged_sources(document: Resolver, node: Node) -> list[Node]:
    value = node.value
    if isinstance(node, MergedNode):
        pending = [document.deref(part) for part in node.parts]
        sources: list[Node] = []
    elif not isinstance(value, dict) or "allOf" not in value:
        return [node]
    else:
        sources = []
        pending = [node]
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    while pending:
        current = pending.pop(0)
        marker = (current.file, current.pointer)
        if marker in seen or not isinstance(current.value, dict):
            continue
        seen.add(marker)
        sources.append(current)
        members = current.get("allOf")
        if members is not None and isinstance(members.value, list):
            pending.extend(
                document.deref(members.child(index)) for index in range(len(members.value))
            )
    return sources
