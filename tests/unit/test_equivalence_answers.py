"""Equivalence answers as its definition says, however it gets there (D90).

A subtree is the same on both sides when it is equal as parsed data and every ``$ref``
inside it reaches targets that are, transitively (a cycle of equal targets is the same).
`Equivalence` takes short cuts to that answer — verdicts remembered per pair of values, a
bare reference read without serialising it, the references of a subtree found once per
document — and these generated documents hold it to the definition: every subtree of an
operation and of the components asked in any order, twice, after one of several edits
(none, a leaf changed deep down, a component's members reordered, a component changed
that others reach through a cycle, an operation's description changed).
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.diff.equivalence import DOCUMENTATION_KEYS, Equivalence
from oasgate.engine import load
from oasgate.loading.document import Node

NAMES = ("A", "B", "C", "D")
_LEAVES = st.one_of(
    st.builds(lambda t: {"type": t}, st.sampled_from(["string", "integer"])),
    st.builds(lambda n: {"type": "string", "maxLength": n}, st.integers(1, 3)),
    st.builds(lambda name: {"$ref": f"#/components/schemas/{name}"}, st.sampled_from(NAMES)),
    # a reference with a sibling, and a string that only looks like one
    st.builds(
        lambda name: {"$ref": f"#/components/schemas/{name}", "description": "d"},
        st.sampled_from(NAMES),
    ),
    st.builds(lambda name: {"default": f"#/components/schemas/{name}"}, st.sampled_from(NAMES)),
)
_SCHEMAS = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda items: {"type": "array", "items": items}, inner),
        st.builds(
            lambda props: {"type": "object", "properties": props},
            st.dictionaries(st.sampled_from(["p", "q", "r"]), inner, min_size=1, max_size=3),
        ),
        st.builds(lambda members: {"allOf": members}, st.lists(inner, min_size=1, max_size=2)),
    ),
    max_leaves=6,
)
_EDITS = st.sampled_from(["none", "leaf", "reorder", "component", "description"])


def _document(components: dict[str, Any], body: Any, response: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "description": "words",
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": response}},
                        }
                    },
                }
            }
        },
        # each component an object around its schema: a component that is a bare
        # reference to itself is a load error, not a question for Equivalence
        "components": {
            "schemas": {
                name: {"type": "object", "properties": {"v": schema}}
                for name, schema in components.items()
            }
        },
    }


def _containers(value: Any, pointer: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        yield pointer
        for key, item in value.items():
            yield from _containers(item, (*pointer, key))
    elif isinstance(value, list):
        yield pointer
        for index, item in enumerate(value):
            yield from _containers(item, (*pointer, index))


def _leaf_pointers(value: Any, pointer: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for inner in _containers(value, pointer):
        holder = _at(value, inner[len(pointer) :])
        if isinstance(holder, dict):
            for key, item in holder.items():
                if isinstance(item, (str, int)) and key != "$ref":
                    yield (*inner, key)


def _at(value: Any, pointer: tuple[Any, ...]) -> Any:
    for token in pointer:
        value = value[token]
    return value


def _edited(base: dict[str, Any], edit: str, pick: int) -> dict[str, Any]:
    revision = copy.deepcopy(base)
    if edit == "leaf":
        leaves = [
            *_leaf_pointers(revision["paths"], ("paths",)),
            *_leaf_pointers(revision["components"], ("components",)),
        ]
        *holder, key = leaves[pick % len(leaves)]
        target = _at(revision, tuple(holder))
        target[key] = 7 if target[key] != 7 else 8  # the same key, another value
    elif edit == "reorder":
        schemas = revision["components"]["schemas"]
        name = NAMES[pick % len(NAMES)]
        schemas[name] = _reordered(schemas[name])
    elif edit == "component":
        schemas = revision["components"]["schemas"]
        schemas[NAMES[pick % len(NAMES)]] = {"type": "boolean"}
    elif edit == "description":
        revision["paths"]["/a"]["post"]["description"] = "other words"
    return revision


def _reordered(value: Any) -> Any:
    """The same value with every object's members written in the reverse order."""
    if isinstance(value, dict):
        return {key: _reordered(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reordered(item) for item in value]
    return value


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            yield ref
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _target(document: dict[str, Any], ref: str) -> Any:
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _defined_same(
    base_doc: dict[str, Any], revision_doc: dict[str, Any], base: Any, revision: Any
) -> bool:
    """The definition: equal data, and every reference reached, transitively, equal too."""
    if base != revision:
        return False
    seen: set[str] = set()
    pending = list(_refs(base))
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        if _target(base_doc, ref) != _target(revision_doc, ref):
            return False
        pending += _refs(_target(base_doc, ref))
    return True


def _without_docs(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {key: item for key, item in value.items() if key not in DOCUMENTATION_KEYS}


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(dict.fromkeys(NAMES, _SCHEMAS)),
    _SCHEMAS,
    _SCHEMAS,
    _EDITS,
    st.integers(0, 1000),
    st.randoms(use_true_random=False),
)
def test_every_subtree_is_the_same_exactly_when_the_definition_says(
    components: dict[str, Any],
    body: Any,
    response: Any,
    edit: str,
    pick: int,
    order: Any,
) -> None:
    base_doc = _document(components, body, response)
    revision_doc = _edited(base_doc, edit, pick)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in (("base.json", base_doc), ("revision.json", revision_doc)):
            path = Path(folder) / name
            path.write_text(json.dumps(data, indent=2))
            paths.append(str(path))
        base, revision = load(paths[0]), load(paths[1])
    equivalence = Equivalence(base.document, revision.document)
    pointers = [p for p in _containers(base_doc) if _present(revision_doc, p)]
    questions = [(p, apart) for p in pointers for apart in (False, True)] * 2
    order.shuffle(questions)
    for pointer, apart in questions:
        base_node = _node(base, pointer)
        revision_node = _node(revision, pointer)
        base_value, revision_value = _at(base_doc, pointer), _at(revision_doc, pointer)
        if apart:
            answer = equivalence.same_apart_from_docs(base_node, revision_node)
            expected = _without_docs(base_value) == _without_docs(revision_value) and _defined_same(
                base_doc, revision_doc, base_value, base_value
            )
        else:
            answer = equivalence.same(base_node, revision_node)
            expected = _defined_same(base_doc, revision_doc, base_value, revision_value)
        assert answer == expected, (pointer, apart, edit)


def _present(document: Any, pointer: tuple[Any, ...]) -> bool:
    try:
        value = _at(document, pointer)
    except (KeyError, IndexError, TypeError):
        return False
    return isinstance(value, (dict, list))


def _node(model: Any, pointer: tuple[Any, ...]) -> Node:
    node = model.document.node_at(model.document.root.file, pointer)
    assert node is not None
    return node
