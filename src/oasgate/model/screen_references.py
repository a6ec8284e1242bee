"""``$ref``s followed as openapi-spec-validator's walk follows them, on plain data (D92).

The walk reads the document through ``jsonschema-path``, which resolves each ``$ref`` with
``referencing``: joined to the address of the file it is written in, the file read through
the loader the library is given, a bare fragment inside the same file. :class:`LibraryReferences`
does the same on the data :mod:`oasgate.model.semantic_screen` walks, and raises
:class:`Undecided` wherever the library's resolver could do something else — a ``$id`` that
moves the base, an anchor, a file it cannot read or crawl, a pointer it cannot follow — so
that the library's own walk decides there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin


class Undecided(Exception):
    """Something the screen does not judge: the library's walk decides."""


class LibraryReferences:
    """The files of one document as the library's resolver reads them, and its ``$ref``s."""

    def __init__(self, root: Any, root_uri: str, load: Callable[[str], Any] | None) -> None:
        self.root = root
        self.root_uri = root_uri
        self.load = load
        #: each file read, by the address the library's resolver reads it under
        self.files: dict[str, Any] = {root_uri: root}
        #: the file each mapping outside the root file is written in (by ``id``: the files
        #: are kept alive in ``files``); a mapping not listed is the root file's
        self.written_in: dict[int, str] = {}
        self._registry: Any = None

    def resolve(self, value: Any) -> Any:
        """``value`` with its ``$ref`` chain followed, each against the file it is in."""
        for _ in range(64):
            # a reference is a mapping whose ``$ref`` is a string (as jsonschema-path reads
            # it: a property named ``$ref`` is not one)
            if not isinstance(value, dict) or not isinstance(value.get("$ref"), str):
                return value
            value = self._target(value["$ref"], self.written_in.get(id(value), self.root_uri))
        raise Undecided("a long chain of references")

    def mapping(self, value: Any) -> dict[Any, Any]:
        """``value`` resolved, which the library's walk reads as a mapping (its items)."""
        value = self.resolve(value)
        if not isinstance(value, dict):
            raise Undecided("a mapping expected")  # the library's walk stumbles or skips
        return value

    def sequence(self, value: Any) -> list[Any]:
        value = self.resolve(value)
        if not isinstance(value, list):
            raise Undecided("a list expected")
        return value

    def _target(self, ref: str, base: str) -> Any:
        # as referencing's Resolver.lookup: a bare fragment is in the same file; anything
        # else is joined to the file's address and read (once per address)
        if ref.startswith("#"):
            node, fragment = self._file(base), ref[1:]
        else:
            uri, fragment = urldefrag(urljoin(base, ref))
            node = self._file(uri)
        if fragment and not fragment.startswith("/"):
            raise Undecided("an anchor")
        pointer = unquote(fragment)
        tokens = pointer.split("/")[1:] if pointer else []
        if tokens and tokens[0] in _SUBRESOURCE_KEYWORDS:
            # referencing enters a JSON Schema subresource on the way (and stumbles on one
            # that is not a schema): judged by its own code, or left to the library
            _check_pointer(node, fragment)
        for token in tokens:
            key = token.replace("~1", "/").replace("~0", "~")
            no_base_change(node)
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise Undecided("a reference that does not resolve")
        no_base_change(node)
        return node

    def _file(self, uri: str) -> Any:
        known = self.files.get(uri, _MISSING)
        if known is not _MISSING:
            return known
        if self.load is None:
            raise Undecided("a reference to another file")
        try:
            data = self.load(uri)
        except Exception:  # refused or unreadable: the library's walk stops there, and says so
            raise Undecided("a file that cannot be read") from None
        if len(self.files) == 1:
            _crawls_cleanly(self.root_uri, self.root)
        _crawls_cleanly(uri, data)
        self.files[uri] = data
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                self.written_in[id(item)] = uri
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return data

    def resolver(self, schema: Any) -> Any:
        """A resolver as jsonschema-path hands the library's value validator: the document's
        files as JSON Schema 2020-12 resources, read on demand, based at the schema's file."""
        if self._registry is None:
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            def retrieve(uri: str) -> Any:
                return DRAFT202012.create_resource(self._file(uri))

            self._registry = Registry(retrieve=retrieve).with_resource(  # type: ignore[call-arg]
                self.root_uri, DRAFT202012.create_resource(self.root)
            )
        return self._registry.resolver(base_uri=self.written_in.get(id(schema), self.root_uri))


_MISSING = object()

#: The keywords under which referencing's JSON Schema 2020-12 (the specification jsonschema-path
#: reads documents as) finds subresources (``referencing.jsonschema.DRAFT202012``).
_SUBRESOURCE_KEYWORDS = frozenset(
    {
        "additionalProperties",
        "contains",
        "contentSchema",
        "else",
        "if",
        "items",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
        "allOf",
        "anyOf",
        "oneOf",
        "prefixItems",
        "$defs",
        "definitions",
        "dependentSchemas",
        "patternProperties",
        "properties",
    }
)


def _crawls_cleanly(uri: str, data: Any) -> None:
    """The library's resolver crawls every file it has read (its subresources, their ``$id``
    and anchors) each time it reads another one, and stops on a subresource that is not a
    schema (DigitalOcean: "'str' object has no attribute 'get'"); a ``$id`` found there
    would also register another address. Either leaves the answer to the library."""
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    try:
        crawled = Registry().with_resource(uri, DRAFT202012.create_resource(data)).crawl()
        ids = len(crawled)
    except Exception:
        raise Undecided("a file the library's resolver cannot crawl") from None
    if ids != 1:
        raise Undecided("a schema with its own base URI")


def _check_pointer(data: Any, fragment: str) -> None:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    try:
        DRAFT202012.create_resource(data).pointer(fragment, Registry().resolver())
    except Exception:
        raise Undecided("a pointer the library's resolver cannot follow") from None


def no_base_change(node: Any) -> None:
    """jsonschema-path resolves ``$ref``s against the innermost ``$id`` it has passed; this
    screen resolves them against the document: a ``$id`` on the way leaves it to the library."""
    if isinstance(node, dict) and "$id" in node:
        raise Undecided("a schema with its own base URI")
