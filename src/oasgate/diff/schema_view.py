"""What a schema means, read the same way whatever form it was written in.

The comparer asks questions of a schema — its types, is null allowed, its
bounds, its patterns — and the answers must not depend on how the author spelt
them: ``allOf`` members are merged into their owner (:mod:`oasgate.diff.all_of_merge`),
OpenAPI 3.0's boolean ``exclusiveMaximum`` and 3.1's numeric one become the same bound,
``nullable: true`` and a ``"null"`` in a type list are the same thing, a schema with
``properties`` and no ``type`` is an object (:mod:`oasgate.diff.schema_reading`). A
:class:`SchemaView` answers for one resolved schema node; it is cheap to build (a short
list of source dicts) and computes nothing it is not asked for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from oasgate.diff.all_of_merge import MergedNode, merge_declarations, merged_sources
from oasgate.diff.references import Resolver, is_ref
from oasgate.diff.schema_reading import (
    ANNOTATIONS,
    COMPOSE_ALL,
    COMPOSITIONS,
    Bound,
    declared_types,
    is_extension,
    is_null_schema,
    number,
    stated_bound,
    tighter_lower,
    tighter_upper,
    tightest,
)
from oasgate.loading.canonical import dump
from oasgate.loading.document import Node

#: Keywords a schema may carry next to ``oneOf``/``anyOf``/``allOf`` and still be a plain
#: wrapper around its members.
_WRAPPER_EXTRAS = ANNOTATIONS | {"nullable", "discriminator", "type", "readOnly", "writeOnly"}


class SchemaView:
    """One resolved schema with the members of its ``allOf`` merged in."""

    __slots__ = ("_keys", "_types", "_variants", "document", "node", "sources")

    def __init__(self, document: Resolver, node: Node) -> None:
        self.document = document
        self.node = node
        self.sources: list[Node] = merged_sources(document, node)
        self._keys: frozenset[str] | None = None
        self._types: tuple[frozenset[str] | None, bool] | None = None
        self._variants: dict[tuple[str, tuple[Any, ...]], list[Node]] = {}

    @property
    def value(self) -> dict[str, Any]:
        value: dict[str, Any] = self.node.value
        return value

    def keywords(self) -> frozenset[str]:
        """Every keyword used by the schema or its ``allOf`` members."""
        if self._keys is None:
            if len(self.sources) == 1:
                self._keys = frozenset(k for k in self.value if isinstance(k, str))
            else:
                self._keys = frozenset(
                    k for source in self.sources for k in source.value if isinstance(k, str)
                )
        return self._keys

    def first(self, key: str) -> Node | None:
        """The keyword's node in the owner, else in the first ``allOf`` member that has it."""
        for source in self.sources:
            if key in source.value:
                return source.child(key)
        return None

    def owner_of(self, *keys: str) -> Node:
        """Where the keywords are written: the owner or the ``allOf`` member that has one
        (so a finding about a limit points at the limit), else the schema itself."""
        for source in self.sources:
            if any(key in source.value for key in keys):
                return source
        return self.node

    def get(self, key: str) -> Any:
        found = self.first(key)
        return None if found is None else found.value

    def discriminator(self) -> dict[str, Any] | None:
        """The schema's discriminator: its own, else those its ``allOf`` members declare,
        taken together whatever their order (D99) — Microsoft Graph's intermediate schemas
        are ``allOf: [{$ref: entity}, {discriminator: …}]`` and ``entity`` declares one
        too. Together: each mapped value once (the smallest target where two declarations
        disagree), the smallest ``propertyName`` and ``defaultMapping`` where they do."""
        own = self.value.get("discriminator")
        if isinstance(own, dict):
            return own
        declared = [
            node.value for node in self.all("discriminator") if isinstance(node.value, dict)
        ]
        if len(declared) <= 1:
            return declared[0] if declared else None
        mapping: dict[str, Any] = {}
        for one in declared:
            written = one.get("mapping")
            if isinstance(written, dict):
                for value, target in written.items():
                    known = mapping.get(value)
                    if known is None or str(target) < str(known):
                        mapping[value] = target
        together: dict[str, Any] = {"mapping": dict(sorted(mapping.items(), key=_by_text))}
        for key in ("propertyName", "defaultMapping"):
            values = [one[key] for one in declared if one.get(key) is not None]
            if values:
                together[key] = min(values, key=str)
        return together

    def flag(self, key: str) -> bool:
        return any(source.value.get(key) is True for source in self.sources)

    def all(self, key: str) -> list[Node]:
        return [source.child(key) for source in self.sources if key in source.value]

    def merged(self, key: str) -> Node | None:
        """A subschema keyword (``items``, ``additionalProperties``, ``contains``…) with
        ``allOf`` semantics: declared by several members, it is the intersection of the
        declarations, whichever member comes first."""
        return merge_declarations(self.all(key))

    def enum(self, keyword: str = "enum") -> list[Any] | None:
        """The values every ``allOf`` member's ``enum`` admits (``None``: no enum). The order
        is the first declaration's, so that messages do not depend on member order."""
        declared = [node.value for node in self.all(keyword) if isinstance(node.value, list)]
        if not declared:
            return None
        if len(declared) == 1:
            return list(declared[0])
        common = set.intersection(
            *({dump(v, sort_keys=True) for v in values} for values in declared)
        )
        return [v for v in declared[0] if dump(v, sort_keys=True) in common]

    # -- types --------------------------------------------------------------------------------

    def types(self) -> tuple[frozenset[str] | None, bool]:
        """Declared types (intersection over ``allOf``) and whether null is allowed."""
        if self._types is None:
            self._types = self._compute_types()
        return self._types

    def _compute_types(self) -> tuple[frozenset[str] | None, bool]:
        types: frozenset[str] | None = None
        owner_nullable: bool | None = None
        member_nullable: list[bool] = []
        # several declarations of one property have no owner: each is a member
        owner_index = -1 if isinstance(self.node, MergedNode) else 0
        for index, source in enumerate(self.sources):
            value = source.value
            declared, source_nullable = declared_types(value)
            if declared is not None:
                types = declared if types is None else _intersect(types, declared)
            if "type" in value or "nullable" in value or "x-nullable" in value:
                if index == owner_index:
                    owner_nullable = source_nullable
                else:
                    member_nullable.append(source_nullable)
        if owner_nullable is None:
            # the owner says nothing: null passes only if every member that speaks allows it
            owner_nullable = bool(member_nullable) and all(member_nullable)
        return types, owner_nullable or self.has_null_variant()

    def has_null_variant(self) -> bool:
        for keyword in COMPOSITIONS:
            members = self.value.get(keyword)
            if isinstance(members, list) and any(
                is_null_schema(self.document.deref(Node(m, self.node.file, ())).value)
                if is_ref(m)
                else is_null_schema(m)
                for m in members
            ):
                return True
        return False

    def compositions(self, keyword: str) -> list[Node]:
        """Every ``oneOf``/``anyOf`` list of the schema and of its ``allOf`` members. A value
        must satisfy each of them: they are a conjunction, and no one of them stands for the
        others (which one comes first is only the order the members were written in)."""
        return [node for node in self.all(keyword) if isinstance(node.value, list)]

    def variants(self, keyword: str) -> list[Node] | None:
        """The non-null members of the schema's one ``oneOf``/``anyOf``, if it has exactly
        one (its own, or a single ``allOf`` member's); several are read one by one with
        :meth:`compositions` and :meth:`variants_of`."""
        found = self.compositions(keyword)
        return self.variants_of(found[0]) if len(found) == 1 else None

    def variants_of(self, composition: Node) -> list[Node]:
        """The non-null members of one ``oneOf``/``anyOf`` list (unresolved nodes).

        Members that only fix one value (``{type: string, const: a}``, the way 3.1 specs
        document each enum value) are gathered per type into one synthetic
        ``{type: string, enum: [...]}`` member: that is what they mean together.
        """
        key = (composition.file, composition.pointer)
        cached = self._variants.get(key)
        if cached is not None:
            return cached
        found = composition
        members: list[Node] = []
        constants: dict[str, tuple[int, Any, list[Any]]] = {}
        for index in range(len(found.value)):
            member = found.child(index)
            resolved = self.document.deref(member).value
            if is_null_schema(resolved):
                continue
            fixed = _fixed_value(resolved)
            if fixed is not None:
                declared = resolved.get("type")
                group = constants.setdefault(repr(declared), (len(members), declared, []))
                group[2].append(fixed[0])
                if len(group[2]) == 1:
                    members.append(member)
                continue
            members.append(member)
        for position, declared, values in constants.values():
            if len(values) > 1:
                synthetic: dict[str, Any] = {"enum": values}
                if declared is not None:
                    synthetic["type"] = declared
                members[position] = Node(synthetic, found.file, found.pointer)
        self._variants[key] = members
        return members

    def variant_types(self, keyword: str) -> tuple[frozenset[str] | None, bool] | None:
        """The types the ``keyword`` compositions admit: per composition the union of its
        variants' types (``None`` if a variant allows any type), and across the
        compositions of several ``allOf`` members the intersection (a value satisfies
        them all)."""
        compositions = self.compositions(keyword)
        if not compositions:
            return None
        admitted: frozenset[str] | None = None
        for composition in compositions:
            union = self._union_of_types(composition)
            if union is not None:
                admitted = union if admitted is None else _intersect(admitted, union)
        return admitted, self.has_null_variant()

    def _union_of_types(self, composition: Node) -> frozenset[str] | None:
        union: set[str] = set()
        for member in self.variants_of(composition):
            types, _ = SchemaView(self.document, self.document.deref(member)).types()
            if types is None:
                return None
            union |= types
        return frozenset(union) if union else None

    def is_wrapper(self, keyword: str) -> bool:
        """True when the schema is nothing but a ``keyword`` list (plus annotations)."""
        return all(
            key == keyword or key in _WRAPPER_EXTRAS or is_extension(key) for key in self.value
        )

    # -- bounds -------------------------------------------------------------------------------

    def upper(self) -> Bound | None:
        """The numeric upper bound: ``maximum``/``exclusiveMaximum`` in either version's form."""
        return tightest((stated_bound(s.value, "maximum") for s in self.sources), tighter_upper)

    def lower(self) -> Bound | None:
        return tightest((stated_bound(s.value, "minimum") for s in self.sources), tighter_lower)

    def count_upper(self, key: str) -> Bound | None:
        """``maxLength``, ``maxItems``... (the tightest over ``allOf``; ``None`` = no limit)."""
        best: Bound | None = None
        for source in self.sources:
            value = number(source.value.get(key))
            if value is not None and (best is None or value < best.value):
                best = Bound(value)
        return best

    def count_lower(self, key: str) -> Bound | None:
        """``minLength``, ``minItems``... (the tightest over ``allOf``; ``None`` = absent, which
        means the neutral value in :data:`COUNT_LOWER_DEFAULTS`)."""
        best: Decimal | None = None
        for source in self.sources:
            value = number(source.value.get(key))
            if value is not None and (best is None or value > best):
                best = value
        return None if best is None else Bound(best)

    def patterns(self) -> list[str]:
        found: list[str] = []
        for source in self.sources:
            pattern = source.value.get("pattern")
            if isinstance(pattern, str) and pattern not in found:
                found.append(pattern)
        return found

    def multiple_of(self) -> Decimal | None:
        for source in self.sources:
            value = number(source.value.get("multipleOf"))
            if value is not None and value > 0 and value.is_finite():
                return value
        return None

    # -- objects ------------------------------------------------------------------------------

    def properties(self) -> dict[str, Node]:
        """Property schemas; a property declared by several ``allOf`` members (one gives the
        type, another a limit) is the ``allOf`` of its declarations."""
        found: dict[str, list[Node]] = {}
        for source in self.sources:
            props = source.get("properties")
            if props is not None and isinstance(props.value, dict):
                for name in props.value:
                    # through ``child``: a Swagger 2.0 form's fields stand elsewhere (_FormSchema)
                    found.setdefault(str(name), []).append(props.child(name))
        properties: dict[str, Node] = {}
        for name, nodes in found.items():
            # a property declared once is its declaration (what merge_declarations answers
            # for one node), the rule on every comparison of a changed object
            merged = nodes[0] if len(nodes) == 1 else merge_declarations(nodes)
            assert merged is not None
            properties[name] = merged
        return properties

    def required(self) -> set[str]:
        required: set[str] = set()
        for source in self.sources:
            names = source.value.get("required")
            if isinstance(names, list):
                required.update(str(n) for n in names)
        return required

    def all_of_members(self) -> list[Node]:
        """The members of the schema's ``allOf``, as written (unresolved).

        Several declarations of one property (a :class:`MergedNode`) are the ``allOf`` of
        the declarations, but that ``allOf`` is nobody's writing: the members are those of
        the declarations themselves. A property Box writes ``allOf: [{$ref: User--Base},
        {description: …}]`` keeps ``User--Base`` as a member whether one ``allOf`` member
        of its owner declares it or two do (with two descriptions, or two orders)."""
        if isinstance(self.node, MergedNode):
            return [
                member
                for part in self.node.parts
                for member in _own_all_of_members(self.document.deref(part))
            ]
        return _own_all_of_members(self.node)


def _own_all_of_members(node: Node) -> list[Node]:
    members = node.value.get("allOf") if isinstance(node.value, dict) else None
    if not isinstance(members, list):
        return []
    owner = node.get("allOf")
    assert owner is not None
    return [owner.child(index) for index in range(len(members))]


def _by_text(item: tuple[Any, Any]) -> str:
    return str(item[0])


def _intersect(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    result = set(a & b)
    # integer is a number: {number} ∩ {integer} is {integer}
    if "integer" in a and "number" in b:
        result.add("integer")
    if "integer" in b and "number" in a:
        result.add("integer")
    return frozenset(result)


def trivial_member(view: SchemaView) -> tuple[Node, bool] | None:
    """The one real member of a wrapper like ``{oneOf: [X, {type: 'null'}]}``, ``{allOf:
    [X], nullable: true, default: null}`` or ``{allOf: [X, {description: …}]}`` (an
    ``allOf`` member that only describes constrains nothing: AWS writes each property that
    refers to a component so, D98), with whether the wrapper allows null; ``None`` when the
    schema is not such a wrapper."""
    value = view.value
    keywords = [k for k in COMPOSE_ALL if isinstance(value.get(k), list)]
    if len(keywords) != 1:
        return None
    keyword = keywords[0]
    if any(
        k != keyword and k not in _WRAPPER_EXTRAS and k != "default" and not is_extension(k)
        for k in value
    ):
        return None  # a default beside it is the wrapper's to say (``unwrap``)
    if "discriminator" in value:
        return None
    if keyword == "allOf":
        owner = view.node.get(keyword)
        assert owner is not None
        members = value[keyword]
        real = [owner.child(i) for i, member in enumerate(members) if not _describes(member)]
        if len(real) != 1:
            return None
    else:
        real = view.variants(keyword) or []
        if len(real) != 1:
            return None
    member = view.document.deref(real[0]).value
    if "type" in value and not (isinstance(member, dict) and member.get("type") == value["type"]):
        return None  # the wrapper's own type says something the member does not
    return real[0], view.has_null_variant() or value.get("nullable") is True


class Unwrapped(NamedTuple):
    """What a chain of wrappers around one schema says (:func:`unwrap`)."""

    #: the schema wrapped, as written (a ``$ref`` or the innermost inline schema)
    member: Node
    #: whether a wrapper on the way allows null
    nullable: bool
    #: the outermost wrapper that states a ``default`` (it is the property's), if any
    default_owner: Node | None


def unwrap(view: SchemaView) -> Unwrapped | None:
    """The schema a wrapper wraps (:func:`trivial_member`), through every inline wrapper
    inside it: 3.1 restates 3.0's ``{allOf: [X], nullable: true}`` as ``{anyOf: [{allOf:
    [X]}, {type: 'null'}]}``, a wrapper in a wrapper, and both must reach X itself. Stops at
    a reference (a wrapper component is a component of its own). ``None`` when the schema
    is not a wrapper."""
    found = trivial_member(view)
    if found is None:
        return None
    member, nullable = found
    owner = view.node if "default" in view.value else None
    while not is_ref(member.value) and isinstance(member.value, dict):
        inner = trivial_member(SchemaView(view.document, member))
        if inner is None:
            break
        if owner is None and "default" in member.value:
            owner = member
        member, nullable = inner[0], nullable or inner[1]
    return Unwrapped(member, nullable, owner)


#: what an ``allOf`` member may say and still only describe (not ``$id``, ``$anchor``,
#: ``$schema``: they change how references resolve)
_DESCRIPTIONS = ANNOTATIONS - {"$id", "$anchor", "$schema"}


def _describes(member: Any) -> bool:
    """An ``allOf`` member that constrains nothing: annotations and extensions only."""
    return isinstance(member, dict) and all(
        key in _DESCRIPTIONS or is_extension(key) for key in member
    )


def _fixed_value(value: Any) -> tuple[Any] | None:
    """``(v,)`` when a schema admits exactly one value and says nothing else."""
    if not isinstance(value, dict):
        return None
    if any(
        k not in ("type", "const", "enum") and k not in ANNOTATIONS and not is_extension(k)
        for k in value
    ):
        return None
    if "const" in value and "enum" not in value:
        return (value["const"],)
    enum = value.get("enum")
    if "const" not in value and isinstance(enum, list) and len(enum) == 1:
        return (enum[0],)
    return None
