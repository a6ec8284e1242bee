"""A normalised, ref-aware view of an OpenAPI 3.x document: :class:`SpecModel`.

The diff engine talks to the model only: operations with their parameters
(path-level merged into operation-level), request bodies, responses, headers
and the schemas under them, handed out as the values of :mod:`oasgate.model.objects`.
Views are built on demand from the raw parsed data (nothing is copied), so operations
that did not change cost nothing beyond an equality test. The version-specific
knowledge (OpenAPI 3.x here, Swagger 2.0 in :mod:`oasgate.model.swagger2`) lives
behind the same interface.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic
from oasgate.loading.document import Document, Node, Pointer
from oasgate.model.objects import (
    ADDITIONAL_OPERATIONS,
    HTTP_METHODS,
    OAS32_METHODS,
    Header,
    MediaType,
    Operation,
    Parameter,
    ParameterKey,
    RequestBody,
    Response,
    Security,
    SecurityScheme,
    Serialization,
    Servers,
    path_shape,
    server_of,
)
from oasgate.model.prefixes import PrefixMap
from oasgate.model.security_reading import requirements_of, security_schemes_of

#: Header parameters that OpenAPI 3 says SHALL be ignored (the media types and security
#: describe them); ignored in Swagger 2.0 too, so a 2.0 → 3.0 migration stays silent.
IGNORED_HEADER_PARAMETERS = frozenset({"accept", "content-type", "authorization"})

#: Default style of a parameter by location (OpenAPI 3 "style" defaults).
DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}

#: A mapping entry (its key plain or quoted) and the plain scalar that is its value.
_ENTRY_VALUE = re.compile(r"""(?:"[^"]*"|'[^']*'|[^:\s]+)\s*:\s*([^\s,}\]#]+)""")


def value_as_text(value: Any, written: Callable[[], str | None]) -> str:
    """A scalar from ``info`` as the text to show: a string as it is; a number as
    ``written`` finds it in the document if that is the same number (``1.10``), else as
    Python writes it; anything else as compact JSON (never an error in a renderer)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = written()
        if text is not None and _same_number(text, value):
            return text
        return str(value)
    from oasgate.loading.canonical import dump_value

    return dump_value(value).decode()


def _same_number(text: str, value: float) -> bool:
    try:
        return float(text) == value
    except (ValueError, OverflowError):
        return False


class SpecModel:
    """The OpenAPI 3.x view of a document."""

    # What the diff walk, the lifecycle walk and the load checks each ask for, worked
    # out once (set on first use: Swagger2Model has its own __init__).
    _path_items: dict[str, tuple[str, Node]] | None = None
    _all_path_items: list[tuple[str, Node]] | None = None
    _operations: dict[tuple[str, str, Pointer], dict[str, Operation]] | None = None
    #: a referenced response (a component) read once for every operation that shares it:
    #: by target (id of its value, file, pointer, status) and by the
    #: reference that reached it (text, file written in, status)
    _responses_read: dict[tuple[Any, ...], Response] | None = None
    #: the document's validation errors (``--strict``), when a child found them beside the
    #: comparison (:class:`~oasgate.model.opening.Opening` with ``validate``)
    validated: list[Diagnostic] | None = None
    #: set by ``__init__`` for OpenAPI 3.2 and later (Swagger2Model keeps these)
    oas32: bool = False
    methods: tuple[str, ...] = HTTP_METHODS
    #: ``--map-prefix``: the paths as the other side spells them (see :mod:`.prefixes`)
    path_prefixes: PrefixMap = PrefixMap()
    #: path item (file, pointer) → the root whose ``security`` and ``servers`` its
    #: operations inherit, where that is not this document's: ``--as-one-api`` joins
    #: specs that each declare their own (:mod:`oasgate.many.gateway`)
    inherited_roots: Mapping[tuple[str, Pointer], Node] = MappingProxyType({})

    def __init__(self, document: Document) -> None:
        self.document = document
        root = document.root.value
        version = root.get("openapi")
        if not isinstance(version, str) or not version.startswith("3."):
            raise OasgateError(
                "not an OpenAPI document: no 'openapi: 3.x' or 'swagger: \"2.0\"' field "
                "at the top level",
                file=document.root_display,
            )
        self.version = version
        #: OpenAPI 3.2 or later: QUERY and ``additionalOperations`` are operations,
        #: ``in: querystring`` a parameter, ``itemSchema`` a media type's items
        self.oas32 = _minor(version) >= 2
        self.methods = OAS32_METHODS if self.oas32 else HTTP_METHODS
        own_address = root.get("$self")
        if self.oas32 and isinstance(own_address, str):
            document.set_base_uri(own_address)  # the base references resolve against
        self.diagnostics: list[Diagnostic] = document.diagnostics

    @property
    def title(self) -> str | None:
        """``info.title`` as text (a YAML ``title: 2024`` is a number), None if absent."""
        return self._info_text("title")

    @property
    def api_version(self) -> str | None:
        """``info.version`` as text and as written: YAML reads ``version: 1.10`` as the
        number 1.1, and the report shows ``1.10``."""
        return self._info_text("version")

    def _info_text(self, key: str) -> str | None:
        info = self.document.root.get("info")
        node = info.get(key) if info is not None and isinstance(info.value, dict) else None
        if node is None or node.value is None:
            return None
        return value_as_text(node.value, lambda: self._written_number(node))

    def _written_number(self, node: Node) -> str | None:
        """The text of a number value as the document writes it, when it can be found."""
        location = self.document.location(node.file, node.pointer)
        if location.line is None or location.column is None:
            return None
        lines = self.document.file_text(node.file).lstrip("\ufeff").splitlines()
        if location.line > len(lines):
            return None
        entry = _ENTRY_VALUE.match(lines[location.line - 1], location.column - 1)
        return entry.group(1) if entry else None

    # -- paths and operations ---------------------------------------------------------------

    def path_items(self) -> dict[str, tuple[str, Node]]:
        """Path shape → (path as written, path item node), refs followed (the same
        mapping every time: callers must not change it)."""
        if self._path_items is None:
            self._path_items = self._read_path_items()
        return self._path_items

    def map_path_prefixes(self, prefixes: PrefixMap) -> None:
        """Read every path (and, for the diff, every server URL's path) through
        ``prefixes`` from now on: the base of a version-to-version comparison names its
        operations as the revision does. A mapped path that the document also writes as
        is keeps its own spelling (two paths must not become one)."""
        if prefixes == self.path_prefixes:
            return
        self.path_prefixes = prefixes
        self._path_items = self._all_path_items = self._operations = None

    def _read_path_items(self) -> dict[str, tuple[str, Node]]:
        # of several templates with one shape, the first in sorted order stands for the
        # shape: which one must not depend on the order the paths are written in
        items: dict[str, tuple[str, Node]] = {}
        for path, node in self.all_path_items():
            shape = path_shape(path)
            if shape not in items or path < items[shape][0]:
                items[shape] = (path, node)
        return items

    def all_path_items(self) -> list[tuple[str, Node]]:
        """Every (path as written, path item node), refs followed, in document order —
        templates that share a shape (``/a/{x}`` and ``/a/{y}``) included."""
        if self._all_path_items is None:
            self._all_path_items = self._read_all_path_items()
        return self._all_path_items

    def _read_all_path_items(self) -> list[tuple[str, Node]]:
        paths = self.document.root.get("paths")
        items: list[tuple[str, Node]] = []
        if paths is None or not isinstance(paths.value, dict):
            return items
        for path in paths.value:
            if not isinstance(path, str) or not path.startswith("/"):
                continue  # extensions (x-...) and junk
            node = self.document.deref(paths.child(path))
            if isinstance(node.value, dict):
                items.append((path, node))
        if self.path_prefixes:
            written = {path for path, _ in items}
            mapped = [(self.path_prefixes.map(path), node) for path, node in items]
            items = [
                (new, node) if new == old or new not in written else (old, node)
                for (new, node), (old, _) in zip(mapped, items, strict=True)
            ]
        return items

    def operations(self, path: str, path_item: Node) -> dict[str, Operation]:
        """Method → operation of a path item (the same mapping every time for one path
        and item: callers must not change it)."""
        if self._operations is None:
            self._operations = {}
        key = (path, path_item.file, path_item.pointer)
        known = self._operations.get(key)
        if known is None:
            known = self._operations[key] = self._read_operations(path, path_item)
        return known

    def _read_operations(self, path: str, path_item: Node) -> dict[str, Operation]:
        # OpenAPI does not allow an operation to be a $ref, but real specs (DigitalOcean's)
        # write every operation that way; following it is the only reading that compares
        # what clients call rather than the reference strings.
        found = {
            method: Operation(method, path, self.document.deref(path_item.child(method)), path_item)
            for method in self.methods
            if isinstance(path_item.value.get(method), dict)
        }
        extra = path_item.get(ADDITIONAL_OPERATIONS) if self.oas32 else None
        if extra is not None and isinstance(extra.value, dict):
            for method in extra.value:
                if not isinstance(method, str) or method.lower() in OAS32_METHODS:
                    continue  # a method that has a field of its own is that field's (diagnosed)
                node = self.document.deref(extra.child(method))
                if isinstance(node.value, dict):
                    found[method] = Operation(method, path, node, path_item, additional=True)
        return found

    # -- parts of an operation --------------------------------------------------------------

    #: the key of the operation object that defines its request body
    request_body_key = "requestBody"

    def inherited(self, operation: Operation) -> object:
        """What an operation's meaning inherits from outside its own object, beyond path-level
        parameters (compared separately); two operations are skipped as unchanged only when
        this is equal too."""
        return None

    def parameters(self, operation: Operation) -> dict[ParameterKey, Parameter]:
        merged: dict[ParameterKey, Parameter] = {}
        for owner in (operation.path_item, operation.node):  # operation level wins
            for parameter in self._parameter_list(owner.get("parameters")):
                merged[ParameterKey.of(parameter.location, parameter.name, operation.path)] = (
                    parameter
                )
        return merged

    def _parameter_list(self, node: Node | None) -> Iterator[Parameter]:
        if node is None or not isinstance(node.value, list):
            return
        for index in range(len(node.value)):
            param = self.document.deref(node.child(index))
            value = param.value
            if not isinstance(value, dict) or "name" not in value or "in" not in value:
                continue
            location = str(value["in"])
            if location == "header" and str(value["name"]).lower() in IGNORED_HEADER_PARAMETERS:
                continue
            yield Parameter(
                name=str(value["name"]),
                location=location,
                required=bool(value.get("required", location == "path")),
                schema=self._parameter_schema(param),
                node=param,
            )

    def _parameter_schema(self, param: Node) -> Node | None:
        schema = param.get("schema")
        if schema is not None:
            return schema
        content = param.get("content")
        if content is not None and isinstance(content.value, dict) and content.value:
            media = content.child(next(iter(content.value)))
            return media.get("schema") if isinstance(media.value, dict) else None
        return None

    def request_body(self, operation: Operation) -> RequestBody | None:
        node = operation.node.get("requestBody")
        if node is None:
            return None
        node = self.document.deref(node)
        if not isinstance(node.value, dict):
            return None
        return RequestBody(
            required=bool(node.value.get("required", False)),
            content=self._content(node.get("content")),
            node=node,
        )

    def responses(self, operation: Operation) -> dict[str, Response]:
        node = operation.node.get("responses")
        result: dict[str, Response] = {}
        if node is None or not isinstance(node.value, dict):
            return result
        if self._responses_read is None:
            self._responses_read = {}
        read = self._responses_read
        for status, value in node.value.items():
            if isinstance(status, str) and status.startswith("x-"):
                continue
            code = str(status).upper() if str(status).lower() != "default" else "default"
            ref = value.get("$ref") if isinstance(value, dict) else None
            if isinstance(ref, str):
                # a shared response (every operation's 404): known by its reference's text
                # and file once read, without following the reference again
                known = read.get((ref, node.file, code))
                if known is not None:
                    result[code] = known
                    continue
            written = node.child(status)
            response = self.document.deref(written)
            if not isinstance(response.value, dict):
                continue
            if response is written:  # written in place: read by this operation only
                result[code] = self._response(code, response)
                continue
            # the value is the document's, alive as long as this model: its id is not reused
            key = (id(response.value), response.file, response.pointer, code)
            known = read.get(key)
            if known is None:
                known = read[key] = self._response(code, response)
            if isinstance(ref, str):
                read[(ref, node.file, code)] = known
            result[code] = known
        return result

    def _response(self, code: str, response: Node) -> Response:
        return Response(
            status=code,
            content=self._content(response.get("content")),
            headers=self._headers(response.get("headers")),
            node=response,
        )

    def _content(self, node: Node | None) -> dict[str, MediaType]:
        if node is None or not isinstance(node.value, dict):
            return {}
        content: dict[str, MediaType] = {}
        for name in node.value:
            media = node.child(name)
            if self.oas32:
                media = self.document.deref(media)  # 3.2 allows a Media Type Object $ref
            schema = media.get("schema") if isinstance(media.value, dict) else None
            items = (
                media.get("itemSchema") if self.oas32 and isinstance(media.value, dict) else None
            )
            content[_media_key(str(name))] = MediaType(str(name), schema, media, items)
        return content

    def _headers(self, node: Node | None) -> dict[str, Header]:
        if node is None or not isinstance(node.value, dict):
            return {}
        headers: dict[str, Header] = {}
        for name in node.value:
            if str(name).lower() == "content-type":
                continue  # OpenAPI 3: a Content-Type response header is ignored
            header = self.document.deref(node.child(name))
            if not isinstance(header.value, dict):
                continue
            headers[str(name).lower()] = Header(
                name=str(name),
                required=bool(header.value.get("required", False)),
                schema=self._parameter_schema(header),
                node=header,
            )
        return headers

    # -- serialisation, security, servers, callbacks, components ------------------------------

    def serialization(self, parameter: Parameter) -> Serialization | None:
        """How the parameter is written on the wire, where that can differ; ``None`` for a
        primitive value outside the path (every style writes it the same way)."""
        value = parameter.node.value
        content = value.get("content")
        if isinstance(content, dict) and content:
            return Serialization(f"content {_media_key(str(next(iter(content))))}")
        style = value.get("style")
        if not isinstance(style, str):
            style = DEFAULT_STYLE.get(parameter.location, "form")
        explode = value.get("explode")
        if not isinstance(explode, bool):
            explode = style == "form"
        kind = self.value_kind(parameter.schema)
        if kind == "primitive":
            return Serialization(style) if parameter.location == "path" else None
        return Serialization(style, explode)

    def value_kind(self, schema: Node | None) -> str:
        """``primitive``, ``array``, ``object`` or ``unknown`` for a parameter's schema."""
        if schema is None:
            return "unknown"
        value = self.document.deref(schema).value
        if not isinstance(value, dict):
            return "unknown"
        declared = value.get("type")
        types = (
            {declared}
            if isinstance(declared, str)
            else {t for t in declared if isinstance(t, str)}
            if isinstance(declared, list)
            else set()
        )
        types.discard("null")
        if types == {"array"} or (not types and "items" in value):
            return "array"
        if types == {"object"} or (not types and "properties" in value):
            return "object"
        if types and not types & {"array", "object"}:
            return "primitive"
        return "unknown"

    def _root_of(self, operation: Operation) -> Node:
        """The root whose top-level ``security`` and ``servers`` ``operation`` inherits."""
        if not self.inherited_roots:
            return self.document.root
        item = operation.path_item
        return self.inherited_roots.get((item.file, item.pointer), self.document.root)

    def security(self, operation: Operation) -> Security:
        own = operation.node.get("security")
        declared = own if own is not None else self._root_of(operation).get("security")
        return requirements_of(declared)

    def security_context(self, operation: Operation) -> object:
        """The raw values the effective security is computed from (cheap equality test)."""
        own = operation.node.value.get("security")
        inherited = self._root_of(operation).value.get("security")
        return own if own is not None else ("inherited", inherited)

    def security_schemes(self) -> dict[str, SecurityScheme]:
        components = self.document.root.get("components")
        node = components.get("securitySchemes") if components is not None else None
        return security_schemes_of(self.document, node, oas32=self.oas32)

    def servers(self, operation: Operation) -> Servers:
        for owner in (operation.node, operation.path_item, self._root_of(operation)):
            declared = owner.get("servers")
            if declared is not None and isinstance(declared.value, list) and declared.value:
                servers = []
                for index in range(len(declared.value)):
                    server = declared.child(index)
                    if isinstance(server.value, dict) and isinstance(server.value.get("url"), str):
                        servers.append(server_of(server.value["url"], server))
                return Servers(tuple(servers), declared)
        return Servers((), None)

    def servers_context(self, operation: Operation) -> object:
        """The raw values the effective servers are computed from (cheap equality test)."""
        return (
            operation.node.value.get("servers"),
            operation.path_item.value.get("servers"),
            self._root_of(operation).value.get("servers"),
        )

    def callbacks(self, operation: Operation) -> dict[tuple[str, str], Node]:
        """(callback name, URL expression) → path item, references followed."""
        node = operation.node.get("callbacks")
        found: dict[tuple[str, str], Node] = {}
        if node is None or not isinstance(node.value, dict):
            return found
        for name in node.value:
            callback = self.document.deref(node.child(name))
            if not isinstance(callback.value, dict):
                continue
            for expression in callback.value:
                if not isinstance(expression, str) or expression.startswith("x-"):
                    continue
                item = self.document.deref(callback.child(expression))
                if isinstance(item.value, dict):
                    found[(str(name), expression)] = item
        return found

    def webhooks(self) -> dict[str, Node]:
        """OpenAPI 3.1 webhooks: name → path item, references followed."""
        node = self.document.root.get("webhooks")
        found: dict[str, Node] = {}
        if node is None or not isinstance(node.value, dict):
            return found
        for name in node.value:
            if isinstance(name, str) and name.startswith("x-"):
                continue
            item = self.document.deref(node.child(name))
            if isinstance(item.value, dict):
                found[str(name)] = item
        return found

    def component_schemas(self) -> Node | None:
        components = self.document.root.get("components")
        node = components.get("schemas") if components is not None else None
        return node if node is not None and isinstance(node.value, dict) else None

    def info_version(self) -> Node | None:
        info = self.document.root.get("info")
        return info.get("version") if info is not None else None


def _minor(version: str) -> int:
    """The minor version of ``3.x.y`` (0 when it is not a number)."""
    parts = version.split(".")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _media_key(name: str) -> str:
    # Media type names are case-insensitive; parameters after ';' are kept.
    return name.strip().lower()
