"""Comparing compositions: ``oneOf``/``anyOf`` variants paired by resemblance, wraps and
unwraps, ``allOf`` members, and the discriminator."""

from __future__ import annotations

from typing import Any

from oasgate.diff.changes import ChangeKey
from oasgate.diff.schema_base import (
    ComparerParts,
    orderless,
    subset,
    value_key,
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
    is_ref,
    schema_name,
)
from oasgate.diff.variants import Profile, pair_variants
from oasgate.loading.document import Node

_SLUG = {"oneOf": "one-of", "anyOf": "any-of"}


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
        pairs = self._pair_variants(was, now)
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
                    self._emit("all-of-member-removed", member, new.node, site, name, member=name)
                )
        for ident, (member, name) in now.items():
            if ident not in was and ident != own_old and not self._written_out(member, old):
                keys.append(
                    self._emit("all-of-member-added", old.node, member, site, name, member=name)
                )

    def _written_out(self, member: Node, other: SchemaView) -> bool:
        """A named member whose content the other side writes as one of its members (inlined
        there, or named differently): inlining or extracting a ``$ref`` changes nothing."""
        mine = member.value if not is_ref(member.value) else None
        document = self._base if other.document is self._revision else self._revision
        target = document.deref(member).value
        for candidate in other.all_of_members():
            resolved = other.document.deref(candidate).value
            if resolved == target or (mine is not None and resolved == mine):
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


def _described(value: Any) -> str | None:
    """An unnamed variant by what it holds (``{id, name}``, ``string``), never by its
    position: reordering the variants must not rename them."""
    if not isinstance(value, dict):
        return None
    members = value.get("allOf")
    if isinstance(members, list) and members and all(is_ref(m) for m in members):
        return " + ".join(sorted(str(m["$ref"]).rsplit("/", 1)[-1] for m in members))
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
    """Variant indexes by the variant's text, its order-insensitive lists sorted: a variant
    written ``allOf: [Info, Rule]`` in one document and ``allOf: [Rule, Info]`` in the
    other is the same variant."""
    groups: dict[bytes, list[int]] = {}
    for index, variant in enumerate(variants):
        groups.setdefault(value_key(orderless(variant.value)), []).append(index)
    return groups


def _composition_keyword(view: SchemaView) -> str | None:
    found = [keyword for keyword in COMPOSITIONS if view.first(keyword) is not None]
    return found[0] if len(found) == 1 else None


def _mapping(discriminator: dict[str, Any]) -> dict[str, str]:
    mapping = discriminator.get("mapping")
    if not isinstance(mapping, dict):
        return {}
    return {str(k): str(v).rsplit("/", 1)[-1] for k, v in mapping.items()}
