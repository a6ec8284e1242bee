"""Paths and their operations paired across the two documents: a path written the same
way pairs with itself, the others by shape; an operation that moved to another path or
method under the same ``operationId`` is a rename; what has no counterpart was removed
or added (a whole path at once when all its operations went or came with it)."""

from __future__ import annotations

from collections import Counter

from oasgate.catalogue.ids import (
    OPERATION_ADDED,
    OPERATION_REMOVED,
    OPERATION_RENAMED,
    PATH_ADDED,
    PATH_REMOVED,
    PATH_TRAILING_SLASH_CHANGED,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.operation import compare_operation
from oasgate.diff.wire import DIRECT
from oasgate.loading.document import Node
from oasgate.model.objects import Operation, path_shape


def paired_path_items(
    base: list[tuple[str, Node]], revision: list[tuple[str, Node]]
) -> tuple[dict[str, tuple[str, Node]], dict[str, tuple[str, Node]]]:
    """Both sides' path items under keys that pair them: a path written the same way on
    both sides pairs with itself; the others pair by shape (parameter names ignored, so
    ``/pets/{id}`` → ``/pets/{petId}`` is the same path), several templates of one shape
    in sorted order — never in the order the document happens to list them."""
    base_written = {path for path, _ in base}
    revision_written = {path for path, _ in revision}
    base_keys = _keyed_paths(base, revision_written)
    revision_keys = _keyed_paths(revision, base_written)
    return base_keys, revision_keys


def _keyed_paths(
    items: list[tuple[str, Node]], on_other_side: set[str]
) -> dict[str, tuple[str, Node]]:
    keyed = {path: (path, item) for path, item in items if path in on_other_side}
    rank: Counter[str] = Counter()
    for path, item in sorted((p for p in items if p[0] not in on_other_side), key=lambda p: p[0]):
        shape = path_shape(path)
        keyed[f"{shape}\x00{rank[shape]}"] = (path, item)
        rank[shape] += 1
    return keyed


def compare_paths(ctx: DiffContext) -> None:
    base_paths, revision_paths = paired_path_items(
        ctx.base.all_path_items(), ctx.revision.all_path_items()
    )
    ids: Counter[tuple[str, str]] = Counter()  # (side, operationId) over every operation
    removed: list[Operation] = []  # operations whose path or method went away
    added: list[Operation] = []
    gone_paths: list[tuple[str, Node, list[Operation]]] = []
    new_paths: list[tuple[str, Node, list[Operation]]] = []
    for path_key, (path, base_item) in base_paths.items():
        base_ops = ctx.base.operations(path, base_item)
        ids.update(("base", op.operation_id) for op in base_ops.values() if op.operation_id)
        matched = revision_paths.get(path_key)
        if matched is None:
            gone_paths.append((path, base_item, list(base_ops.values())))
            removed += base_ops.values()
            continue
        revision_path, revision_item = matched
        revision_ops = ctx.revision.operations(revision_path, revision_item)
        ids.update(("revision", op.operation_id) for op in revision_ops.values() if op.operation_id)
        slash = _trailing_slash(ctx, path, base_item, revision_path, revision_item)
        for method, base_op in base_ops.items():
            revision_op = revision_ops.get(method)
            if revision_op is None:
                removed.append(base_op)
                continue
            ctx.pairs.append((base_op, revision_op))
            keys = compare_operation(ctx, base_op, revision_op, DIRECT)
            ctx.attribute(slash + keys, base_op, revision_op)
        added += (op for method, op in revision_ops.items() if method not in base_ops)
    for path_key, (path, revision_item) in revision_paths.items():
        if path_key not in base_paths:
            ops = list(ctx.revision.operations(path, revision_item).values())
            ids.update(("revision", op.operation_id) for op in ops if op.operation_id)
            new_paths.append((path, revision_item, ops))
            added += ops

    renamed = _operation_renames(removed, added, ids)
    moved_from = {id(b) for b, _ in renamed}
    moved_to = {id(r) for _, r in renamed}
    for base_op, revision_op in renamed:
        ctx.pairs.append((base_op, revision_op))
        key = ctx.changes.emit(
            OPERATION_RENAMED,
            base_op.node,
            revision_op.node,
            old=base_op.label,
            new=revision_op.label,
            operation_id=str(base_op.operation_id),
        )
        keys = compare_operation(ctx, base_op, revision_op, DIRECT)
        ctx.attribute([key, *keys], base_op, revision_op)

    revision_root_paths = ctx.revision.document.root.get("paths")
    base_root_paths = ctx.base.document.root.get("paths")
    for path, item, ops in gone_paths:
        staying = [op for op in ops if id(op) not in moved_from]
        if ops and not staying:
            continue  # every operation moved elsewhere: reported as renames
        key = ctx.changes.emit(PATH_REMOVED, item, revision_root_paths, path=path)
        for op in staying:
            ctx.pairs.append((op, None))
            ctx.attribute([key], op, None)
    gone = {id(op) for _, _, ops in gone_paths for op in ops}
    for base_op in removed:
        if id(base_op) in gone or id(base_op) in moved_from:
            continue
        ctx.pairs.append((base_op, None))
        key = ctx.changes.emit(
            OPERATION_REMOVED,
            base_op.node,
            _path_item_of(ctx.revision.path_items(), base_op),
            operation=base_op.label,
        )
        ctx.attribute([key], base_op, None)
    fresh = {id(op) for _, _, ops in new_paths for op in ops}
    for path, item, ops in new_paths:
        arriving = [op for op in ops if id(op) not in moved_to]
        if ops and not arriving:
            continue
        key = ctx.changes.emit(PATH_ADDED, base_root_paths, item, path=path)
        for op in arriving:
            ctx.attribute([key], None, op)
    for revision_op in added:
        if id(revision_op) in fresh or id(revision_op) in moved_to:
            continue
        key = ctx.changes.emit(
            OPERATION_ADDED,
            _path_item_of(ctx.base.path_items(), revision_op),
            revision_op.node,
            operation=revision_op.label,
        )
        ctx.attribute([key], None, revision_op)


def _path_item_of(other_side: dict[str, tuple[str, Node]], operation: Operation) -> Node | None:
    """The other side's path item of the operation's shape: where an operation removed
    from (or added to) a path that stayed is anchored there."""
    matched = other_side.get(path_shape(operation.path))
    return matched[1] if matched else None


def _trailing_slash(
    ctx: DiffContext, path: str, base_item: Node, revision_path: str, revision_item: Node
) -> list[ChangeKey]:
    if (path.endswith("/") and path != "/") == (
        revision_path.endswith("/") and revision_path != "/"
    ):
        return []
    return [
        ctx.changes.emit(
            PATH_TRAILING_SLASH_CHANGED, base_item, revision_item, old=path, new=revision_path
        )
    ]


def _operation_renames(
    removed: list[Operation], added: list[Operation], ids: Counter[tuple[str, str]]
) -> list[tuple[Operation, Operation]]:
    """Operations that went away while one with the same operationId appeared elsewhere.
    Only unambiguous ids pair: written once in each whole document."""
    if not removed or not added:
        return []
    arrived = {op.operation_id: op for op in added if op.operation_id}
    return [
        (op, arrived[op.operation_id])
        for op in removed
        if op.operation_id in arrived
        and ids[("base", op.operation_id)] == 1
        and ids[("revision", op.operation_id)] == 1
    ]
