"""The OpenAPI objects the model hands the diff: operations, parameters, bodies, responses,
headers, security and servers, as small frozen values.

Each keeps the :class:`~oasgate.loading.document.Node` it was read from, so a change is
located where it is written and its schema is walked lazily from the raw parsed data.
:class:`~oasgate.model.spec.SpecModel` (OpenAPI 3.x) and
:class:`~oasgate.model.swagger2.Swagger2Model` build them; the diff and the lifecycle
policy read them without caring which version of the specification wrote the document.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from oasgate.loading.document import Node

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: OpenAPI 3.2 adds the QUERY method (a safe request with a body) as a path item field;
#: any other method is written under ``additionalOperations``.
OAS32_METHODS = (*HTTP_METHODS, "query")
#: The path item field of OpenAPI 3.2 that holds operations of any other HTTP method,
#: keyed by the method as it is sent (``COPY``, ``PURGE``).
ADDITIONAL_OPERATIONS = "additionalOperations"

_TEMPLATE_PARAM = re.compile(r"\{[^}/]*\}")


def path_shape(path: str) -> str:
    """The path with parameter names erased: ``/pets/{id}`` and ``/pets/{petId}`` match."""
    return _TEMPLATE_PARAM.sub("{}", path.rstrip("/") or "/")


def path_parameter_names(path: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _TEMPLATE_PARAM.finditer(path)]


class ParameterKey(Struct, frozen=True):
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
        if location == "querystring":
            # OpenAPI 3.2: the whole query string as one value, at most one per operation;
            # its name is never sent, so renaming it is not a change
            return ParameterKey(location, "")
        return ParameterKey(location, name)


class Parameter(Struct, frozen=True):
    name: str
    location: str
    required: bool
    schema: Node | None
    node: Node


class Serialization(Struct, frozen=True):
    """How a parameter value is written on the wire: OpenAPI 3 ``style``/``explode``
    (Swagger 2.0 ``collectionFormat`` is mapped onto them), or a media type for a
    parameter described by ``content``. ``explode`` is ``None`` where it cannot matter."""

    style: str
    explode: bool | None = None

    def same_as(self, other: Serialization) -> bool:
        """Equal on the wire: ``explode`` only counts where both values can be exploded
        (a schema that became a primitive is a type change, reported as such)."""
        if self.style != other.style:
            return False
        return self.explode is None or other.explode is None or self.explode == other.explode

    def describe(self) -> str:
        if self.explode is None:
            return self.style
        return f"{self.style} ({'exploded' if self.explode else 'not exploded'})"


class MediaType(Struct, frozen=True):
    name: str
    schema: Node | None
    node: Node
    #: OpenAPI 3.2 ``itemSchema``: each item of a sequential or streaming media type
    #: (JSON Lines, JSON sequences, server-sent events), compared on the body's side
    item_schema: Node | None = None


class RequestBody(Struct, frozen=True):
    required: bool
    content: dict[str, MediaType]
    node: Node


class Header(Struct, frozen=True):
    name: str
    required: bool
    schema: Node | None
    node: Node


class Response(Struct, frozen=True):
    status: str
    content: dict[str, MediaType]
    headers: dict[str, Header]
    node: Node


class Operation(Struct, frozen=True):
    method: str
    path: str
    node: Node
    path_item: Node
    #: written under OpenAPI 3.2's ``additionalOperations``: ``method`` is the HTTP method
    #: as it is sent (``COPY``), case and all, not a path item field
    additional: bool = False

    @property
    def label(self) -> str:
        """How reports name an operation: ``GET /pets/{id}``; an additional operation by
        its method as written (HTTP methods are case-sensitive)."""
        return f"{self.method if self.additional else self.method.upper()} {self.path}"

    @property
    def operation_id(self) -> str | None:
        value = self.node.value.get("operationId")
        return value if isinstance(value, str) else None


#: One security requirement: the schemes that must all be satisfied, each with its scopes.
Requirement = frozenset[tuple[str, frozenset[str]]]


class Security(Struct, frozen=True):
    """The security that applies to an operation: alternatives (any one is enough), and the
    node that declares them (the operation's ``security``, the document's, or none)."""

    requirements: frozenset[Requirement]
    node: Node | None

    @property
    def public(self) -> bool:
        """True when a client without credentials may call the operation."""
        return not self.requirements or frozenset() in self.requirements


class OAuthFlow(Struct, frozen=True):
    name: str  # implicit | password | clientCredentials | authorizationCode | deviceAuthorization
    authorization_url: str | None
    token_url: str | None
    refresh_url: str | None
    scopes: dict[str, str]
    node: Node
    #: OpenAPI 3.2's ``deviceAuthorization`` flow (RFC 8628): where devices start
    device_authorization_url: str | None = None


class SecurityScheme(Struct, frozen=True):
    """A security scheme normalised across Swagger 2.0 and OpenAPI 3."""

    name: str
    type: str  # apiKey | http | oauth2 | openIdConnect | mutualTLS
    http_scheme: str | None  # lower-cased: basic, bearer, digest...
    api_key: tuple[str, str] | None  # (in, name)
    flows: dict[str, OAuthFlow]
    openid_url: str | None
    node: Node
    #: OpenAPI 3.2: the scheme is being phased out (clients should move to another)
    deprecated: bool = False
    #: OpenAPI 3.2: the OAuth 2.0 authorization server metadata URL (RFC 8414)
    oauth2_metadata_url: str | None = None

    def definition(self) -> tuple[object, ...]:
        """What the scheme asks of clients, without its name and descriptions."""
        flows = tuple(
            sorted(
                (
                    f.name,
                    f.authorization_url,
                    f.token_url,
                    f.refresh_url,
                    tuple(sorted(f.scopes)),
                    f.device_authorization_url,
                )
                for f in self.flows.values()
            )
        )
        return (
            self.type,
            self.http_scheme,
            self.api_key,
            flows,
            self.openid_url,
            self.oauth2_metadata_url,
        )

    def describe(self) -> str:
        if self.type == "http" and self.http_scheme:
            return f"http {self.http_scheme}"
        if self.api_key is not None:
            return f"apiKey in {self.api_key[0]} '{self.api_key[1]}'"
        return self.type


class Server(Struct, frozen=True):
    url: str  # as written, variables included
    scheme: str | None
    host: str | None  # lower-cased, None for a relative URL
    path: str  # without trailing slash
    variables: dict[str, tuple[str | None, tuple[str, ...] | None]]  # name → (default, enum)
    node: Node


class Servers(Struct, frozen=True):
    """The servers that apply to an operation and the node that declares them (None: the
    document says nothing, so the API is wherever the document is served)."""

    servers: tuple[Server, ...]
    node: Node | None


_URL = re.compile(
    r"^(?:(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):)?(?://(?P<host>[^/?#]*))?(?P<path>[^?#]*)"
)


def split_url(url: str) -> tuple[str | None, str | None, str]:
    """(scheme, host, path) of a server URL: scheme and host lower-cased, ``None`` when
    absent (a relative URL), the path without its trailing slash."""
    match = _URL.match(url.strip())
    assert match is not None  # every string matches
    scheme, host = match.group("scheme"), match.group("host")
    return (
        scheme.lower() if scheme else None,
        host.lower() if host else None,
        match.group("path").rstrip("/"),
    )


def server_of(url: str, node: Node) -> Server:
    """A ``servers`` entry: its URL split, and each variable's default and enum."""
    scheme, host, path = split_url(url)
    variables: dict[str, tuple[str | None, tuple[str, ...] | None]] = {}
    declared = node.value.get("variables")
    if isinstance(declared, dict):
        for name, variable in declared.items():
            if isinstance(variable, dict):
                enum = variable.get("enum")
                default = variable.get("default")
                variables[str(name)] = (
                    None if default is None else str(default),
                    tuple(str(v) for v in enum) if isinstance(enum, list) else None,
                )
    return Server(url=url, scheme=scheme, host=host, path=path, variables=variables, node=node)


def is_success_status(status: str) -> bool:
    return status.startswith("2")


def raw(node: Node | None) -> Any:
    return None if node is None else node.value
