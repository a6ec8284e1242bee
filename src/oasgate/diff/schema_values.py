"""Comparing what values a schema admits: types, null, format, enums, const and default,
bounds, multipleOf, uniqueItems and patterns."""

from __future__ import annotations

from typing import Any

from oasgate.catalogue.ids import (
    ASPECT_BECAME_ENUM,
    ASPECT_BECAME_NOT_NULLABLE,
    ASPECT_BECAME_NULLABLE,
    ASPECT_ENUM_REMOVED,
    ASPECT_FORMAT_ADDED,
    ASPECT_FORMAT_CHANGED,
    ASPECT_FORMAT_NARROWED,
    ASPECT_FORMAT_REMOVED,
    ASPECT_FORMAT_WIDENED,
    ASPECT_MULTIPLE_OF_CHANGED,
    ASPECT_MULTIPLE_OF_NARROWED,
    ASPECT_MULTIPLE_OF_WIDENED,
    ASPECT_PATTERN_ADDED,
    ASPECT_PATTERN_CHANGED,
    ASPECT_PATTERN_GENERALIZED,
    ASPECT_PATTERN_REMOVED,
    ASPECT_PATTERN_SPECIALIZED,
    ASPECT_TYPE_CHANGED,
    ASPECT_TYPE_NARROWED,
    ASPECT_TYPE_WIDENED,
)
from oasgate.diff.changes import ChangeKey
from oasgate.diff.keyword_aspects import BOUNDS, ENUM_VALUES, VALUES
from oasgate.diff.references import Resolver
from oasgate.diff.schema_base import (
    ComparerParts,
    json_equal,
    show,
    subset,
    text_value,
    value_key,
)
from oasgate.diff.schema_reading import (
    COMPOSITIONS,
    COUNT_LOWER_DEFAULTS,
    Bound,
    is_multiple,
    pattern_generalises,
    tighter_lower,
    tighter_upper,
    types_text,
)
from oasgate.diff.schema_site import SchemaSite
from oasgate.diff.schema_view import SchemaView
from oasgate.diff.union_values import still_admitted
from oasgate.loading.document import Node
from oasgate.phrases import Phrase

_FORMAT_WIDENINGS = frozenset({("int32", "int64"), ("float", "double"), ("int32", "double")})

#: The keywords that write a numeric bound, for pointing at it.
_BOUND_KEYWORDS = {
    "maximum": ("maximum", "exclusiveMaximum"),
    "minimum": ("minimum", "exclusiveMinimum"),
}

#: Patterns every string matches (``pattern`` is a search, not a full match): no pattern at
#: all, so a pattern written after one is "added" and one emptied to them is "removed".
_MATCH_EVERYTHING = frozenset({"", ".*", "^.*"})

_COUNT_LIMITS = (
    ("maxLength", "minLength", "length"),
    ("maxItems", "minItems", "items"),
    ("maxProperties", "minProperties", "properties"),
    ("maxContains", "minContains", "contains"),
)


class _ValueParts(ComparerParts):
    """Types, null and the constraints on a single value."""

    # -- types and null -------------------------------------------------------------------------

    def _nullable(self, document: Resolver, node: Node) -> bool:
        resolved = document.deref(node)
        if not isinstance(resolved.value, dict):
            return False
        return admits_null(SchemaView(document, resolved))

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
            aspect = ASPECT_BECAME_NULLABLE if new else ASPECT_BECAME_NOT_NULLABLE
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
        within = text_subset if site.as_text else subset
        widened, narrowed = within(old_types, new_types), within(new_types, old_types)
        aspect = (
            ASPECT_TYPE_WIDENED
            if widened
            else ASPECT_TYPE_NARROWED
            if narrowed
            else ASPECT_TYPE_CHANGED
        )
        keys.append(
            self._emit(
                aspect,
                old.node,
                new.node,
                site,
                old=types_text(old_types),
                new=types_text(new_types),
            )
        )

    def _compare_format(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was, now = text_value(old.get("format")), text_value(new.get("format"))
        if was == now:
            return
        if was is None:
            aspect = ASPECT_FORMAT_ADDED
        elif now is None:
            aspect = ASPECT_FORMAT_REMOVED
        elif (was, now) in _FORMAT_WIDENINGS:
            aspect = ASPECT_FORMAT_WIDENED
        elif (now, was) in _FORMAT_WIDENINGS:
            aspect = ASPECT_FORMAT_NARROWED
        else:
            aspect = ASPECT_FORMAT_CHANGED
        keys.append(
            self._emit(
                aspect,
                old.owner_of("format"),
                new.owner_of("format"),
                site,
                old=was or "none",
                new=now or "none",
            )
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
        was, now = old.enum(keyword), new.enum(keyword)
        if keyword == "enum":
            was, now = _enum_of(old, was), _enum_of(new, now)
            if _all_booleans(old, was):
                was = None  # enum [true, false] on a boolean restricts nothing
            if _all_booleans(new, now):
                now = None
            if site.as_text:  # a boolean travels as "true" or "false": an enum of two texts
                was, now = _as_text_enum(old, was, now), _as_text_enum(new, now, was)
        base, revision = old.owner_of(keyword, "const"), new.owner_of(keyword, "const")
        if not isinstance(now, list):
            if isinstance(was, list) and not prefix:
                keys.append(self._emit(ASPECT_ENUM_REMOVED, base, revision, site))
            return
        if not isinstance(was, list):
            if not prefix:
                keys.append(self._emit(ASPECT_BECAME_ENUM, base, revision, site))
            return
        same = text_key if site.as_text else value_key
        old_keys = {same(v): v for v in was}
        new_keys = {same(v): v for v in now}
        if old.types()[1] or new.types()[1]:
            # whether null is admitted is the nullability comparison's to say, once ("became
            # nullable"): 3.0's `nullable: true` with `enum: [a]` and 3.1's `type: [T,
            # 'null']` with `enum: [a, null]` are one schema, and null joining the enum as the
            # type list gains it is one change
            null = same(None)
            old_keys.pop(null, None)
            new_keys.pop(null, None)
        removed, added = ENUM_VALUES[keyword]
        for aspect, mine, theirs in ((removed, old_keys, new_keys), (added, new_keys, old_keys)):
            for key, value in mine.items():
                if key not in theirs and not (
                    keyword == "enum"
                    and not site.as_text
                    and still_admitted(
                        site.union, self._base, self._revision, value, aspect == removed
                    )
                ):
                    distinct = value_key(value).decode()
                    keys.append(
                        self._emit(aspect, base, revision, site, distinct, value=show(value))
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
        if was is not None and now is not None:
            if json_equal(was.value, now.value):
                return
            if site.as_text and text_key(was.value) == text_key(now.value):
                return  # 10 and "10" are the same text on the wire
        added, removed, changed = VALUES[keyword]
        base, revision = old.owner_of(keyword), new.owner_of(keyword)
        if was is None:
            assert now is not None
            keys.append(self._emit(added, base, revision, site, new=show(now.value)))
        elif now is None:
            keys.append(self._emit(removed, base, revision, site, old=show(was.value)))
        else:
            keys.append(
                self._emit(
                    changed,
                    base,
                    revision,
                    site,
                    old=show(was.value),
                    new=show(now.value),
                )
            )

    # -- constraints ----------------------------------------------------------------------------

    def _compare_bounds(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        self._bound_change(old.upper(), new.upper(), True, "maximum", old, new, site, keys)
        self._bound_change(old.lower(), new.lower(), False, "minimum", old, new, site, keys)
        used = old.keywords() | new.keywords()
        for upper_key, lower_key, noun in _COUNT_LIMITS:
            if noun == "contains" and old.first("contains") is None:
                continue  # min/maxContains mean nothing without contains
            if upper_key in used:
                self._bound_change(
                    old.count_upper(upper_key),
                    new.count_upper(upper_key),
                    True,
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
        aspects = BOUNDS[keyword]
        if tighter(after, before):
            # a limit documented where there was none is "set", not "decreased"
            aspect = aspects.set if was is None else aspects.tighter
        elif tighter(before, after):
            aspect = aspects.looser
        else:
            return
        written = _BOUND_KEYWORDS.get(keyword, (keyword,))
        keys.append(
            self._emit(
                aspect,
                old.owner_of(*written),
                new.owner_of(*written),
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
        if was is None or (now is not None and is_multiple(now, was)):
            aspect = ASPECT_MULTIPLE_OF_NARROWED
        elif now is None or is_multiple(was, now):
            aspect = ASPECT_MULTIPLE_OF_WIDENED
        else:
            aspect = ASPECT_MULTIPLE_OF_CHANGED
        keys.append(
            self._emit(
                aspect,
                old.owner_of("multipleOf"),
                new.owner_of("multipleOf"),
                site,
                old="none" if was is None else str(was),
                new="none" if now is None else str(now),
            )
        )

    def _compare_patterns(
        self, old: SchemaView, new: SchemaView, site: SchemaSite, keys: list[ChangeKey]
    ) -> None:
        was = [p for p in old.patterns() if p not in _MATCH_EVERYTHING]
        now = [p for p in new.patterns() if p not in _MATCH_EVERYTHING]
        removed = [p for p in was if p not in now]
        added = [p for p in now if p not in was]
        base, revision = old.owner_of("pattern"), new.owner_of("pattern")
        if len(removed) == 1 and len(added) == 1:
            before, after = removed[0], added[0]
            if pattern_generalises(before, after):
                aspect = ASPECT_PATTERN_GENERALIZED
            elif pattern_generalises(after, before):
                aspect = ASPECT_PATTERN_SPECIALIZED
            else:
                aspect = ASPECT_PATTERN_CHANGED
            keys.append(self._emit(aspect, base, revision, site, old=before, new=after))
            return
        for pattern in removed:
            keys.append(
                self._emit(ASPECT_PATTERN_REMOVED, base, revision, site, pattern, old=pattern)
            )
        for pattern in added:
            keys.append(
                self._emit(ASPECT_PATTERN_ADDED, base, revision, site, pattern, new=pattern)
            )


#: What each type's values are also valid as once written as text (a query string, a
#: header): ``5`` is a valid integer, number and string; ``true`` a valid string.
_TEXT_ALSO = {
    "integer": frozenset({"number", "string"}),
    "number": frozenset({"string"}),
    "boolean": frozenset({"string"}),
}


def text_subset(small: frozenset[str] | None, large: frozenset[str] | None) -> bool:
    """``subset`` for values serialised as text: every text a type in ``small`` admits is
    admitted by ``large``. Arrays and objects are not widened this way: how they are
    written depends on ``style``/``explode``, compared as the serialisation."""
    if large is None or subset(small, large):
        return True
    if small is None:
        return False
    return all(kind in large or _TEXT_ALSO.get(kind, frozenset()) & large for kind in small)


def text_key(value: Any) -> bytes:
    """A value as the text a parameter carries: ``10``, ``10.0`` and ``"10"`` are all
    ``10``, ``true`` is ``true``; arrays and objects keep their JSON form."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, str):
        text = value
    else:
        return b"json:" + value_key(value)
    return b"text:" + text.encode("utf-8", "surrogatepass")


def admits_null(view: SchemaView) -> bool:
    """Whether a validator lets null through: a nullable type whose ``enum`` (or
    ``const``) lets it through too. OpenAPI 3.0.3 says so of ``nullable: true`` beside an
    ``enum`` without null (null is still refused), and JSON Schema of ``type: [T, 'null']``
    beside one — the oracle showed the older reading reported "became nullable" for a
    schema that takes no null (decision D65)."""
    if not view.types()[1]:
        return False
    enum = view.enum("enum")
    if isinstance(enum, list) and not any(value is None for value in enum):
        return False
    return all(node.value is None for node in view.all("const"))


def _as_text_enum(view: SchemaView, enum: Any, other: Any) -> Any:
    """A boolean without an enum admits exactly the texts ``true`` and ``false``: written
    as an enum when the other side has one, so ``['true', 'false']`` compares equal."""
    if enum is None and isinstance(other, list) and view.types()[0] == frozenset({"boolean"}):
        return [True, False]
    return enum


def _bound_words(was: Bound | None, now: Bound | None, neutral: Any) -> str:
    def unset(bound: Bound | None) -> bool:
        return bound is None or (neutral is not None and bound == Bound(neutral))

    if unset(was):
        return Phrase("set to {new}", new=str(now))
    if unset(now):
        return Phrase("removed (was {old})", old=str(was))
    return Phrase("from {old} to {new}", old=str(was), new=str(now))


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
