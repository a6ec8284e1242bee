"""Planting one known break into a real document, and what the report must then say.

The metamorphic rewrites (:mod:`tests.metamorphic`) ask "a change of spelling: no finding?";
these ask the other half of a gate's promise, "a real break: found, where it is, and
nothing else?". Each planter picks one spot of a document at random (the spots a
breaking pull request touches every day), changes it, and says where and what must be
reported:

- ``parameter-required``: an optional query or header parameter written in an operation
  becomes required — ``request-parameter-became-required``;
- ``enum-value-removed``: a query, header or path parameter's enum loses a value —
  ``request-parameter-enum-value-removed``;
- ``response-property-removed``: a property of an object schema reached from a 2xx JSON
  response (through references and ``allOf`` members) is removed — a ``…-removed`` rule
  of that property;
- ``response-type-changed``: such a property, a plain string, becomes an integer — a
  ``…-type-changed`` rule of that property;
- ``request-property-required``: an optional property of an object reached from a JSON
  request body becomes required — ``request-property-became-required``;
- ``response-property-optional``: a required property of a response object becomes
  optional — ``response-property-became-optional``.

:func:`judge` reads a report against a planted break: whether a finding of the expected
rule points into the changed spot (recall), and the errors that point elsewhere
(precision; ``api-version-not-bumped`` is about the whole document and is not counted).
``scripts/directory_sweep.py --planted`` runs every planter on every document of the
APIs.guru directory.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from tests.metamorphic import Pointer, decode_pointer, encode_pointer, refs

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: how many references and ``allOf`` members a response schema is followed through
_DEPTH = 4


@dataclass(frozen=True)
class Planted:
    kind: str
    #: the JSON pointer of the node changed: findings about it point at or below it
    spot: str
    #: what must be reported there: a rule id, or a suffix of one (``-removed``)
    rule: str
    #: the name the finding's message must hold (the parameter's or property's)
    name: str
    revision: Any
    #: a change no client can feel: no error or warning may be reported at all
    compatible: bool = False


def _get(tree: Any, pointer: Pointer) -> Any:
    for token in pointer:
        tree = tree[int(token) if isinstance(tree, list) else token]
    return tree


def _operations(tree: Any) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    paths = tree.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict) and not operation.get("deprecated"):
                yield ("paths", path, method), operation


#: headers OpenAPI says a parameter definition of is ignored (the media types and the
#: security schemes say them)
_IGNORED_HEADERS = {"accept", "content-type", "authorization"}
#: responses HTTP sends without a body: their content is not compared (docs/rules.md)
_BODYLESS = {"204", "205", "304"}


def _inline_parameters(tree: Any) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    for pointer, operation in _operations(tree):
        parameters = operation.get("parameters")
        if not isinstance(parameters, list):
            continue
        for index, parameter in enumerate(parameters):
            if (
                isinstance(parameter, dict)
                and "$ref" not in parameter
                and isinstance(parameter.get("name"), str)
                and not parameter.get("deprecated")
                and not (
                    parameter.get("in") == "header"
                    and parameter["name"].lower() in _IGNORED_HEADERS
                )
            ):
                yield (*pointer, "parameters", str(index)), parameter


def _resolve(tree: Any, pointer: Pointer, node: Any) -> tuple[Pointer, Any] | None:
    """A local ``$ref`` followed (once): the pointer and node it names."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    if ref is None:
        return pointer, node
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    target = decode_pointer(ref[1:])
    try:
        return target, _get(tree, target)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


def _response_objects(tree: Any) -> Iterator[list[tuple[Pointer, dict[str, Any]]]]:
    """For each 2xx JSON response's schema, the object schemas with properties it reaches
    (itself, and through references and ``allOf`` members)."""
    for pointer, operation in _operations(tree):
        responses = operation.get("responses")
        if not isinstance(responses, dict):
            continue
        for status, response in responses.items():
            if not str(status).startswith("2") or str(status) in _BODYLESS:
                continue
            found = _resolve(tree, (*pointer, "responses", str(status)), response)
            if found is None or not isinstance(found[1], dict):
                continue
            if "schema" in found[1]:  # Swagger 2.0
                start = (*found[0], "schema")
                yield list(_objects(tree, start, found[1]["schema"], _DEPTH))
            yield from _json_bodies(tree, found[0], found[1])


def _json_bodies(
    tree: Any, pointer: Pointer, body: dict[str, Any]
) -> Iterator[list[tuple[Pointer, dict[str, Any]]]]:
    """The objects each JSON media type of a request body or response reaches."""
    content = body.get("content")
    for media, entry in content.items() if isinstance(content, dict) else ():
        if "json" in str(media) and isinstance(entry, dict) and "schema" in entry:
            start = (*pointer, "content", str(media), "schema")
            yield list(_objects(tree, start, entry["schema"], _DEPTH))


def _request_objects(tree: Any) -> Iterator[list[tuple[Pointer, dict[str, Any]]]]:
    """For each JSON request body's schema (a Swagger 2.0 ``in: body`` parameter's too),
    the object schemas with properties it reaches."""
    for pointer, operation in _operations(tree):
        for index, parameter in enumerate(operation.get("parameters") or ()):
            if isinstance(parameter, dict) and parameter.get("in") == "body":
                start = (*pointer, "parameters", str(index), "schema")
                yield list(_objects(tree, start, parameter.get("schema"), _DEPTH))
        found = _resolve(tree, (*pointer, "requestBody"), operation.get("requestBody"))
        if found is not None and isinstance(found[1], dict):
            yield from _json_bodies(tree, found[0], found[1])


def _objects(
    tree: Any, pointer: Pointer, node: Any, depth: int
) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    found = _resolve(tree, pointer, node)
    if found is None or depth == 0 or not isinstance(found[1], dict):
        return
    pointer, schema = found
    if (isinstance(schema.get("properties"), dict) and schema["properties"]) or isinstance(
        schema.get("required"), list
    ):  # a schema that only lists names (Azure's Account) still requires them
        yield pointer, schema
    members = schema.get("allOf")
    if isinstance(members, list):
        for index, member in enumerate(members):
            yield from _objects(tree, (*pointer, "allOf", str(index)), member, depth - 1)


def _pick(rng: random.Random, candidates: list[Any]) -> Any:
    return candidates[rng.randrange(len(candidates))] if candidates else None


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


def _addressed(tree: Any) -> set[Pointer]:
    """Every pointer a reference names or passes through: removing one leaves it dangling."""
    targets = [decode_pointer(ref.partition("#")[2]) for _, ref in refs(tree) if "#" in ref]
    return {tuple(map(str, t[:n])) for t in targets for n in range(len(t) + 1)}


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


#: what a client receives: responses, and the requests of callbacks (the API sends them)
_TO_CLIENTS = frozenset({"responses", "callbacks"})


def _in_responses(tree: Any) -> Callable[[Pointer], bool]:
    """Whether a schema may be part of what a client receives: a component any response or
    callback reaches (through any number of references, anywhere inside), or anything
    inside one."""
    reached: set[Pointer] = set()
    todo = [
        decode_pointer(ref.partition("#")[2])
        for pointer, ref in refs(tree)
        if "#" in ref and not _TO_CLIENTS.isdisjoint(map(str, pointer))
    ]
    while todo:
        target = tuple(map(str, todo.pop()))
        if target in reached:
            continue
        reached.add(target)
        try:
            inside = _get(tree, target)
        except (KeyError, IndexError, ValueError, TypeError):
            continue
        todo += [decode_pointer(ref.partition("#")[2]) for _, ref in refs(inside) if "#" in ref]

    def part_of_one(pointer: Pointer) -> bool:
        here = tuple(map(str, pointer))
        return not _TO_CLIENTS.isdisjoint(here) or any(here[: len(r)] == r for r in reached)

    return part_of_one


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


PLANTERS = {
    "parameter-required": parameter_required,
    "enum-value-removed": enum_value_removed,
    "response-property-removed": response_property_removed,
    "response-type-changed": response_type_changed,
    "request-property-required": request_property_required,
    "response-property-optional": response_property_optional,
    # compatible: found, and no error or warning anywhere
    "parameter-optional": parameter_optional,
    "enum-value-added": enum_value_added,
    "request-property-optional": request_property_optional,
    "request-property-added": request_property_added,
    "response-property-added": response_property_added,
}


@dataclass(frozen=True)
class Verdict:
    found: bool
    #: error findings about anything but the planted spot: "rule: message"
    elsewhere: tuple[str, ...]


def _at(spot: str, pointer: str | None) -> bool:
    return pointer is not None and (pointer == spot or pointer.startswith(spot + "/"))


def judge(planted: Planted, findings: Any) -> Verdict:
    """Whether the report found the planted break where it is, and what else it said."""
    found = False
    elsewhere = []
    for finding in findings:
        pointers = [place.pointer for place in (finding.base, finding.revision) if place]
        here = any(_at(planted.spot, pointer) for pointer in pointers)
        rule = finding.rule
        # a property removed while deprecated is "…-removed-before-sunset"
        matches = rule == planted.rule or (planted.rule.startswith("-") and planted.rule in rule)
        severity = finding.severity.value
        if planted.compatible:  # nothing may fail or warn
            noisy = severity in ("error", "warning")
        else:  # no error about anything else
            noisy = not here and severity == "error" and rule != "api-version-not-bumped"
        if here and matches and planted.name in finding.message:
            found = True
        elif noisy:
            elsewhere.append(f"{rule}: {finding.message}")
    return Verdict(found, tuple(elsewhere))
