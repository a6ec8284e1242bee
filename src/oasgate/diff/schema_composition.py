"""Comparing ``oneOf``/``anyOf``: variants paired by resemblance, wraps and unwraps.

A plain schema that becomes one variant of a new ``oneOf`` is *wrapped* (and the reverse
*unwrapped*); an object whose branches only add constraints is compared as the branches
with the object folded into each; when ``allOf`` members hold several lists, they are a
conjunction (:mod:`oasgate.diff.schema_conjunction` sets aside those that add nothing and
pairs the rest). Variants are grouped by their normal text and paired by resemblance
(:mod:`oasgate.diff.variants`), and named in messages by what they are, never by their
position. ``allOf`` members and the discriminator are
:mod:`oasgate.diff.schema_inheritance`'s."""

from __future__ import annotations

from typing import Any

from oasgate.catalogue.ids import ASPECT_TYPE_NARROWED
from oasgate.diff.all_of_merge import MergedNode
from oasgate.diff.changes import ChangeKey
from oasgate.diff.keyword_aspects import COMPOSITION_ASPECTS
from oasgate.diff.normal_form import normal_text
from oasgate.diff.references import Resolver, is_ref, schema_name
from oasgate.diff.schema_base import NULLABLE_SETTLED, ComparerParts, subset
from oasgate.diff.schema_conjunction import essential_lists, pair_compositions
from oasgate.diff.schema_reading import (
    ANNOTATIONS,
    COMPOSITIONS,
    is_extension,
    is_null_schema,
    types_text,
)
from oasgate.diff.schema_site import SchemaSite, Union
from oasgate.diff.schema_view import SchemaView
from oasgate.diff.union_values import (
    inside_types,
    no_new_value,
    spread,
    texts_taken,
)
from oasgate.diff.variants import Profile, pair_variants
from oasgate.loading.document import Node
from oasgate.phrases import Phrase


class _CompositionParts(ComparerParts):
    """oneOf and anyOf: variants, wraps and unwraps, conjunctions of lists."""

    # -- composition ----------------------------------------------------------------------------

    def _compare_compositions(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> bool:
        """Compare ``oneOf``/``anyOf``; True when the pair was a wrap or unwrap and nothing
        else is left to compare at this level."""
        if self._compare_distributed(old, new, site, keys):
            return True
        old_keyword = _composition_keyword(old)
        new_keyword = _composition_keyword(new)
        if old_keyword and new_keyword and old_keyword != new_keyword:
            # anyOf became oneOf (or back): the same variants under another rule
            keys.append(
                self._emit(COMPOSITION_ASPECTS[new_keyword].became, old.node, new.node, site)
            )
            self._compare_conjunctions(
                (old_keyword, new_keyword),
                old,
                new,
                old.compositions(old_keyword),
                new.compositions(new_keyword),
                site,
                keys,
            )
            return False
        for keyword in COMPOSITIONS:
            old_lists, new_lists = old.compositions(keyword), new.compositions(keyword)
            if old_lists and new_lists:
                self._compare_conjunctions(
                    (keyword, keyword), old, new, old_lists, new_lists, site, keys
                )
                continue
            was, now = old.variants(keyword), new.variants(keyword)
            if not old_lists and not new_lists:
                continue
            aspects = COMPOSITION_ASPECTS[keyword]
            if new_lists:
                essential = essential_lists(new, new_lists, keyword)
                if len(essential) > 1:
                    for composition in essential:
                        keys.append(self._constraint_added(keyword, old, new, composition, site))
                    continue
                if now is None or not new.is_wrapper(keyword):
                    count = len(new.variants_of(essential[0]))
                    keys.append(
                        self._emit(
                            aspects.constraint_added, old.node, new.node, site, count=str(count)
                        )
                    )
                    continue
                match = self._best_match(self._base, old.node, self._revision, now)
                if match is None:
                    continue  # compared below, through the union of the variants' types
                inside = inside_types(self._revision, old, now, match)
                if inside and keyword == "oneOf":
                    # number → oneOf [number, integer]: an integer matches both variants and
                    # oneOf refuses it; the union takes fewer values than the old schema
                    keys.append(
                        self._emit(
                            ASPECT_TYPE_NARROWED,
                            old.node,
                            new.node,
                            site,
                            old=types_text(old.types()[0]),
                            new=f"oneOf [{', '.join(inside)}]",
                        )
                    )
                elif site.as_text and all(
                    texts_taken(self._base, [old.node], "", variant, self._revision)
                    for index, variant in enumerate(now)
                    if index != match
                ):
                    pass  # a header's string wrapped with an integer: no text is new
                elif not inside and not spread(
                    self._base, old.node, self._revision, now, keyword, site.side == "response"
                ):
                    keys.append(
                        self._emit(aspects.wrapped, old.node, new.node, site, count=str(len(now)))
                    )
                # anyOf whose other variants take only values of the old schema: the union
                # is the old schema, nothing to say at this level
                label = self._variant_label(self._revision, now[match], match)
                union = Union((old.node,), "", tuple(now), keyword)
                keys += self.compare(
                    old.node,
                    now[match],
                    site.qualified(
                        Phrase("{keyword} variant {label}", keyword=keyword, label=label)
                    ).within(union),
                    NULLABLE_SETTLED,
                )
                return True
            essential = essential_lists(old, old_lists, keyword)
            if len(essential) > 1:
                for composition in essential:
                    keys.append(self._constraint_removed(keyword, old, new, composition, site))
                continue
            if was is None or not old.is_wrapper(keyword):
                keys.append(self._emit(aspects.constraint_removed, old.node, new.node, site))
                continue
            match = self._best_match(self._revision, new.node, self._base, was)
            if match is None:
                continue
            for index, variant in enumerate(was):
                if (
                    index != match
                    and not (
                        site.as_text
                        and texts_taken(self._revision, [new.node], "", variant, self._base)
                    )
                    and not (
                        len(was) <= _ABSORBING_LIMIT and self._takes_all_of(variant, new.node, site)
                    )
                ):
                    label = self._variant_label(self._base, variant, index)
                    keys.append(
                        self._emit(
                            aspects.variant_removed, variant, new.node, site, label, variant=label
                        )
                    )
            union = Union(tuple(was), keyword, (new.node,), "")
            keys += self.compare(was[match], new.node, site.within(union), NULLABLE_SETTLED)
            return True
        return False

    def _compare_distributed(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> bool:
        """An object whose ``anyOf``/``oneOf`` branches only add constraints
        (``anyOf: [{required: [a]}, {required: [b]}]``) means the same as the branches
        with the object folded into each. When one side is written that way and the other
        as a plain list of full variants, both are compared as full variants: moving
        properties into the variants is no removal. True when that is how it was compared."""
        for keyword in COMPOSITIONS:
            old_folded = _folded_variants(old, keyword)
            new_folded = _folded_variants(new, keyword)
            if (old_folded is None) == (new_folded is None):
                continue
            if old_folded is None and not old.is_wrapper(keyword):
                continue
            if new_folded is None and not new.is_wrapper(keyword):
                continue
            was = old_folded or old.variants(keyword)
            now = new_folded or new.variants(keyword)
            if not was or not now:
                continue
            self._compare_variants(keyword, old, new, was, now, site, keys)
            return True
        return False

    def _compare_conjunctions(
        self,
        keywords: tuple[str, str],
        old: SchemaView,
        new: SchemaView,
        was: list[Node],
        now: list[Node],
        site: SchemaSite,
        keys: list[ChangeKey],
    ) -> None:
        """Compare the ``oneOf``/``anyOf`` lists of two schemas. Each side's lists are a
        conjunction (every ``allOf`` member may hold one, and a value must satisfy them
        all), so no one list stands for the others: the lists that add nothing to the
        others of their side are set aside (:func:`essential_lists`), the rest paired by
        content (:func:`pair_compositions`) and each pair's variants compared. A list left
        without a counterpart is a constraint added or removed."""
        old_keyword, new_keyword = keywords
        was = essential_lists(old, was, old_keyword)
        now = essential_lists(new, now, new_keyword)
        pairs = pair_compositions(self._base, self._revision, was, now)
        for i, j in pairs:
            self._compare_variants(
                new_keyword,
                old,
                new,
                old.variants_of(was[i]),
                new.variants_of(now[j]),
                site,
                keys,
                old_keyword,
            )
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for index, composition in enumerate(was):
            if index not in paired_old:
                keys.append(self._constraint_removed(old_keyword, old, new, composition, site))
        for index, composition in enumerate(now):
            if index not in paired_new:
                keys.append(self._constraint_added(new_keyword, old, new, composition, site))

    def _constraint_added(
        self, keyword: str, old: SchemaView, new: SchemaView, composition: Node, site: SchemaSite
    ) -> ChangeKey:
        """One of several lists of a conjunction added: at the member that holds it."""
        count = str(len(new.variants_of(composition)))
        holder = _holder(new, keyword, composition)
        return self._emit(
            COMPOSITION_ASPECTS[keyword].constraint_added, old.node, holder, site, count=count
        )

    def _constraint_removed(
        self, keyword: str, old: SchemaView, new: SchemaView, composition: Node, site: SchemaSite
    ) -> ChangeKey:
        holder = _holder(old, keyword, composition)
        return self._emit(COMPOSITION_ASPECTS[keyword].constraint_removed, holder, new.node, site)

    def _compare_variants(
        self,
        keyword: str,
        old: SchemaView,
        new: SchemaView,
        was: list[Node],
        now: list[Node],
        site: SchemaSite,
        keys: list[ChangeKey],
        old_keyword: str = "",
    ) -> None:
        aspects = COMPOSITION_ASPECTS[keyword]
        # a variant that is only a union of its own stands for its variants: one that moved
        # one level down (OpenSearch's SourceConfig) is still there
        was = _flattened(self._base, was, old_keyword or keyword)
        now = _flattened(self._revision, now, keyword)
        pairs = self._pair_variants(was, now)
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for index, variant in enumerate(was):
            if index not in paired_old and not (
                site.as_text and texts_taken(self._revision, now, keyword, variant, self._base)
            ):
                if len(was) <= _ABSORBING_LIMIT >= len(now) and any(
                    self._takes_all_of(variant, other, site) for other in now
                ):
                    continue  # merged into a variant that takes all it took
                label = self._variant_label(self._base, variant, index)
                keys.append(
                    self._emit(
                        aspects.variant_removed, variant, new.node, site, label, variant=label
                    )
                )
        for index, variant in enumerate(now):
            if site.as_text and texts_taken(
                self._base, was, old_keyword or keyword, variant, self._revision
            ):
                continue  # every text the new variant takes, the old union took already
            if index not in paired_new and not no_new_value(
                self._base,
                was,
                old_keyword or keyword,
                self._revision,
                now,
                index,
                keyword,
                site.side == "response",
            ):
                label = self._variant_label(self._revision, variant, index)
                keys.append(
                    self._emit(aspects.variant_added, old.node, variant, site, label, variant=label)
                )
        union = Union(tuple(was), old_keyword or keyword, tuple(now), keyword)
        for i, j in pairs:
            label = self._variant_label(self._revision, now[j], j)
            keys += self.compare(
                was[i],
                now[j],
                site.qualified(
                    Phrase("{keyword} variant {label}", keyword=keyword, label=label)
                ).within(union),
            )

    def _pair_variants(self, was: list[Node], now: list[Node]) -> list[tuple[int, int]]:
        """Pairs of (base index, revision index). Variants are grouped by their text first:
        identical text on both sides pairs outright (the same $ref, the same inline schema,
        wherever it moved); the remaining groups are paired by resemblance, one profile per
        group, ties settled by content; within two paired groups, copies pair in order."""
        old_groups = _groups(was)
        new_groups = _groups(now)
        pairs: list[tuple[int, int]] = []
        for text in [t for t in old_groups if t in new_groups]:
            pairs += zip(old_groups.pop(text), new_groups.pop(text), strict=False)
        if old_groups and new_groups:
            old_texts, new_texts = list(old_groups), list(new_groups)
            base_profiles = [Profile.of(self._base, was[old_groups[t][0]]) for t in old_texts]
            revision_profiles = [
                Profile.of(self._revision, now[new_groups[t][0]]) for t in new_texts
            ]

            def same(a: int, b: int) -> bool:
                i, j = old_groups[old_texts[a]][0], new_groups[new_texts[b]][0]
                return self._same(self._base.deref(was[i]), self._revision.deref(now[j]))

            for a, b in pair_variants(base_profiles, revision_profiles, same, old_texts, new_texts):
                pairs += zip(old_groups[old_texts[a]], new_groups[new_texts[b]], strict=False)
        return sorted(pairs)

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
        if not pairs or not subset(profile.types, profiles[pairs[0][1]].types):
            return None
        return pairs[0][1]

    def _variant_label(self, document: Resolver, node: Node, index: int) -> str:
        """How a message names a variant: by what it is, never by its position when
        anything else can name it (reordering the variants must not rename them): the
        component it refers to — a key of the components, a schema file's stem, or a
        top-level key of a definitions file (DigitalOcean's
        ``models/droplet_actions.yml#/droplet_action_enable_backups``) — else its title,
        what it holds, the reference itself; its position only for an inline schema that
        says nothing else."""
        resolved = document.deref(node)
        referenced = resolved is not node
        name = schema_name(resolved) if referenced else None
        if name is None and referenced and len(resolved.pointer) == 1:
            # a top-level key of a models file (``droplet_actions.yml#/droplet_action_resize``)
            # names its schema as a component's key does
            name = str(resolved.pointer[0])
        if name is None and isinstance(resolved.value, dict):
            title = resolved.value.get("title")
            name = title if isinstance(title, str) else None
        if name:
            return f"'{name}'"
        described = _described(resolved.value)
        if described:
            return described
        if referenced and is_ref(node.value):
            return f"'{node.value['$ref']}'"
        return f"#{index}"


#: Past this many variants on either side, a variant left unpaired is not tried against
#: the other side's (each try is a walk of both: at most this many squared per union).
_ABSORBING_LIMIT = 16


def _described(value: Any) -> str | None:
    """An unnamed variant by what it holds (``{id, name}``, ``string``), never by its
    position: reordering the variants must not rename them."""
    if not isinstance(value, dict):
        return None
    members = value.get("allOf")
    if isinstance(members, list) and members:
        # each member by its name or content (``QueryBase + {field, origin, pivot}``), sorted:
        # an allOf's members have no order either
        parts = [str(m["$ref"]).rsplit("/", 1)[-1] if is_ref(m) else _described(m) for m in members]
        if any(parts):
            return " + ".join(sorted(part or "…" for part in parts))
    properties = value.get("properties")
    if isinstance(properties, dict) and properties:
        names = sorted(str(name) for name in properties)
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return "{" + shown + "}"
    declared = value.get("type")
    if isinstance(declared, str):
        return declared
    if isinstance(declared, list) and all(isinstance(t, str) for t in declared):
        return "|".join(sorted(declared))
    return None


#: What a composition branch may say and still only constrain its parent's object.
_CONSTRAINTS_ONLY = (
    frozenset({"required", "minProperties", "maxProperties", "dependentRequired", "not"})
    | ANNOTATIONS
)


def _folded_variants(view: SchemaView, keyword: str) -> list[Node] | None:
    """The branches of ``keyword`` with the rest of the schema folded into each (as the
    ``allOf`` of the two), when every branch only constrains the parent's object and the
    parent says something of its own; else ``None``."""
    members = view.value.get(keyword)
    if not isinstance(members, list) or not members or len(view.sources) != 1:
        return None
    rest = {key: value for key, value in view.value.items() if key != keyword}
    if not any(key not in ANNOTATIONS and not is_extension(key) for key in rest):
        return None
    owner = view.node.get(keyword)
    assert owner is not None
    branches = [owner.child(index) for index in range(len(members))]
    if not all(
        isinstance(branch.value, dict)
        and branch.value
        and all(key in _CONSTRAINTS_ONLY or is_extension(key) for key in branch.value)
        for branch in branches
    ):
        return None
    parent = Node(rest, view.node.file, view.node.pointer)
    return [
        MergedNode({"allOf": [rest, branch.value]}, branch.file, branch.pointer, (parent, branch))
        for branch in branches
    ]


def _flattened(document: Resolver, variants: list[Node], keyword: str) -> list[Node]:
    """The variants with each one that is nothing but a union of its own (annotations
    aside) replaced by that union's variants, all the way down: ``oneOf [A, oneOf [B, C]]``
    is paired as ``oneOf [A, B, C]``. The flat union never takes more than the nested
    one (under ``oneOf`` a value B and C both match, and A too, is taken nested and
    refused flat), so a value it takes is taken, and no removal is hidden; a ``oneOf``
    inside an ``anyOf`` is kept whole (flat, it would take the values two of its variants
    match), and so is a union with a null variant (null is judged by nullability)."""
    if not any(_inner_union(document, variant, keyword) for variant in variants):
        return variants
    flat: list[Node] = []

    def add(variant: Node, seen: frozenset[tuple[str, tuple[Any, ...]]]) -> None:
        inner = _inner_union(document, variant, keyword)
        resolved = document.deref(variant)
        place = (resolved.file, resolved.pointer)
        if inner is None or place in seen:
            flat.append(variant)
            return
        for member in SchemaView(document, resolved).variants_of(resolved.child(inner)):
            add(member, seen | {place})

    for variant in variants:
        add(variant, frozenset())
    return flat


def _inner_union(document: Resolver, variant: Node, keyword: str) -> str | None:
    """The keyword of the union ``variant`` is nothing but (see :func:`_flattened`)."""
    value = document.deref(variant).value
    if not isinstance(value, dict):
        return None
    found = [k for k in COMPOSITIONS if k in value]
    if len(found) != 1 or (keyword == "anyOf" and found[0] == "oneOf"):
        return None
    members = value[found[0]]
    if not isinstance(members, list) or len(members) < 2:
        return None
    if not all(key in found or key in ANNOTATIONS or is_extension(key) for key in value):
        return None
    owner = document.deref(variant).child(found[0])
    if any(is_null_schema(document.deref(owner.child(i)).value) for i in range(len(members))):
        return None
    return found[0]


def _groups(variants: list[Node]) -> dict[bytes, list[int]]:
    """Variant indexes by the variant's text in :func:`normal_form`: a variant written
    ``allOf: [Info, Rule]`` in one document and ``allOf: [Rule, Info]`` in the other (or
    ``nullable: true`` in one and ``type: [T, 'null']`` in the other) is the same variant."""
    groups: dict[bytes, list[int]] = {}
    for index, variant in enumerate(variants):
        groups.setdefault(normal_text(variant.value), []).append(index)
    return groups


def _holder(view: SchemaView, keyword: str, composition: Node) -> Node:
    """The schema (the owner or an ``allOf`` member) a ``keyword`` list is written in."""
    for source in view.sources:
        if source.file == composition.file and (*source.pointer, keyword) == composition.pointer:
            return source
    return view.node


def _composition_keyword(view: SchemaView) -> str | None:
    found = [keyword for keyword in COMPOSITIONS if view.first(keyword) is not None]
    return found[0] if len(found) == 1 else None
