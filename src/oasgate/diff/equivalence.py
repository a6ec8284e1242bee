"""Deciding cheaply that two subtrees are the same, ``$ref`` targets included.

Most of a large spec does not change between two versions. Raw equality of the
parsed data is a C-speed test, but two equal ``$ref`` strings may point at
targets that did change, so a subtree is "the same" only when it is raw-equal
*and* every reference inside it reaches equal targets, transitively. References
are found by the document's :class:`~oasgate.loading.refscan.SubtreeScanner` (one C-speed
serialisation per subtree, shared by every walk), and each verdict on a reference is
kept for the run: the diff walk and the lifecycle walk share one :class:`Equivalence`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from oasgate.errors import OasgateError
from oasgate.loading.document import Document, Node

RefKey = tuple[str, str, str]  # (ref, base file, revision file)

_NOTHING = 1 << 30  # "relied on no reference in progress"

#: Keys that document an object without changing what goes over the wire.
DOCUMENTATION_KEYS = frozenset({"description", "summary", "externalDocs", "example", "examples"})
#: Vendor extensions that do carry meaning for oasgate (lifecycle annotations).
MEANINGFUL_EXTENSIONS = frozenset(
    {"x-lifecycle", "x-stability-level", "x-sunset", "x-extensible-enum"}
)


def _without_docs(value: dict[Any, Any]) -> dict[Any, Any]:
    return {
        key: item
        for key, item in value.items()
        if key not in DOCUMENTATION_KEYS
        and not (isinstance(key, str) and key.startswith("x-") and key not in MEANINGFUL_EXTENSIONS)
    }


class Equivalence:
    def __init__(self, base: Document, revision: Document) -> None:
        self._base = base
        self._revision = revision
        self._known: dict[RefKey, bool] = {}
        #: verdicts by the identities of both values and their files (docs included or not),
        #: each entry holding both values so that no other object takes their ids
        self._verdicts: dict[tuple[int, str, int, str, bool], tuple[Any, Any, bool]] = {}

    def same(self, base: Node, revision: Node) -> bool:
        """True when both nodes, and everything their references reach, are equal.

        Asked once per pair of values: the walks ask again of every node they meet that
        operations share (a component response, a shared parameter), and a large pair
        that did not change is otherwise compared in full each time it is met."""
        key = (id(base.value), base.file, id(revision.value), revision.file, True)
        known = self._verdicts.get(key)
        if known is not None:
            return known[2]
        same = self._same_values(base.value, base.file, revision.value, revision.file)
        self._verdicts[key] = (base.value, revision.value, same)
        return same

    def same_apart_from_docs(self, base: Node, revision: Node) -> bool:
        """Like :meth:`same`, ignoring the top-level keys that only document (description,
        summary, externalDocs, examples and vendor extensions that carry no lifecycle
        meaning): a changed documentation link must not defeat the skip of an operation."""
        if not isinstance(base.value, dict) or not isinstance(revision.value, dict):
            return self.same(base, revision)
        key = (id(base.value), base.file, id(revision.value), revision.file, False)
        known = self._verdicts.get(key)
        if known is not None:
            return known[2]
        # Equal as a whole is the common case (and a C-speed test): only when it fails are
        # copies without the documentation keys worth building.
        whole = base.value == revision.value
        same = whole or _without_docs(base.value) == _without_docs(revision.value)
        if same:
            # The references of the documentation too: one scan of the whole node, which
            # later questions about it reuse; a changed example only costs a closer look.
            refs = self._scan(base.value, revision.value, whole=whole)
            same, _ = self._refs_same(refs, base.file, revision.file, {}, {})
        self._verdicts[key] = (base.value, revision.value, same)
        return same

    def _same_values(self, base: Any, base_file: str, revision: Any, revision_file: str) -> bool:
        if base is revision:
            return True
        if base != revision:
            return False
        if isinstance(base, dict):
            for item in base.values():
                if isinstance(item, (dict, list)):
                    break
            else:
                # Nothing nested (half the questions on synth-8x: a bare reference, a
                # property's own keywords): its one possible reference is its own ``$ref``,
                # read without a serialisation to search; its target is usually known.
                ref = base.get("$ref")
                if not isinstance(ref, str):
                    return True
                known = self._known.get((ref, base_file, revision_file))
                if known is not None:
                    return known
                same, _ = self._refs_same((ref,), base_file, revision_file, {}, {})
                return same
        refs = self._scan(base, revision, whole=True)
        same, _ = self._refs_same(refs, base_file, revision_file, {}, {})
        return same

    def _scan(self, base: Any, revision: Any, *, whole: bool) -> tuple[str, ...]:
        """The references of a base subtree; when the revision's subtree is equal to it
        (``whole``), the revision's scanner is handed the same answer: equal values have
        the same references and mention the same keys, and the lifecycle walk asks the
        revision's scanner about the same subtrees again (its annotation index)."""
        found = self._base.subtrees.scan(base)
        if whole:
            self._revision.subtrees.adopt(revision, found)
        return found.refs

    def _refs_same(
        self,
        refs: Iterable[str],
        base_file: str,
        revision_file: str,
        in_progress: dict[RefKey, int],
        pending: dict[RefKey, int],
    ) -> tuple[bool, int]:
        """Whether every reference of ``refs`` (those of a base subtree) reaches equal
        targets, and the depth of the shallowest reference still being checked that this
        verdict relied on (a cycle).

        Each target is walked at most once per call and cached for the run as soon as its
        verdict no longer relies on a reference still in progress (as in Tarjan's strongly
        connected components): a target proven equal only under such an assumption waits
        in ``pending`` until that reference is settled. Caching only at the top made big
        shared graphs quadratic; caching nothing under a cycle made them exponential."""
        relied_on = _NOTHING
        for ref in refs:
            key = (ref, base_file, revision_file)
            known = self._known.get(key)
            if known is not None:
                if not known:
                    return False, _NOTHING
                continue
            depth = in_progress.get(key, pending.get(key))
            if depth is not None:  # in progress, or equal if what it relies on is
                relied_on = min(relied_on, depth)
                continue
            try:
                base_target = self._base.ref_target(ref, base_file, ())
                revision_target = self._revision.ref_target(ref, revision_file, ())
            except OasgateError:
                return False, _NOTHING  # let the real walk report it with its position
            if base_target.value != revision_target.value:
                self._known[key] = False
                return False, _NOTHING
            depth = in_progress[key] = len(in_progress)
            try:
                same, inner = self._refs_same(
                    self._scan(base_target.value, revision_target.value, whole=True),
                    base_target.file,
                    revision_target.file,
                    in_progress,
                    pending,
                )
            finally:
                del in_progress[key]
            if not same:
                self._known[key] = False
                return False, _NOTHING
            settled = [other for other, low in pending.items() if low >= depth]
            if inner >= depth:  # relies on nothing outside its own walk: settled
                self._known[key] = True
                for other in settled:
                    self._known[other] = True
                    del pending[other]
            else:
                pending[key] = inner
                for other in settled:
                    pending[other] = inner
                relied_on = min(relied_on, inner)
        return True, relied_on
