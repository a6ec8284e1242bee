"""Planters of changes to what an API offers around its schemas: paths and operations
removed or added, a parameter added, a success status removed or an error status added,
a response media type removed or added, a way to authenticate removed or added, a
request or response union's variant removed or added."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from tests.metamorphic import Pointer, encode_pointer
from tests.planted.common import (
    _BODYLESS,
    _DEPTH,
    _FROM_CLIENTS,
    METHODS,
    Planted,
    _addressed,
    _get,
    _in_responses,
    _operations,
    _pick,
    _reached_from,
    _request_schemas,
    _resolve,
    _response_schemas,
)


class _Spot(NamedTuple):
    #: what the change is made to
    pointer: Pointer
    #: where the findings about it point (at or below)
    spot: Pointer
    #: the name the finding's message must hold
    name: str


def _plant_spot(
    tree: Any,
    rng: random.Random,
    kind: str,
    rule: str,
    candidates: list[_Spot],
    change: Callable[[Any, _Spot], None],
    compatible: bool = False,
) -> Planted | None:
    """One of the spots, changed in a copy of the tree by ``change(revision, spot)``."""
    chosen = _pick(rng, candidates)
    if chosen is None:
        return None
    revision = copy.deepcopy(tree)
    change(revision, chosen)
    return Planted(kind, encode_pointer(chosen.spot), rule, chosen.name, revision, compatible)


def _delete(revision: Any, spot: _Spot) -> None:
    del _get(revision, spot.pointer[:-1])[spot.pointer[-1]]


def _path_items(tree: Any) -> list[tuple[str, dict[str, Any]]]:
    paths = tree.get("paths")
    if not isinstance(paths, dict):
        return []
    return [
        (path, item)
        for path, item in paths.items()
        if isinstance(item, dict) and "$ref" not in item and isinstance(path, str)
    ]


def path_removed(tree: Any, rng: random.Random) -> Planted | None:
    """A path and its operations (none deprecated) removed."""
    addressed = _addressed(tree)
    items = _path_items(tree)
    candidates = [
        _Spot(("paths", path), ("paths", path), path)
        for path, item in items
        if len(items) > 1
        and ("paths", path) not in addressed
        and any(isinstance(item.get(m), dict) for m in METHODS)
        and not any(isinstance(item.get(m), dict) and item[m].get("deprecated") for m in METHODS)
    ]
    return _plant_spot(tree, rng, "path-removed", "path-removed", candidates, _delete)


def operation_removed(tree: Any, rng: random.Random) -> Planted | None:
    """One of the operations of a path that has several."""
    addressed = _addressed(tree)
    candidates = [
        _Spot(pointer, pointer, pointer[1])
        for pointer, _ in _operations(tree)
        if pointer not in addressed
        and sum(isinstance(_get(tree, pointer[:2]).get(m), dict) for m in METHODS) > 1
    ]
    return _plant_spot(tree, rng, "operation-removed", "operation-removed", candidates, _delete)


def _new_parameter(tree: Any, required: bool) -> dict[str, Any]:
    if "swagger" in tree:
        return {"name": "zz_planted", "in": "query", "type": "string", "required": required}
    return {"name": "zz_planted", "in": "query", "required": required, "schema": {"type": "string"}}


def _parameter_added(tree: Any, rng: random.Random, required: bool) -> Planted | None:
    addressed = _addressed(tree)
    candidates = [
        _Spot(pointer, pointer, "zz_planted")
        for pointer, operation in _operations(tree)
        if pointer not in addressed and isinstance(operation.get("parameters", []), list)
    ]
    parameter = _new_parameter(tree, required)

    def add(revision: Any, spot: _Spot) -> None:
        operation = _get(revision, spot.pointer)
        operation["parameters"] = [*operation.get("parameters", []), parameter]

    rule = "request-parameter-required-added" if required else "request-parameter-optional-added"
    kind = "required-parameter-added" if required else "optional-parameter-added"
    return _plant_spot(tree, rng, kind, rule, candidates, add, compatible=not required)


def required_parameter_added(tree: Any, rng: random.Random) -> Planted | None:
    return _parameter_added(tree, rng, required=True)


def optional_parameter_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: an operation takes a new optional query parameter."""
    return _parameter_added(tree, rng, required=False)


def _responses(tree: Any) -> Iterator[tuple[Pointer, str, dict[str, Any]]]:
    """Each response written in an operation (not a reference, nothing refers into it):
    its pointer, status and object."""
    addressed = _addressed(tree)
    for pointer, operation in _operations(tree):
        responses = operation.get("responses")
        for status, response in responses.items() if isinstance(responses, dict) else ():
            here = (*pointer, "responses", str(status))
            if isinstance(response, dict) and "$ref" not in response and here not in addressed:
                yield here, str(status), response


def _concrete_media(content: Any) -> list[str]:
    """The media types of a content map, when none of them is a wildcard."""
    if not isinstance(content, dict) or any("*" in str(media) for media in content):
        return []
    return [str(media) for media in content]


def response_media_type_removed(tree: Any, rng: random.Random) -> Planted | None:
    """A success response no longer offers one of its media types."""
    candidates = [
        _Spot((*pointer, "content", media), (*pointer, "content", media), media)
        for pointer, status, response in _responses(tree)
        if status.startswith("2")
        and status not in _BODYLESS
        and len(media_types := _concrete_media(response.get("content"))) > 1
        for media in media_types[-1:]
    ]
    return _plant_spot(
        tree, rng, "response-media-type-removed", "response-media-type-removed", candidates, _delete
    )


def response_media_type_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a success response offers a new media type."""
    media = "application/x-planted+json"
    candidates = [
        _Spot(pointer, (*pointer, "content", media), media)
        for pointer, status, response in _responses(tree)
        if status.startswith("2")
        and status not in _BODYLESS
        and _concrete_media(response.get("content"))
    ]

    def add(revision: Any, spot: _Spot) -> None:
        _get(revision, spot.pointer)["content"][media] = {"schema": {"type": "string"}}

    return _plant_spot(
        tree,
        rng,
        "response-media-type-added",
        "response-media-type-added",
        candidates,
        add,
        compatible=True,
    )


def success_status_removed(tree: Any, rng: random.Random) -> Planted | None:
    """A success status is no longer documented, on an operation with no ``default`` or
    ``2XX`` response that would stand for it (that is a generalisation)."""
    by_operation: dict[Pointer, list[tuple[Pointer, str]]] = {}
    for pointer, status, _ in _responses(tree):
        by_operation.setdefault(pointer[:-2], []).append((pointer, status))
    candidates = []
    for operation, statuses in by_operation.items():
        success = [(p, s) for p, s in statuses if s.isdigit() and s.startswith("2")]
        codes = {str(code).upper() for code in _get(tree, operation)["responses"]}
        if len(codes) > 1 and not {"DEFAULT", "2XX"} & codes:
            candidates += [_Spot(pointer, pointer, status) for pointer, status in success[-1:]]
    return _plant_spot(
        tree,
        rng,
        "success-status-removed",
        "response-success-status-removed",
        candidates,
        _delete,
    )


def error_status_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: an operation documents a new error status."""
    addressed = _addressed(tree)
    candidates = [
        _Spot(pointer, (*pointer, "responses", "418"), "418")
        for pointer, operation in _operations(tree)
        if pointer not in addressed
        and isinstance(responses := operation.get("responses"), dict)
        # with a ``default`` (or ``4XX``), a 418 was documented already: by that one
        and not {"418", "4XX", "4xx", "default"} & set(map(str, responses))
    ]

    def add(revision: Any, spot: _Spot) -> None:
        _get(revision, spot.pointer)["responses"]["418"] = {"description": "planted"}

    return _plant_spot(
        tree,
        rng,
        "error-status-added",
        "response-non-success-status-added",
        candidates,
        add,
        compatible=True,
    )


def _success_responses(tree: Any) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    for pointer, status, response in _responses(tree):
        if status.startswith("2"):
            yield pointer, response


def response_header_removed(tree: Any, rng: random.Random) -> Planted | None:
    """A success response no longer declares one of its headers."""
    candidates = [
        # the finding points at the response on the revision's side (and, for a header
        # written as a reference, at the component on the base's)
        _Spot((*pointer, "headers", name), pointer, name)
        for pointer, response in _success_responses(tree)
        if isinstance(headers := response.get("headers"), dict)
        for name in list(headers)[-1:]
        if str(name).lower() != "content-type"  # a response header OpenAPI ignores
    ]
    return _plant_spot(
        tree, rng, "response-header-removed", "response-header-removed", candidates, _delete
    )


def response_header_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a success response declares a new header."""
    name = "X-Planted"
    candidates = [
        _Spot(pointer, (*pointer, "headers", name), name)
        for pointer, response in _success_responses(tree)
        if response.get("headers") is None or isinstance(response.get("headers"), dict)
    ]
    header = {"type": "string"} if "swagger" in tree else {"schema": {"type": "string"}}

    def add(revision: Any, spot: _Spot) -> None:
        _get(revision, spot.pointer).setdefault("headers", {})[name] = copy.deepcopy(header)

    return _plant_spot(
        tree,
        rng,
        "response-header-added",
        "response-header-added",
        candidates,
        add,
        compatible=True,
    )


def _request_bodies(tree: Any, required: bool) -> list[_Spot]:
    """Each request body written in an operation (3.x), required or not as asked."""
    addressed = _addressed(tree)
    return [
        _Spot((*pointer, "requestBody"), (*pointer, "requestBody"), "")
        for pointer, operation in _operations(tree)
        if isinstance(body := operation.get("requestBody"), dict)
        and "$ref" not in body
        and (*pointer, "requestBody") not in addressed
        and (body.get("required") is True) == required
    ]


def _set_body_required(value: bool) -> Callable[[Any, _Spot], None]:
    def change(revision: Any, spot: _Spot) -> None:
        _get(revision, spot.pointer)["required"] = value

    return change


def request_body_required(tree: Any, rng: random.Random) -> Planted | None:
    """An optional request body becomes required."""
    return _plant_spot(
        tree,
        rng,
        "request-body-required",
        "request-body-became-required",
        _request_bodies(tree, required=False),
        _set_body_required(True),
    )


def request_body_optional(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a required request body becomes optional."""
    return _plant_spot(
        tree,
        rng,
        "request-body-optional",
        "request-body-became-optional",
        _request_bodies(tree, required=True),
        _set_body_required(False),
        compatible=True,
    )


def _security_lists(tree: Any) -> Iterator[tuple[Pointer, list[dict[str, Any]]]]:
    """Each operation's own ``security``, when it lists alternatives that name schemes."""
    addressed = _addressed(tree)
    for pointer, operation in _operations(tree):
        security = operation.get("security")
        if (
            (*pointer, "security") not in addressed
            and isinstance(security, list)
            and security
            and all(isinstance(r, dict) and r for r in security)
        ):
            yield pointer, security


def security_requirement_removed(tree: Any, rng: random.Random) -> Planted | None:
    """An operation no longer accepts one of its ways to authenticate (one no other way it
    keeps asks less of)."""
    candidates = [
        _Spot((*pointer, "security", str(index)), (*pointer, "security"), next(iter(removed)))
        for pointer, security in _security_lists(tree)
        if len(security) > 1
        for index, removed in enumerate(security)
        if not any(set(kept) <= set(removed) for kept in security if kept is not removed)
    ]

    def remove(revision: Any, spot: _Spot) -> None:
        del _get(revision, spot.pointer[:-1])[int(spot.pointer[-1])]

    return _plant_spot(
        tree,
        rng,
        "security-requirement-removed",
        "security-requirement-removed",
        candidates,
        remove,
    )


def security_requirement_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: an operation accepts one more of the document's schemes on its own."""
    holder = tree.get("components", {}) if "swagger" not in tree else tree
    schemes = holder.get("securitySchemes" if "swagger" not in tree else "securityDefinitions")
    names = sorted(schemes) if isinstance(schemes, dict) else []
    candidates = [
        _Spot((*pointer, "security"), (*pointer, "security"), name)
        for pointer, security in _security_lists(tree)
        for name in names[:1] + names[-1:]
        if {name} not in [set(requirement) for requirement in security]
    ]

    def add(revision: Any, spot: _Spot) -> None:
        security = _get(revision, spot.pointer)
        security.append({spot.name: []})

    return _plant_spot(
        tree,
        rng,
        "security-requirement-added",
        "security-requirement-added",
        candidates,
        add,
        compatible=True,
    )


def _unions(tree: Any, pointer: Pointer, node: Any, depth: int) -> Iterator[tuple[Pointer, str]]:
    """The ``oneOf``/``anyOf`` lists of two or more variants a body schema reaches
    (through references, ``allOf`` members, properties and items): pointer and keyword."""
    found = _resolve(tree, pointer, node)
    if found is None or depth == 0 or not isinstance(found[1], dict):
        return
    pointer, schema = found
    for keyword in ("oneOf", "anyOf"):
        variants = schema.get(keyword)
        if isinstance(variants, list) and len(variants) > 1:
            yield pointer, keyword
    for keyword in ("allOf", "oneOf", "anyOf"):
        for index, member in enumerate(schema.get(keyword) or ()):
            yield from _unions(tree, (*pointer, keyword, str(index)), member, depth - 1)
    for name, value in (schema.get("properties") or {}).items():
        yield from _unions(tree, (*pointer, "properties", str(name)), value, depth - 1)
    if isinstance(schema.get("items"), dict):
        yield from _unions(tree, (*pointer, "items"), schema["items"], depth - 1)


def _unions_reached(
    tree: Any, schemas: Iterator[tuple[Pointer, Any]], elsewhere: Callable[[Pointer], bool]
) -> list[tuple[Pointer, str]]:
    """The unions the body schemas reach that the other side of the wire (``elsewhere``)
    does not and no reference points into: changing one changes only itself."""
    addressed = _addressed(tree)
    found: dict[tuple[Pointer, str], None] = {}
    for start, schema in schemas:
        for union in _unions(tree, start, schema, _DEPTH + 2):
            if not elsewhere(union[0]) and (*union[0], union[1]) not in addressed:
                found[union] = None
    return list(found)


def _request_unions(tree: Any) -> list[tuple[Pointer, str]]:
    return _unions_reached(tree, _request_schemas(tree), _in_responses(tree))


def _response_unions(tree: Any) -> list[tuple[Pointer, str]]:
    return _unions_reached(tree, _response_schemas(tree), _reached_from(tree, _FROM_CLIENTS))


def _variant_name(tree: Any, variant: Any) -> str:
    """What a finding calls a variant by, when it has a name: its component's (not when
    that is a union itself, whose variants are the union's; Swagger 2.0's definitions are
    not named here)."""
    found = _resolve(tree, (), variant)
    if found is None or found[1] is variant or not isinstance(found[1], dict):
        return ""
    if len(found[0]) != 3 or found[0][:2] != ("components", "schemas"):
        return ""  # a reference elsewhere (into a path) names no component
    if {"oneOf", "anyOf"} & found[1].keys():
        return ""
    return str(found[0][-1])


def _drop_last_variant(revision: Any, spot: _Spot) -> None:
    union = _get(revision, spot.pointer[:-1])
    union[spot.pointer[-1]] = union[spot.pointer[-1]][:-1]


def _last_variants(tree: Any, unions: list[tuple[Pointer, str]]) -> list[_Spot]:
    """Each union's last variant, named as a finding names it."""
    return [
        _Spot((*pointer, keyword), pointer, _variant_name(tree, last))
        for pointer, keyword in unions
        for last in _get(tree, (*pointer, keyword))[-1:]
    ]


def request_variant_removed(tree: Any, rng: random.Random) -> Planted | None:
    """A request body schema's ``oneOf``/``anyOf`` no longer takes its last variant."""
    candidates = _last_variants(tree, _request_unions(tree))
    return _plant_spot(
        tree, rng, "request-variant-removed", "-of-variant-removed", candidates, _drop_last_variant
    )


#: a variant no value of a union of objects that do not require ``zz_planted`` matches
_NEW_VARIANT = {
    "type": "object",
    "properties": {"zz_planted": {"type": "string"}},
    "required": ["zz_planted"],
}


def _add_variant(revision: Any, spot: _Spot) -> None:
    _get(revision, spot.pointer).append(copy.deepcopy(_NEW_VARIANT))


def request_variant_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a request body schema's ``oneOf``/``anyOf`` takes a new object variant
    (one no value it took before is valid against: a property of its own, required)."""
    candidates = [
        _Spot((*pointer, keyword), pointer, "zz_planted")
        for pointer, keyword in _request_unions(tree)
        if "discriminator" not in _get(tree, pointer)
    ]

    return _plant_spot(
        tree,
        rng,
        "request-variant-added",
        "-of-variant-added",
        candidates,
        _add_variant,
        compatible=True,
    )


def response_variant_added(tree: Any, rng: random.Random) -> Planted | None:
    """A response schema's ``oneOf``/``anyOf`` takes a new object variant: clients may
    receive a shape they do not know."""
    candidates = [
        _Spot((*pointer, keyword), pointer, "zz_planted")
        for pointer, keyword in _response_unions(tree)
        if "discriminator" not in _get(tree, pointer)
    ]

    return _plant_spot(
        tree, rng, "response-variant-added", "-of-variant-added", candidates, _add_variant
    )


def response_variant_removed(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a response schema's ``oneOf``/``anyOf`` no longer holds its last
    variant (clients receive less)."""
    return _plant_spot(
        tree,
        rng,
        "response-variant-removed",
        "-of-variant-removed",
        _last_variants(tree, _response_unions(tree)),
        _drop_last_variant,
        compatible=True,
    )


def path_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a new path with one operation."""
    if not _path_items(tree):
        return None
    path = "/zz-planted"
    candidates = [_Spot(("paths",), ("paths", path), path)]

    def add(revision: Any, spot: _Spot) -> None:
        revision["paths"][path] = {"get": {"responses": {"200": {"description": "planted"}}}}

    return _plant_spot(tree, rng, "path-added", "path-added", candidates, add, compatible=True)


def operation_added(tree: Any, rng: random.Random) -> Planted | None:
    """Compatible: a path takes an operation for a method it had none for."""
    addressed = _addressed(tree)
    candidates = [
        _Spot(("paths", path), ("paths", path, method), path)
        for path, item in _path_items(tree)
        if ("paths", path) not in addressed
        and "parameters" not in item  # path-level parameters the new one would have to use
        and "{" not in path
        for method in [m for m in ("put", "patch", "delete", "post", "get") if m not in item][:1]
    ]

    def add(revision: Any, spot: _Spot) -> None:
        operation = {"responses": {"200": {"description": "planted"}}}
        _get(revision, spot.pointer)[spot.spot[-1]] = operation

    return _plant_spot(
        tree, rng, "operation-added", "operation-added", candidates, add, compatible=True
    )
