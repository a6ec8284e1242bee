"""Deciding cheaply that two subtrees are the same, ``$ref`` targets included.

Most of a large spec does not change between two versions. Raw equality of the
parsed data is a C-speed test, but two equal ``$ref`` strings may point at
targets that did change, so a subtree is "the same" only when it is raw-equal
*and* every reference inside it reaches equal targets, transitively. References
are found by serialising the subtree with orjson and scanning for ``"$ref":"..."``
(also C speed); a property *named* ``$ref`` has an object value and never matches.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from oasgate.canonical import dump
from oasgate.document import Document, Node
from oasgate.errors import OasgateError

_REF_STRING = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')

RefKey = tuple[str, str, str]  # (ref, base file, revision file)

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


def refs_in(value: Any) -> list[str]:
    """Every ``$ref`` string in a subtree (over-approximation is harmless)."""
    if not isinstance(value, (dict, list)):
        return []
    data = dump(value)
    if b'"$ref"' not in data:
        return []
    found = []
    for match in _REF_STRING.finditer(data):
        raw = match.group(1)
        found.append(orjson.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode())
    return found


class Equivalence:
    def __init__(self, base: Document, revision: Document) -> None:
        self._base = base
        self._revision = revision
        self._known: dict[RefKey, bool] = {}

    def same(self, base: Node, revision: Node) -> bool:
        """True when both nodes, and everything their references reach, are equal."""
        return self._same_values(base.value, base.file, revision.value, revision.file)

    def same_apart_from_docs(self, base: Node, revision: Node) -> bool:
        """Like :meth:`same`, ignoring the top-level keys that only document (description,
        summary, externalDocs, examples and vendor extensions that carry no lifecycle
        meaning): a changed documentation link must not defeat the skip of an operation."""
        if not isinstance(base.value, dict) or not isinstance(revision.value, dict):
            return self.same(base, revision)
        return self._same_values(
            _without_docs(base.value), base.file, _without_docs(revision.value), revision.file
        )

    def _same_values(self, base: Any, base_file: str, revision: Any, revision_file: str) -> bool:
        if base is revision:
            return True
        if base != revision:
            return False
        visiting: set[RefKey] = set()
        result = self._refs_same(base, base_file, revision_file, visiting)
        if result:
            for key in visiting:  # no difference anywhere reachable: all of them are equal
                self._known[key] = True
        return result

    def _refs_same(
        self, value: Any, base_file: str, revision_file: str, visiting: set[RefKey]
    ) -> bool:
        for ref in refs_in(value):
            key = (ref, base_file, revision_file)
            known = self._known.get(key)
            if known is not None:
                if not known:
                    return False
                continue
            if key in visiting:
                continue  # a cycle: assumed equal until something says otherwise
            visiting.add(key)
            try:
                base_target = self._base.ref_target(ref, base_file, ())
                revision_target = self._revision.ref_target(ref, revision_file, ())
            except OasgateError:
                return False  # let the real walk report it with its position
            if base_target.value != revision_target.value or not self._refs_same(
                base_target.value, base_target.file, revision_target.file, visiting
            ):
                self._known[key] = False
                return False
        return True
