"""What an OpenAPI 3.x document says about security: the requirements in force for an
operation and the schemes ``components.securitySchemes`` declares, as the values of
:mod:`oasgate.model.objects`. Kept out of :class:`~oasgate.model.spec.SpecModel` because it
is one self-contained reading (3.2 adds a scheme's ``deprecated``, the device flow and
``oauth2MetadataUrl``); Swagger 2.0 reads its own ``securityDefinitions``
(:mod:`oasgate.model.swagger2`).
"""

from __future__ import annotations

from typing import Any

from oasgate.loading.document import Document, Node
from oasgate.model.objects import OAuthFlow, Requirement, Security, SecurityScheme


def requirements_of(declared: Node | None) -> Security:
    """The security requirement objects of a ``security`` list: each a set of (scheme,
    scopes), the alternatives a set of those, so order never matters."""
    if declared is None or not isinstance(declared.value, list):
        return Security(frozenset(), None)
    requirements: set[Requirement] = set()
    for item in declared.value:
        if isinstance(item, dict):
            requirements.add(
                frozenset(
                    (str(name), frozenset(str(s) for s in scopes or () if s is not None))
                    for name, scopes in item.items()
                    if scopes is None or isinstance(scopes, list)
                )
            )
    return Security(frozenset(requirements), declared)


def security_schemes_of(
    document: Document, node: Node | None, *, oas32: bool
) -> dict[str, SecurityScheme]:
    """Name → scheme for a ``securitySchemes`` mapping, references followed; the 3.2
    fields are read only from a document that declares 3.2."""
    schemes: dict[str, SecurityScheme] = {}
    if node is None or not isinstance(node.value, dict):
        return schemes
    for name in node.value:
        scheme = document.deref(node.child(name))
        value = scheme.value
        if not isinstance(value, dict):
            continue
        flows: dict[str, OAuthFlow] = {}
        flows_node = scheme.get("flows")
        if flows_node is not None and isinstance(flows_node.value, dict):
            for flow_name in flows_node.value:
                flow = flows_node.child(flow_name)
                if isinstance(flow.value, dict):
                    flows[str(flow_name)] = _oauth_flow(str(flow_name), flow)
        kind = str(value.get("type", ""))
        http_scheme = value.get("scheme")
        metadata = value.get("oauth2MetadataUrl") if oas32 and kind == "oauth2" else None
        schemes[str(name)] = SecurityScheme(
            name=str(name),
            type=kind,
            http_scheme=str(http_scheme).lower() if kind == "http" and http_scheme else None,
            api_key=(str(value.get("in")), str(value.get("name"))) if kind == "apiKey" else None,
            flows=flows,
            openid_url=_text(value.get("openIdConnectUrl")),
            node=scheme,
            deprecated=oas32 and value.get("deprecated") is True,
            oauth2_metadata_url=_text(metadata),
        )
    return schemes


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _oauth_flow(name: str, flow: Node) -> OAuthFlow:
    value = flow.value
    scopes = value.get("scopes")
    return OAuthFlow(
        name=name,
        authorization_url=_text(value.get("authorizationUrl")),
        token_url=_text(value.get("tokenUrl")),
        refresh_url=_text(value.get("refreshUrl")),
        scopes={str(k): str(v) for k, v in scopes.items()} if isinstance(scopes, dict) else {},
        node=flow,
        device_authorization_url=_text(value.get("deviceAuthorizationUrl")),
    )
