"""A recursive schema reached through ``allOf`` members ends like one reached through a bare
``$ref`` (D98).

The shape is AWS's (every Smithy-generated spec in the APIs.guru directory): a property
that refers to another component is written ``allOf: [{$ref: …}, {description: …}]``, and
``ComponentProperty.condition`` → ``ComponentConditionProperty.then`` → ``ComponentProperty``
is a cycle. The members of an ``allOf`` are merged, so the comparer met the same
properties again and again with an ever longer path, never the same pair twice: any
change inside the cycle (or a reordered copy of the document) stopped the check with
"schemas nest through $refs too deeply" (exit 2) — on a 128 KB document.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import oasgate

#: how one schema refers to another: the ways real specs write it
SPELLINGS: dict[str, Callable[[str], dict[str, Any]]] = {
    "ref": lambda name: {"$ref": f"#/components/schemas/{name}"},
    "described": lambda name: {
        "allOf": [{"$ref": f"#/components/schemas/{name}"}, {"description": f"A {name}."}]
    },
    "wrapped": lambda name: {"allOf": [{"$ref": f"#/components/schemas/{name}"}]},
    "extended": lambda name: {
        "allOf": [
            {"$ref": f"#/components/schemas/{name}"},
            {"type": "object", "properties": {"note": {"type": "string"}}},
        ]
    },
}


def _document(size: int, spellings: list[str], edit: str | None, edited: int) -> dict[str, Any]:
    """``size`` components in a cycle (S0 → S1 → … → S0), each link spelt its own way;
    ``edit`` changes component ``edited``."""
    schemas: dict[str, Any] = {}
    for index in range(size):
        following = f"S{(index + 1) % size}"
        properties: dict[str, Any] = {
            "name": {"type": "string"},
            "next": SPELLINGS[spellings[index]](following),
        }
        if index == edited and edit == "added":
            properties["extra"] = {"type": "string"}
        if index == edited and edit == "retyped":
            properties["name"] = {"type": "integer"}
        schemas[f"S{index}"] = {"type": "object", "properties": properties}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}
                            },
                        }
                    }
                },
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                },
            }
        },
        "components": {"schemas": schemas},
    }


def _findings(tmp_path: Path, base: dict[str, Any], revision: dict[str, Any]) -> list[Any]:
    """Each finding's rule, revision pointer and operations (a change reported twice is
    listed twice)."""
    base_path, revision_path = tmp_path / "base.json", tmp_path / "revision.json"
    base_path.write_text(json.dumps(base))
    revision_path.write_text(json.dumps(revision))
    report = oasgate.check(str(base_path), str(revision_path))
    return sorted(
        (f.rule, f.revision.pointer if f.revision else None, f.operations) for f in report.findings
    )


def test_the_aws_shape_reports_the_added_property(tmp_path: Path) -> None:
    base = _document(2, ["described", "described"], None, 0)
    revision = _document(2, ["described", "described"], "added", 0)

    found = _findings(tmp_path, base, revision)

    pointer = "/components/schemas/S0/properties/extra"
    assert found == [
        ("request-property-optional-added", pointer, ("POST /things",)),
        ("response-property-added", pointer, ("GET /things",)),
    ]


def test_a_reordered_copy_of_the_aws_shape_has_no_findings(tmp_path: Path) -> None:
    base = _document(3, ["described", "extended", "described"], None, 0)
    reordered = json.loads(json.dumps(base))
    for schema in reordered["components"]["schemas"].values():
        schema["properties"] = dict(reversed(schema["properties"].items()))
    reordered["components"]["schemas"] = dict(reversed(reordered["components"]["schemas"].items()))

    assert _findings(tmp_path, base, reordered) == []


#: the spellings that name the component itself (an extension is another schema)
SAME_COMPONENT = ["ref", "described", "wrapped"]


@given(
    size=st.integers(1, 4),
    spellings=st.lists(st.sampled_from(SAME_COMPONENT), min_size=4, max_size=4),
    edit=st.sampled_from(["added", "retyped"]),
    edited=st.integers(0, 3),
)
def test_how_a_recursive_reference_is_spelt_changes_nothing(
    tmp_path_factory: Any, size: int, spellings: list[str], edit: str, edited: int
) -> None:
    """The same edit inside a cycle gives the same findings whichever way each link is
    written: a bare ``$ref``, an ``allOf`` of one, or an ``allOf`` with a description."""
    tmp_path = tmp_path_factory.mktemp("spelt")
    edited %= size
    plain = ["ref"] * size
    expected = _findings(
        tmp_path, _document(size, plain, None, edited), _document(size, plain, edit, edited)
    )

    found = _findings(
        tmp_path,
        _document(size, spellings[:size], None, edited),
        _document(size, spellings[:size], edit, edited),
    )

    assert found == expected


@given(
    size=st.integers(1, 4),
    spellings=st.lists(st.sampled_from(sorted(SPELLINGS)), min_size=4, max_size=4),
    edit=st.sampled_from(["added", "retyped"]),
    edited=st.integers(0, 3),
)
def test_a_cycle_through_extensions_ends_and_reports_the_change(
    tmp_path_factory: Any, size: int, spellings: list[str], edit: str, edited: int
) -> None:
    """An ``allOf`` that extends the component it refers to is a schema of its own, which
    reports what changed in it too; whatever the spellings, the check ends and reports the
    edit at the place it was made, for every operation that reaches it."""
    tmp_path = tmp_path_factory.mktemp("extended")
    edited %= size
    found = _findings(
        tmp_path,
        _document(size, spellings[:size], None, edited),
        _document(size, spellings[:size], edit, edited),
    )
    pointer = f"/components/schemas/S{edited}/properties/" + (
        "extra" if edit == "added" else "name"
    )
    assert {(rule, operations) for rule, where, operations in found if where == pointer} == {
        (rule, operations)
        for rule, _, operations in _findings(
            tmp_path,
            _document(size, ["ref"] * size, None, edited),
            _document(size, ["ref"] * size, edit, edited),
        )
    }


def test_a_described_reference_is_the_component_itself(tmp_path: Path) -> None:
    """``allOf: [{$ref: X}, {description: …}]`` is X with a description (the members that
    only describe constrain nothing): a change to X is X's, one finding for every place
    that uses it — it was one more for each described use, anchored at the wrapper."""

    def document(extra: bool) -> dict[str, Any]:
        x: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
        if extra:
            x["properties"]["extra"] = {"type": "string"}
        holder = {
            "type": "object",
            "properties": {
                "direct": SPELLINGS["ref"]("X"),
                "described": SPELLINGS["described"]("X"),
                "titled": {
                    "allOf": [
                        {"title": "X", "x-origin": "smithy"},
                        {"$ref": "#/components/schemas/X"},
                        {"description": "Another X.", "deprecated": False},
                    ]
                },
            },
        }
        document = _document(1, ["ref"], None, 0)
        document["components"]["schemas"] = {"S0": holder, "X": x}
        return document

    found = _findings(tmp_path, document(False), document(True))

    pointer = "/components/schemas/X/properties/extra"
    assert found == [
        ("request-property-optional-added", pointer, ("POST /things",)),
        ("response-property-added", pointer, ("GET /things",)),
    ]


@given(
    size=st.integers(1, 3),
    spellings=st.lists(st.sampled_from(sorted(SPELLINGS)), min_size=3, max_size=3),
)
def test_the_lifecycle_walk_ends_in_a_cycle_through_all_of(
    tmp_path_factory: Any, size: int, spellings: list[str]
) -> None:
    """A property deprecated inside the cycle sends the lifecycle policy's walk round it
    too (AWS's ``wafv2``, shuffled, stopped there: "the documents nest too deeply"): it
    ends, and says the property is deprecated."""
    tmp_path = tmp_path_factory.mktemp("lifecycle")

    def deprecated_name(spelt: list[str]) -> set[Any]:
        base = _document(size, spelt, None, 0)
        revision = json.loads(json.dumps(base))
        revision["components"]["schemas"]["S0"]["properties"]["name"]["deprecated"] = True
        return {
            (rule, where, operations)
            for rule, where, operations in _findings(tmp_path, base, revision)
            if where is not None and where.startswith("/components/schemas/S0/properties/name")
        }

    expected = deprecated_name(["ref"] * size)
    assert {rule for rule, _, _ in expected} == {
        "request-property-deprecated-sunset-missing",
        "response-property-deprecated-sunset-missing",
    }
    assert deprecated_name(spellings[:size]) == expected
