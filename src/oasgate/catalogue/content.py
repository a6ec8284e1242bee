"""Rules about what bodies and responses are made of beyond their schemas: status codes and
ranges, media type names (parameters, wildcards), whether a media type has a schema,
response headers and links."""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Kind, Rule, Side, W, op

_REQUEST = "requestBody: {content: {%s}}\n" + OK
_RESPONSE = "responses: {'200': {description: ok, content: {%s}}}"
_OBJECT = "{schema: {type: object}}"


def _request(media: str, schema: str = _OBJECT) -> str:
    return op(_REQUEST % f"'{media}': {schema}", "post")


def _response(media: str, schema: str = _OBJECT) -> str:
    return op(_RESPONSE % f"'{media}': {schema}")


def _error_response(media: str, schema: str = _OBJECT) -> str:
    """A 200 and a 404 whose body is documented in ``media`` by ``schema``."""
    return op(
        f"responses: {{'200': {{description: ok}}, '404': {{description: missing, "
        f"content: {{'{media}': {schema}}}}}}}"
    )


def _statuses(*codes: str) -> str:
    return op("responses: {" + ", ".join(f"'{c}': {{description: r}}" for c in codes) + "}")


def rules() -> Iterator[Rule]:
    yield from _status_rules()
    yield from _media_type_rules()
    yield from _header_rules()
    yield from _link_rules()


def _status_rules() -> Iterator[Rule]:
    yield Rule(
        "response-success-status-added",
        Side.RESPONSE,
        W,
        "a new success (2xx) response status",
        "new success response {status}",
        Example(_statuses("200"), _statuses("200", "202")),
        Example(_statuses("2XX"), _statuses("2XX", "202")),
        aliases=("response-success-status-added",),
        rationale="The response side got wider: the server may now answer 202 where clients "
        "only know how to read 200, and clients that test for the exact status they were "
        "promised take the new one for a failure. oasdiff reports it as information; by the "
        "side-of-the-wire principle it is a warning. A code already covered by a documented "
        "range (2XX) or by default is not new.",
    )
    yield Rule(
        "response-success-status-generalized",
        Side.RESPONSE,
        W,
        "a success status is now documented only by a range (2XX) or by default",
        "success response {status} is now documented by {covering}",
        Example(_statuses("200"), _statuses("2XX")),
        Example(_statuses("404"), _statuses("4XX")),
        rationale="The status is still covered, so this is no removal, and its body is "
        "compared with the covering response; but clients may now receive any code of the "
        "range. Error codes folded into a range or default are compared silently.",
    )


def _media_type_rules() -> Iterator[Rule]:
    json, anything, utf8 = "application/json", "application/*", "application/json; charset=utf-8"
    yield Rule(
        "request-media-type-generalized",
        Side.REQUEST,
        C,
        "a request media type was replaced by a wildcard that covers it",
        "{where}: media type {old} generalised to {new}",
        Example(_request(json), _request(anything)),
        Example(_request(json), _request(utf8)),
        rationale="The server accepts everything it accepted before (application/json is an "
        "application/*); the body schemas are still compared.",
    )
    yield Rule(
        "request-media-type-specialized",
        Side.REQUEST,
        B,
        "a request media type wildcard was narrowed to one media type",
        "{where}: media type {old} narrowed to {new}",
        Example(_request(anything), _request(json)),
        Example(_request(json), _request(anything)),
        rationale="Clients that sent another type the wildcard allowed are rejected (415).",
    )
    yield Rule(
        "request-media-type-parameters-changed",
        Side.REQUEST,
        W,
        "a request media type's parameters changed (charset, version...)",
        "{where}: media type {old} changed to {new}",
        Example(_request(json), _request(utf8)),
        Example(_request(json), _request("application/JSON")),
        rationale="Usually harmless (adding charset=utf-8), sometimes not (a version "
        "parameter that servers enforce); a warning lets a reviewer decide. Names compare "
        "case-insensitively and parameters order-free.",
    )
    yield Rule(
        "response-media-type-generalized",
        Side.RESPONSE,
        B,
        "a response media type was replaced by a wildcard",
        "{where}: media type {old} generalised to {new}",
        Example(_response(json), _response(anything)),
        Example(_response(anything), _response(json)),
        aliases=("response-media-type-name-generalized",),
        rationale="The response side got wider: clients that parse application/json may now "
        "receive any application/* body.",
    )
    yield Rule(
        "response-media-type-specialized",
        Side.RESPONSE,
        C,
        "a response media type wildcard was narrowed to one media type",
        "{where}: media type {old} narrowed to {new}",
        Example(_response(anything), _response(json)),
        Example(_response(json), _response(anything)),
        aliases=("response-media-type-name-specialized",),
        rationale="Clients get a body they already had to accept.",
    )
    yield Rule(
        "response-media-type-parameters-changed",
        Side.RESPONSE,
        W,
        "a response media type's parameters changed (charset, version...)",
        "{where}: media type {old} changed to {new}",
        Example(_response(json), _response(utf8)),
        Example(_response(json), _response("application/JSON")),
        aliases=("response-media-type-name-changed",),
        rationale="A charset or version parameter can change how clients decode the body; "
        "usually harmless, so a warning for a reviewer to confirm.",
    )
    yield Rule(
        "response-non-success-media-type-changed",
        Side.RESPONSE,
        I,
        "an error response media type was replaced by a wildcard or changed its parameters",
        "{where}: media type {old} changed to {new}",
        Example(_error_response(json), _error_response(anything)),
        Example(_response(json), _response(anything)),
        aliases=("response-media-type-name-generalized", "response-media-type-name-changed"),
        rationale="Less than removing the error body's media type, which is information "
        "(`response-non-success-media-type-removed`), so information too. On a success "
        "response a wildcard breaks clients (`response-media-type-generalized`) and a "
        "changed parameter is a warning (`response-media-type-parameters-changed`).",
    )
    yield Rule(
        "request-media-type-schema-added",
        Side.REQUEST,
        B,
        "a request media type that accepted anything now has a schema",
        "{where}: media type {media_type} now has a schema",
        Example(_request(json, "{}"), _request(json)),
        Example(_request(json), _request(json, "{}")),
        aliases=("request-body-media-type-schema-added",),
        rationale="A media type without a schema accepts any body; a schema narrows that, "
        "and bodies that do not match it are rejected.",
    )
    yield Rule(
        "request-media-type-schema-removed",
        Side.REQUEST,
        C,
        "a request media type no longer has a schema (accepts anything)",
        "{where}: media type {media_type} no longer has a schema",
        Example(_request(json), _request(json, "{}")),
        Example(_request(json, "{}"), _request(json)),
        aliases=("request-body-media-type-schema-removed",),
        rationale="The request side only got wider.",
    )
    yield Rule(
        "response-media-type-schema-added",
        Side.RESPONSE,
        C,
        "a response media type that promised nothing now has a schema",
        "{where}: media type {media_type} now has a schema",
        Example(_response(json, "{}"), _response(json)),
        Example(_response(json), _response(json, "{}")),
        aliases=("response-body-media-type-schema-added",),
        rationale="Clients get a promise about a body that had none.",
    )
    yield Rule(
        "response-media-type-schema-removed",
        Side.RESPONSE,
        B,
        "a response media type no longer has a schema (may return anything)",
        "{where}: media type {media_type} no longer has a schema",
        Example(_response(json), _response(json, "{}")),
        Example(_response(json, "{}"), _response(json)),
        aliases=("response-body-media-type-schema-removed",),
        rationale="The widest possible widening of a response: clients that rely on its "
        "shape lose every guarantee. oasdiff warns; by the side-of-the-wire principle it "
        "breaks clients. On an error response the same change is information "
        "(`response-non-success-media-type-schema-removed`).",
    )
    yield Rule(
        "response-non-success-media-type-schema-removed",
        Side.RESPONSE,
        I,
        "an error response media type no longer has a schema",
        "{where}: media type {media_type} no longer has a schema",
        Example(_error_response(json), _error_response(json, "{}")),
        Example(_response(json), _response(json, "{}")),
        aliases=("response-body-media-type-schema-removed",),
        rationale="Less than removing the error body, which is information "
        "(`response-non-success-media-type-removed`), so information too: the error body's "
        "shape is no longer documented and the status line still tells clients what "
        "happened. On a success response the same change breaks clients "
        "(`response-media-type-schema-removed`).",
    )


def _header_rules() -> Iterator[Rule]:
    def header(extra: str = "", name: str = "X-Rate-Limit") -> str:
        return op(
            "responses: {'200': {description: ok, headers: {"
            f"{name}: {{{extra}schema: {{type: integer}}}}}}}}}}"
        )

    none = op(OK)
    yield Rule(
        "response-header-removed",
        Side.RESPONSE,
        B,
        "a response header was removed",
        "{where} removed",
        Example(header(), none),
        Example(header(), header(name="x-rate-limit")),
        aliases=("required-response-header-removed", "optional-response-header-removed"),
        rationale="Clients read a header whenever it is present, required or not, exactly "
        "like a response property (oasdiff warns for optional ones; we follow "
        "docs/compatibility.md). "
        "Header names compare case-insensitively, so changing their case is silent.",
    )

    retry_after = ", headers: {Retry-After: {schema: {type: integer}}}"

    def error_header(extra: str = "") -> str:
        return op(
            f"responses: {{'200': {{description: ok}}, '429': {{description: slow down{extra}}}}}"
        )

    yield Rule(
        "response-non-success-header-removed",
        Side.RESPONSE,
        I,
        "an error response no longer documents a header",
        "{where} removed",
        Example(error_header(retry_after), error_header()),
        Example(header(), none),
        aliases=("required-response-header-removed", "optional-response-header-removed"),
        rationale="The same change as the error body no longer documented "
        "(`response-non-success-media-type-removed`) or the error response removed "
        "(`response-non-success-status-removed`), said of a header: a description of an "
        "error withdrawn, while the status line still tells clients what happened. An "
        "explicit 404 declared where a `default` with headers covered it, without "
        "repeating them, is judged against that `default` and gets this verdict too. "
        "`default` is an error response only when the operation also documents a success "
        "status. oasdiff reports this as `required-response-header-removed` (error) or "
        "`optional-response-header-removed` (warning) for every status.",
    )
    yield Rule(
        "response-header-added",
        Side.RESPONSE,
        C,
        "a new response header",
        "new {where}",
        Example(none, header()),
        Example(header(), header(name="X-RATE-LIMIT")),
        aliases=("response-header-added",),
        rationale="Clients ignore headers they do not know.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "response-header-became-optional",
        Side.RESPONSE,
        B,
        "a required response header became optional",
        "{where} became optional",
        Example(header("required: true, "), header()),
        Example(header(), header("required: true, ")),
        aliases=("response-header-became-optional",),
        rationale="Clients that rely on it being present break when it is missing.",
    )
    yield Rule(
        "response-header-became-required",
        Side.RESPONSE,
        C,
        "an optional response header became required",
        "{where} became required",
        Example(header(), header("required: true, ")),
        Example(header("required: true, "), header()),
        rationale="Clients that handled its absence now always get it.",
    )


def _link_rules() -> Iterator[Rule]:
    def links(body: str) -> str:
        return op(f"responses: {{'200': {{description: ok, links: {{{body}}}}}}}")

    owner = "owner: {operationId: getOwner, parameters: {id: '$response.body#/ownerId'}}"
    yield Rule(
        "response-link-removed",
        Side.RESPONSE,
        W,
        "a response link was removed",
        "{where}: link '{link}' removed",
        Example(links(owner), op(OK)),
        Example(links(owner), links(owner.replace("owner: {", "owner: {description: x, "))),
        rationale="Links tell clients how to follow up a response with another call; "
        "hypermedia-driven clients and generated SDKs that use them lose the way. Nothing "
        "on the wire changes, hence a warning.",
    )
    yield Rule(
        "response-link-added",
        Side.RESPONSE,
        C,
        "a new response link",
        "{where}: link '{link}' added",
        Example(op(OK), links(owner)),
        Example(links(owner), links(owner)),
        rationale="Information for clients; nothing they do changes.",
    )
    yield Rule(
        "response-link-changed",
        Side.RESPONSE,
        W,
        "a response link points at another operation or passes other values",
        "{where}: link '{link}' changed",
        Example(links(owner), links(owner.replace("getOwner", "findOwner"))),
        Example(links(owner), links(owner.replace("owner: {", "owner: {description: x, "))),
        rationale="Clients that follow the link call something else or pass other values.",
    )
