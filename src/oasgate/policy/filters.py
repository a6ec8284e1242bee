"""Filters: which operations and elements a comparison reports on.

``--include-path``/``--exclude-path`` (operation globs, ``/admin/**`` or
``GET /pets/*``), ``--include-tag``/``--exclude-tag`` and ``--exclude-extension
x-internal`` leave changes out of the report; a change left out is never an error, and
the report counts what each filter left out. Docs: docs/workflows.md.

What decides is read from the **base** document: an operation's tags, and the
extensions of an operation, parameter, property or schema (the node a change is about,
or any node that encloses it). A pull request that marks a released operation
``x-internal: true`` or moves it to an excluded tag exempts nothing. An operation new in
the revision has no base, so its own tags and extensions decide; an element added to a
base object is judged by the base object it joins.

A change met by several operations loses the operations filtered out and is left out
only when none is left; a change that concerns no operation (a component nobody uses,
``info.version``) is judged by extensions alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from oasgate.diff.changes import Change
from oasgate.loading.document import Document, Pointer
from oasgate.model.objects import Operation
from oasgate.policy.status import OperationGlob

OperationPair = tuple[Operation | None, Operation | None]


class Filters(Struct, frozen=True):
    """The filters of a run (config ``filters:``, then the flags)."""

    include_paths: tuple[OperationGlob, ...] = ()
    exclude_paths: tuple[OperationGlob, ...] = ()
    include_tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    exclude_extensions: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(
            (
                self.include_paths,
                self.exclude_paths,
                self.include_tags,
                self.exclude_tags,
                self.exclude_extensions,
            )
        )

    def operation_verdict(self, pair: OperationPair) -> tuple[str, str] | None:
        """The filter (option, value) that leaves this operation out, or None. The base
        operation decides when there is one, else the revision's (a new operation)."""
        base_op, revision_op = pair
        operation = base_op or revision_op
        if operation is None:
            return None
        label = operation.label
        for glob in self.exclude_paths:
            if glob.matches(label):
                return ("exclude-path", glob.pattern)
        if self.include_paths and not any(glob.matches(label) for glob in self.include_paths):
            return ("include-path", ", ".join(glob.pattern for glob in self.include_paths))
        tags = _tags(operation)
        for tag in self.exclude_tags:
            if tag in tags:
                return ("exclude-tag", tag)
        if self.include_tags and not tags.intersection(self.include_tags):
            return ("include-tag", ", ".join(self.include_tags))
        for extension in self.exclude_extensions:
            if _truthy(operation.node.value, extension) or _truthy(
                operation.path_item.value, extension
            ):
                return ("exclude-extension", extension)
        return None

    def apply(
        self,
        changes: list[tuple[Any, Change]],
        operations: Mapping[str, OperationPair],
        base: Document,
    ) -> tuple[list[tuple[Any, Change]], Counter[tuple[str, str]]]:
        """The changes kept (with the operations filtered out removed from each) and, per
        filter, how many changes it left out."""
        kept: list[tuple[Any, Change]] = []
        left_out: Counter[tuple[str, str]] = Counter()
        verdicts: dict[str, tuple[str, str] | None] = {}
        for key, change in changes:
            reason = self._element_verdict(change, base)
            if reason is None and change.operations:
                for label in change.operations:
                    if label not in verdicts:
                        pair = operations.get(label)
                        verdicts[label] = None if pair is None else self.operation_verdict(pair)
                remaining = {label for label in change.operations if verdicts[label] is None}
                if not remaining:
                    reason = min(v for label in change.operations if (v := verdicts[label]))
                elif remaining != change.operations:
                    change = replace(change, operations=remaining)
            if reason is None:
                kept.append((key, change))
            else:
                left_out[reason] += 1
        return kept, left_out

    def _element_verdict(self, change: Change, base: Document) -> tuple[str, str] | None:
        """An excluded extension on the base node of the change or on any node enclosing it."""
        if not self.exclude_extensions or change.base is None:
            return None
        file, pointer = change.base
        for value in _enclosing(base, file, pointer):
            for extension in self.exclude_extensions:
                if _truthy(value, extension):
                    return ("exclude-extension", extension)
        return None


def _enclosing(document: Document, file: str, pointer: Pointer) -> list[Any]:
    """The values from the file's root down to ``pointer`` (as far as they exist)."""
    found: list[Any] = []
    for depth in range(len(pointer) + 1):
        node = document.node_at(file, pointer[:depth])
        if node is None:
            break
        found.append(node.value)
    return found


def _tags(operation: Operation) -> frozenset[str]:
    tags = operation.node.value.get("tags")
    if not isinstance(tags, list):
        return frozenset()
    return frozenset(tag for tag in tags if isinstance(tag, str))


def _truthy(value: Any, extension: str) -> bool:
    """``x-internal: true`` (or any value but false, null, 0, '' and 'false')."""
    if not isinstance(value, dict) or extension not in value:
        return False
    flag = value[extension]
    if isinstance(flag, str):
        return flag.strip().lower() not in ("", "false", "no", "0")
    return bool(flag)
