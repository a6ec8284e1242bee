"""Valid instances of one side's schemas, and the candidates that may separate two schemas.

:class:`Instances` answers "the smallest instance this schema accepts" (checked by the real
validator, remembered per schema) for one side. :func:`candidates` proposes, for a pair of
schemas, values the accepting one probably takes and the rejecting one may refuse: its
own small instances, values at and just past each bound either side sets, each enum value,
each type, an object with each optional or extra property, an array one item past a
bound; properties and items that both sides declare are searched the same way, one level
down. The caller keeps the first candidate the validators agree on.

Every validation is counted against a :class:`Budget`, a number of validations rather
than a time, so that whether a witness is found never depends on the machine's speed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oasgate.loading.document import Node
from oasgate.witness.bundle import Side
from oasgate.witness.formats import OUTSIDE
from oasgate.witness.samples import (
    MAX_DEPTH,
    MAX_SAMPLES,
    child,
    children,
    number_samples,
    pattern_strings,
    string_samples,
    typed_samples,
    types_of,
)


class Exhausted(Exception):
    """The finding's budget of validations is spent."""


class Budget:
    """A number of validations one finding may spend."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise Exhausted


class _Missing:
    """No valid instance was found."""


MISSING = _Missing()


class Instances:
    """Small valid instances of one side's schemas."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self.budget = Budget(0)
        self._minimal: dict[tuple[str, tuple[str | int, ...]], Any] = {}

    def accepts(self, node: Node, value: Any) -> bool:
        """True only when the validator says the schema accepts ``value``."""
        return self.judge(node, value) is True

    def rejects(self, node: Node, value: Any) -> bool:
        """True only when the validator says the schema rejects ``value``."""
        return self.judge(node, value) is False

    def judge(self, node: Node, value: Any) -> bool | None:
        self.budget.spend()
        return self.side.judge(node, value)

    def minimal(self, node: Node, depth: int = 0) -> Any:
        """The first proposal of :meth:`proposals` the schema accepts, or :data:`MISSING`."""
        node = self.side.resolve(node)
        key = (node.file, node.pointer)
        if key in self._minimal:
            return self._minimal[key]
        found: Any = MISSING
        for value in self.proposals(node, depth):
            if self.accepts(node, value):
                found = value
                break
        self._minimal[key] = found
        return found

    def proposals(self, node: Node, depth: int = 0) -> list[Any]:
        """Values the schema probably accepts, smallest and most readable first."""
        node = self.side.resolve(node)
        value = node.value
        if depth > MAX_DEPTH or value is False:
            return []
        if not isinstance(value, dict):
            return ["a", 0, True, None, {}, []]
        found: list[Any] = []
        if "const" in value:
            found.append(value["const"])
        if isinstance(value.get("enum"), list):
            found.extend(value["enum"][:MAX_SAMPLES])
        own = self._objects(node, depth) if "object" in types_of(value) else []
        members = children(node, "allOf")
        if members:
            merged = self._merged(members, depth)
            if merged is not MISSING:
                found.extend(_joined(merged, o) for o in own or [{}])
        for variant in (*children(node, "oneOf"), *children(node, "anyOf"))[:6]:
            inner = self.minimal(variant, depth + 1)
            if inner is not MISSING:
                found.append(_joined(inner, own[0]) if own else inner)
        for kind in types_of(value):
            if kind == "object":
                found.extend(own)
            elif kind == "array":
                found.extend(self._arrays(node, depth))
            else:
                found.extend(typed_samples(value, kind))
        return _unique(found)[: MAX_SAMPLES * 2]

    def own_objects(self, node: Node) -> list[dict[str, Any]]:
        """Objects with only the schema's own required properties (no variant's)."""
        node = self.side.resolve(node)
        if not isinstance(node.value, dict) or "object" not in types_of(node.value):
            return []
        return self._objects(node, 0)

    def _merged(self, members: list[Node], depth: int) -> Any:
        if len(members) == 1:
            return self.minimal(members[0], depth + 1)
        return self.merged(members, depth)

    def merged(self, members: list[Node], depth: int = 0, skip: int | None = None) -> Any:
        """One object satisfying every ``allOf`` member (but ``skip``): their smallest
        instances joined, a property's value taken from a member that declares it over
        one that only requires it."""
        merged: dict[str, Any] = {}
        declared_by: set[str] = set()
        for index, member in enumerate(members):
            if index == skip:
                continue
            inner = self.minimal(member, depth + 1)
            if inner is MISSING:
                return MISSING
            if not isinstance(inner, dict):
                continue
            declared = properties_of(self.side, member)
            for name, value in inner.items():
                if name not in merged or (name in declared and name not in declared_by):
                    merged[name] = value
                if name in declared:
                    declared_by.add(name)
        everywhere: dict[str, Node] = {}
        for member in members:  # a name one member requires and another declares
            everywhere.update(properties_of(self.side, member))
        for name in merged:
            if name not in declared_by and name in everywhere:
                value = self.minimal(everywhere[name], depth + 1)
                if value is not MISSING:
                    merged[name] = value
        return merged

    def _objects(self, node: Node, depth: int) -> list[dict[str, Any]]:
        value = node.value
        required = value.get("required") if isinstance(value.get("required"), list) else []
        instance: dict[str, Any] = {}
        for name in required:
            if not isinstance(name, str):
                continue
            schema = self.property_schema(node, name)
            inner = MISSING if schema is None else self.minimal(schema, depth + 1)
            instance[name] = "a" if inner is MISSING else inner
        found = [instance]
        wanted = value.get("minProperties")
        if isinstance(wanted, int) and wanted > len(instance):
            fuller = dict(instance)
            for name, schema in properties_of(self.side, node).items():
                if len(fuller) >= wanted:
                    break
                inner = self.minimal(schema, depth + 1)
                if name not in fuller and inner is not MISSING:
                    fuller[name] = inner
            while len(fuller) < wanted:
                fuller[f"p{len(fuller)}"] = "a"
            found.insert(0, fuller)
        return found

    def _arrays(self, node: Node, depth: int) -> list[list[Any]]:
        value = node.value
        items = child(node, "items")
        prefix = [self.minimal(p, depth + 1) for p in children(node, "prefixItems")]
        if any(p is MISSING for p in prefix):
            return []
        item = MISSING if items is None else self.minimal(items, depth + 1)
        low = value.get("minItems") if isinstance(value.get("minItems"), int) else 0
        if item is MISSING:
            item = "a" if items is None or isinstance(items.value, list) else MISSING
        if item is MISSING:
            return [prefix] if len(prefix) >= low else []
        rest = max(low - len(prefix), 0)
        found = [[*prefix, *[item] * rest]]
        if rest == 0:
            found.append([*prefix, item])
        return found

    def property_schema(self, node: Node, name: str) -> Node | None:
        """The schema of property ``name`` (declared here or in an ``allOf`` member), else
        what ``additionalProperties`` allows."""
        found = properties_of(self.side, node).get(name)
        if found is not None:
            return found
        extra = child(node, "additionalProperties")
        return extra if extra is not None and isinstance(extra.value, dict) else None


def properties_of(side: Side, node: Node, depth: int = 0) -> dict[str, Node]:
    """Properties a schema declares itself or through its ``allOf`` members."""
    node = side.resolve(node)
    found: dict[str, Node] = {}
    if depth > MAX_DEPTH:
        return found
    for member in children(node, "allOf"):
        found.update(properties_of(side, member, depth + 1))
    declared = child(node, "properties")
    if declared is not None and isinstance(declared.value, dict):
        for name in declared.value:
            if isinstance(name, str):
                found[name] = declared.child(name)
    return found


def _joined(inner: Any, own: dict[str, Any]) -> Any:
    return {**own, **inner} if isinstance(inner, dict) else inner


def _unique(values: list[Any]) -> list[Any]:
    kept: list[Any] = []
    seen: set[str] = set()
    for value in values:
        mark = repr((type(value).__name__, value))
        if mark not in seen:
            seen.add(mark)
            kept.append(value)
    return kept


def candidates(
    accept: Instances,
    a_node: Node,
    reject: Instances,
    r_node: Node,
    depth: int = 0,
    name: str | None = None,
) -> Iterator[Any]:
    """Values the accepting schema may take and the rejecting one may refuse, in the order
    they are tried; ``name``, the property a finding is about, is tried first among the
    names only the rejecting side has a say about (its witness, not a neighbour's)."""
    a_node, r_node = accept.side.resolve(a_node), reject.side.resolve(r_node)
    a, r = a_node.value, r_node.value
    if reject.side.formats:
        # a format's witness: one past an integer format's range first, so that it is the
        # format that refuses it, not a type changed beside it (the schema's, its variants')
        variants = (*children(r_node, "oneOf"), *children(r_node, "anyOf"))
        for schema in (r, *(reject.side.resolve(v).value for v in variants)):
            form = schema.get("format") if isinstance(schema, dict) else None
            yield from OUTSIDE.get(form, ()) if isinstance(form, str) else ()
    allowed = _listed_values(reject, r_node)
    for value in _listed_values(accept, a_node):  # what only the accepting side lists
        if not any(value == known and type(value) is type(known) for known in allowed):
            yield value
    yield from accept.proposals(a_node, depth)
    a_map = a if isinstance(a, dict) else {}
    r_map = r if isinstance(r, dict) else {}
    kinds = types_of(a)
    if "null" not in kinds:
        yield None
    for kind in kinds:
        if kind in ("integer", "number"):
            yield from _edges(a_map, r_map, kind == "integer")
        elif kind == "string":
            yield from _strings(a_map, r_map)
        elif kind == "boolean":
            yield from (True, False)
        elif kind == "null":
            yield None
        elif kind == "object":
            yield from _objects(accept, a_node, reject, r_node, depth, name)
        elif kind == "array":
            yield from _arrays(accept, a_node, reject, r_node, depth)
    for variant in (*children(a_node, "oneOf"), *children(a_node, "anyOf")):
        yield from accept.proposals(variant, depth + 1)
    excluded = child(r_node, "not")
    if excluded is not None:  # what the rejecting side excludes
        yield from reject.proposals(excluded, depth + 1)
    yield from _ANY_VALUES
    yield 1.5


def _listed_values(instances: Instances, node: Node, depth: int = 0) -> list[Any]:
    """The ``enum`` and ``const`` values a schema and its variants and members list."""
    node = instances.side.resolve(node)
    value = node.value
    if not isinstance(value, dict) or depth > 3:
        return []
    found: list[Any] = []
    if isinstance(value.get("enum"), list):
        found.extend(value["enum"])
    if "const" in value:
        found.append(value["const"])
    for keyword in ("oneOf", "anyOf", "allOf"):
        for member in children(node, keyword):
            found.extend(_listed_values(instances, member, depth + 1))
    return found


def _edges(a: dict[str, Any], r: dict[str, Any], integer: bool) -> Iterator[Any]:
    yield from number_samples(a, integer)
    for schema in (r, a):
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            bound = schema.get(key)
            if isinstance(bound, (int, float)) and not isinstance(bound, bool):
                for step in (-1, 0, 1, -0.5, 0.5):
                    if not (integer and isinstance(step, float)):
                        yield bound + step
        factor = schema.get("multipleOf")
        if isinstance(factor, (int, float)) and not isinstance(factor, bool) and factor > 0:
            yield from (factor, factor * 2, factor * 3, factor / 2)
    if not integer:
        yield 0.5


def _strings(a: dict[str, Any], r: dict[str, Any]) -> Iterator[str]:
    base = string_samples(a)
    yield from base
    pattern = a.get("pattern")
    seeds = (pattern_strings(pattern) if isinstance(pattern, str) else []) + ["a"]
    for schema in (r, a):
        for key, delta in (("maxLength", 1), ("minLength", -1), ("maxLength", 0)):
            length = schema.get(key)
            if isinstance(length, int) and length + delta >= 0:
                for seed in seeds:
                    yield _sized(seed or "a", length + delta)
    yield from ("", "0", "A", " ", "a-b")


def _sized(seed: str, length: int) -> str:
    return (seed * (length // max(len(seed), 1) + 1))[:length] if length else ""


def _objects(
    accept: Instances,
    a_node: Node,
    reject: Instances,
    r_node: Node,
    depth: int,
    first: str | None = None,
) -> Iterator[Any]:
    base = accept.minimal(a_node, depth)
    if not isinstance(base, dict):
        base = {}
    a_props = properties_of(accept.side, a_node)
    r_props = properties_of(reject.side, r_node)
    for name, schema in a_props.items():
        if name not in base:
            inner = accept.minimal(schema, depth + 1)
            if inner is not MISSING:
                yield {**base, name: inner}
    extra = child(a_node, "additionalProperties")
    extra_value = "a"
    if extra is not None and isinstance(extra.value, dict):
        found = accept.minimal(extra, depth + 1)
        extra_value = "a" if found is MISSING else found
    yield {**base, "extra": extra_value}
    names = _names(r_node.value, a_props, r_props)
    if first in names:
        names = [first, *(other for other in names if other != first)]
    for other in names:
        for value in _ANY_VALUES:
            yield {**base, other: value}
    required = a_node.value.get("required") if isinstance(a_node.value, dict) else None
    alone = {k: v for k, v in base.items() if isinstance(required, list) and k in required}
    if alone != base:
        # the name in place of what the smallest instance chose for an optional property:
        # a ``maxProperties: 1`` object (OpenSearch's QueryContainer) takes one name only
        for other in names:
            for value in _ANY_VALUES:
                yield {**alone, other: value}
    for extra_object in _dependents(a_node.value, r_node.value):
        yield {**base, **extra_object}
    for schema in (r_node.value, a_node.value):
        for key, delta in (("maxProperties", 1), ("minProperties", -1)):
            count = schema.get(key) if isinstance(schema, dict) else None
            if isinstance(count, int) and 0 <= count + delta <= 64:
                fuller = dict(list(base.items())[: count + delta])
                while len(fuller) < count + delta:
                    fuller[f"p{len(fuller)}"] = "a"
                yield fuller
    if depth >= 3:
        return
    for key, schema in a_props.items():
        twin = r_props.get(key)
        if twin is None:
            continue
        inner_values = candidates(accept, schema, reject, twin, depth + 1, first)
        for count, inner in enumerate(inner_values):
            if count >= 24:
                break
            yield {**base, key: inner}


#: One value of each JSON type.
_ANY_VALUES: tuple[Any, ...] = (None, 0, "a", True, [], {})

_ARRAY_COUNTS = (
    ("maxItems", 1),
    ("minItems", -1),
    ("minItems", 0),
    ("maxContains", 1),
    ("minContains", -1),
    ("minContains", 0),
)


def _dependents(accepting: Any, rejecting: Any) -> Iterator[dict[str, Any]]:
    """For each property the rejecting side makes others depend on: an object with it and
    only what the accepting side requires along with it."""
    if not isinstance(rejecting, dict) or not isinstance(rejecting.get("dependentRequired"), dict):
        return
    own = accepting.get("dependentRequired") if isinstance(accepting, dict) else None
    for key in rejecting["dependentRequired"]:
        along = own.get(key, []) if isinstance(own, dict) else []
        yield {str(key): "a", **{str(name): "a" for name in along if isinstance(name, str)}}


def _names(schema: Any, a_props: dict[str, Node], r_props: dict[str, Node]) -> list[str]:
    """Property names the rejecting side has a say about: properties it declares that the
    accepting side does not, the keys of its dependent keywords, its ``if``'s required
    names, keys its ``patternProperties`` match, a name its ``propertyNames`` refuses."""
    found = [name for name in r_props if name not in a_props]
    if not isinstance(schema, dict):
        return found
    for key in ("dependentRequired", "dependentSchemas", "dependencies"):
        if isinstance(schema.get(key), dict):
            found.extend(k for k in schema[key] if isinstance(k, str))
    condition = schema.get("if")
    if isinstance(condition, dict) and isinstance(condition.get("required"), list):
        found.extend(k for k in condition["required"] if isinstance(k, str))
    if isinstance(schema.get("patternProperties"), dict):
        for pattern in schema["patternProperties"]:
            found.extend(pattern_strings(str(pattern))[:2])
    if "propertyNames" in schema:
        found.extend(("A", "0", "-", "a" * 65))
    return list(dict.fromkeys(found))


def _arrays(
    accept: Instances, a_node: Node, reject: Instances, r_node: Node, depth: int
) -> Iterator[Any]:
    items = child(a_node, "items")
    item = "a" if items is None else accept.minimal(items, depth + 1)
    if item is MISSING:
        return
    yield []
    yield [item, item]
    for value in _ANY_VALUES:
        yield [value]
        yield [value] * 6
    for schema in (r_node.value, a_node.value):
        if not isinstance(schema, dict):
            continue
        for key, delta in _ARRAY_COUNTS:
            count = schema.get(key)
            if isinstance(count, int) and 0 <= count + delta <= 64:
                yield [item] * (count + delta)
    other = child(r_node, "items")
    if items is not None and other is not None and depth < 3:
        low = a_node.value.get("minItems") if isinstance(a_node.value, dict) else None
        pad = max(low - 1, 0) if isinstance(low, int) else 0
        for count, inner in enumerate(candidates(accept, items, reject, other, depth + 1)):
            if count >= 24:
                break
            yield [inner, *[item] * pad]
