"""The walk over paths, operations, parameters, request bodies and responses."""

from __future__ import annotations

from dataclasses import dataclass, field

from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.equivalence import Equivalence
from oasgate.diff.schemas import SchemaComparer, SchemaSite
from oasgate.document import Node
from oasgate.model import (
    MediaType,
    Operation,
    Parameter,
    RequestBody,
    Response,
    SpecModel,
    is_success_status,
)


@dataclass
class DiffResult:
    changes: ChangeSet
    #: every operation label mentioned by a change → (base operation, revision operation)
    operations: dict[str, tuple[Operation | None, Operation | None]] = field(default_factory=dict)


def compare_specs(base: SpecModel, revision: SpecModel) -> DiffResult:
    return _Walker(base, revision).run()


class _Walker:
    def __init__(self, base: SpecModel, revision: SpecModel) -> None:
        self.base = base
        self.revision = revision
        self.result = DiffResult(ChangeSet())
        self.changes = self.result.changes
        self.equivalence = Equivalence(base.document, revision.document)
        self.schemas = SchemaComparer(
            base.document, revision.document, self.changes, self.equivalence
        )

    def run(self) -> DiffResult:
        base_paths = self.base.path_items()
        revision_paths = self.revision.path_items()
        revision_root_paths = self.revision.document.root.get("paths")
        for shape, (path, base_item) in base_paths.items():
            matched = revision_paths.get(shape)
            base_ops = self.base.operations(path, base_item)
            if matched is None:
                key = self.changes.emit("path-removed", base_item, revision_root_paths, path=path)
                for op in base_ops.values():
                    self._attribute([key], op, None)
                continue
            revision_path, revision_item = matched
            revision_ops = self.revision.operations(revision_path, revision_item)
            for method, base_op in base_ops.items():
                revision_op = revision_ops.get(method)
                if revision_op is None:
                    key = self.changes.emit(
                        "operation-removed", base_op.node, revision_item, operation=base_op.label
                    )
                    self._attribute([key], base_op, None)
                else:
                    self._attribute(
                        self._compare_operation(base_op, revision_op), base_op, revision_op
                    )
            for method, revision_op in revision_ops.items():
                if method not in base_ops:
                    key = self.changes.emit(
                        "operation-added", base_item, revision_op.node, operation=revision_op.label
                    )
                    self._attribute([key], None, revision_op)
        base_root_paths = self.base.document.root.get("paths")
        for shape, (path, revision_item) in revision_paths.items():
            if shape not in base_paths:
                key = self.changes.emit("path-added", base_root_paths, revision_item, path=path)
                for op in self.revision.operations(path, revision_item).values():
                    self._attribute([key], None, op)
        return self.result

    def _attribute(
        self, keys: list[ChangeKey], base_op: Operation | None, revision_op: Operation | None
    ) -> None:
        if not keys:
            return
        label = (revision_op or base_op).label  # type: ignore[union-attr]
        self.changes.attribute(keys, label)
        self.result.operations.setdefault(label, (base_op, revision_op))

    # -- one operation -----------------------------------------------------------------------

    def _compare_operation(self, base_op: Operation, revision_op: Operation) -> list[ChangeKey]:
        same_context = self.base.inherited(base_op) == self.revision.inherited(revision_op)
        same_path_level = same_context and self._same_path_level(base_op, revision_op)
        if same_path_level and self.equivalence.same_apart_from_docs(
            base_op.node, revision_op.node
        ):
            return []
        keys: list[ChangeKey] = []
        same_parameters = same_path_level and self._same_part(base_op, revision_op, "parameters")
        if not same_parameters:
            keys += self._compare_parameters(base_op, revision_op)
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
            )
        if not (same_context and self._same_part(base_op, revision_op, "responses")):
            keys += self._compare_responses(base_op, revision_op)
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

    def _compare_parameters(self, base_op: Operation, revision_op: Operation) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        old = self.base.parameters(base_op)
        new = self.revision.parameters(revision_op)
        for key, param in old.items():
            match = new.get(key)
            where = _parameter_where(param)
            if match is None:
                keys.append(
                    self.changes.emit(
                        "request-parameter-removed", param.node, revision_op.node, where=where
                    )
                )
                continue
            if param.required != match.required:
                rule = (
                    "request-parameter-became-required"
                    if match.required
                    else "request-parameter-became-optional"
                )
                keys.append(
                    self.changes.emit(rule, param.node, match.node, where=_parameter_where(match))
                )
            if param.schema is not None and match.schema is not None:
                site = SchemaSite("request", "request-parameter", _parameter_where(match))
                keys += self.schemas.compare(param.schema, match.schema, site)
        for key, param in new.items():
            if key not in old:
                rule = (
                    "request-parameter-required-added"
                    if param.required
                    else "request-parameter-optional-added"
                )
                keys.append(
                    self.changes.emit(rule, base_op.node, param.node, where=_parameter_where(param))
                )
        return keys

    def _compare_request_bodies(
        self, old: RequestBody | None, new: RequestBody | None, revision_op: Operation
    ) -> list[ChangeKey]:
        where = "request body"
        if old is None and new is None:
            return []
        if old is None:
            assert new is not None
            rule = "request-body-required-added" if new.required else "request-body-optional-added"
            return [self.changes.emit(rule, None, new.node, where=where)]
        if new is None:
            return [
                self.changes.emit("request-body-removed", old.node, revision_op.node, where=where)
            ]
        keys: list[ChangeKey] = []
        if old.required != new.required:
            rule = (
                "request-body-became-required" if new.required else "request-body-became-optional"
            )
            keys.append(self.changes.emit(rule, old.node, new.node, where=where))
        keys += self._compare_content(
            old.content, new.content, old.node, new.node, "request", "request body"
        )
        return keys

    def _compare_responses(self, base_op: Operation, revision_op: Operation) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        old = self.base.responses(base_op)
        new = self.revision.responses(revision_op)
        responses_node = revision_op.node.get("responses") or revision_op.node
        for status, response in old.items():
            match = new.get(status)
            where = f"response {status}"
            if match is None:
                rule = (
                    "response-success-status-removed"
                    if is_success_status(status)
                    else "response-non-success-status-removed"
                )
                keys.append(
                    self.changes.emit(
                        rule, response.node, responses_node, where="responses", status=status
                    )
                )
                continue
            keys += self._compare_response(response, match, where)
        base_responses = base_op.node.get("responses") or base_op.node
        for status, response in new.items():
            if status not in old:
                keys.append(
                    self.changes.emit(
                        "response-status-added",
                        base_responses,
                        response.node,
                        where="responses",
                        status=status,
                    )
                )
        return keys

    def _compare_response(self, old: Response, new: Response, where: str) -> list[ChangeKey]:
        if self.equivalence.same(old.node, new.node):
            return []
        keys = self._compare_content(
            old.content, new.content, old.node, new.node, "response", where
        )
        for name, header in old.headers.items():
            match = new.headers.get(name)
            if match is not None and header.schema is not None and match.schema is not None:
                site = SchemaSite(
                    "response", "response-header", f"response header '{match.name}' ({new.status})"
                )
                keys += self.schemas.compare(header.schema, match.schema, site)
        return keys

    def _compare_content(
        self,
        old: dict[str, MediaType],
        new: dict[str, MediaType],
        old_owner: Node,
        new_owner: Node,
        side: str,
        where: str,
    ) -> list[ChangeKey]:
        keys: list[ChangeKey] = []
        for name, media in old.items():
            match = new.get(name)
            if match is None:
                keys.append(
                    self.changes.emit(
                        f"{side}-media-type-removed",
                        media.node,
                        new_owner,
                        where=where,
                        media_type=media.name,
                    )
                )
                continue
            if media.schema is not None and match.schema is not None:
                site = SchemaSite(side, f"{side}-body", f"{where} ({match.name})")
                keys += self.schemas.compare(media.schema, match.schema, site)
        for name, media in new.items():
            if name not in old:
                keys.append(
                    self.changes.emit(
                        f"{side}-media-type-added",
                        old_owner,
                        media.node,
                        where=where,
                        media_type=media.name,
                    )
                )
        return keys


def _parameter_where(param: Parameter) -> str:
    return f"{param.location} parameter '{param.name}'"
