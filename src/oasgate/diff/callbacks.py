"""Callbacks (of one operation) and webhooks (of the document): operations the API calls
rather than serves, so each is compared *mirrored* (:class:`~oasgate.diff.wire.Wire`).

Both take the operation comparison as ``compare``: it is the operation walk that holds
callbacks, so this module cannot import it.
"""

from __future__ import annotations

from collections.abc import Callable

from oasgate.catalogue.ids import CALLBACK_ADDED, CALLBACK_REMOVED, WEBHOOK_ADDED, WEBHOOK_REMOVED
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.wire import Wire
from oasgate.loading.document import Node
from oasgate.model.objects import Operation
from oasgate.model.spec import SpecModel
from oasgate.phrases import Phrase

#: :func:`oasgate.diff.operation.compare_operation`, passed in by the walks that hold
#: callbacks and webhooks
CompareOperation = Callable[[DiffContext, Operation, Operation, Wire], list[ChangeKey]]


def compare_callbacks(
    ctx: DiffContext, base_op: Operation, revision_op: Operation, compare: CompareOperation
) -> list[ChangeKey]:
    old_raw, new_raw = (
        base_op.node.value.get("callbacks"),
        revision_op.node.value.get("callbacks"),
    )
    if old_raw is None and new_raw is None:
        return []
    keys: list[ChangeKey] = []
    old = ctx.base.callbacks(base_op)
    new = ctx.revision.callbacks(revision_op)
    for (name, expression), item in old.items():
        match = new.get((name, expression))
        old_ops = ctx.base.operations(expression, item)
        new_ops = ctx.revision.operations(expression, match) if match is not None else {}
        for method, op in old_ops.items():
            where = Phrase(
                "callback '{name}' {method} {expression}",
                name=name,
                method=method.upper(),
                expression=expression,
            )
            other = new_ops.get(method)
            if other is None:
                keys.append(
                    ctx.changes.emit(
                        CALLBACK_REMOVED,
                        op.node,
                        match or revision_op.node,
                        where=where,
                        callback=name,
                    )
                )
                continue
            keys += compare(ctx, op, other, Wire(True, Phrase("{place}: ", place=where)))
        for method, op in new_ops.items():
            if method not in old_ops:
                keys.append(_callback_added(ctx, item, op, name, expression, method))
    for (name, expression), item in new.items():
        if (name, expression) not in old:
            for method, op in ctx.revision.operations(expression, item).items():
                keys.append(_callback_added(ctx, base_op.node, op, name, expression, method))
    return keys


def _callback_added(
    ctx: DiffContext, base_anchor: Node, op: Operation, name: str, expression: str, method: str
) -> ChangeKey:
    return ctx.changes.emit(
        CALLBACK_ADDED,
        base_anchor,
        op.node,
        where=Phrase(
            "callback '{name}' {method} {expression}",
            name=name,
            method=method.upper(),
            expression=expression,
        ),
        callback=name,
    )


def compare_webhooks(ctx: DiffContext, compare: CompareOperation) -> None:
    old = ctx.base.webhooks()
    new = ctx.revision.webhooks()
    if not old and not new:
        return
    base_root = ctx.base.document.root.get("webhooks")
    revision_root = ctx.revision.document.root.get("webhooks")
    for name, item in old.items():
        match = new.get(name)
        old_ops = _webhook_operations(ctx.base, name, item)
        new_ops = _webhook_operations(ctx.revision, name, match) if match is not None else {}
        for method, op in old_ops.items():
            other = new_ops.get(method)
            if other is None:
                key = ctx.changes.emit(
                    WEBHOOK_REMOVED,
                    op.node,
                    match or revision_root,
                    webhook=name,
                    method=method.upper(),
                )
                ctx.attribute([key], op, None)
                continue
            where = Phrase("webhook '{name}' {method}: ", name=name, method=method.upper())
            ctx.attribute(compare(ctx, op, other, Wire(True, where)), op, other)
        for method, op in new_ops.items():
            if method not in old_ops:
                key = ctx.changes.emit(
                    WEBHOOK_ADDED, item, op.node, webhook=name, method=method.upper()
                )
                ctx.attribute([key], None, op)
    for name, item in new.items():
        if name not in old:
            for method, op in _webhook_operations(ctx.revision, name, item).items():
                key = ctx.changes.emit(
                    WEBHOOK_ADDED, base_root, op.node, webhook=name, method=method.upper()
                )
                ctx.attribute([key], None, op)


def _webhook_operations(model: SpecModel, name: str, item: Node) -> dict[str, Operation]:
    return model.operations(f"webhook:{name}", item)
