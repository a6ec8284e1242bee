"""``oasgate diff``'s walk: the edits it lists turn the base into the revision, in
document order, with values as written (``1`` is not ``true``)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.raw_difference import ADDED, CHANGED, REMOVED, RawChange, raw_changes

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2), st.text("ab~/", max_size=3)
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text("ab~/", max_size=3), inner, max_size=4)
    ),
    max_leaves=25,
)


def _segments(pointer: str) -> list[str]:
    return [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]


def _parent(document: Any, pointer: str) -> tuple[Any, Any]:
    *path, last = _segments(pointer)
    node = document
    for segment in path:
        node = node[int(segment)] if isinstance(node, list) else node[segment]
    return node, int(last) if isinstance(node, list) else last


def _apply(base: Any, changes: list[RawChange]) -> Any:
    document = copy.deepcopy(base)
    for change in reversed([c for c in changes if c.kind == REMOVED]):
        node, key = _parent(document, change.pointer)
        del node[key]
    for change in changes:
        if change.kind == REMOVED:
            continue
        if change.pointer == "":
            document = change.revision
            continue
        node, key = _parent(document, change.pointer)
        if change.kind == ADDED and isinstance(node, list):
            assert key == len(node)
            node.append(change.revision)
        else:
            node[key] = change.revision
    return document


def _written(value: Any) -> Any:
    """A document with its scalars tagged by type: ``1 == True`` no longer holds."""
    if isinstance(value, dict):
        return {k: _written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_written(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=300)
@given(_documents, _documents)
def test_the_edits_turn_the_base_into_the_revision(base: Any, revision: Any) -> None:
    changes = list(raw_changes(base, revision))
    assert _written(_apply(base, changes)) == _written(revision)
    assert not list(raw_changes(revision, copy.deepcopy(revision)))


@given(_documents)
def test_a_document_against_itself_has_no_edits(document: Any) -> None:
    assert list(raw_changes(document, copy.deepcopy(document))) == [] or document != document


def test_values_are_compared_as_written_and_pointers_escaped() -> None:
    changes = list(
        raw_changes(
            {"paths": {"/a~b": {"x": 1, "y": [1, 2]}}},
            {"paths": {"/a~b": {"x": True, "y": [1]}, "/c": {}}},
        )
    )
    assert [(c.kind, c.pointer) for c in changes] == [
        (CHANGED, "/paths/~1a~0b/x"),
        (REMOVED, "/paths/~1a~0b/y/1"),
        (ADDED, "/paths/~1c"),
    ]
    assert changes[0].data() == {
        "change": "changed",
        "pointer": "/paths/~1a~0b/x",
        "base": 1,
        "revision": True,
    }


def test_nesting_as_deep_as_the_loader_allows() -> None:
    base: Any = 1
    revision: Any = True  # equal to 0 for ==, and deeper than orjson serialises
    for _ in range(400):
        base, revision = [base], [revision]
    (change,) = raw_changes(base, revision)
    assert change.pointer == "/0" * 400
