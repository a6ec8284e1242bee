"""Which aspect a change of a value keyword is reported as: for each bound keyword, a limit
set where there was none, made tighter or looser; for each enum keyword, a value removed or
added; for ``const`` and ``default``, added, removed or changed. Tables of names from
:mod:`oasgate.catalogue.ids`, so that each aspect leads to the comparison that reports it
(:mod:`oasgate.diff.schema_values`)."""

from __future__ import annotations

from dataclasses import dataclass

from oasgate.catalogue import AspectName
from oasgate.catalogue.ids import (
    ASPECT_CONST_ADDED,
    ASPECT_CONST_CHANGED,
    ASPECT_CONST_REMOVED,
    ASPECT_DEFAULT_VALUE_ADDED,
    ASPECT_DEFAULT_VALUE_CHANGED,
    ASPECT_DEFAULT_VALUE_REMOVED,
    ASPECT_ENUM_VALUE_ADDED,
    ASPECT_ENUM_VALUE_REMOVED,
    ASPECT_MAX_CONTAINS_DECREASED,
    ASPECT_MAX_CONTAINS_INCREASED,
    ASPECT_MAX_CONTAINS_SET,
    ASPECT_MAX_DECREASED,
    ASPECT_MAX_INCREASED,
    ASPECT_MAX_ITEMS_DECREASED,
    ASPECT_MAX_ITEMS_INCREASED,
    ASPECT_MAX_ITEMS_SET,
    ASPECT_MAX_LENGTH_DECREASED,
    ASPECT_MAX_LENGTH_INCREASED,
    ASPECT_MAX_LENGTH_SET,
    ASPECT_MAX_PROPERTIES_DECREASED,
    ASPECT_MAX_PROPERTIES_INCREASED,
    ASPECT_MAX_PROPERTIES_SET,
    ASPECT_MAX_SET,
    ASPECT_MIN_CONTAINS_DECREASED,
    ASPECT_MIN_CONTAINS_INCREASED,
    ASPECT_MIN_CONTAINS_SET,
    ASPECT_MIN_DECREASED,
    ASPECT_MIN_INCREASED,
    ASPECT_MIN_ITEMS_DECREASED,
    ASPECT_MIN_ITEMS_INCREASED,
    ASPECT_MIN_ITEMS_SET,
    ASPECT_MIN_LENGTH_DECREASED,
    ASPECT_MIN_LENGTH_INCREASED,
    ASPECT_MIN_LENGTH_SET,
    ASPECT_MIN_PROPERTIES_DECREASED,
    ASPECT_MIN_PROPERTIES_INCREASED,
    ASPECT_MIN_PROPERTIES_SET,
    ASPECT_MIN_SET,
    ASPECT_X_EXTENSIBLE_ENUM_VALUE_ADDED,
    ASPECT_X_EXTENSIBLE_ENUM_VALUE_REMOVED,
)


@dataclass(frozen=True)
class BoundAspects:
    """A limit documented where there was none, made tighter, made looser."""

    set: AspectName
    tighter: AspectName
    looser: AspectName


#: bound keyword → its aspects (an upper bound tightens as it decreases, a lower one as it
#: increases)
BOUNDS = {
    "maximum": BoundAspects(ASPECT_MAX_SET, ASPECT_MAX_DECREASED, ASPECT_MAX_INCREASED),
    "minimum": BoundAspects(ASPECT_MIN_SET, ASPECT_MIN_INCREASED, ASPECT_MIN_DECREASED),
    "maxLength": BoundAspects(
        ASPECT_MAX_LENGTH_SET, ASPECT_MAX_LENGTH_DECREASED, ASPECT_MAX_LENGTH_INCREASED
    ),
    "minLength": BoundAspects(
        ASPECT_MIN_LENGTH_SET, ASPECT_MIN_LENGTH_INCREASED, ASPECT_MIN_LENGTH_DECREASED
    ),
    "maxItems": BoundAspects(
        ASPECT_MAX_ITEMS_SET, ASPECT_MAX_ITEMS_DECREASED, ASPECT_MAX_ITEMS_INCREASED
    ),
    "minItems": BoundAspects(
        ASPECT_MIN_ITEMS_SET, ASPECT_MIN_ITEMS_INCREASED, ASPECT_MIN_ITEMS_DECREASED
    ),
    "maxProperties": BoundAspects(
        ASPECT_MAX_PROPERTIES_SET, ASPECT_MAX_PROPERTIES_DECREASED, ASPECT_MAX_PROPERTIES_INCREASED
    ),
    "minProperties": BoundAspects(
        ASPECT_MIN_PROPERTIES_SET, ASPECT_MIN_PROPERTIES_INCREASED, ASPECT_MIN_PROPERTIES_DECREASED
    ),
    "maxContains": BoundAspects(
        ASPECT_MAX_CONTAINS_SET, ASPECT_MAX_CONTAINS_DECREASED, ASPECT_MAX_CONTAINS_INCREASED
    ),
    "minContains": BoundAspects(
        ASPECT_MIN_CONTAINS_SET, ASPECT_MIN_CONTAINS_INCREASED, ASPECT_MIN_CONTAINS_DECREASED
    ),
}

#: enum keyword → (a value removed, a value added)
ENUM_VALUES = {
    "enum": (ASPECT_ENUM_VALUE_REMOVED, ASPECT_ENUM_VALUE_ADDED),
    "x-extensible-enum": (
        ASPECT_X_EXTENSIBLE_ENUM_VALUE_REMOVED,
        ASPECT_X_EXTENSIBLE_ENUM_VALUE_ADDED,
    ),
}

#: value keyword → (added, removed, changed)
VALUES = {
    "const": (ASPECT_CONST_ADDED, ASPECT_CONST_REMOVED, ASPECT_CONST_CHANGED),
    "default": (
        ASPECT_DEFAULT_VALUE_ADDED,
        ASPECT_DEFAULT_VALUE_REMOVED,
        ASPECT_DEFAULT_VALUE_CHANGED,
    ),
}
