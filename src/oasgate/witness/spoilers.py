"""Making an object that a union's open variants all take refused by each of them.

An object schema that does not close itself (no ``additionalProperties: false``) takes
any property it does not declare, so a union of open variants — DigitalOcean's database
``config``, ``anyOf`` MySQL, PostgreSQL, Redis… — takes almost every object: a candidate
that the changed variant refuses is still taken by a sibling. To separate the two sides,
:func:`spoiled` adds, for each variant of the rejecting side's union that still takes the
candidate, one property that variant declares with a value it refuses (``sql_mode: 0``
for MySQL), and keeps the object only while the accepting side still takes it. Bounded
by the finding's budget of validations, like every other step of the search.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oasgate.loading.document import Node
from oasgate.witness.instances import Instances, properties_of
from oasgate.witness.places import Step
from oasgate.witness.samples import children

#: Variants of the rejecting union looked at, and properties tried per variant.
MAX_VARIANTS = 8
MAX_PROPERTIES = 4
#: Values that a declared property's schema usually refuses: one of each JSON type.
_WRONG: tuple[Any, ...] = (0, "a", True, [], {}, None)


def _variants(side: Instances, node: Node) -> list[Node]:
    node = side.side.resolve(node)
    return [*children(node, "anyOf"), *children(node, "oneOf")][:MAX_VARIANTS]


def _spoilers(reject: Instances, variant: Node, value: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Properties the variant declares, each with a value the variant refuses."""
    tried = 0
    for name, schema in properties_of(reject.side, variant).items():
        if name in value:
            continue
        tried += 1
        if tried > MAX_PROPERTIES:
            return
        for wrong in _WRONG:
            if reject.rejects(schema, wrong):
                yield name, wrong
                break


def spoiled(
    accept: Instances, a_node: Node, reject: Instances, r_node: Node, value: Any
) -> Any | None:
    """``value`` with properties added so that every variant of the rejecting side's union
    refuses it while the accepting side still takes it, or None."""
    if not isinstance(value, dict):
        return None
    variants = _variants(reject, r_node)
    if not variants:
        return None
    current = dict(value)
    for variant in variants:
        if reject.rejects(variant, current):
            continue
        for name, wrong in _spoilers(reject, variant, current):
            attempt = {**current, name: wrong}
            if reject.rejects(variant, attempt) and accept.accepts(a_node, attempt):
                current = attempt
                break
        else:
            return None
    return current if reject.rejects(r_node, current) else None


def _levels(
    accept: Instances, a_node: Node, reject: Instances, r_node: Node | None, steps: list[Step]
) -> Iterator[tuple[tuple[str, ...], Node, Node]]:
    """Along the steps down to the changed schema: each object's path in the payload, and
    the schema each side has there (the rejecting side's followed by property name)."""
    path: tuple[str, ...] = ()
    for keyword, token in steps:
        a_node = accept.side.resolve(a_node)
        if r_node is not None:
            r_node = reject.side.resolve(r_node)
            yield path, a_node, r_node
        holder = a_node.get(keyword)
        if holder is None:
            return
        a_node = holder if token is None else holder.child(token)
        if keyword == "properties" and isinstance(token, str):
            path = (*path, token)
            found = properties_of(reject.side, r_node) if r_node is not None else {}
            r_node = found.get(token)
        elif keyword not in ("anyOf", "oneOf", "allOf"):
            return  # items, maps: the payload's shape is no longer a path of names


def spoiled_whole(
    accept: Instances,
    a_root: Node,
    reject: Instances,
    r_root: Node,
    steps: list[Step],
    whole: Any,
) -> Any | None:
    """A whole payload both sides take, made one the rejecting side refuses by spoiling an
    object on the way down that sits in a union of open variants; None if none does."""
    for path, a_node, r_node in _levels(accept, a_root, reject, r_root, steps):
        if not _variants(reject, r_node):
            continue
        inner = whole
        for name in path:
            inner = inner.get(name) if isinstance(inner, dict) else None
        fixed = spoiled(accept, a_node, reject, r_node, inner)
        if fixed is None:
            continue
        attempt = _replaced(whole, path, fixed)
        if accept.accepts(a_root, attempt) and reject.rejects(r_root, attempt):
            return attempt
    return None


def _replaced(whole: Any, path: tuple[str, ...], value: Any) -> Any:
    if not path:
        return value
    return {**whole, path[0]: _replaced(whole[path[0]], path[1:], value)}
