"""Document-level comparisons: component schemas that went away, and security schemes
(removed, added, renamed, changed), a scheme's change attributed to every operation whose
base security names it."""

from __future__ import annotations

from oasgate.catalogue.ids import (
    COMPONENT_SCHEMA_REMOVED,
    SECURITY_SCHEME_ADDED,
    SECURITY_SCHEME_REMOVED,
    SECURITY_SCHEME_RENAMED,
)
from oasgate.diff.context import DiffContext
from oasgate.diff.security import compare_scheme, scheme_renames
from oasgate.model.objects import Operation


def compare_component_schemas(ctx: DiffContext) -> None:
    old, new = ctx.base.component_schemas(), ctx.revision.component_schemas()
    if old is None or new is None or old.value.keys() == new.value.keys():
        return
    for name in old.value:
        if name not in new.value:
            ctx.changes.emit(COMPONENT_SCHEMA_REMOVED, old.child(name), new, schema=str(name))


def compare_security_schemes(ctx: DiffContext) -> None:
    old, new = ctx.base.security_schemes(), ctx.revision.security_schemes()
    if not old and not new:
        return
    users: dict[str, list[tuple[Operation, Operation | None]]] | None = None
    renamed = {base_name: name for name, base_name in scheme_renames(old, new).items()}
    for name, scheme in old.items():
        match = new.get(name)
        if match is None and name in renamed:
            keys = [
                ctx.changes.emit(
                    SECURITY_SCHEME_RENAMED,
                    scheme.node,
                    new[renamed[name]].node,
                    old=name,
                    new=renamed[name],
                )
            ]
        elif match is None:
            keys = [ctx.changes.emit(SECURITY_SCHEME_REMOVED, scheme.node, None, scheme=name)]
        elif ctx.equivalence.same(scheme.node, match.node):
            continue
        else:
            keys = compare_scheme(ctx.changes, scheme, match)
        if not keys:
            continue
        if users is None:
            users = _scheme_users(ctx)
        for base_op, revision_op in users.get(name, ()):
            ctx.attribute(keys, base_op, revision_op)
    for name, scheme in new.items():
        if name not in old and name not in renamed.values():
            ctx.changes.emit(SECURITY_SCHEME_ADDED, None, scheme.node, scheme=name)


def _scheme_users(ctx: DiffContext) -> dict[str, list[tuple[Operation, Operation | None]]]:
    """Security scheme name → the operations whose base security names it."""
    users: dict[str, list[tuple[Operation, Operation | None]]] = {}
    for base_op, revision_op in ctx.pairs:
        for requirement in ctx.base.security(base_op).requirements:
            for name, _ in requirement:
                users.setdefault(name, []).append((base_op, revision_op))
    return users
