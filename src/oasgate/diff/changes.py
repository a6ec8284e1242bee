"""Changes as the diff engine emits them, before classification and gating.

A change is identified by its rule and the nodes it concerns; the same change
reached from several operations (a shared component) is one :class:`Change`
whose ``operations`` lists all of them.
"""

from __future__ import annotations

from msgspec import Struct, field

from oasgate.catalogue import RuleId
from oasgate.errors import OasgateError
from oasgate.loading.document import Node, Pointer

Site = tuple[str, Pointer]  # (file key, pointer tokens)
ChangeKey = tuple[str, Site | None, Site | None, str]


class Change(Struct):
    rule: str
    base: Site | None
    revision: Site | None
    details: dict[str, str]
    operations: set[str] = field(default_factory=set)


def site_of(node: Node | None) -> Site | None:
    return None if node is None else (node.file, node.pointer)


class TooManyChanges(OasgateError):
    """The comparison produced more changes than its budget (``--max-findings``)."""

    def __init__(self, budget: int) -> None:
        super().__init__(f"more than {budget} findings")
        self.budget = budget


class ChangeSet:
    """Collects changes, merging the same change reached from different operations.

    With ``budget``, one change more than that raises :class:`TooManyChanges` at once:
    a 2 KB pair whose YAML aliases repeat one changed leaf 100,000 times would otherwise
    take minutes and write a report of hundreds of megabytes."""

    def __init__(self, budget: int | None = None) -> None:
        self.changes: dict[ChangeKey, Change] = {}
        self._budget = budget

    def emit(
        self,
        rule: RuleId,
        base: Node | None,
        revision: Node | None,
        distinct: str = "",
        **details: str,
    ) -> ChangeKey:
        """Record a change; ``distinct`` separates several changes of one rule at one node
        (e.g. each removed enum value). ``rule`` is a name of :mod:`oasgate.catalogue.ids`
        (or composed from its parts), never a string written here.

        The same change met again — one node reached by another route: a response
        component used under two status codes, a schema file reached through differently
        named properties — may come with other details (the ``where`` of that route). The
        change keeps the details that sort first, so what its message says and its
        fingerprint do not depend on which route the walk took first (the documents'
        order)."""
        key: ChangeKey = (rule, site_of(base), site_of(revision), distinct)
        known = self.changes.get(key)
        if known is None:
            if self._budget is not None and len(self.changes) >= self._budget:
                raise TooManyChanges(self._budget)
            self.changes[key] = Change(rule, key[1], key[2], details)
        elif details != known.details and details_order(details) < details_order(known.details):
            known.details = details
        return key

    def continuation(self) -> ChangeSet:
        """An empty set for the changes a later stage finds (the lifecycle policy's), under
        what is left of this set's budget: the two raise :class:`TooManyChanges` exactly
        where one set holding both would, as long as their rules differ."""
        budget = None if self._budget is None else self._budget - len(self.changes)
        return ChangeSet(budget)

    def scratch(self) -> ChangeSet:
        """An empty set under this set's whole budget, for changes that are looked at and
        never reported (what a probe of two schemas finds)."""
        return ChangeSet(self._budget)

    def attribute(self, keys: list[ChangeKey], operation: str) -> None:
        for key in keys:
            self.changes[key].operations.add(operation)


def details_order(details: dict[str, str]) -> list[tuple[str, str]]:
    """A total order of a change's details: the one :meth:`ChangeSet.emit` keeps."""
    return sorted(details.items())
