"""What the planters share: the dataclass of a planted change, and the walks that find
the spots of a document (operations, parameters, body schemas, the objects a body reaches,
what references point into, what responses or requests reach)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tests.metamorphic import Pointer, decode_pointer, refs

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


#: how many references and ``allOf`` members a body schema is followed through
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


def _json_schemas(pointer: Pointer, body: dict[str, Any]) -> Iterator[tuple[Pointer, Any]]:
    """The schema of each JSON media type of a request body or response: its pointer and
    its node (a reference, perhaps)."""
    content = body.get("content")
    for media, entry in content.items() if isinstance(content, dict) else ():
        if "json" in str(media) and isinstance(entry, dict) and "schema" in entry:
            yield (*pointer, "content", str(media), "schema"), entry["schema"]


def _response_schemas(tree: Any) -> Iterator[tuple[Pointer, Any]]:
    """The JSON body schema of each success response (a Swagger 2.0 response's own)."""
    for pointer, operation in _operations(tree):
        responses = operation.get("responses")
        for status, response in responses.items() if isinstance(responses, dict) else ():
            if not str(status).startswith("2") or str(status) in _BODYLESS:
                continue
            found = _resolve(tree, (*pointer, "responses", str(status)), response)
            if found is None or not isinstance(found[1], dict):
                continue
            if "schema" in found[1]:  # Swagger 2.0
                yield (*found[0], "schema"), found[1]["schema"]
            yield from _json_schemas(found[0], found[1])


def _request_schemas(tree: Any) -> Iterator[tuple[Pointer, Any]]:
    """The JSON body schema of each request (a Swagger 2.0 ``in: body`` parameter's)."""
    for pointer, operation in _operations(tree):
        for index, parameter in enumerate(operation.get("parameters") or ()):
            if isinstance(parameter, dict) and parameter.get("in") == "body":
                yield (*pointer, "parameters", str(index), "schema"), parameter.get("schema")
        found = _resolve(tree, (*pointer, "requestBody"), operation.get("requestBody"))
        if found is not None and isinstance(found[1], dict):
            yield from _json_schemas(found[0], found[1])


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


def _addressed(tree: Any) -> set[Pointer]:
    """Every pointer a reference names or passes through: removing one leaves it dangling."""
    targets = [decode_pointer(ref.partition("#")[2]) for _, ref in refs(tree) if "#" in ref]
    return {tuple(map(str, t[:n])) for t in targets for n in range(len(t) + 1)}


#: what a client receives: responses, and the requests of callbacks (the API sends them)
_TO_CLIENTS = frozenset({"responses", "callbacks"})


#: what a client sends
_FROM_CLIENTS = frozenset({"requestBody", "parameters"})


def _reached_from(tree: Any, markers: frozenset[str]) -> Callable[[Pointer], bool]:
    """Whether a schema may be part of what is written under one of ``markers``: a
    component any reference under one reaches (through any number of references,
    anywhere inside), or anything inside one."""
    reached: set[Pointer] = set()
    todo = [
        decode_pointer(ref.partition("#")[2])
        for pointer, ref in refs(tree)
        if "#" in ref and not markers.isdisjoint(map(str, pointer))
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
        return not markers.isdisjoint(here) or any(here[: len(r)] == r for r in reached)

    return part_of_one


def _in_responses(tree: Any) -> Callable[[Pointer], bool]:
    """Whether a schema may be part of what a client receives."""
    return _reached_from(tree, _TO_CLIENTS)
