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
  ``…-type-changed`` rule of that property.

:func:`judge` reads a report against a planted break: whether a finding of the expected
rule points into the changed spot (recall), and the errors that point elsewhere
(precision; ``api-version-not-bumped`` is about the whole document and is not counted).
``scripts/directory_sweep.py --planted`` runs every planter on every document of the
APIs.guru directory.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
            content = found[1].get("content")
            if not isinstance(content, dict):
                continue
            for media, entry in content.items():
                if "json" in str(media) and isinstance(entry, dict) and "schema" in entry:
                    start = (*found[0], "content", str(media), "schema")
                    yield list(_objects(tree, start, entry["schema"], _DEPTH))


def _objects(
    tree: Any, pointer: Pointer, node: Any, depth: int
) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    found = _resolve(tree, pointer, node)
    if found is None or depth == 0 or not isinstance(found[1], dict):
        return
    pointer, schema = found
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        yield pointer, schema
    members = schema.get("allOf")
    if isinstance(members, list):
        for index, member in enumerate(members):
            yield from _objects(tree, (*pointer, "allOf", str(index)), member, depth - 1)


def _pick(rng: random.Random, candidates: list[Any]) -> Any:
    return candidates[rng.randrange(len(candidates))] if candidates else None


def parameter_required(tree: Any, rng: random.Random) -> Planted | None:
    candidates = [
        (pointer, parameter)
        for pointer, parameter in _inline_parameters(tree)
        if parameter.get("in") in ("query", "header") and parameter.get("required") is not True
    ]
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    pointer, parameter = chosen
    revision = copy.deepcopy(tree)
    _get(revision, pointer)["required"] = True
    spot = encode_pointer(pointer)
    return Planted(
        "parameter-required",
        spot,
        "request-parameter-became-required",
        parameter["name"],
        revision,
    )


def enum_value_removed(tree: Any, rng: random.Random) -> Planted | None:
    candidates = []
    for pointer, parameter in _inline_parameters(tree):
        if parameter.get("in") not in ("query", "header", "path"):
            continue
        schema = parameter.get("schema", parameter)  # Swagger 2.0 writes the enum beside
        enum = schema.get("enum") if isinstance(schema, dict) else None
        if isinstance(enum, list) and len(enum) >= 2 and "$ref" not in schema:
            candidates.append((pointer, parameter, "schema" in parameter))
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    pointer, parameter, in_schema = chosen
    revision = copy.deepcopy(tree)
    written = _get(revision, pointer)
    target = written["schema"] if in_schema else written
    target["enum"] = target["enum"][:-1]
    return Planted(
        "enum-value-removed",
        encode_pointer(pointer),
        "request-parameter-enum-value-removed",
        parameter["name"],
        revision,
    )


def _addressed(tree: Any) -> set[Pointer]:
    """Every pointer a reference names or passes through: removing one leaves it dangling."""
    targets = [decode_pointer(ref.partition("#")[2]) for _, ref in refs(tree) if "#" in ref]
    return {tuple(map(str, t[:n])) for t in targets for n in range(len(t) + 1)}


def _response_properties(tree: Any) -> list[tuple[Pointer, str, Any]]:
    """Properties of response objects declared once in what their response reaches (a
    property two ``allOf`` members declare is not removed by removing one declaration),
    and that no reference points into."""
    addressed = _addressed(tree)
    seen: set[tuple[Pointer, str]] = set()
    found = []
    for objects in _response_objects(tree):
        declared: dict[str, int] = {}
        for _, schema in objects:
            for name in schema["properties"]:
                declared[name] = declared.get(name, 0) + 1
        for pointer, schema in objects:
            for name, value in schema["properties"].items():
                if (pointer, name) in seen or not isinstance(name, str) or declared[name] > 1:
                    continue
                if tuple(map(str, (*pointer, "properties", name))) in addressed:
                    continue
                seen.add((pointer, name))
                found.append((pointer, name, value))
    return found


def response_property_removed(tree: Any, rng: random.Random) -> Planted | None:
    candidates = [
        (pointer, name)
        for pointer, name, value in _response_properties(tree)
        if not (isinstance(value, dict) and value.get("writeOnly") is True)
    ]
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    pointer, name = chosen
    revision = copy.deepcopy(tree)
    schema = _get(revision, pointer)
    del schema["properties"][name]
    if isinstance(schema.get("required"), list) and name in schema["required"]:
        schema["required"] = [n for n in schema["required"] if n != name]
    return Planted("response-property-removed", encode_pointer(pointer), "-removed", name, revision)


def response_type_changed(tree: Any, rng: random.Random) -> Planted | None:
    plain = {"type", "description", "example", "examples", "title", "nullable", "readOnly"}
    candidates = [
        (pointer, name)
        for pointer, name, value in _response_properties(tree)
        if isinstance(value, dict) and value.get("type") == "string" and set(value) <= plain
    ]
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    pointer, name = chosen
    revision = copy.deepcopy(tree)
    _get(revision, pointer)["properties"][name]["type"] = "integer"
    return Planted(
        "response-type-changed",
        encode_pointer((*pointer, "properties", name)),
        "-type-changed",
        name,
        revision,
    )


PLANTERS = {
    "parameter-required": parameter_required,
    "enum-value-removed": enum_value_removed,
    "response-property-removed": response_property_removed,
    "response-type-changed": response_type_changed,
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
        if here and matches and planted.name in finding.message:
            found = True
        elif not here and finding.severity.value == "error" and rule != "api-version-not-bumped":
            elsewhere.append(f"{rule}: {finding.message}")
    return Verdict(found, tuple(elsewhere))
