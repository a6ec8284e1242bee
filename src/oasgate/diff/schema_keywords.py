"""Comparing the JSON Schema 2020-12 keywords OpenAPI 3.1 brings: unevaluated*,
patternProperties, dependent*, propertyNames, prefixItems, contains, if/then/else, content*,
and the open/closed keywords shared with 3.0 (additionalProperties)."""

from __future__ import annotations

from typing import Any

from oasgate.catalogue import AspectName
from oasgate.catalogue.ids import (
    ASPECT_CONTAINS_ADDED,
    ASPECT_CONTAINS_REMOVED,
    ASPECT_CONTENT_ENCODING_CHANGED,
    ASPECT_CONTENT_MEDIA_TYPE_CHANGED,
    ASPECT_CONTENT_SCHEMA_ADDED,
    ASPECT_CONTENT_SCHEMA_REMOVED,
    ASPECT_DEPENDENT_REQUIRED_ADDED,
    ASPECT_DEPENDENT_REQUIRED_REMOVED,
    ASPECT_DEPENDENT_SCHEMA_ADDED,
    ASPECT_DEPENDENT_SCHEMA_REMOVED,
    ASPECT_ELSE_ADDED,
    ASPECT_ELSE_REMOVED,
    ASPECT_IF_ADDED,
    ASPECT_IF_CHANGED,
    ASPECT_IF_REMOVED,
    ASPECT_PATTERN_PROPERTY_ADDED,
    ASPECT_PATTERN_PROPERTY_REMOVED,
    ASPECT_PREFIX_ITEMS_ADDED,
    ASPECT_PREFIX_ITEMS_REMOVED,
    ASPECT_PROPERTY_NAMES_ADDED,
    ASPECT_PROPERTY_NAMES_REMOVED,
    ASPECT_THEN_ADDED,
    ASPECT_THEN_REMOVED,
    ASPECT_UNEVALUATED_ITEMS_ADDED,
    ASPECT_UNEVALUATED_ITEMS_REMOVED,
    ASPECT_UNEVALUATED_PROPERTIES_ADDED,
    ASPECT_UNEVALUATED_PROPERTIES_REMOVED,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.references import Resolver
from oasgate.diff.schema_base import (
    ComparerParts,
    text_value,
    without_annotations,
)
from oasgate.diff.schema_site import SchemaSite
from oasgate.diff.schema_view import SchemaView
from oasgate.loading.document import Node
from oasgate.phrases import Phrase

_OPENNESS_WORDS = {0: "closed", 1: "a schema", 2: "open"}


class _KeywordParts(ComparerParts):
    """The 2020-12 keywords and additionalProperties."""

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
                old,
                new,
                site,
                keys,
                "unevaluatedProperties",
                ASPECT_UNEVALUATED_PROPERTIES_ADDED,
                ASPECT_UNEVALUATED_PROPERTIES_REMOVED,
                "*",
            )
        if "unevaluatedItems" in used:
            self._compare_openness(
                old,
                new,
                site,
                keys,
                "unevaluatedItems",
                ASPECT_UNEVALUATED_ITEMS_ADDED,
                ASPECT_UNEVALUATED_ITEMS_REMOVED,
                "[]",
            )
        if "patternProperties" in used:
            self._compare_keyed(
                old,
                new,
                site,
                keys,
                "patternProperties",
                ASPECT_PATTERN_PROPERTY_ADDED,
                ASPECT_PATTERN_PROPERTY_REMOVED,
            )
        if "dependentSchemas" in used:
            self._compare_keyed(
                old,
                new,
                site,
                keys,
                "dependentSchemas",
                ASPECT_DEPENDENT_SCHEMA_ADDED,
                ASPECT_DEPENDENT_SCHEMA_REMOVED,
            )
        if "dependentRequired" in used:
            self._compare_dependent_required(old, new, site, keys)
        if "propertyNames" in used and not (
            _says_nothing_of_names(self._base, old.first("propertyNames"))
            and _says_nothing_of_names(self._revision, new.first("propertyNames"))
        ):
            self._compare_presence(
                old,
                new,
                site,
                keys,
                "propertyNames",
                ASPECT_PROPERTY_NAMES_ADDED,
                ASPECT_PROPERTY_NAMES_REMOVED,
            )
        if "prefixItems" in used:
            self._compare_prefix_items(old, new, site, keys)
        if "contains" in used:
            self._compare_presence(
                old, new, site, keys, "contains", ASPECT_CONTAINS_ADDED, ASPECT_CONTAINS_REMOVED
            )
        if "if" in used:
            self._compare_conditional(old, new, site, keys)
        if "contentEncoding" in used or "contentMediaType" in used:
            for keyword, aspect in (
                ("contentEncoding", ASPECT_CONTENT_ENCODING_CHANGED),
                ("contentMediaType", ASPECT_CONTENT_MEDIA_TYPE_CHANGED),
            ):
                was, now = text_value(old.get(keyword)), text_value(new.get(keyword))
                if was != now:
                    keys.append(
                        self._emit(
                            aspect,
                            old.node,
                            new.node,
                            site,
                            old=was or "none",
                            new=now or "none",
                        )
                    )
        if "contentSchema" in used:
            self._compare_presence(
                old,
                new,
                site,
                keys,
                "contentSchema",
                ASPECT_CONTENT_SCHEMA_ADDED,
                ASPECT_CONTENT_SCHEMA_REMOVED,
            )

    def _compare_presence(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        added: AspectName,
        removed: AspectName,
    ) -> None:
        """A subschema keyword whose presence constrains: added narrows, removed widens."""
        was, now = old.merged(keyword), new.merged(keyword)
        if was is None and now is None:
            return
        if was is None:
            keys.append(self._emit(added, old.node, new.node, site))
        elif now is None:
            keys.append(self._emit(removed, old.node, new.node, site))
        else:
            keys += self.compare(was, now, site.qualified(keyword))

    def _compare_openness(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        narrowed: AspectName,
        widened: AspectName,
        segment: str,
    ) -> None:
        """``additionalProperties``-like keywords: open (absent/true) > a schema > closed."""
        was, now = old.merged(keyword), new.merged(keyword)
        old_rank, new_rank = _openness(was), _openness(now)
        if old_rank == new_rank == 1:
            assert was is not None and now is not None
            keys += self.compare(was, now, site.nested(segment))
            return
        if old_rank == new_rank:
            return
        keys.append(
            self._emit(
                narrowed if new_rank < old_rank else widened,
                old.node,
                new.node,
                site,
                old=_OPENNESS_WORDS[old_rank],
                new=_OPENNESS_WORDS[new_rank],
            )
        )
        if old_rank == 1 and new_rank == 2 and was is not None:
            # a map's values (``fields: {additionalProperties: {type: array}}``) may now be
            # anything: that is the values' type widened, which a response's client reads —
            # the compatible-direction oracle found it (D66); "open" is compared as ``{}``
            anything = Node({}, new.node.file, new.node.pointer)
            keys += self.compare(was, anything, site.nested(segment))

    def _compare_keyed(
        self,
        old: SchemaView,
        new: SchemaView,
        site: SchemaSite,
        keys: list[ChangeKey],
        keyword: str,
        added: AspectName,
        removed: AspectName,
    ) -> None:
        """``patternProperties``/``dependentSchemas``: a map of subschemas."""
        was, now = old.first(keyword), new.first(keyword)
        old_map = was.value if was is not None and isinstance(was.value, dict) else {}
        new_map = now.value if now is not None and isinstance(now.value, dict) else {}
        for name in old_map:
            if name not in new_map:
                keys.append(self._emit(removed, old.node, new.node, site, str(name), key=name))
            else:
                assert was is not None and now is not None
                child = (
                    site.nested(f"[/{name}/]")
                    if keyword == "patternProperties"
                    else site.qualified(Phrase("dependent schema '{name}'", name=name))
                )
                keys += self.compare(was.child(name), now.child(name), child)
        for name in new_map:
            if name not in old_map:
                keys.append(self._emit(added, old.node, new.node, site, str(name), key=name))

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
                        ASPECT_DEPENDENT_REQUIRED_ADDED,
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
                        ASPECT_DEPENDENT_REQUIRED_REMOVED,
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
                        ASPECT_PREFIX_ITEMS_REMOVED,
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
                        ASPECT_PREFIX_ITEMS_ADDED,
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
                aspect = ASPECT_IF_ADDED if was is None else ASPECT_IF_REMOVED
                keys.append(self._emit(aspect, old.node, new.node, site))
            return
        if self._likeness(was, now) == 0:
            keys.append(self._emit(ASPECT_IF_CHANGED, was, now, site))
        for keyword, added, removed in (
            ("then", ASPECT_THEN_ADDED, ASPECT_THEN_REMOVED),
            ("else", ASPECT_ELSE_ADDED, ASPECT_ELSE_REMOVED),
        ):
            self._compare_presence(old, new, site, keys, keyword, added, removed)


def _openness(node: Node | None) -> int:
    if node is None or node.value is True or node.value == {}:
        return 2
    if node.value is False:
        return 0
    return 1 if isinstance(node.value, dict) else 2


def _says_nothing_of_names(document: Resolver, node: Node | None) -> bool:
    """Property names are strings: ``propertyNames: {type: string}`` constrains nothing."""
    value = None if node is None else document.deref(node).value
    if value is None or value is True:
        return True
    if not isinstance(value, dict):
        return False
    meaningful = without_annotations(value)
    return meaningful == {} or meaningful == {"type": "string"}


def _names(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
