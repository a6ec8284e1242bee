"""Rules about the API as a whole: its servers and its version number."""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Rule, Side, W, op
from oasgate.catalogue.examples import document

_REGION = (
    "[{url: 'https://{region}.example.com/v1', variables: {region: {default: %s, enum: [%s]}}}]"
)


def _servers(servers: str) -> str:
    return document(extra=f"servers: {servers}\n")


def _versioned(version: str, required: str = "false") -> str:
    param = (
        f"parameters: [{{name: q, in: query, required: {required}, schema: {{type: string}}}}]\n"
    )
    return document(op(param + OK), info_version=f"'{version}'")


def rules() -> Iterator[Rule]:
    yield from _server_rules()
    yield from _version_rules()


def _server_rules() -> Iterator[Rule]:
    two = "[{url: 'https://a.example.com/v1'}, {url: 'https://b.example.com/v1'}]"
    one = "[{url: 'https://a.example.com/v1'}]"
    yield Rule(
        "server-removed",
        Side.NONE,
        B,
        "a server (base URL) is no longer listed",
        "server {url} removed",
        Example(_servers(two), _servers(one)),
        Example(_servers("[{url: /v1}]"), _servers("[{url: 'https://a.example.com/v1/'}]")),
        rationale="Clients configured with that base URL call a place the API no longer "
        "promises to be. Servers are compared as they apply to each operation (its own, its "
        "path's, the document's), so one change of the document's servers is one finding "
        "listing every operation. A relative URL matches an absolute one with the same "
        "path, a trailing slash is ignored, and Swagger 2.0 host/basePath/schemes read as "
        "servers, so writing out an implied base URL or converting 2.0 is silent. When a "
        "side lists no server at all, it says nothing about where the API lives and "
        "nothing is compared.",
    )
    yield Rule(
        "server-added",
        Side.NONE,
        C,
        "a new server (base URL)",
        "server {url} added",
        Example(_servers(one), _servers(two)),
        Example(_servers(one), _servers("[{url: 'https://a.example.com/v1', description: eu}]")),
        rationale="Clients keep using the base URL they know.",
    )
    yield Rule(
        "server-variable-value-removed",
        Side.NONE,
        B,
        "a server variable no longer allows a value",
        "server {url}: variable {variable} no longer allows '{value}'",
        Example(_servers(_REGION % ("eu", "eu, us")), _servers(_REGION % ("eu", "eu"))),
        Example(_servers(_REGION % ("eu", "eu, us")), _servers(_REGION % ("eu", "us, eu"))),
        rationale="Clients that use that value (a region, an environment) call a host the "
        "API no longer serves.",
    )
    yield Rule(
        "server-variable-value-added",
        Side.NONE,
        C,
        "a server variable allows a new value",
        "server {url}: variable {variable} now allows '{value}'",
        Example(_servers(_REGION % ("eu", "eu")), _servers(_REGION % ("eu", "eu, us"))),
        Example(_servers(_REGION % ("eu", "eu, us")), _servers(_REGION % ("eu", "us, eu"))),
        rationale="A new place to call; existing clients are unaffected.",
    )
    yield Rule(
        "server-variable-default-changed",
        Side.NONE,
        W,
        "a server variable's default value changed",
        "server {url}: default of variable {variable} changed from '{old}' to '{new}'",
        Example(_servers(_REGION % ("eu", "eu, us")), _servers(_REGION % ("us", "eu, us"))),
        Example(_servers(_REGION % ("eu", "eu, us")), _servers(_REGION % ("eu", "us, eu"))),
        rationale="Clients that rely on the default silently call another host.",
    )


def _version_rules() -> Iterator[Rule]:
    yield Rule(
        "api-version-decreased",
        Side.NONE,
        W,
        "info.version went down",
        "info.version decreased from {old} to {new}",
        Example(_versioned("2.0.0"), _versioned("1.9.0")),
        Example(_versioned("1.9.0"), _versioned("2.0.0")),
        aliases=("api-version-decreased",),
        rationale="Almost always a mistake (a stale branch, a bad merge): consumers that "
        "compare versions would take the revision for an older release. Versions compare "
        "by their numbers (1.10 > 1.9; dates like 2022-11-15 work too); a pre-release "
        "suffix comes before the release.",
    )
    yield Rule(
        "api-version-not-bumped",
        Side.NONE,
        I,
        "there are breaking changes but info.version did not change",
        "info.version is still {version} despite {count} breaking change(s)",
        Example(_versioned("1.0.0"), _versioned("1.0.0", "true")),
        Example(_versioned("1.0.0"), _versioned("2.0.0", "true")),
        aliases=("api-version-not-bumped",),
        rationale="Consumers cannot tell the releases apart. Information only: in a pull "
        "request the version is often bumped at release time, and the breaking changes "
        "themselves already fail the gate.",
    )
    yield Rule(
        "api-major-version-not-bumped",
        Side.NONE,
        W,
        "there are breaking changes but the major version did not change",
        "info.version went from {old} to {new} despite {count} breaking change(s): "
        "semantic versioning asks for a new major version",
        Example(_versioned("1.0.0"), _versioned("1.1.0", "true")),
        Example(_versioned("1.0.0"), _versioned("2.0.0", "true")),
        aliases=("api-major-version-not-bumped",),
        rationale="Someone chose a new version number, and chose one that promises "
        "compatibility. Only for dotted versions (for 0.x, the minor number plays the "
        "major's part); date versions have no major.",
    )
