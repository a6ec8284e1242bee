"""Where a witness goes: the bodies, parameters and headers of a finding's operations, and
the way from such a root schema down to the schema that changed.

A changed schema is often a component reached from many places; the witness is shown,
and validated, where a client meets it — the request body of ``POST /pets``, the query
parameter ``limit`` — so that what the report shows is a whole payload a real request or
response could carry, not a fragment. :func:`roots` lists those places for one side;
:class:`Reach` finds how the changed schema is reached from one of them (through
``$ref``s, properties, items and composition).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from oasgate.loading.document import Node, Pointer
from oasgate.model.spec import SpecModel
from oasgate.witness.bundle import Side

#: Schemas one side's containment graph holds at most (each is visited once).
MAX_VISITS = 200_000

#: How a schema contains another: (keyword, token) — ``("properties", "name")``,
#: ``("items", None)``, ``("allOf", 0)``.
Step = tuple[str, str | int | None]


@dataclass(frozen=True)
class Root:
    """A schema a client sends or receives whole."""

    key: tuple[str, ...]  # what pairs it with the other side's root: ("body", media type)...
    where: str  # how the report names it
    schema: Node
    text: bool  # a parameter or header: the value travels as text


def _shape(label: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", label)


def roots(model: SpecModel, operations: tuple[str, ...], side: str, rule: str) -> list[Root]:
    """The schemas of ``operations`` on the ``side`` (request or response) of the wire that
    ``rule`` is about, in a fixed order: bodies by media type, responses by status."""
    wanted = {_shape(label) for label in operations}
    found: list[Root] = []
    for path, item in model.all_path_items():
        for operation in model.operations(path, item).values():
            if _shape(operation.label) not in wanted:
                continue
            label = _shape(operation.label)
            if side == "request":
                found.extend(_request_roots(model, operation, label, rule))
            else:
                found.extend(_response_roots(model, operation, label, rule))
    return found


def _request_roots(model: SpecModel, operation: object, label: str, rule: str) -> list[Root]:
    from oasgate.model.objects import Operation

    assert isinstance(operation, Operation)
    found: list[Root] = []
    if rule.startswith("request-parameter"):
        for parameter in model.parameters(operation).values():
            if parameter.schema is not None:
                found.append(
                    Root(
                        (label, "parameter", parameter.location, parameter.name),
                        f"{parameter.location} parameter {parameter.name} of {operation.label}",
                        parameter.schema,
                        text=True,
                    )
                )
        return found
    body = model.request_body(operation)
    if body is not None:
        for name in sorted(body.content):
            media = body.content[name]
            if media.schema is not None:
                found.append(
                    Root(
                        (label, "body", name),
                        f"request body of {operation.label} ({media.name})",
                        media.schema,
                        text=False,
                    )
                )
    return found


def _response_roots(model: SpecModel, operation: object, label: str, rule: str) -> list[Root]:
    from oasgate.model.objects import Operation

    assert isinstance(operation, Operation)
    found: list[Root] = []
    responses = model.responses(operation)
    for status in sorted(responses):
        response = responses[status]
        if rule.startswith("response-header"):
            for name in sorted(response.headers):
                header = response.headers[name]
                if header.schema is not None:
                    found.append(
                        Root(
                            (label, "header", status, name),
                            f"response header {header.name} of {operation.label} ({status})",
                            header.schema,
                            text=True,
                        )
                    )
            continue
        for name in sorted(response.content):
            media = response.content[name]
            if media.schema is not None:
                found.append(
                    Root(
                        (label, "body", status, name),
                        f"response body of {operation.label} ({status}, {media.name})",
                        media.schema,
                        text=False,
                    )
                )
    return found


_LIST_KEYWORDS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_KEYWORDS = ("items", "additionalProperties")


class Reach:
    """Which schemas contain which, on one side, built once: every schema reached from the
    roots explored so far, with the schemas that hold it. The way from a root down to a
    changed schema is then found walking up from the changed schema, once per finding,
    for every root at once (walking down from each root of a large spec — Stripe's
    responses reach most of its thousand schemas — was most of the time)."""

    def __init__(self, side: Side) -> None:
        self.side = side
        self._parents: dict[tuple[str, Pointer], list[tuple[tuple[str, Pointer], Step]]] = {}
        self._seen: set[tuple[str, Pointer]] = set()

    def explore(self, root: Node) -> None:
        start = self.side.resolve(root)
        if _key(start) in self._seen:
            return
        self._seen.add(_key(start))
        queue: deque[Node] = deque([start])
        while queue and len(self._seen) < MAX_VISITS:
            node = queue.popleft()
            for step, written in _edges(node):
                resolved = self.side.resolve(written)
                for key in dict.fromkeys((_key(written), _key(resolved))):  # in order
                    self._parents.setdefault(key, []).append((_key(node), step))
                if _key(resolved) not in self._seen:
                    self._seen.add(_key(resolved))
                    queue.append(resolved)

    def ways(self, target: Node, live: bool = False) -> dict[tuple[str, Pointer], list[Step]]:
        """Schema (as reached) → the steps from it down to ``target``; with ``live``, only
        ways through no ``oneOf`` that takes nothing (:func:`takes_nothing`)."""
        # lists, not sets: the order the graph is walked decides which way is found, and a
        # set's order would change with the interpreter's hash seed
        goals = list(dict.fromkeys((_key(target), _key(self.side.resolve(target)))))
        toward: dict[tuple[str, Pointer], list[Step]] = {goal: [] for goal in goals}
        queue: deque[tuple[str, Pointer]] = deque(goals)
        while queue and len(toward) < MAX_VISITS:
            key = queue.popleft()
            for parent, step in self._parents.get(key, ()):
                if live and step[0] == "oneOf" and self._dead(parent):
                    continue
                if parent not in toward:
                    toward[parent] = [step, *toward[key]]
                    queue.append(parent)
        return toward

    def _dead(self, key: tuple[str, Pointer]) -> bool:
        holder = self.side.document.node_at(*key)
        return holder is not None and takes_nothing(self.side, holder)

    def takes_nothing_at(self, targets: list[Node], starts: list[Node]) -> bool:
        """Whether no value reaches any of ``targets`` from ``starts``: each is a ``oneOf``
        that takes nothing, or is reached only through one (:func:`takes_nothing`), so no
        payload can carry a value there. Costs no validation."""
        reached = False
        for target in targets:
            if takes_nothing(self.side, self.side.resolve(target)):
                return True
            ways, live = self.ways(target), self.ways(target, live=True)
            for start in starts:
                if self.path(start, ways) is not None:
                    reached = True
                    if self.path(start, live) is not None:
                        return False
        return reached

    def path(self, root: Node, ways: dict[tuple[str, Pointer], list[Step]]) -> list[Step] | None:
        """The steps from ``root`` to the target of ``ways``, or None."""
        self.explore(root)
        for key in (_key(root), _key(self.side.resolve(root))):
            if key in ways:
                return ways[key]
        return None


def takes_nothing(side: Side, holder: Node) -> bool:
    """Whether a schema is a ``oneOf`` every member of which is written identically to
    another member (OpenSearch's ``DecayFunction``: three components with the same
    content). A value that matches one member matches its twin too, and ``oneOf`` refuses
    a value two members match: the schema takes no value, and nothing below it is reached
    by one."""
    members = holder.get("oneOf") if isinstance(holder.value, dict) else None
    if members is None or not isinstance(members.value, list) or len(members.value) < 2:
        return False
    resolved = [side.resolve(members.child(index)) for index in range(len(members.value))]
    return all(
        any(
            other is not mine and other.file == mine.file and other.value == mine.value
            for other in resolved
        )
        for mine in resolved
    )


def counterpart(model: SpecModel, other: SpecModel, node: Node) -> Node | None:
    """The node of ``model`` at the place ``node`` has in ``other`` (the same file, as the
    spec's ``$ref``s name it, and the same pointer), if there is one."""
    path = other.document.spec_path(node.file)
    for key in model.document.file_keys():
        if model.document.spec_path(key) == path:
            return Node(None, key, node.pointer)
    return None


def follows(side: Side, node: Node, steps: list[Step]) -> bool:
    """Whether ``steps`` can be walked down from ``node`` on ``side``."""
    for keyword, token in steps:
        holder = side.resolve(node).get(keyword)
        if holder is None:
            return False
        value = holder.value
        named = isinstance(value, dict) and isinstance(token, str) and token in value
        listed = isinstance(value, list) and isinstance(token, int) and token < len(value)
        if token is not None and not (named or listed):
            return False
        node = holder if token is None else holder.child(token)
    return True


def _key(node: Node) -> tuple[str, Pointer]:
    return node.file, node.pointer


def _edges(node: Node) -> list[tuple[Step, Node]]:
    value = node.value
    if not isinstance(value, dict):
        return []
    found: list[tuple[Step, Node]] = []
    properties = node.get("properties")
    if properties is not None and isinstance(properties.value, dict):
        for name in properties.value:
            if isinstance(properties.value[name], dict):
                found.append((("properties", name), properties.child(name)))
    for keyword in _SCHEMA_KEYWORDS:
        inner = node.get(keyword)
        if inner is not None and isinstance(inner.value, dict):
            found.append(((keyword, None), inner))
    for keyword in _LIST_KEYWORDS:
        inner = node.get(keyword)
        if inner is not None and isinstance(inner.value, list):
            for index, member in enumerate(inner.value):
                if isinstance(member, dict):
                    found.append(((keyword, index), inner.child(index)))
    return found
