"""Responses of one operation: paired by status (a status without an entry of its own
compared with the range or ``default`` that covered it), their bodies, headers and links.
"""

from __future__ import annotations

from msgspec import Struct

from oasgate.catalogue.ids import (
    CALLBACK_RESPONSE_STATUS_ADDED,
    CALLBACK_RESPONSE_STATUS_REMOVED,
    RESPONSE_HEADER_ADDED,
    RESPONSE_HEADER_BECAME_OPTIONAL,
    RESPONSE_HEADER_BECAME_REQUIRED,
    RESPONSE_HEADER_REMOVED,
    RESPONSE_LINK_ADDED,
    RESPONSE_LINK_CHANGED,
    RESPONSE_LINK_REMOVED,
    RESPONSE_NON_SUCCESS_HEADER_REMOVED,
    RESPONSE_NON_SUCCESS_STATUS_ADDED,
    RESPONSE_NON_SUCCESS_STATUS_REMOVED,
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_SUCCESS_STATUS_GENERALIZED,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    SITE_RESPONSE_HEADER,
)
from oasgate.diff.bodies import compare_content
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.schemas import SchemaSite
from oasgate.diff.wire import Wire, serialised_as
from oasgate.loading.document import Node
from oasgate.model.objects import Operation, Response, is_success_status, raw
from oasgate.model.spec import SpecModel
from oasgate.phrases import Phrase


class _Reading(Struct, frozen=True):
    """How clients read an operation's responses: ``head`` (HEAD: no body is ever sent)
    and whether its ``default`` is an error response (D37)."""

    head: bool = False
    default_is_error: bool = True

    def is_error(self, old_status: str, new_status: str) -> bool:
        """Whether the response compared is an error response: the explicit status of the
        pair decides (a ``404`` folded into ``default`` is still read as a 404); a pair of
        two ``default`` responses is one when the operation documents a success status."""
        status = new_status if old_status == "default" else old_status
        if status == "default":
            return self.default_is_error
        return not is_success_status(status)


def compare_responses(
    ctx: DiffContext, base_op: Operation, revision_op: Operation, wire: Wire
) -> list[ChangeKey]:
    """Responses pair by status; a status with no entry of its own on one side is
    compared with the response that covered it there (its range, else ``default``), so
    an explicit response that replaces ``default`` for a status is judged against that
    ``default``, and one folded back into it likewise."""
    keys: list[ChangeKey] = []
    old = ctx.base.responses(base_op)
    new = ctx.revision.responses(revision_op)
    if not old and not new:
        return keys
    responses_node = revision_op.node.get("responses") or revision_op.node
    base_responses = base_op.node.get("responses") or base_op.node
    covers: set[str] = set()  # revision ranges and `default` that took over a status
    reading = _Reading(
        head=revision_op.method == "head", default_is_error=_default_is_error(old, new)
    )
    for status, response in old.items():
        match = new.get(status)
        if match is not None:
            if ctx.equivalence.same(response.node, match.node):
                continue  # the common case: its phrase is not worth writing
            where = wire.where(Phrase("response {status}", status=status))
            keys += _compare_response(ctx, response, match, where, wire, reading)
            continue
        if _split_range(status, new):
            continue  # a range now documented code by code: each code is compared below
        covering = _covering(status, new)
        if covering is not None:
            covers.add(covering)
            if is_success_status(status) and not wire.mirrored:
                keys.append(
                    ctx.changes.emit(
                        RESPONSE_SUCCESS_STATUS_GENERALIZED,
                        response.node,
                        new[covering].node,
                        where=Phrase("responses"),
                        status=status,
                        covering=covering,
                    )
                )
            where = wire.where(
                Phrase(
                    "response {status} (now documented by {covering})",
                    status=status,
                    covering=covering,
                )
            )
            keys += _compare_response(ctx, response, new[covering], where, wire, reading)
            continue
        if wire.mirrored:
            rule = CALLBACK_RESPONSE_STATUS_REMOVED
        elif is_success_status(status):
            rule = RESPONSE_SUCCESS_STATUS_REMOVED
        else:
            rule = RESPONSE_NON_SUCCESS_STATUS_REMOVED
        keys.append(
            ctx.changes.emit(
                rule,
                response.node,
                responses_node,
                where=wire.where(Phrase("responses")),
                status=status,
            )
        )
    for status, response in new.items():
        if status in old or status in covers:
            continue
        covering = _covering(status, old)
        if covering is not None:
            where = wire.where(
                Phrase(
                    "response {status} (documented by {covering} before)",
                    status=status,
                    covering=covering,
                )
            )
            keys += _compare_response(ctx, old[covering], response, where, wire, reading)
            continue
        if wire.mirrored:
            rule = CALLBACK_RESPONSE_STATUS_ADDED
        elif is_success_status(status):
            rule = RESPONSE_SUCCESS_STATUS_ADDED
        else:
            rule = RESPONSE_NON_SUCCESS_STATUS_ADDED
        keys.append(
            ctx.changes.emit(
                rule,
                base_responses,
                response.node,
                where=wire.where(Phrase("responses")),
                status=status,
            )
        )
    return keys


def _compare_response(
    ctx: DiffContext, old: Response, new: Response, where: str, wire: Wire, reading: _Reading
) -> list[ChangeKey]:
    if ctx.equivalence.same(old.node, new.node):
        return []
    keys: list[ChangeKey] = []
    # what an error response no longer documents is a description withdrawn (D37, D103);
    # a callback's responses are what the API reads (mirrored): judged as requests
    error = not wire.mirrored and reading.is_error(old.status, new.status)
    if not (reading.head or _bodiless(old.status) or _bodiless(new.status)):
        keys += compare_content(
            ctx,
            old.content,
            new.content,
            old.node,
            new.node,
            wire.response_side,
            where,
            context=wire.prefix,
            error_body=error,
        )
    if not wire.mirrored:
        keys += _compare_headers(ctx, old, new, error=error)
        keys += _compare_links(ctx, old, new, where)
    return keys


def _compare_headers(
    ctx: DiffContext, old: Response, new: Response, error: bool
) -> list[ChangeKey]:
    """``error``: the headers of an error response, whose header no longer documented is
    a description withdrawn, as its body no longer documented is (D37, D103)."""
    keys: list[ChangeKey] = []
    removed = RESPONSE_NON_SUCCESS_HEADER_REMOVED if error else RESPONSE_HEADER_REMOVED
    for name, header in old.headers.items():
        match = new.headers.get(name)
        where = Phrase("response header '{name}' ({status})", name=header.name, status=new.status)
        if match is None:
            keys.append(ctx.changes.emit(removed, header.node, new.node, where=where))
            continue
        if header.required != match.required:
            rule = (
                RESPONSE_HEADER_BECAME_REQUIRED
                if match.required
                else RESPONSE_HEADER_BECAME_OPTIONAL
            )
            keys.append(ctx.changes.emit(rule, header.node, match.node, where=where))
        if header.schema is not None and match.schema is not None:
            encoding = serialised_as(header.node, match.node)
            site = SchemaSite("response", SITE_RESPONSE_HEADER, where, encoding=encoding)
            keys += ctx.schemas.compare(header.schema, match.schema, site)
    for name, header in new.headers.items():
        if name not in old.headers:
            where = Phrase(
                "response header '{name}' ({status})", name=header.name, status=new.status
            )
            keys.append(ctx.changes.emit(RESPONSE_HEADER_ADDED, old.node, header.node, where=where))
    return keys


def _compare_links(ctx: DiffContext, old: Response, new: Response, where: str) -> list[ChangeKey]:
    old_links, new_links = old.node.get("links"), new.node.get("links")
    if raw(old_links) == raw(new_links):
        return []
    keys: list[ChangeKey] = []
    before = _links(ctx.base, old_links)
    after = _links(ctx.revision, new_links)
    for name, link in before.items():
        match = after.get(name)
        if match is None:
            keys.append(
                ctx.changes.emit(
                    RESPONSE_LINK_REMOVED, link, new.node, name, where=where, link=name
                )
            )
        elif _link_target(link) != _link_target(match) or _link_inputs(link) != _link_inputs(match):
            keys.append(
                ctx.changes.emit(RESPONSE_LINK_CHANGED, link, match, name, where=where, link=name)
            )
    for name, link in after.items():
        if name not in before:
            keys.append(
                ctx.changes.emit(RESPONSE_LINK_ADDED, old.node, link, name, where=where, link=name)
            )
    return keys


def _bodiless(status: str) -> bool:
    """HTTP sends no body with 1xx, 204, 205 and 304: content documented there (often by
    mistake) is not on the wire, and removing it is a correction."""
    return status.startswith("1") or status in ("204", "205", "304")


def _default_is_error(old: dict[str, Response], new: dict[str, Response]) -> bool:
    """``default`` is an error response when both sides document a success status (a 2xx
    code or ``2XX``); on an operation documented by ``default`` alone it is the response
    clients get on success, and its body is judged as a success body."""
    return all(any(is_success_status(status) for status in side) for side in (old, new))


def _covering(status: str, responses: dict[str, Response]) -> str | None:
    """The response that documents ``status`` when it has no entry of its own: its range
    (``4XX`` for 404), else ``default`` (never for a range's own absence of codes)."""
    if len(status) == 3 and status[0].isdigit() and status[1:].isdigit():
        candidate = f"{status[0]}XX"
        if candidate in responses:
            return candidate
    if status != "default" and "default" in responses:
        return "default"
    return None


def _split_range(status: str, responses: dict[str, Response]) -> bool:
    """True when the range ``status`` (``2XX``) is now documented by its individual codes."""
    return (
        len(status) == 3
        and status.endswith("XX")
        and any(code != status and code[:1] == status[:1] for code in responses)
    )


def _links(model: SpecModel, node: Node | None) -> dict[str, Node]:
    if node is None or not isinstance(node.value, dict):
        return {}
    found: dict[str, Node] = {}
    for name in node.value:
        link = model.document.deref(node.child(name))
        if isinstance(link.value, dict):
            found[str(name)] = link
    return found


def _link_target(link: Node) -> tuple[object, object]:
    return (link.value.get("operationId"), link.value.get("operationRef"))


def _link_inputs(link: Node) -> tuple[object, object]:
    return (link.value.get("parameters"), link.value.get("requestBody"))
