"""What every part of one comparison shares: the two models, the equivalence verdicts,
the change set and the schema comparer, the operations paired so far.

The walk is split by what it compares (paths, parameters, bodies, responses, callbacks,
components); each part is a function of this context, so the parts share one state
without sharing one class.
"""

from __future__ import annotations

from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.diff.equivalence import Equivalence
from oasgate.diff.result import DiffResult
from oasgate.diff.schemas import SchemaComparer
from oasgate.diff.security import scheme_renames
from oasgate.model.objects import Operation
from oasgate.model.spec import SpecModel
from oasgate.model.swagger2 import Swagger2Model


class DiffContext:
    """One comparison of ``base`` with ``revision`` and what it has found so far."""

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

    def attribute(
        self, keys: list[ChangeKey], base_op: Operation | None, revision_op: Operation | None
    ) -> None:
        """Record that ``keys`` concern this operation (named by its revision side)."""
        if not keys:
            return
        label = (revision_op or base_op).label  # type: ignore[union-attr]
        self.changes.attribute(keys, label)
        self.result.operations.setdefault(label, (base_op, revision_op))

    def renamed_schemes(self) -> dict[str, str]:
        """Security scheme renames (revision name → base name), worked out the first time an
        operation's security differs."""
        if self._renamed_schemes is None:
            self._renamed_schemes = scheme_renames(
                self.base.security_schemes(), self.revision.security_schemes()
            )
        return self._renamed_schemes
