"""The elements whose lifecycle the policy judges, paired across the two documents.

The lifecycle policy (:mod:`oasgate.policy.deprecation`) compares what each element
says about its own lifecycle: the API version (``info``), every operation of the
revision with its counterpart (paths paired as the diff walk pairs them,
:func:`~oasgate.diff.paths.paired_path_items`), their parameters, and the properties of
their request and response bodies (``allOf`` merged as the diff reads a schema,
:class:`~oasgate.diff.schema_view.SchemaView`). It pairs nothing itself: it asks this
module, judges what it is handed, and leaves the diff's result alone.

What is skipped is decided here too, from facts about the documents: a part equal on
both sides (the diff's :class:`~oasgate.diff.equivalence.Equivalence` verdicts), a
subtree that can reach no lifecycle key (:class:`AnnotationIndex`), a document whose
bytes mention none. A schema shared by many operations is one :class:`SchemaPair`,
identified by its targets, so the policy judges it once per pair and side.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msgspec import Struct

from oasgate.diff.equivalence import Equivalence
from oasgate.diff.paths import paired_path_items
from oasgate.diff.references import Resolver, component_name
from oasgate.diff.schema_view import SchemaView
from oasgate.errors import OasgateError
from oasgate.loading.document import Document, Node
from oasgate.loading.refscan import LIFECYCLE_KEYS
from oasgate.model.objects import Operation, Parameter, Response
from oasgate.model.spec import SpecModel


class SchemaPair(Struct, frozen=True):
    """Two schemas (references followed) that hold properties to compare, on one side of
    the wire (``request`` or ``response``), reached at ``path`` (a property path from the
    body, restarted at the name of a referenced component)."""

    base: Node
    revision: Node
    side: str
    path: str
    #: the same pair however it is reached: its targets, side and path (the policy adds
    #: the lifecycle it is judged in)
    identity: tuple[Any, ...]


class PropertyPair(Struct, frozen=True):
    """A revision property with its base counterpart (``None`` when it is new)."""

    side: str
    #: the property path (``a.b``, ``items[]``-style ``a[].b``)
    path: str
    base: Node | None
    revision: Node


class LifecyclePairs:
    """The paired elements of ``base`` and ``revision``, handed out lazily (a large spec
    with a handful of annotations is mostly skipped without being looked at)."""

    def __init__(self, base: SpecModel, revision: SpecModel, equivalence: Equivalence) -> None:
        """``equivalence`` is the diff walk's: its verdicts on subtrees still hold."""
        self.base = base
        self.revision = revision
        self._equivalence = equivalence
        self._responses_memo: dict[tuple[int, str, str], dict[str, Response]] = {}
        self._base_index = AnnotationIndex(base.document)
        self._revision_index = AnnotationIndex(revision.document)
        self._base_schemas = Resolver(base.document)
        self._revision_schemas = Resolver(revision.document)
        #: element annotations below operations can only change where a document has any
        self.annotated = mentions_lifecycle(base.document) or mentions_lifecycle(revision.document)

    # -- the API version and the operations ---------------------------------------------

    def info(self) -> tuple[Node | None, Node | None]:
        return self.base.document.root.get("info"), self.revision.document.root.get("info")

    def operations(self) -> Iterator[tuple[Operation | None, Operation]]:
        """Every operation of the revision, in document order, with the base operation of
        the same method on the paired path (``None`` when there is none)."""
        base_keys, revision_keys = paired_path_items(
            self.base.all_path_items(), self.revision.all_path_items()
        )
        key_of = {path: key for key, (path, _) in revision_keys.items()}
        for path, item in self.revision.all_path_items():
            matched = base_keys.get(key_of[path])
            base_ops = self.base.operations(*matched) if matched else {}
            for method, revision_op in self.revision.operations(path, item).items():
                yield base_ops.get(method), revision_op

    def same_operation(self, base_op: Operation, revision_op: Operation) -> bool:
        """The operation objects are the same apart from documentation (C-speed equality,
        refs included)."""
        return self._equivalence.same_apart_from_docs(base_op.node, revision_op.node)

    def same_path_parameters(self, base_op: Operation, revision_op: Operation) -> bool:
        base_params = base_op.path_item.get("parameters")
        revision_params = revision_op.path_item.get("parameters")
        if base_params is None or revision_params is None:
            return base_params is None and revision_params is None
        return self._equivalence.same(base_params, revision_params)

    def may_hold_annotations(self, base_op: Operation, revision_op: Operation) -> bool:
        """Whether anything below the operation (or its path-level parameters) mentions a
        lifecycle key on either side, directly or through references."""
        for index, operation in ((self._base_index, base_op), (self._revision_index, revision_op)):
            if index.reaches(operation.node):
                return True
            params = operation.path_item.get("parameters")
            if params is not None and index.reaches(params):
                return True
        return False

    def base_responses(self, operation: Operation) -> dict[str, Response]:
        return self._responses(self.base, operation)

    def revision_responses(self, operation: Operation) -> dict[str, Response]:
        return self._responses(self.revision, operation)

    def _responses(self, model: SpecModel, operation: Operation) -> dict[str, Response]:
        key = (id(model), operation.path, operation.method)
        known = self._responses_memo.get(key)
        if known is None:
            known = self._responses_memo[key] = model.responses(operation)
        return known

    # -- parameters --------------------------------------------------------------------------

    def parameters(
        self, base_op: Operation, revision_op: Operation
    ) -> Iterator[tuple[Parameter | None, Parameter]]:
        """Every parameter of the revision operation (path level merged in) with its base
        counterpart, or nothing when no parameter list of either side can reach a
        lifecycle key."""
        if not self._parameters_may_annotate(base_op, revision_op):
            return
        old = self.base.parameters(base_op)
        for key, new in self.revision.parameters(revision_op).items():
            yield old.get(key), new

    def _parameters_may_annotate(self, base_op: Operation, revision_op: Operation) -> bool:
        for index, operation in ((self._base_index, base_op), (self._revision_index, revision_op)):
            for owner in (operation.node, operation.path_item):
                params = owner.get("parameters")
                if params is not None and index.reaches(params):
                    return True
        return False

    # -- schemas and their properties -----------------------------------------------------

    def body_schemas(self, base_op: Operation, revision_op: Operation) -> Iterator[SchemaPair]:
        """The schemas of the request body, then of each response, under a media type both
        sides have."""
        old_body = self.base.request_body(base_op)
        new_body = self.revision.request_body(revision_op)
        if old_body is not None and new_body is not None:
            for name, media in old_body.content.items():
                match = new_body.content.get(name)
                if match is not None and media.schema is not None and match.schema is not None:
                    pair = self.schema_pair(media.schema, match.schema, "request", "")
                    if pair is not None:
                        yield pair
        new_responses = self.revision_responses(revision_op)
        for status, response in self.base_responses(base_op).items():
            other = new_responses.get(status)
            if other is None:
                continue
            for name, media in response.content.items():
                match = other.content.get(name)
                if match is not None and media.schema is not None and match.schema is not None:
                    pair = self.schema_pair(media.schema, match.schema, "response", "")
                    if pair is not None:
                        yield pair

    def schema_pair(self, base: Node, revision: Node, side: str, path: str) -> SchemaPair | None:
        """The pair of two schemas, or ``None`` when nothing in them can have a different
        lifecycle: neither reaches a lifecycle key, or they are the same."""
        if not (self._base_index.reaches(base) or self._revision_index.reaches(revision)):
            return None
        if self._equivalence.same(base, revision):
            return None
        try:
            base_target = self.base.document.deref(base)
            revision_target = self.revision.document.deref(revision)
        except OasgateError:
            return None
        if _is_ref(revision.value) or _is_ref(base.value):
            # names restart at the component (its key, or its file's stem for a schema
            # file), as the diff's do: a schema reached from several operations through
            # differently named properties is one schema, and its changes one change each
            component = revision_target if _is_ref(revision.value) else base_target
            path = component_name(component)
        identity = (
            base_target.file,
            base_target.pointer,
            revision_target.file,
            revision_target.pointer,
            side,
            path,
        )
        return SchemaPair(base_target, revision_target, side, path, identity)

    def properties(self, pair: SchemaPair) -> Iterator[PropertyPair]:
        """Every property of the revision schema, with the base's of the same name."""
        if not isinstance(pair.base.value, dict) or not isinstance(pair.revision.value, dict):
            return
        old = dict(_properties(self._base_schemas, pair.base))
        for name, new in _properties(self._revision_schemas, pair.revision):
            path = f"{pair.path}.{name}" if pair.path else name
            yield PropertyPair(pair.side, path, old.get(name), new)

    def below(self, prop: PropertyPair) -> SchemaPair | None:
        """The pair of a property's own schemas, to walk its properties in turn."""
        if prop.base is None:
            return None
        return self.schema_pair(prop.base, prop.revision, prop.side, prop.path)

    def items(self, pair: SchemaPair) -> SchemaPair | None:
        """The pair of an array schema's ``items`` (path ``…[]``)."""
        if not isinstance(pair.base.value, dict) or not isinstance(pair.revision.value, dict):
            return None
        base_items = _items(self._base_schemas, pair.base)
        revision_items = _items(self._revision_schemas, pair.revision)
        if base_items is None or revision_items is None:
            return None
        return self.schema_pair(base_items, revision_items, pair.side, f"{pair.path}[]")


class AnnotationIndex:
    """Which nodes can hold a lifecycle annotation, themselves or through their ``$ref``s.

    A node reaches an annotation when its own serialisation mentions a lifecycle key, or
    when a node its references reach does. Asked lazily, only of the operations and
    schemas that changed, and answered from what earlier questions worked out: the first
    question from a node walks the reference graph from it once, finding its strongly
    connected parts (Tarjan's algorithm, without recursion), so that every node the walk
    met gets its exact answer — a schema in a cycle gets the cycle's — and no node of the
    document is walked from twice. On synth-8x, 10,194 of 10,301 questions find nothing;
    the walk before resolved each question's references again (66,742 resolutions, now
    36,259), and a walk that found an annotation left the nodes it passed through to be
    walked again by the next question (D88).

    Answers are kept by the identity of the node's value: the document's subtree scanner
    keeps every container it scanned alive, so an identity is never reused. A scalar
    holds no reference and no key: it reaches nothing, and no answer is kept for it.
    """

    def __init__(self, document: Document) -> None:
        self._document = document
        self._reaches: dict[int, bool] = {}  # by id of the node's value
        #: by the file references are written in: the reference texts answered, and those
        #: of them whose targets reach an annotation
        self._settled: dict[str, tuple[set[str], set[str]]] = {}

    def reaches(self, node: Node) -> bool:
        """The node's own scan, then its references, answered as two set operations in C
        once each reference is settled: a node asked about (an operation, a body schema)
        is seldom a reference target, and it has a handful of references that thousands
        of others share."""
        value = node.value
        known = self._reaches.get(id(value))
        if known is not None:
            return known
        found = self._document.subtrees.scan(value)
        if found.mentions_lifecycle or not found.refs:
            known = found.mentions_lifecycle
        else:
            settled, reaching = self._settled.setdefault(node.file, (set(), set()))
            if not settled.issuperset(found.refs):
                for ref in found.refs:
                    if ref not in settled:
                        if self._reference_reaches(ref, node.file):
                            reaching.add(ref)
                        settled.add(ref)
            known = not reaching.isdisjoint(found.refs)
        if isinstance(value, (dict, list)):  # kept alive by the scanner
            self._reaches[id(value)] = known
        return known

    def _reference_reaches(self, ref: str, file: str) -> bool:
        try:
            target = self._document.ref_target(ref, file, ())
        except OasgateError:
            return False
        if not isinstance(target.value, (dict, list)):
            return False
        known = self._reaches.get(id(target.value))
        return self._walk(target) if known is None else known

    def _walk(self, start: Node) -> bool:
        """Answers ``start`` (a container) and every node its references reach that no earlier walk
        answered: one pass, each node scanned and each reference followed once.

        It stops at the first node that reaches an annotation: every node still on
        Tarjan's stack then reaches it too (each reaches a node on the walk's path, and
        every node on the path reaches the current one), so all of them are answered
        ``True`` and the rest of the graph is left unscanned, as the walk before did."""
        answers = self._reaches
        scan = self._document.subtrees.scan
        order: dict[int, int] = {}  # the walk's visiting number, by id of the value
        low: dict[int, int] = {}  # the lowest number reachable within the walk's stack
        members: list[int] = []  # Tarjan's stack: visited nodes whose part is still open
        open_ids: set[int] = set()
        walk: list[tuple[int, str, Iterator[str]]] = []

        def visit(value: Any, file: str) -> bool:
            marker = id(value)
            order[marker] = low[marker] = len(order)
            members.append(marker)
            open_ids.add(marker)
            found = scan(value)
            walk.append((marker, file, iter(found.refs)))
            return found.mentions_lifecycle

        found = visit(start.value, start.file)
        while walk and not found:
            marker, file, refs = walk[-1]
            for ref in refs:
                try:
                    target = self._document.ref_target(ref, file, ())
                except OasgateError:
                    continue
                other = id(target.value)
                answered = answers.get(other)
                if answered:
                    found = True
                    break
                if answered is None:
                    if other not in order:
                        if not isinstance(target.value, (dict, list)):
                            continue  # a scalar reaches nothing
                        found = visit(target.value, target.file)
                        break
                    if other in open_ids:
                        low[marker] = min(low[marker], order[other])
            else:
                walk.pop()
                if low[marker] == order[marker]:  # the root of a strongly connected part:
                    while True:  # nothing in it reaches an annotation
                        member = members.pop()
                        open_ids.discard(member)
                        answers[member] = False
                        if member == marker:
                            break
                if walk:
                    parent = walk[-1][0]
                    low[parent] = min(low[parent], low[marker])
        for member in members:
            answers[member] = True
        return answers[id(start.value)]


def mentions_lifecycle(document: Document) -> bool:
    """Whether any loaded file of a document mentions a lifecycle key (a C-speed scan of
    the raw bytes)."""
    keys = tuple(key.encode() for key in LIFECYCLE_KEYS)
    return any(key in document.file_bytes(name) for name in document.file_keys() for key in keys)


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def _properties(document: Resolver, node: Node) -> Iterator[tuple[str, Node]]:
    """Properties of an object schema as the diff reads them: ``allOf`` members merged in,
    a property declared by several members the intersection of its declarations."""
    if not isinstance(node.value, dict):
        return
    try:
        yield from SchemaView(document, node).properties().items()
    except OasgateError:
        return


def _items(document: Resolver, node: Node) -> Node | None:
    if not isinstance(node.value, dict):
        return None
    try:
        return SchemaView(document, node).merged("items")
    except OasgateError:
        return None
