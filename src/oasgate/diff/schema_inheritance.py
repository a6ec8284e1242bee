"""Comparing what a schema inherits: its named ``allOf`` members and its discriminator.

A component mixed in or out of ``allOf`` is reported by name; the content of the members
is compared merged, with the owner (:class:`~oasgate.diff.schema_view.SchemaView`). A
member is judged by what is inherited and by meaning, not by how it is written: one still
inherited through an intermediate base is not removed, and one written out (inlined, or
with parts of it extracted into components) on the other side is the same member. The
discriminator names which of the schemas a payload is: its property and its mapping."""

from __future__ import annotations

from typing import Any

from oasgate.catalogue.ids import (
    ASPECT_ALL_OF_MEMBER_ADDED,
    ASPECT_ALL_OF_MEMBER_REMOVED,
    ASPECT_DISCRIMINATOR_ADDED,
    ASPECT_DISCRIMINATOR_DEFAULT_MAPPING_CHANGED,
    ASPECT_DISCRIMINATOR_MAPPING_ADDED,
    ASPECT_DISCRIMINATOR_MAPPING_CHANGED,
    ASPECT_DISCRIMINATOR_MAPPING_REMOVED,
    ASPECT_DISCRIMINATOR_PROPERTY_CHANGED,
    ASPECT_DISCRIMINATOR_REMOVED,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.normal_form import expanded_text, normal_text
from oasgate.diff.references import Resolver, component_name, identity, is_ref, schema_name
from oasgate.diff.schema_base import ComparerParts
from oasgate.diff.schema_site import SchemaSite
from oasgate.diff.schema_view import SchemaView
from oasgate.loading.document import Node


class _InheritanceParts(ComparerParts):
    """allOf members and discriminators."""

    def _compare_all_of_members(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        """Named components mixed in or out of ``allOf``; their content is compared merged.

        A member is removed only when the revision no longer inherits it at any depth, and
        added only when the base did not: inserting an intermediate base
        (``allOf: [StatsAggregateBase]`` where ``StatsAggregateBase`` is
        ``allOf: [AggregateBase, …]``) keeps ``AggregateBase`` mixed in."""
        was = self._named_members(self._base, old)
        now = self._named_members(self._revision, new)
        if not was and not now:
            return
        own_old = identity(self._base, old.node)
        own_new = identity(self._revision, new.node)
        kept = self._inherited(self._revision, new, now) if was else set()
        had = self._inherited(self._base, old, was) if now else set()
        for ident, (member, name) in was.items():
            if ident not in kept and ident != own_new and not self._written_out(member, new):
                keys.append(
                    self._emit(
                        ASPECT_ALL_OF_MEMBER_REMOVED, member, new.node, site, name, member=name
                    )
                )
        for ident, (member, name) in now.items():
            if ident not in had and ident != own_old and not self._written_out(member, old):
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
        candidates = other.all_of_members()
        for candidate in candidates:
            resolved = normal_text(other.document.deref(candidate).value)
            if resolved in (target_text, mine_text):
                return True
        # the same member with parts of it extracted into components, or inlined: only
        # where a reference inside one of them could make the texts differ
        referring = [
            candidate
            for candidate in candidates
            if _refers(other.document, other.document.deref(candidate).value)
        ]
        if not referring and not _refers(document, target):
            return False
        expanded = expanded_text(document, member)
        return expanded is not None and any(
            expanded_text(other.document, candidate) == expanded for candidate in candidates
        )

    def _inherited(
        self,
        document: Resolver,
        view: SchemaView,
        named: dict[tuple[str, tuple[Any, ...]], tuple[Node, str]],
    ) -> set[tuple[str, tuple[Any, ...]]]:
        """Every named component a schema mixes in, directly or through its members' own
        ``allOf``: the view has already gathered them all to merge them (``sources``)."""
        found = set(named)
        found.update(identity(document, source) for source in view.sources if schema_name(source))
        return found

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
        was, now = old.discriminator(), new.discriminator()
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
        old_default, new_default = was.get("defaultMapping"), now.get("defaultMapping")
        if old_default != new_default:  # OpenAPI 3.2
            keys.append(
                self._emit(
                    ASPECT_DISCRIMINATOR_DEFAULT_MAPPING_CHANGED,
                    base,
                    revision,
                    site,
                    old=str(old_default) if old_default is not None else "none",
                    new=str(new_default) if new_default is not None else "none",
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


def _mapping(discriminator: dict[str, Any]) -> dict[str, str]:
    mapping = discriminator.get("mapping")
    if not isinstance(mapping, dict):
        return {}
    return {str(k): str(v).rsplit("/", 1)[-1] for k, v in mapping.items()}


def _refers(document: Resolver, value: Any) -> bool:
    """Whether a ``$ref`` is written anywhere inside ``value`` (one scan, kept per subtree)."""
    return bool(document.document.subtrees.refs(value))
