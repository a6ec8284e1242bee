"""Rules for what OpenAPI 3.2 added that a client can feel, and the table of every 3.2
addition with the rule that compares it or the reason it is an annotation.

Most 3.2 additions are compared by rules that already exist: a QUERY operation or one
under ``additionalOperations`` is an operation (``operation-removed``, ...), an
``in: querystring`` parameter is a request parameter, and a discriminator's
``defaultMapping`` is a schema aspect (``…-discriminator-default-mapping-changed``).
This module declares the rules that had no counterpart before: a media type's
``itemSchema`` appearing or going, and the security scheme fields. Every example is a
whole 3.2 document, so the rules are checked the way 3.2 documents are read.
"""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Rule, Side, W, op
from oasgate.catalogue.examples import document

_VERSION = "3.2.0"
_EVENT = "{type: object, properties: {data: {type: string}}}"


def _doc(paths: str, extra: str = "") -> str:
    return document(paths, extra=extra, version=_VERSION)


def _stream_request(media: str) -> str:
    return _doc(op("requestBody: {content: {'application/jsonl': " + media + "}}\n" + OK, "post"))


def _stream_response(media: str, status: str = "200") -> str:
    extra = "'200': {description: ok}, " if status != "200" else ""
    return _doc(
        op(
            "responses: {" + extra + f"'{status}': {{description: r, content: "
            "{'text/event-stream': " + media + "}}}"
        )
    )


_WITH_ITEMS = "{itemSchema: " + _EVENT + "}"
_WITHOUT = "{}"
_DESCRIBED = "{itemSchema: " + _EVENT + ", description: events}"

#: Every OpenAPI 3.2 addition and how oasgate compares it: a rule, or why it is not
#: compared (an annotation changes nothing on the wire). docs/rules.md prints this table.
ADDITIONS: tuple[tuple[str, str], ...] = (
    ("`query` (the QUERY method)", "an operation: `operation-removed`, `operation-added`, …"),
    (
        "`additionalOperations` (other methods)",
        "operations named by the method as written (`COPY /files`): the operation rules",
    ),
    (
        "`in: querystring`",
        "a request parameter matched by location alone (its name is never sent): "
        "`request-parameter-removed`, `request-parameter-serialization-changed`, and its "
        "schema with the `request-parameter-…` schema rules",
    ),
    (
        "`itemSchema`",
        "compared like the body it is part of (request: narrowing breaks; response: "
        "widening breaks) with the `request-body-…`/`response-body-…` schema rules; "
        "appearing or going: `…-media-type-item-schema-added/removed`",
    ),
    (
        "Media Type Object `$ref` (`components.mediaTypes`)",
        "followed, so the media type it names is compared",
    ),
    ("security scheme `deprecated`", "`security-scheme-deprecated`, `…-deprecation-withdrawn`"),
    (
        "OAuth2 `deviceAuthorization` flow",
        "a flow like the others (`security-scheme-flow-added/removed`, scopes, token URL), "
        "and `security-scheme-device-authorization-url-changed`",
    ),
    ("`oauth2MetadataUrl`", "`security-scheme-oauth2-metadata-url-changed`, `…-added`"),
    (
        "discriminator `defaultMapping`",
        "`…-discriminator-default-mapping-changed` on every schema site",
    ),
    (
        "example `dataValue`, `serializedValue`",
        "annotations: examples describe values, they do not constrain them",
    ),
    (
        "tag `parent`, `kind`, `summary`",
        "annotations: how documentation groups operations; an operation's own tags are "
        "still compared (`operation-tag-added/removed`)",
    ),
    (
        "`$self`",
        "the base URI of the document: a `$ref` to a URI under it is read from the local "
        "file at that place instead of being fetched (docs/decisions.md D48)",
    ),
    (
        "cookie parameter `style: cookie`",
        "a serialisation like the others: `request-parameter-serialization-changed`",
    ),
    (
        "`prefixEncoding`, `itemEncoding`",
        "not compared, like `encoding` in every version: a known gap (docs/decisions.md D47)",
    ),
    ("response `summary`, server `name`", "annotations: names shown in documentation"),
)


def rules() -> Iterator[Rule]:
    yield from _item_schema_rules()
    yield from _security_rules()


def _item_schema_rules() -> Iterator[Rule]:
    yield Rule(
        "request-media-type-item-schema-added",
        Side.REQUEST,
        B,
        "a sequential request media type now describes its items (itemSchema added)",
        "{where}: media type {media_type} now has an item schema",
        Example(_stream_request(_WITHOUT), _stream_request(_WITH_ITEMS)),
        Example(_stream_request(_WITH_ITEMS), _stream_request(_DESCRIBED)),
        rationale="OpenAPI 3.2: items that were accepted whatever they held must now match "
        "the schema; like request-media-type-schema-added, item by item.",
    )
    yield Rule(
        "request-media-type-item-schema-removed",
        Side.REQUEST,
        C,
        "a sequential request media type no longer describes its items",
        "{where}: media type {media_type} no longer has an item schema",
        Example(_stream_request(_WITH_ITEMS), _stream_request(_WITHOUT)),
        Example(_stream_request(_WITHOUT), _stream_request(_WITH_ITEMS)),
        rationale="The request side only got wider.",
    )
    yield Rule(
        "response-media-type-item-schema-added",
        Side.RESPONSE,
        C,
        "a streamed response media type now describes its items (itemSchema added)",
        "{where}: media type {media_type} now has an item schema",
        Example(_stream_response(_WITHOUT), _stream_response(_WITH_ITEMS)),
        Example(_stream_response(_WITH_ITEMS), _stream_response(_DESCRIBED)),
        rationale="Clients get a promise about each event or line where they had none.",
    )
    yield Rule(
        "response-media-type-item-schema-removed",
        Side.RESPONSE,
        B,
        "a streamed response media type no longer describes its items",
        "{where}: media type {media_type} no longer has an item schema",
        Example(_stream_response(_WITH_ITEMS), _stream_response(_WITHOUT)),
        Example(_stream_response(_WITHOUT), _stream_response(_WITH_ITEMS)),
        rationale="Each item of the stream may now be anything: clients that decode events "
        "by their documented shape lose every guarantee (as response-media-type-schema-"
        "removed). On an error response it is information "
        "(`response-non-success-media-type-item-schema-removed`).",
    )
    yield Rule(
        "response-non-success-media-type-item-schema-removed",
        Side.RESPONSE,
        I,
        "an error response's streamed media type no longer describes its items",
        "{where}: media type {media_type} no longer has an item schema",
        Example(_stream_response(_WITH_ITEMS, "500"), _stream_response(_WITHOUT, "500")),
        Example(_stream_response(_WITH_ITEMS), _stream_response(_WITHOUT)),
        rationale="Less than the error body going, which is information (docs/decisions.md "
        "D37): the status line still tells clients what happened.",
    )


_SCHEMES = """components:
  securitySchemes:
    oauth:
      type: oauth2
      oauth2MetadataUrl: https://auth.example.com/.well-known/oauth-authorization-server
      flows:
        deviceAuthorization:
          deviceAuthorizationUrl: https://auth.example.com/device
          tokenUrl: https://auth.example.com/token
          scopes: {read: read pets}
"""


def _secured(schemes: str = _SCHEMES) -> str:
    return _doc(op("security: [{oauth: [read]}]\n" + OK), schemes)


def _schemes(old: str, new: str) -> Example:
    assert old in _SCHEMES
    return Example(_secured(), _secured(_SCHEMES.replace(old, new)))


def _security_rules() -> Iterator[Rule]:
    metadata = (
        "      oauth2MetadataUrl: https://auth.example.com/.well-known/oauth-authorization-server\n"
    )
    deprecated = "      type: oauth2\n      deprecated: true\n"
    yield Rule(
        "security-scheme-deprecated",
        Side.REQUEST,
        I,
        "a security scheme was deprecated (OpenAPI 3.2)",
        "security scheme '{scheme}' deprecated",
        _schemes("      type: oauth2\n", deprecated),
        _schemes("read: read pets", "read: read the pets"),
        rationale="It still works: clients are told to move to another way of "
        "authenticating before it goes. Operations that stop accepting it are reported by "
        "the requirement rules.",
    )
    yield Rule(
        "security-scheme-deprecation-withdrawn",
        Side.REQUEST,
        I,
        "a deprecated security scheme is no longer deprecated",
        "security scheme '{scheme}' no longer deprecated",
        Example(
            _secured(_SCHEMES.replace("      type: oauth2\n", deprecated)),
            _secured(),
        ),
        _schemes("      type: oauth2\n", deprecated),
        rationale="Nothing changes for clients; those that already moved away lose nothing.",
    )
    yield Rule(
        "security-scheme-device-authorization-url-changed",
        Side.REQUEST,
        W,
        "an OAuth device authorization flow's device authorization URL changed",
        "security scheme '{scheme}' ({flow}): {field} changed from {old} to {new}",
        _schemes("https://auth.example.com/device", "https://login.example.com/device"),
        _schemes("https://auth.example.com/token", "https://login.example.com/token"),
        rationale="Devices configured with the old URL cannot start the flow (RFC 8628) "
        "unless it redirects; configuration rather than code, hence a warning, like the "
        "other OAuth URLs.",
    )
    yield Rule(
        "security-scheme-oauth2-metadata-url-changed",
        Side.REQUEST,
        W,
        "an OAuth scheme's authorization server metadata URL changed or was removed",
        "security scheme '{scheme}': OAuth2 metadata URL changed from {old} to {new}",
        _schemes(
            "https://auth.example.com/.well-known/oauth-authorization-server",
            "https://login.example.com/.well-known/oauth-authorization-server",
        ),
        _schemes("https://auth.example.com/device", "https://login.example.com/device"),
        rationale="Clients that discover the endpoints through the metadata document "
        "(RFC 8414) may talk to the wrong server, or find none; like "
        "security-scheme-openid-url-changed.",
    )
    yield Rule(
        "security-scheme-oauth2-metadata-url-added",
        Side.REQUEST,
        I,
        "an OAuth scheme now names its authorization server metadata URL",
        "security scheme '{scheme}': OAuth2 metadata URL {new} added",
        Example(_secured(_SCHEMES.replace(metadata, "")), _secured()),
        Example(_secured(), _secured(_SCHEMES.replace(metadata, ""))),
        rationale="Clients keep using the flows' URLs; the metadata is one more way to find them.",
    )
