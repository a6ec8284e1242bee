"""Schema comparison: every keyword a client can feel, on both sides of the wire.

Each pair of referenced schemas is compared once per side of the wire, however
many operations use it. The result of a comparison is the list of change keys
it produced (its own and its nested pairs'), which the caller attributes to the
operation it is walking: a shared component's change becomes one finding
listing every operation that reaches it.

Recursive schemas: a pair already being compared further up returns nothing,
so the walk terminates. Pairs compared inside such a cycle cannot know their
full result until the cycle's first pair is done; they are kept provisionally
and, when the cycle closes, every pair of the cycle gets the cycle's complete
result (Tarjan's strongly connected components). That is what makes the
operations listed for a change independent of the order the walk meets them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from oasgate.canonical import dump
from oasgate.catalogue import schema_rule_id
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.equivalence import Equivalence
from oasgate.diff.schema_view import (
    ANNOTATIONS,
    COMPOSITIONS,
    COUNT_LOWER_DEFAULTS,
    Bound,
    Resolver,
    SchemaView,
    declared_types,
    identity,
    is_extension,
    is_ref,
    pattern_generalises,
    schema_name,
    tighter_lower,
    tighter_upper,
    trivial_member,
)
from oasgate.diff.variants import Profile, names_alike, pair_variants
from oasgate.document import Document, Node

__all__ = ["SchemaComparer", "SchemaSite", "schema_types"]

schema_types = declared_types  # kept for callers of the first version

#: What a schema at the root of a site is called once it is a named component.
_ROOT_LABEL = {
    "request-parameter": "request parameter schema",
    "request-body": "request body schema",
    "response-body": "response body schema",
    "response-header": "response header schema",
}

_PARAMETER_SITES = ("request-parameter", "request-parameter-property")

_FORMAT_WIDENINGS = frozenset({("int32", "int64"), ("float", "double"), ("int32", "double")})

_COUNT_LIMITS = (
    ("maxLength", "minLength", "length"),
    ("maxItems", "minItems", "items"),
    ("maxProperties", "minProperties", "properties"),
    ("maxContains", "minContains", "contains"),
)

_CONSTRAINT_KEYS = frozenset(
    {
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maxProperties",
        "minProperties",
        "maxContains",
        "minContains",
    }
)

#: Property names, when a rename candidate's schema is this plain, need alike names too.
_PLAIN_KEYS = frozenset({"type", "format", "nullable"})

#: A rename search is skipped when more pairs than this would have to be tried.
_RENAME_SEARCH_LIMIT = 2500


@dataclass(frozen=True)
class SchemaSite:
    """Where a schema sits: side of the wire, rule site name, and how to name it."""

    side: str  # "request" | "response"
    site: str  # e.g. "request-body", "response-property"
    where: str  # human description used in messages
    path: str = ""  # property path inside the root schema
    root: str = ""  # for parameter properties: the parameter they belong to

    def nested(self, segment: str) -> SchemaSite:
        """The site of a property (or items, map values...) inside this schema."""
        if not self.path:
            path = segment
        elif segment.startswith("["):
            path = self.path + segment
        else:
            path = f"{self.path}.{segment}"
        if self.site in _PARAMETER_SITES:
            root = self.root or (self.where if self.site == "request-parameter" else "")
            owner = root or "request parameter"
            return SchemaSite(
                self.side, "request-parameter-property", f"{owner} property '{path}'", path, root
            )
        return SchemaSite(
            self.side, f"{self.side}-property", f"{self.side} property '{path}'", path
        )

    def qualified(self, label: str) -> SchemaSite:
        """The same place seen through a subschema (a variant, ``then``, ``contains``...)."""
        return SchemaSite(self.side, self.site, f"{self.where} ({label})", self.path, self.root)

    def entering(self, component: str) -> SchemaSite:
        """A reference was followed: names restart at the component's, so that what a shared
        component reports does not depend on which operation reached it first."""
        if self.site == "request-parameter-property":
            return SchemaSite(
                self.side, self.site, f"request parameter property '{component}'", component
            )
        if self.site.endswith("-property"):
            return SchemaSite(
                self.side, self.site, f"{self.side} property '{component}'", component
            )
        label = _ROOT_LABEL.get(self.site, f"{self.side} schema")
        return SchemaSite(self.side, self.site, f"{label} '{component}'", component)


MemoKey = tuple[Any, ...]


@dataclass
class _Frame:
    """A referenced pair being compared; ``low`` is the oldest active pair it depends on."""

    index: int
    low: int
    pending: list[MemoKey] = field(default_factory=list)


def _component_name(node: Node) -> str:
    if node.pointer:
        return str(node.pointer[-1])
    name = node.file.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


class SchemaComparer:
    def __init__(
        self, base: Document, revision: Document, changes: ChangeSet, equivalence: Equivalence
    ) -> None:
        self._base = Resolver(base)
        self._revision = Resolver(revision)
        self._changes = changes
        self._raw_same = equivalence.same
        self._memo: dict[MemoKey, list[ChangeKey]] = {}
        self._active: dict[MemoKey, int] = {}
        self._frames: list[_Frame] = []
        self._provisional: dict[MemoKey, tuple[list[ChangeKey], int]] = {}
        #: the $dynamicAnchor bindings in force, outermost first (JSON Schema 2020-12)
        self._base_scope: list[dict[str, Node]] = []
        self._revision_scope: list[dict[str, Node]] = []

    # -- entry point and memo -----------------------------------------------------------------

    def compare(
        self, base: Node, revision: Node, site: SchemaSite, nullable_done: bool = False
    ) -> list[ChangeKey]:
        """Compare two schema nodes (either may be a ``$ref``) at ``site``.

        ``nullable_done``: an enclosing wrapper already compared whether null is allowed.
        """
        if self._base_scope or self._revision_scope:
            base = _bind(self._base_scope, base)
            revision = _bind(self._revision_scope, revision)
        if self._same(base, revision):
            return []
        return self._compare_nodes(base, revision, site, nullable_done)

    def _compare_nodes(
        self, base: Node, revision: Node, site: SchemaSite, nullable_done: bool
    ) -> list[ChangeKey]:
        entered = _enter_scope(self._base_scope, base) + _enter_scope(
            self._revision_scope, revision
        )
        try:
            if not (is_ref(base.value) or is_ref(revision.value)):
                return self._compare_resolved(base, revision, site, nullable_done, checked=True)
            return self._compare_referenced(base, revision, site, nullable_done)
        finally:
            for scope in entered:
                scope.pop()

    def _compare_referenced(
        self, base: Node, revision: Node, site: SchemaSite, nullable_done: bool
    ) -> list[ChangeKey]:
        base_target = self._base.deref(base)
        revision_target = self._revision.deref(revision)
        # named after the revision's component when it is one, so that the name is a function
        # of the pair (and not of which side happened to be written as a reference)
        inner = site.entering(
            schema_name(revision_target)
            or schema_name(base_target)
            or _component_name(revision_target if is_ref(revision.value) else base_target)
        )
        entered = _enter_scope(self._base_scope, base_target) + _enter_scope(
            self._revision_scope, revision_target
        )
        try:
            key: MemoKey = (
                base_target.file,
                base_target.pointer,
                revision_target.file,
                revision_target.pointer,
                inner.site,
                inner.path,
                nullable_done,
                *self._binding_signature(),
            )
            return self._memoised(key, base_target, revision_target, inner, nullable_done)
        finally:
            for scope in entered:
                scope.pop()

    def _memoised(
        self, key: MemoKey, base: Node, revision: Node, site: SchemaSite, nullable_done: bool
    ) -> list[ChangeKey]:
        done = self._memo.get(key)
        if done is not None:
            return done
        active = self._active.get(key)
        if active is not None:  # recursion: this pair is already being compared further up
            self._depends_on(active)
            return []
        provisional = self._provisional.get(key)
        if provisional is not None:
            self._depends_on(provisional[1])
            return provisional[0]
        frame = _Frame(len(self._frames), len(self._frames))
        self._frames.append(frame)
        self._active[key] = frame.index
        try:
            keys = self._compare_resolved(base, revision, site, nullable_done)
        finally:
            self._frames.pop()
            del self._active[key]
        if frame.low < frame.index:
            # part of a cycle whose first pair is still open: final once that one closes
            self._provisional[key] = (keys, frame.low)
            self._frames[frame.low].pending += [*frame.pending, key]
            self._depends_on(frame.low)
            return keys
        keys = list(dict.fromkeys(keys))
        self._memo[key] = keys
        for member in frame.pending:
            self._memo[member] = keys
            self._provisional.pop(member, None)
        return keys

    # -- generic schemas ($dynamicRef / $dynamicAnchor) ----------------------------------------

    def _binding_signature(self) -> tuple[Any, ...]:
        if not (self._base_scope or self._revision_scope):
            return ()
        return (_scope_signature(self._base_scope), _scope_signature(self._revision_scope))

    def _same(self, base: Node, revision: Node) -> bool:
        """Equal subtrees, references included — but inside a generic schema (3.1
        ``$dynamicRef``) the same text may be bound to different schemas on each side, so
        equal text proves nothing unless the bindings in force are equal too."""
        if (self._base_scope or self._revision_scope) and not self._same_bindings():
            return False
        return self._raw_same(base, revision)

    def _same_bindings(self) -> bool:
        base = [(name, node.value) for name, node in _outermost(self._base_scope).items()]
        revision = [(name, node.value) for name, node in _outermost(self._revision_scope).items()]
        return base == revision

    def _depends_on(self, index: int) -> None:
        if self._frames:
            top = self._frames[-1]
            top.low = min(top.low, index)

    # -- one resolved pair --------------------------------------------------------------------

    def _compare_resolved(
        self,
        base: Node,
        revision: Node,
        site: SchemaSite,
        nullable_done: bool,
        checked: bool = False,
    ) -> list[ChangeKey]:
        """Compare two resolved schemas; ``checked``: the caller already knows they differ."""
        if not isinstance(base.value, dict) or not isinstance(revision.value, dict):
            return []
        if not checked and base.value == revision.value and self._same(base, revision):
            return []
        keys: list[ChangeKey] = []
        old = SchemaView(self._base, base)
        new = SchemaView(self._revision, revision)
        old_member = trivial_member(old)
        new_member = trivial_member(new)
        if old_member is not None or new_member is not None:
            # {allOf: [X], nullable: true}, {anyOf: [X, {type: 'null'}]}: compare X itself
            old_inner, old_null = old_member or (base, False)
            new_inner, new_null = new_member or (revision, False)
            if not nullable_done:
                old_null = old_null or self._nullable(self._base, old_inner)
                new_null = new_null or self._nullable(self._revision, new_inner)
                self._nullable_change(old_null, new_null, base, revision, site, keys)
            keys += self.compare(old_inner, new_inner, site, nullable_done=True)
            return keys
        if not nullable_done:
            self._nullable_change(old.types()[1], new.types()[1], base, revision, site, keys)
        if self._compare_compositions(old, new, site, keys):
            return keys
        self._compare_types(old, new, site, keys)
        if _unconstrained(old) or _unconstrained(new):
            # {} on one side: "any value" — the type change says it all, listing every
            # property of the other side as removed or added would only repeat it
            return keys
        used = old.keywords() | new.keywords()
        if "format" in used:
            self._compare_format(old, new, site, keys)
        old_enum, new_enum = old.first("enum"), new.first("enum")
        if old_enum is not None or new_enum is not None:
            # a const on one side is an enum of one value: enum [a, b] -> const a removes b
            self._compare_enum(old, new, site, keys, "enum", "")
        elif "const" in used:
            self._compare_value(old, new, site, keys, "const")
        if "x-extensible-enum" in used:
            self._compare_enum(old, new, site, keys, "x-extensible-enum", "x-extensible-")
        if "default" in used:
            self._compare_value(old, new, site, keys, "default")
        if not used.isdisjoint(_CONSTRAINT_KEYS):
            self._compare_bounds(old, new, site, keys)
        if "multipleOf" in used:
            self._compare_multiple_of(old, new, site, keys)
        if "uniqueItems" in used and old.flag("uniqueItems") != new.flag("uniqueItems"):
            aspect = "unique-items-added" if new.flag("uniqueItems") else "unique-items-removed"
            keys.append(self._emit(aspect, base, revision, site))
        if "pattern" in used:
            self._compare_patterns(old, new, site, keys)
        if "discriminator" in used:
            self._compare_discriminator(old, new, site, keys)
        if "allOf" in used:
            self._compare_all_of_members(old, new, site, keys)
        if "not" in used:
            self._compare_presence(old, new, site, keys, "not", "not", recurse=False)
        self._compare_json_schema_keywords(old, new, used, site, keys)
        self._compare_properties(old, new, site, keys)
        if "additionalProperties" in used:
            self._compare_openness(
                old, new, site, keys, "additionalProperties", "additional-properties", "*"
            )
        old_items, new_items = old.first("items"), new.first("items")
        if (
            old_items is not None
            and new_items is not None
            and isinstance(old_items.value, dict)
            and isinstance(new_items.value, dict)
        ):
            keys += self.compare(old_items, new_items, site.nested("[]"))
        return keys

    def _emit(
        self,
        aspect: str,
        base: Node | None,
        revision: Node | None,
        site: SchemaSite,
        distinct: str = "",
        **details: str,
    ) -> ChangeKey:
        return self._changes.emit(
            schema_rule_id(site.site, aspect), base, revision, distinct, where=site.where, **details
        )

    # -- types and null -------------------------------------------------------------------------

    def _nullable(self, document: Resolver, node: Node) -> bool:
        resolved = document.deref(node)
        if not isinstance(resolved.value, dict):
            return False
        return SchemaView(document, resolved).types()[1]

    def _nullable_change(
        self,
        old: bool,
        new: bool,
        base: Node,
        revision: Node,
        site: SchemaSite,
        keys: list[ChangeKey],
    ) -> None:
        if old != new:
            aspect = "became-nullable" if new else "became-not-nullable"
            keys.append(self._emit(aspect, base, revision, site))

    def _compare_types(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        old_types, _ = old.types()
        new_types, _ = new.types()
        for keyword in COMPOSITIONS:
            in_old = old.first(keyword) is not None
            in_new = new.first(keyword) is not None
            if old_types is None and in_old and not in_new:
                old_types = (old.variant_types(keyword) or (None, False))[0]
            if new_types is None and in_new and not in_old:
                new_types = (new.variant_types(keyword) or (None, False))[0]
        if old_types == new_types:
            return
        widened, narrowed = _subset(old_types, new_types), _subset(new_types, old_types)
        aspect = "type-widened" if widened else "type-narrowed" if narrowed else "type-changed"
        keys.append(
            self._emit(
                aspect,
                old.node,
                new.node,
                site,
                old=_describe_types(old_types),
                new=_describe_types(new_types),
            )
        )

    def _compare_format(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = _text(old.get("format")), _text(new.get("format"))
        if was == now:
            return
        if was is None:
            aspect = "format-added"
        elif now is None:
            aspect = "format-removed"
        elif (was, now) in _FORMAT_WIDENINGS:
            aspect = "format-widened"
        elif (now, was) in _FORMAT_WIDENINGS:
            aspect = "format-narrowed"
        else:
            aspect = "format-changed"
        keys.append(
            self._emit(aspect, old.node, new.node, site, old=was or "none", new=now or "none")
        )

    # -- values ---------------------------------------------------------------------------------

    def _compare_enum(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        prefix: str,
    ) -> None:
        was, now = old.get(keyword), new.get(keyword)
        if keyword == "enum":
            was, now = _enum_of(old, was), _enum_of(new, now)
            if _all_booleans(old, was):
                was = None  # enum [true, false] on a boolean restricts nothing
            if _all_booleans(new, now):
                now = None
        base, revision = old.node, new.node
        if not isinstance(now, list):
            if isinstance(was, list) and not prefix:
                keys.append(self._emit("enum-removed", base, revision, site))
            return
        if not isinstance(was, list):
            if not prefix:
                keys.append(self._emit("became-enum", base, revision, site))
            return
        old_keys = {_value_key(v): v for v in was}
        new_keys = {_value_key(v): v for v in now}
        for key, value in old_keys.items():
            if key not in new_keys:
                keys.append(
                    self._emit(
                        f"{prefix}enum-value-removed",
                        base,
                        revision,
                        site,
                        key.decode(),
                        value=_show(value),
                    )
                )
        for key, value in new_keys.items():
            if key not in old_keys:
                keys.append(
                    self._emit(
                        f"{prefix}enum-value-added",
                        base,
                        revision,
                        site,
                        key.decode(),
                        value=_show(value),
                    )
                )

    def _compare_value(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
    ) -> None:
        was, now = old.first(keyword), new.first(keyword)
        if was is not None and now is not None and json_equal(was.value, now.value):
            return
        slug = "default-value" if keyword == "default" else keyword
        base, revision = old.node, new.node
        if was is None:
            assert now is not None
            keys.append(self._emit(f"{slug}-added", base, revision, site, new=_show(now.value)))
        elif now is None:
            keys.append(self._emit(f"{slug}-removed", base, revision, site, old=_show(was.value)))
        else:
            keys.append(
                self._emit(
                    f"{slug}-changed",
                    base,
                    revision,
                    site,
                    old=_show(was.value),
                    new=_show(now.value),
                )
            )

    # -- constraints ----------------------------------------------------------------------------

    def _compare_bounds(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        self._bound_change(old.upper(), new.upper(), True, "max", "maximum", old, new, site, keys)
        self._bound_change(old.lower(), new.lower(), False, "min", "minimum", old, new, site, keys)
        used = old.keywords() | new.keywords()
        for upper_key, lower_key, noun in _COUNT_LIMITS:
            if noun == "contains" and old.first("contains") is None:
                continue  # min/maxContains mean nothing without contains
            if upper_key in used:
                self._bound_change(
                    old.count_upper(upper_key),
                    new.count_upper(upper_key),
                    True,
                    f"max-{noun}",
                    upper_key,
                    old,
                    new,
                    site,
                    keys,
                )
            if lower_key in used:
                self._bound_change(
                    old.count_lower(lower_key),
                    new.count_lower(lower_key),
                    False,
                    f"min-{noun}",
                    lower_key,
                    old,
                    new,
                    site,
                    keys,
                    neutral=COUNT_LOWER_DEFAULTS[lower_key],
                )

    def _bound_change(
        self,
        was: Bound | None,
        now: Bound | None,
        upper: bool,
        slug: str,
        keyword: str,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        neutral: Any = None,
    ) -> None:
        tighter = tighter_upper if upper else tighter_lower
        default = None if neutral is None else Bound(neutral)
        before = default if was is None else was
        after = default if now is None else now
        if tighter(after, before):
            # a limit documented where there was none is "set", not "decreased"
            direction = "set" if was is None else "decreased" if upper else "increased"
        elif tighter(before, after):
            direction = "increased" if upper else "decreased"
        else:
            return
        keys.append(
            self._emit(
                f"{slug}-{direction}",
                old.node,
                new.node,
                site,
                keyword=keyword,
                change=_bound_words(was, now, neutral),
            )
        )

    def _compare_multiple_of(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.multiple_of(), new.multiple_of()
        if was == now:
            return
        if was is None or (now is not None and now % was == 0):
            aspect = "multiple-of-narrowed"
        elif now is None or was % now == 0:
            aspect = "multiple-of-widened"
        else:
            aspect = "multiple-of-changed"
        keys.append(
            self._emit(
                aspect,
                old.node,
                new.node,
                site,
                old="none" if was is None else str(was),
                new="none" if now is None else str(now),
            )
        )

    def _compare_patterns(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.patterns(), new.patterns()
        removed = [p for p in was if p not in now]
        added = [p for p in now if p not in was]
        base, revision = old.node, new.node
        if len(removed) == 1 and len(added) == 1:
            before, after = removed[0], added[0]
            if pattern_generalises(before, after):
                aspect = "pattern-generalized"
            elif pattern_generalises(after, before):
                aspect = "pattern-specialized"
            else:
                aspect = "pattern-changed"
            keys.append(self._emit(aspect, base, revision, site, old=before, new=after))
            return
        for pattern in removed:
            keys.append(self._emit("pattern-removed", base, revision, site, pattern, old=pattern))
        for pattern in added:
            keys.append(self._emit("pattern-added", base, revision, site, pattern, new=pattern))

    # -- composition ----------------------------------------------------------------------------

    def _compare_compositions(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> bool:
        """Compare ``oneOf``/``anyOf``; True when the pair was a wrap or unwrap and nothing
        else is left to compare at this level."""
        old_keyword = _composition_keyword(old)
        new_keyword = _composition_keyword(new)
        if old_keyword and new_keyword and old_keyword != new_keyword:
            # anyOf became oneOf (or back): the same variants under another rule
            was, now = old.variants(old_keyword), new.variants(new_keyword)
            assert was is not None and now is not None
            keys.append(self._emit(f"became-{_SLUG[new_keyword]}", old.node, new.node, site))
            self._compare_variants(new_keyword, old, new, was, now, site, keys)
            return False
        for keyword in COMPOSITIONS:
            was, now = old.variants(keyword), new.variants(keyword)
            if was is None and now is None:
                continue
            slug = _SLUG[keyword]
            if was is not None and now is not None:
                self._compare_variants(keyword, old, new, was, now, site, keys)
                continue
            if now is not None:
                if not new.is_wrapper(keyword):
                    keys.append(
                        self._emit(
                            f"{slug}-constraint-added",
                            old.node,
                            new.node,
                            site,
                            count=str(len(now)),
                        )
                    )
                    continue
                match = self._best_match(self._base, old.node, self._revision, now)
                if match is None:
                    continue  # compared below, through the union of the variants' types
                keys.append(
                    self._emit(f"wrapped-in-{slug}", old.node, new.node, site, count=str(len(now)))
                )
                label = self._variant_label(self._revision, now[match], match)
                keys += self.compare(
                    old.node,
                    now[match],
                    site.qualified(f"{keyword} variant {label}"),
                    nullable_done=True,
                )
                return True
            assert was is not None
            if not old.is_wrapper(keyword):
                keys.append(self._emit(f"{slug}-constraint-removed", old.node, new.node, site))
                continue
            match = self._best_match(self._revision, new.node, self._base, was)
            if match is None:
                continue
            for index, variant in enumerate(was):
                if index != match:
                    label = self._variant_label(self._base, variant, index)
                    keys.append(
                        self._emit(
                            f"{slug}-variant-removed", variant, new.node, site, label, variant=label
                        )
                    )
            keys += self.compare(was[match], new.node, site, nullable_done=True)
            return True
        return False

    def _compare_variants(
        self,
        keyword: str,
        old: SchemaView,
        new: SchemaView,
        was: list[Node],
        now: list[Node],
        site: SchemaSite,
        keys: list[ChangeKey],
    ) -> None:
        slug = _SLUG[keyword]
        # Variants written identically (the same $ref, the same inline text) are the same
        # variant wherever they moved; only the others need to be paired by resemblance.
        pairs: list[tuple[int, int]] = []
        by_text: dict[bytes, list[int]] = {}
        for j, variant in enumerate(now):
            by_text.setdefault(_value_key(variant.value), []).append(j)
        rest_old: list[int] = []
        for i, variant in enumerate(was):
            candidates = by_text.get(_value_key(variant.value))
            if candidates:
                pairs.append((i, candidates.pop(0)))
            else:
                rest_old.append(i)
        taken = {j for _, j in pairs}
        rest_new = [j for j in range(len(now)) if j not in taken]
        if rest_old and rest_new:
            base_profiles = [Profile.of(self._base, was[i]) for i in rest_old]
            revision_profiles = [Profile.of(self._revision, now[j]) for j in rest_new]

            def same(a: int, b: int) -> bool:
                i, j = rest_old[a], rest_new[b]
                return self._same(self._base.deref(was[i]), self._revision.deref(now[j]))

            for a, b in pair_variants(base_profiles, revision_profiles, same):
                pairs.append((rest_old[a], rest_new[b]))
            pairs.sort()
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for index, variant in enumerate(was):
            if index not in paired_old:
                label = self._variant_label(self._base, variant, index)
                keys.append(
                    self._emit(
                        f"{slug}-variant-removed", variant, new.node, site, label, variant=label
                    )
                )
        for index, variant in enumerate(now):
            if index not in paired_new:
                label = self._variant_label(self._revision, variant, index)
                keys.append(
                    self._emit(
                        f"{slug}-variant-added", old.node, variant, site, label, variant=label
                    )
                )
        for i, j in pairs:
            label = self._variant_label(self._revision, now[j], j)
            keys += self.compare(was[i], now[j], site.qualified(f"{keyword} variant {label}"))

    def _best_match(
        self, document: Resolver, node: Node, other: Resolver, variants: list[Node]
    ) -> int | None:
        """The variant a plain schema became (or came from): one that clearly resembles it
        and admits at least its types (a type list split into variants is no wrap)."""
        resolved = document.deref(node)
        for index, variant in enumerate(variants):
            target = other.deref(variant)
            pair = (resolved, target) if document is self._base else (target, resolved)
            if resolved.value == target.value and self._same(*pair):
                return index
        profile = Profile.of(document, node)
        profiles = [Profile.of(other, variant) for variant in variants]
        pairs = pair_variants([profile], profiles, lambda i, j: False)
        if not pairs or not _subset(profile.types, profiles[pairs[0][1]].types):
            return None
        return pairs[0][1]

    def _variant_label(self, document: Resolver, node: Node, index: int) -> str:
        resolved = document.deref(node)
        name = schema_name(resolved) if resolved is not node else None
        if name is None and isinstance(resolved.value, dict):
            title = resolved.value.get("title")
            name = title if isinstance(title, str) else None
        return f"'{name}'" if name else f"#{index}"

    def _compare_all_of_members(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        """Named components mixed in or out of ``allOf``; their content is compared merged."""
        was = self._named_members(self._base, old)
        now = self._named_members(self._revision, new)
        if not was and not now:
            return
        own_old = identity(self._base, old.node)
        own_new = identity(self._revision, new.node)
        for ident, (member, name) in was.items():
            if ident not in now and ident != own_new:
                keys.append(
                    self._emit("all-of-member-removed", member, new.node, site, name, member=name)
                )
        for ident, (member, name) in now.items():
            if ident not in was and ident != own_old:
                keys.append(
                    self._emit("all-of-member-added", old.node, member, site, name, member=name)
                )

    def _named_members(
        self, document: Resolver, view: SchemaView
    ) -> dict[tuple[str, tuple[Any, ...]], tuple[Node, str]]:
        named = {}
        for member in view.all_of_members():
            if is_ref(member.value):
                target = document.deref(member)
                named[identity(document, target)] = (member, _component_name(target))
        return named

    def _compare_discriminator(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.get("discriminator"), new.get("discriminator")
        base, revision = old.node, new.node
        if not isinstance(was, dict) and not isinstance(now, dict):
            return
        if not isinstance(was, dict):
            keys.append(self._emit("discriminator-added", base, revision, site))
            return
        if not isinstance(now, dict):
            keys.append(self._emit("discriminator-removed", base, revision, site))
            return
        if was.get("propertyName") != now.get("propertyName"):
            keys.append(
                self._emit(
                    "discriminator-property-changed",
                    base,
                    revision,
                    site,
                    old=str(was.get("propertyName")),
                    new=str(now.get("propertyName")),
                )
            )
        old_map, new_map = _mapping(was), _mapping(now)
        for value, target in old_map.items():
            if value not in new_map:
                keys.append(
                    self._emit(
                        "discriminator-mapping-removed", base, revision, site, value, value=value
                    )
                )
            elif new_map[value] != target:
                keys.append(
                    self._emit(
                        "discriminator-mapping-changed",
                        base,
                        revision,
                        site,
                        value,
                        value=value,
                        old=target,
                        new=new_map[value],
                    )
                )
        for value in new_map:
            if value not in old_map:
                keys.append(
                    self._emit(
                        "discriminator-mapping-added", base, revision, site, value, value=value
                    )
                )

    # -- JSON Schema 2020-12 keywords (OpenAPI 3.1) ----------------------------------------------

    def _compare_json_schema_keywords(
        self,
        old: SchemaView,
        new: SchemaView,
        used: frozenset[str],
        site: SchemaSite,
        keys: list[ChangeKey],
    ) -> None:
        if "unevaluatedProperties" in used:
            self._compare_openness(
                old, new, site, keys, "unevaluatedProperties", "unevaluated-properties", "*"
            )
        if "unevaluatedItems" in used:
            self._compare_openness(
                old, new, site, keys, "unevaluatedItems", "unevaluated-items", "[]"
            )
        if "patternProperties" in used:
            self._compare_keyed(old, new, site, keys, "patternProperties", "pattern-property")
        if "dependentSchemas" in used:
            self._compare_keyed(old, new, site, keys, "dependentSchemas", "dependent-schema")
        if "dependentRequired" in used:
            self._compare_dependent_required(old, new, site, keys)
        if "propertyNames" in used and not (
            _says_nothing_of_names(self._base, old.first("propertyNames"))
            and _says_nothing_of_names(self._revision, new.first("propertyNames"))
        ):
            self._compare_presence(old, new, site, keys, "propertyNames", "property-names")
        if "prefixItems" in used:
            self._compare_prefix_items(old, new, site, keys)
        if "contains" in used:
            self._compare_presence(old, new, site, keys, "contains", "contains")
        if "if" in used:
            self._compare_conditional(old, new, site, keys)
        if "contentEncoding" in used or "contentMediaType" in used:
            for keyword, slug in (
                ("contentEncoding", "content-encoding"),
                ("contentMediaType", "content-media-type"),
            ):
                was, now = _text(old.get(keyword)), _text(new.get(keyword))
                if was != now:
                    keys.append(
                        self._emit(
                            f"{slug}-changed",
                            old.node,
                            new.node,
                            site,
                            old=was or "none",
                            new=now or "none",
                        )
                    )
        if "contentSchema" in used:
            self._compare_presence(old, new, site, keys, "contentSchema", "content-schema")

    def _compare_presence(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        slug: str,
        recurse: bool = True,
    ) -> None:
        """A subschema keyword whose presence constrains: added narrows, removed widens."""
        was, now = old.first(keyword), new.first(keyword)
        if was is None and now is None:
            return
        if was is None:
            keys.append(self._emit(f"{slug}-added", old.node, new.node, site))
        elif now is None:
            keys.append(self._emit(f"{slug}-removed", old.node, new.node, site))
        elif recurse:
            keys += self.compare(was, now, site.qualified(keyword))
        elif self._likeness(was, now) == 0:
            keys.append(self._emit(f"{slug}-changed", was, now, site))

    def _compare_openness(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        slug: str,
        segment: str,
    ) -> None:
        """``additionalProperties``-like keywords: open (absent/true) > a schema > closed."""
        was, now = old.first(keyword), new.first(keyword)
        old_rank, new_rank = _openness(was), _openness(now)
        if old_rank == new_rank == 1:
            assert was is not None and now is not None
            keys += self.compare(was, now, site.nested(segment))
            return
        if old_rank == new_rank:
            return
        narrowed = new_rank < old_rank
        if slug == "additional-properties":
            aspect = f"{slug}-{'narrowed' if narrowed else 'widened'}"
        else:
            aspect = f"{slug}-{'added' if narrowed else 'removed'}"
        keys.append(
            self._emit(
                aspect,
                old.node,
                new.node,
                site,
                old=_OPENNESS_WORDS[old_rank],
                new=_OPENNESS_WORDS[new_rank],
            )
        )

    def _compare_keyed(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        slug: str,
    ) -> None:
        """``patternProperties``/``dependentSchemas``: a map of subschemas."""
        was, now = old.first(keyword), new.first(keyword)
        old_map = was.value if was is not None and isinstance(was.value, dict) else {}
        new_map = now.value if now is not None and isinstance(now.value, dict) else {}
        for name in old_map:
            if name not in new_map:
                keys.append(
                    self._emit(f"{slug}-removed", old.node, new.node, site, str(name), key=name)
                )
            else:
                assert was is not None and now is not None
                child = (
                    site.nested(f"[/{name}/]")
                    if keyword == "patternProperties"
                    else site.qualified(f"dependent schema '{name}'")
                )
                keys += self.compare(was.child(name), now.child(name), child)
        for name in new_map:
            if name not in old_map:
                keys.append(
                    self._emit(f"{slug}-added", old.node, new.node, site, str(name), key=name)
                )

    def _compare_dependent_required(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.get("dependentRequired"), new.get("dependentRequired")
        old_map = was if isinstance(was, dict) else {}
        new_map = now if isinstance(now, dict) else {}
        for name in sorted({*old_map, *new_map}, key=str):
            before = set(_names(old_map.get(name)))
            after = set(_names(new_map.get(name)))
            if after - before:
                keys.append(
                    self._emit(
                        "dependent-required-added",
                        old.node,
                        new.node,
                        site,
                        str(name),
                        key=str(name),
                        names=", ".join(sorted(after - before)),
                    )
                )
            if before - after:
                keys.append(
                    self._emit(
                        "dependent-required-removed",
                        old.node,
                        new.node,
                        site,
                        str(name),
                        key=str(name),
                        names=", ".join(sorted(before - after)),
                    )
                )

    def _compare_prefix_items(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.first("prefixItems"), new.first("prefixItems")
        old_list = was.value if was is not None and isinstance(was.value, list) else []
        new_list = now.value if now is not None and isinstance(now.value, list) else []
        for index in range(max(len(old_list), len(new_list))):
            if index >= len(new_list):
                keys.append(
                    self._emit(
                        "prefix-items-removed",
                        old.node,
                        new.node,
                        site,
                        str(index),
                        position=str(index),
                    )
                )
            elif index >= len(old_list):
                keys.append(
                    self._emit(
                        "prefix-items-added",
                        old.node,
                        new.node,
                        site,
                        str(index),
                        position=str(index),
                    )
                )
            else:
                assert was is not None and now is not None
                keys += self.compare(was.child(index), now.child(index), site.nested(f"[{index}]"))

    def _compare_conditional(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.first("if"), new.first("if")
        if was is None or now is None:
            if was is not None or now is not None:
                aspect = "if-added" if was is None else "if-removed"
                keys.append(self._emit(aspect, old.node, new.node, site))
            return
        if self._likeness(was, now) == 0:
            keys.append(self._emit("if-changed", was, now, site))
        for keyword in ("then", "else"):
            self._compare_presence(old, new, site, keys, keyword, keyword)

    # -- objects --------------------------------------------------------------------------------

    def _compare_properties(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        used = old.keywords() | new.keywords()
        if "properties" not in used and "required" not in used:
            return
        old_props, new_props = old.properties(), new.properties()
        old_required, new_required = old.required(), new.required()
        side = site.side
        hidden_flag = "readOnly" if side == "request" else "writeOnly"
        old_flags = _LazyFlags(self._flags, self._base, old_props)
        new_flags = _LazyFlags(self._flags, self._revision, new_props)
        removed: list[str] = []
        for name, node in old_props.items():
            match = new_props.get(name)
            if match is None:
                removed.append(name)
                continue
            if (name in old_required) == (name in new_required) and self._same(node, match):
                continue  # the common case: nothing to look at
            self._compare_property(
                name,
                node,
                match,
                old_flags[name],
                new_flags[name],
                name in old_required,
                name in new_required,
                site,
                keys,
            )
        added = [name for name in new_props if name not in old_props]
        renamed = self._renames(
            [n for n in removed if not old_flags[n][hidden_flag]],
            [n for n in added if not new_flags[n][hidden_flag]],
            old_props,
            new_props,
        )
        for before, after in renamed.items():
            child = site.nested(before)
            keys.append(
                self._changes.emit(
                    f"{_owner(site)}-renamed",
                    old_props[before],
                    new_props[after],
                    where=child.where,
                    old=before,
                    new=after,
                )
            )
            self._compare_property(
                after,
                old_props[before],
                new_props[after],
                old_flags[before],
                new_flags[after],
                before in old_required,
                after in new_required,
                site,
                keys,
            )
        renamed_to = set(renamed.values())
        hidden_rule = f"{side}-{_HIDDEN_SLUG[hidden_flag]}-property"
        for name in removed:
            if name in renamed:
                continue
            where = site.nested(name).where
            rule = (
                f"{hidden_rule}-removed"
                if old_flags[name][hidden_flag]
                else f"{_owner(site)}-removed"
            )
            keys.append(self._changes.emit(rule, old_props[name], new.node, where=where))
        for name in added:
            if name in renamed_to:
                continue
            where = site.nested(name).where
            if new_flags[name][hidden_flag]:
                rule = f"{hidden_rule}-added"
            elif side == "response":
                rule = "response-property-added"
            elif name in new_required:
                rule = f"{_owner(site)}-required-added"
            else:
                rule = f"{_owner(site)}-optional-added"
            keys.append(self._changes.emit(rule, old.node, new_props[name], where=where))

    def _compare_property(
        self,
        name: str,
        old: Node,
        new: Node,
        old_flags: dict[str, bool],
        new_flags: dict[str, bool],
        was_required: bool,
        now_required: bool,
        site: SchemaSite,
        keys: list[ChangeKey],
    ) -> None:
        side = site.side
        child = site.nested(name)
        for flag, slug in _HIDDEN_SLUG.items():
            if old_flags[flag] != new_flags[flag]:
                state = slug if new_flags[flag] else f"not-{slug}"
                keys.append(
                    self._changes.emit(
                        f"{side}-property-became-{state}", old, new, where=child.where
                    )
                )
        hidden_flag = "readOnly" if side == "request" else "writeOnly"
        hidden_before, hidden_after = old_flags[hidden_flag], new_flags[hidden_flag]
        if hidden_after:
            if hidden_before and self._likeness(old, new) == 0:
                keys.append(
                    self._changes.emit(
                        f"{side}-{_HIDDEN_SLUG[hidden_flag]}-property-changed",
                        old,
                        new,
                        where=child.where,
                    )
                )
            return  # never on this side of the wire now
        was_required = was_required and not hidden_before
        if was_required != now_required:
            change = "became-required" if now_required else "became-optional"
            keys.append(self._changes.emit(f"{_owner(site)}-{change}", old, new, where=child.where))
        if not hidden_before:
            keys += self.compare(old, new, child)

    def _flags(self, document: Resolver, node: Node) -> dict[str, bool]:
        value = node.value
        if isinstance(value, dict) and "$ref" not in value and "allOf" not in value:
            return {
                "readOnly": value.get("readOnly") is True,
                "writeOnly": value.get("writeOnly") is True,
            }
        resolved = document.deref(node)
        if not isinstance(resolved.value, dict):
            return {"readOnly": False, "writeOnly": False}
        view = SchemaView(document, resolved)
        return {"readOnly": view.flag("readOnly"), "writeOnly": view.flag("writeOnly")}

    def _renames(
        self,
        removed: list[str],
        added: list[str],
        old_props: dict[str, Node],
        new_props: dict[str, Node],
    ) -> dict[str, str]:
        """Removed → added property names that are one property renamed: equivalent schemas,
        and the match is one-to-one. Plain schemas (just a type) also need alike names."""
        if not removed or not added or len(removed) * len(added) > _RENAME_SEARCH_LIMIT:
            return {}
        candidates: dict[str, list[str]] = {name: [] for name in removed}
        claimed: dict[str, list[str]] = {name: [] for name in added}
        for before in removed:
            for after in added:
                evidence = self._likeness(old_props[before], new_props[after])
                if evidence == 2 or (evidence == 1 and names_alike(before, after)):
                    candidates[before].append(after)
                    claimed[after].append(before)
        return {
            before: found[0]
            for before, found in candidates.items()
            if len(found) == 1 and len(claimed[found[0]]) == 1
        }

    def _likeness(self, old: Node, new: Node) -> int:
        """2: the same distinctive schema; 1: the same plain schema (or the same up to
        descriptions); 0: different schemas."""
        if self._same(old, new):
            return 2 if _distinctive(old.value) else 1
        before, after = self._base.deref(old), self._revision.deref(new)
        if not isinstance(before.value, dict) or not isinstance(after.value, dict):
            return 0
        if self._same(before, after):
            return 2 if is_ref(old.value) or _distinctive(before.value) else 1
        stripped_before = _without_annotations(before.value)
        stripped_after = _without_annotations(after.value)
        if stripped_before == stripped_after and self._same(
            Node(stripped_before, before.file, before.pointer),
            Node(stripped_after, after.file, after.pointer),
        ):
            return 1
        return 0


_SLUG = {"oneOf": "one-of", "anyOf": "any-of"}
_HIDDEN_SLUG = {"readOnly": "read-only", "writeOnly": "write-only"}
_OPENNESS_WORDS = {0: "closed", 1: "a schema", 2: "open"}


def _says_nothing_of_names(document: Resolver, node: Node | None) -> bool:
    """Property names are strings: ``propertyNames: {type: string}`` constrains nothing."""
    value = None if node is None else document.deref(node).value
    if value is None or value is True:
        return True
    if not isinstance(value, dict):
        return False
    meaningful = _without_annotations(value)
    return meaningful == {} or meaningful == {"type": "string"}


def _unconstrained(view: SchemaView) -> bool:
    return len(view.sources) == 1 and all(
        key in ANNOTATIONS or is_extension(key) for key in view.value
    )


def _all_booleans(view: SchemaView, enum: Any) -> bool:
    return (
        isinstance(enum, list)
        and view.types()[0] == frozenset({"boolean"})
        and any(v is True for v in enum)
        and any(v is False for v in enum)
    )


def _enum_of(view: SchemaView, enum: Any) -> Any:
    if enum is None:
        const = view.first("const")
        if const is not None:
            return [const.value]
    return enum


def _owner(site: SchemaSite) -> str:
    """The rule prefix for a property's existence and requiredness: a property of a
    parameter's object schema (a deepObject query parameter, a header) or of a body."""
    return (
        "request-parameter-property" if site.site in _PARAMETER_SITES else f"{site.side}-property"
    )


def _enter_scope(scope: list[dict[str, Node]], node: Node) -> list[list[dict[str, Node]]]:
    """Push the dynamic anchors a schema declares (in its ``$defs``); returns what to pop."""
    value = node.value
    if not isinstance(value, dict) or "$defs" not in value:
        return []
    definitions = value["$defs"]
    if not isinstance(definitions, dict):
        return []
    anchors = {
        str(item["$dynamicAnchor"]): node.child("$defs").child(name)
        for name, item in definitions.items()
        if isinstance(item, dict) and isinstance(item.get("$dynamicAnchor"), str)
    }
    if not anchors:
        return []
    scope.append(anchors)
    return [scope]


def _outermost(scope: list[dict[str, Node]]) -> dict[str, Node]:
    bound: dict[str, Node] = {}
    for anchors in scope:
        for name, node in anchors.items():
            bound.setdefault(name, node)
    return bound


def _scope_signature(scope: list[dict[str, Node]]) -> tuple[Any, ...]:
    return tuple(
        (name, node.file, node.pointer) for name, node in sorted(_outermost(scope).items())
    )


def _bind(scope: list[dict[str, Node]], node: Node) -> Node:
    """``{$dynamicRef: '#T'}`` → the schema the outermost ``$dynamicAnchor: T`` binds."""
    value = node.value
    if not isinstance(value, dict):
        return node
    ref = value.get("$dynamicRef")
    if not (isinstance(ref, str) and ref.startswith("#")):
        return node
    return _outermost(scope).get(ref[1:], node)


class _LazyFlags:
    """readOnly/writeOnly of each property, looked up only for the properties that need it."""

    def __init__(
        self,
        lookup: Callable[[Resolver, Node], dict[str, bool]],
        document: Resolver,
        properties: dict[str, Node],
    ) -> None:
        self._lookup = lookup
        self._document = document
        self._properties = properties
        self._known: dict[str, dict[str, bool]] = {}

    def __getitem__(self, name: str) -> dict[str, bool]:
        found = self._known.get(name)
        if found is None:
            found = self._lookup(self._document, self._properties[name])
            self._known[name] = found
        return found


def _composition_keyword(view: SchemaView) -> str | None:
    found = [keyword for keyword in COMPOSITIONS if view.first(keyword) is not None]
    return found[0] if len(found) == 1 else None


def _openness(node: Node | None) -> int:
    if node is None or node.value is True or node.value == {}:
        return 2
    if node.value is False:
        return 0
    return 1 if isinstance(node.value, dict) else 2


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


def _bound_words(was: Bound | None, now: Bound | None, neutral: Any) -> str:
    def unset(bound: Bound | None) -> bool:
        return bound is None or (neutral is not None and bound == Bound(neutral))

    if unset(was):
        return f"set to {now}"
    if unset(now):
        return f"removed (was {was})"
    return f"from {was} to {now}"


def _mapping(discriminator: dict[str, Any]) -> dict[str, str]:
    mapping = discriminator.get("mapping")
    if not isinstance(mapping, dict):
        return {}
    return {str(k): str(v).rsplit("/", 1)[-1] for k, v in mapping.items()}


def _names(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _distinctive(value: Any) -> bool:
    return isinstance(value, dict) and any(key not in _PLAIN_KEYS for key in value)


def _without_annotations(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k not in ANNOTATIONS and not is_extension(k)}


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values: ``1 == 1.0``, but ``true != 1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and bool(a == b)


def _value_key(value: Any) -> bytes:
    return dump(value, sort_keys=True)


def _show(value: Any) -> str:
    return dump(value).decode()
