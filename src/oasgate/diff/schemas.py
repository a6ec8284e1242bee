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

from typing import Any

from msgspec import Struct, field

from oasgate.catalogue import AspectName, get_rule
from oasgate.catalogue.ids import (
    ASPECT_ADDITIONAL_PROPERTIES_NARROWED,
    ASPECT_ADDITIONAL_PROPERTIES_WIDENED,
    ASPECT_NOT_ADDED,
    ASPECT_NOT_CHANGED,
    ASPECT_NOT_NARROWED,
    ASPECT_NOT_REMOVED,
    ASPECT_NOT_WIDENED,
    ASPECT_UNIQUE_ITEMS_ADDED,
    ASPECT_UNIQUE_ITEMS_REMOVED,
)
from oasgate.catalogue.schema import schema_aspect
from oasgate.diff.all_of_merge import MergedNode
from oasgate.diff.changes import ChangeKey, ChangeSet, TooManyChanges
from oasgate.diff.equivalence import Equivalence
from oasgate.diff.references import Resolver, component_name, identity, is_ref, schema_name
from oasgate.diff.schema_base import DEFAULT, NULLABLE, Settled
from oasgate.diff.schema_composition import _CompositionParts
from oasgate.diff.schema_inheritance import _InheritanceParts
from oasgate.diff.schema_keywords import _KeywordParts
from oasgate.diff.schema_objects import _ObjectParts
from oasgate.diff.schema_reading import ANNOTATIONS, declared_types, is_extension
from oasgate.diff.schema_site import SchemaSite
from oasgate.diff.schema_values import _ValueParts, admits_null
from oasgate.diff.schema_view import SchemaView, unwrap
from oasgate.diff.union_values import excluded_values_kept
from oasgate.findings import Classification
from oasgate.loading.document import Document, Node

__all__ = ["SchemaComparer", "SchemaSite", "schema_types"]

schema_types = declared_types  # kept for callers of the first version

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


MemoKey = tuple[Any, ...]


class _Frame(Struct):
    """A referenced pair being compared; ``low`` is the oldest active pair it depends on."""

    index: int
    low: int
    pending: list[MemoKey] = field(default_factory=list)


class SchemaComparer(
    _ValueParts, _CompositionParts, _InheritanceParts, _KeywordParts, _ObjectParts
):
    """Compares two schemas at a site; see the module docstring."""

    def __init__(
        self, base: Document, revision: Document, changes: ChangeSet, equivalence: Equivalence
    ) -> None:
        self._base = Resolver(base)
        self._revision = Resolver(revision)
        self._changes = changes
        self._raw_same = equivalence.same
        self._equivalence = equivalence
        self._memo: dict[MemoKey, list[ChangeKey]] = {}
        self._active: dict[MemoKey, int] = {}
        self._frames: list[_Frame] = []
        self._provisional: dict[MemoKey, tuple[list[ChangeKey], int]] = {}
        #: the $dynamicAnchor bindings in force, outermost first (JSON Schema 2020-12)
        self._base_scope: list[dict[str, Node]] = []
        self._revision_scope: list[dict[str, Node]] = []
        self._probing = False
        #: the comparer :meth:`_probe` runs on a scratch change set (made when first needed)
        self._prober: SchemaComparer | None = None

    # -- entry point and memo -----------------------------------------------------------------

    def compare(
        self, base: Node, revision: Node, site: SchemaSite, settled: Settled = frozenset()
    ) -> list[ChangeKey]:
        """Compare two schema nodes (either may be a ``$ref``) at ``site``.

        ``settled``: what an enclosing wrapper already compared for this pair —
        ``"nullable"`` (whether null is allowed), ``"default"`` (the property's default).
        """
        if self._base_scope or self._revision_scope:
            base = _bind(self._base_scope, base)
            revision = _bind(self._revision_scope, revision)
        if self._same(base, revision):
            return []
        return self._compare_nodes(base, revision, site, settled)

    def _compare_nodes(
        self, base: Node, revision: Node, site: SchemaSite, settled: Settled
    ) -> list[ChangeKey]:
        entered = _enter_scope(self._base_scope, base) + _enter_scope(
            self._revision_scope, revision
        )
        try:
            if not (is_ref(base.value) or is_ref(revision.value)):
                return self._compare_inline(base, revision, site, settled)
            return self._compare_referenced(base, revision, site, settled)
        finally:
            for scope in entered:
                scope.pop()

    def _compare_referenced(
        self, base: Node, revision: Node, site: SchemaSite, settled: Settled
    ) -> list[ChangeKey]:
        base_target = self._base.deref(base)
        revision_target = self._revision.deref(revision)
        # named after the revision's component when it is one, so that the name is a function
        # of the pair (and not of which side happened to be written as a reference)
        shared = is_ref(base.value) and is_ref(revision.value)
        inner = site.entering(
            schema_name(revision_target)
            or schema_name(base_target)
            or component_name(revision_target if is_ref(revision.value) else base_target),
            shared=shared,
            same_component=shared
            and identity(self._base, base_target) == identity(self._revision, revision_target),
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
                inner.encoding,
                settled,
                *self._binding_signature(),
            )
            return self._memoised(key, base_target, revision_target, inner, settled)
        finally:
            for scope in entered:
                scope.pop()

    def _compare_inline(
        self, base: Node, revision: Node, site: SchemaSite, settled: Settled
    ) -> list[ChangeKey]:
        """A pair written in place, compared where it is met: not memoised (its path is part
        of what it says), but it takes part in ending recursion. The members of an ``allOf``
        are merged, so a component an ``allOf`` refers to brings its properties in without
        a reference being followed; when that component is recursive (AWS's
        ``condition: {allOf: [{$ref: ComponentConditionProperty}, {description}]}`` and
        back), the same pair of properties comes round again with a longer path, and only
        the pair itself, met again while it is being compared, says that it is a cycle
        (D98). It then returns nothing, as a referenced pair does, and the pairs compared
        inside the cycle wait for its end like those of a cycle of references."""
        key: MemoKey = (
            _place(base),
            _place(revision),
            site.side,
            site.site,
            site.encoding,
            site.context,
            settled,
            *self._binding_signature(),
        )
        framed = self._in_frame(key, base, revision, site, settled, checked=True)
        return [] if framed is None else framed[0]

    def _memoised(
        self, key: MemoKey, base: Node, revision: Node, site: SchemaSite, settled: Settled
    ) -> list[ChangeKey]:
        done = self._memo.get(key)
        if done is not None:
            return done
        provisional = self._provisional.get(key)
        if provisional is not None:
            self._depends_on(provisional[1])
            return provisional[0]
        framed = self._in_frame(key, base, revision, site, settled, checked=False)
        if framed is None:  # recursion: this pair is already being compared further up
            return []
        keys, open_at = framed
        if open_at is not None:
            # part of a cycle whose first pair is still open: final once that one closes
            self._provisional[key] = (keys, open_at)
            self._frames[open_at].pending.append(key)
            return keys
        keys = list(dict.fromkeys(keys))
        self._memo[key] = keys
        return keys

    def _in_frame(
        self,
        key: MemoKey,
        base: Node,
        revision: Node,
        site: SchemaSite,
        settled: Settled,
        checked: bool,
    ) -> tuple[list[ChangeKey], int | None] | None:
        """The pair compared as one frame of the cycle bookkeeping: None when it is being
        compared further up already (a cycle: it contributes nothing again); else its keys
        and, when it belongs to a cycle whose first frame is still open further up, that
        frame's index (the result is final only once that frame closes). A frame that
        closes a cycle makes final what the pairs compared inside it found."""
        active = self._active.get(key)
        if active is not None:
            self._depends_on(active)
            return None
        frame = _Frame(len(self._frames), len(self._frames), [])
        self._frames.append(frame)
        self._active[key] = frame.index
        try:
            keys = self._compare_resolved(base, revision, site, settled, checked=checked)
        finally:
            self._frames.pop()
            del self._active[key]
        if frame.low < frame.index:
            self._frames[frame.low].pending += frame.pending
            self._depends_on(frame.low)
            return keys, frame.low
        if frame.pending:
            final = list(dict.fromkeys(keys))
            for member in frame.pending:
                self._memo[member] = final
                self._provisional.pop(member, None)
        return keys, None

    # -- not: a change inside means the opposite outside -------------------------------------

    def _compare_not(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        """``not`` inverts what a change means: an excluded schema that admits more excludes
        more. The pair inside is compared on its own (a scratch change set, so that nothing
        it finds is reported as if it were outside the ``not``), and the direction of what
        it found decides the one finding: ``not-widened``, ``not-narrowed``, or
        ``not-changed`` when it went both ways."""
        was, now = old.merged("not"), new.merged("not")
        if was is None and now is None:
            return
        if was is None or now is None:
            if (
                was is None
                and now is not None
                and excluded_values_kept(site.union, self._base, self._revision, now)
            ):
                return  # a value it excludes, a sibling variant takes: nothing excluded
            aspect = ASPECT_NOT_ADDED if was is None else ASPECT_NOT_REMOVED
            keys.append(self._emit(aspect, old.node, new.node, site))
            return
        if self._same(was, now):
            return
        inner = ChangeSet()
        probe = SchemaComparer(
            self._base.document, self._revision.document, inner, self._equivalence
        )
        probe.compare(was, now, site.qualified("not"))
        direction, change = _inner_direction(inner)
        if direction is not None:
            keys.append(self._emit(direction, was, now, site, change=change))

    def _probe(self, base: Node, revision: Node, site: SchemaSite) -> list[str] | None:
        """The rules of what comparing the pair finds, reported nowhere; ``None`` when the
        probe went over the change budget. One prober serves every probe (a probe inside
        a probe is the prober's own comparison): each pair is compared once, however deep
        the unions that ask."""
        prober = self if self._probing else self._prober
        if prober is None:
            prober = SchemaComparer(
                self._base.document,
                self._revision.document,
                self._changes.scratch(),
                self._equivalence,
            )
            prober._probing = True
            self._prober = prober
        try:
            found = prober.compare(base, revision, site)
        except TooManyChanges:
            return None
        return [key[0] for key in found]

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
        if isinstance(base, MergedNode) or isinstance(revision, MergedNode):
            # declarations merged from allOf members, perhaps of several files: each part's
            # references are read from its own file (named from each side's root document)
            base_path = self._base.document.spec_path
            revision_path = self._revision.document.spec_path
            return (
                isinstance(base, MergedNode)
                and isinstance(revision, MergedNode)
                and len(base.parts) == len(revision.parts)
                and all(
                    base_path(a.file) == revision_path(b.file) or a.value == b.value
                    for a, b in zip(base.parts, revision.parts, strict=True)
                )
                and all(
                    self._raw_same(a, b) for a, b in zip(base.parts, revision.parts, strict=True)
                )
            )
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
        settled: Settled,
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
        old_wrapped = unwrap(old)
        new_wrapped = unwrap(new)
        if (old_wrapped is None) != (new_wrapped is None) and _same_composition(old, new):
            # oneOf [A] -> oneOf [A, B]: a variant added, not A wrapped
            old_wrapped = new_wrapped = None
        if old_wrapped is not None or new_wrapped is not None:
            # {allOf: [X], nullable: true}, {anyOf: [X, {type: 'null'}]}: compare X itself
            old_inner, old_null, old_default = old_wrapped or (base, False, None)
            new_inner, new_null, new_default = new_wrapped or (revision, False, None)
            if NULLABLE not in settled:
                old_null = old_null or self._nullable(self._base, old_inner)
                new_null = new_null or self._nullable(self._revision, new_inner)
                self._nullable_change(old_null, new_null, base, revision, site, keys)
            inside = settled | {NULLABLE}
            if (old_default is not None or new_default is not None) and DEFAULT not in settled:
                # {allOf: [X], default: null}: the property's default is the wrapper's, else
                # X's; compared here, once — not again between X and the other side
                self._compare_value(
                    SchemaView(self._base, old_default or self._base.deref(old_inner)),
                    SchemaView(self._revision, new_default or self._revision.deref(new_inner)),
                    site,
                    keys,
                    "default",
                )
                inside |= {DEFAULT}
            keys += self.compare(old_inner, new_inner, site, inside)
            return keys
        if NULLABLE not in settled:
            self._nullable_change(admits_null(old), admits_null(new), base, revision, site, keys)
        if self._compare_compositions(old, new, site, keys):
            return keys
        self._compare_types(old, new, site, keys)
        if not site.as_text and _disjoint_types(old, new):
            # array → object: no value of one is a value of the other; the type change says
            # it all, listing the object's properties as added would only repeat it
            return keys
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
        if "default" in used and DEFAULT not in settled:
            self._compare_value(old, new, site, keys, "default")
        if not used.isdisjoint(_CONSTRAINT_KEYS):
            self._compare_bounds(old, new, site, keys)
        if "multipleOf" in used:
            self._compare_multiple_of(old, new, site, keys)
        if "uniqueItems" in used and old.flag("uniqueItems") != new.flag("uniqueItems"):
            aspect = (
                ASPECT_UNIQUE_ITEMS_ADDED
                if new.flag("uniqueItems")
                else ASPECT_UNIQUE_ITEMS_REMOVED
            )
            keys.append(self._emit(aspect, base, revision, site))
        if "pattern" in used:
            self._compare_patterns(old, new, site, keys)
        if "discriminator" in used:
            self._compare_discriminator(old, new, site, keys)
        if "allOf" in used:
            self._compare_all_of_members(old, new, site, keys)
        if "not" in used:
            self._compare_not(old, new, site, keys)
        self._compare_json_schema_keywords(old, new, used, site, keys)
        self._compare_properties(old, new, site, keys)
        if "additionalProperties" in used:
            self._compare_openness(
                old,
                new,
                site,
                keys,
                "additionalProperties",
                ASPECT_ADDITIONAL_PROPERTIES_NARROWED,
                ASPECT_ADDITIONAL_PROPERTIES_WIDENED,
                "*",
            )
        old_items, new_items = old.merged("items"), new.merged("items")
        if (
            old_items is not None
            and new_items is not None
            and isinstance(old_items.value, dict)
            and isinstance(new_items.value, dict)
        ):
            keys += self.compare(old_items, new_items, site.nested("[]"))
        return keys


def _place(node: Node) -> tuple[Any, ...]:
    """Where a schema is written: a merged declaration is where each of its parts is."""
    if isinstance(node, MergedNode):
        return tuple((part.file, part.pointer) for part in node.parts)
    return (node.file, node.pointer)


def _inner_direction(changes: ChangeSet) -> tuple[AspectName | None, str]:
    """Whether the changes inside a ``not`` made the excluded schema admit more
    (``not-widened``), fewer (``not-narrowed``) or other values (``not-changed``); ``None`` when
    nothing but annotations changed. Each change's direction is its aspect's request-side
    classification, whatever side it is on: on a request, compatible means the schema
    admits more, breaking that it admits less. Also a few words saying what changed
    inside, for the message."""
    wider = narrower = False
    said: list[str] = []
    for change in changes.changes.values():
        rule = get_rule(change.rule)
        aspect = schema_aspect(change.rule)
        level = aspect.request if aspect is not None else Classification.WARNING
        if level is Classification.INFO:
            continue
        if level is Classification.COMPATIBLE:
            wider = True
        elif level is Classification.BREAKING:
            narrower = True
        else:
            wider = narrower = True
        said.append(rule.message.format_map(_Words(change.details)).split(": ", 1)[-1])
    if not (wider or narrower):
        return None, ""
    direction = (
        ASPECT_NOT_CHANGED
        if wider and narrower
        else ASPECT_NOT_WIDENED
        if wider
        else ASPECT_NOT_NARROWED
    )
    shown = "; ".join(said[:2]) + (f" and {len(said) - 2} more" if len(said) > 2 else "")
    return direction, shown


class _Words(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _same_composition(old: SchemaView, new: SchemaView) -> bool:
    return any(
        isinstance(old.value.get(k), list) and isinstance(new.value.get(k), list)
        for k in ("allOf", "oneOf", "anyOf")
    )


def _disjoint_types(old: SchemaView, new: SchemaView) -> bool:
    was, _ = old.types()
    now, _ = new.types()
    if was is None or now is None:
        return False
    loose = {"integer", "number"}
    return not (was & now) and not (was & loose and now & loose)


def _unconstrained(view: SchemaView) -> bool:
    return len(view.sources) == 1 and all(
        key in ANNOTATIONS or is_extension(key) for key in view.value
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
