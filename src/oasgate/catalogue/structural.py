"""Structural rules: paths, operations, parameters, properties, bodies, statuses, media types."""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Kind, Rule, Side, W, op

_PET_PARAM = "parameters: [{name: q, in: query, required: %s, schema: {type: string}}]\n" + OK
_REQ_PROP = (
    "requestBody: {content: {application/json: {schema: {type: object, required: [%s], "
    "properties: {name: {type: string}, tag: {type: string}}}}}}\n" + OK
)
_RESP_PROP = (
    "responses: {'200': {description: ok, content: {application/json: {schema: "
    "{type: object, required: [%s], properties: {%s}}}}}}"
)
_BODY = "requestBody: {required: %s, content: {%s}}\n" + OK
_RESP_MEDIA = "responses: {'200': {description: ok, content: {%s}}}"


def rules() -> Iterator[Rule]:
    two_ops = op(OK) + op(OK, "post")
    yield Rule(
        "path-removed",
        Side.NONE,
        B,
        "a path and all its operations were removed",
        "path {path} removed",
        Example(op(OK) + op(OK, path="/owners"), op(OK)),
        Example(op(OK), op(OK, path="/pets/")),
        aliases=("api-path-removed-without-deprecation", "api-path-removed-before-sunset"),
        rationale="Every client that calls the path gets 404.",
    )
    yield Rule(
        "path-added",
        Side.NONE,
        C,
        "a new path",
        "path {path} added",
        Example(op(OK), op(OK) + op(OK, path="/owners")),
        Example(op(OK), op(OK, "post")),
        aliases=("endpoint-added",),
        rationale="New surface: no existing client calls it. Gated as a feature, so a "
        "deprecated or end-of-life API refuses it.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "operation-removed",
        Side.NONE,
        B,
        "an operation was removed from a path that still exists",
        "operation {operation} removed",
        Example(two_ops, op(OK)),
        Example(two_ops, two_ops),
        aliases=("api-removed-without-deprecation", "api-removed-before-sunset"),
        rationale="Clients calling the method get 405 or 404.",
    )
    yield Rule(
        "operation-added",
        Side.NONE,
        C,
        "a new operation on an existing path",
        "operation {operation} added",
        Example(op(OK), two_ops),
        Example(op(OK), op(OK) + op(OK, path="/owners")),
        aliases=("endpoint-added",),
        rationale="A new method on a known path: no existing client calls it.",
        kind=Kind.FEATURE,
    )
    no_param = op(OK)
    yield Rule(
        "request-parameter-required-added",
        Side.REQUEST,
        B,
        "a new required parameter",
        "new required {where}",
        Example(no_param, op(_PET_PARAM % "true")),
        Example(no_param, op(_PET_PARAM % "false")),
        aliases=(
            "new-required-request-parameter",
            "new-request-path-parameter",
            "new-required-request-default-parameter-to-existing-path",
        ),
        rationale="Existing clients do not send it and are rejected.",
    )
    yield Rule(
        "request-parameter-optional-added",
        Side.REQUEST,
        C,
        "a new optional parameter",
        "new optional {where}",
        Example(no_param, op(_PET_PARAM % "false")),
        Example(no_param, op(_PET_PARAM % "true")),
        aliases=(
            "new-optional-request-parameter",
            "new-optional-request-default-parameter-to-existing-path",
        ),
        rationale="Clients that do not send it keep getting the old behaviour (the seed "
        "policies list new optional parameters as compatible).",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "request-parameter-removed",
        Side.REQUEST,
        B,
        "a parameter was removed",
        "{where} removed",
        Example(op(_PET_PARAM % "false"), no_param),
        Example(op(_PET_PARAM % "false"), op(_PET_PARAM % "false")),
        aliases=("request-parameter-removed",),
        rationale="oasdiff warns; we treat it as breaking: servers that reject unknown "
        "parameters fail clients that still send it, and a client that relies on the "
        "parameter's effect silently gets different results.",
    )
    yield Rule(
        "request-parameter-became-required",
        Side.REQUEST,
        B,
        "an optional parameter became required",
        "{where} became required",
        Example(op(_PET_PARAM % "false"), op(_PET_PARAM % "true")),
        Example(op(_PET_PARAM % "true"), op(_PET_PARAM % "false")),
        aliases=("request-parameter-became-required",),
        rationale="Clients that omit it are rejected (the seed policies forbid this).",
    )
    yield Rule(
        "request-parameter-became-optional",
        Side.REQUEST,
        C,
        "a required parameter became optional",
        "{where} became optional",
        Example(op(_PET_PARAM % "true"), op(_PET_PARAM % "false")),
        Example(op(_PET_PARAM % "false"), op(_PET_PARAM % "true")),
        aliases=("request-parameter-became-optional",),
        rationale="Clients that send it keep working; the request side only got wider.",
    )
    yield Rule(
        "request-property-required-added",
        Side.REQUEST,
        B,
        "a new required property in a request body",
        "new required {where}",
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP.replace("tag:", "age:") % "age", "post")),
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP.replace("tag:", "age:") % "", "post")),
        aliases=(
            "new-required-request-property",
            "new-required-request-property-with-default",
        ),
        rationale="Existing clients do not send it and are rejected.",
    )
    yield Rule(
        "request-property-optional-added",
        Side.REQUEST,
        C,
        "a new optional property in a request body",
        "new optional {where}",
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP.replace("tag:", "age:") % "", "post")),
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP.replace("tag:", "age:") % "age", "post")),
        aliases=("new-optional-request-property",),
        rationale="Clients that do not send it are still valid.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "request-property-removed",
        Side.REQUEST,
        W,
        "a property was removed from a request body",
        "{where} removed",
        Example(
            op(_REQ_PROP % "", "post"),
            op(_REQ_PROP.replace(", tag: {type: string}", "") % "", "post"),
        ),
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP % "name", "post")),
        aliases=("request-property-removed",),
        rationale="Clients may keep sending it; servers that reject unknown properties "
        "will fail them, and its effect is gone.",
    )
    yield Rule(
        "request-property-became-required",
        Side.REQUEST,
        B,
        "an optional request property became required",
        "{where} became required",
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP % "name", "post")),
        Example(op(_REQ_PROP % "name", "post"), op(_REQ_PROP % "", "post")),
        aliases=(
            "request-property-became-required",
            "request-property-became-required-with-default",
        ),
        rationale="Clients that omit it are rejected.",
    )
    yield Rule(
        "request-property-became-optional",
        Side.REQUEST,
        C,
        "a required request property became optional",
        "{where} became optional",
        Example(op(_REQ_PROP % "name", "post"), op(_REQ_PROP % "", "post")),
        Example(op(_REQ_PROP % "", "post"), op(_REQ_PROP % "name", "post")),
        aliases=("request-property-became-optional",),
        rationale="Clients that send it keep working; the request side only got wider.",
    )
    props = "id: {type: integer}, name: {type: string}"
    yield Rule(
        "response-property-removed",
        Side.RESPONSE,
        B,
        "a property was removed from a response",
        "{where} removed",
        Example(op(_RESP_PROP % ("", props)), op(_RESP_PROP % ("", "id: {type: integer}"))),
        Example(op(_RESP_PROP % ("", props)), op(_RESP_PROP % ("id", props))),
        aliases=("response-required-property-removed", "response-optional-property-removed"),
        rationale="Clients read a property whenever it is present, required or not; "
        "oasdiff only warns for optional ones, we follow docs/compatibility.md and call both "
        "breaking.",
    )
    yield Rule(
        "response-property-added",
        Side.RESPONSE,
        C,
        "a new property in a response",
        "new {where}",
        Example(op(_RESP_PROP % ("", "id: {type: integer}")), op(_RESP_PROP % ("", props))),
        Example(op(_RESP_PROP % ("", props)), op(_RESP_PROP % ("id", props))),
        aliases=("response-optional-property-added", "response-required-property-added"),
        rationale="Clients must tolerate added fields (every seed policy says so).",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "response-property-became-optional",
        Side.RESPONSE,
        B,
        "a required response property became optional",
        "{where} became optional",
        Example(op(_RESP_PROP % ("id", props)), op(_RESP_PROP % ("", props))),
        Example(op(_RESP_PROP % ("", props)), op(_RESP_PROP % ("id", props))),
        aliases=("response-property-became-optional",),
        rationale="Clients that rely on it being present break when it is missing.",
    )
    yield Rule(
        "response-property-became-required",
        Side.RESPONSE,
        C,
        "an optional response property became required",
        "{where} became required",
        Example(op(_RESP_PROP % ("", props)), op(_RESP_PROP % ("id", props))),
        Example(op(_RESP_PROP % ("id", props)), op(_RESP_PROP % ("", props))),
        aliases=("response-property-became-required",),
        rationale="Clients that handled its absence now always get it: nothing to break.",
    )
    ok_created = "responses: {'200': {description: ok}, '201': {description: created}}"
    yield Rule(
        "response-success-status-removed",
        Side.RESPONSE,
        B,
        "a success (2xx) response status was removed",
        "success response {status} removed",
        Example(op(ok_created), op(OK)),
        Example(
            op(ok_created),
            op("responses: {'200': {description: ok}, '201': {description: made}}"),
        ),
        aliases=("response-success-status-removed",),
        rationale="Clients that handle the status get something else.",
    )
    ok_404 = "responses: {'200': {description: ok}, '404': {description: missing}}"
    yield Rule(
        "response-non-success-status-removed",
        Side.RESPONSE,
        I,
        "a non-success response status was removed",
        "response {status} removed",
        Example(op(ok_404), op(OK)),
        Example(op(ok_404), op(ok_404)),
        aliases=("response-non-success-status-removed",),
        rationale="The server no longer documents this error; clients that handled it "
        "keep working. Removing only its body is the same change and gets the same verdict "
        "(`response-non-success-media-type-removed`); a status still covered by a range "
        "(`4XX`) or `default` is not removed, and is compared with that response.",
    )
    yield Rule(
        "response-non-success-status-added",
        Side.RESPONSE,
        C,
        "a new non-success (error or informational) response status",
        "new response {status}",
        Example(op(OK), op(ok_404)),
        Example(op(ok_404), op(OK)),
        aliases=("response-non-success-status-added",),
        rationale="Clients handle error statuses they do not know by their class (4xx, "
        "5xx); documenting one more is information, not a change in behaviour they rely on, "
        "nor a new feature (so it is no error on a deprecated operation either).",
    )
    json_xml = (
        "application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}"
    )
    json_only = "application/json: {schema: {type: object}}"

    def body(required: str, content: str = json_only) -> str:
        return op(_BODY % (required, content), "post")

    yield Rule(
        "request-media-type-removed",
        Side.REQUEST,
        B,
        "a request body media type is no longer accepted",
        "{where}: media type {media_type} removed",
        Example(body("false", json_xml), body("false")),
        Example(body("false"), body("false", json_xml)),
        aliases=("request-body-media-type-removed",),
        rationale="Clients that send that media type are rejected (415).",
    )
    yield Rule(
        "request-media-type-added",
        Side.REQUEST,
        C,
        "a request body accepts a new media type",
        "{where}: media type {media_type} added",
        Example(body("false"), body("false", json_xml)),
        Example(body("false", json_xml), body("false")),
        aliases=("request-body-media-type-added",),
        rationale="Clients keep sending the media types that were accepted before.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "response-media-type-removed",
        Side.RESPONSE,
        B,
        "a response no longer offers a media type",
        "{where}: media type {media_type} removed",
        Example(op(_RESP_MEDIA % json_xml), op(_RESP_MEDIA % json_only)),
        Example(op(_RESP_MEDIA % json_only), op(_RESP_MEDIA % json_xml)),
        aliases=("response-media-type-removed",),
        rationale="Clients that ask for it (Accept) get 406 or a body they cannot parse. "
        "Content documented on a response that HTTP sends without a body (1xx, 204, 205, "
        "304, or any response to HEAD) is not compared: removing it is a correction.",
    )
    error_json_xml = (
        "responses: {'200': {description: ok}, '404': {description: missing, content: {%s}}}"
    )
    yield Rule(
        "response-non-success-media-type-removed",
        Side.RESPONSE,
        I,
        "an error response no longer documents a media type (its body in that media type)",
        "{where}: media type {media_type} removed",
        Example(op(error_json_xml % json_xml), op(error_json_xml % json_only)),
        Example(op(_RESP_MEDIA % json_xml), op(_RESP_MEDIA % json_only)),
        aliases=("response-media-type-removed",),
        rationale="The same change as removing the error response "
        "(`response-non-success-status-removed`), said another way: the error body clients "
        "could read is no longer documented, and the status line still tells them what "
        "happened. A bodiless 400 declared where a JSON `default` covered it, or a 404 "
        "folded into a bodiless `default`, is judged against that `default` and gets this "
        "verdict too. `default` is an error response only when the operation also documents "
        "a success status; otherwise it is the success response, and a media type removed "
        "from it breaks clients (`response-media-type-removed`). oasdiff reports this as "
        "`response-media-type-removed` (error) for every status.",
    )
    yield Rule(
        "response-media-type-added",
        Side.RESPONSE,
        C,
        "a response offers a new media type",
        "{where}: media type {media_type} added",
        Example(op(_RESP_MEDIA % json_only), op(_RESP_MEDIA % json_xml)),
        Example(op(_RESP_MEDIA % json_xml), op(_RESP_MEDIA % json_only)),
        aliases=("response-media-type-added",),
        rationale="Clients choose the media type with Accept; the ones they asked for before "
        "are still offered.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "request-body-became-required",
        Side.REQUEST,
        B,
        "an optional request body became required",
        "request body became required",
        Example(body("false"), body("true")),
        Example(body("true"), body("false")),
        aliases=("request-body-became-required",),
        rationale="Clients that send no body are rejected.",
    )
    yield Rule(
        "request-body-became-optional",
        Side.REQUEST,
        C,
        "a required request body became optional",
        "request body became optional",
        Example(body("true"), body("false")),
        Example(body("false"), body("true")),
        aliases=("request-body-became-optional",),
        rationale="Clients that send a body keep working.",
    )
    yield Rule(
        "request-body-required-added",
        Side.REQUEST,
        B,
        "a required request body was added to an operation that had none",
        "new required request body",
        Example(op(OK, "post"), body("true")),
        Example(op(OK, "post"), body("false")),
        aliases=("request-body-added-required",),
        rationale="Existing clients send no body and are rejected.",
    )
    yield Rule(
        "request-body-optional-added",
        Side.REQUEST,
        C,
        "an optional request body was added",
        "new optional request body",
        Example(op(OK, "post"), body("false")),
        Example(op(OK, "post"), body("true")),
        aliases=("request-body-added-optional",),
        rationale="Clients that send no body keep working.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "request-body-removed",
        Side.REQUEST,
        B,
        "the request body was removed",
        "request body removed",
        Example(body("false"), op(OK, "post")),
        Example(body("false"), body("false")),
        aliases=("request-body-removed",),
        rationale="Clients keep sending a body the server no longer reads or accepts.",
    )
