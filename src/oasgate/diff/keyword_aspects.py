"""Which aspect a change of a schema keyword is reported as: for each bound keyword, a limit
set where there was none, made tighter or looser; for each enum keyword, a value removed or
added; for ``const`` and ``default``, added, removed or changed; for ``oneOf`` and
``anyOf``, the composition's own aspects. Tables of names from :mod:`oasgate.catalogue.ids`,
so that each aspect leads to the comparison that reports it
(:mod:`oasgate.diff.schema_values`, :mod:`oasgate.diff.schema_composition`)."""

from __future__ import annotations

from msgspec import Struct

from oasgate.catalogue import AspectName
from oasgate.catalogue.ids import (
    ASPECT_ANY_OF_CONSTRAINT_ADDED,
    ASPECT_ANY_OF_CONSTRAINT_REMOVED,
    ASPECT_ANY_OF_VARIANT_ADDED,
    ASPECT_ANY_OF_VARIANT_REMOVED,
    ASPECT_BECAME_ANY_OF,
    ASPECT_BECAME_ONE_OF,
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
    ASPECT_ONE_OF_CONSTRAINT_ADDED,
    ASPECT_ONE_OF_CONSTRAINT_REMOVED,
    ASPECT_ONE_OF_VARIANT_ADDED,
    ASPECT_ONE_OF_VARIANT_REMOVED,
    ASPECT_WRAPPED_IN_ANY_OF,
    ASPECT_WRAPPED_IN_ONE_OF,
    ASPECT_X_EXTENSIBLE_ENUM_VALUE_ADDED,
    ASPECT_X_EXTENSIBLE_ENUM_VALUE_REMOVED,
)


class BoundAspects(Struct, frozen=True):
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


class CompositionAspects(Struct, frozen=True):
    """The aspects of one composition keyword (``oneOf``, ``anyOf``)."""

    became: AspectName  # anyOf became oneOf (or back)
    wrapped: AspectName  # a schema became one variant of a new composition
    constraint_added: AspectName  # branches that only add constraints
    constraint_removed: AspectName
    variant_added: AspectName
    variant_removed: AspectName


#: composition keyword → its aspects
COMPOSITION_ASPECTS = {
    "oneOf": CompositionAspects(
        ASPECT_BECAME_ONE_OF,
        ASPECT_WRAPPED_IN_ONE_OF,
        ASPECT_ONE_OF_CONSTRAINT_ADDED,
        ASPECT_ONE_OF_CONSTRAINT_REMOVED,
        ASPECT_ONE_OF_VARIANT_ADDED,
        ASPECT_ONE_OF_VARIANT_REMOVED,
    ),
    "anyOf": CompositionAspects(
        ASPECT_BECAME_ANY_OF,
        ASPECT_WRAPPED_IN_ANY_OF,
        ASPECT_ANY_OF_CONSTRAINT_ADDED,
        ASPECT_ANY_OF_CONSTRAINT_REMOVED,
        ASPECT_ANY_OF_VARIANT_ADDED,
        ASPECT_ANY_OF_VARIANT_REMOVED,
    ),
}
