"""Pairing ``oneOf``/``anyOf`` variants (and property renames) by what they are, not where.

Variants are an unordered set: a variant inserted at the front, or the list
reordered, must not turn into "every variant changed". Each base variant is
paired with the revision variant it most resembles — the same component name,
the same title, overlapping types and property names — greedily from the most
alike pair down, ties broken by content so that a reordered list pairs the same way.
Variants written identically are grouped first, so a thousand copies of one variant
cost one comparison, not a million.
Variants that resemble nothing stay unpaired: those are the ones added or
removed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec import Struct

from oasgate.diff.references import Resolver, schema_name
from oasgate.diff.schema_reading import ANNOTATIONS, is_extension
from oasgate.diff.schema_view import SchemaView
from oasgate.loading.document import Node


class Profile(Struct, frozen=True):
    """What identifies a variant, in a form cheap to compare."""

    name: str | None
    title: str | None
    types: frozenset[str] | None
    properties: frozenset[str]
    #: ``name:type`` of each property whose type is stated: two ranges with the same
    #: property names, one of dates and one of numbers, are told apart by it
    property_types: frozenset[str]
    required: frozenset[str]
    keywords: frozenset[str]

    @staticmethod
    def of(document: Resolver, node: Node) -> Profile:
        resolved = document.deref(node)
        if not isinstance(resolved.value, dict):
            return Profile(None, None, None, frozenset(), frozenset(), frozenset(), frozenset())
        view = SchemaView(document, resolved)
        # a title written next to the $ref (3.1) names the variant as much as its target's
        title = node.value.get("title") if isinstance(node.value, dict) else None
        if not isinstance(title, str):
            title = resolved.value.get("title")
        types, _ = view.types()
        properties = view.properties()
        return Profile(
            name=schema_name(resolved),
            title=title if isinstance(title, str) else None,
            types=types,
            properties=frozenset(properties),
            property_types=_typed(document, properties),
            required=frozenset(view.required()),
            keywords=frozenset(
                k for k in view.keywords() if k not in ANNOTATIONS and not is_extension(k)
            ),
        )


def similarity(a: Profile, b: Profile) -> float | None:
    """How alike two variants are; ``None`` when they must not be paired at all."""
    named = a.name is not None and a.name == b.name
    titled = a.title is not None and a.title == b.title
    types_overlap = a.types is None or b.types is None or bool(_loose(a.types) & _loose(b.types))
    props = _jaccard(a.properties, b.properties)
    if not (named or titled):
        if not types_overlap:
            return None
        if (a.properties or b.properties) and props < 0.5 and not _grown(a, b):
            return None
        if a.name is not None and b.name is not None and not (a.properties or b.properties):
            return None  # two different named components with nothing in common to show
    score = 4.0 * named + 2.0 * titled + (1.0 if a.types == b.types else 0.5 * types_overlap)
    score += 2.0 * props + 0.5 * _jaccard(a.required, b.required)
    score += 1.0 * _jaccard(a.property_types, b.property_types)
    return score + 0.5 * _jaccard(a.keywords, b.keywords)


#: Past this many properties a profile does not read their types (the names decide).
_TYPED_PROPERTIES_LIMIT = 64


def _typed(document: Resolver, properties: dict[str, Node]) -> frozenset[str]:
    if len(properties) > _TYPED_PROPERTIES_LIMIT:
        return frozenset()
    typed = set()
    for name, node in properties.items():
        resolved = document.deref(node)
        if isinstance(resolved.value, dict):
            types, _ = SchemaView(document, resolved).types()
            if types is not None:
                typed.add(f"{name}:{'|'.join(sorted(types))}")
    return frozenset(typed)


def pair_variants(
    base: list[Profile],
    revision: list[Profile],
    same: Callable[[int, int], bool],
    base_order: Sequence[bytes] | None = None,
    revision_order: Sequence[bytes] | None = None,
) -> list[tuple[int, int]]:
    """Greedy best-first pairing of base indexes with revision indexes.

    ``same(i, j)`` says the two variants are equivalent outright; such pairs go first.
    Equal scores are settled by ``base_order``/``revision_order`` — each variant's content
    — so that the pairing of a reordered list is the same pairing (positions decide only
    where no order is given).
    """
    first = base_order or [b"%d" % i for i in range(len(base))]
    second = revision_order or [b"%d" % j for j in range(len(revision))]
    candidates: list[tuple[float, bytes, bytes, int, int]] = []
    for i, old in enumerate(base):
        for j, new in enumerate(revision):
            if same(i, j):
                candidates.append((100.0, first[i], second[j], i, j))
                continue
            score = similarity(old, new)
            if score is not None:
                candidates.append((score, first[i], second[j], i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_base: set[int] = set()
    used_revision: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i in used_base or j in used_revision:
            continue
        used_base.add(i)
        used_revision.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def _grown(a: Profile, b: Profile) -> bool:
    """One variant's properties are all the other's, and it keeps at least one: a variant
    that gained (or lost) properties is still that variant."""
    return bool(a.properties and b.properties) and (
        a.properties <= b.properties or b.properties <= a.properties
    )


def _loose(types: frozenset[str]) -> frozenset[str]:
    return types | {"number"} if "integer" in types else types


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def names_alike(old: str, new: str) -> bool:
    """Two property names that plausibly name the same thing (``userName``/``user_name``,
    ``created``/``createdAt``)."""
    a = old.replace("_", "").replace("-", "").lower()
    b = new.replace("_", "").replace("-", "").lower()
    if a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a)):
        return True
    from difflib import SequenceMatcher  # here: difflib and heapq cost 1.5 ms of start-up

    return SequenceMatcher(None, a, b).ratio() >= 0.75
