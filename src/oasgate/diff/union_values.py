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
from oasgate.diff.schema_base import json_equal
from oasgate.diff.schema_reading import ANNOTATIONS, is_extension
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
