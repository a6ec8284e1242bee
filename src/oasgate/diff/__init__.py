"""The paired walk of base and revision that produces typed changes.

``compare_specs`` is the entry point; :mod:`.changes` holds the change sink,
:mod:`.equivalence` decides cheaply which subtrees are unchanged (refs
included), :mod:`.schemas` compares schemas once per pair of shared
components, and :mod:`.operations` walks paths, operations, parameters,
bodies and responses.
"""

from oasgate.diff.changes import Change, ChangeSet
from oasgate.diff.operations import compare_specs

__all__ = ["Change", "ChangeSet", "compare_specs"]
