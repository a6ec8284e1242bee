"""Comparing compositions: ``oneOf``/``anyOf`` variants paired by resemblance, wraps and
unwraps, ``allOf`` members, and the discriminator."""

from __future__ import annotations

from typing import Any

from oasgate.catalogue.ids import (
    ASPECT_ALL_OF_MEMBER_ADDED,
    ASPECT_ALL_OF_MEMBER_REMOVED,
    ASPECT_DISCRIMINATOR_ADDED,
    ASPECT_DISCRIMINATOR_MAPPING_ADDED,
    ASPECT_DISCRIMINATOR_MAPPING_CHANGED,
    ASPECT_DISCRIMINATOR_MAPPING_REMOVED,
    ASPECT_DISCRIMINATOR_PROPERTY_CHANGED,
    ASPECT_DISCRIMINATOR_REMOVED,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.keyword_aspects import COMPOSITION_ASPECTS
from oasgate.diff.schema_base import (
    ComparerParts,
    subset,
)
from oasgate.diff.schema_site import SchemaSite
from oasgate.diff.schema_view import (
    ANNOTATIONS,
    COMPOSITIONS,
    MergedNode,
    Resolver,
    SchemaView,
    component_name,
    identity,
    is_extension,
    is_null_schema,
    is_ref,
    normal_text,
    schema_name,
)
from oasgate.diff.variants import Profile, pair_variants
from oasgate.loading.document import Node
from oasgate.phrases import Phrase


class _CompositionParts(ComparerParts):
    """oneOf, anyOf, allOf members and discriminators."""

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
                essential = _essential(new, new_lists, keyword)
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
                keys.append(
                    self._emit(aspects.wrapped, old.node, new.node, site, count=str(len(now)))
                )
                label = self._variant_label(self._revision, now[match], match)
                keys += self.compare(
                    old.node,
                    now[match],
                    site.qualified(
                        Phrase("{keyword} variant {label}", keyword=keyword, label=label)
                    ),
                    nullable_done=True,
                )
                return True
            essential = _essential(old, old_lists, keyword)
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
                if index != match:
                    label = self._variant_label(self._base, variant, index)
                    keys.append(
                        self._emit(
                            aspects.variant_removed, variant, new.node, site, label, variant=label
                        )
                    )
            keys += self.compare(was[match], new.node, site, nullable_done=True)
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
        others of their side are set aside (:func:`_essential`), the rest paired by content
        (:func:`_pair_compositions`) and each pair's variants compared. A list left
        without a counterpart is a constraint added or removed."""
        old_keyword, new_keyword = keywords
        was = _essential(old, was, old_keyword)
        now = _essential(new, now, new_keyword)
        pairs = _pair_compositions(self._base, self._revision, was, now)
        for i, j in pairs:
            self._compare_variants(
                new_keyword,
                old,
                new,
                old.variants_of(was[i]),
                new.variants_of(now[j]),
                site,
                keys,
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
    ) -> None:
        aspects = COMPOSITION_ASPECTS[keyword]
        pairs = self._pair_variants(was, now)
        paired_old = {i for i, _ in pairs}
        paired_new = {j for _, j in pairs}
        for index, variant in enumerate(was):
            if index not in paired_old:
                label = self._variant_label(self._base, variant, index)
                keys.append(
                    self._emit(
                        aspects.variant_removed, variant, new.node, site, label, variant=label
                    )
                )
        for index, variant in enumerate(now):
            if index not in paired_new:
                label = self._variant_label(self._revision, variant, index)
                keys.append(
                    self._emit(aspects.variant_added, old.node, variant, site, label, variant=label)
                )
        for i, j in pairs:
            label = self._variant_label(self._revision, now[j], j)
            keys += self.compare(
                was[i],
                now[j],
                site.qualified(Phrase("{keyword} variant {label}", keyword=keyword, label=label)),
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
        resolved = document.deref(node)
        name = schema_name(resolved) if resolved is not node else None
        if name is None and resolved is not node and len(resolved.pointer) == 1:
            # a top-level key of a models file (``droplet_actions.yml#/droplet_action_resize``)
            # names its schema as a component's key does
            name = str(resolved.pointer[0])
        if name is None and isinstance(resolved.value, dict):
            title = resolved.value.get("title")
            name = title if isinstance(title, str) else None
        if name:
            return f"'{name}'"
        return _described(resolved.value) or f"#{index}"

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
            if ident not in now and ident != own_new and not self._written_out(member, new):
                keys.append(
                    self._emit(
                        ASPECT_ALL_OF_MEMBER_REMOVED, member, new.node, site, name, member=name
                    )
                )
        for ident, (member, name) in now.items():
            if ident not in was and ident != own_old and not self._written_out(member, old):
                keys.append(
                    self._emit(
                        ASPECT_ALL_OF_MEMBER_ADDED, old.node, member, site, name, member=name
                    )
                )

    def _written_out(self, member: Node, other: SchemaView) -> bool:
        """A named member whose content the other side writes as one of its members (inlined
        there, or named differently): inlining or extracting a ``$ref`` changes nothing."""
        mine = member.value if not is_ref(member.value) else None
        document = self._base if other.document is self._revision else self._revision
        target = document.deref(member).value
        # compared whatever the order of their allOf/oneOf/enum lists: the other side may
        # list them differently and still write out the same member
        target_text = normal_text(target)
        mine_text = normal_text(mine) if mine is not None else None
        for candidate in other.all_of_members():
            resolved = normal_text(other.document.deref(candidate).value)
            if resolved in (target_text, mine_text):
                return True
        return False

    def _named_members(
        self, document: Resolver, view: SchemaView
    ) -> dict[tuple[str, tuple[Any, ...]], tuple[Node, str]]:
        named = {}
        for member in view.all_of_members():
            if is_ref(member.value):
                target = document.deref(member)
                named[identity(document, target)] = (member, component_name(target))
        return named

    def _compare_discriminator(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = old.get("discriminator"), new.get("discriminator")
        base, revision = old.node, new.node
        if not isinstance(was, dict) and not isinstance(now, dict):
            return
        if not isinstance(was, dict):
            keys.append(self._emit(ASPECT_DISCRIMINATOR_ADDED, base, revision, site))
            return
        if not isinstance(now, dict):
            keys.append(self._emit(ASPECT_DISCRIMINATOR_REMOVED, base, revision, site))
            return
        if was.get("propertyName") != now.get("propertyName"):
            keys.append(
                self._emit(
                    ASPECT_DISCRIMINATOR_PROPERTY_CHANGED,
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
                        ASPECT_DISCRIMINATOR_MAPPING_REMOVED,
                        base,
                        revision,
                        site,
                        value,
                        value=value,
                    )
                )
            elif new_map[value] != target:
                keys.append(
                    self._emit(
                        ASPECT_DISCRIMINATOR_MAPPING_CHANGED,
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
                        ASPECT_DISCRIMINATOR_MAPPING_ADDED, base, revision, site, value, value=value
                    )
                )


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
        MergedNode({"allOf": [rest, branch.value]}, branch.file, branch.pointer, [parent, branch])
        for branch in branches
    ]


def _groups(variants: list[Node]) -> dict[bytes, list[int]]:
    """Variant indexes by the variant's text in :func:`normal_form`: a variant written
    ``allOf: [Info, Rule]`` in one document and ``allOf: [Rule, Info]`` in the other (or
    ``nullable: true`` in one and ``type: [T, 'null']`` in the other) is the same variant."""
    groups: dict[bytes, list[int]] = {}
    for index, variant in enumerate(variants):
        groups.setdefault(normal_text(variant.value), []).append(index)
    return groups


def _composition_text(composition: Node) -> bytes:
    """A ``oneOf``/``anyOf`` list's text, whatever the order of its members."""
    return b"\x1e".join(sorted(normal_text(member) for member in composition.value))


def _holder(view: SchemaView, keyword: str, composition: Node) -> Node:
    """The schema (the owner or an ``allOf`` member) a ``keyword`` list is written in."""
    for source in view.sources:
        if source.file == composition.file and (*source.pointer, keyword) == composition.pointer:
            return source
    return view.node


#: Per variant of a list, the types it admits; and how many of its members admit null.
Shape = tuple[tuple[frozenset[str], ...], int]

#: What a variant may say besides its type and still admit every value of that type,
#: provided it admits everything there (``items: {}``, a type parameter like OpenSearch's
#: ``TBucket``: a schema of annotations only).
_OPEN_SUBSCHEMAS = frozenset(
    {"items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems"}
)


#: How many lists a variant may appear in and still tell them apart; how many kinds of
#: type-only lists are weighed against the others.
_TELLING = 8


def _essential(view: SchemaView, lists: list[Node], keyword: str) -> list[Node]:
    """The ``keyword`` lists of a conjunction that say something the others do not.

    A list written twice counts once. A list whose variants only fix a type
    (``oneOf: [{type: object}, {type: array}]``) says nothing when another list of the
    same schema admits only values of those types (``oneOf: [object of Bucket, array of
    Bucket]``): OpenSearch narrows a generic ``Buckets`` that way, and comparing the
    generic list with the other side's specific one would report every bucket as "any".
    Of lists that imply each other, the one with the smallest text stays. The work is
    linear in the lists for each distinct shape of the type-only ones (at most
    :data:`_TELLING` shapes), never pairwise over lists or variants."""
    if len(lists) < 2:
        return lists
    by_text: dict[bytes, Node] = {}
    for composition in lists:
        by_text.setdefault(_composition_text(composition), composition)
    texts = sorted(by_text)
    if len(texts) < 2:
        return [by_text[texts[0]]]
    document = view.document
    shapes = {text: _shape(document, by_text[text]) for text in texts}
    plain = {
        text for text in texts if shapes[text] is not None and _types_only(document, by_text[text])
    }
    dropped: set[bytes] = set()
    distinct = {shapes[text] for text in plain}
    if len(distinct) > _TELLING:
        # only a generated document holds that many kinds of type-only lists: keep them all
        # (each is then a constraint of its own) rather than weigh each against every list
        distinct = set()
    for shape in distinct:
        assert shape is not None
        implying = [
            text
            for text in texts
            if (other := shapes[text]) is not None and _implies(other, shape, keyword)
        ]
        stronger = any(
            text not in plain or not _implies(shape, shapes[text], keyword)  # type: ignore[arg-type]
            for text in implying
        )
        smallest = min(implying, default=None)
        for text in plain:
            if shapes[text] == shape and (stronger or text != smallest):
                dropped.add(text)
    kept = [by_text[text] for text in texts if text not in dropped]
    kept_ids = {id(node) for node in kept}
    return [node for node in lists if id(node) in kept_ids] or lists


def _shape(document: Resolver, composition: Node) -> Shape | None:
    """Each variant's types and the count of members that admit null; ``None`` when a
    variant admits any type."""
    types: list[frozenset[str]] = []
    nulls = 0
    for index in range(len(composition.value)):
        resolved = document.deref(composition.child(index))
        if is_null_schema(resolved.value):
            nulls += 1
            continue
        if not isinstance(resolved.value, dict):
            return None
        declared, nullable = SchemaView(document, resolved).types()
        if declared is None:
            return None
        types.append(declared)
        nulls += nullable
    return tuple(sorted(types, key=sorted)), nulls


def _types_only(document: Resolver, composition: Node) -> bool:
    """Every variant admits every value of its types: it says nothing else."""
    for index in range(len(composition.value)):
        resolved = document.deref(composition.child(index))
        if is_null_schema(resolved.value):
            continue
        if not isinstance(resolved.value, dict):
            return False
        for key in resolved.value:
            if key in ("type", "nullable") or key in ANNOTATIONS or is_extension(key):
                continue
            if key not in _OPEN_SUBSCHEMAS or not _admits_all(document, resolved.child(key)):
                return False
    return True


def _admits_all(document: Resolver, node: Node) -> bool:
    value = document.deref(node).value
    return value is True or (
        isinstance(value, dict) and all(k in ANNOTATIONS or is_extension(k) for k in value)
    )


def _implies(stronger: Shape, plain: Shape, keyword: str) -> bool:
    """Whether every value of a list shaped ``stronger`` satisfies the type-only list
    shaped ``plain`` (a ``keyword`` list): each variant's types are within one of
    ``plain``'s, and for ``oneOf`` no value can match two of ``plain``'s variants."""
    variants, nulls = stronger
    allowed, plain_nulls = plain
    if nulls and not plain_nulls:
        return False
    if keyword == "oneOf" and (plain_nulls > 1 or not _disjoint(allowed)):
        return False
    return all(any(subset(types, within) for within in allowed) for types in variants)


_NUMBERS = frozenset({"integer", "number"})


def _disjoint(variants: tuple[frozenset[str], ...]) -> bool:
    seen: set[str] = set()
    for types in variants:
        loose = set(types) | (_NUMBERS if types & _NUMBERS else set())
        if seen & loose:
            return False
        seen |= loose
    return True


def _pair_compositions(
    base: Resolver, revision: Resolver, was: list[Node], now: list[Node]
) -> list[tuple[int, int]]:
    """Pairs of (base index, revision index) of ``oneOf``/``anyOf`` lists. One list on each
    side is a pair. Otherwise lists with the same text pair first; then the lists sharing
    the most variants (by text, by component name, by title), ties settled by the lists'
    text; what is left pairs in text order. Candidates come from an index of the variants
    that leaves out variants too common to tell lists apart, so no list is measured
    against every other."""
    if len(was) == 1 and len(now) == 1:
        return [(0, 0)]
    old_texts = [_composition_text(c) for c in was]
    new_texts = [_composition_text(c) for c in now]
    pairs: list[tuple[int, int]] = []
    waiting: dict[bytes, list[int]] = {}
    for j in sorted(range(len(now)), key=lambda j: new_texts[j], reverse=True):
        waiting.setdefault(new_texts[j], []).append(j)
    old_free: list[int] = []
    for i in sorted(range(len(was)), key=lambda i: old_texts[i]):
        same = waiting.get(old_texts[i])
        if same:
            pairs.append((i, same.pop()))
        else:
            old_free.append(i)
    new_free = sorted((j for js in waiting.values() for j in js), key=lambda j: new_texts[j])
    if old_free and new_free:
        index: dict[bytes, list[int]] = {}
        for j in new_free:
            for mark in _marks(revision, now[j]):
                index.setdefault(mark, []).append(j)
        # a variant most lists share (``{type: integer}`` in each of 2,000) tells none apart:
        # counting it would measure every list against every other
        index = {mark: js for mark, js in index.items() if len(js) <= _TELLING}
        candidates: list[tuple[int, bytes, bytes, int, int]] = []
        for i in old_free:
            shared: dict[int, int] = {}
            for mark in _marks(base, was[i]):
                for j in index.get(mark, ()):
                    shared[j] = shared.get(j, 0) + 1
            candidates += [(-n, old_texts[i], new_texts[j], i, j) for j, n in shared.items()]
        candidates.sort()
        used_old: set[int] = set()
        used_new: set[int] = set()
        for *_, i, j in candidates:
            if i not in used_old and j not in used_new:
                used_old.add(i)
                used_new.add(j)
                pairs.append((i, j))
        rest_old = [i for i in old_free if i not in used_old]
        rest_new = [j for j in new_free if j not in used_new]
        pairs += zip(rest_old, rest_new, strict=False)
    return sorted(pairs)


def _marks(document: Resolver, composition: Node) -> set[bytes]:
    """What identifies a list's variants: their text, component names and titles."""
    marks: set[bytes] = set()
    for index, member in enumerate(composition.value):
        marks.add(normal_text(member))
        resolved = document.deref(composition.child(index))
        name = schema_name(resolved) if is_ref(member) else None
        if name is not None:
            marks.add(b"\x1dname:" + name.encode())
        title = resolved.value.get("title") if isinstance(resolved.value, dict) else None
        if isinstance(title, str):
            marks.add(b"\x1dtitle:" + title.encode())
    return marks


def _composition_keyword(view: SchemaView) -> str | None:
    found = [keyword for keyword in COMPOSITIONS if view.first(keyword) is not None]
    return found[0] if len(found) == 1 else None


def _mapping(discriminator: dict[str, Any]) -> dict[str, str]:
    mapping = discriminator.get("mapping")
    if not isinstance(mapping, dict):
        return {}
    return {str(k): str(v).rsplit("/", 1)[-1] for k, v in mapping.items()}
