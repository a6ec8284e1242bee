"""Whether a whole union still admits a value one of its variants dropped.

Comparing a ``oneOf``/``anyOf`` pairs variants and compares each pair on its own; a value
one variant no longer lists may have moved to another variant of the same union
(DigitalOcean's ``instance_size_slug``: the old size slugs moved from the "Size slug"
variant to a "Deprecated" one). For the union nothing was removed, and a finding "enum
value removed" would be one no payload can show (docs/witnesses.md, decision D64).

The answer here is deliberately one-sided: :func:`union_admits` is True only when every
variant's verdict on the value is certain (an ``enum`` or ``const`` that lists or excludes
it, a type that cannot hold it); anything it cannot read keeps the finding.
"""

from __future__ import annotations

from typing import Any

from oasgate.diff.references import Resolver
from oasgate.diff.schema_base import json_equal, subset
from oasgate.diff.schema_reading import ANNOTATIONS, is_extension, types_text
from oasgate.diff.schema_site import Union
from oasgate.diff.schema_view import SchemaView
from oasgate.loading.document import Node

#: What a variant may say beside its values and still admit every value its enum lists
#: (``format`` is an annotation to a validator unless asked, docs/witnesses.md).
_PLAIN = ANNOTATIONS | {"type", "enum", "const", "nullable", "x-nullable", "format", "default"}


def _json_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return None


def _listed(view: SchemaView, value: Any) -> bool | None:
    """Whether the variant's ``enum``/``const`` lists the value (None: it has neither)."""
    listed: bool | None = None
    for node in view.all("enum"):
        if isinstance(node.value, list):
            here = any(json_equal(value, v) for v in node.value)
            listed = here if listed is None else listed and here
    for node in view.all("const"):
        here = json_equal(value, node.value)
        listed = here if listed is None else listed and here
    return listed


def verdict(document: Resolver, node: Node, value: Any) -> bool | None:
    """True: the variant admits the scalar ``value``; False: it refuses it; None: unsure."""
    kind = _json_type(value)
    if kind is None:
        return None
    view = SchemaView(document, document.deref(node))
    types = view.types()[0]
    if types is not None and kind not in types and not (kind == "integer" and "number" in types):
        return False
    listed = _listed(view, value)
    if listed is False:
        return False
    excluded = view.merged("not")
    if excluded is not None and value_in(_finite(document, excluded), value):
        return False  # ``not: {enum: [...]}`` listing it (OpenSearch's ScriptLanguage)
    plain = all(key in _PLAIN or is_extension(key) for key in view.keywords() - {"allOf"})
    return True if listed and plain else None


def _admits(document: Resolver, variants: tuple[Node, ...], keyword: str, value: Any) -> bool:
    verdicts = [verdict(document, variant, value) for variant in variants]
    if keyword == "oneOf":
        return verdicts.count(True) == 1 and verdicts.count(False) == len(verdicts) - 1
    return True in verdicts  # anyOf, or the one plain schema a union was wrapped from


def still_admitted(
    union: Union | None, base: Resolver, revision: Resolver, value: Any, removed: bool
) -> bool:
    """Whether a value one variant dropped (``removed``) or gained is, for the whole
    union, no change: a value dropped that the revision's union still admits, a value
    gained that both unions admit."""
    if union is None:
        return False
    if not _admits(revision, union.revision, union.revision_keyword, value):
        return False
    return removed or _admits(base, union.base, union.base_keyword, value)


def value_in(values: list[Any] | None, value: Any) -> bool:
    return values is not None and any(json_equal(value, v) for v in values)


def excluded_values_kept(
    union: Union | None, base: Resolver, revision: Resolver, excluded: Node
) -> bool:
    """Whether a ``not`` added to a variant excludes only values the revision's union still
    admits through another variant: ``oneOf [builtin enum, {type: string, not: builtin}]``
    (the ``not`` only keeps the two variants apart) takes every string it took."""
    values = _finite(revision, excluded)
    return bool(values) and all(
        still_admitted(union, base, revision, value, True) for value in values or ()
    )


def _finite(document: Resolver, node: Node) -> list[Any] | None:
    """The values a plain enum (or const) variant lists; None for any other schema."""
    view = SchemaView(document, document.deref(node))
    if not all(key in _PLAIN or is_extension(key) for key in view.keywords()):
        return None
    values = view.enum("enum")
    if values is None:
        constant = view.first("const")
        values = None if constant is None else [constant.value]
    return values


def spread(
    base: Resolver,
    old: Node,
    revision: Resolver,
    variants: list[Node],
    keyword: str,
    response: bool,
) -> bool:
    """Whether a new union only spreads an old enum's values over its variants: every
    variant an enum (or const) of values the old schema takes. Such a union takes no value
    the old schema did not; what it no longer takes, the variant compared with the old
    schema reports as removed values. Under ``oneOf`` a value two variants list is refused:
    for a response that is fewer values still, for a request a narrowing nothing else
    reports, so the wrap stays there."""
    old_view = SchemaView(base, base.deref(old))
    if not all(key in _PLAIN or is_extension(key) for key in old_view.keywords()):
        return False
    listed: list[Any] = []
    for variant in variants:
        values = _finite(revision, variant)
        if values is None:
            return False
        listed.extend(values)
    for value in listed:
        twice = sum(json_equal(value, other) for other in listed) > 1
        if keyword == "oneOf" and twice:
            if not response:
                return False
            continue  # refused by the union: not a value it takes
        if verdict(base, old, value) is not True:
            return False
    return True


def no_new_value(
    base: Resolver,
    was: list[Node],
    old_keyword: str,
    revision: Resolver,
    now: list[Node],
    index: int,
    keyword: str,
    response: bool,
) -> bool:
    """Whether a variant added to a union adds no value to what it takes: a plain enum
    whose every value the old union takes — or, under ``oneOf`` in a response, another new
    variant takes too (a value two variants take is refused: fewer values, which a
    response may send). In a request such a value is a narrowing nothing else reports, so
    the variant stays reported there."""
    values = _finite(revision, now[index])
    if values is None:
        return False
    others = tuple(node for position, node in enumerate(now) if position != index)
    for value in values:
        if keyword == "oneOf" and any(verdict(revision, n, value) is not False for n in others):
            if response and any(verdict(revision, n, value) is True for n in others):
                continue
            return False
        if not _admits(base, tuple(was), old_keyword, value):
            return False
    return True


#: What a variant may say and still be no more than its type (``integer``).
_TYPE_ONLY = ANNOTATIONS | {"type", "format"}


def inside_types(document: Resolver, old: SchemaView, now: list[Node], match: int) -> list[str]:
    """The types of a new union's variants, in order, when every variant other than the
    one the old schema became is a bare type the old schema's types already hold
    (``number`` → ``oneOf: [number, integer]``); else empty. Such a union adds no value,
    and under ``oneOf`` the values both variants take are refused (decision D65)."""
    old_types = old.types()[0]
    if (
        old_types is None
        or len(now) < 2
        or any(key not in _TYPE_ONLY and not is_extension(key) for key in old.keywords())
    ):
        return []  # a bound or a list of its own: the other variants may take more
    names = []
    for index, variant in enumerate(now):
        resolved = document.deref(variant)
        value = resolved.value
        if not isinstance(value, dict):
            return []
        types = SchemaView(document, resolved).types()
        if index != match and (
            types[0] is None
            or types[1]
            or not subset(types[0], old_types)
            or any(key not in _TYPE_ONLY and not is_extension(key) for key in value)
        ):
            return []
        names.append(types_text(types[0]))
    return names


def texts_taken(
    document: Resolver, union: list[Node], keyword: str, variant: Node, own: Resolver
) -> bool:
    """Whether every text a scalar variant of a parameter or header takes (``variant``, read
    in ``own``) the other side's ``union`` takes too: one of its variants is a bare
    ``string``, which takes every text, and (under ``oneOf``) no other takes a string.
    ``oneOf [string, number]`` → ``string`` on a path parameter, or a header's string
    wrapped with an integer, change nothing on the wire (decision D64)."""
    removed = SchemaView(own, own.deref(variant)).types()[0]
    if removed is None or not removed <= {"string", "integer", "number", "boolean"}:
        return False
    bare = 0
    for node in union:
        resolved = document.deref(node)
        if not isinstance(resolved.value, dict):
            return False
        types = SchemaView(document, resolved).types()[0]
        if types == frozenset({"string"}) and all(
            key in ANNOTATIONS or key == "type" or is_extension(key) for key in resolved.value
        ):
            bare += 1
        elif keyword == "oneOf" and (types is None or "string" in types):
            return False
    return bare == 1 if keyword == "oneOf" else bare >= 1
