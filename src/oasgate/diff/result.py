"""What one comparison of two documents produced: its changes, the equivalence verdicts
it reached, and the operations its changes name.

Kept apart from the walk that fills it so that the stages after the diff (the lifecycle
policy, the engine) read a result without importing the walk.
"""

from __future__ import annotations

from msgspec import Struct, field

from oasgate.diff.changes import ChangeSet
from oasgate.diff.equivalence import Equivalence
from oasgate.model.objects import Operation


class DiffResult(Struct):
    changes: ChangeSet
    #: the verdicts on subtrees reached so far (later walks of the same pair reuse them)
    equivalence: Equivalence
    #: every operation label mentioned by a change → (base operation, revision operation)
    operations: dict[str, tuple[Operation | None, Operation | None]] = field(default_factory=dict)
