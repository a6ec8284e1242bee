"""Comparing objects: properties and required sets (``allOf`` merged), renames, and
readOnly/writeOnly — what travels on which side of the wire."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from msgspec import Struct

from oasgate.catalogue import RuleId
from oasgate.catalogue.ids import (
    REQUEST_PARAMETER_PROPERTY_BECAME_OPTIONAL,
    REQUEST_PARAMETER_PROPERTY_BECAME_REQUIRED,
    REQUEST_PARAMETER_PROPERTY_OPTIONAL_ADDED,
    REQUEST_PARAMETER_PROPERTY_REMOVED,
    REQUEST_PARAMETER_PROPERTY_RENAMED,
    REQUEST_PARAMETER_PROPERTY_REQUIRED_ADDED,
    REQUEST_PROPERTY_BECAME_NOT_READ_ONLY,
    REQUEST_PROPERTY_BECAME_NOT_WRITE_ONLY,
    REQUEST_PROPERTY_BECAME_OPTIONAL,
    REQUEST_PROPERTY_BECAME_READ_ONLY,
    REQUEST_PROPERTY_BECAME_REQUIRED,
    REQUEST_PROPERTY_BECAME_WRITE_ONLY,
    REQUEST_PROPERTY_OPTIONAL_ADDED,
    REQUEST_PROPERTY_REMOVED,
    REQUEST_PROPERTY_RENAMED,
    REQUEST_PROPERTY_REQUIRED_ADDED,
    REQUEST_READ_ONLY_PROPERTY_ADDED,
    REQUEST_READ_ONLY_PROPERTY_CHANGED,
    REQUEST_READ_ONLY_PROPERTY_REMOVED,
    RESPONSE_PROPERTY_ADDED,
    RESPONSE_PROPERTY_BECAME_NOT_READ_ONLY,
    RESPONSE_PROPERTY_BECAME_NOT_WRITE_ONLY,
    RESPONSE_PROPERTY_BECAME_OPTIONAL,
    RESPONSE_PROPERTY_BECAME_READ_ONLY,
    RESPONSE_PROPERTY_BECAME_REQUIRED,
    RESPONSE_PROPERTY_BECAME_WRITE_ONLY,
    RESPONSE_PROPERTY_REMOVED,
    RESPONSE_PROPERTY_RENAMED,
    RESPONSE_WRITE_ONLY_PROPERTY_ADDED,
    RESPONSE_WRITE_ONLY_PROPERTY_CHANGED,
    RESPONSE_WRITE_ONLY_PROPERTY_REMOVED,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.references import Resolver, identity, schema_name
from oasgate.diff.schema_base import (
    ComparerParts,
)
from oasgate.diff.schema_site import PARAMETER_SITES, SchemaSite
from oasgate.diff.schema_view import SchemaView
from oasgate.diff.variants import names_alike
from oasgate.loading.document import Node
from oasgate.phrases import Phrase


class _OwnerRules(Struct, frozen=True):
    """The rules of a property's existence and requiredness, by what owns it."""

    removed: RuleId
    renamed: RuleId
    required_added: RuleId
    optional_added: RuleId
    #: ``became-required``/``became-optional`` → the rule
    requiredness: Mapping[str, RuleId]


#: a property of a parameter's object schema (a deepObject query parameter, a header)
_PARAMETER_PROPERTY = _OwnerRules(
    REQUEST_PARAMETER_PROPERTY_REMOVED,
    REQUEST_PARAMETER_PROPERTY_RENAMED,
    REQUEST_PARAMETER_PROPERTY_REQUIRED_ADDED,
    REQUEST_PARAMETER_PROPERTY_OPTIONAL_ADDED,
    {
        "became-required": REQUEST_PARAMETER_PROPERTY_BECAME_REQUIRED,
        "became-optional": REQUEST_PARAMETER_PROPERTY_BECAME_OPTIONAL,
    },
)
#: a property of a body, by side of the wire (a response property added is one rule)
_BODY_PROPERTY = {
    "request": _OwnerRules(
        REQUEST_PROPERTY_REMOVED,
        REQUEST_PROPERTY_RENAMED,
        REQUEST_PROPERTY_REQUIRED_ADDED,
        REQUEST_PROPERTY_OPTIONAL_ADDED,
        {
            "became-required": REQUEST_PROPERTY_BECAME_REQUIRED,
            "became-optional": REQUEST_PROPERTY_BECAME_OPTIONAL,
        },
    ),
    "response": _OwnerRules(
        RESPONSE_PROPERTY_REMOVED,
        RESPONSE_PROPERTY_RENAMED,
        RESPONSE_PROPERTY_ADDED,
        RESPONSE_PROPERTY_ADDED,
        {
            "became-required": RESPONSE_PROPERTY_BECAME_REQUIRED,
            "became-optional": RESPONSE_PROPERTY_BECAME_OPTIONAL,
        },
    ),
}


def _owner_rules(site: SchemaSite) -> _OwnerRules:
    return _PARAMETER_PROPERTY if site.site in PARAMETER_SITES else _BODY_PROPERTY[site.side]


class _SideRules(Struct, frozen=True):
    """readOnly/writeOnly on one side of the wire."""

    #: the flag that keeps a property off this side (readOnly on requests)
    hidden_flag: str
    hidden_added: RuleId
    hidden_removed: RuleId
    hidden_changed: RuleId
    #: flag → (the rule for a property that became it, that stopped being it)
    became: Mapping[str, tuple[RuleId, RuleId]]


_SIDES = {
    "request": _SideRules(
        "readOnly",
        REQUEST_READ_ONLY_PROPERTY_ADDED,
        REQUEST_READ_ONLY_PROPERTY_REMOVED,
        REQUEST_READ_ONLY_PROPERTY_CHANGED,
        {
            "readOnly": (REQUEST_PROPERTY_BECAME_READ_ONLY, REQUEST_PROPERTY_BECAME_NOT_READ_ONLY),
            "writeOnly": (
                REQUEST_PROPERTY_BECAME_WRITE_ONLY,
                REQUEST_PROPERTY_BECAME_NOT_WRITE_ONLY,
            ),
        },
    ),
    "response": _SideRules(
        "writeOnly",
        RESPONSE_WRITE_ONLY_PROPERTY_ADDED,
        RESPONSE_WRITE_ONLY_PROPERTY_REMOVED,
        RESPONSE_WRITE_ONLY_PROPERTY_CHANGED,
        {
            "readOnly": (
                RESPONSE_PROPERTY_BECAME_READ_ONLY,
                RESPONSE_PROPERTY_BECAME_NOT_READ_ONLY,
            ),
            "writeOnly": (
                RESPONSE_PROPERTY_BECAME_WRITE_ONLY,
                RESPONSE_PROPERTY_BECAME_NOT_WRITE_ONLY,
            ),
        },
    ),
}

#: A rename search is skipped when more pairs than this would have to be tried.
_RENAME_SEARCH_LIMIT = 2500


def _undeclared_value(view: SchemaView, name: str) -> Node:
    """What an object that requires ``name`` without declaring it says of its value: what
    its ``additionalProperties`` says, else anything — placed at the ``required`` list that
    names it."""
    for source in view.sources:
        names = source.value.get("required")
        if isinstance(names, list) and name in names:
            extra = source.get("additionalProperties")
            if extra is not None and isinstance(extra.value, dict):
                return extra
            return Node({}, source.file, source.pointer + ("required",))  # noqa: RUF005
    return Node({}, view.node.file, view.node.pointer)


class _ObjectParts(ComparerParts):
    """Properties, requiredness, renames and readOnly/writeOnly."""

    # -- objects --------------------------------------------------------------------------------

    def _compare_properties(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        used = old.keywords() | new.keywords()
        if "properties" not in used and "required" not in used:
            return
        old_props, new_props = old.properties(), new.properties()
        old_required, new_required = old.required(), new.required()
        # A name one side declares and the other only requires: there, any value (D102) —
        # unless a component merged in on both sides declares it on one: then it was added
        # to or removed from that component, its one finding (D101).
        for name in new_props.keys() - old_props.keys() if old_required else ():
            if name in old_required and not self._in_component(name, new, old, old=False):
                old_props[name] = _undeclared_value(old, name)
        for name in old_props.keys() - new_props.keys() if new_required else ():
            if name in new_required and not self._in_component(name, old, new, old=True):
                new_props[name] = _undeclared_value(new, name)
        side = _SIDES[site.side]
        hidden_flag = side.hidden_flag
        owner = _owner_rules(site)
        old_flags = _LazyFlags(self._flags, self._base, old_props)
        new_flags = _LazyFlags(self._flags, self._revision, new_props)
        removed: list[str] = []
        requiredness: dict[str, list[tuple[str, Node, Node]]] = {}
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
                requiredness,
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
                    owner.renamed,
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
                requiredness,
            )
        # A name ``required`` lists without ``properties`` declaring it on either side is
        # required all the same (D102): GitHub's ``anyOf: [{required: [description]},
        # {required: [files]}]`` says which keys a body must hold, and nothing else.
        # Newly required, it is a new required property, as it is when declared there.
        for name in sorted((old_required ^ new_required) - old_props.keys() - new_props.keys()):
            if name in new_required:
                where = site.nested(name).where
                keys.append(
                    self._changes.emit(owner.required_added, old.node, new.node, where=where)
                )
            else:
                requiredness.setdefault("became-optional", []).append((name, old.node, new.node))
        self._emit_requiredness(requiredness, old, new, site, keys)
        renamed_to = set(renamed.values())
        for name in removed:
            if name in renamed:
                continue
            declared, other = self._declaring_component(name, old, new, self._base, self._revision)
            where = (site if declared is None else site.entering(declared)).nested(name).where
            rule = side.hidden_removed if old_flags[name][hidden_flag] else owner.removed
            keys.append(self._changes.emit(rule, old_props[name], other, where=where))
        for name in added:
            if name in renamed_to:
                continue
            declared, other = self._declaring_component(name, new, old, self._revision, self._base)
            where = (site if declared is None else site.entering(declared)).nested(name).where
            if new_flags[name][hidden_flag]:
                rule = side.hidden_added
            elif name in new_required:
                rule = owner.required_added
            else:
                rule = owner.optional_added
            keys.append(self._changes.emit(rule, other, new_props[name], where=where))

    def _in_component(self, name: str, has: SchemaView, lacks: SchemaView, old: bool) -> bool:
        """Whether ``has`` declares ``name`` in a component ``lacks`` merges in too."""
        own, other = (self._base, self._revision) if old else (self._revision, self._base)
        return self._declaring_component(name, has, lacks, own, other)[0] is not None

    def _declaring_component(
        self, name: str, has: SchemaView, lacks: SchemaView, own: Resolver, other: Resolver
    ) -> tuple[str | None, Node]:
        """Where a property one side ``has`` and the other ``lacks`` is removed from (or
        added to): when a component merged in through ``allOf`` declares it, and the other
        side merges in the same component, that component's — its change, one finding for
        every schema that extends it (ShipEngine's ``allOf: [{$ref: pickup}, {…}]``).
        Else this schema's, unnamed."""
        declaring = [
            source
            for source in has.sources
            if isinstance(source.value.get("properties"), dict)
            and name in source.value["properties"]
        ]
        if len(declaring) != 1 or declaring[0] is has.node:
            return None, lacks.node
        component = schema_name(declaring[0])
        if component is None:
            return None, lacks.node
        wanted = identity(own, declaring[0])
        for source in lacks.sources:
            if source is not lacks.node and identity(other, source) == wanted:
                return component, source
        return None, lacks.node

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
        requiredness: dict[str, list[tuple[str, Node, Node]]],
    ) -> None:
        side = _SIDES[site.side]
        child = site.nested(name)
        for flag, (became, stopped) in side.became.items():
            if old_flags[flag] != new_flags[flag]:
                rule = became if new_flags[flag] else stopped
                keys.append(self._changes.emit(rule, old, new, where=child.where))
        hidden_flag = side.hidden_flag
        hidden_before, hidden_after = old_flags[hidden_flag], new_flags[hidden_flag]
        if hidden_after:
            if (
                hidden_before
                and self._likeness(old, new) == 0
                and not self._means_the_same(old, new, child)
            ):
                keys.append(self._changes.emit(side.hidden_changed, old, new, where=child.where))
            return  # never on this side of the wire now
        was_required = was_required and not hidden_before
        if was_required != now_required:
            change = "became-required" if now_required else "became-optional"
            requiredness.setdefault(change, []).append((name, old, new))
        if not hidden_before:
            keys += self.compare(old, new, child)

    def _emit_requiredness(
        self,
        requiredness: dict[str, list[tuple[str, Node, Node]]],
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
    ) -> None:
        """One finding per object and direction: a ``required`` list that lost nineteen
        names is one edit, reported once, naming them (each property alone when only one
        changed)."""
        for change, changed in requiredness.items():
            rule = _owner_rules(site).requiredness[change]
            if len(changed) == 1:
                name, before, after = changed[0]
                keys.append(self._changes.emit(rule, before, after, where=site.nested(name).where))
                continue
            names = sorted(name for name, _, _ in changed)
            others = ", ".join(names[1:6]) + (", …" if len(names) > 6 else "")
            where = Phrase(
                "{place} and {count} more ({others})",
                place=site.nested(names[0]).where,
                count=str(len(names) - 1),
                others=others,
            )
            base = old.first("required") or old.node
            revision = new.first("required") or new.node
            keys.append(self._changes.emit(rule, base, revision, where=where))

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
