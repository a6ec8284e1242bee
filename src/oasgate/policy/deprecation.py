"""Deprecation and sunset: the changes that move a lifecycle, found by judging the
annotations of each element present on both sides.

The elements come paired from the diff (:class:`~oasgate.diff.lifecycle_pairs.LifecyclePairs`):
the API version (``info``), operations, parameters and schema properties. This module
resolves what each says about its own lifecycle (its own annotation, else what encloses
it: the path item, the document, the config's map), hands each pair to the transition
rules (:mod:`.transitions`) and, for a retiring operation, to the header check
(:mod:`.sunset_headers`), and returns what they found — lifecycle changes attributed to
operations like any other change — for the engine to report after the diff's. It never
writes into the diff's result.

Operations that are equal on both sides are skipped at C speed, and a schema shared by
many operations is judged once per pair, side and enclosing lifecycle: operations alike
share one walk, while a stable and a retiring operation each have the schema judged in
their own lifecycle (the first one walked must not decide for the other).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from oasgate.catalogue.ids import (
    ELEMENT_OPERATION,
    ELEMENT_REQUEST_PARAMETER,
    ELEMENT_REQUEST_PROPERTY,
    ELEMENT_RESPONSE_PROPERTY,
    ELEMENT_VERSION,
)
from oasgate.diff.all_of_merge import MergedNode
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.lifecycle_pairs import LifecyclePairs, SchemaPair
from oasgate.errors import OasgateError
from oasgate.loading.canonical import dump
from oasgate.loading.document import Document, Node
from oasgate.model.objects import Operation
from oasgate.phrases import N_, Phrase
from oasgate.policy.settings import Config
from oasgate.policy.status import (
    EMPTY,
    RETIRING,
    Annotation,
    Layer,
    Resolved,
    layers_of,
    read_annotation,
    resolve,
)
from oasgate.policy.sunset_headers import check_headers, header_values
from oasgate.policy.transitions import LifecycleChanges, Side, Transitions

#: the element a schema property is, by side of the wire
#: how a parameter and a property are named, by where they travel (docs/i18n.md)
_PARAMETER = {
    "query": N_("query parameter '{name}'"),
    "header": N_("header parameter '{name}'"),
    "path": N_("path parameter '{name}'"),
    "cookie": N_("cookie parameter '{name}'"),
}
_PROPERTY = {
    "request": N_("{context}request property '{path}'"),
    "response": N_("{context}response property '{path}'"),
}
_PROPERTY_ELEMENT = {"request": ELEMENT_REQUEST_PROPERTY, "response": ELEMENT_RESPONSE_PROPERTY}


def judge_lifecycle(
    pairs: LifecyclePairs, changes: ChangeSet, config: Config, today: dt.date
) -> LifecycleChanges:
    """The lifecycle changes between the paired elements, emitted into ``changes`` (an
    empty set: :meth:`~oasgate.diff.changes.ChangeSet.continuation` of the diff's)."""
    found = LifecycleChanges(changes)
    _LifecycleJudge(pairs, found, config, today).run()
    return found


class _LifecycleJudge:
    """Walks the pairs the diff hands out, resolving each element's lifecycle on both
    sides and asking the rules about it."""

    def __init__(
        self, pairs: LifecyclePairs, found: LifecycleChanges, config: Config, today: dt.date
    ) -> None:
        self.pairs = pairs
        self.found = found
        self.config = config
        self.rules = Transitions(found, config.policy.deprecation_window, today)
        self._schema_memo: dict[tuple[Any, ...], list[ChangeKey]] = {}
        self._active: set[tuple[Any, ...]] = set()

    def run(self) -> None:
        base_info, revision_info = self.pairs.info()
        base_doc = _layers(base_info, "info.x-lifecycle")
        revision_doc = _layers(revision_info, "info.x-lifecycle")
        version_changed = (
            read_annotation(_value(base_info)).raw != read_annotation(_value(revision_info)).raw
        )
        if base_info is not None and revision_info is not None:
            self.rules.transition(
                ELEMENT_VERSION,
                Phrase("API version {version}", version=self.pairs.revision.api_version)
                if self.pairs.revision.api_version
                else Phrase("API version"),
                Side(read_annotation(base_info.value), resolve(base_doc), base_info),
                Side(read_annotation(revision_info.value), resolve(revision_doc), revision_info),
            )
        for base_op, revision_op in self.pairs.operations():
            keys = self._operation(base_op, revision_op, base_doc, revision_doc, version_changed)
            if keys:
                self.found.attribute(keys, base_op, revision_op)

    # -- operations --------------------------------------------------------------------------

    def _context(self, layers: list[Layer], label: str) -> list[Layer]:
        mapped = self.config.lifecycle.layer(label)
        return layers + ([mapped] if mapped else [])

    def _operation(
        self,
        base_op: Operation | None,
        revision_op: Operation,
        base_doc: list[Layer],
        revision_doc: list[Layer],
        version_changed: bool,
    ) -> list[ChangeKey]:
        if base_op is not None and not version_changed and self._unchanged(base_op, revision_op):
            # Same operation, path-level parameters and path annotation (refs included),
            # under the same API version annotation: no transition, no header to check.
            return []
        label = revision_op.label
        revision_context = self._context(
            _layers(revision_op.path_item, f"path {revision_op.path}") + revision_doc, label
        )
        revision_annotation = read_annotation(revision_op.node.value)
        revision_side = Side(
            revision_annotation,
            resolve(_own(revision_annotation, label) + revision_context),
            revision_op.node,
        )
        keys: list[ChangeKey] = []
        if base_op is None:
            keys += self.rules.problems(
                ELEMENT_OPERATION,
                Phrase("operation {operation}", operation=label),
                EMPTY,
                revision_side,
            )
            keys += check_headers(self.found, self.pairs, None, revision_op, revision_side.resolved)
            return keys
        base_context = self._context(
            _layers(base_op.path_item, f"path {base_op.path}") + base_doc, label
        )
        base_annotation = read_annotation(base_op.node.value)
        base_side = Side(
            base_annotation, resolve(_own(base_annotation, label) + base_context), base_op.node
        )
        own_changed = base_annotation.raw != revision_annotation.raw
        keys += self.rules.transition(
            ELEMENT_OPERATION,
            Phrase("operation {operation}", operation=label),
            base_side,
            revision_side,
        )
        if revision_side.resolved.status in RETIRING and (
            own_changed
            or version_changed
            or header_values(self.pairs.base_responses(base_op))
            != header_values(self.pairs.revision_responses(revision_op))
        ):
            keys += check_headers(
                self.found, self.pairs, base_op, revision_op, revision_side.resolved
            )
        if not self.pairs.annotated:
            return keys
        if not self.pairs.may_hold_annotations(base_op, revision_op):
            return keys
        keys += self._parameters(base_op, revision_op, base_side.resolved, revision_side.resolved)
        keys += self._bodies(base_op, revision_op, base_side.resolved, revision_side.resolved)
        return keys

    def _unchanged(self, base_op: Operation, revision_op: Operation) -> bool:
        """The operation, its path-level parameters and its path item's own lifecycle are
        the same on both sides apart from documentation; the operation is compared first
        because that is cheaper than asking whether annotations are reachable."""
        if not self.pairs.same_operation(base_op, revision_op):
            return False
        if (
            read_annotation(base_op.path_item.value).raw
            != read_annotation(revision_op.path_item.value).raw
        ):
            return False
        return self.pairs.same_path_parameters(base_op, revision_op)

    def _parameters(
        self,
        base_op: Operation,
        revision_op: Operation,
        base_context: Resolved,
        revision_context: Resolved,
    ) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        for param, new in self.pairs.parameters(base_op, revision_op):
            subject = Phrase(
                _PARAMETER.get(new.location, "{location} parameter '{name}'"),
                location=new.location,
                name=new.name,
            )
            revision_annotation = read_annotation(new.node.value)
            revision_side = Side(
                revision_annotation,
                _within(revision_annotation, revision_context, subject),
                new.node,
            )
            if param is None:
                keys += self.rules.problems(
                    ELEMENT_REQUEST_PARAMETER, subject, EMPTY, revision_side
                )
                continue
            base_annotation = read_annotation(param.node.value)
            keys += self.rules.transition(
                ELEMENT_REQUEST_PARAMETER,
                subject,
                Side(base_annotation, _within(base_annotation, base_context, subject), param.node),
                revision_side,
            )
        return keys

    # -- schema properties -------------------------------------------------------------------

    def _bodies(
        self,
        base_op: Operation,
        revision_op: Operation,
        base_context: Resolved,
        revision_context: Resolved,
    ) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        contexts = (base_context, revision_context)
        for pair in self.pairs.body_schemas(base_op, revision_op):
            keys += self._schema(pair, contexts)
        return keys

    def _schema(
        self, pair: SchemaPair | None, contexts: tuple[Resolved, Resolved]
    ) -> list[ChangeKey]:
        """The changes of a schema pair's properties, judged once per pair in one
        lifecycle (a pair being judged further up, in a recursive schema, contributes
        nothing again). "The same pair" up the walk is the same two schemas whatever the
        path: a component an ``allOf`` member refers to brings its properties in with a
        path one segment longer each time a cycle comes round (AWS's described
        references, D98)."""
        if pair is None:
            return []
        lifecycles = (_context_key(contexts[0]), _context_key(contexts[1]))
        memo = (pair.identity, *lifecycles)
        done = self._schema_memo.get(memo)
        if done is not None:
            return done
        walking = (pair.identity[:-1], *lifecycles)  # the identity but its path
        if walking in self._active:
            return []
        self._active.add(walking)
        try:
            keys = self._properties(pair, contexts)
        finally:
            self._active.discard(walking)
        self._schema_memo[memo] = keys
        return keys

    def _properties(self, pair: SchemaPair, contexts: tuple[Resolved, Resolved]) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        kind = _PROPERTY_ELEMENT[pair.side]
        base_document = self.pairs.base.document
        revision_document = self.pairs.revision.document
        for prop in self.pairs.properties(pair):
            subject = Phrase(_PROPERTY[pair.side], context="", path=prop.path)
            revision_annotation = _schema_annotation(revision_document, prop.revision)
            revision_side = Side(
                revision_annotation,
                _within(revision_annotation, contexts[1], subject),
                prop.revision,
            )
            if prop.base is None:
                keys += self.rules.problems(kind, subject, EMPTY, revision_side)
                continue
            base_annotation = _schema_annotation(base_document, prop.base)
            keys += self.rules.transition(
                kind,
                subject,
                Side(base_annotation, _within(base_annotation, contexts[0], subject), prop.base),
                revision_side,
            )
            keys += self._schema(self.pairs.below(prop), contexts)
        keys += self._schema(self.pairs.items(pair), contexts)
        return keys


# -- helpers ----------------------------------------------------------------------------------


def _value(node: Node | None) -> Any:
    return None if node is None else node.value


def _layers(node: Node | None, source: str) -> list[Layer]:
    return layers_of([(node.value, source)]) if node is not None else []


def _own(annotation: Annotation, source: str) -> list[Layer]:
    return [Layer(annotation, source)] if annotation.says_anything else []


def _within(annotation: Annotation, context: Resolved, source: str) -> Resolved:
    """An element's resolved lifecycle: its own annotation, else what encloses it."""
    if not annotation.says_anything:
        return context
    return resolve([Layer(annotation, source), *context.layers])


def _context_key(context: Resolved) -> tuple[Any, ...]:
    """What a schema's verdicts take from the lifecycle of the operation it is reached
    from (:func:`_within` and :func:`resolve`: the statuses and dates of the enclosing
    layers, not their names). Part of the schema memo's key: a schema shared by a stable
    and a retiring operation is judged in each one's lifecycle — the first operation walked
    must not decide for the others — while operations alike share one walk."""
    return (
        context.status,
        context.deprecated,
        context.sunset,
        tuple(
            (
                layer.annotation.status,
                layer.annotation.deprecation_day,
                layer.annotation.sunset.day if layer.annotation.sunset else None,
            )
            for layer in context.layers
        ),
    )


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def _schema_annotation(document: Document, node: Node) -> Annotation:
    """A property's own annotation; for a ``$ref`` without siblings that say anything, the
    referenced schema's; for a property declared by several ``allOf`` members, the first
    declaration that says anything (in content order: member order does not matter)."""
    if isinstance(node, MergedNode):
        parts = sorted(node.parts, key=lambda part: dump(part.value, sort_keys=True))
        annotations = [_schema_annotation(document, part) for part in parts]
        return next((a for a in annotations if a.says_anything), annotations[0])
    annotation = read_annotation(node.value)
    if annotation.says_anything or annotation.problems or not _is_ref(node.value):
        return annotation
    try:
        return read_annotation(document.deref(node).value)
    except OasgateError:
        return annotation
