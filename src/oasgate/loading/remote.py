"""Fetching one URL of a remote spec (``--allow-remote``): confined, bounded, on a deadline.

- **One canonical check** (:func:`refusal`) for the first request and for every
  redirect: the path is percent-decoded, then any ``.``/``..`` segment, encoded slash
  or backslash, or a NUL is refused, and what is left must stay on the document's
  origin and below its directory. Checking the still-encoded path let a redirect to
  ``/specs/%2e%2e/secret.yaml`` through: a server decodes it and climbs.
- **A total deadline per URL** (``--remote-timeout``): the socket timeout only bounds
  each read, so a server sending a byte a second kept a fetch going for minutes. A
  timer shuts the connection's socket down when the time is up, whatever phase the
  fetch is in (headers, body, a redirect).
- **Bounded size**: a ``Content-Length`` over the limit is refused before the body,
  and at most ``--max-input-size`` + 1 bytes are read.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import socket
import threading
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from oasgate.errors import OasgateError
from oasgate.loading.safe_files import read_at_most, too_large

_ENCODED_SEPARATOR = re.compile(r"%(?:2f|5c|00)", re.IGNORECASE)


def refusal(url: str, origin: str, base_path: str) -> str | None:
    """Why ``url`` may not be read for a document at ``origin`` + ``base_path`` (a
    directory ending in ``/``), or ``None`` when it may."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != origin.lower():
        return "only the document's own origin is read"
    raw = parts.path or "/"
    if _ENCODED_SEPARATOR.search(raw) or "\\" in raw:
        return "its path hides a separator (%2F, %5C, %00 or a backslash)"
    decoded = unquote(raw)
    if any(segment in (".", "..") for segment in decoded.split("/")):
        return "its path has a '.' or '..' segment (once percent-decoded)"
    if not (posixpath.normpath(decoded) + "/").startswith(unquote(base_path)):
        return "only the document's own directory is read"
    return None


class Deadline:
    """Shuts down every connection of one fetch when ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def fetch(url: str, *, origin: str, base_path: str, limit: int, timeout: float) -> bytes:
    """The body at ``url``: at most ``limit`` bytes, within ``timeout`` seconds in all."""
    import http.client
    import urllib.error

    reason = refusal(url, origin, base_path)
    if reason is not None:
        raise OasgateError(f"refusing to read {url}: {reason}", file=url)
    late = OasgateError(
        f"cannot fetch: no complete answer within {timeout:g} s",
        file=url,
        hint="--remote-timeout is the time allowed for each URL",
    )
    with Deadline(timeout) as deadline:
        try:
            data = _download(url, origin, base_path, limit, deadline)
        except urllib.error.HTTPError as error:
            raise OasgateError(f"HTTP {error.code} {error.reason}", file=url) from None
        except (OSError, http.client.HTTPException) as error:
            if deadline.expired or _is_timeout(error):
                raise late from None
            detail = error.reason if isinstance(error, urllib.error.URLError) else error
            raise OasgateError(
                f"cannot fetch: {detail or type(error).__name__}", file=url
            ) from None
    if deadline.expired:  # the body was cut short when the time was up
        raise late
    return data


def _is_timeout(error: BaseException) -> bool:
    import urllib.error

    if isinstance(error, urllib.error.URLError):
        return isinstance(error.reason, TimeoutError)
    return isinstance(error, TimeoutError)


def _download(url: str, origin: str, base_path: str, limit: int, deadline: Deadline) -> bytes:
    opener = _opener(origin, base_path, deadline)
    with opener(url, deadline.seconds) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and (len(length) > 18 or int(length) > limit):
            raise too_large(url, limit, int(length) if len(length) <= 18 else None)
        data: bytes = read_at_most(response, limit + 1)
    if len(data) > limit:
        raise too_large(url, limit)
    return data


def _opener(origin: str, base_path: str, deadline: Deadline) -> Any:
    """urllib with HTTP(S) only, every connection watched by ``deadline``, and redirects
    only where :func:`refusal` allows."""
    import urllib.request

    class ConfinedRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = 5

        def redirect_request(
            self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> Any:
            reason = refusal(newurl, origin, base_path)
            if reason is not None:
                raise OasgateError(f"refusing a redirect to {newurl}: {reason}", file=req.full_url)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    class WatchedHTTP(urllib.request.HTTPHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(_watched(http_class, deadline), req, **kwargs)

    class WatchedHTTPS(urllib.request.HTTPSHandler):
        def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
            return super().do_open(_watched(http_class, deadline), req, **kwargs)

    director = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        WatchedHTTP(),
        WatchedHTTPS(),
        urllib.request.HTTPDefaultErrorHandler(),
        ConfinedRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        director.add_handler(handler)

    def open_url(url: str, timeout: float) -> Any:
        request = urllib.request.Request(url, headers={"User-Agent": "oasgate"})
        return director.open(request, timeout=timeout)

    return open_url


def _watched(connection_class: Any, deadline: Deadline) -> Any:
    """``connection_class`` whose sockets ``deadline`` can shut down (TLS included: the
    raw socket is registered before the handshake)."""

    class Watched(connection_class):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            create: Any = getattr(self, "_create_connection")  # noqa: B009 (set by __init__)

            def create_watched(*args: Any, **kwargs: Any) -> socket.socket:
                sock: socket.socket = create(*args, **kwargs)
                deadline.watch(sock)
                return sock

            self._create_connection = create_watched

    return Watched
