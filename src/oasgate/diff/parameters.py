"""Parameters of one operation, compared as they apply on the wire: path-level and
operation-level parameters merged, paired by location and name (path parameters by their
place in the template), a parameter that only changed its name paired as a rename."""

from __future__ import annotations

from oasgate.catalogue.ids import (
    CALLBACK_REQUEST_PARAMETER_ADDED,
    CALLBACK_REQUEST_PARAMETER_BECAME_OPTIONAL,
    CALLBACK_REQUEST_PARAMETER_BECAME_REQUIRED,
    CALLBACK_REQUEST_PARAMETER_REMOVED,
    REQUEST_PARAMETER_ALLOW_EMPTY_VALUE_ADDED,
    REQUEST_PARAMETER_ALLOW_EMPTY_VALUE_REMOVED,
    REQUEST_PARAMETER_ALLOW_RESERVED_ADDED,
    REQUEST_PARAMETER_ALLOW_RESERVED_REMOVED,
    REQUEST_PARAMETER_BECAME_OPTIONAL,
    REQUEST_PARAMETER_BECAME_REQUIRED,
    REQUEST_PARAMETER_COLLECTION_FORMAT_CHANGED,
    REQUEST_PARAMETER_OPTIONAL_ADDED,
    REQUEST_PARAMETER_REMOVED,
    REQUEST_PARAMETER_RENAMED,
    REQUEST_PARAMETER_REQUIRED_ADDED,
    REQUEST_PARAMETER_SERIALIZATION_CHANGED,
    SITE_REQUEST_PARAMETER,
    SITE_RESPONSE_HEADER,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.context import DiffContext
from oasgate.diff.schemas import SchemaSite
from oasgate.diff.wire import Wire, serialised_as
from oasgate.model.objects import Operation, Parameter, ParameterKey
from oasgate.phrases import N_, Phrase

#: mirrored (a callback's request) → (became required, became optional)
_PARAMETER_BECAME = {
    False: (REQUEST_PARAMETER_BECAME_REQUIRED, REQUEST_PARAMETER_BECAME_OPTIONAL),
    True: (CALLBACK_REQUEST_PARAMETER_BECAME_REQUIRED, CALLBACK_REQUEST_PARAMETER_BECAME_OPTIONAL),
}


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
                        REQUEST_PARAMETER_RENAMED,
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
                CALLBACK_REQUEST_PARAMETER_REMOVED if wire.mirrored else REQUEST_PARAMETER_REMOVED
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
            rule = CALLBACK_REQUEST_PARAMETER_ADDED
        elif param.required:
            rule = REQUEST_PARAMETER_REQUIRED_ADDED
        else:
            rule = REQUEST_PARAMETER_OPTIONAL_ADDED
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
        required, optional = _PARAMETER_BECAME[wire.mirrored]
        rule = required if new.required else optional
        keys.append(ctx.changes.emit(rule, old.node, new.node, where=where))
    old_form = new_form = None
    if ctx.mixed_versions or _serialization_keys(old) != _serialization_keys(new):
        old_form, new_form = ctx.base.serialization(old), ctx.revision.serialization(new)
    if old_form is not None and new_form is not None and not old_form.same_as(new_form):
        if ctx.swagger2:  # speak the document's language
            rule = REQUEST_PARAMETER_COLLECTION_FORMAT_CHANGED
            before = str(old.node.value.get("collectionFormat", "csv"))
            after = str(new.node.value.get("collectionFormat", "csv"))
        else:
            rule = REQUEST_PARAMETER_SERIALIZATION_CHANGED
            before, after = old_form.describe(), new_form.describe()
        keys.append(ctx.changes.emit(rule, old.node, new.node, where=where, old=before, new=after))
    if not wire.mirrored:
        for flag, added, removed in (
            (
                "allowEmptyValue",
                REQUEST_PARAMETER_ALLOW_EMPTY_VALUE_ADDED,
                REQUEST_PARAMETER_ALLOW_EMPTY_VALUE_REMOVED,
            ),
            (
                "allowReserved",
                REQUEST_PARAMETER_ALLOW_RESERVED_ADDED,
                REQUEST_PARAMETER_ALLOW_RESERVED_REMOVED,
            ),
        ):
            was = old.node.value.get(flag) is True
            now = new.node.value.get(flag) is True
            if was != now:
                rule = added if now else removed
                keys.append(ctx.changes.emit(rule, old.node, new.node, where=where))
    if old.schema is not None and new.schema is not None:
        encoding = serialised_as(old.node, new.node)
        site = (
            SchemaSite(
                "response", SITE_RESPONSE_HEADER, where, context=wire.prefix, encoding=encoding
            )
            if wire.mirrored
            else SchemaSite("request", SITE_REQUEST_PARAMETER, where, encoding=encoding)
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


#: how a parameter is named, by where it travels (phrases: docs/i18n.md)
_PARAMETER = {
    "query": N_("query parameter '{name}'"),
    "header": N_("header parameter '{name}'"),
    "path": N_("path parameter '{name}'"),
    "cookie": N_("cookie parameter '{name}'"),
    "formData": N_("formData parameter '{name}'"),
    "body": N_("body parameter '{name}'"),
}


def _parameter_where(param: Parameter) -> str:
    template = _PARAMETER.get(param.location)
    if template is None:
        return f"{param.location} parameter '{param.name}'"
    return Phrase(template, name=param.name)


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
