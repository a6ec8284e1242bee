"""Security rules: the requirements that apply to each operation (its own ``security`` or the
document's), and the security schemes they name (``components.securitySchemes``, Swagger
2.0 ``securityDefinitions``)."""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Rule, Side, W, op
from oasgate.catalogue.examples import document

_SCHEMES = """components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://auth.example.com/authorize
          tokenUrl: https://auth.example.com/token
          scopes: {read: read pets, write: change pets}
"""


def _secured(security: str | None, schemes: str = _SCHEMES) -> str:
    body = (f"security: {security}\n" if security is not None else "") + OK
    return document(op(body), extra=schemes)


def _schemes(old: str, new: str, security: str = "[{key: []}, {oauth: [read]}]") -> Example:
    assert old in _SCHEMES
    return Example(_secured(security), _secured(security, _SCHEMES.replace(old, new)))


def rules() -> Iterator[Rule]:
    yield from _requirements()
    yield from _schemes_rules()


def _requirements() -> Iterator[Rule]:
    key, both = "[{key: []}]", "[{key: []}, {oauth: [read]}]"
    yield Rule(
        "security-added",
        Side.REQUEST,
        B,
        "an operation that needed no credentials now requires them",
        "{where}: authentication now required ({requirement})",
        Example(_secured(None), _secured(key)),
        Example(_secured(key), _secured(both)),
        aliases=("api-security-added", "api-global-security-added"),
        rationale="Clients that call it anonymously today are rejected (401). "
        "docs/compatibility.md names "
        "this case; oasdiff only reports it as information. Security is compared as it "
        "applies to each operation, so a change of the document's security is one finding "
        "listing every operation that inherits it, and moving a requirement from the "
        "document onto the operations is silent.",
    )
    yield Rule(
        "security-removed",
        Side.REQUEST,
        C,
        "an operation no longer requires credentials",
        "{where}: authentication no longer required",
        Example(_secured(key), _secured(None)),
        Example(_secured(both), _secured(key)),
        aliases=("api-security-removed", "api-global-security-removed"),
        rationale="Clients that send credentials keep working; servers ignore credentials "
        "they do not need.",
    )
    yield Rule(
        "security-requirement-added",
        Side.REQUEST,
        C,
        "an operation accepts another way to authenticate",
        "{where}: {requirement} accepted",
        Example(_secured(key), _secured(both)),
        Example(_secured(None), _secured(key)),
        aliases=("api-security-added", "api-global-security-added"),
        rationale="Requirements are alternatives: clients that satisfied one before still "
        "do. (Adding a scheme *inside* a requirement — both now needed — shows as that "
        "requirement removed and a stricter one added, so it is reported as breaking.)",
    )
    yield Rule(
        "security-requirement-removed",
        Side.REQUEST,
        B,
        "an operation no longer accepts a way to authenticate",
        "{where}: clients using {requirement} can no longer call it (accepted now: {accepted})",
        Example(_secured(both), _secured(key)),
        Example(_secured("[{key: [], oauth: [read]}]"), _secured(key)),
        aliases=("api-security-removed", "api-global-security-removed"),
        rationale="Clients that authenticate that way are rejected: the accepted schemes "
        "were replaced (docs/compatibility.md). A requirement is a set of schemes with "
        "scopes and the "
        "alternatives a set of those, so this fires only when no alternative of the "
        "revision asks for a subset of what the old one asked; order never matters.",
    )
    yield Rule(
        "security-requirement-relaxed",
        Side.REQUEST,
        C,
        "an operation asks less of the clients of an alternative (fewer schemes in it)",
        "{where}: security requirement {old} replaced by {new}: asks for less",
        Example(_secured("[{key: [], oauth: [read]}]"), _secured(key)),
        Example(_secured(key), _secured("[{key: [], oauth: [read]}]")),
        rationale="A client that satisfied the old requirement sends every credential the "
        "new one asks for (a subset of the schemes, each with a subset of the scopes); "
        "servers ignore credentials they do not need. Also reported when an alternative "
        "is dropped while a weaker one that its clients satisfy remains.",
    )
    yield Rule(
        "security-scope-added",
        Side.REQUEST,
        B,
        "an operation requires an additional OAuth scope",
        "{where}: scope '{scope}' of {scheme} now required",
        Example(_secured("[{oauth: [read]}]"), _secured("[{oauth: [read, write]}]")),
        Example(_secured("[{oauth: [read, write]}]"), _secured("[{oauth: [write, read]}]")),
        aliases=("api-security-scope-added", "api-global-security-scope-added"),
        rationale="Tokens issued with the scopes that sufficed before are rejected (403). "
        "Scopes compare as a set: reordering them is silent.",
    )
    yield Rule(
        "security-scope-removed",
        Side.REQUEST,
        C,
        "an operation requires fewer OAuth scopes",
        "{where}: scope '{scope}' of {scheme} no longer required",
        Example(_secured("[{oauth: [read, write]}]"), _secured("[{oauth: [read]}]")),
        Example(_secured("[{oauth: [read, write]}]"), _secured("[{oauth: [write, read]}]")),
        aliases=("api-security-scope-removed", "api-global-security-scope-removed"),
        rationale="Tokens with more scopes than needed still work.",
    )


def _schemes_rules() -> Iterator[Rule]:
    basic = "    basic: {type: http, scheme: basic}\n"
    yield Rule(
        "security-scheme-added",
        Side.NONE,
        I,
        "a new security scheme",
        "security scheme '{scheme}' added",
        Example(_secured(None), _secured(None, _SCHEMES + basic)),
        _schemes("name: X-Key}", "name: X-Key, description: key}"),
        aliases=("api-security-component-added",),
        rationale="A scheme alone changes nothing; operations that start requiring it are "
        "reported by the requirement rules.",
    )
    yield Rule(
        "security-scheme-removed",
        Side.NONE,
        I,
        "a security scheme was removed",
        "security scheme '{scheme}' removed",
        Example(_secured(None, _SCHEMES + basic), _secured(None)),
        Example(_secured(None), _secured(None, _SCHEMES + basic)),
        aliases=("api-security-component-removed",),
        rationale="Operations that required it no longer can: that is reported on each of "
        "them by the requirement rules, where it breaks clients.",
    )
    yield Rule(
        "security-scheme-renamed",
        Side.NONE,
        I,
        "a security scheme was renamed (same definition)",
        "security scheme '{old}' renamed to '{new}'",
        Example(
            _secured("[{key: []}]"),
            _secured("[{apiKey: []}]", _SCHEMES.replace("key:", "apiKey:")),
        ),
        Example(
            _secured("[{key: []}]"),
            _secured("[{key: []}]", _SCHEMES.replace("X-Key", "X-Api-Key")),
        ),
        rationale="Clients send the same credentials the same way; only the name the "
        "document uses changed. Requirements that name the scheme compare through the "
        "rename, so operations report nothing. Paired only when exactly one scheme went "
        "away and exactly one with the same definition appeared.",
    )
    yield Rule(
        "security-scheme-type-changed",
        Side.REQUEST,
        B,
        "a security scheme's type (or HTTP scheme) changed",
        "security scheme '{scheme}' changed from {old} to {new}",
        _schemes("{type: apiKey, in: header, name: X-Key}", "{type: http, scheme: bearer}"),
        Example(
            _secured(
                "[{bearer: []}]",
                "components:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n",
            ),
            _secured(
                "[{bearer: []}]",
                "components:\n  securitySchemes:\n    bearer: {type: http, scheme: Bearer}\n",
            ),
        ),
        aliases=("api-security-component-type-changed",),
        rationale="Operations keep naming the scheme, but clients now have to send entirely "
        "different credentials. HTTP scheme names compare case-insensitively.",
    )
    yield Rule(
        "security-scheme-api-key-changed",
        Side.REQUEST,
        B,
        "an API key moved (header, query, cookie) or was renamed",
        "security scheme '{scheme}' changed from {old} to {new}",
        _schemes("in: header, name: X-Key", "in: query, name: api_key"),
        _schemes("name: X-Key}", "name: X-Key, description: key}"),
        rationale="Clients send the key where the server no longer looks for it.",
    )
    yield Rule(
        "security-scheme-oauth-url-changed",
        Side.REQUEST,
        W,
        "an OAuth flow's authorization URL changed",
        "security scheme '{scheme}' ({flow}): {field} changed from {old} to {new}",
        _schemes("https://auth.example.com/authorize", "https://login.example.com/authorize"),
        _schemes("https://auth.example.com/token", "https://login.example.com/token"),
        aliases=("api-security-component-oauth-url-changed",),
        rationale="Clients configured with the old URL cannot obtain authorization unless "
        "it redirects; it is configuration rather than code, hence a warning (oasdiff: "
        "information).",
    )
    yield Rule(
        "security-scheme-token-url-changed",
        Side.REQUEST,
        W,
        "an OAuth flow's token (or refresh) URL changed",
        "security scheme '{scheme}' ({flow}): {field} changed from {old} to {new}",
        _schemes("https://auth.example.com/token", "https://login.example.com/token"),
        _schemes("https://auth.example.com/authorize", "https://login.example.com/authorize"),
        aliases=("api-security-component-oauth-token-url-changed",),
        rationale="Clients configured with the old URL cannot obtain or refresh tokens "
        "unless it redirects.",
    )
    openid = (
        "components:\n  securitySchemes:\n    oidc: {type: openIdConnect, openIdConnectUrl: %s}\n"
    )
    yield Rule(
        "security-scheme-openid-url-changed",
        Side.REQUEST,
        W,
        "an OpenID Connect discovery URL changed",
        "security scheme '{scheme}': OpenID Connect URL changed from {old} to {new}",
        Example(
            _secured("[{oidc: []}]", openid % "https://a.example.com/.well-known/openid"),
            _secured("[{oidc: []}]", openid % "https://b.example.com/.well-known/openid"),
        ),
        Example(
            _secured("[{oidc: []}]", openid % "https://a.example.com/.well-known/openid"),
            _secured(
                "[{oidc: []}]", openid % "https://a.example.com/.well-known/openid, description: x"
            ),
        ),
        rationale="Clients configured with the old discovery document may talk to the wrong "
        "identity provider.",
    )
    client_credentials = (
        "          scopes: {read: read pets, write: change pets}\n"
        "        clientCredentials:\n"
        "          tokenUrl: https://auth.example.com/token\n"
        "          scopes: {read: read pets}\n"
    )
    flows = "          scopes: {read: read pets, write: change pets}\n"
    yield Rule(
        "security-scheme-flow-added",
        Side.REQUEST,
        C,
        "an OAuth scheme offers a new flow",
        "security scheme '{scheme}': flow {flow} added",
        _schemes(flows, client_credentials),
        _schemes("write: change pets", "write: change pets, admin: everything"),
        rationale="Clients keep using the flow they use today.",
    )
    yield Rule(
        "security-scheme-flow-removed",
        Side.REQUEST,
        B,
        "an OAuth scheme no longer offers a flow",
        "security scheme '{scheme}': flow {flow} removed",
        Example(
            _secured("[{oauth: [read]}]", _SCHEMES.replace(flows, client_credentials)),
            _secured("[{oauth: [read]}]"),
        ),
        _schemes(flows, client_credentials),
        rationale="Clients that obtain tokens through that flow cannot any more.",
    )
    yield Rule(
        "security-scheme-scope-added",
        Side.REQUEST,
        C,
        "an OAuth flow defines a new scope",
        "security scheme '{scheme}' ({flow}): scope '{scope}' added",
        _schemes("write: change pets", "write: change pets, admin: everything"),
        _schemes("write: change pets", "write: modify pets"),
        aliases=("api-security-component-oauth-scope-added",),
        rationale="Defining a scope requires nothing of anyone; operations that start "
        "requiring it are reported by security-scope-added.",
    )
    yield Rule(
        "security-scheme-scope-removed",
        Side.REQUEST,
        B,
        "an OAuth flow no longer defines a scope",
        "security scheme '{scheme}' ({flow}): scope '{scope}' removed",
        _schemes(", write: change pets", ""),
        _schemes("write: change pets", "write: change pets, admin: everything"),
        aliases=("api-security-component-oauth-scope-removed",),
        rationale="Clients that request the scope when they obtain a token get an "
        "invalid_scope error from the authorization server.",
    )
    yield Rule(
        "security-scheme-scope-changed",
        Side.NONE,
        I,
        "an OAuth scope's description changed",
        "security scheme '{scheme}' ({flow}): scope '{scope}' description changed",
        _schemes("write: change pets", "write: modify pets"),
        _schemes("write: change pets", "write: change pets, admin: everything"),
        aliases=("api-security-component-oauth-scope-changed",),
        rationale="Only the text shown to users when they grant access changed.",
    )
