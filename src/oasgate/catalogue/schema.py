"""Schema rules: one per (schema site, aspect), plus the property rules.

Every place a schema sits on the wire — a request parameter (and a property
inside one), a request body, a property inside it, a response body or property,
a response header — gets a rule for each *aspect* (type, enum, a bound, a
composition...; :mod:`oasgate.catalogue.schema_aspects`). An aspect declares its
classification for both sides of the wire: on the request side narrowing what is
accepted breaks clients, on the response side widening what is returned does
(docs/compatibility.md). The property rules (renames, ``readOnly``/``writeOnly`` transitions,
properties that never travel on one side) are in
:mod:`oasgate.catalogue.schema_properties`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from oasgate.catalogue import schema_properties
from oasgate.catalogue.base import (
    OK,
    AspectName,
    Example,
    Rule,
    RuleId,
    Side,
    SiteName,
    flow,
    op,
)
from oasgate.catalogue.oasdiff import SCHEMA_CHECK_IDS
from oasgate.catalogue.schema_aspects import SCHEMA_ASPECTS, Aspect

__all__ = ["SCHEMA_ASPECTS", "SCHEMA_SITES", "Aspect", "aspect_rule", "rules", "schema_rule_id"]


def _param(schema: str) -> str:
    return op("parameters: [{name: q, in: query, schema: " + schema + "}]\n" + OK)


def _request(schema: str) -> str:
    return op("requestBody: {content: {application/json: {schema: " + schema + "}}}\n" + OK, "post")


def _response(schema: str) -> str:
    return op(
        "responses: {'200': {description: ok, content: {application/json: {schema: "
        + schema
        + "}}}}"
    )


def _in_object(schema: str) -> str:
    return "{type: object, properties: {p: " + schema + "}}"


#: Where a schema sits, as a function from a flow-style schema to a ``paths`` snippet.
_SCHEMA_SITES: dict[str, Callable[[str], str]] = {
    "request-parameter": lambda s: _param(flow(s)),
    "request-parameter-property": lambda s: _param(_in_object(flow(s))),
    "request-body": lambda s: _request(flow(s)),
    "request-property": lambda s: _request(_in_object(flow(s))),
    "response-body": lambda s: _response(flow(s)),
    "response-property": lambda s: _response(_in_object(flow(s))),
    "response-header": lambda s: op(
        "responses: {'200': {description: ok, headers: {X-Rate: {schema: " + flow(s) + "}}}}"
    ),
}

#: every schema site, in the order the catalogue lists its rules
SCHEMA_SITES = tuple(SiteName(site) for site in _SCHEMA_SITES)

_SITE_SIDE = {
    "request-parameter": Side.REQUEST,
    "request-parameter-property": Side.REQUEST,
    "request-body": Side.REQUEST,
    "request-property": Side.REQUEST,
    "response-body": Side.RESPONSE,
    "response-property": Side.RESPONSE,
    "response-header": Side.RESPONSE,
}

#: Components available to examples that need named schemas.
_COMPONENTS = (
    "components:\n  schemas:\n"
    "    A: {type: object, properties: {a: {type: string}}}\n"
    "    B: {type: object, properties: {b: {type: string}}}\n"
)


def _with_components(paths: str) -> str:
    body = "".join(f"  {line}\n" for line in paths.splitlines())
    return f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{body}{_COMPONENTS}"


def schema_rule_id(site: SiteName, aspect: AspectName) -> RuleId:
    """``request-body`` × ``type-narrowed`` → ``request-body-type-narrowed``."""
    return RuleId(f"{site}-{aspect}")


def _rule_id(site: str, aspect: Aspect) -> RuleId:
    return schema_rule_id(SiteName(site), AspectName(aspect.name))


_ASPECTS_BY_NAME = {aspect.name: aspect for aspect in SCHEMA_ASPECTS}


def schema_aspect(rule_id: str) -> Aspect | None:
    """The aspect of a schema rule (``response-property-enum-value-added`` →
    ``enum-value-added``); ``None`` for a rule that is not a schema rule."""
    for site in _SCHEMA_SITES:
        if rule_id.startswith(f"{site}-"):
            found = _ASPECTS_BY_NAME.get(rule_id[len(site) + 1 :])
            if found is not None:
                return found
    return None


def _aliases(site: str, aspect: Aspect) -> tuple[str, ...]:
    found = []
    for suffix in aspect.oasdiff:
        alias = f"{site}-{suffix}"
        if alias in SCHEMA_CHECK_IDS and alias not in found:
            found.append(alias)
    found += [a for a in _EXTRA_ALIASES.get(_rule_id(site, aspect), ()) if a not in found]
    return tuple(found)


#: oasdiff ids whose site name is not one of ours.
_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "response-body-enum-value-removed": ("response-mediatype-enum-value-removed",),
    "request-parameter-property-became-enum": ("request-header-property-became-enum",),
}


def _aspect_rule(site: str, aspect: Aspect) -> Rule:
    side = _SITE_SIDE[site]
    classification = aspect.request if side is Side.REQUEST else aspect.response
    template = _SCHEMA_SITES[site]

    def text(schema: str) -> str:
        paths = template(schema)
        return _with_components(paths) if aspect.components else paths

    return Rule(
        id=_rule_id(site, aspect),
        side=side,
        classification=classification,
        summary=f"{site.replace('-', ' ')}: {aspect.summary}",
        message=aspect.message,
        example=Example(text(aspect.base), text(aspect.revision)),
        counter_example=Example(text(aspect.base), text(aspect.counter)),
        aliases=_aliases(site, aspect),
        rationale=aspect.rationale,
    )


def _aspect_rules() -> Iterator[Rule]:
    for aspect in SCHEMA_ASPECTS:
        for site in _SCHEMA_SITES:
            yield _aspect_rule(site, aspect)


def aspect_rule(rule_id: str) -> Rule | None:
    """The one rule ``rule_id`` names when it is a site × aspect rule, built alone (equal
    to the catalogue's); ``None`` for any other id. A check asks for the few rules its
    findings name, not for the 819 of the product (D81)."""
    for site in _SCHEMA_SITES:
        if rule_id.startswith(site) and rule_id[len(site) : len(site) + 1] == "-":
            aspect = _ASPECTS_BY_NAME.get(rule_id[len(site) + 1 :])
            if aspect is not None:
                return _aspect_rule(site, aspect)
    return None


def rules() -> Iterator[Rule]:
    yield from _aspect_rules()
    yield from schema_properties.rules()
