"""Callbacks and webhooks: calls the API makes to its clients.

In a callback (or a 3.1 webhook) the roles are swapped — the API sends the request and
reads the response — so its request is judged like a response (removing something the
API sends breaks the client's receiver; adding is fine) and its response like a request.
Changes inside their bodies are reported with the schema and media type rules of the
mirrored side (``response-…`` for what the API sends, ``request-…`` for what it reads),
with the callback named in the message. The rules below cover what has no mirror.
"""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, Kind, Rule, Side, W, op
from oasgate.catalogue.examples import document

_BODY = "requestBody: {%scontent: {application/json: {schema: {type: object}}}}\n"
_SIGNATURE = "parameters: [{name: X-Signature, in: header, required: %s, schema: {type: string}}]\n"


def _subscription(callback: str | None, method: str = "post") -> str:
    """``POST /subscriptions`` with (or without) an ``onEvent`` callback operation."""
    lines = ""
    if callback is not None:
        inner = "".join(f"        {line}\n" for line in callback.splitlines())
        lines = f"callbacks:\n  onEvent:\n    '{{$request.body#/url}}':\n      {method}:\n{inner}"
    return op(lines + "responses: {'201': {description: created}}", "post", "/subscriptions")


def _webhook(body: str | None) -> str:
    hooks = ""
    if body is not None:
        inner = "".join(f"      {line}\n" for line in body.splitlines())
        hooks = f"webhooks:\n  newPet:\n    post:\n{inner}"
    return document(extra=hooks, version="3.1.0")


def rules() -> Iterator[Rule]:
    yield from _callback_rules()
    yield from _webhook_rules()


def _callback_rules() -> Iterator[Rule]:
    body = _BODY % "" + OK
    yield Rule(
        "callback-added",
        Side.NONE,
        C,
        "an operation makes a new callback",
        "{where} added",
        Example(_subscription(None), _subscription(body)),
        Example(_subscription(body), _subscription("description: notify\n" + body)),
        rationale="Clients that do not expect the call are not made to answer it unless "
        "they subscribe (they give the callback URL).",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "callback-removed",
        Side.NONE,
        B,
        "an operation no longer makes a callback",
        "{where} removed",
        Example(_subscription(body), _subscription(None)),
        Example(_subscription(body), _subscription("description: notify\n" + body)),
        rationale="Clients that wait for the notification never get it.",
    )
    no_param, optional, required = OK, _SIGNATURE % "false" + OK, _SIGNATURE % "true" + OK
    yield Rule(
        "callback-request-parameter-added",
        Side.RESPONSE,
        C,
        "a callback request carries a new parameter",
        "new {where}",
        Example(_subscription(no_param), _subscription(required)),
        Example(_subscription(required), _subscription(no_param)),
        rationale="The API sends it: receivers ignore what they do not know, as with a new "
        "response property. Even a required one is fine: it is the API that must send it.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "callback-request-parameter-removed",
        Side.RESPONSE,
        B,
        "a callback request no longer carries a parameter",
        "{where} removed",
        Example(_subscription(optional), _subscription(no_param)),
        Example(_subscription(no_param), _subscription(optional)),
        rationale="Receivers that read it (a signature, an event id) do not get it any more.",
    )
    yield Rule(
        "callback-request-parameter-became-optional",
        Side.RESPONSE,
        B,
        "a parameter the API always sent in a callback may now be missing",
        "{where} became optional",
        Example(_subscription(required), _subscription(optional)),
        Example(_subscription(optional), _subscription(required)),
        rationale="Receivers that rely on it being present break when it is missing.",
    )
    yield Rule(
        "callback-request-parameter-became-required",
        Side.RESPONSE,
        C,
        "a parameter the API sometimes sent in a callback is now always sent",
        "{where} became required",
        Example(_subscription(optional), _subscription(required)),
        Example(_subscription(required), _subscription(optional)),
        rationale="Receivers that handled its absence now always get it.",
    )
    optional_body, required_body = _BODY % "" + OK, _BODY % "required: true, " + OK
    yield Rule(
        "callback-request-body-added",
        Side.RESPONSE,
        C,
        "a callback request now carries a body",
        "{where} added",
        Example(_subscription(OK), _subscription(optional_body)),
        Example(_subscription(optional_body), _subscription(OK)),
        rationale="Receivers that ignored the body keep working.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "callback-request-body-removed",
        Side.RESPONSE,
        B,
        "a callback request no longer carries a body",
        "{where} removed",
        Example(_subscription(optional_body), _subscription(OK)),
        Example(_subscription(OK), _subscription(optional_body)),
        rationale="Receivers that read the body get nothing.",
    )
    yield Rule(
        "callback-request-body-became-optional",
        Side.RESPONSE,
        B,
        "a callback request body the API always sent may now be missing",
        "{where} became optional",
        Example(_subscription(required_body), _subscription(optional_body)),
        Example(_subscription(optional_body), _subscription(required_body)),
        rationale="Receivers that rely on a body break when there is none.",
    )
    yield Rule(
        "callback-request-body-became-required",
        Side.RESPONSE,
        C,
        "a callback request body is now always sent",
        "{where} became required",
        Example(_subscription(optional_body), _subscription(required_body)),
        Example(_subscription(required_body), _subscription(optional_body)),
        rationale="Receivers that handled a missing body now always get one.",
    )
    json_xml = (
        "requestBody: {content: {application/json: {schema: {type: object}}, "
        "application/xml: {schema: {type: object}}}}\n" + OK
    )
    yield Rule(
        "callback-request-media-type-added",
        Side.RESPONSE,
        W,
        "a callback request may now be sent in another media type",
        "{where}: media type {media_type} added",
        Example(_subscription(optional_body), _subscription(json_xml)),
        Example(_subscription(json_xml), _subscription(optional_body)),
        rationale="The API picks the media type of a callback; the receiver does not ask "
        "for one as it does with Accept. A new one may reach receivers that only parse the "
        "old ones. Often the receiver chooses the format when it subscribes, hence a warning.",
    )
    yield Rule(
        "callback-request-media-type-removed",
        Side.RESPONSE,
        C,
        "a callback request is no longer sent in a media type",
        "{where}: media type {media_type} removed",
        Example(_subscription(json_xml), _subscription(optional_body)),
        Example(_subscription(optional_body), _subscription(json_xml)),
        rationale="Receivers had to read every documented media type, since the API chose; "
        "one fewer is the output of the API getting narrower. (For a response it is the "
        "opposite: the client asked for that media type.)",
    )
    two = "responses: {'200': {description: ok}, '204': {description: done}}"
    yield Rule(
        "callback-response-status-added",
        Side.REQUEST,
        C,
        "the API documents a new status it accepts from a callback receiver",
        "{where}: response {status} added",
        Example(_subscription(OK), _subscription(two)),
        Example(_subscription(two), _subscription(OK)),
        rationale="The API reads the receiver's answer: accepting one more status is the "
        "request side getting wider.",
    )
    yield Rule(
        "callback-response-status-removed",
        Side.REQUEST,
        W,
        "the API no longer documents a status it accepted from a callback receiver",
        "{where}: response {status} removed",
        Example(_subscription(two), _subscription(OK)),
        Example(_subscription(OK), _subscription(two)),
        rationale="Receivers that answer with that status may now be treated as failing "
        "(and the call retried). The API may still handle it, hence a warning.",
    )


def _webhook_rules() -> Iterator[Rule]:
    hook = _BODY % "" + OK
    yield Rule(
        "webhook-added",
        Side.NONE,
        C,
        "a new webhook (OpenAPI 3.1)",
        "webhook '{webhook}' ({method}) added",
        Example(_webhook(None), _webhook(hook)),
        Example(_webhook(hook), _webhook("description: a pet was added\n" + hook)),
        aliases=("webhook-added",),
        rationale="A new event that subscribers may choose to receive.",
        kind=Kind.FEATURE,
    )
    yield Rule(
        "webhook-removed",
        Side.NONE,
        B,
        "a webhook was removed (OpenAPI 3.1)",
        "webhook '{webhook}' ({method}) removed",
        Example(_webhook(hook), _webhook(None)),
        Example(_webhook(hook), _webhook("description: a pet was added\n" + hook)),
        aliases=("webhook-removed",),
        rationale="Subscribers that rely on the event never receive it again. Changes "
        "inside a kept webhook are judged like a callback's: the API sends the request.",
    )
