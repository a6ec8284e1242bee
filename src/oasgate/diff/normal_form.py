"""The normal form of a schema's spelling: the text two schemas share when they differ
only in how they are written.

"The same schema, whatever the text" is asked in many places — is a write-only property
changed, are two declarations of a property one, are two variants one, is a named
``allOf`` member written out on the other side. :func:`normal_form` gives every way of
writing one schema a single spelling (lists whose order means nothing sorted, 3.0's
``nullable`` and exclusive bounds as 3.1 writes them, a one-member wrapper as its member);
:func:`normal_text` is its canonical bytes, and :func:`expanded_text` the same with every
``$ref`` replaced by its target, within a budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from oasgate.diff.references import Resolver, identity, is_ref
from oasgate.diff.schema_reading import (
    ANNOTATIONS,
    COMPOSE_ALL,
    COMPOSITIONS,
    EXCLUSIVE,
    declared_types,
    is_extension,
    is_null_schema,
    show_decimal,
    stated_bound,
)
from oasgate.errors import OasgateError
from oasgate.loading.canonical import dump_value
from oasgate.loading.document import Node

#: Lists whose order means nothing in a schema.
_ORDERLESS_KEYS = frozenset({"allOf", "oneOf", "anyOf", "enum", "required", "type"})
#: Where a schema holds subschemas: one, a list, or a map of names to schemas.
_SUBSCHEMA_KEYS = frozenset(
    {
        "items",
        "additionalItems",
        "additionalProperties",
        "unevaluatedItems",
        "unevaluatedProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "contentSchema",
    }
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "oneOf", "anyOf", "prefixItems"})
_SUBSCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}
)
#: What a one-member ``allOf``/``anyOf``/``oneOf`` may say beside its member and still be
#: the member itself (plus null, when it says ``nullable``): what 3.1 keeps on the outside
#: when it restates a 3.0 ``nullable: true`` as ``anyOf: [X, {type: 'null'}]``.
_BESIDE_ONE_MEMBER = ANNOTATIONS | {"nullable", "readOnly", "writeOnly", "default"}


class _Memo:
    """Normal forms and texts by value, for values that live as long as the memo (each
    entry keeps its value, so no other object can take its ``id``)."""

    __slots__ = ("forms", "texts")

    def __init__(self) -> None:
        self.forms: dict[int, tuple[Any, Any]] = {}
        self.texts: dict[int, tuple[Any, bytes]] = {}


_remembered: ContextVar[_Memo | None] = ContextVar("normal_forms", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within the block, each schema's normal form is worked out once. The comparer asks
    again for the same variants, members and declarations wherever their owner is met
    (OpenSearch: 4,391 normal forms of 2,033 schemas); the documents do not change while
    it runs, and what the memo holds is let go when the block ends."""
    token = _remembered.set(_Memo())
    try:
        yield
    finally:
        _remembered.reset(token)


def normal_form(value: Any) -> Any:
    """One spelling for every way of writing a schema the comparer reads as one: the
    value to compare when "the same schema, whatever the text" is the question (is a
    write-only property changed, are two declarations one, are two variants one).

    Lists whose order means nothing are sorted; null is allowed the way
    :func:`declared_types` and :func:`is_null_schema` read it (``nullable: true``, a
    ``'null'`` in the type list, a ``{type: 'null'}`` variant — and null in the enum of a
    nullable schema says nothing more, as the enum comparison has it); a bound is read as
    :func:`stated_bound` reads it (a boolean ``exclusiveMinimum`` beside ``minimum: n``, or
    ``exclusiveMinimum: n``); ``example`` is ``examples: [example]``; and a one-member
    ``allOf``/``anyOf``/``oneOf`` with nothing but annotations beside it is that member. So
    a 3.0 schema and its 3.1 restatement have one normal form. Free data (enum values,
    examples, defaults) is left as written; ``$ref``s are compared as text."""
    return _normal_form(value, _remembered.get())


def _normal_form(value: Any, memo: _Memo | None) -> Any:
    if not isinstance(value, dict):
        return value
    if memo is not None:
        known = memo.forms.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
    out: dict[Any, Any] = {}
    for key, item in value.items():
        if key in _SUBSCHEMA_LISTS and isinstance(item, list):
            item = [_normal_form(member, memo) for member in item]
        elif key in _SUBSCHEMA_MAPS and isinstance(item, dict):
            item = {name: _normal_form(schema, memo) for name, schema in item.items()}
        elif key in _SUBSCHEMA_KEYS:
            item = (
                [_normal_form(s, memo) for s in item]
                if isinstance(item, list)
                else _normal_form(item, memo)
            )
        if key in _ORDERLESS_KEYS and isinstance(item, list):
            item = sorted(item, key=_text)
        out[key] = item
    form = _respelt(out)
    if memo is not None:
        memo.forms[id(value)] = (value, form)
    return form


def normal_text(value: Any) -> bytes:
    """:func:`normal_form` as canonical bytes: equal for two spellings of one schema (and,
    unlike ``==`` on the values, never for ``true`` and ``1``)."""
    memo = _remembered.get()
    if memo is None or not isinstance(value, dict):
        return _text(_normal_form(value, memo))
    known = memo.texts.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    text = _text(_normal_form(value, memo))
    memo.texts[id(value)] = (value, text)
    return text


class _Overgrown(Exception):
    """An expansion past its budget of nodes."""


def expanded_text(document: Resolver, node: Node, budget: int = 4_000) -> bytes | None:
    """:func:`normal_text` of a schema with every ``$ref`` in it replaced by its target: equal
    for a schema and a copy of it whose parts were extracted into components (or inlined).

    A reference back into a schema being expanded stays a reference (to the target's
    identity), so recursive schemas end; past ``budget`` nodes, or at a reference that does
    not resolve, the answer is ``None`` (no claim), so the cost stays bounded whatever the
    document. A bare ``$ref`` expands to what its target does, so the uses of one
    component share one expansion (OpenSearch: 52 expansions of a handful of members)."""
    key: tuple[Any, ...] = (node.file, node.pointer)
    if isinstance(node.value, dict) and len(node.value) == 1 and is_ref(node.value):
        target = document.deref(node)
        key = ("$ref", target.file, target.pointer)
    if key in document.expansions:
        return document.expansions[key]
    document.expansions[key] = text = _expanded_text(document, node, budget)
    return text


def _expanded_text(document: Resolver, node: Node, budget: int) -> bytes | None:
    visited = 0

    def expand(current: Node, stack: frozenset[tuple[str, tuple[Any, ...]]]) -> Any:
        nonlocal visited
        visited += 1
        if visited > budget:
            raise _Overgrown
        value = current.value
        if isinstance(value, list):
            return [expand(current.child(index), stack) for index in range(len(value))]
        if not isinstance(value, dict):
            return value
        if is_ref(value):
            target = document.deref(current)
            ident = identity(document, target)
            if ident in stack:
                return {"$ref": repr(ident)}
            inner = expand(target, stack | {ident})
            siblings = {key: expand(current.child(key), stack) for key in value if key != "$ref"}
            return {"allOf": [inner], **siblings} if siblings else inner
        return {key: expand(current.child(key), stack) for key in value}

    try:
        # a fresh tree, met once: not remembered
        return _text(_normal_form(expand(node, frozenset()), None))
    except (_Overgrown, OasgateError, RecursionError):
        return None


def _text(value: Any) -> bytes:
    return dump_value(value, sort_keys=True)


def _respelt(schema: dict[Any, Any]) -> dict[Any, Any]:
    """:func:`normal_form` of one schema object whose subschemas are in normal form."""
    if "example" in schema and "examples" not in schema:
        schema["examples"] = [schema.pop("example")]
    for limit, exclusive in EXCLUSIVE.items():
        bound = stated_bound(schema, limit)
        for key in (limit, exclusive):
            if isinstance(schema.get(key), (bool, int, float)):
                del schema[key]
        if bound is not None:
            schema[exclusive if bound.exclusive else limit] = show_decimal(bound.value)
    for keyword in COMPOSITIONS:
        members = schema.get(keyword)
        if isinstance(members, list) and any(is_null_schema(m) for m in members):
            kept = [m for m in members if not is_null_schema(m)]
            if kept:
                schema[keyword] = kept
                schema["nullable"] = True
    member = _only_member(schema)
    if member is not None:
        return _respelt(member)
    types, nullable = declared_types(schema)
    schema.pop("nullable", None)
    schema.pop("x-nullable", None)
    if isinstance(schema.get("type"), (str, list)):
        schema["type"] = sorted(types or ()) + (["null"] if nullable else [])
    elif nullable:
        schema["nullable"] = True
    if nullable and isinstance(schema.get("enum"), list):
        schema["enum"] = [v for v in schema["enum"] if v is not None]
    return schema


def _only_member(schema: dict[Any, Any]) -> dict[Any, Any] | None:
    """The one member of a composition with nothing but annotations beside it, with those
    annotations moved into it (``None`` when that would say something else)."""
    keywords = [k for k in COMPOSE_ALL if k in schema]
    if len(keywords) != 1:
        return None
    members = schema[keywords[0]]
    if not (isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict)):
        return None
    beside = {k: v for k, v in schema.items() if k != keywords[0]}
    if not all(k in _BESIDE_ONE_MEMBER or is_extension(k) for k in beside):
        return None
    member: dict[Any, Any] = dict(members[0])
    if any(k in member and _text(member[k]) != _text(v) for k, v in beside.items()):
        return None
    return {**member, **beside}
