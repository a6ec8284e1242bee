"""Request bodies, and the media types of any body (a request's or a response's): media
types paired by name (or as the same type written more or less specifically), each pair's
schemas compared at the body's site."""

from __future__ import annotations

from oasgate.catalogue import RuleId
from oasgate.catalogue.ids import (
    CALLBACK_REQUEST_BODY_ADDED,
    CALLBACK_REQUEST_BODY_BECAME_OPTIONAL,
    CALLBACK_REQUEST_BODY_BECAME_REQUIRED,
    CALLBACK_REQUEST_BODY_REMOVED,
    CALLBACK_REQUEST_MEDIA_TYPE_ADDED,
    CALLBACK_REQUEST_MEDIA_TYPE_REMOVED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_OPTIONAL_ADDED,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_REQUIRED_ADDED,
    REQUEST_MEDIA_TYPE_ADDED,
    REQUEST_MEDIA_TYPE_GENERALIZED,
    REQUEST_MEDIA_TYPE_ITEM_SCHEMA_ADDED,
    REQUEST_MEDIA_TYPE_ITEM_SCHEMA_REMOVED,
    REQUEST_MEDIA_TYPE_PARAMETERS_CHANGED,
    REQUEST_MEDIA_TYPE_REMOVED,
    REQUEST_MEDIA_TYPE_SCHEMA_ADDED,
    REQUEST_MEDIA_TYPE_SCHEMA_REMOVED,
    REQUEST_MEDIA_TYPE_SPECIALIZED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_MEDIA_TYPE_GENERALIZED,
    RESPONSE_MEDIA_TYPE_ITEM_SCHEMA_ADDED,
    RESPONSE_MEDIA_TYPE_ITEM_SCHEMA_REMOVED,
    RESPONSE_MEDIA_TYPE_PARAMETERS_CHANGED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_MEDIA_TYPE_SCHEMA_ADDED,
    RESPONSE_MEDIA_TYPE_SCHEMA_REMOVED,
    RESPONSE_MEDIA_TYPE_SPECIALIZED,
    RESPONSE_NON_SUCCESS_MEDIA_TYPE_CHANGED,
    RESPONSE_NON_SUCCESS_MEDIA_TYPE_ITEM_SCHEMA_REMOVED,
    RESPONSE_NON_SUCCESS_MEDIA_TYPE_REMOVED,
    RESPONSE_NON_SUCCESS_MEDIA_TYPE_SCHEMA_REMOVED,
)
from oasgate.diff import media as media_pairs
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.schema_site import BODY_SITE, FORM, JSON
from oasgate.diff.schemas import SchemaSite
from oasgate.diff.wire import Wire
from oasgate.loading.document import Node
from oasgate.model.objects import MediaType, Operation, RequestBody
from oasgate.phrases import Phrase

#: Bodies whose fields travel as text (a form), however each field is typed.
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")

# -- rules that depend on the side of the wire ------------------------------------------------

#: mirrored (a callback's request) → (removed, became required, became optional)
_BODY_RULES = {
    False: (REQUEST_BODY_REMOVED, REQUEST_BODY_BECAME_REQUIRED, REQUEST_BODY_BECAME_OPTIONAL),
    True: (
        CALLBACK_REQUEST_BODY_REMOVED,
        CALLBACK_REQUEST_BODY_BECAME_REQUIRED,
        CALLBACK_REQUEST_BODY_BECAME_OPTIONAL,
    ),
}
#: side (a callback's request: the API sends it unasked) → (media type removed, added)
_MEDIA_TYPE_RULES = {
    "request": (REQUEST_MEDIA_TYPE_REMOVED, REQUEST_MEDIA_TYPE_ADDED),
    "response": (RESPONSE_MEDIA_TYPE_REMOVED, RESPONSE_MEDIA_TYPE_ADDED),
    "callback-request": (CALLBACK_REQUEST_MEDIA_TYPE_REMOVED, CALLBACK_REQUEST_MEDIA_TYPE_ADDED),
}
#: side → (a media type's schema added, removed)
_MEDIA_SCHEMA_RULES = {
    "request": (REQUEST_MEDIA_TYPE_SCHEMA_ADDED, REQUEST_MEDIA_TYPE_SCHEMA_REMOVED),
    "response": (RESPONSE_MEDIA_TYPE_SCHEMA_ADDED, RESPONSE_MEDIA_TYPE_SCHEMA_REMOVED),
}
#: side → (a media type's itemSchema added, removed): OpenAPI 3.2's sequential media types
_ITEM_SCHEMA_RULES = {
    "request": (REQUEST_MEDIA_TYPE_ITEM_SCHEMA_ADDED, REQUEST_MEDIA_TYPE_ITEM_SCHEMA_REMOVED),
    "response": (RESPONSE_MEDIA_TYPE_ITEM_SCHEMA_ADDED, RESPONSE_MEDIA_TYPE_ITEM_SCHEMA_REMOVED),
}
#: side → how a media type paired with one of another name → the rule
_MEDIA_RENAMED_RULES = {
    "request": {
        media_pairs.Pairing.PARAMETERS: REQUEST_MEDIA_TYPE_PARAMETERS_CHANGED,
        media_pairs.Pairing.GENERALIZED: REQUEST_MEDIA_TYPE_GENERALIZED,
        media_pairs.Pairing.SPECIALIZED: REQUEST_MEDIA_TYPE_SPECIALIZED,
    },
    "response": {
        media_pairs.Pairing.PARAMETERS: RESPONSE_MEDIA_TYPE_PARAMETERS_CHANGED,
        media_pairs.Pairing.GENERALIZED: RESPONSE_MEDIA_TYPE_GENERALIZED,
        media_pairs.Pairing.SPECIALIZED: RESPONSE_MEDIA_TYPE_SPECIALIZED,
    },
}


def compare_request_bodies(
    ctx: DiffContext,
    old: RequestBody | None,
    new: RequestBody | None,
    revision_op: Operation,
    wire: Wire,
) -> list[ChangeKey]:
    where = wire.where(Phrase("request body"))
    removed, required, optional = _BODY_RULES[wire.mirrored]
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        if wire.mirrored:
            rule = CALLBACK_REQUEST_BODY_ADDED
        else:
            rule = REQUEST_BODY_REQUIRED_ADDED if new.required else REQUEST_BODY_OPTIONAL_ADDED
        return [ctx.changes.emit(rule, None, new.node, where=where)]
    if new is None:
        return [ctx.changes.emit(removed, old.node, revision_op.node, where=where)]
    keys: list[ChangeKey] = []
    if old.required != new.required:
        rule = required if new.required else optional
        keys.append(ctx.changes.emit(rule, old.node, new.node, where=where))
    keys += compare_content(
        ctx,
        old.content,
        new.content,
        old.node,
        new.node,
        wire.request_side,
        where,
        sent_unasked=wire.mirrored,
        context=wire.prefix,
    )
    return keys


def compare_content(
    ctx: DiffContext,
    old: dict[str, MediaType],
    new: dict[str, MediaType],
    old_owner: Node,
    new_owner: Node,
    side: str,
    where: str,
    sent_unasked: bool = False,
    context: str = "",
    error_body: bool = False,
) -> list[ChangeKey]:
    """``sent_unasked``: the API sends this body without the receiver choosing a media
    type (a callback request), so a new media type is the widening, not a removed one.
    ``error_body``: the body of an error response, whose media type no longer documented
    is the same change as the error response no longer documented (D37)."""
    keys: list[ChangeKey] = []
    removed_rule, added_rule = _MEDIA_TYPE_RULES["callback-request" if sent_unasked else side]
    if error_body:
        removed_rule = RESPONSE_NON_SUCCESS_MEDIA_TYPE_REMOVED
    paired = media_pairs.pair_media(old, new)
    for name in paired.removed:
        media = old[name]
        keys.append(
            ctx.changes.emit(
                removed_rule,
                media.node,
                new_owner,
                where=where,
                media_type=media.name,
            )
        )
    for old_name, new_name, how in paired.pairs:
        before, after = old[old_name], new[new_name]
        if how is not media_pairs.Pairing.SAME:
            rule = _media_renamed_rule(how, side, error_body)
            keys.append(
                ctx.changes.emit(
                    rule, before.node, after.node, where=where, old=before.name, new=after.name
                )
            )
        keys += _compare_media_schemas(ctx, before, after, side, where, context, error_body)
        if before.item_schema is not None or after.item_schema is not None:
            keys += _compare_item_schemas(ctx, before, after, side, where, context, error_body)
    for name in paired.added:
        media = new[name]
        keys.append(
            ctx.changes.emit(
                added_rule,
                old_owner,
                media.node,
                where=where,
                media_type=media.name,
            )
        )
    return keys


def _compare_media_schemas(
    ctx: DiffContext,
    old: MediaType,
    new: MediaType,
    side: str,
    where: str,
    context: str,
    error_body: bool = False,
) -> list[ChangeKey]:
    """``error_body``: an error response's schema no longer documented is less than its
    media type no longer documented, and gets the same verdict (D37)."""
    if old.schema is not None and new.schema is not None:
        encoding = FORM if _is_form(old.name) and _is_form(new.name) else JSON
        site = SchemaSite(
            side, BODY_SITE[side], f"{where} ({new.name})", context=context, encoding=encoding
        )
        return ctx.schemas.compare(old.schema, new.schema, site)
    if old.schema is None and new.schema is not None:
        return [
            ctx.changes.emit(
                _MEDIA_SCHEMA_RULES[side][0],
                old.node,
                new.schema,
                where=where,
                media_type=new.name,
            )
        ]
    if old.schema is not None and new.schema is None:
        return [
            ctx.changes.emit(
                RESPONSE_NON_SUCCESS_MEDIA_TYPE_SCHEMA_REMOVED
                if error_body
                else _MEDIA_SCHEMA_RULES[side][1],
                old.schema,
                new.node,
                where=where,
                media_type=new.name,
            )
        ]
    return []


def _compare_item_schemas(
    ctx: DiffContext,
    old: MediaType,
    new: MediaType,
    side: str,
    where: str,
    context: str,
    error_body: bool,
) -> list[ChangeKey]:
    """OpenAPI 3.2 ``itemSchema``: each item of a sequence or stream (an event of
    ``text/event-stream``, a line of JSON Lines) compared like the body it is part of, on
    the same side of the wire; one that appears or goes is the body's schema appearing or
    going, item by item."""
    if old.item_schema is not None and new.item_schema is not None:
        site = SchemaSite(
            side, BODY_SITE[side], f"{where} ({new.name} items)", context=context, encoding=JSON
        )
        return ctx.schemas.compare(old.item_schema, new.item_schema, site)
    added, removed = _ITEM_SCHEMA_RULES[side]
    if old.item_schema is None and new.item_schema is not None:
        return [
            ctx.changes.emit(added, old.node, new.item_schema, where=where, media_type=new.name)
        ]
    assert old.item_schema is not None
    rule = RESPONSE_NON_SUCCESS_MEDIA_TYPE_ITEM_SCHEMA_REMOVED if error_body else removed
    return [ctx.changes.emit(rule, old.item_schema, new.node, where=where, media_type=new.name)]


def _is_form(media: str) -> bool:
    return media.split(";")[0].strip().lower() in _FORM_MEDIA


def _media_renamed_rule(how: media_pairs.Pairing, side: str, error_body: bool) -> RuleId:
    """The rule for a media type paired with one of another name. On an error body a
    wildcard or a changed parameter is less than the media type removed, so it gets that
    verdict (D37); a wildcard narrowed is compatible on every response."""
    if error_body and how is not media_pairs.Pairing.SPECIALIZED:
        return RESPONSE_NON_SUCCESS_MEDIA_TYPE_CHANGED
    return _MEDIA_RENAMED_RULES[side][how]
