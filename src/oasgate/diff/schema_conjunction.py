"""The ``oneOf``/``anyOf`` lists of an ``allOf`` are a conjunction (D42).

Every ``allOf`` member may hold a ``oneOf`` (or ``anyOf``), and a value must satisfy
them all, so no one list stands for the others and every list is compared. Two steps,
both linear in the lists, never pairwise over lists or variants:
:func:`essential_lists` sets aside the lists that add nothing to the others of their
side (a list written twice, a type-only list implied by a more specific one), and
:func:`pair_compositions` pairs the rest of the two sides by content. A list left
without a counterpart is a constraint added or removed
(:mod:`oasgate.diff.schema_composition`)."""

from __future__ import annotations

from oasgate.diff.normal_form import normal_text
from oasgate.diff.references import Resolver, is_ref, schema_name
from oasgate.diff.schema_base import subset
from oasgate.diff.schema_reading import ANNOTATIONS, is_extension, is_null_schema
from oasgate.diff.schema_view import SchemaView
from oasgate.loading.document import Node


def _composition_text(composition: Node) -> bytes:
    """A ``oneOf``/``anyOf`` list's text, whatever the order of its members."""
    return b"\x1e".join(sorted(normal_text(member) for member in composition.value))


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


def essential_lists(view: SchemaView, lists: list[Node], keyword: str) -> list[Node]:
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


def pair_compositions(
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
