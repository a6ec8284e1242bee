"""One operation compared with its counterpart, *as it applies on the wire*: parameters
with the path level merged in, security and servers inherited from the document when the
operation says nothing. Parts that are equal on both sides (references included) are
skipped at C speed before any of them is walked.
"""

from __future__ import annotations

from oasgate.catalogue.ids import (
    OPERATION_ID_ADDED,
    OPERATION_ID_CHANGED,
    OPERATION_ID_REMOVED,
    OPERATION_TAG_ADDED,
    OPERATION_TAG_REMOVED,
)
from oasgate.diff.bodies import compare_request_bodies
from oasgate.diff.callbacks import compare_callbacks
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.parameters import compare_parameters
from oasgate.diff.responses import compare_responses
from oasgate.diff.security import compare_requirements
from oasgate.diff.servers import compare_servers
from oasgate.diff.wire import Wire
from oasgate.model.objects import Operation
from oasgate.model.prefixes import map_servers


def compare_operation(
    ctx: DiffContext, base_op: Operation, revision_op: Operation, wire: Wire
) -> list[ChangeKey]:
    keys: list[ChangeKey] = []
    if not wire.mirrored:
        keys += _compare_context(ctx, base_op, revision_op)
    same_context = ctx.base.inherited(base_op) == ctx.revision.inherited(revision_op)
    same_path_level = same_context and _same_path_level(ctx, base_op, revision_op)
    if same_path_level and ctx.equivalence.same_apart_from_docs(base_op.node, revision_op.node):
        return keys
    if not wire.mirrored:
        keys += _compare_identity(ctx, base_op, revision_op)
    same_parameters = same_path_level and _same_part(ctx, base_op, revision_op, "parameters")
    if not same_parameters:
        keys += compare_parameters(ctx, base_op, revision_op, wire)
    body_key = ctx.base.request_body_key
    same_body = same_context and (
        same_parameters
        if body_key == "parameters"
        else _same_part(ctx, base_op, revision_op, body_key)
    )
    if not same_body:
        keys += compare_request_bodies(
            ctx,
            ctx.base.request_body(base_op),
            ctx.revision.request_body(revision_op),
            revision_op,
            wire,
        )
    if not (same_context and _same_part(ctx, base_op, revision_op, "responses")):
        keys += compare_responses(ctx, base_op, revision_op, wire)
    if not wire.mirrored and not _same_part(ctx, base_op, revision_op, "callbacks"):
        keys += compare_callbacks(ctx, base_op, revision_op, compare_operation)
    return keys


def _same_part(ctx: DiffContext, base_op: Operation, revision_op: Operation, key: str) -> bool:
    base_part, revision_part = base_op.node.get(key), revision_op.node.get(key)
    if base_part is None or revision_part is None:
        return base_part is None and revision_part is None
    return ctx.equivalence.same(base_part, revision_part)


def _same_path_level(ctx: DiffContext, base_op: Operation, revision_op: Operation) -> bool:
    base_params = base_op.path_item.get("parameters")
    revision_params = revision_op.path_item.get("parameters")
    if base_params is None or revision_params is None:
        return base_params is None and revision_params is None
    return ctx.equivalence.same(base_params, revision_params)


def _compare_context(
    ctx: DiffContext, base_op: Operation, revision_op: Operation
) -> list[ChangeKey]:
    """What an operation inherits from the document: security and servers."""
    keys: list[ChangeKey] = []
    if ctx.base.security_context(base_op) != ctx.revision.security_context(revision_op):
        keys += compare_requirements(
            ctx.changes,
            ctx.base.security(base_op),
            ctx.revision.security(revision_op),
            ctx.renamed_schemes(),
        )
    if ctx.base.servers_context(base_op) != ctx.revision.servers_context(revision_op):
        keys += compare_servers(
            ctx.changes,
            map_servers(ctx.base.servers(base_op), ctx.base.path_prefixes),
            ctx.revision.servers(revision_op),
        )
    return keys


def _compare_identity(
    ctx: DiffContext, base_op: Operation, revision_op: Operation
) -> list[ChangeKey]:
    """operationId and tags: nothing on the wire, but SDKs and docs are built from them."""
    keys: list[ChangeKey] = []
    old_id, new_id = base_op.operation_id, revision_op.operation_id
    if old_id != new_id:
        if old_id is None:
            keys.append(
                ctx.changes.emit(
                    OPERATION_ID_ADDED,
                    base_op.node,
                    revision_op.node.get("operationId"),
                    new=str(new_id),
                )
            )
        elif new_id is None:
            keys.append(
                ctx.changes.emit(
                    OPERATION_ID_REMOVED,
                    base_op.node.get("operationId"),
                    revision_op.node,
                    old=old_id,
                )
            )
        else:
            keys.append(
                ctx.changes.emit(
                    OPERATION_ID_CHANGED,
                    base_op.node.get("operationId"),
                    revision_op.node.get("operationId"),
                    old=old_id,
                    new=new_id,
                )
            )
    old_tags, new_tags = _tags(base_op), _tags(revision_op)
    if old_tags != new_tags:
        base_anchor = base_op.node.get("tags") or base_op.node
        revision_anchor = revision_op.node.get("tags") or revision_op.node
        for tag in sorted(old_tags - new_tags):
            keys.append(
                ctx.changes.emit(OPERATION_TAG_REMOVED, base_anchor, revision_anchor, tag, tag=tag)
            )
        for tag in sorted(new_tags - old_tags):
            keys.append(
                ctx.changes.emit(OPERATION_TAG_ADDED, base_anchor, revision_anchor, tag, tag=tag)
            )
    return keys


def _tags(op: Operation) -> frozenset[str]:
    tags = op.node.value.get("tags")
    return frozenset(str(t) for t in tags) if isinstance(tags, list) else frozenset()
