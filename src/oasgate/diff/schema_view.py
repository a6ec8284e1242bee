"""What a schema means, read the same way whatever form it was written in.

The comparer asks questions of a schema — its types, is null allowed, its
bounds, its patterns — and the answers must not depend on how the author spelt
them: ``allOf`` members are merged into their owner, OpenAPI 3.0's boolean
``exclusiveMaximum`` and 3.1's numeric one become the same bound, ``nullable:
true`` and a ``"null"`` in a type list are the same thing, a schema with
``properties`` and no ``type`` is an object. A :class:`SchemaView` answers for
one resolved schema node; it is cheap to build (a short list of source dicts)
and computes nothing it is not asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Decimal, InvalidOperation, localcontext
from typing import Any

from oasgate.errors import OasgateError
from oasgate.loading.canonical import dump, dump_value
from oasgate.loading.document import Document, Node

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

#: Keywords a schema may carry next to ``oneOf``/``anyOf``/``allOf`` and still be a plain
#: wrapper around its members.
_WRAPPER_EXTRAS = ANNOTATIONS | {"nullable", "discriminator", "type", "readOnly", "writeOnly"}

COMPOSITIONS = ("oneOf", "anyOf")


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def is_extension(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("x-")


class Resolver:
    """A document's ``deref`` with a cache: the comparer asks for the same references many
    times (every variant, every property flag), and each fresh resolution decodes a pointer."""

    __slots__ = ("_cache", "document")

    def __init__(self, document: Document) -> None:
        self.document = document
        self._cache: dict[tuple[str, tuple[Any, ...]], Node] = {}

    @property
    def root(self) -> Node:
        return self.document.root

    def deref(self, node: Node) -> Node:
        value = node.value
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return node
        key = (node.file, node.pointer)
        found = self._cache.get(key)
        if found is None:
            found = self.document.deref(node)
            self._cache[key] = found
        return found


def schema_name(node: Node) -> str | None:
    """The component name of a resolved schema (``Pet`` for ``#/components/schemas/Pet``)."""
    pointer = node.pointer
    if len(pointer) >= 2 and pointer[-2] in ("schemas", "definitions", "$defs"):
        return str(pointer[-1])
    if not pointer:
        name = node.file.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0]
    return None


def component_name(node: Node) -> str:
    """A name for a resolved schema in messages: its key, or its file's stem."""
    if node.pointer:
        return str(node.pointer[-1])
    name = node.file.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def identity(document: Resolver, node: Node) -> tuple[str, tuple[Any, ...]]:
    """Which schema a resolved node is, comparable between the base and the revision: a
    component by its name (``#/definitions/Pet`` in Swagger 2.0 is ``#/components/schemas/Pet``
    in 3.x), anything else by where it is written — its file named from the root document
    (:meth:`~oasgate.loading.document.Document.spec_path`), so that two sides in different
    directories under one reference root name their components alike."""
    file = document.document.spec_path(node.file)
    name = schema_name(node)
    return (file, ("#", name)) if name is not None else (file, node.pointer)


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


@dataclass(frozen=True)
class Bound:
    """One end of a range. ``exclusive`` bounds exclude ``value`` itself."""

    value: Decimal
    exclusive: bool = False

    def __str__(self) -> str:
        text = _show_decimal(self.value)
        return f"{text} (exclusive)" if self.exclusive else text


def _show_decimal(value: Decimal) -> str:
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
_EXCLUSIVE = {"maximum": "exclusiveMaximum", "minimum": "exclusiveMinimum"}


def stated_bound(value: dict[str, Any], limit: str) -> Bound | None:
    """The tightest bound one schema object states on one side (``limit``: ``maximum`` or
    ``minimum``), whichever version spelt it: 3.0's ``minimum: n`` with a boolean
    ``exclusiveMinimum``, 3.1's numeric ``exclusiveMinimum: n``, or both."""
    inclusive = number(value.get(limit))
    exclusive = value.get(_EXCLUSIVE[limit])
    candidates = []
    if inclusive is not None:
        candidates.append(Bound(inclusive, exclusive is True))
    exclusive_number = number(exclusive)
    if exclusive_number is not None:
        candidates.append(Bound(exclusive_number, True))
    tighter = tighter_upper if limit == "maximum" else tighter_lower
    return _tightest(candidates, tighter)


def _tightest(
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


class SchemaView:
    """One resolved schema with the members of its ``allOf`` merged in."""

    __slots__ = ("_keys", "_types", "_variants", "document", "node", "sources")

    def __init__(self, document: Resolver, node: Node) -> None:
        self.document = document
        self.node = node
        self.sources: list[Node] = _merged_sources(document, node)
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
        return _tightest((stated_bound(s.value, "maximum") for s in self.sources), tighter_upper)

    def lower(self) -> Bound | None:
        return _tightest((stated_bound(s.value, "minimum") for s in self.sources), tighter_lower)

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
                    found.setdefault(str(name), []).append(props.child(name))
        properties: dict[str, Node] = {}
        for name, nodes in found.items():
            merged = merge_declarations(nodes)
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


def _intersect(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    result = set(a & b)
    # integer is a number: {number} ∩ {integer} is {integer}
    if "integer" in a and "number" in b:
        result.add("integer")
    if "integer" in b and "number" in a:
        result.add("integer")
    return frozenset(result)


@dataclass(frozen=True)
class MergedNode(Node):
    """Several declarations of one property (in different ``allOf`` members, perhaps in
    different files) seen as one schema: its value is their ``allOf``, its sources are
    the declarations themselves, each where it is written (for positions, and for the
    references in it, which the comparer reads part by part)."""

    parts: list[Node] = field(default_factory=list, compare=False, hash=False)


def merge_declarations(nodes: list[Node]) -> Node | None:
    """Several declarations of one subschema (in different ``allOf`` members) as one: their
    ``allOf``. Declarations that admit everything (``true``, ``{}``) add nothing; identical
    ones count once — also when they are only spelt differently (``allOf: [A, B]`` and
    ``allOf: [B, A]``; see :func:`normal_form`); ``false`` admits nothing whatever the
    others say.

    Nothing here may depend on the order of the ``allOf`` members the declarations come
    from (issue 13). The declarations are kept in the order they are written in the
    documents — by file and pointer, a position in an ``allOf`` list aside (the one thing
    a reordering changes), then by content — and of copies of one declaration the first
    so written stands for all. The merged node sits where its first declaration does, and
    changes found inside it are keyed by that position: were it the first *member's*,
    reordering the members would move it, and a change reached through the property both
    directly and through the merge would split in two."""
    candidates = []
    for node in nodes:
        value = node.value
        if value is False:
            return node
        if value is True or value == {}:
            continue
        candidates.append(node)
    if not candidates:
        return nodes[0] if nodes else None
    if len(candidates) == 1:
        return candidates[0]
    written = sorted(
        ((_where_written(node), normal_text(node.value), node) for node in candidates),
        key=lambda entry: entry[:2],
    )
    kept: list[Node] = []
    seen: set[bytes] = set()
    for _, spelling, node in written:
        if spelling not in seen:
            seen.add(spelling)
            kept.append(node)
    first = kept[0]
    if len(kept) == 1 or any(not isinstance(node.value, dict) for node in kept):
        return first
    return MergedNode({"allOf": [node.value for node in kept]}, first.file, first.pointer, kept)


def _where_written(node: Node) -> tuple[str, tuple[str, ...]]:
    """Where a node is written, but for its positions in ``allOf`` lists."""
    tokens = [str(token) for token in node.pointer]
    for index in range(1, len(tokens)):
        if tokens[index - 1] == "allOf":
            tokens[index] = ""
    return node.file, tuple(tokens)


#: Lists whose order means nothing in a schema.
_ORDERLESS_KEYS = frozenset({"allOf", "oneOf", "anyOf", "enum", "required", "type"})
#: Where a schema holds subschemas: one, a list, or a map of names to schemas.
_SUBSCHEMA_KEYS = frozenset(
    {
        "items",
        "additionalItems",
        "additionalProperties",
        "unevaluatedItems",
        "unevaluatedProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "contentSchema",
    }
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "oneOf", "anyOf", "prefixItems"})
_SUBSCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}
)
#: What a one-member ``allOf``/``anyOf``/``oneOf`` may say beside its member and still be
#: the member itself (plus null, when it says ``nullable``): what 3.1 keeps on the outside
#: when it restates a 3.0 ``nullable: true`` as ``anyOf: [X, {type: 'null'}]``.
_BESIDE_ONE_MEMBER = ANNOTATIONS | {"nullable", "readOnly", "writeOnly", "default"}


def normal_form(value: Any) -> Any:
    """One spelling for every way of writing a schema the comparer reads as one: the
    value to compare when "the same schema, whatever the text" is the question (is a
    write-only property changed, are two declarations one, are two variants one).

    Lists whose order means nothing are sorted; null is allowed the way
    :func:`declared_types` and :func:`is_null_schema` read it (``nullable: true``, a
    ``'null'`` in the type list, a ``{type: 'null'}`` variant — and null in the enum of a
    nullable schema says nothing more, as the enum comparison has it); a bound is read as
    :func:`stated_bound` reads it (a boolean ``exclusiveMinimum`` beside ``minimum: n``, or
    ``exclusiveMinimum: n``); ``example`` is ``examples: [example]``; and a one-member
    ``allOf``/``anyOf``/``oneOf`` with nothing but annotations beside it is that member. So
    a 3.0 schema and its 3.1 restatement have one normal form. Free data (enum values,
    examples, defaults) is left as written; ``$ref``s are compared as text."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for key, item in value.items():
        if key in _SUBSCHEMA_LISTS and isinstance(item, list):
            item = [normal_form(member) for member in item]
        elif key in _SUBSCHEMA_MAPS and isinstance(item, dict):
            item = {name: normal_form(schema) for name, schema in item.items()}
        elif key in _SUBSCHEMA_KEYS:
            item = [normal_form(s) for s in item] if isinstance(item, list) else normal_form(item)
        if key in _ORDERLESS_KEYS and isinstance(item, list):
            item = sorted(item, key=_text)
        out[key] = item
    return _respelt(out)


def normal_text(value: Any) -> bytes:
    """:func:`normal_form` as canonical bytes: equal for two spellings of one schema (and,
    unlike ``==`` on the values, never for ``true`` and ``1``)."""
    return _text(normal_form(value))


class _Overgrown(Exception):
    """An expansion past its budget of nodes."""


def expanded_text(document: Resolver, node: Node, budget: int = 4_000) -> bytes | None:
    """:func:`normal_text` of a schema with every ``$ref`` in it replaced by its target: equal
    for a schema and a copy of it whose parts were extracted into components (or inlined).

    A reference back into a schema being expanded stays a reference (to the target's
    identity), so recursive schemas end; past ``budget`` nodes, or at a reference that does
    not resolve, the answer is ``None`` (no claim), so the cost stays bounded whatever the
    document."""
    visited = 0

    def expand(current: Node, stack: frozenset[tuple[str, tuple[Any, ...]]]) -> Any:
        nonlocal visited
        visited += 1
        if visited > budget:
            raise _Overgrown
        value = current.value
        if isinstance(value, list):
            return [expand(current.child(index), stack) for index in range(len(value))]
        if not isinstance(value, dict):
            return value
        if is_ref(value):
            target = document.deref(current)
            ident = identity(document, target)
            if ident in stack:
                return {"$ref": repr(ident)}
            inner = expand(target, stack | {ident})
            siblings = {key: expand(current.child(key), stack) for key in value if key != "$ref"}
            return {"allOf": [inner], **siblings} if siblings else inner
        return {key: expand(current.child(key), stack) for key in value}

    try:
        return normal_text(expand(node, frozenset()))
    except (_Overgrown, OasgateError, RecursionError):
        return None


def _text(value: Any) -> bytes:
    return dump_value(value, sort_keys=True)


def _respelt(schema: dict[Any, Any]) -> dict[Any, Any]:
    """:func:`normal_form` of one schema object whose subschemas are in normal form."""
    if "example" in schema and "examples" not in schema:
        schema["examples"] = [schema.pop("example")]
    for limit, exclusive in _EXCLUSIVE.items():
        bound = stated_bound(schema, limit)
        for key in (limit, exclusive):
            if isinstance(schema.get(key), (bool, int, float)):
                del schema[key]
        if bound is not None:
            schema[exclusive if bound.exclusive else limit] = _show_decimal(bound.value)
    for keyword in COMPOSITIONS:
        members = schema.get(keyword)
        if isinstance(members, list) and any(is_null_schema(m) for m in members):
            kept = [m for m in members if not is_null_schema(m)]
            if kept:
                schema[keyword] = kept
                schema["nullable"] = True
    member = _only_member(schema)
    if member is not None:
        return _respelt(member)
    types, nullable = declared_types(schema)
    schema.pop("nullable", None)
    schema.pop("x-nullable", None)
    if isinstance(schema.get("type"), (str, list)):
        schema["type"] = sorted(types or ()) + (["null"] if nullable else [])
    elif nullable:
        schema["nullable"] = True
    if nullable and isinstance(schema.get("enum"), list):
        schema["enum"] = [v for v in schema["enum"] if v is not None]
    return schema


def _only_member(schema: dict[Any, Any]) -> dict[Any, Any] | None:
    """The one member of a composition with nothing but annotations beside it, with those
    annotations moved into it (``None`` when that would say something else)."""
    keywords = [k for k in _COMPOSE_ALL if k in schema]
    if len(keywords) != 1:
        return None
    members = schema[keywords[0]]
    if not (isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict)):
        return None
    beside = {k: v for k, v in schema.items() if k != keywords[0]}
    if not all(k in _BESIDE_ONE_MEMBER or is_extension(k) for k in beside):
        return None
    member: dict[Any, Any] = dict(members[0])
    if any(k in member and _text(member[k]) != _text(v) for k, v in beside.items()):
        return None
    return {**member, **beside}


def _merged_sources(document: Resolver, node: Node) -> list[Node]:
    value = node.value
    if isinstance(node, MergedNode):
        pending = [document.deref(part) for part in node.parts]
        sources: list[Node] = []
    elif not isinstance(value, dict) or "allOf" not in value:
        return [node]
    else:
        sources = []
        pending = [node]
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    while pending:
        current = pending.pop(0)
        marker = (current.file, current.pointer)
        if marker in seen or not isinstance(current.value, dict):
            continue
        seen.add(marker)
        sources.append(current)
        members = current.get("allOf")
        if members is not None and isinstance(members.value, list):
            pending.extend(
                document.deref(members.child(index)) for index in range(len(members.value))
            )
    return sources


def trivial_member(view: SchemaView) -> tuple[Node, bool] | None:
    """The one real member of a wrapper like ``{oneOf: [X, {type: 'null'}]}`` or
    ``{allOf: [X], nullable: true}``, with whether the wrapper allows null; ``None`` when
    the schema is not such a wrapper."""
    value = view.value
    keywords = [k for k in _COMPOSE_ALL if isinstance(value.get(k), list)]
    if len(keywords) != 1:
        return None
    keyword = keywords[0]
    if any(k != keyword and k not in _WRAPPER_EXTRAS and not is_extension(k) for k in value):
        return None
    if "discriminator" in value:
        return None
    if keyword == "allOf":
        owner = view.node.get(keyword)
        assert owner is not None
        if len(value[keyword]) != 1:
            return None
        real = [owner.child(0)]
    else:
        real = view.variants(keyword) or []
        if len(real) != 1:
            return None
    member = view.document.deref(real[0]).value
    if "type" in value and not (isinstance(member, dict) and member.get("type") == value["type"]):
        return None  # the wrapper's own type says something the member does not
    return real[0], view.has_null_variant() or value.get("nullable") is True


_COMPOSE_ALL = ("allOf", "oneOf", "anyOf")


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
