"""Following ``$ref``s in the schema comparer, and naming what they lead to.

The comparer resolves the same references many times (every variant, every property
flag), so it reads a document through a :class:`Resolver`, which caches each resolution.
What a resolved schema *is* — the component it names, or the place it is written — must
compare equal between the base and the revision (:func:`identity`): that is what pairs
a schema with itself across two documents and ends the walk round a recursive one.
"""

from __future__ import annotations

from typing import Any

from oasgate.loading.document import Document, Node


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


class Resolver:
    """A document's ``deref`` with a cache: the comparer asks for the same references many
    times (every variant, every property flag), and each fresh resolution decodes a pointer."""

    __slots__ = ("_cache", "document", "expansions")

    def __init__(self, document: Document) -> None:
        self.document = document
        self._cache: dict[tuple[str, str], Node] = {}
        #: :func:`~oasgate.diff.normal_form.expanded_text` by node, asked again for the same
        #: ``allOf`` member wherever its owner is compared
        self.expansions: dict[tuple[Any, ...], bytes | None] = {}

    @property
    def root(self) -> Node:
        return self.document.root

    def deref(self, node: Node) -> Node:
        value = node.value
        ref = value.get("$ref") if isinstance(value, dict) else None
        if not isinstance(ref, str):
            return node
        # Where a reference leads depends on its text and the file it is written in, not on
        # its place there: one entry per reference of a file (a failure raises, unkept).
        key = (ref, node.file)
        found = self._cache.get(key)
        if found is None:
            found = self.document.deref(node)
            self._cache[key] = found
        return found


def schema_name(node: Node) -> str | None:
    """The component name of a resolved schema (``Pet`` for ``#/components/schemas/Pet``)."""
    pointer = node.pointer
    if len(pointer) >= 2 and pointer[-2] in ("schemas", "definitions", "$defs"):
        return str(pointer[-1])
    if not pointer:
        name = node.file.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0]
    return None


def component_name(node: Node) -> str:
    """A name for a resolved schema in messages: its key, or its file's stem."""
    if node.pointer:
        return str(node.pointer[-1])
    name = node.file.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def identity(document: Resolver, node: Node) -> tuple[str, tuple[Any, ...]]:
    """Which schema a resolved node is, comparable between the base and the revision: a
    component by its name (``#/definitions/Pet`` in Swagger 2.0 is ``#/components/schemas/Pet``
    in 3.x), anything else by where it is written — its file named from the root document
    (:meth:`~oasgate.loading.document.Document.spec_path`), so that two sides in different
    directories under one reference root name their components alike."""
    file = document.document.spec_path(node.file)
    name = schema_name(node)
    return (file, ("#", name)) if name is not None else (file, node.pointer)
