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

    Asked lazily, only of the operations and schemas that changed: a node reaches an
    annotation when its own serialisation mentions a lifecycle key, or when a node its
    references reach does. Each question is a walk over the reference graph from that
    node, on scans the document keeps (:class:`~oasgate.loading.refscan.SubtreeScanner`); a
    walk that finds nothing proves every node it visited reaches nothing either, so later
    walks stop there. On a large spec with a handful of ``deprecated: true`` nearly
    every schema is skipped this way without being looked at twice.
    """

    def __init__(self, document: Document) -> None:
        self._document = document
        self._reaches: dict[int, bool] = {}  # by id of the node's value (kept alive by it)

    def reaches(self, node: Node) -> bool:
        known = self._reaches.get(id(node.value))
        if known is not None:
            return known
        scan = self._document.subtrees.scan
        visited: list[Any] = []
        seen: set[int] = {id(node.value)}
        stack: list[tuple[Any, str]] = [(node.value, node.file)]
        while stack:
            value, file = stack.pop()
            visited.append(value)
            found = scan(value)
            if found.mentions_lifecycle or self._reaches.get(id(value)):
                self._reaches[id(node.value)] = True
                return True
            for ref in found.refs:
                try:
                    target = self._document.ref_target(ref, file, ())
                except OasgateError:
                    continue
                marker = id(target.value)
                if marker not in seen and self._reaches.get(marker) is not False:
                    seen.add(marker)
                    stack.append((target.value, target.file))
        for value in visited:  # everything this walk saw reaches nothing
            self._reaches[id(value)] = False
        return False


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
