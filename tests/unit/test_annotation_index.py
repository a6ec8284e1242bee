"""Tests for :class:`oasgate.diff.lifecycle_pairs.AnnotationIndex`: whether a node can reach a
lifecycle annotation, itself or through its ``$ref``s, answered from what is worked out
once per document — the same answer as a walk of the reference graph from that node,
whatever the order of the questions, through cycles, other files and broken references."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.diff.lifecycle_pairs import AnnotationIndex
from oasgate.errors import OasgateError
from oasgate.loading.document import Document, Node
from oasgate.loading.local_trees import FileTree
from oasgate.loading.refscan import LIFECYCLE_KEYS

_FILES = ("openapi.json", "other.json")
#: a reference target that is a scalar, not a schema
_SCALAR = 7


def _ref(file: str, target: tuple[str, int]) -> str:
    """A reference written in ``file`` to schema ``S<n>`` of ``target``'s file."""
    where, number = target
    prefix = "" if where == file else where
    if number == _SCALAR:  # the root's info title: a string (other.json has none)
        return f"{prefix}#/info/title"
    return f"{prefix}#/components/schemas/S{number}"


_schema_spec = st.fixed_dictionaries(
    {
        "annotated": st.booleans(),
        # (file, schema number); numbers past the last schema are broken references
        "refs": st.lists(st.tuples(st.sampled_from(_FILES), st.integers(0, _SCALAR)), max_size=3),
        "nested": st.booleans(),
    }
)


def _schema(file: str, spec: dict[str, Any]) -> dict[str, Any]:
    refs = [{"$ref": _ref(file, target)} for target in spec["refs"]]
    schema: dict[str, Any] = {"type": "object"}
    if spec["nested"]:  # the references and the annotation inside an inline schema
        inner: dict[str, Any] = {"allOf": refs} if refs else {"type": "string"}
        if spec["annotated"]:
            inner["deprecated"] = True
        schema["properties"] = {"inner": inner}
    else:
        schema["properties"] = {f"p{i}": ref for i, ref in enumerate(refs)}
        if spec["annotated"]:
            schema["x-lifecycle"] = {"status": "deprecated"}
    return schema


def _write(directory: Path, specs: dict[str, list[dict[str, Any]]]) -> Document:
    for file in _FILES:
        schemas = {f"S{n}": _schema(file, spec) for n, spec in enumerate(specs[file])}
        body: dict[str, Any] = {"components": {"schemas": schemas}}
        if file == "openapi.json":
            body = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, **body}
        (directory / file).write_text(json.dumps(body, indent=2))
    return Document(FileTree(str(directory / "openapi.json")))


def _mentions(value: Any) -> bool:
    if isinstance(value, dict):
        return any(key in LIFECYCLE_KEYS or _mentions(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_mentions(item) for item in value)
    return False


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            return [value["$ref"]]
        return [ref for item in value.values() for ref in _refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in _refs(item)]
    return []


def _walked(document: Document, node: Node) -> bool:
    """The reference answer: a walk over every node the references reach."""
    seen = {id(node.value)}
    stack = [node]
    while stack:
        current = stack.pop()
        if _mentions(current.value):
            return True
        for ref in _refs(current.value):
            try:
                target = document.ref_target(ref, current.file, ())
            except OasgateError:
                continue
            if id(target.value) not in seen:
                seen.add(id(target.value))
                stack.append(target)
    return False


def _schema_nodes(document: Document) -> list[Node]:
    nodes = []
    for file in _FILES:
        schemas = _schemas(document, file)
        for name in schemas.value:
            schema = schemas.child(name)
            nodes += [schema, schema.child("properties")]
    return nodes


def _schemas(document: Document, file: str) -> Node:
    """The ``components/schemas`` node of one of the two files."""
    if file == "openapi.json":
        return document.root.child("components").child("schemas")
    return document.ref_target(f"{file}#/components/schemas", document.root.file, ())


@settings(max_examples=150, deadline=None)
@given(
    specs=st.fixed_dictionaries(
        {file: st.lists(_schema_spec, min_size=1, max_size=6) for file in _FILES}
    ),
    order=st.randoms(use_true_random=False),
)
def test_reaches_answers_as_a_walk_of_the_reference_graph(
    specs: dict[str, list[dict[str, Any]]], order: Any
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        document = _write(Path(directory), specs)
        nodes = _schema_nodes(document)
        order.shuffle(nodes)
        index = AnnotationIndex(document)
        for node in nodes:
            assert index.reaches(node) == _walked(document, node), (node.file, node.pointer)


def test_a_cycle_reaches_the_annotation_one_of_its_members_holds(tmp_path: Path) -> None:
    """A ring S0 → S1 → S2 → S0 with S3 hanging off S2, annotated: every member reaches it,
    asked from any member first; a schema outside the ring that only S3 could reach
    through it does not."""
    ring = [
        {"annotated": False, "refs": [("openapi.json", (n + 1) % 3)], "nested": False}
        for n in range(3)
    ]
    ring[2]["refs"].append(("openapi.json", 3))
    specs = {
        "openapi.json": [
            *ring,
            {"annotated": True, "refs": [], "nested": True},
            {"annotated": False, "refs": [("openapi.json", 4)], "nested": False},
        ],
        "other.json": [{"annotated": False, "refs": [("openapi.json", 1)], "nested": False}],
    }
    document = _write(tmp_path, specs)
    schemas = document.root.child("components").child("schemas")
    index = AnnotationIndex(document)
    assert not index.reaches(schemas.child("S4"))  # only itself: asked first, then the ring
    assert [index.reaches(schemas.child(f"S{n}")) for n in (1, 0, 2, 3)] == [True] * 4
    assert index.reaches(_schemas(document, "other.json").child("S0"))


def test_every_member_of_a_cycle_reaches_the_annotation_the_walk_started_from(
    tmp_path: Path,
) -> None:
    """S0 (annotated) → S1 → S2 → S0, asked from S0 first: S1 and S2 are met after the
    annotation, and reach it only back through S0."""
    specs = {
        "openapi.json": [
            {"annotated": n == 0, "refs": [("openapi.json", (n + 1) % 3)], "nested": False}
            for n in range(3)
        ],
        "other.json": [{"annotated": False, "refs": [], "nested": False}],
    }
    document = _write(tmp_path, specs)
    schemas = document.root.child("components").child("schemas")
    index = AnnotationIndex(document)
    assert [index.reaches(schemas.child(f"S{n}")) for n in (0, 1, 2)] == [True] * 3
    assert not index.reaches(_schemas(document, "other.json").child("S0"))
