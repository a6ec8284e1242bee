"""The walk over paths, operations, parameters, request bodies, responses, callbacks and
webhooks, plus the document-level comparisons (security schemes, component schemas,
``info.version``).

Each operation is compared *as it applies on the wire*: parameters with the path level
merged in, security and servers inherited from the document when the operation says
nothing. Inside a callback or a webhook the API is the client — it sends the request and
reads the response — so those operations are walked *mirrored*: what the API sends is
judged by the response-side rules (widening breaks), what it reads by the request-side
rules (narrowing breaks).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from oasgate.diff import media as media_pairs
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.equivalence import Equivalence
from oasgate.diff.schema_site import FORM, JSON, TEXT
from oasgate.diff.schemas import SchemaComparer, SchemaSite
from oasgate.diff.security import compare_requirements, compare_scheme, scheme_renames
from oasgate.diff.servers import compare_servers
from oasgate.diff.versioning import check_versions
from oasgate.loading.document import Node
from oasgate.model.spec import (
    MediaType,
    Operation,
    Parameter,
    ParameterKey,
    RequestBody,
    Response,
    SpecModel,
    is_success_status,
    path_shape,
    raw,
)
from oasgate.model.swagger2 import Swagger2Model


@dataclass
class DiffResult:
    changes: ChangeSet
    #: the verdicts on subtrees reached so far (later walks of the same pair reuse them)
    equivalence: Equivalence
    #: every operation label mentioned by a change → (base operation, revision operation)
    operations: dict[str, tuple[Operation | None, Operation | None]] = field(default_factory=dict)


def compare_specs(base: SpecModel, revision: SpecModel) -> DiffResult:
    return _Walker(base, revision).run()


@dataclass(frozen=True)
class _Wire:
    """How an operation's parts read on the wire: normally the API reads the request and
    sends the response; in a callback or webhook (``mirrored``) it is the other way round.
    ``prefix`` names the callback in messages."""

    mirrored: bool = False
    prefix: str = ""

    @property
    def request_side(self) -> str:
        return "response" if self.mirrored else "request"

    @property
    def response_side(self) -> str:
        return "request" if self.mirrored else "response"

    def where(self, text: str) -> str:
        return f"{self.prefix}{text}"


_DIRECT = _Wire()


@dataclass(frozen=True)
class _Reading:
    """How clients read an operation's responses: ``head`` (HEAD: no body is ever sent)
    and whether its ``default`` is an error response (D37)."""

    head: bool = False
    default_is_error: bool = True

    def is_error(self, old_status: str, new_status: str) -> bool:
        """Whether the response compared is an error response: the explicit status of the
        pair decides (a ``404`` folded into ``default`` is still read as a 404); a pair of
        two ``default`` responses is one when the operation documents a success status."""
        status = new_status if old_status == "default" else old_status
        if status == "default":
            return self.default_is_error
        return not is_success_status(status)


def paired_path_items(
    base: list[tuple[str, Node]], revision: list[tuple[str, Node]]
) -> tuple[dict[str, tuple[str, Node]], dict[str, tuple[str, Node]]]:
    """Both sides' path items under keys that pair them: a path written the same way on
    both sides pairs with itself; the others pair by shape (parameter names ignored, so
    ``/pets/{id}`` → ``/pets/{petId}`` is the same path), several templates of one shape
    in sorted order — never in the order the document happens to list them."""
    base_written = {path for path, _ in base}
    revision_written = {path for path, _ in revision}
    base_keys = _keyed_paths(base, revision_written)
    revision_keys = _keyed_paths(revision, base_written)
    return base_keys, revision_keys


def _keyed_paths(
    items: list[tuple[str, Node]], on_other_side: set[str]
) -> dict[str, tuple[str, Node]]:
    keyed = {path: (path, item) for path, item in items if path in on_other_side}
    rank: Counter[str] = Counter()
    for path, item in sorted((p for p in items if p[0] not in on_other_side), key=lambda p: p[0]):
        shape = path_shape(path)
        keyed[f"{shape}\x00{rank[shape]}"] = (path, item)
        rank[shape] += 1
    return keyed


class _Walker:
    def __init__(self, base: SpecModel, revision: SpecModel) -> None:
        self.base = base
        self.revision = revision
        self.equivalence = Equivalence(base.document, revision.document)
        budget = revision.document.limits.max_findings
        self.result = DiffResult(ChangeSet(budget), self.equivalence)
        self.changes = self.result.changes
        self.schemas = SchemaComparer(
            base.document, revision.document, self.changes, self.equivalence
        )
        #: every base operation with its counterpart (None when it went away)
        self.pairs: list[tuple[Operation, Operation | None]] = []
        self.swagger2 = isinstance(base, Swagger2Model) and isinstance(revision, Swagger2Model)
        self.mixed_versions = type(base) is not type(revision)
        self._renamed_schemes: dict[str, str] | None = None
        self._base_paths: dict[str, tuple[str, Node]] = {}
        self._revision_paths: dict[str, tuple[str, Node]] = {}

    def run(self) -> DiffResult:
        self._compare_paths()
        self._compare_webhooks()
        self._compare_component_schemas()
        self._compare_security_schemes()
        check_versions(self.changes, self.base.info_version(), self.revision.info_version())
        return self.result

    def _attribute(
        self, keys: list[ChangeKey], base_op: Operation | None, revision_op: Operation | None
    ) -> None:
        if not keys:
            return
        label = (revision_op or base_op).label  # type: ignore[union-attr]
        self.changes.attribute(keys, label)
        self.result.operations.setdefault(label, (base_op, revision_op))

    # -- paths and operations ----------------------------------------------------------------

    def _compare_paths(self) -> None:
        self._base_paths = self.base.path_items()
        self._revision_paths = self.revision.path_items()
        base_paths, revision_paths = paired_path_items(
            self.base.all_path_items(), self.revision.all_path_items()
        )
        ids: Counter[tuple[str, str]] = Counter()  # (side, operationId) over every operation
        removed: list[Operation] = []  # operations whose path or method went away
        added: list[Operation] = []
        gone_paths: list[tuple[str, Node, list[Operation]]] = []
        new_paths: list[tuple[str, Node, list[Operation]]] = []
        for path_key, (path, base_item) in base_paths.items():
            base_ops = self.base.operations(path, base_item)
            ids.update(("base", op.operation_id) for op in base_ops.values() if op.operation_id)
            matched = revision_paths.get(path_key)
            if matched is None:
                gone_paths.append((path, base_item, list(base_ops.values())))
                removed += base_ops.values()
                continue
            revision_path, revision_item = matched
            revision_ops = self.revision.operations(revision_path, revision_item)
            ids.update(
                ("revision", op.operation_id) for op in revision_ops.values() if op.operation_id
            )
            slash = self._trailing_slash(path, base_item, revision_path, revision_item)
            for method, base_op in base_ops.items():
                revision_op = revision_ops.get(method)
                if revision_op is None:
                    removed.append(base_op)
                    continue
                self.pairs.append((base_op, revision_op))
                keys = self._compare_operation(base_op, revision_op, _DIRECT)
                self._attribute(slash + keys, base_op, revision_op)
            added += (op for method, op in revision_ops.items() if method not in base_ops)
        for path_key, (path, revision_item) in revision_paths.items():
            if path_key not in base_paths:
                ops = list(self.revision.operations(path, revision_item).values())
                ids.update(("revision", op.operation_id) for op in ops if op.operation_id)
                new_paths.append((path, revision_item, ops))
                added += ops

        renamed = self._operation_renames(removed, added, ids)
        moved_from = {id(b) for b, _ in renamed}
        moved_to = {id(r) for _, r in renamed}
        for base_op, revision_op in renamed:
            self.pairs.append((base_op, revision_op))
            key = self.changes.emit(
                "operation-renamed",
                base_op.node,
                revision_op.node,
                old=base_op.label,
                new=revision_op.label,
                operation_id=str(base_op.operation_id),
            )
            keys = self._compare_operation(base_op, revision_op, _DIRECT)
            self._attribute([key, *keys], base_op, revision_op)

        revision_root_paths = self.revision.document.root.get("paths")
        base_root_paths = self.base.document.root.get("paths")
        for path, item, ops in gone_paths:
            staying = [op for op in ops if id(op) not in moved_from]
            if ops and not staying:
                continue  # every operation moved elsewhere: reported as renames
            key = self.changes.emit("path-removed", item, revision_root_paths, path=path)
            for op in staying:
                self.pairs.append((op, None))
                self._attribute([key], op, None)
        gone = {id(op) for _, _, ops in gone_paths for op in ops}
        for base_op in removed:
            if id(base_op) in gone or id(base_op) in moved_from:
                continue
            self.pairs.append((base_op, None))
            key = self.changes.emit(
                "operation-removed",
                base_op.node,
                self._revision_item_for(base_op),
                operation=base_op.label,
            )
            self._attribute([key], base_op, None)
        fresh = {id(op) for _, _, ops in new_paths for op in ops}
        for path, item, ops in new_paths:
            arriving = [op for op in ops if id(op) not in moved_to]
            if ops and not arriving:
                continue
            key = self.changes.emit("path-added", base_root_paths, item, path=path)
            for op in arriving:
                self._attribute([key], None, op)
        for revision_op in added:
            if id(revision_op) in fresh or id(revision_op) in moved_to:
                continue
            key = self.changes.emit(
                "operation-added",
                self._base_item_for(revision_op),
                revision_op.node,
                operation=revision_op.label,
            )
            self._attribute([key], None, revision_op)

    def _revision_item_for(self, base_op: Operation) -> Node | None:
        matched = self._revision_paths.get(path_shape(base_op.path))
        return matched[1] if matched else None

    def _base_item_for(self, revision_op: Operation) -> Node | None:
        matched = self._base_paths.get(path_shape(revision_op.path))
        return matched[1] if matched else None

    def _trailing_slash(
        self, path: str, base_item: Node, revision_path: str, revision_item: Node
    ) -> list[ChangeKey]:
        if (path.endswith("/") and path != "/") == (
            revision_path.endswith("/") and revision_path != "/"
        ):
            return []
        return [
            self.changes.emit(
                "path-trailing-slash-changed", base_item, revision_item, old=path, new=revision_path
            )
        ]

    @staticmethod
    def _operation_renames(
        removed: list[Operation], added: list[Operation], ids: Counter[tuple[str, str]]
    ) -> list[tuple[Operation, Operation]]:
        """Operations that went away while one with the same operationId appeared elsewhere.
        Only unambiguous ids pair: written once in each whole document."""
        if not removed or not added:
            return []
        arrived = {op.operation_id: op for op in added if op.operation_id}
        return [
            (op, arrived[op.operation_id])
            for op in removed
            if op.operation_id in arrived
            and ids[("base", op.operation_id)] == 1
            and ids[("revision", op.operation_id)] == 1
        ]

    # -- one operation -----------------------------------------------------------------------

    def _compare_operation(
        self, base_op: Operation, revision_op: Operation, wire: _Wire
    ) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        if not wire.mirrored:
            keys += self._compare_context(base_op, revision_op)
        same_context = self.base.inherited(base_op) == self.revision.inherited(revision_op)
        same_path_level = same_context and self._same_path_level(base_op, revision_op)
        if same_path_level and self.equivalence.same_apart_from_docs(
            base_op.node, revision_op.node
        ):
            return keys
        if not wire.mirrored:
            keys += self._compare_identity(base_op, revision_op)
        same_parameters = same_path_level and self._same_part(base_op, revision_op, "parameters")
        if not same_parameters:
            keys += self._compare_parameters(base_op, revision_op, wire)
        body_key = self.base.request_body_key
        same_body = same_context and (
            same_parameters
            if body_key == "parameters"
            else self._same_part(base_op, revision_op, body_key)
        )
        if not same_body:
            keys += self._compare_request_bodies(
                self.base.request_body(base_op),
                self.revision.request_body(revision_op),
                revision_op,
                wire,
            )
        if not (same_context and self._same_part(base_op, revision_op, "responses")):
            keys += self._compare_responses(base_op, revision_op, wire)
        if not wire.mirrored and not self._same_part(base_op, revision_op, "callbacks"):
            keys += self._compare_callbacks(base_op, revision_op)
        return keys

    def _same_part(self, base_op: Operation, revision_op: Operation, key: str) -> bool:
        base_part, revision_part = base_op.node.get(key), revision_op.node.get(key)
        if base_part is None or revision_part is None:
            return base_part is None and revision_part is None
        return self.equivalence.same(base_part, revision_part)

    def _same_path_level(self, base_op: Operation, revision_op: Operation) -> bool:
        base_params = base_op.path_item.get("parameters")
        revision_params = revision_op.path_item.get("parameters")
        if base_params is None or revision_params is None:
            return base_params is None and revision_params is None
        return self.equivalence.same(base_params, revision_params)

    def _compare_context(self, base_op: Operation, revision_op: Operation) -> list[ChangeKey]:
        """What an operation inherits from the document: security and servers."""
        keys: list[ChangeKey] = []
        if self.base.security_context(base_op) != self.revision.security_context(revision_op):
            if self._renamed_schemes is None:
                self._renamed_schemes = scheme_renames(
                    self.base.security_schemes(), self.revision.security_schemes()
                )
            keys += compare_requirements(
                self.changes,
                self.base.security(base_op),
                self.revision.security(revision_op),
                self._renamed_schemes,
            )
        if self.base.servers_context(base_op) != self.revision.servers_context(revision_op):
            keys += compare_servers(
                self.changes, self.base.servers(base_op), self.revision.servers(revision_op)
            )
        return keys

    def _compare_identity(self, base_op: Operation, revision_op: Operation) -> list[ChangeKey]:
        """operationId and tags: nothing on the wire, but SDKs and docs are built from them."""
        keys: list[ChangeKey] = []
        old_id, new_id = base_op.operation_id, revision_op.operation_id
        if old_id != new_id:
            if old_id is None:
                keys.append(
                    self.changes.emit(
                        "operation-id-added",
                        base_op.node,
                        revision_op.node.get("operationId"),
                        new=str(new_id),
                    )
                )
            elif new_id is None:
                keys.append(
                    self.changes.emit(
                        "operation-id-removed",
                        base_op.node.get("operationId"),
                        revision_op.node,
                        old=old_id,
                    )
                )
            else:
                keys.append(
                    self.changes.emit(
                        "operation-id-changed",
                        base_op.node.get("operationId"),
                        revision_op.node.get("operationId"),
                        old=old_id,
                        new=new_id,
                    )
                )
        old_tags, new_tags = _tags(base_op), _tags(revision_op)
        if old_tags != new_tags:
            base_anchor = base_op.node.get("tags") or base_op.node
            revision_anchor = revision_op.node.get("tags") or revision_op.node
            for tag in sorted(old_tags - new_tags):
                keys.append(
                    self.changes.emit(
                        "operation-tag-removed", base_anchor, revision_anchor, tag, tag=tag
                    )
                )
            for tag in sorted(new_tags - old_tags):
                keys.append(
                    self.changes.emit(
                        "operation-tag-added", base_anchor, revision_anchor, tag, tag=tag
                    )
                )
        return keys

    # -- parameters --------------------------------------------------------------------------

    def _compare_parameters(
        self, base_op: Operation, revision_op: Operation, wire: _Wire
    ) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        old = self.base.parameters(base_op)
        new = self.revision.parameters(revision_op)
        renames = {} if wire.mirrored else self._parameter_renames(old, new)
        renamed_to = set(renames.values())
        for key, param in old.items():
            match = new.get(key)
            if match is None:
                if key in renames:
                    target = new[renames[key]]
                    keys.append(
                        self.changes.emit(
                            "request-parameter-renamed",
                            param.node,
                            target.node,
                            where=_parameter_where(param),
                            location=param.location,
                            old=param.name,
                            new=target.name,
                        )
                    )
                    continue
                rule = (
                    "callback-request-parameter-removed"
                    if wire.mirrored
                    else "request-parameter-removed"
                )
                keys.append(
                    self.changes.emit(
                        rule,
                        param.node,
                        revision_op.node,
                        where=wire.where(_parameter_where(param)),
                    )
                )
                continue
            keys += self._compare_parameter(param, match, wire)
        for key, param in new.items():
            if key in old or key in renamed_to:
                continue
            if wire.mirrored:
                rule = "callback-request-parameter-added"
            elif param.required:
                rule = "request-parameter-required-added"
            else:
                rule = "request-parameter-optional-added"
            keys.append(
                self.changes.emit(
                    rule, base_op.node, param.node, where=wire.where(_parameter_where(param))
                )
            )
        return keys

    def _compare_parameter(self, old: Parameter, new: Parameter, wire: _Wire) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        where = wire.where(_parameter_where(new))
        if old.node.value == new.node.value and self.equivalence.same(old.node, new.node):
            return keys
        if old.required != new.required:
            change = "became-required" if new.required else "became-optional"
            prefix = "callback-request-parameter" if wire.mirrored else "request-parameter"
            keys.append(self.changes.emit(f"{prefix}-{change}", old.node, new.node, where=where))
        old_form = new_form = None
        if self.mixed_versions or _serialization_keys(old) != _serialization_keys(new):
            old_form, new_form = self.base.serialization(old), self.revision.serialization(new)
        if old_form is not None and new_form is not None and not old_form.same_as(new_form):
            if self.swagger2:  # speak the document's language
                rule = "request-parameter-collection-format-changed"
                before = str(old.node.value.get("collectionFormat", "csv"))
                after = str(new.node.value.get("collectionFormat", "csv"))
            else:
                rule = "request-parameter-serialization-changed"
                before, after = old_form.describe(), new_form.describe()
            keys.append(
                self.changes.emit(rule, old.node, new.node, where=where, old=before, new=after)
            )
        if not wire.mirrored:
            for flag, rule in (
                ("allowEmptyValue", "request-parameter-allow-empty-value"),
                ("allowReserved", "request-parameter-allow-reserved"),
            ):
                was = old.node.value.get(flag) is True
                now = new.node.value.get(flag) is True
                if was != now:
                    suffix = "added" if now else "removed"
                    keys.append(
                        self.changes.emit(f"{rule}-{suffix}", old.node, new.node, where=where)
                    )
        if old.schema is not None and new.schema is not None:
            encoding = _serialised_as(old.node, new.node)
            site = (
                SchemaSite(
                    "response", "response-header", where, context=wire.prefix, encoding=encoding
                )
                if wire.mirrored
                else SchemaSite("request", "request-parameter", where, encoding=encoding)
            )
            keys += self.schemas.compare(old.schema, new.schema, site)
        return keys

    def _parameter_renames(
        self, old: dict[ParameterKey, Parameter], new: dict[ParameterKey, Parameter]
    ) -> dict[ParameterKey, ParameterKey]:
        """A parameter that went away while one with the same location and the same schema
        appeared: a rename. Only unambiguous pairs (one candidate each way) count."""
        removed = [k for k in old if k not in new and k.location != "path"]
        added = [k for k in new if k not in old and k.location != "path"]
        if not removed or not added:
            return {}

        def same(a: Parameter, b: Parameter) -> bool:
            return (
                a.location == b.location
                and a.schema is not None
                and b.schema is not None
                and self.equivalence.same(a.schema, b.schema)
            )

        renames: dict[ParameterKey, ParameterKey] = {}
        for key in removed:
            candidates = [k for k in added if same(old[key], new[k])]
            if len(candidates) != 1:
                continue
            back = [k for k in removed if same(old[k], new[candidates[0]])]
            if back == [key]:
                renames[key] = candidates[0]
        return renames

    # -- request bodies ----------------------------------------------------------------------

    def _compare_request_bodies(
        self,
        old: RequestBody | None,
        new: RequestBody | None,
        revision_op: Operation,
        wire: _Wire,
    ) -> list[ChangeKey]:
        where = wire.where("request body")
        prefix = "callback-request-body" if wire.mirrored else "request-body"
        if old is None and new is None:
            return []
        if old is None:
            assert new is not None
            if wire.mirrored:
                rule = "callback-request-body-added"
            else:
                rule = (
                    "request-body-required-added" if new.required else "request-body-optional-added"
                )
            return [self.changes.emit(rule, None, new.node, where=where)]
        if new is None:
            return [self.changes.emit(f"{prefix}-removed", old.node, revision_op.node, where=where)]
        keys: list[ChangeKey] = []
        if old.required != new.required:
            change = "became-required" if new.required else "became-optional"
            keys.append(self.changes.emit(f"{prefix}-{change}", old.node, new.node, where=where))
        keys += self._compare_content(
            old.content,
            new.content,
            old.node,
            new.node,
            wire.request_side,
            where,
            sent_unasked=wire.mirrored,
            context=wire.prefix,
        )
        return keys

    # -- responses ---------------------------------------------------------------------------

    def _compare_responses(
        self, base_op: Operation, revision_op: Operation, wire: _Wire
    ) -> list[ChangeKey]:
        """Responses pair by status; a status with no entry of its own on one side is
        compared with the response that covered it there (its range, else ``default``), so
        an explicit response that replaces ``default`` for a status is judged against that
        ``default``, and one folded back into it likewise."""
        keys: list[ChangeKey] = []
        old = self.base.responses(base_op)
        new = self.revision.responses(revision_op)
        if not old and not new:
            return keys
        responses_node = revision_op.node.get("responses") or revision_op.node
        base_responses = base_op.node.get("responses") or base_op.node
        covers: set[str] = set()  # revision ranges and `default` that took over a status
        reading = _Reading(
            head=revision_op.method == "head", default_is_error=_default_is_error(old, new)
        )
        for status, response in old.items():
            match = new.get(status)
            where = wire.where(f"response {status}")
            if match is not None:
                keys += self._compare_response(response, match, where, wire, reading)
                continue
            if _split_range(status, new):
                continue  # a range now documented code by code: each code is compared below
            covering = _covering(status, new)
            if covering is not None:
                covers.add(covering)
                if is_success_status(status) and not wire.mirrored:
                    keys.append(
                        self.changes.emit(
                            "response-success-status-generalized",
                            response.node,
                            new[covering].node,
                            where="responses",
                            status=status,
                            covering=covering,
                        )
                    )
                where = wire.where(f"response {status} (now documented by {covering})")
                keys += self._compare_response(response, new[covering], where, wire, reading)
                continue
            if wire.mirrored:
                rule = "callback-response-status-removed"
            elif is_success_status(status):
                rule = "response-success-status-removed"
            else:
                rule = "response-non-success-status-removed"
            keys.append(
                self.changes.emit(
                    rule,
                    response.node,
                    responses_node,
                    where=wire.where("responses"),
                    status=status,
                )
            )
        for status, response in new.items():
            if status in old or status in covers:
                continue
            covering = _covering(status, old)
            if covering is not None:
                where = wire.where(f"response {status} (documented by {covering} before)")
                keys += self._compare_response(old[covering], response, where, wire, reading)
                continue
            if wire.mirrored:
                rule = "callback-response-status-added"
            elif is_success_status(status):
                rule = "response-success-status-added"
            else:
                rule = "response-non-success-status-added"
            keys.append(
                self.changes.emit(
                    rule,
                    base_responses,
                    response.node,
                    where=wire.where("responses"),
                    status=status,
                )
            )
        return keys

    def _compare_response(
        self, old: Response, new: Response, where: str, wire: _Wire, reading: _Reading
    ) -> list[ChangeKey]:
        if self.equivalence.same(old.node, new.node):
            return []
        keys: list[ChangeKey] = []
        if not (reading.head or _bodiless(old.status) or _bodiless(new.status)):
            keys += self._compare_content(
                old.content,
                new.content,
                old.node,
                new.node,
                wire.response_side,
                where,
                context=wire.prefix,
                error_body=not wire.mirrored and reading.is_error(old.status, new.status),
            )
        if not wire.mirrored:
            keys += self._compare_headers(old, new)
            keys += self._compare_links(old, new, where)
        return keys

    def _compare_headers(self, old: Response, new: Response) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        for name, header in old.headers.items():
            match = new.headers.get(name)
            where = f"response header '{header.name}' ({new.status})"
            if match is None:
                keys.append(
                    self.changes.emit("response-header-removed", header.node, new.node, where=where)
                )
                continue
            if header.required != match.required:
                change = "became-required" if match.required else "became-optional"
                keys.append(
                    self.changes.emit(
                        f"response-header-{change}", header.node, match.node, where=where
                    )
                )
            if header.schema is not None and match.schema is not None:
                encoding = _serialised_as(header.node, match.node)
                site = SchemaSite("response", "response-header", where, encoding=encoding)
                keys += self.schemas.compare(header.schema, match.schema, site)
        for name, header in new.headers.items():
            if name not in old.headers:
                where = f"response header '{header.name}' ({new.status})"
                keys.append(
                    self.changes.emit("response-header-added", old.node, header.node, where=where)
                )
        return keys

    def _compare_links(self, old: Response, new: Response, where: str) -> list[ChangeKey]:
        old_links, new_links = old.node.get("links"), new.node.get("links")
        if raw(old_links) == raw(new_links):
            return []
        keys: list[ChangeKey] = []
        before = _links(self.base, old_links)
        after = _links(self.revision, new_links)
        for name, link in before.items():
            match = after.get(name)
            if match is None:
                keys.append(
                    self.changes.emit(
                        "response-link-removed", link, new.node, name, where=where, link=name
                    )
                )
            elif _link_target(link) != _link_target(match) or _link_inputs(link) != _link_inputs(
                match
            ):
                keys.append(
                    self.changes.emit(
                        "response-link-changed", link, match, name, where=where, link=name
                    )
                )
        for name, link in after.items():
            if name not in before:
                keys.append(
                    self.changes.emit(
                        "response-link-added", old.node, link, name, where=where, link=name
                    )
                )
        return keys

    # -- media types -------------------------------------------------------------------------

    def _compare_content(
        self,
        old: dict[str, MediaType],
        new: dict[str, MediaType],
        old_owner: Node,
        new_owner: Node,
        side: str,
        where: str,
        sent_unasked: bool = False,
        context: str = "",
        error_body: bool = False,
    ) -> list[ChangeKey]:
        """``sent_unasked``: the API sends this body without the receiver choosing a media
        type (a callback request), so a new media type is the widening, not a removed one.
        ``error_body``: the body of an error response, whose media type no longer documented
        is the same change as the error response no longer documented (D37)."""
        keys: list[ChangeKey] = []
        family = "callback-request" if sent_unasked else side
        removed_rule = (
            "response-non-success-media-type-removed"
            if error_body
            else f"{family}-media-type-removed"
        )
        paired = media_pairs.pair_media(old, new)
        for name in paired.removed:
            media = old[name]
            keys.append(
                self.changes.emit(
                    removed_rule,
                    media.node,
                    new_owner,
                    where=where,
                    media_type=media.name,
                )
            )
        for old_name, new_name, how in paired.pairs:
            before, after = old[old_name], new[new_name]
            if how is not media_pairs.Pairing.SAME:
                rule = _media_renamed_rule(how, side, error_body)
                keys.append(
                    self.changes.emit(
                        rule, before.node, after.node, where=where, old=before.name, new=after.name
                    )
                )
            keys += self._compare_media_schemas(before, after, side, where, context, error_body)
        for name in paired.added:
            media = new[name]
            keys.append(
                self.changes.emit(
                    f"{family}-media-type-added",
                    old_owner,
                    media.node,
                    where=where,
                    media_type=media.name,
                )
            )
        return keys

    def _compare_media_schemas(
        self,
        old: MediaType,
        new: MediaType,
        side: str,
        where: str,
        context: str,
        error_body: bool = False,
    ) -> list[ChangeKey]:
        """``error_body``: an error response's schema no longer documented is less than its
        media type no longer documented, and gets the same verdict (D37)."""
        if old.schema is not None and new.schema is not None:
            encoding = FORM if _is_form(old.name) and _is_form(new.name) else JSON
            site = SchemaSite(
                side, f"{side}-body", f"{where} ({new.name})", context=context, encoding=encoding
            )
            return self.schemas.compare(old.schema, new.schema, site)
        if old.schema is None and new.schema is not None:
            return [
                self.changes.emit(
                    f"{side}-media-type-schema-added",
                    old.node,
                    new.schema,
                    where=where,
                    media_type=new.name,
                )
            ]
        if old.schema is not None and new.schema is None:
            return [
                self.changes.emit(
                    "response-non-success-media-type-schema-removed"
                    if error_body
                    else f"{side}-media-type-schema-removed",
                    old.schema,
                    new.node,
                    where=where,
                    media_type=new.name,
                )
            ]
        return []

    # -- callbacks and webhooks --------------------------------------------------------------

    def _compare_callbacks(self, base_op: Operation, revision_op: Operation) -> list[ChangeKey]:
        old_raw, new_raw = (
            base_op.node.value.get("callbacks"),
            revision_op.node.value.get("callbacks"),
        )
        if old_raw is None and new_raw is None:
            return []
        keys: list[ChangeKey] = []
        old = self.base.callbacks(base_op)
        new = self.revision.callbacks(revision_op)
        for (name, expression), item in old.items():
            match = new.get((name, expression))
            old_ops = self.base.operations(expression, item)
            new_ops = self.revision.operations(expression, match) if match is not None else {}
            for method, op in old_ops.items():
                where = f"callback '{name}' {method.upper()} {expression}"
                other = new_ops.get(method)
                if other is None:
                    keys.append(
                        self.changes.emit(
                            "callback-removed",
                            op.node,
                            match or revision_op.node,
                            where=where,
                            callback=name,
                        )
                    )
                    continue
                keys += self._compare_operation(op, other, _Wire(True, f"{where}: "))
            for method, op in new_ops.items():
                if method not in old_ops:
                    keys.append(self._callback_added(item, op, name, expression, method))
        for (name, expression), item in new.items():
            if (name, expression) not in old:
                for method, op in self.revision.operations(expression, item).items():
                    keys.append(self._callback_added(base_op.node, op, name, expression, method))
        return keys

    def _callback_added(
        self, base_anchor: Node, op: Operation, name: str, expression: str, method: str
    ) -> ChangeKey:
        return self.changes.emit(
            "callback-added",
            base_anchor,
            op.node,
            where=f"callback '{name}' {method.upper()} {expression}",
            callback=name,
        )

    def _compare_webhooks(self) -> None:
        old = self.base.webhooks()
        new = self.revision.webhooks()
        if not old and not new:
            return
        base_root = self.base.document.root.get("webhooks")
        revision_root = self.revision.document.root.get("webhooks")
        for name, item in old.items():
            match = new.get(name)
            old_ops = _webhook_operations(self.base, name, item)
            new_ops = _webhook_operations(self.revision, name, match) if match is not None else {}
            for method, op in old_ops.items():
                other = new_ops.get(method)
                if other is None:
                    key = self.changes.emit(
                        "webhook-removed",
                        op.node,
                        match or revision_root,
                        webhook=name,
                        method=method.upper(),
                    )
                    self._attribute([key], op, None)
                    continue
                where = f"webhook '{name}' {method.upper()}: "
                self._attribute(self._compare_operation(op, other, _Wire(True, where)), op, other)
            for method, op in new_ops.items():
                if method not in old_ops:
                    key = self.changes.emit(
                        "webhook-added", item, op.node, webhook=name, method=method.upper()
                    )
                    self._attribute([key], None, op)
        for name, item in new.items():
            if name not in old:
                for method, op in _webhook_operations(self.revision, name, item).items():
                    key = self.changes.emit(
                        "webhook-added", base_root, op.node, webhook=name, method=method.upper()
                    )
                    self._attribute([key], None, op)

    # -- document level ----------------------------------------------------------------------

    def _compare_component_schemas(self) -> None:
        old, new = self.base.component_schemas(), self.revision.component_schemas()
        if old is None or new is None or old.value.keys() == new.value.keys():
            return
        for name in old.value:
            if name not in new.value:
                self.changes.emit(
                    "component-schema-removed", old.child(name), new, schema=str(name)
                )

    def _compare_security_schemes(self) -> None:
        old, new = self.base.security_schemes(), self.revision.security_schemes()
        if not old and not new:
            return
        users: dict[str, list[tuple[Operation, Operation | None]]] | None = None
        renamed = {base_name: name for name, base_name in scheme_renames(old, new).items()}
        for name, scheme in old.items():
            match = new.get(name)
            if match is None and name in renamed:
                keys = [
                    self.changes.emit(
                        "security-scheme-renamed",
                        scheme.node,
                        new[renamed[name]].node,
                        old=name,
                        new=renamed[name],
                    )
                ]
            elif match is None:
                keys = [
                    self.changes.emit("security-scheme-removed", scheme.node, None, scheme=name)
                ]
            elif self.equivalence.same(scheme.node, match.node):
                continue
            else:
                keys = compare_scheme(self.changes, scheme, match)
            if not keys:
                continue
            if users is None:
                users = self._scheme_users()
            for base_op, revision_op in users.get(name, ()):
                self._attribute(keys, base_op, revision_op)
        for name, scheme in new.items():
            if name not in old and name not in renamed.values():
                self.changes.emit("security-scheme-added", None, scheme.node, scheme=name)

    def _scheme_users(self) -> dict[str, list[tuple[Operation, Operation | None]]]:
        """Security scheme name → the operations whose base security names it."""
        users: dict[str, list[tuple[Operation, Operation | None]]] = {}
        for base_op, revision_op in self.pairs:
            for requirement in self.base.security(base_op).requirements:
                for name, _ in requirement:
                    users.setdefault(name, []).append((base_op, revision_op))
        return users


# -- helpers ---------------------------------------------------------------------------------


def _parameter_where(param: Parameter) -> str:
    return f"{param.location} parameter '{param.name}'"


def _serialization_keys(param: Parameter) -> tuple[object, ...]:
    """What a parameter's serialisation is computed from, besides its location and the
    kind of its schema (a change of kind is a type change, reported as such)."""
    value = param.node.value
    content = value.get("content")
    return (
        value.get("style"),
        value.get("explode"),
        value.get("collectionFormat"),
        tuple(content) if isinstance(content, dict) else None,
    )


#: Bodies whose fields travel as text (a form), however each field is typed.
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")


def _serialised_as(old: Node, new: Node) -> str:
    """A parameter or header travels as text unless it is described by ``content`` (then
    its value is written in that media type, JSON most often): TEXT only when both are."""
    described = any(isinstance(node.value.get("content"), dict) for node in (old, new))
    return JSON if described else TEXT


def _is_form(media: str) -> bool:
    return media.split(";")[0].strip().lower() in _FORM_MEDIA


def _tags(op: Operation) -> frozenset[str]:
    tags = op.node.value.get("tags")
    return frozenset(str(t) for t in tags) if isinstance(tags, list) else frozenset()


def _bodiless(status: str) -> bool:
    """HTTP sends no body with 1xx, 204, 205 and 304: content documented there (often by
    mistake) is not on the wire, and removing it is a correction."""
    return status.startswith("1") or status in ("204", "205", "304")


def _media_renamed_rule(how: media_pairs.Pairing, side: str, error_body: bool) -> str:
    """The rule for a media type paired with one of another name. On an error body a
    wildcard or a changed parameter is less than the media type removed, so it gets that
    verdict (D37); a wildcard narrowed is compatible on every response."""
    if error_body and how is not media_pairs.Pairing.SPECIALIZED:
        return "response-non-success-media-type-changed"
    return {
        media_pairs.Pairing.PARAMETERS: f"{side}-media-type-parameters-changed",
        media_pairs.Pairing.GENERALIZED: f"{side}-media-type-generalized",
        media_pairs.Pairing.SPECIALIZED: f"{side}-media-type-specialized",
    }[how]


def _default_is_error(old: dict[str, Response], new: dict[str, Response]) -> bool:
    """``default`` is an error response when both sides document a success status (a 2xx
    code or ``2XX``); on an operation documented by ``default`` alone it is the response
    clients get on success, and its body is judged as a success body."""
    return all(any(is_success_status(status) for status in side) for side in (old, new))


def _covering(status: str, responses: dict[str, Response]) -> str | None:
    """The response that documents ``status`` when it has no entry of its own: its range
    (``4XX`` for 404), else ``default`` (never for a range's own absence of codes)."""
    if len(status) == 3 and status[0].isdigit() and status[1:].isdigit():
        candidate = f"{status[0]}XX"
        if candidate in responses:
            return candidate
    if status != "default" and "default" in responses:
        return "default"
    return None


def _split_range(status: str, responses: dict[str, Response]) -> bool:
    """True when the range ``status`` (``2XX``) is now documented by its individual codes."""
    return (
        len(status) == 3
        and status.endswith("XX")
        and any(code != status and code[:1] == status[:1] for code in responses)
    )


def _links(model: SpecModel, node: Node | None) -> dict[str, Node]:
    if node is None or not isinstance(node.value, dict):
        return {}
    found: dict[str, Node] = {}
    for name in node.value:
        link = model.document.deref(node.child(name))
        if isinstance(link.value, dict):
            found[str(name)] = link
    return found


def _link_target(link: Node) -> tuple[object, object]:
    return (link.value.get("operationId"), link.value.get("operationRef"))


def _link_inputs(link: Node) -> tuple[object, object]:
    return (link.value.get("parameters"), link.value.get("requestBody"))


def _webhook_operations(model: SpecModel, name: str, item: Node) -> dict[str, Operation]:
    return model.operations(f"webhook:{name}", item)
