"""What the parts of the schema comparer share: the interface each part relies on, and
small helpers for values."""

from __future__ import annotations

from typing import Any

from oasgate.catalogue import AspectName, get_rule, schema_rule_id
from oasgate.catalogue.ids import ASPECT_WRAPPED_IN_ANY_OF, ASPECT_WRAPPED_IN_ONE_OF
from oasgate.catalogue.schema import schema_aspect
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.normal_form import normal_text
from oasgate.diff.references import Resolver, is_ref
from oasgate.diff.schema_reading import ANNOTATIONS, is_extension
from oasgate.diff.schema_site import SchemaSite
from oasgate.findings import Classification
from oasgate.loading.canonical import dump_value
from oasgate.loading.document import Node

#: What an enclosing wrapper already compared for a pair of schemas
#: (:meth:`ComparerParts.compare`): whether null is allowed, the property's default.
Settled = frozenset[str]
NULLABLE = "nullable"
DEFAULT = "default"
NULLABLE_SETTLED: Settled = frozenset({NULLABLE})

#: What a change may be and leave every value of a request schema taken.
_WIDENING = frozenset({Classification.COMPATIBLE, Classification.INFO})
#: A value that now matches one variant of a new union is still taken.
_STILL_TAKEN = frozenset({ASPECT_WRAPPED_IN_ONE_OF, ASPECT_WRAPPED_IN_ANY_OF})

#: Keys a schema needs beyond these to tell it apart from any other schema of its type.
_PLAIN_KEYS = frozenset({"type", "format", "nullable"})


class ComparerParts:
    """The comparer as its parts see it: the two documents, the change set, the recursive
    entry point and the equality test (both defined by :class:`SchemaComparer`)."""

    _base: Resolver
    _revision: Resolver
    _changes: ChangeSet

    def compare(
        self, base: Node, revision: Node, site: SchemaSite, settled: Settled = frozenset()
    ) -> list[ChangeKey]:
        raise NotImplementedError

    def _same(self, base: Node, revision: Node) -> bool:
        raise NotImplementedError

    def _probe(self, base: Node, revision: Node, site: SchemaSite) -> list[str] | None:
        """The rules of what comparing the pair finds, reported nowhere (``None``: more
        than the change budget)."""
        raise NotImplementedError

    def _means_the_same(self, base: Node, revision: Node, site: SchemaSite) -> bool:
        """Two spellings of one schema: comparing them finds nothing (3.1's ``anyOf:
        [{allOf: [X], x-…}, {type: 'null'}]`` for 3.0's ``{allOf: [X], nullable: true}``)."""
        return self._probe(base, revision, site) == []

    def _takes_all_of(self, variant: Node, schema: Node, site: SchemaSite) -> bool:
        """Whether a request ``schema`` still takes every value a ``variant`` of the other
        side took, and describes all it described: comparing them finds only what widens
        (or documents) — a value that now matches a variant of a new union is still taken.
        Box's ``anyOf`` of five maps (strings, numbers, …) became one map whose values are
        ``oneOf`` those five: no variant was removed. ``oneOf: [Cat, Dog]`` → ``Cat`` is
        still Dog removed: Dog's ``bark`` is no longer described. Only asked on the request
        side (a variant gone from a response is compatible whatever became of it)."""
        if site.side != "request":
            return False
        found = self._probe(variant, schema, site)
        return found is not None and all(
            get_rule(rule).classification in _WIDENING or _aspect_name(rule) in _STILL_TAKEN
            for rule in found
        )

    def _emit(
        self,
        aspect: AspectName,
        base: Node | None,
        revision: Node | None,
        site: SchemaSite,
        distinct: str = "",
        **details: str,
    ) -> ChangeKey:
        """Record the schema rule of ``aspect`` at ``site``: a ``SITE_`` × an ``ASPECT_`` of
        :mod:`oasgate.catalogue.ids`, every combination of which is a rule."""
        return self._changes.emit(
            schema_rule_id(site.site, aspect), base, revision, distinct, where=site.where, **details
        )

    def _likeness(self, old: Node, new: Node) -> int:
        """How alike two schemas are, for rename detection and for telling a changed subschema
        from a re-documented one. 2: the same distinctive schema; 1: the same plain schema
        (just a type), or the same up to descriptions and examples; 0: different schemas."""
        if self._same(old, new):
            return 2 if _distinctive(old.value) else 1
        before, after = self._base.deref(old), self._revision.deref(new)
        if not isinstance(before.value, dict) or not isinstance(after.value, dict):
            return 0
        if self._same(before, after):
            return 2 if is_ref(old.value) or _distinctive(before.value) else 1
        stripped_before = without_annotations(before.value)
        stripped_after = without_annotations(after.value)
        if stripped_before == stripped_after and self._same(
            Node(stripped_before, before.file, before.pointer),
            Node(stripped_after, after.file, after.pointer),
        ):
            return 1
        if normal_text(stripped_before) == normal_text(stripped_after):
            # the same schema spelt otherwise: lists in another order (allOf members, enum
            # values…), 3.0's nullable and exclusive bounds as 3.1 writes them
            return 1
        return 0


def _covers(types: frozenset[str] | None, kind: str) -> bool:
    if types is None:
        return True
    return kind in types or (kind == "integer" and "number" in types)


def subset(small: frozenset[str] | None, large: frozenset[str] | None) -> bool:
    if small is None:
        return large is None
    return all(_covers(large, kind) for kind in small)


def text_value(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _distinctive(value: Any) -> bool:
    return isinstance(value, dict) and any(key not in _PLAIN_KEYS for key in value)


def without_annotations(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k not in ANNOTATIONS and not is_extension(k)}


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values: ``1 == 1.0``, ``NaN == NaN``, but ``true != 1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (a != a and b != b)  # NaN is the same value as NaN here
    return type(a) is type(b) and bool(a == b)


def value_key(value: Any) -> bytes:
    return dump_value(value, sort_keys=True)


def show(value: Any) -> str:
    return dump_value(value).decode()


def _aspect_name(rule_id: str) -> str | None:
    aspect = schema_aspect(rule_id)
    return None if aspect is None else aspect.name
