"""Deprecation and sunset: the changes that move a lifecycle, found by comparing the
annotations of each element present on both sides.

This walk runs beside the diff walk, not inside it: it pairs the API version (``info``),
operations, parameters and schema properties, compares what each says about its own
lifecycle, and emits lifecycle changes (rule ids ``<element>-<aspect>``, see
:mod:`oasgate.catalogue.lifecycle`) into the same change set, attributed to operations
like any other change. Operations that are equal on both sides are skipped at C speed,
and a schema shared by many operations is walked once per pair and side.

What a message needs beyond the spec's own values (the earliest acceptable sunset, the
configured window, today's date) goes into ``extras``, not into the change's details,
so a finding's fingerprint does not depend on the day or the config.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from oasgate.config import Config
from oasgate.diff.changes import ChangeKey, ChangeSet, Site, details_order
from oasgate.diff.equivalence import Equivalence
from oasgate.diff.operations import DiffResult
from oasgate.diff.schema_view import MergedNode, Resolver, SchemaView, component_name
from oasgate.errors import OasgateError
from oasgate.loading.canonical import dump
from oasgate.loading.document import Document, Node
from oasgate.loading.refscan import LIFECYCLE_KEYS
from oasgate.model.spec import Header, Operation, Response, SpecModel, is_success_status
from oasgate.policy.dates import (
    DateError,
    http_date,
    parse_deprecation_header,
    parse_http_date,
    structured_date,
)
from oasgate.policy.status import (
    EMPTY,
    RETIRING,
    Annotation,
    Layer,
    Resolved,
    Status,
    layers_of,
    read_annotation,
    resolve,
)

Extras = dict[tuple[str, Site | None, Site | None], dict[str, str]]

#: element kinds, as they prefix lifecycle rule ids
VERSION, OPERATION = "version", "operation"
PARAMETER = "request-parameter"


@dataclass(frozen=True)
class _Side:
    """The resolved lifecycle of an element on one side, and where its annotation sits."""

    annotation: Annotation
    resolved: Resolved
    node: Node | None


class LifecycleWalk:
    """Emits the lifecycle changes between two documents into ``result.changes``."""

    def __init__(
        self,
        base: SpecModel,
        revision: SpecModel,
        config: Config,
        today: dt.date,
        equivalence: Equivalence,
    ) -> None:
        """``equivalence`` is the diff walk's: its verdicts on subtrees still hold."""
        self.base = base
        self.revision = revision
        self.config = config
        self.today = today
        self.window = config.policy.deprecation_window
        self.extras: Extras = {}
        self._extras_order: dict[
            tuple[str, Site | None, Site | None],
            tuple[list[tuple[str, str]], list[tuple[str, str]]],
        ] = {}
        self.changes = ChangeSet()
        self._equivalence = equivalence
        self._schema_memo: dict[tuple[Any, ...], list[ChangeKey]] = {}
        self._active: set[tuple[Any, ...]] = set()
        self._responses_memo: dict[tuple[int, str, str], dict[str, Response]] = {}
        self._base_index = _AnnotationIndex(base.document)
        self._revision_index = _AnnotationIndex(revision.document)
        self._base_schemas = Resolver(base.document)
        self._revision_schemas = Resolver(revision.document)
        # Element annotations below operations can only change where a document has any.
        self._annotated = _mentions_lifecycle(base.document) or _mentions_lifecycle(
            revision.document
        )

    def _responses(self, model: SpecModel, operation: Operation) -> dict[str, Response]:
        key = (id(model), operation.path, operation.method)
        known = self._responses_memo.get(key)
        if known is None:
            known = self._responses_memo[key] = model.responses(operation)
        return known

    # -- entry point ------------------------------------------------------------------------

    def run(self, result: DiffResult) -> None:
        self.changes = result.changes
        base_info = self.base.document.root.get("info")
        revision_info = self.revision.document.root.get("info")
        base_doc = _layers(base_info, "info.x-lifecycle")
        revision_doc = _layers(revision_info, "info.x-lifecycle")
        version_changed = (
            read_annotation(_value(base_info)).raw != read_annotation(_value(revision_info)).raw
        )
        if base_info is not None and revision_info is not None:
            self._transition(
                VERSION,
                f"API version {self.revision.api_version or ''}".strip(),
                _Side(read_annotation(base_info.value), resolve(base_doc), base_info),
                _Side(read_annotation(revision_info.value), resolve(revision_doc), revision_info),
                context_base=resolve([]),
                context_revision=resolve([]),
            )
        base_paths = self.base.path_items()
        for shape, (path, revision_item) in self.revision.path_items().items():
            matched = base_paths.get(shape)
            base_ops = self.base.operations(*matched) if matched else {}
            for method, revision_op in self.revision.operations(path, revision_item).items():
                base_op = base_ops.get(method)
                keys = self._operation(
                    base_op, revision_op, base_doc, revision_doc, version_changed
                )
                if keys:
                    label = revision_op.label
                    self.changes.attribute(keys, label)
                    result.operations.setdefault(label, (base_op, revision_op))

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
        revision_side = _Side(
            revision_annotation,
            resolve(_own(revision_annotation, label) + revision_context),
            revision_op.node,
        )
        keys: list[ChangeKey] = []
        if base_op is None:
            keys += self._problems(OPERATION, f"operation {label}", EMPTY, revision_side)
            keys += self._headers(None, revision_op, revision_side.resolved)
            return keys
        base_context = self._context(
            _layers(base_op.path_item, f"path {base_op.path}") + base_doc, label
        )
        base_annotation = read_annotation(base_op.node.value)
        base_side = _Side(
            base_annotation, resolve(_own(base_annotation, label) + base_context), base_op.node
        )
        own_changed = base_annotation.raw != revision_annotation.raw
        keys += self._transition(
            OPERATION,
            f"operation {label}",
            base_side,
            revision_side,
            context_base=resolve(base_context),
            context_revision=resolve(revision_context),
        )
        if revision_side.resolved.status in RETIRING and (
            own_changed
            or version_changed
            or _header_values(self._responses(self.base, base_op))
            != _header_values(self._responses(self.revision, revision_op))
        ):
            keys += self._headers(base_op, revision_op, revision_side.resolved)
        if not self._annotated:
            return keys
        if not self._may_hold_annotations(base_op, revision_op):
            return keys
        if self._parameters_may_annotate(base_op, revision_op):
            keys += self._parameters(
                base_op, revision_op, base_side.resolved, revision_side.resolved
            )
        keys += self._bodies(base_op, revision_op, base_side.resolved, revision_side.resolved)
        return keys

    def _may_hold_annotations(self, base_op: Operation, revision_op: Operation) -> bool:
        """Whether anything below the operation (or its path-level parameters) mentions a
        lifecycle key on either side, directly or through references."""
        for index, operation in ((self._base_index, base_op), (self._revision_index, revision_op)):
            if index.reaches(operation.node):
                return True
            params = operation.path_item.get("parameters")
            if params is not None and index.reaches(params):
                return True
        return False

    def _unchanged(self, base_op: Operation, revision_op: Operation) -> bool:
        """The operation, its path-level parameters and its path item's own lifecycle are
        the same on both sides apart from documentation (C-speed equality, refs included);
        checked first because it is cheaper than asking whether annotations are reachable."""
        if not self._equivalence.same_apart_from_docs(base_op.node, revision_op.node):
            return False
        if (
            read_annotation(base_op.path_item.value).raw
            != read_annotation(revision_op.path_item.value).raw
        ):
            return False
        base_params = base_op.path_item.get("parameters")
        revision_params = revision_op.path_item.get("parameters")
        if base_params is None or revision_params is None:
            return base_params is None and revision_params is None
        return self._equivalence.same(base_params, revision_params)

    def _parameters_may_annotate(self, base_op: Operation, revision_op: Operation) -> bool:
        for index, operation in ((self._base_index, base_op), (self._revision_index, revision_op)):
            for owner in (operation.node, operation.path_item):
                params = owner.get("parameters")
                if params is not None and index.reaches(params):
                    return True
        return False

    def _parameters(
        self,
        base_op: Operation,
        revision_op: Operation,
        base_context: Resolved,
        revision_context: Resolved,
    ) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        old = self.base.parameters(base_op)
        for key, new in self.revision.parameters(revision_op).items():
            subject = f"{new.location} parameter '{new.name}'"
            revision_annotation = read_annotation(new.node.value)
            revision_side = _Side(
                revision_annotation,
                _within(revision_annotation, revision_context, subject),
                new.node,
            )
            param = old.get(key)
            if param is None:
                keys += self._problems(PARAMETER, subject, EMPTY, revision_side)
                continue
            base_annotation = read_annotation(param.node.value)
            keys += self._transition(
                PARAMETER,
                subject,
                _Side(base_annotation, _within(base_annotation, base_context, subject), param.node),
                revision_side,
                context_base=base_context,
                context_revision=revision_context,
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
        old_body = self.base.request_body(base_op)
        new_body = self.revision.request_body(revision_op)
        if old_body is not None and new_body is not None:
            for name, media in old_body.content.items():
                match = new_body.content.get(name)
                if match is not None and media.schema is not None and match.schema is not None:
                    keys += self._schema(media.schema, match.schema, "request", "", contexts)
        new_responses = self._responses(self.revision, revision_op)
        for status, response in self._responses(self.base, base_op).items():
            other = new_responses.get(status)
            if other is None:
                continue
            for name, media in response.content.items():
                match = other.content.get(name)
                if match is not None and media.schema is not None and match.schema is not None:
                    keys += self._schema(media.schema, match.schema, "response", "", contexts)
        return keys

    def _schema(
        self,
        base: Node,
        revision: Node,
        side: str,
        path: str,
        contexts: tuple[Resolved, Resolved],
    ) -> list[ChangeKey]:
        if not (self._base_index.reaches(base) or self._revision_index.reaches(revision)):
            return []
        if self._equivalence.same(base, revision):
            return []
        try:
            base_target = self.base.document.deref(base)
            revision_target = self.revision.document.deref(revision)
        except OasgateError:
            return []
        if _is_ref(revision.value) or _is_ref(base.value):
            # names restart at the component (its key, or its file's stem for a schema
            # file), as the diff's do: a schema reached from several operations through
            # differently named properties is one schema, and its changes one change each
            component = revision_target if _is_ref(revision.value) else base_target
            path = component_name(component)
        memo = (
            base_target.file,
            base_target.pointer,
            revision_target.file,
            revision_target.pointer,
            side,
            path,
            _context_key(contexts[0]),
            _context_key(contexts[1]),
        )
        done = self._schema_memo.get(memo)
        if done is not None:
            return done
        if memo in self._active:
            return []
        self._active.add(memo)
        try:
            keys = self._schema_pair(base_target, revision_target, side, path, contexts)
        finally:
            self._active.discard(memo)
        self._schema_memo[memo] = keys
        return keys

    def _schema_pair(
        self,
        base: Node,
        revision: Node,
        side: str,
        path: str,
        contexts: tuple[Resolved, Resolved],
    ) -> list[ChangeKey]:
        if not isinstance(base.value, dict) or not isinstance(revision.value, dict):
            return []
        keys: list[ChangeKey] = []
        kind = f"{side}-property"
        old = dict(_properties(self._base_schemas, base))
        for name, new in _properties(self._revision_schemas, revision):
            child = f"{path}.{name}" if path else name
            subject = f"{side} property '{child}'"
            revision_annotation = _schema_annotation(self.revision.document, new)
            revision_side = _Side(
                revision_annotation, _within(revision_annotation, contexts[1], subject), new
            )
            prop = old.get(name)
            if prop is None:
                keys += self._problems(kind, subject, EMPTY, revision_side)
                continue
            base_annotation = _schema_annotation(self.base.document, prop)
            keys += self._transition(
                kind,
                subject,
                _Side(base_annotation, _within(base_annotation, contexts[0], subject), prop),
                revision_side,
                context_base=contexts[0],
                context_revision=contexts[1],
            )
            keys += self._schema(prop, new, side, child, contexts)
        base_items = _items(self._base_schemas, base)
        revision_items = _items(self._revision_schemas, revision)
        if base_items is not None and revision_items is not None:
            keys += self._schema(base_items, revision_items, side, f"{path}[]", contexts)
        return keys

    # -- the transition rules ------------------------------------------------------------------

    def _emit(
        self,
        rule: str,
        base: Node | None,
        revision: Node | None,
        details: dict[str, str],
        extra: dict[str, str],
    ) -> ChangeKey:
        key = self.changes.emit(rule, base, revision, **details)
        change = self.changes.changes[key]
        # the extras go with the details the change kept (ChangeSet.emit keeps those that
        # sort first, whichever route met the change first); between routes that describe
        # it alike, the extras that sort first
        slot = (rule, change.base, change.revision)
        mine = (details_order(details), sorted(extra.items()))
        known = self._extras_order.get(slot)
        if change.details == details and (known is None or mine < known):
            self._extras_order[slot] = mine
            self.extras[slot] = extra
        return key

    def _problems(
        self, kind: str, subject: str, base: Annotation, revision: _Side
    ) -> list[ChangeKey]:
        keys = []
        known = {(p.field, p.value) for p in base.problems}
        for problem in revision.annotation.problems:
            if (problem.field, problem.value) in known or revision.node is None:
                continue
            at = _child(revision.node, problem.pointer)
            keys.append(
                self._emit(
                    f"{kind}-lifecycle-invalid",
                    None,
                    at,
                    {"subject": subject, "field": problem.field, "value": problem.value},
                    {"reason": problem.reason},
                )
            )
        return keys

    def _transition(
        self,
        kind: str,
        subject: str,
        base: _Side,
        revision: _Side,
        *,
        context_base: Resolved,
        context_revision: Resolved,
    ) -> list[ChangeKey]:
        if base.annotation.raw == revision.annotation.raw:
            return []
        keys = self._problems(kind, subject, base.annotation, revision)
        old, new = base.resolved, revision.resolved
        assert revision.node is not None
        at_status = _child(revision.node, revision.annotation.status_key)
        at_sunset = _child(revision.node, revision.annotation.sunset_key)
        details = {"subject": subject, "old_status": old.status.value, "status": new.status.value}

        def emit(
            aspect: str, node: Node | None, more: dict[str, str], extra: dict[str, str]
        ) -> None:
            keys.append(self._emit(f"{kind}-{aspect}", base.node, node, {**details, **more}, extra))

        if new.status.order < old.status.order:
            aspect = (
                "reactivated"
                if old.status in RETIRING and new.status not in RETIRING
                else "status-decreased"
            )
            emit(aspect, at_status, {}, {})
            return keys
        if new.status.order > old.status.order:
            if new.status is Status.DEPRECATED:
                keys += self._deprecation(kind, subject, base, revision, details)
            elif new.status is Status.END_OF_LIFE:
                if (
                    old.status is Status.DEPRECATED
                    and old.sunset is not None
                    and self.today >= old.sunset
                ):
                    emit("status-advanced", at_status, {}, {})
                else:
                    if old.status is Status.DEPRECATED and old.sunset is not None:
                        reason = f"before its sunset {old.sunset.isoformat()}"
                        earliest = old.sunset
                    elif old.status is Status.DEPRECATED:
                        since = old.deprecated or self.today
                        reason = "while deprecated without a sunset date"
                        earliest = self.window.after(since)
                    else:
                        reason = f"straight from {old.status.value}, without a deprecation period"
                        earliest = self.window.after(self.today)
                    emit(
                        "retired-before-sunset",
                        at_status,
                        {"old_sunset": _day(old.sunset)},
                        {"reason": reason, "earliest": earliest.isoformat()},
                    )
            else:
                emit("status-advanced", at_status, {}, {})
            return keys
        if new.status not in RETIRING:
            return keys
        # same retiring status: the sunset may only move later
        if old.sunset is not None and new.sunset is None:
            emit(
                "sunset-deleted",
                at_status,
                {"old_sunset": old.sunset.isoformat()},
                {},
            )
        elif old.sunset is not None and new.sunset is not None and new.sunset < old.sunset:
            emit(
                "sunset-moved-earlier",
                at_sunset,
                {"old_sunset": old.sunset.isoformat(), "sunset": new.sunset.isoformat()},
                {},
            )
        elif old.sunset is None and new.sunset is not None:
            keys += self._window(kind, base, revision, details, at_sunset)
        return keys

    def _deprecation(
        self,
        kind: str,
        subject: str,
        base: _Side,
        revision: _Side,
        details: dict[str, str],
    ) -> list[ChangeKey]:
        new = revision.resolved
        assert revision.node is not None
        at_status = _child(revision.node, revision.annotation.status_key)
        if new.sunset is None:
            since, since_text = self._since(new)
            return [
                self._emit(
                    f"{kind}-deprecated-sunset-missing",
                    base.node,
                    at_status,
                    {**details, "deprecated": _day(new.deprecated)},
                    {
                        "since": since_text,
                        "earliest": self.window.after(since).isoformat(),
                        "window": str(self.window),
                    },
                )
            ]
        at_sunset = _child(revision.node, revision.annotation.sunset_key) or at_status
        return self._window(kind, base, revision, details, at_sunset, notice=True)

    def _window(
        self,
        kind: str,
        base: _Side,
        revision: _Side,
        details: dict[str, str],
        at: Node | None,
        *,
        notice: bool = False,
    ) -> list[ChangeKey]:
        new = revision.resolved
        assert new.sunset is not None
        since, since_text = self._since(new)
        earliest = self.window.after(since)
        more = {"deprecated": _day(new.deprecated), "sunset": new.sunset.isoformat()}
        extra = {"since": since_text, "earliest": earliest.isoformat(), "window": str(self.window)}
        if new.sunset < earliest:
            return [
                self._emit(f"{kind}-sunset-too-soon", base.node, at, {**details, **more}, extra)
            ]
        if notice:
            return [self._emit(f"{kind}-deprecated", base.node, at, {**details, **more}, extra)]
        return []

    def _since(self, resolved: Resolved) -> tuple[dt.date, str]:
        if resolved.deprecated is not None:
            return resolved.deprecated, f"on {resolved.deprecated.isoformat()}"
        return self.today, f"today ({self.today.isoformat()}, no deprecation date given)"

    # -- Deprecation and Sunset response headers -------------------------------------------------

    def _headers(
        self, base_op: Operation | None, revision_op: Operation, resolved: Resolved
    ) -> list[ChangeKey]:
        if resolved.status not in RETIRING:
            return []
        responses = self._responses(self.revision, revision_op)
        chosen = [r for s, r in responses.items() if is_success_status(s)] or list(
            responses.values()
        )
        if not chosen:
            return []
        label = revision_op.label
        where = revision_op.node.get("responses") or revision_op.node
        base_node = base_op.node if base_op is not None else None
        wanted = ["Deprecation", "Sunset"]
        missing = [
            name
            for name in wanted
            if any(name.lower() not in response.headers for response in chosen)
        ]
        keys: list[ChangeKey] = []
        suggestion = []
        if resolved.deprecated is not None:
            suggestion.append(f"Deprecation: {structured_date(resolved.deprecated)}")
        if resolved.sunset is not None:
            suggestion.append(f"Sunset: {http_date(resolved.sunset)}")
        if missing:
            keys.append(
                self._emit(
                    "deprecation-headers-missing",
                    base_node,
                    where,
                    {"operation": label, "missing": " and ".join(missing)},
                    {
                        "suggestion": "; declare them"
                        + (f" with examples like {', '.join(suggestion)}" if suggestion else "")
                    },
                )
            )
        for response in chosen:
            for name, expected, parse, render in (
                ("Deprecation", resolved.deprecated, parse_deprecation_header, structured_date),
                ("Sunset", resolved.sunset, parse_http_date, http_date),
            ):
                header = response.headers.get(name.lower())
                if header is None or expected is None:
                    continue
                for value in _header_examples(self.revision.document, header):
                    try:
                        shown = parse(value)
                        problem = None if shown == expected else f"says {shown.isoformat()}"
                    except DateError as error:
                        problem = str(error)
                    if problem is None:
                        continue
                    keys.append(
                        self._emit(
                            "deprecation-headers-inconsistent",
                            base_node,
                            header.node,
                            {
                                "operation": label,
                                "header": name,
                                "value": str(value),
                                "expected": expected.isoformat(),
                            },
                            {"problem": problem, "suggested": render(expected)},
                        )
                    )
        return keys


# -- helpers ----------------------------------------------------------------------------------


class _AnnotationIndex:
    """Which nodes can hold a lifecycle annotation, themselves or through their ``$ref``s.

    Asked lazily, only of the operations and schemas that changed: a node reaches an
    annotation when its own serialisation mentions a lifecycle key, or when a node its
    references reach does. Each question is a walk over the reference graph from that
    node, on scans the document keeps (:class:`~oasgate.loading.refscan.SubtreeScanner`); a walk
    that finds nothing proves every node it visited reaches nothing either, so later
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


def _mentions_lifecycle(document: Document) -> bool:
    """Whether any loaded file of a document mentions a lifecycle key (a C-speed scan of
    the raw bytes)."""
    keys = tuple(key.encode() for key in LIFECYCLE_KEYS)
    return any(key in document.file_bytes(name) for name in document.file_keys() for key in keys)


def _value(node: Node | None) -> Any:
    return None if node is None else node.value


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "none"


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


def _child(node: Node | None, keys: tuple[str, ...]) -> Node | None:
    if node is None:
        return None
    current = node
    for key in keys:
        nxt = current.get(key) if isinstance(current.value, dict) else None
        if nxt is None:
            return current
        current = nxt
    return current


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


def _header_values(responses: dict[str, Response]) -> Any:
    """The Deprecation/Sunset header declarations of an operation, to notice when they change."""
    found = []
    for status, response in sorted(responses.items()):
        for name in ("deprecation", "sunset"):
            header = response.headers.get(name)
            if header is not None:
                found.append((status, name, header.node.value))
    return found


def _header_examples(document: Document, header: Header) -> list[Any]:
    """The example values a header declaration gives (OpenAPI 3 and Swagger 2 spellings)."""
    values: list[Any] = []
    node = header.node.value
    if not isinstance(node, dict):
        return values
    for key in ("example", "x-example"):
        if key in node:
            values.append(node[key])
    examples = node.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                values.append(example["value"])
    schema = header.schema
    if schema is not None and schema is not header.node:
        try:
            schema_value = document.deref(schema).value
        except OasgateError:
            schema_value = None
        if isinstance(schema_value, dict) and "example" in schema_value:
            values.append(schema_value["example"])
    return values
