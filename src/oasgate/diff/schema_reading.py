"""What one schema object says, read the same way whichever OpenAPI version spelt it.

These read a single schema object's keywords, without following references or merging
``allOf`` members (that is :class:`~oasgate.diff.schema_view.SchemaView`'s work): which
keywords only annotate, the types it declares and whether null is allowed (``nullable:
true``, ``x-nullable``, a ``"null"`` in the type list, ``{type: 'null'}``), its numeric
bounds (3.0's boolean ``exclusiveMaximum`` and 3.1's numeric one are one bound, compared
exactly as decimals), and whether one ``pattern`` surely admits everything another does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import MAX_EMAX, MIN_EMIN, Decimal, InvalidOperation, localcontext
from typing import Any

from msgspec import Struct

#: Keywords that describe a schema without constraining values.
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
        "$comment",
        "xml",
        "$id",
        "$schema",
        "$anchor",
    }
)

COMPOSITIONS = ("oneOf", "anyOf")
#: Every composition keyword, ``allOf`` first.
COMPOSE_ALL = ("allOf", "oneOf", "anyOf")


def types_text(types: frozenset[str] | None) -> str:
    """Types as a message says them: ``integer|string``; ``any`` for no type stated;
    ``none (no value is valid)`` where ``allOf`` declarations contradict each other."""
    if types is None:
        return "any"
    return "|".join(sorted(types)) if types else "none (no value is valid)"


def is_extension(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("x-")


def is_null_schema(value: Any) -> bool:
    """``{type: 'null'}`` (3.1) — the variant that makes a ``oneOf``/``anyOf`` nullable."""
    if not isinstance(value, dict):
        return False
    declared = value.get("type")
    if declared == "null" or declared == ["null"]:
        return True
    enum = value.get("enum")
    return isinstance(enum, list) and enum == [None] and "type" not in value


def declared_types(value: dict[str, Any]) -> tuple[frozenset[str] | None, bool]:
    """(types, null allowed) from ``type`` and ``nullable``; ``None`` types mean "any type"."""
    declared = value.get("type")
    # x-nullable: the Swagger 2.0 extension (go-swagger, Docker) for 3.0's nullable
    nullable = value.get("nullable") is True or value.get("x-nullable") is True
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = {t for t in declared if isinstance(t, str)}
    else:
        return _inferred_types(value), nullable
    if "null" in types:
        types.discard("null")
        nullable = True
    return (frozenset(types) if types else None), nullable


def _inferred_types(value: dict[str, Any]) -> frozenset[str] | None:
    # A schema with properties and no type is read as an object by everyone: adding
    # ``type: object`` to it is not a narrowing.
    if (
        isinstance(value.get("properties"), dict)
        or "additionalProperties" in value
        or isinstance(value.get("patternProperties"), dict)
        or isinstance(value.get("required"), list)  # a Swagger 2.0 parameter's is a boolean
    ):
        return frozenset({"object"})
    if isinstance(value.get("items"), dict) or isinstance(value.get("prefixItems"), list):
        return frozenset({"array"})
    return None


def number(value: Any) -> Decimal | None:
    """A JSON number as an exact decimal; ``None`` for anything else (booleans included),
    and for NaN: every comparison with it is false, so as a bound it bounds nothing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def is_multiple(value: Decimal, of: Decimal) -> bool:
    """Whether ``value`` is a whole multiple of ``of`` (both finite, ``of`` positive),
    exactly, however far apart their sizes (10^4299 and 5e-324): the context's precision
    is raised to the quotient's digits."""
    with localcontext() as context:
        context.prec = max(28, value.adjusted() - of.adjusted() + 30)
        context.Emax, context.Emin = MAX_EMAX, MIN_EMIN
        return value % of == 0


class Bound(Struct, frozen=True):
    """One end of a range. ``exclusive`` bounds exclude ``value`` itself."""

    value: Decimal
    exclusive: bool = False

    def __str__(self) -> str:
        text = show_decimal(self.value)
        return f"{text} (exclusive)" if self.exclusive else text


def show_decimal(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def tighter_upper(a: Bound | None, b: Bound | None) -> bool:
    """True when upper bound ``a`` admits strictly fewer values than ``b`` (``None`` = none)."""
    if a is None:
        return False
    if b is None:
        return True
    return a.value < b.value or (a.value == b.value and a.exclusive and not b.exclusive)


def tighter_lower(a: Bound | None, b: Bound | None) -> bool:
    """True when lower bound ``a`` admits strictly fewer values than ``b``."""
    if a is None:
        return False
    if b is None:
        return True
    return a.value > b.value or (a.value == b.value and a.exclusive and not b.exclusive)


#: The exclusive keyword beside each inclusive limit.
EXCLUSIVE = {"maximum": "exclusiveMaximum", "minimum": "exclusiveMinimum"}


def stated_bound(value: dict[str, Any], limit: str) -> Bound | None:
    """The tightest bound one schema object states on one side (``limit``: ``maximum`` or
    ``minimum``), whichever version spelt it: 3.0's ``minimum: n`` with a boolean
    ``exclusiveMinimum``, 3.1's numeric ``exclusiveMinimum: n``, or both."""
    inclusive = number(value.get(limit))
    exclusive = value.get(EXCLUSIVE[limit])
    candidates = []
    if inclusive is not None:
        candidates.append(Bound(inclusive, exclusive is True))
    exclusive_number = number(exclusive)
    if exclusive_number is not None:
        candidates.append(Bound(exclusive_number, True))
    tighter = tighter_upper if limit == "maximum" else tighter_lower
    return tightest(candidates, tighter)


def tightest(
    bounds: Iterable[Bound | None], tighter: Callable[[Bound, Bound], bool]
) -> Bound | None:
    best: Bound | None = None
    for bound in bounds:
        if bound is not None and (best is None or tighter(bound, best)):
            best = bound
    return best


#: Count limits and their neutral value (what an absent keyword means).
COUNT_LOWER_DEFAULTS = {
    "minLength": Decimal(0),
    "minItems": Decimal(0),
    "minProperties": Decimal(0),
    "minContains": Decimal(1),
}


def pattern_generalises(old: str, new: str) -> bool:
    """True only when every string matching ``old`` surely matches ``new`` (search semantics):
    ``new`` drops an anchor of ``old``, or adds a top-level alternative to it."""
    if new.startswith(f"{old}|") and _balanced(old) and _balanced(new[len(old) + 1 :]):
        return True
    if new.endswith(f"|{old}") and _balanced(old) and _balanced(new[: -len(old) - 1]):
        return True
    candidates = {old}
    if old.startswith("^"):
        candidates.add(old[1:])
    if old.endswith("$") and not old.endswith("\\$"):
        candidates |= {c[:-1] for c in list(candidates)}
    return new in candidates - {old}


def _balanced(pattern: str) -> bool:
    """A pattern whose alternatives are not captured by an unclosed group or a trailing escape."""
    depth = 0
    escaped = False
    in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not escaped and not in_class
