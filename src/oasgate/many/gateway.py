"""``--as-one-api``: every spec of a tree read as one API surface (the gateway view).

Services behind one gateway, or one spec split into files that no ``$ref`` joins, are
one API to their clients: an operation that moves from one spec to another has not been
removed. So each tree is read as one document — a root written here whose ``paths`` are
``$ref``s to the path items of every spec (``billing/openapi.yaml#/paths/~1invoices``) —
and the two are compared as one pair. Each path item is still read in its own file, so
its ``$ref``s resolve there and its schemas keep their identity (D45): two specs' ``Pet``
schemas stay two schemas.

A path that two specs of one tree both serve is ambiguous behind a gateway: the first
spec (by path) is the one compared, and the revision's duplicates are reported as
diagnostics.

Security and servers are compared over the joined surface as clients meet them: each
operation inherits the top-level ``security`` and ``servers`` of the spec that serves it
(:func:`inherit_from_specs`), and the joined document declares every spec's security
schemes (``components.securitySchemes`` ``$ref``s, the first spec's where two specs
declare one name) — so a scheme that moves from one spec to another of the same tree is
not removed, and a requirement names a scheme any spec of the gateway declares. Two specs
that declare one scheme name differently are reported like a path served twice.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

import orjson

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Location, Severity
from oasgate.loading.document import Node, Pointer, encode_pointer
from oasgate.loading.limits import Limits
from oasgate.loading.sources import SourceText, SourceTree, canonical_key_of
from oasgate.many.sides import TreeSide, spec_bytes
from oasgate.model.spec import SpecModel

#: the name of the joined root document, in the tree's root directory
JOINED_NAME = "(all APIs).yaml"


@dataclass(frozen=True)
class Joined:
    """A tree read as one document, and the paths two of its specs serve."""

    raw: bytes
    duplicates: tuple[Diagnostic, ...]


def join(side: TreeSide, limits: Limits) -> Joined:
    """The root document joining every spec of ``side``."""
    from oasgate.loading.parsing import parse_source

    paths: dict[str, Any] = {}
    served_by: dict[str, str] = {}
    duplicates: list[Diagnostic] = []
    versions: list[str] = []
    schemes: dict[str, Any] = {}
    declared_by: dict[str, tuple[str, Any]] = {}
    for spec in side.specs:
        data = parse_source(
            SourceText(spec.relative, spec.argument, spec_bytes(spec)), limits=limits
        ).data
        if not isinstance(data, dict) or "openapi" not in data:
            raise OasgateError(
                "--as-one-api joins OpenAPI 3 specs; this one is not (Swagger 2.0?)",
                file=spec.argument,
                hint="convert it to OpenAPI 3, or check the APIs one by one (without --as-one-api)",
            )
        versions.append(str(data["openapi"]))
        for name, scheme in _security_schemes(data).items():
            pointer = encode_pointer(("components", "securitySchemes", name))
            if name not in declared_by:
                declared_by[name] = (spec.argument, scheme)
                schemes[name] = {"$ref": f"{spec.relative}#{pointer}"}
            elif declared_by[name][1] != scheme:
                first = declared_by[name][0]
                message = (
                    f"security scheme {name} is declared by {first} and, differently, by "
                    f"{spec.argument}; the gateway view compares {first}'s"
                )
                location = Location(spec.argument, pointer)
                duplicates.append(
                    Diagnostic(
                        "security-scheme-declared-twice", message, location, Severity.WARNING
                    )
                )
        items = data.get("paths")
        for path in items if isinstance(items, dict) else {}:
            pointer = encode_pointer(("paths", str(path)))
            if path in served_by:
                message = (
                    f"path {path} is served by {served_by[path]} and by {spec.argument}; "
                    f"the gateway view compares {served_by[path]}'s"
                )
                location = Location(spec.argument, pointer)
                duplicates.append(
                    Diagnostic("path-served-twice", message, location, Severity.WARNING)
                )
                continue
            served_by[path] = spec.argument
            paths[str(path)] = {"$ref": f"{spec.relative}#{pointer}"}
    if not side.specs:
        raise OasgateError("holds no spec to join", file=side.shown)
    version = max(versions, key=lambda v: tuple(v.split(".")))
    title = f"every API of {side.shown}"
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": title, "version": ""},
        "paths": paths,
    }
    if schemes:
        document["components"] = {"securitySchemes": schemes}
    return Joined(orjson.dumps(document), tuple(duplicates))


def _security_schemes(data: dict[str, Any]) -> dict[str, Any]:
    components = data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    return {str(k): v for k, v in schemes.items()} if isinstance(schemes, dict) else {}


def inherit_from_specs(model: SpecModel) -> None:
    """Let each operation of the joined ``model`` inherit the top-level ``security`` and
    ``servers`` of the spec that serves it, not the joined root's (which has neither)."""
    document = model.document
    paths = document.root.get("paths")
    if paths is None or not isinstance(paths.value, dict):
        return
    roots: dict[tuple[str, Pointer], Node] = {}
    for path in paths.value:
        written = paths.child(path)
        reference = written.value.get("$ref") if isinstance(written.value, dict) else None
        if not isinstance(reference, str):
            continue
        spec_root = document.ref_target(reference.partition("#")[0], written.file, written.pointer)
        item = document.deref(written)
        roots[(item.file, item.pointer)] = spec_root
    model.inherited_roots = roots


class JoinedTree:
    """The tree a joined document is read from: the joined root, then the specs' files
    through the tree that reads the first spec (on disk or at a git revision)."""

    def __init__(self, side: TreeSide, joined: Joined, inner: SourceTree) -> None:
        first = side.specs[0].relative
        directory = inner.root_key[: -len(first)].rstrip("/") if first else ""
        self._inner = inner
        self._key = posixpath.join(directory, JOINED_NAME) if directory else JOINED_NAME
        self._text = SourceText(self._key, side.shown, joined.raw)

    @property
    def root_key(self) -> str:
        return self._key

    def key_for_url(self, url: str) -> str | None:
        return self._inner.key_for_url(url)

    def canonical_key(self, key: str) -> str:
        return canonical_key_of(self._inner, key)

    def read(self, key: str) -> SourceText:
        if key == self._key:
            return self._text
        return self._inner.read(key)
