"""A normalised, ref-aware view of an OpenAPI document.

The diff engine talks to this module only: operations with their parameters
(path-level merged into operation-level), request bodies, responses, headers
and the schemas under them. Views are built on demand from the raw parsed data
(nothing is copied), so operations that did not change cost nothing beyond an
equality test. The version-specific knowledge (OpenAPI 3.x here, Swagger 2.0
in :mod:`oasgate.swagger2`) lives behind the same interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from oasgate.document import Document, Node
from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_TEMPLATE_PARAM = re.compile(r"\{[^}/]*\}")


def path_shape(path: str) -> str:
    """The path with parameter names erased: ``/pets/{id}`` and ``/pets/{petId}`` match."""
    return _TEMPLATE_PARAM.sub("{}", path.rstrip("/") or "/")


def path_parameter_names(path: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _TEMPLATE_PARAM.finditer(path)]


@dataclass(frozen=True)
class ParameterKey:
    """Parameters match by location and name; path parameters by their position in the
    template (so renaming ``{id}`` to ``{petId}`` is not a change); header names ignore case."""

    location: str
    name: str

    @staticmethod
    def of(location: str, name: str, path: str) -> ParameterKey:
        if location == "path":
            names = path_parameter_names(path)
            if name in names:
                return ParameterKey("path", f"#{names.index(name)}")
        if location == "header":
            return ParameterKey(location, name.lower())
        return ParameterKey(location, name)


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: Node | None
    node: Node


@dataclass(frozen=True)
class MediaType:
    name: str
    schema: Node | None
    node: Node


@dataclass(frozen=True)
class RequestBody:
    required: bool
    content: dict[str, MediaType]
    node: Node


@dataclass(frozen=True)
class Header:
    name: str
    required: bool
    schema: Node | None
    node: Node


@dataclass(frozen=True)
class Response:
    status: str
    content: dict[str, MediaType]
    headers: dict[str, Header]
    node: Node


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    node: Node
    path_item: Node

    @property
    def label(self) -> str:
        """How reports name an operation: ``GET /pets/{id}``."""
        return f"{self.method.upper()} {self.path}"


class SpecModel:
    """The OpenAPI 3.x view of a document."""

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
        self.diagnostics: list[Diagnostic] = document.diagnostics

    @property
    def title(self) -> str | None:
        info = self.document.root.value.get("info")
        return info.get("title") if isinstance(info, dict) else None

    @property
    def api_version(self) -> str | None:
        info = self.document.root.value.get("info")
        version = info.get("version") if isinstance(info, dict) else None
        return None if version is None else str(version)

    # -- paths and operations ---------------------------------------------------------------

    def path_items(self) -> dict[str, tuple[str, Node]]:
        """Path shape → (path as written, path item node), refs followed."""
        paths = self.document.root.get("paths")
        items: dict[str, tuple[str, Node]] = {}
        if paths is None or not isinstance(paths.value, dict):
            return items
        for path in paths.value:
            if not isinstance(path, str) or not path.startswith("/"):
                continue  # extensions (x-...) and junk
            node = self.document.deref(paths.child(path))
            if not isinstance(node.value, dict):
                continue
            items.setdefault(path_shape(path), (path, node))
        return items

    def operations(self, path: str, path_item: Node) -> dict[str, Operation]:
        return {
            method: Operation(method, path, path_item.child(method), path_item)
            for method in HTTP_METHODS
            if isinstance(path_item.value.get(method), dict)
        }

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
        for status in node.value:
            response = self.document.deref(node.child(status))
            if not isinstance(response.value, dict):
                continue
            code = str(status).upper() if str(status).lower() != "default" else "default"
            result[code] = Response(
                status=code,
                content=self._content(response.get("content")),
                headers=self._headers(response.get("headers")),
                node=response,
            )
        return result

    def _content(self, node: Node | None) -> dict[str, MediaType]:
        if node is None or not isinstance(node.value, dict):
            return {}
        content: dict[str, MediaType] = {}
        for name in node.value:
            media = node.child(name)
            schema = media.get("schema") if isinstance(media.value, dict) else None
            content[_media_key(str(name))] = MediaType(str(name), schema, media)
        return content

    def _headers(self, node: Node | None) -> dict[str, Header]:
        if node is None or not isinstance(node.value, dict):
            return {}
        headers: dict[str, Header] = {}
        for name in node.value:
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


def _media_key(name: str) -> str:
    # Media type names are case-insensitive; parameters after ';' are kept.
    return name.strip().lower()


def is_success_status(status: str) -> bool:
    return status.startswith("2")


def raw(node: Node | None) -> Any:
    return None if node is None else node.value
