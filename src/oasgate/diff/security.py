"""Security: the requirements of each operation, and the security schemes they name.

An operation's security is a set of alternatives (any one is enough), each a set of
schemes that must all be satisfied, with scopes. It is compared *as it applies to the
operation* (its own ``security``, else the document's), so moving a requirement from
the document to every operation is silent, and a change of the document's security is
one finding (located at the document's ``security``) listing every operation that
inherits it.
"""

from __future__ import annotations

from oasgate.catalogue.ids import (
    SECURITY_ADDED,
    SECURITY_REMOVED,
    SECURITY_REQUIREMENT_ADDED,
    SECURITY_REQUIREMENT_RELAXED,
    SECURITY_REQUIREMENT_REMOVED,
    SECURITY_SCHEME_API_KEY_CHANGED,
    SECURITY_SCHEME_DEPRECATED,
    SECURITY_SCHEME_DEPRECATION_WITHDRAWN,
    SECURITY_SCHEME_DEVICE_AUTHORIZATION_URL_CHANGED,
    SECURITY_SCHEME_FLOW_ADDED,
    SECURITY_SCHEME_FLOW_REMOVED,
    SECURITY_SCHEME_OAUTH2_METADATA_URL_ADDED,
    SECURITY_SCHEME_OAUTH2_METADATA_URL_CHANGED,
    SECURITY_SCHEME_OAUTH_URL_CHANGED,
    SECURITY_SCHEME_OPENID_URL_CHANGED,
    SECURITY_SCHEME_SCOPE_ADDED,
    SECURITY_SCHEME_SCOPE_CHANGED,
    SECURITY_SCHEME_SCOPE_REMOVED,
    SECURITY_SCHEME_TOKEN_URL_CHANGED,
    SECURITY_SCHEME_TYPE_CHANGED,
    SECURITY_SCOPE_ADDED,
    SECURITY_SCOPE_REMOVED,
)
from oasgate.diff.changes import ChangeKey, ChangeSet
from oasgate.model.objects import OAuthFlow, Requirement, Security, SecurityScheme
from oasgate.phrases import Phrase


def describe(requirement: Requirement) -> str:
    if not requirement:
        return "no authentication"
    parts = []
    for name, scopes in sorted(requirement, key=lambda item: item[0]):
        parts.append(f"{name} [{', '.join(sorted(scopes))}]" if scopes else name)
    return " + ".join(parts)


def as_set(requirement: Requirement) -> str:
    """A requirement as the set it is (``{apiKey, oauth [read]}``): messages that compare
    requirements say which schemes each asks for, in an order that carries no meaning."""
    if not requirement:
        return "no authentication"
    return "{" + describe(requirement).replace(" + ", ", ") + "}"


def _schemes(requirement: Requirement) -> frozenset[str]:
    return frozenset(name for name, _ in requirement)


def satisfies(sent: Requirement, asked: Requirement) -> bool:
    """A client that satisfies ``sent`` today also satisfies ``asked``: every scheme
    ``asked`` names is in ``sent``, with no scope ``sent`` lacks. Servers ignore
    credentials they do not need, so asking for less never locks a client out."""
    held = dict(sent)
    return all(name in held and scopes <= held[name] for name, scopes in asked)


def _alternatives(security: Security) -> frozenset[Requirement]:
    """The alternatives a client may satisfy: no ``security`` (or ``[]``) is one empty one."""
    return security.requirements or frozenset({frozenset()})


def _weakest_cover(
    requirement: Requirement, alternatives: frozenset[Requirement], fresh: list[Requirement]
) -> Requirement | None:
    """The revision alternative a client of ``requirement`` can now use: new alternatives
    first (the likely replacement), then the one asking for the most of what it sends."""
    covers = [r for r in alternatives if r != requirement and satisfies(requirement, r)]
    if not covers:
        return None
    return min(covers, key=lambda r: (r not in fresh, -len(r), describe(r)))


def compare_requirements(
    changes: ChangeSet, old: Security, new: Security, renamed: dict[str, str] | None = None
) -> list[ChangeKey]:
    """Requirements are compared by meaning: an alternative of the base still works when
    some alternative of the revision asks for no more than it (a subset of its schemes,
    each with a subset of its scopes). Only a base alternative left without one breaks
    clients; reordering alternatives, schemes or scopes is never a change.

    ``renamed`` maps revision scheme names to base names for schemes that were only
    renamed (same definition), so requirements naming them compare equal."""
    as_written = new
    if renamed:
        new = Security(
            frozenset(
                frozenset((renamed.get(name, name), scopes) for name, scopes in requirement)
                for requirement in new.requirements
            ),
            new.node,
        )
    if old.requirements == new.requirements:
        return []
    where = (
        Phrase("security of the API")
        if new.node is not None and new.node.pointer == ("security",)
        else Phrase("security")
    )
    if old.public and not new.public:
        requirement = " or ".join(sorted(describe(r) for r in as_written.requirements))
        return [
            changes.emit(SECURITY_ADDED, old.node, new.node, where=where, requirement=requirement)
        ]
    if new.public and not old.public:
        return [changes.emit(SECURITY_REMOVED, old.node, new.node, where=where)]
    return _compare_alternatives(changes, old, new, where)


def _compare_alternatives(
    changes: ChangeSet, old: Security, new: Security, where: str
) -> list[ChangeKey]:
    """Both sides public, or both not: each base alternative that went is judged against
    what the revision accepts; each new one not already named as a replacement is added."""
    before, after = _alternatives(old), _alternatives(new)
    anonymous: Requirement = frozenset()
    # both public: `security: [{}]` and `security: []` say the same thing
    removed = sorted((r for r in before - after if r != anonymous), key=describe)
    added = sorted((r for r in after - before if r != anonymous), key=describe)
    named: set[Requirement] = set()  # new alternatives already reported as a replacement
    keys: list[ChangeKey] = []
    for requirement in removed:
        cover = _weakest_cover(requirement, after, added)
        same_schemes = [r for r in added if _schemes(r) == _schemes(requirement)]
        if len(same_schemes) == 1 and (cover is None or cover == same_schemes[0]):
            (match,) = same_schemes  # the same schemes with other scopes
            named.add(match)
            keys += _compare_scopes(changes, old, new, requirement, match, where)
        elif cover is not None:
            named.add(cover)
            keys.append(_relaxed(changes, old, new, requirement, cover, where))
        else:
            keys.append(_removed(changes, old, new, requirement, after, where))
    for requirement in added:
        if requirement not in named:
            keys.append(
                changes.emit(
                    SECURITY_REQUIREMENT_ADDED,
                    old.node,
                    new.node,
                    describe(requirement),
                    where=where,
                    requirement=as_set(requirement),
                )
            )
    return keys


def _relaxed(
    changes: ChangeSet,
    old: Security,
    new: Security,
    requirement: Requirement,
    cover: Requirement,
    where: str,
) -> ChangeKey:
    return changes.emit(
        SECURITY_REQUIREMENT_RELAXED,
        old.node,
        new.node,
        describe(requirement),
        where=where,
        old=as_set(requirement),
        new=as_set(cover),
    )


def _removed(
    changes: ChangeSet,
    old: Security,
    new: Security,
    requirement: Requirement,
    accepted: frozenset[Requirement],
    where: str,
) -> ChangeKey:
    return changes.emit(
        SECURITY_REQUIREMENT_REMOVED,
        old.node,
        new.node,
        describe(requirement),
        where=where,
        requirement=as_set(requirement),
        accepted=" or ".join(sorted(as_set(r) for r in accepted)),
    )


def _compare_scopes(
    changes: ChangeSet,
    old: Security,
    new: Security,
    before: Requirement,
    after: Requirement,
    where: str,
) -> list[ChangeKey]:
    keys: list[ChangeKey] = []
    old_scopes = dict(before)
    new_scopes = dict(after)
    for scheme in sorted(old_scopes):
        for scope in sorted(new_scopes[scheme] - old_scopes[scheme]):
            keys.append(
                changes.emit(
                    SECURITY_SCOPE_ADDED,
                    old.node,
                    new.node,
                    f"{scheme}:{scope}",
                    where=where,
                    scheme=scheme,
                    scope=scope,
                )
            )
        for scope in sorted(old_scopes[scheme] - new_scopes[scheme]):
            keys.append(
                changes.emit(
                    SECURITY_SCOPE_REMOVED,
                    old.node,
                    new.node,
                    f"{scheme}:{scope}",
                    where=where,
                    scheme=scheme,
                    scope=scope,
                )
            )
    return keys


def scheme_renames(
    old: dict[str, SecurityScheme], new: dict[str, SecurityScheme]
) -> dict[str, str]:
    """Revision name → base name for schemes that only changed their name: one scheme gone
    and exactly one new scheme with the same definition."""
    gone = [s for name, s in old.items() if name not in new]
    fresh = [s for name, s in new.items() if name not in old]
    renames: dict[str, str] = {}
    for scheme in fresh:
        same = [g for g in gone if g.definition() == scheme.definition()]
        if len(same) == 1 and sum(1 for f in fresh if f.definition() == same[0].definition()) == 1:
            renames[scheme.name] = same[0].name
    return renames


def compare_scheme(changes: ChangeSet, old: SecurityScheme, new: SecurityScheme) -> list[ChangeKey]:
    """Changes inside one security scheme that kept its name."""
    keys: list[ChangeKey] = []
    if (old.type, old.http_scheme) != (new.type, new.http_scheme):
        keys.append(
            changes.emit(
                SECURITY_SCHEME_TYPE_CHANGED,
                old.node,
                new.node,
                scheme=new.name,
                old=old.describe(),
                new=new.describe(),
            )
        )
        return keys  # flows, keys and URLs of different kinds do not compare
    if old.api_key != new.api_key:
        keys.append(
            changes.emit(
                SECURITY_SCHEME_API_KEY_CHANGED,
                old.node,
                new.node,
                scheme=new.name,
                old=old.describe(),
                new=new.describe(),
            )
        )
    if old.openid_url != new.openid_url:
        keys.append(
            changes.emit(
                SECURITY_SCHEME_OPENID_URL_CHANGED,
                old.node,
                new.node,
                scheme=new.name,
                old=str(old.openid_url),
                new=str(new.openid_url),
            )
        )
    keys += _compare_oas32_fields(changes, old, new)
    for name, flow in old.flows.items():
        match = new.flows.get(name)
        if match is None:
            keys.append(
                changes.emit(
                    SECURITY_SCHEME_FLOW_REMOVED, flow.node, new.node, scheme=new.name, flow=name
                )
            )
        else:
            keys += _compare_flow(changes, new.name, flow, match)
    for name, flow in new.flows.items():
        if name not in old.flows:
            keys.append(
                changes.emit(
                    SECURITY_SCHEME_FLOW_ADDED, old.node, flow.node, scheme=new.name, flow=name
                )
            )
    return keys


def _compare_oas32_fields(
    changes: ChangeSet, old: SecurityScheme, new: SecurityScheme
) -> list[ChangeKey]:
    """OpenAPI 3.2's scheme fields: ``deprecated`` and ``oauth2MetadataUrl``."""
    keys: list[ChangeKey] = []
    if old.deprecated != new.deprecated:
        rule = (
            SECURITY_SCHEME_DEPRECATED if new.deprecated else SECURITY_SCHEME_DEPRECATION_WITHDRAWN
        )
        keys.append(changes.emit(rule, old.node, new.node, scheme=new.name))
    before, after = old.oauth2_metadata_url, new.oauth2_metadata_url
    if before != after:
        rule = (
            SECURITY_SCHEME_OAUTH2_METADATA_URL_ADDED
            if before is None
            else SECURITY_SCHEME_OAUTH2_METADATA_URL_CHANGED
        )
        keys.append(
            changes.emit(
                rule, old.node, new.node, scheme=new.name, old=str(before), new=str(after or "none")
            )
        )
    return keys


def _compare_flow(
    changes: ChangeSet, scheme: str, old: OAuthFlow, new: OAuthFlow
) -> list[ChangeKey]:
    keys: list[ChangeKey] = []
    for rule, field, before, after in (
        (
            SECURITY_SCHEME_OAUTH_URL_CHANGED,
            "authorization URL",
            old.authorization_url,
            new.authorization_url,
        ),
        (SECURITY_SCHEME_TOKEN_URL_CHANGED, "token URL", old.token_url, new.token_url),
        (SECURITY_SCHEME_TOKEN_URL_CHANGED, "refresh URL", old.refresh_url, new.refresh_url),
        (
            SECURITY_SCHEME_DEVICE_AUTHORIZATION_URL_CHANGED,
            "device authorization URL",
            old.device_authorization_url,
            new.device_authorization_url,
        ),
    ):
        if before != after:
            keys.append(
                changes.emit(
                    rule,
                    old.node,
                    new.node,
                    field,
                    scheme=scheme,
                    flow=new.name,
                    field=field,
                    old=str(before),
                    new=str(after),
                )
            )
    for scope, description in old.scopes.items():
        if scope not in new.scopes:
            keys.append(
                changes.emit(
                    SECURITY_SCHEME_SCOPE_REMOVED,
                    old.node,
                    new.node,
                    scope,
                    scheme=scheme,
                    flow=new.name,
                    scope=scope,
                )
            )
        elif new.scopes[scope] != description:
            keys.append(
                changes.emit(
                    SECURITY_SCHEME_SCOPE_CHANGED,
                    old.node,
                    new.node,
                    scope,
                    scheme=scheme,
                    flow=new.name,
                    scope=scope,
                )
            )
    for scope in new.scopes:
        if scope not in old.scopes:
            keys.append(
                changes.emit(
                    SECURITY_SCHEME_SCOPE_ADDED,
                    old.node,
                    new.node,
                    scope,
                    scheme=scheme,
                    flow=new.name,
                    scope=scope,
                )
            )
    return keys
