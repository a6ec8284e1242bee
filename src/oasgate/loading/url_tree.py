"""The source tree of a URL: ``http(s)://`` with ``--allow-remote``.

Relative references are fetched from the same origin, below the root document's
directory; the fetch itself (redirects, size, timeout) is :mod:`~oasgate.loading.remote`'s.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote, unquote, urlsplit

from oasgate.errors import OasgateError
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.sources import SourceText


class UrlTree:
    """A document served over HTTP(S), and the files below its directory on the same origin."""

    def __init__(self, url: str, *, limits: Limits = DEFAULT_LIMITS) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OasgateError("only http:// and https:// URLs can be read", file=url)
        self._url = url
        self._limits = limits
        self._origin = f"{parts.scheme}://{parts.netloc}"
        directory, _, name = parts.path.rpartition("/")
        self._base_path = directory + "/"
        self._root_key = unquote(name) or "index"

    @property
    def root_key(self) -> str:
        return self._root_key

    def _url_of(self, key: str) -> str:
        if key == self._root_key:
            return self._url
        return self._origin + self._base_path + quote(key)

    def key_for_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self._origin:
            return None
        path = posixpath.normpath(unquote(parts.path))
        if not path.startswith(self._base_path):
            return None
        return path[len(self._base_path) :]

    def read(self, key: str) -> SourceText:
        url = self._url_of(key)
        return SourceText(key, url, self._fetch(url))

    def _fetch(self, url: str) -> bytes:
        from oasgate.loading.remote import fetch

        return fetch(
            url,
            origin=self._origin,
            base_path=self._base_path,
            limit=self._limits.max_input_bytes,
            timeout=self._limits.remote_timeout,
        )
