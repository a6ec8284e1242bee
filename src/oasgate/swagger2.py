"""Swagger 2.0 seen through the OpenAPI 3 model, so both versions diff the same way.

A ``body`` parameter becomes the request body, offered in every media type of
``consumes``; response ``schema`` becomes content in every media type of
``produces``; non-body parameters and headers carry their schema inline, so the
parameter (or header) object itself is the schema node.
"""

from __future__ import annotations

from typing import Any

from oasgate.document import Document, Node
from oasgate.model import (
    Header,
    MediaType,
    Operation,
    Parameter,
    ParameterKey,
    RequestBody,
    Response,
    SpecModel,
)

_DEFAULT_MEDIA = ("application/json",)


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
            if param.location != "body"
        }

    def _parameter_schema(self, param: Node) -> Node | None:
        if param.value.get("in") == "body":
            return param.get("schema")
        return param  # type, format, enum, items... sit on the parameter itself

    def request_body(self, operation: Operation) -> RequestBody | None:
        body: Parameter | None = None
        for parameter in super().parameters(operation).values():
            if parameter.location == "body":
                body = parameter
        if body is None:
            return None
        content = {
            name.lower(): MediaType(name, body.schema, body.node)
            for name in self._media_types(operation, "consumes")
        }
        return RequestBody(required=body.required, content=content, node=body.node)

    def responses(self, operation: Operation) -> dict[str, Response]:
        node = operation.node.get("responses")
        result: dict[str, Response] = {}
        if node is None or not isinstance(node.value, dict):
            return result
        produces = self._media_types(operation, "produces")
        for status in node.value:
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
            if isinstance(header.value, dict):
                headers[str(name).lower()] = Header(str(name), False, header, header)
        return headers


def open_model(document: Document) -> SpecModel:
    """The model for a document, chosen by its version field (data, not guesswork)."""
    root: dict[str, Any] = document.root.value
    if str(root.get("swagger", "")).startswith("2"):
        return Swagger2Model(document)
    return SpecModel(document)
