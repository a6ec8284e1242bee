"""Generated inputs of the hostile cases about cost (issue 15, "cost on adversarial shapes").

Each function writes the files of one case into a folder; ``tests/acceptance/test_hostile.py`` runs
them through the CLI and ``scripts/hostile_costs.py`` measures what each costs. They are
generated rather than committed: the largest is 11 MB.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

INFO = {"title": "t", "version": "1"}
ENUM_INTEGERS = 10_000
MINIFIED_PROPERTIES = 20_000
ALIAS_FAN_OUT = 18  # 18**4 = 104,976 leaves: over the default budget of 100,000 findings
IGNORED_OPERATIONS = 2_000
ENUM_VALUES_REMOVED = 10  # per operation: 20,000 findings
IGNORES = 8_000
GLOB_STARS = 14
ONE_OF_VARIANTS = 1_000
ALL_OF_ONE_OFS = 2_000
ABSORBED_WIDTH = 16  # variants per union: each tried against the plain object (D100)
ABSORBED_DEPTH = 8  # 16**8 walks if a try tried the unions inside it too


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, separators=(",", ":")))


def _document(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": INFO,
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def enum_object_member(folder: Path) -> None:
    """One object member, then 10,000 integers: no two sort against each other."""
    enum: list[Any] = [{"a": 1}, *range(ENUM_INTEGERS)]
    _write_json(folder / "spec.json", _document({"E": {"enum": enum}}))


def enum_duplicate_objects(folder: Path) -> None:
    """The same shape with the object member written twice: a real duplicate."""
    enum: list[Any] = [{"a": 1}, *range(ENUM_INTEGERS), {"a": 1}]
    _write_json(folder / "spec.json", _document({"E": {"enum": enum}}))


def _minified_side(property_type: str) -> dict[str, Any]:
    padding = "d" * 500
    properties = {
        f"p{i}": {"type": property_type, "description": padding} for i in range(MINIFIED_PROPERTIES)
    }
    body = {"type": "object", "properties": properties}
    operation = {
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}},
    }
    return _document({}, {"/a": {"post": operation}})


def minified_json_findings(folder: Path) -> None:
    """An 11 MB one-line JSON pair: 20,000 request properties change type."""
    _write_json(folder / "base.json", _minified_side("string"))
    _write_json(folder / "revision.json", _minified_side("integer"))


def _alias_tree(leaf_type: str) -> str:
    lines = [
        "openapi: 3.0.3",
        "info: {title: t, version: '1'}",
        "paths:",
        "  /a:",
        "    get:",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema:",
        f"                x-l0: &l0 {{type: {leaf_type}}}",
    ]
    for level in range(1, 5):
        members = ", ".join(f"p{i}: *l{level - 1}" for i in range(ALIAS_FAN_OUT))
        lines.append(
            f"                x-l{level}: &l{level} {{type: object, properties: {{{members}}}}}"
        )
    lines += ["                type: object", "                properties: {root: *l4}"]
    return "\n".join(lines) + "\n"


def alias_findings(folder: Path) -> None:
    """A 2 KB pair: a 4-level alias tree (104,976 leaves) changes one leaf's type."""
    (folder / "base.yaml").write_text(_alias_tree("string"))
    (folder / "revision.yaml").write_text(_alias_tree("integer"))


def _enum_operations(values: int) -> dict[str, Any]:
    parameter = {
        "name": "q",
        "in": "query",
        "schema": {"type": "integer", "enum": list(range(values))},
    }
    operation = {"parameters": [parameter], "responses": {"200": {"description": "ok"}}}
    return _document({}, {f"/r{i}/x": {"get": operation} for i in range(IGNORED_OPERATIONS)})


def many_ignores(folder: Path) -> None:
    """20,000 removed enum values over 2,000 operations, and 8,000 ignores by operation glob."""
    _write_json(folder / "base.json", _enum_operations(ENUM_VALUES_REMOVED + 1))
    _write_json(folder / "revision.json", _enum_operations(1))
    ignores = [
        {"rule": "request-parameter-enum-value-removed", "operation": f"GET /r{i}/*", "reason": "r"}
        for i in range(IGNORES)
    ]
    _write_json(folder / "oasgate.json", {"ignores": ignores})


def lifecycle_glob(folder: Path) -> None:
    """A lifecycle glob with 14 ``**`` against the 40-character path of a changed operation,
    which it does not match: a backtracking matcher takes exponential time."""
    glob = "/" + "**e" * GLOB_STARS + "**Z"
    path = "/" + "e" * 39
    for name, parameters in (
        ("base", []),
        (
            "revision",
            [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
        ),
    ):
        operation = {"parameters": parameters, "responses": {"200": {"description": "ok"}}}
        _write_json(folder / f"{name}.json", _document({}, {path: {"get": operation}}))
    _write_json(folder / "oasgate.json", {"lifecycle": {glob: "beta"}})


def _one_of_side(property_type: str) -> dict[str, Any]:
    variant = {"type": "object", "properties": {"v": {"type": property_type}}}
    schema = {"oneOf": [variant] * ONE_OF_VARIANTS}
    operation = {
        "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
        }
    }
    return _document({}, {"/a": {"get": operation}})


def one_of_variants(folder: Path) -> None:
    """1,000 identical ``oneOf`` variants whose property changes type."""
    _write_json(folder / "base.json", _one_of_side("string"))
    _write_json(folder / "revision.json", _one_of_side("integer"))


def _all_of_one_ofs_side(max_length: int) -> dict[str, Any]:
    lists = [
        {
            "oneOf": [
                {"type": "integer"},
                {
                    "type": "object",
                    "properties": {f"p{i}": {"type": "string", "maxLength": max_length}},
                },
            ]
        }
        for i in range(ALL_OF_ONE_OFS)
    ]
    content = {"application/json": {"schema": {"allOf": lists}}}
    operation = {"requestBody": {"content": content}, "responses": {"200": {"description": "ok"}}}
    return _document({}, {"/a": {"post": operation}})


def all_of_one_ofs(folder: Path) -> None:
    """An ``allOf`` of 2,000 ``oneOf`` lists, each compared with its counterpart: all of them
    share one variant (``{type: integer}``), which must not make the pairing quadratic."""
    _write_json(folder / "base.json", _all_of_one_ofs_side(5))
    _write_json(folder / "revision.json", _all_of_one_ofs_side(4))


def _absorbed_side(union: bool) -> dict[str, Any]:
    """Level d: an anyOf of 16 objects, each with one property ``p<i>`` of level d-1 (base),
    or one object with all 16 properties (revision); a request body of the top level."""
    schemas: dict[str, Any] = {"L0": {"type": "object", "properties": {"v": {"type": "string"}}}}
    for depth in range(1, ABSORBED_DEPTH + 1):
        inner = {"$ref": f"#/components/schemas/L{depth - 1}"}
        if union:
            variants = [
                {"type": "object", "properties": {f"p{i}": inner}, "required": [f"p{i}"]}
                for i in range(ABSORBED_WIDTH)
            ]
            schemas[f"L{depth}"] = {"anyOf": variants}
        else:
            properties = {f"p{i}": inner for i in range(ABSORBED_WIDTH)}
            schemas[f"L{depth}"] = {"type": "object", "properties": properties}
    top = {"$ref": f"#/components/schemas/L{ABSORBED_DEPTH}"}
    operation = {
        "requestBody": {"content": {"application/json": {"schema": top}}},
        "responses": {"200": {"description": "ok"}},
    }
    return _document(schemas, {"/a": {"post": operation}})


def absorbed_variants(folder: Path) -> None:
    """Unions of 16 objects nested 8 deep, each folded into one object that takes them all:
    each variant is tried against the object, and a try must not try the unions inside."""
    _write_json(folder / "base.json", _absorbed_side(True))
    _write_json(folder / "revision.json", _absorbed_side(False))


COST_SETUPS: dict[str, Callable[[Path], None]] = {
    "enum-object-member": enum_object_member,
    "enum-duplicate-objects": enum_duplicate_objects,
    "minified-json-findings": minified_json_findings,
    "alias-findings": alias_findings,
    "many-ignores": many_ignores,
    "lifecycle-glob": lifecycle_glob,
    "one-of-variants": one_of_variants,
    "all-of-one-ofs": all_of_one_ofs,
    "absorbed-variants": absorbed_variants,
}
