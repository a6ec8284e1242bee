"""One finding's witness: which side must accept, where the payload goes, the search.

For a request finding the base must accept the payload and the revision reject it (a
client written today is refused tomorrow); for a response finding the revision may send
it and a client validating against the base rejects it. :func:`witness_for` looks for
such a payload at the changed schema (:func:`instances.candidates`), puts each candidate
into the enclosing body (:func:`embed.embed`) and keeps the first one both validators
agree on, within a budget of validations. What it cannot prove is said, never guessed
(docs/witnesses.md).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Any

import orjson

from oasgate.catalogue import Side as RuleSide
from oasgate.catalogue import get_rule
from oasgate.catalogue.schema import schema_aspect
from oasgate.findings import Finding, Location, Witness
from oasgate.loading.document import Node, decode_pointer
from oasgate.model.spec import SpecModel
from oasgate.witness.bundle import Side
from oasgate.witness.embed import as_text, embed, is_scalar, readings
from oasgate.witness.formats import NOTE as FORMAT_NOTE
from oasgate.witness.formats import TEXT_RANGE, assertable, for_the_format, is_format_rule
from oasgate.witness.instances import Budget, Exhausted, Instances, candidates
from oasgate.witness.places import (
    Reach,
    Root,
    Step,
    counterpart,
    follows,
    roots,
)
from oasgate.witness.samples import types_of
from oasgate.witness.spoilers import spoiled, spoiled_whole

UNREACHED = "no witness: the changed schema is not reached from a body, parameter or header"
UNSATISFIED = (
    "the {} takes no value at the changed schema: it is, or is reached only through, a "
    "oneOf each member of which is written identically to another, and oneOf refuses a "
    "value two members match (docs/witnesses.md)"
)

#: Whole payloads one finding may try: a value that fits the changed schema but no body
#: around it rarely fits the next body either, and each try validates whole bodies.
MAX_WHOLES = 12
#: Values that separate the two changed schemas kept, and tried per place.
MAX_LOCAL = 6
PER_PLACE = 3

#: Validations one finding may spend (a count, not a time: the same on every machine).
BUDGET = 400

#: Once a value separates, the search for more stops with a 1/RESERVE of the budget left:
#: what separates is only a witness inside a whole payload, which costs validations too.
RESERVE = 4

STRUCTURED = (
    "an object or array parameter travels as text written by its style and explode, "
    "which a JSON Schema validator does not read"
)
NULL_TEXT = "a parameter or header is text: it cannot carry null"

#: Rule aspects whose difference no JSON Schema validator asserts: the witness says so.
EXEMPT_ASPECTS: tuple[tuple[str, str], ...] = (
    ("format-", "validators do not assert `format` by default"),
    ("discriminator-", "validators do not assert `discriminator`"),
    ("read-only", "`readOnly` is a rule of who sends a property, not of its values"),
    ("write-only", "`writeOnly` is a rule of who sends a property, not of its values"),
    ("default-value-", "a `default` is not validated; it is what the server assumes"),
    ("content-encoding-", "validators do not assert `contentEncoding`"),
    ("content-media-type-", "validators do not assert `contentMediaType`"),
    ("renamed", "a rename is a removal plus an addition; each has its own finding"),
    ("x-extensible-enum-", "`x-extensible-enum` is an extension no validator reads"),
    ("content-schema-", "validators do not assert `contentSchema`"),
    ("request-parameter-property-", STRUCTURED),
)

_PROPERTY_SITES = ("request-property-", "response-property-", "request-parameter-property-")


def is_schema_rule(rule: str) -> bool:
    """Rules about the values a schema allows: each aspect rule at each site, and the
    property rules (a property removed, added as required, become required) — not a
    parameter's, header's or body's presence, nor a lifecycle rule."""
    from oasgate.catalogue import Kind

    if schema_aspect(rule) is not None:
        return True
    if not rule.startswith(_PROPERTY_SITES):
        return False
    return get_rule(rule).kind is not Kind.LIFECYCLE


@dataclass
class Sides:
    """Both sides of a comparison, with what is remembered between findings."""

    base_model: SpecModel
    revision_model: SpecModel
    #: validators assert ``format`` (the sides a format rule's witness is searched with)
    formats: bool = False

    def __post_init__(self) -> None:
        base, revision = self.base_model, self.revision_model
        self.base = Instances(Side(base.document, base.version, self.formats))
        self.revision = Instances(Side(revision.document, revision.version, self.formats))
        self._reach: dict[int, Reach] = {}
        self._asserting: Sides | None = None
        #: of the asserting sides, the sides that do not assert (a format's witness must be
        #: refused for its format, not for a type changed beside it)
        self.plain: Sides | None = None
        self._files = {
            model: {
                model.document.location(key, (), positioned=False).file: key
                for key in model.document.file_keys()
            }
            for model in (self.base_model, self.revision_model)
        }

    def asserting(self) -> Sides:
        """The same two documents with validators that assert ``format`` (made once)."""
        if self._asserting is None:
            self._asserting = Sides(self.base_model, self.revision_model, formats=True)
            self._asserting.plain = self
        return self._asserting

    def unasserted(self, instances: Instances) -> Instances | None:
        """The side of :attr:`plain` that ``instances`` is, if these sides assert formats."""
        if self.plain is None:
            return None
        return self.plain.base if instances is self.base else self.plain.revision

    def reach(self, instances: Instances) -> Reach:
        """The containment graph of that side's schemas (built as roots are explored)."""
        known = self._reach.get(id(instances))
        if known is None:
            known = self._reach[id(instances)] = Reach(instances.side)
        return known

    def node(self, model: SpecModel, where: Location | None) -> Node | None:
        """The node a finding's location names, list indices read as numbers."""
        if where is None:
            return None
        key = self._files[model].get(where.file)
        if key is None:
            return None
        value = model.document.value_at(key, ())
        tokens: list[str | int] = []
        for token in decode_pointer(where.pointer):
            if isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
                tokens.append(int(token))
            elif isinstance(value, dict) and token in value:
                value = value[token]
                tokens.append(token)
            else:
                return None
        return Node(value, key, tuple(tokens))


def witness_for(finding: Finding, sides: Sides, budget: int = BUDGET) -> Witness | None:
    """The witness of an error finding on a schema; None for other findings."""
    if finding.severity.value != "error" or not is_schema_rule(finding.rule):
        return None
    for marker, reason in EXEMPT_ASPECTS:
        if marker == "format-" and is_format_rule(finding.rule):
            if sides.formats:
                continue
            asserted = _formats_asserted(finding, sides)
            if asserted is None:
                return Witness(found=False, note=f"no witness: {TEXT_RANGE} (docs/witnesses.md)")
            if asserted:
                shown = witness_for(finding, sides.asserting(), budget)
                return replace(shown, note=FORMAT_NOTE) if shown and shown.found else shown
        if marker in finding.rule:
            return Witness(found=False, note=f"no witness: {reason} (docs/witnesses.md)")
    request = get_rule(finding.rule).side is RuleSide.REQUEST
    accept, reject = (sides.base, sides.revision) if request else (sides.revision, sides.base)
    accept_model, reject_model = (
        (sides.base_model, sides.revision_model)
        if request
        else (sides.revision_model, sides.base_model)
    )
    a_where, r_where = (
        (finding.base, finding.revision) if request else (finding.revision, finding.base)
    )
    a_node = _owner(sides.node(accept_model, a_where))
    r_node = _owner(sides.node(reject_model, r_where))
    same_file = (
        a_node is not None
        and r_node is not None
        and accept_model.document.spec_path(a_node.file)
        == reject_model.document.spec_path(r_node.file)
    )
    a_node, r_node = _level(a_node, r_node, same_file)
    pairs = [(a_node, r_node)]
    if schema_aspect(finding.rule) is None:
        # a property rule: the object holding the property says what changed, and a side
        # may be located at the property or at that object (which one is not written down)
        lifted_a, lifted_r = _object_of(a_node), _object_of(r_node)
        pairs = _distinct([(lifted_a, lifted_r), (lifted_a, r_node), (a_node, lifted_r), *pairs])
    if "-variant-" in finding.rule and r_node is not None:
        # a variant found in a union nested in a variant (``oneOf [A, oneOf [B, C]]``) is
        # located where it is written; the union it was paired in is the other side's
        # schema at the place the rejecting side's changed schema is
        pairs.append((counterpart(accept_model, reject_model, r_node), r_node))
        pairs = _distinct(pairs)
    if finding.rule.startswith(_TEXT_SITES):
        # a variant removed (or added) is located at the variant: one that takes only
        # objects or arrays is a structured value, whatever its siblings take
        variant = sides.node(accept_model, a_where) if "-variant-" in finding.rule else None
        if not _scalar(accept, a_node) or (variant is not None and not _scalar(accept, variant)):
            return Witness(found=False, note=f"no witness: {STRUCTURED} (docs/witnesses.md)")
        if "nullable" in finding.rule:
            return Witness(found=False, note=f"no witness: {NULL_TEXT} (docs/witnesses.md)")
    names = ("base", "revision") if request else ("revision", "base")
    spend = Budget(budget)
    accept.budget = reject.budget = spend
    unasserted = sides.unasserted(reject)
    if unasserted is not None:
        unasserted.budget = spend
    found: tuple[Any, str, str | None] | str | None = UNREACHED
    try:
        for a_pick, r_pick in pairs:
            tried = _search(
                finding, sides, accept, reject, accept_model, reject_model, a_pick, r_pick
            )
            if tried is None or isinstance(tried, tuple):
                found = tried
            if isinstance(tried, tuple):
                break
    except (Exhausted, RecursionError):
        found = None
    if found is None and _unsatisfied(finding, sides, accept, accept_model, pairs):
        return Witness(found=False, note=f"no witness: {UNSATISFIED.format(names[0])}")
    if found is None:
        return Witness(found=False, note=f"no counterexample found within {budget} validations")
    if isinstance(found, str):
        return Witness(found=False, note=found)
    value, where, text = found
    return Witness(
        found=True,
        instance=orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode(),
        where=where,
        accepted_by=names[0],
        rejected_by=names[1],
        text=text,
    )


_TEXT_SITES = ("request-parameter-", "response-header-")


def _unsatisfied(
    finding: Finding,
    sides: Sides,
    accept: Instances,
    model: SpecModel,
    pairs: list[tuple[Node | None, Node | None]],
) -> bool:
    """The side that must accept takes no value where the finding is
    (:meth:`places.Reach.takes_nothing_at`). Asked only when the search found nothing."""
    side = "request" if finding.rule.startswith("request") else "response"
    found = [root.schema for root in roots(model, finding.operations, side, finding.rule)]
    nodes = [node for a_pick, _ in pairs if (node := _fresh(model, a_pick)) is not None]
    return sides.reach(accept).takes_nothing_at(nodes, found)


def _formats_asserted(finding: Finding, sides: Sides) -> bool | None:
    """Whether the formats the two changed schemas write are ones a validator checks when
    asked (:func:`formats.assertable`); None for an integer format on a parameter or
    header, whose text is also read as a number the check does not test."""
    values = []
    for model, where, instances in (
        (sides.base_model, finding.base, sides.base),
        (sides.revision_model, finding.revision, sides.revision),
    ):
        node = _fresh(model, sides.node(model, where))  # where the format is written
        if node is None:
            return False
        values.append(instances.side.resolve(node).value)
    return assertable(values, text=finding.rule.startswith(_TEXT_SITES))


def _scalar(accept: Instances, node: Node | None) -> bool:
    """Whether a parameter's schema allows a scalar (a value a witness can write as text)."""
    if node is None:
        return False
    found = accept.side.document.node_at(node.file, node.pointer)
    if found is None:
        return False
    kinds = types_of(accept.side.resolve(found).value)
    return any(kind not in ("object", "array") for kind in kinds)


def _level(a: Node | None, r: Node | None, same_file: bool) -> tuple[Node | None, Node | None]:
    """Compare like with like: a property added or removed is located at the property on
    one side and at its object on the other; both become the object."""
    if a is not None and r is not None and same_file:
        if a.pointer[:-2] == r.pointer and len(a.pointer) > 1 and a.pointer[-2] == "properties":
            a = _parent(a)
        elif r.pointer[:-2] == a.pointer and len(r.pointer) > 1 and r.pointer[-2] == "properties":
            r = _parent(r)
    return a, r


#: Keywords whose subschema constrains the value of the schema that holds them (a finding
#: about ``not`` or a ``oneOf`` variant is located at that subschema).
_KEYWORD_SCHEMAS = frozenset(
    {
        "not",
        "contains",
        "if",
        "then",
        "else",
        "propertyNames",
        "additionalProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
        "contentSchema",
        "discriminator",
        "patternProperties",
        "dependentSchemas",
        "dependentRequired",
        "enum",
        "required",
    }
)
_LIST_SCHEMAS = frozenset({"oneOf", "anyOf", "allOf", "prefixItems"})


def _listed(pointer: tuple[str | int, ...]) -> bool:
    """A member of a list of schemas, or a schema under a name (``patternProperties``)."""
    if len(pointer) < 2:
        return False
    if isinstance(pointer[-1], int) and pointer[-2] in _LIST_SCHEMAS:
        return True
    return pointer[-2] in ("patternProperties", "dependentSchemas")


def _owner(node: Node | None) -> Node | None:
    """The schema a keyword's subschema belongs to (``…/schema/not`` → ``…/schema``)."""
    if node is None:
        return None
    pointer = node.pointer
    while pointer:
        if _listed(pointer):
            pointer = pointer[:-2]
        elif pointer[-1] in _KEYWORD_SCHEMAS or pointer[-1] in _LIST_SCHEMAS:
            pointer = pointer[:-1]
        else:
            break
    return node if pointer == node.pointer else Node(None, node.file, pointer)


def _distinct(
    pairs: list[tuple[Node | None, Node | None]],
) -> list[tuple[Node | None, Node | None]]:
    kept: dict[tuple[object, object], tuple[Node | None, Node | None]] = {}
    for a, r in pairs:
        mark = tuple(None if n is None else (n.file, n.pointer) for n in (a, r))
        kept.setdefault((mark[0], mark[1]), (a, r))
    return list(kept.values())


def _object_of(node: Node | None) -> Node | None:
    if node is not None and len(node.pointer) >= 2 and node.pointer[-2] == "properties":
        return _parent(node)
    return node


def _parent(node: Node) -> Node:
    # the value is read again by the caller's side through the document
    return Node(None, node.file, node.pointer[:-2])


def _search(
    finding: Finding,
    sides: Sides,
    accept: Instances,
    reject: Instances,
    accept_model: SpecModel,
    reject_model: SpecModel,
    a_node: Node | None,
    r_node: Node | None,
) -> tuple[Any, str, str | None] | str | None:
    a_node = _fresh(accept_model, a_node)
    r_node = _fresh(reject_model, r_node)
    if a_node is None:
        return UNREACHED
    side = "request" if finding.rule.startswith("request") else "response"
    accept_roots = roots(accept_model, finding.operations, side, finding.rule)
    reject_roots = {r.key: r for r in roots(reject_model, finding.operations, side, finding.rule)}
    accept_reach, reject_reach = sides.reach(accept), sides.reach(reject)
    for root in accept_roots:
        accept_reach.explore(root.schema)
    for reject_root in reject_roots.values():
        reject_reach.explore(reject_root.schema)
    accept_ways = accept_reach.ways(a_node)
    reject_ways = reject_reach.ways(r_node) if r_node is not None else {}
    places: list[tuple[bool, int, Root, Root, list[Step]]] = []
    for index, root in enumerate(accept_roots):
        paired = reject_roots.get(root.key)
        if paired is None:
            continue
        other = paired
        steps = accept_reach.path(root.schema, accept_ways)
        if steps is None:
            continue
        # first the places where the other side's changed schema is met too: elsewhere
        # the other side may not look at the value at all
        shared = None if r_node is None else reject_reach.path(other.schema, reject_ways)
        elsewhere = r_node is not None and shared is None
        if shared is not None and shared != steps and follows(accept.side, root.schema, shared):
            # the way the other side reaches its changed schema, when the accepting side
            # has it too: its own shortest way may pass where the other side has nothing
            # (Docker's OCIPlatform under a property only the revision has)
            places.append((elsewhere, index, root, other, shared))
        places.append((elsewhere, index, root, other, steps))
    if not places:
        return UNREACHED
    places.sort(key=lambda place: (place[0], place[1]))
    text = places[0][2].text
    separating: list[Any] = []
    preferred = [None] if "nullable" in finding.rule else []  # the change itself first
    tried = itertools.chain(
        preferred,
        candidates(accept, a_node, reject, r_node or places[0][3].schema, name=_property(finding)),
    )
    spend = accept.budget
    unasserted = sides.unasserted(reject)
    for value in tried:
        if separating and spend.left < spend.limit // RESERVE:
            break  # keep validations for the whole payloads of what separates already
        if not accept.accepts(a_node, value):
            continue
        if text:
            written = as_text(value) if is_scalar(value) else None
            if written is None or r_node is None:
                continue
            if not all(reject.rejects(r_node, reading) for reading in readings(written)):
                continue
        elif r_node is not None and not reject.rejects(r_node, value):
            value = spoiled(accept, a_node, reject, r_node, value) if r_node else None
            if value is None:
                continue
        elif unasserted is not None and r_node is not None and unasserted.rejects(r_node, value):
            continue  # refused without format assertion too: not the format's witness
        separating.append(value)
        if len(separating) >= MAX_LOCAL:
            break
    wholes = 0
    for _, _, root, other, steps in places:
        for value in separating[:PER_PLACE]:
            found = _whole(accept, reject, root, other, steps, value)
            plain = None if unasserted is None else unasserted.accepts
            if found is not None and for_the_format(plain, other.schema, found, readings):
                return found
            wholes += 1
            if wholes >= MAX_WHOLES:
                return None
    return None


def _property(finding: Finding) -> str | None:
    """The property a property rule's finding is about (its location on the side that has
    it: ``…/properties/max_score``), else None."""
    if schema_aspect(finding.rule) is not None:
        return None
    for where in (finding.base, finding.revision):
        if where is not None:
            tokens = decode_pointer(where.pointer)
            if len(tokens) >= 2 and tokens[-2] == "properties":
                return tokens[-1]
    return None


def _fresh(model: SpecModel, node: Node | None) -> Node | None:
    if node is None:
        return None
    return model.document.node_at(node.file, node.pointer)


def _whole(
    accept: Instances,
    reject: Instances,
    root: Root,
    other: Root,
    steps: list[tuple[str, str | int | None]],
    value: Any,
) -> tuple[Any, str, str | None] | None:
    if root.text:
        # a parameter's value is the text itself: a way down through variants and members
        # (``oneOf``, ``allOf``) wraps nothing around it, a property or an item would
        if any(keyword not in _LIST_SCHEMAS - {"prefixItems"} for keyword, _ in steps):
            return None
        if not is_scalar(value):
            return None
        text = as_text(value)
        if text is None or not accept.accepts(root.schema, value):
            return None
        if all(reject.rejects(other.schema, reading) for reading in readings(text)):
            return value, root.where, text
        return None
    whole = embed(accept, root.schema, steps, value)
    if not accept.accepts(root.schema, whole):
        return None
    if reject.rejects(other.schema, whole):
        return whole, root.where, None
    fixed = spoiled_whole(accept, root.schema, reject, other.schema, steps, whole)
    return None if fixed is None else (fixed, root.where, None)
