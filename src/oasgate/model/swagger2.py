"""Swagger 2.0 seen through the OpenAPI 3 model, so both versions diff the same way.

A ``body`` parameter becomes the request body, offered in every media type of
``consumes``; ``formData`` parameters become a form request body
(``application/x-www-form-urlencoded`` or ``multipart/form-data``) whose
properties are the form fields; response ``schema`` becomes content in every
media type of ``produces``; non-body parameters and headers carry their schema
inline, so the parameter (or header) object, without its parameter-only keys,
is the schema node. ``collectionFormat`` maps onto ``style``/``explode``,
``securityDefinitions`` onto security schemes, ``host``/``basePath``/``schemes``
onto servers and ``definitions`` onto component schemas.
"""

from __future__ import annotations

from typing import Any

from oasgate.loading.document import Document, Node
from oasgate.model.objects import (
    Header,
    MediaType,
    OAuthFlow,
    Operation,
    Parameter,
    ParameterKey,
    RequestBody,
    Response,
    SecurityScheme,
    Serialization,
    Server,
    Servers,
)
from oasgate.model.spec import SpecModel

_DEFAULT_MEDIA = ("application/json",)
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")

#: Keys of a 2.0 parameter or header object that describe the parameter, not its values.
_PARAMETER_ONLY = frozenset(
    {"name", "in", "required", "description", "allowEmptyValue", "collectionFormat"}
)

#: ``collectionFormat`` → (OpenAPI 3 style, explode); csv depends on the location.
_COLLECTION_FORMATS = {
    "ssv": ("spaceDelimited", False),
    "tsv": ("tabDelimited", False),  # no OpenAPI 3 equivalent; compared by name
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
}

#: Swagger 2.0 OAuth2 ``flow`` → OpenAPI 3 flow name.
_OAUTH_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


def schema_view(node: Node) -> Node:
    """A 2.0 parameter or header object as a schema: the same node (so positions stay
    true) without the keys that only describe the parameter; ``type: file`` reads as the
    binary string OpenAPI 3 writes for it."""
    value = node.value
    if not isinstance(value, dict):
        return node
    view = {k: v for k, v in value.items() if k not in _PARAMETER_ONLY}
    if view.get("type") == "file":
        view["type"] = "string"
        view.setdefault("format", "binary")
    return Node(view, node.file, node.pointer)


class _FormSchema(Node, frozen=True):
    """The object schema of a form body. It exists nowhere in the document, so it stands at
    the operation's parameter list; its properties are the real form parameters (their
    changes are located where they are written)."""

    fields: tuple[tuple[str, Node], ...] = ()

    def child(self, token: str | int) -> Node:
        for name, field in self.fields:
            if name == token:
                return field
        return super().child(token)

    def get(self, key: str) -> Node | None:
        if key == "properties" and isinstance(self.value, dict) and "properties" in self.value:
            return _FormSchema(self.value["properties"], self.file, self.pointer, self.fields)
        return super().get(key)


class Swagger2Model(SpecModel):
    """The Swagger 2.0 view of a document."""

    def __init__(self, document: Document) -> None:
        # Deliberately not calling SpecModel.__init__: that one checks for OpenAPI 3.
        self.document = document
        self.version = str(document.root.value.get("swagger"))
        self.diagnostics = document.diagnostics

    request_body_key = "parameters"  # the body is an `in: body` parameter

    def inherited(self, operation: Operation) -> object:
        return (
            self._media_types(operation, "consumes"),
            self._media_types(operation, "produces"),
        )

    def _media_types(self, operation: Operation, field: str) -> tuple[str, ...]:
        for owner in (operation.node.value, self.document.root.value):
            declared = owner.get(field)
            if isinstance(declared, list) and declared:
                return tuple(str(m) for m in declared)
        return _DEFAULT_MEDIA

    def parameters(self, operation: Operation) -> dict[ParameterKey, Parameter]:
        return {
            key: param
            for key, param in super().parameters(operation).items()
            if param.location not in ("body", "formData")
        }

    def _parameter_schema(self, param: Node) -> Node | None:
        if param.value.get("in") == "body":
            return param.get("schema")
        return schema_view(param)  # type, format, enum, items... sit on the parameter itself

    def request_body(self, operation: Operation) -> RequestBody | None:
        body: Parameter | None = None
        form: list[Parameter] = []
        for parameter in super().parameters(operation).values():
            if parameter.location == "body":
                body = parameter
            elif parameter.location == "formData":
                form.append(parameter)
        consumes = self._media_types(operation, "consumes")
        if body is not None:
            content = {name.lower(): MediaType(name, body.schema, body.node) for name in consumes}
            return RequestBody(required=body.required, content=content, node=body.node)
        if not form:
            return None
        schema = self._form_schema(form)
        media = [m for m in consumes if m.strip().lower() in _FORM_MEDIA]
        if not media:
            has_file = any(p.node.value.get("type") == "file" for p in form)
            media = [_FORM_MEDIA[1] if has_file else _FORM_MEDIA[0]]
        content = {name.strip().lower(): MediaType(name, schema, schema) for name in media}
        return RequestBody(required=any(p.required for p in form), content=content, node=schema)

    def _form_schema(self, form: list[Parameter]) -> _FormSchema:
        fields = tuple((p.name, p.schema or p.node) for p in form)
        value: dict[str, Any] = {
            "type": "object",
            "properties": {name: node.value for name, node in fields},
        }
        required = [p.name for p in form if p.required]
        if required:
            value["required"] = required
        anchor = form[0].node
        return _FormSchema(value, anchor.file, anchor.pointer[:-1], fields)

    def serialization(self, parameter: Parameter) -> Serialization | None:
        kind = self.value_kind(parameter.schema)
        if kind == "primitive":
            return Serialization("simple") if parameter.location == "path" else None
        collection = parameter.node.value.get("collectionFormat", "csv")
        if collection in _COLLECTION_FORMATS:
            style, explode = _COLLECTION_FORMATS[collection]
        elif parameter.location in ("path", "header"):
            style, explode = "simple", False
        else:
            style, explode = "form", False
        return Serialization(style, explode)

    def responses(self, operation: Operation) -> dict[str, Response]:
        node = operation.node.get("responses")
        result: dict[str, Response] = {}
        if node is None or not isinstance(node.value, dict):
            return result
        produces = self._media_types(operation, "produces")
        for status in node.value:
            if isinstance(status, str) and status.startswith("x-"):
                continue
            response = self.document.deref(node.child(status))
            if not isinstance(response.value, dict):
                continue
            code = str(status).upper() if str(status).lower() != "default" else "default"
            schema = response.get("schema")
            content = (
                {name.lower(): MediaType(name, schema, response) for name in produces}
                if schema is not None
                else {}
            )
            result[code] = Response(code, content, self._swagger_headers(response), response)
        return result

    def _swagger_headers(self, response: Node) -> dict[str, Header]:
        node = response.get("headers")
        headers: dict[str, Header] = {}
        if node is None or not isinstance(node.value, dict):
            return headers
        for name in node.value:
            header = node.child(name)
            if isinstance(header.value, dict) and str(name).lower() != "content-type":
                headers[str(name).lower()] = Header(str(name), False, schema_view(header), header)
        return headers

    # -- security, servers, components -------------------------------------------------------

    def security_schemes(self) -> dict[str, SecurityScheme]:
        node = self.document.root.get("securityDefinitions")
        schemes: dict[str, SecurityScheme] = {}
        if node is None or not isinstance(node.value, dict):
            return schemes
        for name in node.value:
            scheme = node.child(name)
            value = scheme.value
            if not isinstance(value, dict):
                continue
            kind = str(value.get("type", ""))
            flows: dict[str, OAuthFlow] = {}
            if kind == "oauth2":
                flow = _OAUTH_FLOWS.get(str(value.get("flow")), str(value.get("flow")))
                scopes = value.get("scopes")
                flows[flow] = OAuthFlow(
                    name=flow,
                    authorization_url=_text(value.get("authorizationUrl")),
                    token_url=_text(value.get("tokenUrl")),
                    refresh_url=None,
                    scopes=(
                        {str(k): str(v) for k, v in scopes.items()}
                        if isinstance(scopes, dict)
                        else {}
                    ),
                    node=scheme,
                )
            schemes[str(name)] = SecurityScheme(
                name=str(name),
                type="http" if kind == "basic" else kind,
                http_scheme="basic" if kind == "basic" else None,
                api_key=(
                    (str(value.get("in")), str(value.get("name"))) if kind == "apiKey" else None
                ),
                flows=flows,
                openid_url=None,
                node=scheme,
            )
        return schemes

    def servers(self, operation: Operation) -> Servers:
        root = self.document.root
        anchor = root.get("host") or root.get("basePath") or root.get("schemes")
        own_schemes = operation.node.get("schemes")
        if anchor is None and own_schemes is None:
            return Servers((), None)
        schemes_node = own_schemes or root.get("schemes")
        schemes: list[str | None] = (
            [str(s).lower() for s in schemes_node.value]
            if schemes_node is not None and isinstance(schemes_node.value, list)
            else []
        ) or [None]
        host = _text(root.value.get("host"))
        base_path = (_text(root.value.get("basePath")) or "/").rstrip("/")
        declared = own_schemes or anchor
        assert declared is not None
        servers = tuple(
            Server(
                url=(
                    f"{scheme + ':' if scheme else ''}//{host}{base_path}"
                    if host
                    else base_path or "/"
                ),
                scheme=scheme if host else None,
                host=host.lower() if host else None,
                path=base_path,
                variables={},
                node=declared,
            )
            for scheme in schemes
        )
        return Servers(servers, declared)

    def servers_context(self, operation: Operation) -> object:
        root = self.document.root.value
        return (
            operation.node.value.get("schemes"),
            root.get("host"),
            root.get("basePath"),
            root.get("schemes"),
        )

    def callbacks(self, operation: Operation) -> dict[tuple[str, str], Node]:
        return {}

    def webhooks(self) -> dict[str, Node]:
        return {}

    def component_schemas(self) -> Node | None:
        node = self.document.root.get("definitions")
        return node if node is not None and isinstance(node.value, dict) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def open_model(document: Document) -> SpecModel:
    """The model for a document, chosen by its version field (data, not guesswork)."""
    root: dict[str, Any] = document.root.value
    if str(root.get("swagger", "")).startswith("2"):
        return Swagger2Model(document)
    return SpecModel(document)
