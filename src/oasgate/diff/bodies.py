"""Request bodies, and the media types of any body (a request's or a response's): media
types paired by name (or as the same type written more or less specifically), each pair's
schemas compared at the body's site."""

from __future__ import annotations

from oasgate.diff import media as media_pairs
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.schema_site import FORM, JSON
from oasgate.diff.schemas import SchemaSite
from oasgate.diff.wire import Wire
from oasgate.loading.document import Node
from oasgate.model.objects import MediaType, Operation, RequestBody

#: Bodies whose fields travel as text (a form), however each field is typed.
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")


def compare_request_bodies(
    ctx: DiffContext,
    old: RequestBody | None,
    new: RequestBody | None,
    revision_op: Operation,
    wire: Wire,
) -> list[ChangeKey]:
    where = wire.where("request body")
    prefix = "callback-request-body" if wire.mirrored else "request-body"
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        if wire.mirrored:
            rule = "callback-request-body-added"
        else:
            rule = "request-body-required-added" if new.required else "request-body-optional-added"
        return [ctx.changes.emit(rule, None, new.node, where=where)]
    if new is None:
        return [ctx.changes.emit(f"{prefix}-removed", old.node, revision_op.node, where=where)]
    keys: list[ChangeKey] = []
    if old.required != new.required:
        change = "became-required" if new.required else "became-optional"
        keys.append(ctx.changes.emit(f"{prefix}-{change}", old.node, new.node, where=where))
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
    family = "callback-request" if sent_unasked else side
    removed_rule = (
        "response-non-success-media-type-removed" if error_body else f"{family}-media-type-removed"
    )
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
    for name in paired.added:
        media = new[name]
        keys.append(
            ctx.changes.emit(
                f"{family}-media-type-added",
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
            side, f"{side}-body", f"{where} ({new.name})", context=context, encoding=encoding
        )
        return ctx.schemas.compare(old.schema, new.schema, site)
    if old.schema is None and new.schema is not None:
        return [
            ctx.changes.emit(
                f"{side}-media-type-schema-added",
                old.node,
                new.schema,
                where=where,
                media_type=new.name,
            )
        ]
    if old.schema is not None and new.schema is None:
        return [
            ctx.changes.emit(
                "response-non-success-media-type-schema-removed"
                if error_body
                else f"{side}-media-type-schema-removed",
                old.schema,
                new.node,
                where=where,
                media_type=new.name,
            )
        ]
    return []


def _is_form(media: str) -> bool:
    return media.split(";")[0].strip().lower() in _FORM_MEDIA


def _media_renamed_rule(how: media_pairs.Pairing, side: str, error_body: bool) -> str:
    """The rule for a media type paired with one of another name. On an error body a
    wildcard or a changed parameter is less than the media type removed, so it gets that
    verdict (D37); a wildcard narrowed is compatible on every response."""
    if error_body and how is not media_pairs.Pairing.SPECIALIZED:
        return "response-non-success-media-type-changed"
    return {
        media_pairs.Pairing.PARAMETERS: f"{side}-media-type-parameters-changed",
        media_pairs.Pairing.GENERALIZED: f"{side}-media-type-generalized",
        media_pairs.Pairing.SPECIALIZED: f"{side}-media-type-specialized",
    }[how]
