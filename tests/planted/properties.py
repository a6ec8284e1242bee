"""Planters of parameter and property changes: a parameter made required or optional, an
enum value removed or added, a property of a request or response object removed, retyped,
made required or optional, or added."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from tests.metamorphic import Pointer, encode_pointer
from tests.planted.common import (
    _DEPTH,
    Planted,
    _addressed,
    _get,
    _in_responses,
    _inline_parameters,
    _objects,
    _pick,
    _request_schemas,
    _resolve,
    _response_schemas,
)


def _response_objects(tree: Any) -> Iterator[list[tuple[Pointer, dict[str, Any]]]]:
    """For each 2xx JSON response's schema, the object schemas with properties it reaches
    (itself, and through references and ``allOf`` members)."""
    for start, schema in _response_schemas(tree):
        yield list(_objects(tree, start, schema, _DEPTH))


def _request_objects(tree: Any) -> Iterator[list[tuple[Pointer, dict[str, Any]]]]:
    """For each JSON request body's schema (a Swagger 2.0 ``in: body`` parameter's too),
    the object schemas with properties it reaches."""
    for start, schema in _request_schemas(tree):
        yield list(_objects(tree, start, schema, _DEPTH))


def _plant_parameter(
    tree: Any,
    rng: random.Random,
    kind: str,
    rule: str,
    candidates: list[tuple[Pointer, dict[str, Any]]],
    change: Callable[[dict[str, Any]], None],
    compatible: bool = False,
) -> Planted | None:
    """One of the parameters, changed in a copy of the tree by ``change(parameter)``."""
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    pointer, parameter = chosen
    revision = copy.deepcopy(tree)
    change(_get(revision, pointer))
    return Planted(kind, encode_pointer(pointer), rule, parameter["name"], revision, compatible)


def _enum_holder(parameter: dict[str, Any]) -> dict[str, Any]:
    """Where a parameter's enum is: its schema (3.x), or itself (Swagger 2.0)."""
    schema = parameter.get("schema", parameter)
    return schema if isinstance(schema, dict) else {}


def _with_enum(tree: Any, least: int) -> list[tuple[Pointer, dict[str, Any]]]:
    addressed = _addressed(tree)  # a response that refers to a parameter's schema
    return [
        (pointer, parameter)
        for pointer, parameter in _inline_parameters(tree)
        if parameter.get("in") in ("query", "header", "path")
        and tuple(map(str, (*pointer, "schema"))) not in addressed
        and "$ref" not in _enum_holder(parameter)
        and isinstance(enum := _enum_holder(parameter).get("enum"), list)
        and len(enum) >= least
        and all(isinstance(value, str) for value in enum)
    ]


def _set_required(value: bool) -> Callable[[dict[str, Any]], None]:
    def change(parameter: dict[str, Any]) -> None:
        parameter["required"] = value

    return change


def _drop_last_value(parameter: dict[str, Any]) -> None:
    holder = _enum_holder(parameter)
    holder["enum"] = holder["enum"][:-1]


def _add_value(parameter: dict[str, Any]) -> None:
    holder = _enum_holder(parameter)
    holder["enum"] = [*holder["enum"], "zz-planted"]


def parameter_required(tree: Any, rng: random.Random) -> Planted | None:
    candidates = [
        (pointer, parameter)
        for pointer, parameter in _inline_parameters(tree)
        if parameter.get("in") in ("query", "header") and parameter.get("required") is not True
    ]
    return _plant_parameter(
        tree,
        rng,
        "parameter-required",
        "request-parameter-became-required",
        candidates,
        _set_required(True),
    )


def parameter_optional(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a required query or header parameter becomes optional."""
    candidates = [
        (pointer, parameter)
        for pointer, parameter in _inline_parameters(tree)
        if parameter.get("in") in ("query", "header") and parameter.get("required") is True
    ]
    return _plant_parameter(
        tree,
        rng,
        "parameter-optional",
        "request-parameter-became-optional",
        candidates,
        _set_required(False),
        compatible=True,
    )


def enum_value_removed(tree: Any, rng: random.Random) -> Planted | None:
    return _plant_parameter(
        tree,
        rng,
        "enum-value-removed",
        "request-parameter-enum-value-removed",
        _with_enum(tree, 2),
        _drop_last_value,
    )


def enum_value_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a parameter's enum takes one value more."""
    return _plant_parameter(
        tree,
        rng,
        "enum-value-added",
        "request-parameter-enum-value-added",
        _with_enum(tree, 1),
        _add_value,
        compatible=True,
    )


class _Property(NamedTuple):
    pointer: Pointer  # of the object schema declaring it
    name: str
    schema: Any  # as written
    resolved: Any  # through a reference
    #: how many objects of its group list it in ``required``
    listed: int

    def flag(self, key: str) -> bool:
        """``readOnly``/``writeOnly`` said here or by the schema referred to."""
        return any(isinstance(s, dict) and s.get(key) is True for s in (self.schema, self.resolved))


def _properties(
    tree: Any, groups: Iterator[list[tuple[Pointer, dict[str, Any]]]]
) -> list[_Property]:
    """Properties of the objects of each group (what one body reaches) declared once in
    the group (a property two ``allOf`` members declare is not removed by removing one
    declaration), and that no reference points into."""
    addressed = _addressed(tree)
    seen: set[tuple[Pointer, str]] = set()
    found: list[_Property] = []
    for objects in groups:
        declared: dict[str, int] = {}
        listed: dict[str, int] = {}
        for _, schema in objects:
            for name in schema.get("properties") or ():
                declared[name] = declared.get(name, 0) + 1
            names = schema.get("required")
            for name in names if isinstance(names, list) else ():
                listed[name] = listed.get(name, 0) + 1
        for pointer, schema in objects:
            for name, value in (schema.get("properties") or {}).items():
                if (pointer, name) in seen or not isinstance(name, str) or declared[name] > 1:
                    continue
                if tuple(map(str, (*pointer, "properties", name))) in addressed:
                    continue
                seen.add((pointer, name))
                here = (*pointer, "properties", name)
                resolved = (_resolve(tree, here, value) or (here, None))[1]
                found.append(_Property(pointer, name, value, resolved, listed.get(name, 0)))
    return found


def _plant(
    tree: Any,
    rng: random.Random,
    kind: str,
    rule: str,
    candidates: list[_Property],
    change: Callable[[dict[str, Any], str], None],
    *,
    at_property: bool = False,
    compatible: bool = False,
    name: str | None = None,
) -> Planted | None:
    """One of the candidates, changed in a copy of the tree by ``change(object, name)``
    (``name``: a property to add instead of the candidate's)."""
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    revision = copy.deepcopy(tree)
    changed = name or chosen.name
    change(_get(revision, chosen.pointer), changed)
    spot = (*chosen.pointer, "properties", changed) if at_property else chosen.pointer
    return Planted(kind, encode_pointer(spot), rule, changed, revision, compatible)


def _require(schema: dict[str, Any], name: str) -> None:
    schema["required"] = [*(schema.get("required") or []), name]


def _unrequire(schema: dict[str, Any], name: str) -> None:
    if isinstance(schema.get("required"), list):
        schema["required"] = [n for n in schema["required"] if n != name]


def _remove(schema: dict[str, Any], name: str) -> None:
    del schema["properties"][name]
    _unrequire(schema, name)


def _add(schema: dict[str, Any], name: str) -> None:
    schema.setdefault("properties", {})[name] = {"type": "string"}


def _to_integer(schema: dict[str, Any], name: str) -> None:
    schema["properties"][name]["type"] = "integer"


#: what a plain string property may say beside its type
_PLAIN_STRING = {"type", "description", "example", "examples", "title", "nullable", "readOnly"}


def request_property_required(tree: Any, rng: random.Random) -> Planted | None:
    """An optional property of a request body becomes required."""
    candidates = [
        p
        for p in _properties(tree, _request_objects(tree))
        if p.listed == 0 and not p.flag("readOnly")
    ]
    return _plant(
        tree,
        rng,
        "request-property-required",
        "request-property-became-required",
        candidates,
        _require,
    )


def response_property_optional(tree: Any, rng: random.Random) -> Planted | None:
    """A property a response always held (required) becomes optional."""
    candidates = [
        p
        for p in _properties(tree, _response_objects(tree))
        if p.listed == 1
        and p.name in (_get(tree, p.pointer).get("required") or ())
        and not p.flag("writeOnly")
    ]
    return _plant(
        tree,
        rng,
        "response-property-optional",
        "response-property-became-optional",
        candidates,
        _unrequire,
    )


def request_property_optional(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a property a request body had to hold becomes optional."""
    in_responses = _in_responses(tree)
    candidates = [
        p
        for p in _properties(tree, _request_objects(tree))
        if p.listed == 1
        and p.name in (_get(tree, p.pointer).get("required") or ())
        and not p.flag("readOnly")
        and not in_responses(p.pointer)  # optional in a response is a break
    ]
    return _plant(
        tree,
        rng,
        "request-property-optional",
        "request-property-became-optional",
        candidates,
        _unrequire,
        compatible=True,
    )


def request_property_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a request body object takes a new optional property."""
    return _plant(
        tree,
        rng,
        "request-property-added",
        "request-property-optional-added",
        _properties(tree, _request_objects(tree)),
        _add,
        compatible=True,
        name="zz_planted",
    )


def response_property_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a response object holds a new property."""
    return _plant(
        tree,
        rng,
        "response-property-added",
        "response-property-added",
        _properties(tree, _response_objects(tree)),
        _add,
        compatible=True,
        name="zz_planted",
    )


def response_property_removed(tree: Any, rng: random.Random) -> Planted | None:
    candidates = [p for p in _properties(tree, _response_objects(tree)) if not p.flag("writeOnly")]
    return _plant(tree, rng, "response-property-removed", "-removed", candidates, _remove)


def response_type_changed(tree: Any, rng: random.Random) -> Planted | None:
    candidates = [
        p
        for p in _properties(tree, _response_objects(tree))
        if isinstance(p.schema, dict)
        and p.schema.get("type") == "string"
        and set(p.schema) <= _PLAIN_STRING
    ]
    return _plant(
        tree,
        rng,
        "response-type-changed",
        "-type-changed",
        candidates,
        _to_integer,
        at_property=True,
    )
