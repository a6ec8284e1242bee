"""Schema comparison: types, enums, properties and required sets, items.

Each pair of referenced schemas is compared once per side of the wire, however
many operations use it, and recursion through cyclic schemas stops at the pair
already being compared. The result of a comparison is the list of change keys
it produced (its own and its nested pairs'), which the caller attributes to
the operation it is walking: a shared component's change becomes one finding
listing every operation that reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oasgate.canonical import dump
from oasgate.catalogue import schema_rule_id
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.equivalence import Equivalence
from oasgate.document import Document, Node

_ANY = frozenset({"string", "number", "integer", "boolean", "object", "array"})


@dataclass(frozen=True)
class SchemaSite:
    """Where a schema sits: side of the wire, rule site name, and how to name it."""

    side: str  # "request" | "response"
    site: str  # e.g. "request-body", "response-property"
    where: str  # human description used in messages
    path: str = ""  # property path inside the root schema
    #: names the callback or webhook an inline schema belongs to (dropped at a component,
    #: whose name says enough and whose changes are shared by every use)
    context: str = ""

    def nested(self, segment: str) -> SchemaSite:
        path = (
            f"{self.path}.{segment}"
            if self.path and not segment.startswith("[")
            else (self.path + segment if self.path else segment)
        )
        return SchemaSite(
            self.side,
            f"{self.side}-property",
            f"{self.context}{self.side} property '{path}'",
            path,
            self.context,
        )

    def entering(self, component: str) -> SchemaSite:
        """A reference was followed: nested paths restart at the component's name."""
        if self.site.endswith("-property"):
            return SchemaSite(
                self.side, self.site, f"{self.side} property '{component}'", component
            )
        return SchemaSite(self.side, self.site, self.where, component)


def schema_types(value: dict[str, Any]) -> tuple[frozenset[str] | None, bool]:
    """(types, nullable); ``None`` types mean "any type"."""
    declared = value.get("type")
    # Swagger 2.0 has no nullable; `x-nullable` is its common extension (go-swagger, converters)
    nullable = value.get("nullable") is True or value.get("x-nullable") is True
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = {t for t in declared if isinstance(t, str)}
    else:
        return None, nullable
    if "null" in types:
        types.discard("null")
        nullable = True
    return (frozenset(types) if types else None), nullable


def _covers(types: frozenset[str] | None, kind: str) -> bool:
    if types is None:
        return True
    return kind in types or (kind == "integer" and "number" in types)


def _subset(small: frozenset[str] | None, large: frozenset[str] | None) -> bool:
    if small is None:
        return large is None
    return all(_covers(large, kind) for kind in small)


def _describe_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _value_key(value: Any) -> bytes:
    return dump(value, sort_keys=True)


def _component_name(node: Node) -> str:
    if node.pointer:
        return str(node.pointer[-1])
    name = node.file.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


class SchemaComparer:
    def __init__(
        self, base: Document, revision: Document, changes: ChangeSet, equivalence: Equivalence
    ) -> None:
        self._base = base
        self._revision = revision
        self._changes = changes
        self._same = equivalence.same
        self._memo: dict[tuple[Any, ...], list[ChangeKey]] = {}
        self._active: set[tuple[Any, ...]] = set()

    def compare(self, base: Node, revision: Node, site: SchemaSite) -> list[ChangeKey]:
        if self._same(base, revision):
            return []
        base_is_ref = _is_ref(base.value)
        revision_is_ref = _is_ref(revision.value)
        if not (base_is_ref or revision_is_ref):
            return self._compare_resolved(base, revision, site)
        base_target = self._base.deref(base)
        revision_target = self._revision.deref(revision)
        inner = site.entering(_component_name(revision_target if revision_is_ref else base_target))
        memo_key = (
            base_target.file,
            base_target.pointer,
            revision_target.file,
            revision_target.pointer,
            inner.site,
            inner.path,
        )
        done = self._memo.get(memo_key)
        if done is not None:
            return done
        if memo_key in self._active:
            return []  # recursion: this pair is already being compared further up
        self._active.add(memo_key)
        try:
            keys = self._compare_resolved(base_target, revision_target, inner)
        finally:
            self._active.discard(memo_key)
        self._memo[memo_key] = keys
        return keys

    # -- one resolved pair -------------------------------------------------------------------

    def _compare_resolved(self, base: Node, revision: Node, site: SchemaSite) -> list[ChangeKey]:
        if not isinstance(base.value, dict) or not isinstance(revision.value, dict):
            return []
        if base.value == revision.value and self._same(base, revision):
            return []
        keys: list[ChangeKey] = []
        self._compare_types(base, revision, site, keys)
        self._compare_enum(base, revision, site, keys)
        self._compare_properties(base, revision, site, keys)
        base_items, revision_items = base.get("items"), revision.get("items")
        if base_items is not None and revision_items is not None:
            keys += self.compare(base_items, revision_items, site.nested("[]"))
        return keys

    def _emit(
        self,
        aspect: str,
        base: Node,
        revision: Node,
        site: SchemaSite,
        distinct: str = "",
        **details: str,
    ) -> ChangeKey:
        return self._changes.emit(
            schema_rule_id(site.site, aspect), base, revision, distinct, where=site.where, **details
        )

    def _compare_types(
        self, base: Node, revision: Node, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        old, old_nullable = schema_types(base.value)
        new, new_nullable = schema_types(revision.value)
        if old != new:
            widened, narrowed = _subset(old, new), _subset(new, old)
            aspect = "type-widened" if widened else "type-narrowed" if narrowed else "type-changed"
            keys.append(
                self._emit(
                    aspect, base, revision, site, old=_describe_types(old), new=_describe_types(new)
                )
            )
        if old_nullable != new_nullable:
            aspect = "became-nullable" if new_nullable else "became-not-nullable"
            keys.append(self._emit(aspect, base, revision, site))

    def _compare_enum(
        self, base: Node, revision: Node, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        old = base.value.get("enum")
        new = revision.value.get("enum")
        if not isinstance(new, list):
            return
        if not isinstance(old, list):
            keys.append(self._emit("became-enum", base, revision, site))
            return
        old_keys = {_value_key(v): v for v in old}
        new_keys = {_value_key(v): v for v in new}
        for key, value in old_keys.items():
            if key not in new_keys:
                keys.append(
                    self._emit(
                        "enum-value-removed", base, revision, site, key.decode(), value=_show(value)
                    )
                )
        for key, value in new_keys.items():
            if key not in old_keys:
                keys.append(
                    self._emit(
                        "enum-value-added", base, revision, site, key.decode(), value=_show(value)
                    )
                )

    # -- objects -----------------------------------------------------------------------------

    def _effective_object(self, document: Document, node: Node) -> tuple[dict[str, Node], set[str]]:
        """Properties and required names, with ``allOf`` members merged in."""
        properties: dict[str, Node] = {}
        required: set[str] = set()
        stack = [node]
        seen: set[tuple[str, tuple[Any, ...]]] = set()
        while stack:
            current = stack.pop()
            marker = (current.file, current.pointer)
            if marker in seen or not isinstance(current.value, dict):
                continue
            seen.add(marker)
            props = current.get("properties")
            if props is not None and isinstance(props.value, dict):
                for name in props.value:
                    properties.setdefault(str(name), props.child(name))
            names = current.value.get("required")
            if isinstance(names, list):
                required.update(str(n) for n in names)
            members = current.get("allOf")
            if members is not None and isinstance(members.value, list):
                for index in range(len(members.value)):
                    stack.append(document.deref(members.child(index)))
        return properties, required

    def _compare_properties(
        self, base: Node, revision: Node, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        if not (_has_object_parts(base.value) or _has_object_parts(revision.value)):
            return
        old_props, old_required = self._effective_object(self._base, base)
        new_props, new_required = self._effective_object(self._revision, revision)
        hidden = "readOnly" if site.side == "request" else "writeOnly"
        for name, old in old_props.items():
            child = site.nested(name)
            new = new_props.get(name)
            if new is None:
                if not _flag(self._base, old, hidden):
                    keys.append(
                        self._changes.emit(
                            f"{site.side}-property-removed", old, revision, where=child.where
                        )
                    )
                continue
            if not (_flag(self._base, old, hidden) or _flag(self._revision, new, hidden)):
                was, now = name in old_required, name in new_required
                if was != now:
                    change = "became-required" if now else "became-optional"
                    keys.append(
                        self._changes.emit(
                            f"{site.side}-property-{change}", old, new, where=child.where
                        )
                    )
            keys += self.compare(old, new, child)
        for name, new in new_props.items():
            if name in old_props or _flag(self._revision, new, hidden):
                continue
            where = site.nested(name).where
            if site.side == "response":
                rule = "response-property-added"
            elif name in new_required:
                rule = "request-property-required-added"
            else:
                rule = "request-property-optional-added"
            keys.append(self._changes.emit(rule, base, new, where=where))


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def _has_object_parts(value: dict[str, Any]) -> bool:
    return "properties" in value or "allOf" in value or "required" in value


def _flag(document: Document, node: Node, name: str) -> bool:
    value = document.deref(node).value
    return isinstance(value, dict) and value.get(name) is True


def _show(value: Any) -> str:
    return dump(value).decode()
