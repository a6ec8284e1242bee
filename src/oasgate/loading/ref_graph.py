"""The ``$ref``s of a document as a graph, for
:meth:`~oasgate.loading.document.Document.verify_references`.

Checking that every reference resolves, without loops and within the depth limit, must
cost linear time even on a chain of thousands of references to references: each
reference is resolved one hop, and the graph of hops is then walked once
(:func:`loops_and_longest_chain`). A reference that fails is reported where it is
written as a reference, not where the same string sits in data — an example, a default,
an ``x-`` extension (:func:`structural_occurrences`).
"""

from __future__ import annotations

from typing import Any

#: A token path into parsed data (:data:`oasgate.loading.document.Pointer`).
Pointer = tuple[str | int, ...]

#: Keys whose values are data (examples, defaults, enums) or vendor payload, never references.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value"})


def structural_occurrences(data: Any) -> dict[str, Pointer]:
    """Where each ``$ref`` string is first written as a reference (not as data)."""
    found: dict[str, Pointer] = {}
    stack: list[tuple[Any, Pointer, bool]] = [(data, (), False)]
    while stack:
        value, pointer, in_properties = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if not in_properties and isinstance(ref, str):
                found.setdefault(ref, pointer)
            for key, item in value.items():
                if in_properties:
                    stack.append((item, (*pointer, key), False))  # a property's schema
                elif key in _DATA_KEYS or (isinstance(key, str) and key.startswith("x-")):
                    continue
                else:
                    stack.append(
                        (item, (*pointer, key), key in ("properties", "patternProperties"))
                    )
        elif isinstance(value, list):
            stack.extend((item, (*pointer, index), False) for index, item in enumerate(value))
    return found


RefKey = tuple[str, str]  # (file, $ref string written there)


def loops_and_longest_chain(
    hops: dict[RefKey, RefKey | None],
) -> tuple[list[RefKey], tuple[RefKey, int] | None]:
    """One member of each cycle of ``$ref`` hops, and the longest chain of hops with its
    start — each hop is followed once, so a chain of thousands costs linear time."""
    state: dict[RefKey, int] = {}  # 1 on the current path, 2 finished
    length: dict[RefKey, int] = {}
    members: list[RefKey] = []
    for start in hops:
        path: list[RefKey] = []
        node: RefKey | None = start
        while node is not None and node in hops and node not in state:
            state[node] = 1
            path.append(node)
            node = hops[node]
        if node is not None and state.get(node) == 1:
            members.append(node)
        else:
            tail = length.get(node, 0) if node is not None else 0
            for visited in reversed(path):
                tail += 1
                length[visited] = tail
        for visited in path:
            state[visited] = 2
    longest = max(length.items(), key=lambda item: item[1], default=None)
    return members, longest
