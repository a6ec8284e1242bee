"""The address a document gives itself, as the base its references resolve against.

OpenAPI 3.2's ``$self`` names the URI a document is published at; references are resolved
against it. A spec that writes ``$ref: https://api.example.com/v2/schemas/pet.yaml`` under
``$self: https://api.example.com/v2/openapi.yaml`` means its own neighbouring file, so that
reference is read from ``schemas/pet.yaml`` beside the root document — never fetched
(docs/decisions.md D48). Only absolute ``http(s)``-style base URIs map; the files read are
still confined to the spec's tree like any relative reference.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from msgspec import Struct


class BaseUri(Struct, frozen=True):
    """An absolute base URI: scheme and authority (lower-cased) and the document's path."""

    scheme: str
    authority: str
    path: str

    @staticmethod
    def parse(uri: str) -> BaseUri | None:
        """The base of ``uri``, or None when it is not absolute (a relative ``$self`` is
        resolved against where the document was read: nothing to map)."""
        parts = urlsplit(uri.strip())
        if not parts.scheme or not parts.netloc:
            return None
        return BaseUri(parts.scheme.lower(), parts.netloc.lower(), unquote(parts.path) or "/")

    def relative(self, url: str) -> str | None:
        """Where ``url`` is relative to the document: ``""`` for the document itself, a
        relative path (``schemas/pet.yaml``, ``../common/error.yaml``) for another file on
        the same host, None for anything else (another host, a query string)."""
        parts = urlsplit(url.strip())
        if (parts.scheme.lower(), parts.netloc.lower()) != (self.scheme, self.authority):
            return None
        if parts.query:
            return None
        path = unquote(parts.path) or "/"
        if path == self.path:
            return ""
        return posixpath.relpath(path, posixpath.dirname(self.path) or "/")
