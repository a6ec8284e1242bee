"""Parameters of one operation, compared as they apply on the wire: path-level and
operation-level parameters merged, paired by location and name (path parameters by their
place in the template), a parameter that only changed its name paired as a rename."""

from __future__ import annotations

from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.schemas import SchemaSite
from oasgate.diff.wire import Wire, serialised_as
from oasgate.model.objects import Operation, Parameter, ParameterKey


def compare_parameters(
    ctx: DiffContext, base_op: Operation, revision_op: Operation, wire: Wire
) -> list[ChangeKey]:
    keys: list[ChangeKey] = []
    old = ctx.base.parameters(base_op)
    new = ctx.revision.parameters(revision_op)
    renames = {} if wire.mirrored else _parameter_renames(ctx, old, new)
    renamed_to = set(renames.values())
    for key, param in old.items():
        match = new.get(key)
        if match is None:
            if key in renames:
                target = new[renames[key]]
                keys.append(
                    ctx.changes.emit(
                        "request-parameter-renamed",
                        param.node,
                        target.node,
                        where=_parameter_where(param),
                        location=param.location,
                        old=param.name,
                        new=target.name,
                    )
                )
                continue
            rule = (
                "callback-request-parameter-removed"
                if wire.mirrored
                else "request-parameter-removed"
            )
            keys.append(
                ctx.changes.emit(
                    rule,
                    param.node,
                    revision_op.node,
                    where=wire.where(_parameter_where(param)),
                )
            )
            continue
        keys += _compare_parameter(ctx, param, match, wire)
    for key, param in new.items():
        if key in old or key in renamed_to:
            continue
        if wire.mirrored:
            rule = "callback-request-parameter-added"
        elif param.required:
            rule = "request-parameter-required-added"
        else:
            rule = "request-parameter-optional-added"
        keys.append(
            ctx.changes.emit(
                rule, base_op.node, param.node, where=wire.where(_parameter_where(param))
            )
        )
    return keys


def _compare_parameter(
    ctx: DiffContext, old: Parameter, new: Parameter, wire: Wire
) -> list[ChangeKey]:
    keys: list[ChangeKey] = []
    where = wire.where(_parameter_where(new))
    if old.node.value == new.node.value and ctx.equivalence.same(old.node, new.node):
        return keys
    if old.required != new.required:
        change = "became-required" if new.required else "became-optional"
        prefix = "callback-request-parameter" if wire.mirrored else "request-parameter"
        keys.append(ctx.changes.emit(f"{prefix}-{change}", old.node, new.node, where=where))
    old_form = new_form = None
    if ctx.mixed_versions or _serialization_keys(old) != _serialization_keys(new):
        old_form, new_form = ctx.base.serialization(old), ctx.revision.serialization(new)
    if old_form is not None and new_form is not None and not old_form.same_as(new_form):
        if ctx.swagger2:  # speak the document's language
            rule = "request-parameter-collection-format-changed"
            before = str(old.node.value.get("collectionFormat", "csv"))
            after = str(new.node.value.get("collectionFormat", "csv"))
        else:
            rule = "request-parameter-serialization-changed"
            before, after = old_form.describe(), new_form.describe()
        keys.append(ctx.changes.emit(rule, old.node, new.node, where=where, old=before, new=after))
    if not wire.mirrored:
        for flag, rule in (
            ("allowEmptyValue", "request-parameter-allow-empty-value"),
            ("allowReserved", "request-parameter-allow-reserved"),
        ):
            was = old.node.value.get(flag) is True
            now = new.node.value.get(flag) is True
            if was != now:
                suffix = "added" if now else "removed"
                keys.append(ctx.changes.emit(f"{rule}-{suffix}", old.node, new.node, where=where))
    if old.schema is not None and new.schema is not None:
        encoding = serialised_as(old.node, new.node)
        site = (
            SchemaSite("response", "response-header", where, context=wire.prefix, encoding=encoding)
            if wire.mirrored
            else SchemaSite("request", "request-parameter", where, encoding=encoding)
        )
        keys += ctx.schemas.compare(old.schema, new.schema, site)
    return keys


def _parameter_renames(
    ctx: DiffContext, old: dict[ParameterKey, Parameter], new: dict[ParameterKey, Parameter]
) -> dict[ParameterKey, ParameterKey]:
    """A parameter that went away while one with the same location and the same schema
    appeared: a rename. Only unambiguous pairs (one candidate each way) count."""
    removed = [k for k in old if k not in new and k.location != "path"]
    added = [k for k in new if k not in old and k.location != "path"]
    if not removed or not added:
        return {}

    def same(a: Parameter, b: Parameter) -> bool:
        return (
            a.location == b.location
            and a.schema is not None
            and b.schema is not None
            and ctx.equivalence.same(a.schema, b.schema)
        )

    renames: dict[ParameterKey, ParameterKey] = {}
    for key in removed:
        candidates = [k for k in added if same(old[key], new[k])]
        if len(candidates) != 1:
            continue
        back = [k for k in removed if same(old[k], new[candidates[0]])]
        if back == [key]:
            renames[key] = candidates[0]
    return renames


def _parameter_where(param: Parameter) -> str:
    return f"{param.location} parameter '{param.name}'"


def _serialization_keys(param: Parameter) -> tuple[object, ...]:
    """What a parameter's serialisation is computed from, besides its location and the
    kind of its schema (a change of kind is a type change, reported as such)."""
    value = param.node.value
    content = value.get("content")
    return (
        value.get("style"),
        value.get("explode"),
        value.get("collectionFormat"),
        tuple(content) if isinstance(content, dict) else None,
    )
