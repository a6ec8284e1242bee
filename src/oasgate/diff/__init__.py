"""The paired walk of base and revision that produces typed changes.

``compare_specs`` (:mod:`.walk`) is the entry point; :mod:`.changes` holds the change
sink, :mod:`.equivalence` decides cheaply which subtrees are unchanged (refs included),
:mod:`.schemas` compares schemas once per pair of shared components, and :mod:`.paths`,
:mod:`.operation`, :mod:`.parameters`, :mod:`.bodies`, :mod:`.responses`,
:mod:`.callbacks` and :mod:`.components` walk the parts of the documents;
:mod:`.lifecycle_pairs` hands the lifecycle policy the elements it judges.
"""

from oasgate.diff.changes import Change, ChangeSet
from oasgate.diff.walk import compare_specs

__all__ = ["Change", "ChangeSet", "compare_specs"]
