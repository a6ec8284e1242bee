"""Version-to-version comparison: the base's path prefixes read as the revision spells them.

``--map-prefix /api/v1=/api/v2`` compares ``billing-v1.yaml`` (paths under ``/api/v1``)
with ``billing-v2.yaml`` (the same operations under ``/api/v2``): the base's paths — and
the paths of its server URLs, where a spec may put the version instead — are rewritten
before the two sides are paired, so that an operation that only moved to the new prefix
is the same operation, and every finding names it as the revision spells it. One
mapping names both sides at once, which is why it was chosen over a pair of strip/add
options (docs/workflows.md).

A prefix matches whole segments only: ``/api/v1`` maps ``/api/v1`` and ``/api/v1/x``,
never ``/api/v10``. Of several mappings the longest matching prefix wins.
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import replace

from oasgate.errors import OasgateError
from oasgate.model.objects import Server, Servers, split_url


class PrefixMap(Struct, frozen=True):
    """Base prefix → revision prefix, longest first."""

    pairs: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.pairs)

    @staticmethod
    def of(pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> PrefixMap:
        ordered = sorted(dict(pairs).items(), key=lambda pair: (-len(pair[0]), pair[0]))
        return PrefixMap(tuple(ordered))

    def map(self, path: str) -> str:
        """``path`` with its longest mapped prefix replaced (unchanged when none matches)."""
        for old, new in self.pairs:
            if old == "/":
                return new + path if new != "/" else path
            if path == old or path.startswith(old + "/"):
                return (new if new != "/" else "") + path[len(old) :] or "/"
        return path


def parse_mapping(text: str, *, what: str = "--map-prefix") -> tuple[str, str]:
    """``/api/v1=/api/v2`` → ``("/api/v1", "/api/v2")``; exit 2 on anything else."""
    old, sep, new = text.partition("=")
    old, new = old.strip(), new.strip()
    if not sep or not old.startswith("/") or not new.startswith("/"):
        raise OasgateError(
            f"{what} {text!r}: expected BASE_PREFIX=REVISION_PREFIX, both starting with '/'",
            hint="e.g. --map-prefix /api/v1=/api/v2",
        )
    if any(char in old + new for char in "{}?#*"):
        raise OasgateError(
            f"{what} {text!r}: a prefix is literal path segments (no templates, globs or query)"
        )
    return _trimmed(old), _trimmed(new)


def _trimmed(prefix: str) -> str:
    return prefix.rstrip("/") or "/"


def map_servers(servers: Servers, prefixes: PrefixMap) -> Servers:
    """The base's servers with the path of each URL mapped (``https://h/api/v1`` →
    ``https://h/api/v2``), so that a version written in the server URL pairs too."""
    if not prefixes or not servers.servers:
        return servers
    return Servers(tuple(_mapped(server, prefixes) for server in servers.servers), servers.node)


def _mapped(server: Server, prefixes: PrefixMap) -> Server:
    scheme_end = server.url.find("//")
    start = server.url.find("/", scheme_end + 2) if scheme_end >= 0 else server.url.find("/")
    if start < 0:
        return server
    head, rest = server.url[:start], server.url[start:]
    cut = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    path, tail = rest[:cut], rest[cut:]
    trailing = "/" if path.endswith("/") and path != "/" else ""
    mapped = prefixes.map(_trimmed(path))
    if mapped == _trimmed(path):
        return server
    url = head + mapped + trailing + tail
    return replace(server, url=url, path=split_url(url)[2])
