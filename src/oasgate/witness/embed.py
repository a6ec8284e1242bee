"""Putting the value found for the changed schema into a whole payload.

Given the steps from a body's schema down to the changed one (:meth:`places.Reach.path`),
:func:`embed` wraps the value level by level in the smallest instance each enclosing
schema accepts: the required properties of the object around it, the other members of an
``allOf``, the items before it in a ``prefixItems``. At each level the validator picks the
first wrapping the accepting side takes; the whole payload is validated again against both
sides by the caller, so a wrapping that does not fit only costs a candidate.
"""

from __future__ import annotations

import contextlib
from typing import Any

from oasgate.loading.document import Node
from oasgate.witness.instances import MISSING, Instances
from oasgate.witness.places import Step
from oasgate.witness.samples import children


def embed(accept: Instances, node: Node, steps: list[Step], value: Any) -> Any:
    """``value`` placed at the end of ``steps`` below ``node``, wrapped in what the
    accepting side's schemas need around it."""
    node = accept.side.resolve(node)
    if not steps:
        return value
    (keyword, token), rest = steps[0], steps[1:]
    holder = node.get(keyword)
    assert holder is not None
    inner_node = holder if token is None else holder.child(token)
    inner = embed(accept, inner_node, rest, value)
    options = _wrappings(accept, node, keyword, token, inner)
    for option in options:
        if accept.accepts(node, option):
            return option
    return options[0]


def _wrappings(
    accept: Instances, node: Node, keyword: str, token: str | int | None, inner: Any
) -> list[Any]:
    # the node's own required properties first, then instances that go through one of its
    # variants: a payload that takes another branch than the changed one may be accepted
    # by the other side through that branch too
    own = accept.own_objects(node)
    objects = own + [p for p in accept.proposals(node) if isinstance(p, dict) and p not in own]
    if keyword in ("properties", "additionalProperties"):
        name = token if isinstance(token, str) else _free_name(objects)
        return [*({**o, name: inner} for o in objects), {name: inner}]
    if keyword == "items":
        low = node.value.get("minItems") if isinstance(node.value, dict) else None
        pad = max(low - 1, 0) if isinstance(low, int) else 0
        return [[inner, *[inner] * pad]]
    if keyword == "prefixItems" and isinstance(token, int):
        before = [accept.minimal(p) for p in children(node, "prefixItems")[:token]]
        return [[*("a" if b is MISSING else b for b in before), inner]]
    if keyword == "allOf" and isinstance(inner, dict):
        members = children(node, "allOf")
        found = accept.merged(members, skip=token if isinstance(token, int) else None)
        merged = found if isinstance(found, dict) else {}
        own = objects[:1] or [{}]
        return [{**own[0], **merged, **inner}, {**merged, **inner}, {**own[0], **inner}, inner]
    if isinstance(inner, dict):  # a variant of oneOf/anyOf: the variant alone first
        return [inner, *({**o, **inner} for o in objects[:3])]
    return [inner]


def _free_name(objects: list[dict[str, Any]]) -> str:
    taken = {k for o in objects for k in o}
    name = "extra"
    while name in taken:
        name += "_"
    return name


def is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def as_text(value: Any) -> str | None:
    """How a scalar travels in a parameter or header; ``None`` for a structure (its
    serialisation depends on style and explode, outside what a witness shows)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return repr(value)
    return None


def readings(text: str) -> list[Any]:
    """Every value a server may read ``text`` as: the string itself, and the integer,
    number or boolean it spells."""
    found: list[Any] = [text]
    with contextlib.suppress(ValueError):
        found.append(int(text))
    try:
        number = float(text)
        if number == number and number not in (float("inf"), float("-inf")):
            found.append(number)
    except ValueError:
        pass
    if text in ("true", "false"):
        found.append(text == "true")
    return found
