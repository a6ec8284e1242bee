"""The raw structural difference of two parsed documents: what ``oasgate diff`` prints to
debug a verdict.

It knows nothing of OpenAPI — no ``$ref`` resolution, no pairing of parameters or
variants, lists compared by position — which is the point: when ``check`` reports (or
does not report) a change, this shows what the text actually says. A hand-written walk,
not deepdiff: on the GHES 3.12 → 3.16 pair it takes 0.09 s where deepdiff takes 39 s, for
a list of the same edits (docs/decisions.md, D52). Equal subtrees are skipped with one
``==`` and one serialisation (both C speed), so the cost is that of what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from msgspec import Struct

#: how a node differs: only in the revision, only in the base, or a different value
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
_MISSING: Any = object()


class RawChange(Struct, frozen=True):
    """One edit: its kind, the JSON pointer of the node, and the node on each side
    (absent on the side that does not have it)."""

    kind: str
    pointer: str
    base: Any = _MISSING
    revision: Any = _MISSING

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"change": self.kind, "pointer": self.pointer}
        if self.base is not _MISSING:
            data["base"] = self.base
        if self.revision is not _MISSING:
            data["revision"] = self.revision
        return data


def escape(key: object) -> str:
    """A mapping key as a JSON pointer segment (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def raw_changes(base: Any, revision: Any, pointer: str = "") -> Iterator[RawChange]:
    """Every edit from ``base`` to ``revision``, in document order: a mapping's keys in
    the base's order (each removed key where it stood) then the revision's new ones, a
    list's items by position. A node whose type differs (a mapping that became a list,
    ``1`` that became ``true``) is one change. Iterative: nesting as deep as the loader
    allows costs no Python stack."""
    #: work to do, last first: a pair of nodes to compare, or an edit found
    stack: list[tuple[Any, Any, str] | RawChange] = [(base, revision, pointer)]
    while stack:
        item = stack.pop()
        if isinstance(item, RawChange):
            yield item
            continue
        old, new, where = item
        if _same(old, new):
            continue
        steps: list[tuple[Any, Any, str] | RawChange] = []
        if isinstance(old, dict) and isinstance(new, dict):
            for key, value in old.items():
                path = f"{where}/{escape(key)}"
                steps.append(
                    (value, new[key], path) if key in new else RawChange(REMOVED, path, base=value)
                )
            steps += [
                RawChange(ADDED, f"{where}/{escape(key)}", revision=value)
                for key, value in new.items()
                if key not in old
            ]
        elif isinstance(old, list) and isinstance(new, list):
            common = min(len(old), len(new))
            steps += [(old[i], new[i], f"{where}/{i}") for i in range(common)]
            steps += [
                RawChange(REMOVED, f"{where}/{i}", base=old[i]) for i in range(common, len(old))
            ]
            steps += [
                RawChange(ADDED, f"{where}/{i}", revision=new[i]) for i in range(common, len(new))
            ]
        else:
            yield RawChange(CHANGED, where, base=old, revision=new)
            continue
        stack.extend(reversed(steps))


def _same(old: Any, new: Any) -> bool:
    """Equal as written. ``==`` alone is the fast test but calls ``1``, ``1.0`` and
    ``true`` equal, so an equal pair is also compared as serialised: each subtree is
    serialised at most once (as part of the largest equal subtree holding it), so this
    adds a cost proportional to the documents, not to their depth."""
    if type(old) is not type(new) or old != new:
        return False
    if isinstance(old, (dict, list)):
        option = orjson.OPT_NON_STR_KEYS
        try:
            return orjson.dumps(old, option=option) == orjson.dumps(new, option=option)
        except orjson.JSONEncodeError:  # nested deeper than orjson goes: walk into it
            return False
    return True
