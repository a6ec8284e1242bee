"""Cheap structural checks that run on every load: problems listed, the diff still runs.

Real specs are often slightly invalid — DigitalOcean puts a ``$ref`` in
``info.description``, Kubernetes repeats operationIds, OpenSearch leaves responses
without a description. oasgate still compares them, and lists each problem as a
:class:`~oasgate.findings.Diagnostic` with its file:line, so that every report
format shows them and ``--strict`` can fail on them. Problems that make oasgate
*skip* part of a document (a path that does not start with ``/``, an upper-case
method, two paths with the same template) are listed here too: silence about
what was not compared would be worse.

The checks walk paths, operations, parameters and responses only — never every
schema — so they cost a small fraction of a ``check``. Full validation against
the OpenAPI schema is :mod:`oasgate.model.validation`'s job (``validate``, ``--strict``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from msgspec import Struct

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic
from oasgate.loading.document import Document, Node, Pointer
from oasgate.model.objects import (
    ADDITIONAL_OPERATIONS,
    HTTP_METHODS,
    OAS32_METHODS,
    path_parameter_names,
    path_shape,
)
from oasgate.model.spec import SpecModel


class Check(Struct, frozen=True):
    """One kind of problem: its code (what ``--strict`` and reports name) and what it means."""

    code: str
    summary: str


CHECKS = (
    Check("duplicate-key", "a mapping key appears twice; the last value is used"),
    Check("unresolvable-ref", "a $ref that cannot be resolved (validate; check stops instead)"),
    Check("ref-not-allowed", "a $ref where OpenAPI allows none (e.g. in info)"),
    Check("ref-siblings-ignored", "keys beside a $ref, which OpenAPI 3.0 and 2.0 ignore"),
    Check("missing-field", "a required field is missing (info, title, version, paths...)"),
    Check("invalid-path", "a path that does not start with '/' is not compared"),
    Check("duplicate-path", "two paths with the same template; only the first is compared"),
    Check("unknown-path-item-field", "a path item key that is not an operation or a field"),
    Check("operation-without-responses", "an operation declares no responses"),
    Check("response-missing-description", "a response without its required description"),
    Check("duplicate-operation-id", "an operationId used by more than one operation"),
    Check("invalid-parameter", "a parameter without a name or a valid 'in'; not compared"),
    Check("duplicate-parameter", "the same parameter twice in one list"),
    Check("path-parameter-undeclared", "a {name} in a path template without a parameter"),
    Check("path-parameter-not-in-template", "an 'in: path' parameter absent from the template"),
    Check("path-parameter-not-required", "a path parameter without 'required: true'"),
    Check("unknown-security-scheme", "a security requirement naming an undefined scheme"),
    Check("openapi-schema", "a violation of the OpenAPI schema (validate and --strict only)"),
)
CODES = frozenset(check.code for check in CHECKS)

#: In ``check``, at most this many diagnostics of one code are listed; the rest are counted.
MAX_PER_CODE = 25

_PATH_ITEM_FIELDS = frozenset(
    {"$ref", "summary", "description", "servers", "parameters", *HTTP_METHODS}
)
_PATH_ITEM_FIELDS_32 = _PATH_ITEM_FIELDS | {"query", ADDITIONAL_OPERATIONS}
_PATH_ITEM_FIELDS_2 = frozenset({"$ref", "parameters", *HTTP_METHODS})
_PARAMETER_LOCATIONS = {
    "3": frozenset({"query", "header", "path", "cookie"}),
    "3.2": frozenset({"query", "querystring", "header", "path", "cookie"}),
    "2": frozenset({"query", "header", "path", "formData", "body"}),
}
#: ``{"$ref":"…",`` — a $ref followed by another key (the other order is a plain find).
_REF_FIRST_OF_SEVERAL = re.compile(rb'\{"\$ref":"[^"\\]*(?:\\.[^"\\]*)*",')


class _Collector:
    def __init__(self, model: SpecModel) -> None:
        self.model = model
        self.document = model.document
        self.found: list[Diagnostic] = []
        self._seen: set[tuple[str, str, Pointer]] = set()
        #: each reference's target, by the file it is written in and its text: a shared
        #: response or parameter is referenced by hundreds of operations
        self._targets: dict[tuple[str, str], Node] = {}

    def item(self, parent: Node, token: str | int) -> Node:
        """The node at ``parent[token]``, its ``$ref`` chain followed."""
        value = parent.value[token]
        if not isinstance(value, dict):
            return parent.child(token)
        ref = value.get("$ref")
        if not isinstance(ref, str):
            return parent.child(token)
        key = (parent.file, ref)
        target = self._targets.get(key)
        if target is None:
            target = self._targets[key] = self.document.deref(parent.child(token))
        return target

    def add(self, code: str, message: str, node_file: str, pointer: Pointer) -> None:
        """One diagnostic per problem and place: a shared component is reported once."""
        assert code in CODES, code
        if (code, node_file, pointer) in self._seen:
            return
        self._seen.add((code, node_file, pointer))
        self.found.append(Diagnostic(code, message, self.document.location(node_file, pointer)))


def structural_diagnostics(model: SpecModel) -> list[Diagnostic]:
    """Every structural problem of a loaded document (duplicate keys come from parsing)."""
    collector = _Collector(model)
    for check in _CHECKS:
        try:
            check(collector)
        except OasgateError:
            continue  # a $ref that does not resolve: reported by verify_references

    return in_document_order(collector.found, model.document)


def in_document_order(diagnostics: list[Diagnostic], document: Document) -> list[Diagnostic]:
    """Sorted by file (the root first, then in the order files were read) and position."""
    order = {document.display_name(key): i for i, key in enumerate(document.file_keys())}
    return sorted(
        diagnostics,
        key=lambda d: (order.get(d.location.file, 0), d.location.line or 0, d.location.column or 0),
    )


def capped(diagnostics: list[Diagnostic], limit: int = MAX_PER_CODE) -> list[Diagnostic]:
    """The first ``limit`` diagnostics of each code, then one line counting the rest."""
    kept: list[Diagnostic] = []
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
        if counts[diagnostic.code] <= limit:
            kept.append(diagnostic)
    for code, count in counts.items():
        if count > limit:
            last = next(d for d in reversed(diagnostics) if d.code == code)
            kept.append(
                Diagnostic(
                    code,
                    f"… and {count - limit} more '{code}' problems "
                    "(oasgate validate lists them all)",
                    last.location,
                )
            )
    return kept


# -- the checks ---------------------------------------------------------------------------


def _is_v2(model: SpecModel) -> bool:
    return not model.version.startswith("3.")


def _required_fields(c: _Collector) -> None:
    root = c.document.root
    info = root.value.get("info")
    if not isinstance(info, dict):
        c.add("missing-field", "the document has no 'info' object", root.file, ())
    else:
        for field in ("title", "version"):
            if field not in info:
                c.add("missing-field", f"info has no '{field}'", root.file, ("info",))
    needs_paths = _is_v2(c.model) or c.model.version.startswith("3.0")
    if needs_paths and not isinstance(root.value.get("paths"), dict):
        c.add("missing-field", "the document has no 'paths' object", root.file, ())


def _refs_in_info(c: _Collector) -> None:
    info = c.document.root.get("info")
    if info is None:
        return
    for pointer in _ref_pointers(info.value, info.pointer):
        c.add(
            "ref-not-allowed",
            "$ref is not allowed in info; tools that do not resolve it show the $ref itself",
            info.file,
            pointer,
        )


def _ref_siblings(c: _Collector) -> None:
    if not _is_v2(c.model) and not c.model.version.startswith("3.0"):
        return  # 3.1 allows summary/description beside $ref, and schemas allow anything
    for key in c.document.file_keys():
        text = c.document.canonical(key)
        if b',"$ref":"' not in text and _REF_FIRST_OF_SEVERAL.search(text) is None:
            continue  # the common case, decided at C speed
        for pointer, siblings in _refs_with_siblings(c.document.parsed(key)):
            c.add(
                "ref-siblings-ignored",
                f"{', '.join(siblings)} beside $ref {'is' if len(siblings) == 1 else 'are'} "
                f"ignored in OpenAPI {c.model.version}",
                key,
                pointer,
            )


def _paths(c: _Collector) -> None:
    paths = c.document.root.get("paths")
    if paths is None or not isinstance(paths.value, dict):
        return
    fields = (
        _PATH_ITEM_FIELDS_2
        if _is_v2(c.model)
        else _PATH_ITEM_FIELDS_32
        if c.model.oas32
        else _PATH_ITEM_FIELDS
    )
    methods = c.model.methods
    seen_shapes: dict[str, str] = {}
    for path in paths.value:
        if isinstance(path, str) and path.startswith("x-"):
            continue
        if not isinstance(path, str) or not path.startswith("/"):
            c.add(
                "invalid-path",
                f"path '{path}' does not start with '/'; it is not compared",
                paths.file,
                (*paths.pointer, path),
            )
            continue
        shape = path_shape(path)
        if shape in seen_shapes:
            c.add(
                "duplicate-path",
                f"paths '{seen_shapes[shape]}' and '{path}' are the same template; "
                f"only '{seen_shapes[shape]}' is compared",
                paths.file,
                (*paths.pointer, path),
            )
            continue
        seen_shapes[shape] = path
        item = c.document.deref(paths.child(path))
        if not isinstance(item.value, dict):
            continue
        for key in item.value:
            if isinstance(key, str) and (key in fields or key.startswith("x-")):
                continue
            hint = (
                " (methods are lower case)"
                if str(key).lower() in methods
                else f" (expected one of {', '.join(methods)}"
                + (f", or {ADDITIONAL_OPERATIONS} for other methods)" if c.model.oas32 else ")")
            )
            if str(key).lower() == "query" and not c.model.oas32:
                hint = " (the QUERY method is OpenAPI 3.2's: declare 'openapi: 3.2.0')"
            c.add(
                "unknown-path-item-field",
                f"'{key}' in path {path} is not an operation{hint}; it is not compared",
                item.file,
                (*item.pointer, key),
            )
        if c.model.oas32:
            _additional_operations(c, path, item)


def _additional_operations(c: _Collector, path: str, item: Node) -> None:
    """OpenAPI 3.2's ``additionalOperations`` must not restate a method that has a field of
    its own (``GET``, ``QUERY``): the field's operation is the one compared."""
    extra = item.get(ADDITIONAL_OPERATIONS)
    if extra is None or not isinstance(extra.value, dict):
        return
    for key in extra.value:
        if isinstance(key, str) and (key.lower() in OAS32_METHODS) and not key.startswith("x-"):
            c.add(
                "unknown-path-item-field",
                f"'{key}' in {ADDITIONAL_OPERATIONS} of path {path} is a method with a field "
                f"of its own (write it as '{key.lower()}'); it is not compared",
                extra.file,
                (*extra.pointer, key),
            )


def _operations(c: _Collector) -> None:
    model = c.model
    version = "2" if _is_v2(model) else "3.2" if model.oas32 else "3"
    v31 = not _is_v2(model) and not model.version.startswith("3.0")  # 3.1 and later
    operation_ids: dict[str, str] = {}
    schemes = _security_scheme_names(c)
    for path, item in model.path_items().values():
        template = path_parameter_names(path)
        item_params = _parameter_list(c, item.get("parameters"), version)
        for operation in model.operations(path, item).values():
            label = operation.label
            node = operation.node
            if isinstance(node.value.get("$ref"), str):
                c.add(
                    "ref-not-allowed",
                    f"{label}: an operation cannot be a $ref in OpenAPI {model.version}",
                    node.file,
                    node.pointer,
                )
                node = c.document.deref(node)
                if not isinstance(node.value, dict):
                    continue
            op_id = node.value.get("operationId")
            if isinstance(op_id, str):
                if op_id in operation_ids:
                    c.add(
                        "duplicate-operation-id",
                        f"operationId '{op_id}' of {label} is already used by "
                        f"{operation_ids[op_id]}",
                        node.file,
                        (*node.pointer, "operationId"),
                    )
                else:
                    operation_ids[op_id] = label
            _responses(c, node, label, v31)
            op_params = _parameter_list(c, node.get("parameters"), version)
            merged = {**item_params, **op_params}
            declared = {name for (where, name) in merged if where == "path"}
            for name in template:
                if name not in declared:
                    c.add(
                        "path-parameter-undeclared",
                        f"{label}: path parameter '{name}' is not declared",
                        node.file,
                        node.pointer,
                    )
            for (where, name), param in merged.items():
                if where != "path":
                    continue
                if name not in template:
                    c.add(
                        "path-parameter-not-in-template",
                        f"{label}: parameter '{name}' is 'in: path' but not in the template",
                        param.file,
                        param.pointer,
                    )
                elif param.value.get("required") is not True:
                    c.add(
                        "path-parameter-not-required",
                        f"{label}: path parameter '{name}' must say 'required: true'",
                        param.file,
                        param.pointer,
                    )
            _security(c, node, label, schemes)


def _responses(c: _Collector, operation: Node, label: str, v31: bool) -> None:
    responses = operation.get("responses")
    if responses is None or not isinstance(responses.value, dict) or not responses.value:
        if not v31:
            c.add(
                "operation-without-responses",
                f"{label} declares no responses",
                operation.file,
                operation.pointer,
            )
        return
    statuses: set[str] = set()
    for status in responses.value:
        if isinstance(status, str) and status.startswith("x-"):
            continue
        written = str(status).upper()
        if written in statuses:  # `200:` and `'200':` are different YAML keys
            c.add(
                "duplicate-key",
                f"{label}: response {status} is written twice (as a number and as a string)",
                responses.file,
                (*responses.pointer, status),
            )
        statuses.add(written)
        response = c.item(responses, status)
        if isinstance(response.value, dict) and "description" not in response.value:
            c.add(
                "response-missing-description",
                f"{label}: response {status} has no description",
                response.file,
                response.pointer,
            )


def _parameter_list(c: _Collector, node: Node | None, version: str) -> dict[tuple[str, str], Node]:
    found: dict[tuple[str, str], Node] = {}
    if node is None or not isinstance(node.value, list):
        return found
    for index in range(len(node.value)):
        param = c.item(node, index)
        value = param.value
        if not isinstance(value, dict):
            continue
        name, where = value.get("name"), value.get("in")
        if (
            not isinstance(name, str)
            or not isinstance(where, str)
            or where not in _PARAMETER_LOCATIONS[version]
        ):
            problem = (
                "a parameter has no name"
                if not isinstance(name, str)
                else f"parameter '{name}' has 'in: {where}', which OpenAPI {c.model.version} "
                "does not define"
            )
            c.add(
                "invalid-parameter",
                f"{problem}; it is not compared",
                param.file,
                param.pointer,
            )
            continue
        key = (str(where), name.lower() if where == "header" else name)
        if where == "querystring":  # OpenAPI 3.2: one query string, whatever its name
            key = (where, "")
        if key in found:
            c.add(
                "duplicate-parameter",
                f"parameter '{name}' (in {where}) is listed twice; the last one is used"
                if where != "querystring"
                else f"parameter '{name}' is a second 'in: querystring' parameter (there is "
                "one query string); the last one is used",
                param.file,
                param.pointer,
            )
        found[key] = param
    return found


def _security_scheme_names(c: _Collector) -> set[str]:
    root = c.document.root.value
    if _is_v2(c.model):
        schemes = root.get("securityDefinitions")
    else:
        components = root.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return set(schemes) if isinstance(schemes, dict) else set()


def _security(c: _Collector, operation: Node, label: str, schemes: set[str]) -> None:
    security = operation.get("security")
    if security is None or not isinstance(security.value, list):
        return
    for index, requirement in enumerate(security.value):
        if not isinstance(requirement, dict):
            continue
        for name in requirement:
            if name not in schemes:
                c.add(
                    "unknown-security-scheme",
                    f"{label}: security scheme '{name}' is not defined",
                    security.file,
                    (*security.pointer, index, name),
                )


def _root_security(c: _Collector) -> None:
    root = c.document.root
    security = root.get("security")
    schemes = _security_scheme_names(c)
    if security is None or not isinstance(security.value, list):
        return
    for index, requirement in enumerate(security.value):
        if isinstance(requirement, dict):
            for name in requirement:
                if name not in schemes:
                    c.add(
                        "unknown-security-scheme",
                        f"security scheme '{name}' is not defined",
                        root.file,
                        ("security", index, name),
                    )


_CHECKS: tuple[Callable[[_Collector], None], ...] = (
    _required_fields,
    _refs_in_info,
    _ref_siblings,
    _paths,
    _operations,
    _root_security,
)


# -- walks used by the checks above -------------------------------------------------------


def _ref_pointers(value: Any, pointer: Pointer) -> Iterator[Pointer]:
    stack: list[tuple[Any, Pointer]] = [(value, pointer)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("$ref"), str):
                yield where
            stack.extend((v, (*where, k)) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(current))


def _refs_with_siblings(data: Any) -> list[tuple[Pointer, list[str]]]:
    found: list[tuple[Pointer, list[str]]] = []
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        current, where = stack.pop()
        if isinstance(current, dict):
            in_names = bool(where) and where[-1] in ("properties", "patternProperties")
            if not in_names and isinstance(current.get("$ref"), str) and len(current) > 1:
                siblings = sorted(
                    str(k) for k in current if k != "$ref" and not str(k).startswith("x-")
                )
                if siblings:
                    found.append((where, siblings))
            for key, child in current.items():
                if isinstance(child, (dict, list)) and (
                    in_names or key not in ("example", "examples", "default", "enum")
                ):
                    stack.append((child, (*where, key)))
        elif isinstance(current, list):
            stack.extend(
                (v, (*where, i)) for i, v in enumerate(current) if isinstance(v, (dict, list))
            )
    found.sort(key=lambda item: [str(t) for t in item[0]])
    return found
