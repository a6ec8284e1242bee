"""Schema rules: one per (schema site, aspect).

Every place a schema sits on the wire — a request parameter, a request body, a
property inside either, a response body or property, a response header — gets
a rule for each *aspect* (type, enum, nullable...). An aspect declares its
classification for both sides of the wire: on the request side narrowing what
is accepted breaks clients, on the response side widening what is returned does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from oasgate.catalogue.base import OK, B, C, Example, Rule, Side, W, flow, op
from oasgate.findings import Classification

#: Where a schema sits, as a function from a flow-style schema to a ``paths`` snippet.
_SCHEMA_SITES: dict[str, Callable[[str], str]] = {
    "request-parameter": lambda s: op(
        f"parameters: [{{name: q, in: query, schema: {flow(s)}}}]\n{OK}"
    ),
    "request-body": lambda s: op(
        f"requestBody: {{content: {{application/json: {{schema: {flow(s)}}}}}}}\n{OK}", "post"
    ),
    "request-property": lambda s: op(
        "requestBody: {content: {application/json: {schema: "
        f"{{type: object, properties: {{p: {flow(s)}}}}}}}}}}}\n{OK}",
        "post",
    ),
    "response-body": lambda s: op(
        "responses: {'200': {description: ok, content: {application/json: "
        f"{{schema: {flow(s)}}}}}}}}}"
    ),
    "response-property": lambda s: op(
        "responses: {'200': {description: ok, content: {application/json: {schema: "
        f"{{type: object, properties: {{p: {flow(s)}}}}}}}}}}}}}"
    ),
    "response-header": lambda s: op(
        f"responses: {{'200': {{description: ok, headers: {{X-Rate: {{schema: {flow(s)}}}}}}}}}"
    ),
}

_SITE_SIDE = {
    "request-parameter": Side.REQUEST,
    "request-body": Side.REQUEST,
    "request-property": Side.REQUEST,
    "response-body": Side.RESPONSE,
    "response-property": Side.RESPONSE,
    "response-header": Side.RESPONSE,
}

#: oasdiff names schema sites differently; used to build aliases.
_OASDIFF_SITE = {
    "request-parameter": "request-parameter",
    "request-body": "request-body",
    "request-property": "request-property",
    "response-body": "response-body",
    "response-property": "response-property",
    "response-header": "response-header",
}


@dataclass(frozen=True)
class Aspect:
    """One kind of schema change, declared once for every schema site."""

    name: str
    request: Classification
    response: Classification
    summary: str
    message: str
    base: str  # flow-style schema in the base
    revision: str  # ... and in the revision, where the rule fires
    counter: str  # a revision from the same base where it must not fire
    oasdiff: tuple[str, ...] = ()  # alias suffixes, appended to oasdiff's site name
    rationale: str = ""


SCHEMA_ASPECTS: tuple[Aspect, ...] = (
    Aspect(
        "type-changed",
        B,
        B,
        "the type changed to an unrelated type",
        "{where}: type changed from {old} to {new}",
        "type: string",
        "type: integer",
        "type: string, description: a name",
        oasdiff=("type-changed",),
        rationale="Values of the old type are no longer valid, in either direction.",
    ),
    Aspect(
        "type-widened",
        C,
        B,
        "the type accepts more values (integer to number, a type added to a type list)",
        "{where}: type widened from {old} to {new}",
        "type: integer",
        "type: number",
        "type: string",
        oasdiff=("type-generalized",),
        rationale="A request that accepts more is compatible; a response that may return "
        "values of a new type breaks clients that parse the old one.",
    ),
    Aspect(
        "type-narrowed",
        B,
        C,
        "the type accepts fewer values (number to integer, a type removed from a type list)",
        "{where}: type narrowed from {old} to {new}",
        "type: number",
        "type: integer",
        "type: number, format: double",
        oasdiff=("type-specialized",),
        rationale="Requests that were valid may be rejected; responses only get more precise.",
    ),
    Aspect(
        "enum-value-removed",
        B,
        C,
        "a value was removed from an enum",
        "{where}: enum value {value} removed",
        "type: string, enum: [a, b]",
        "type: string, enum: [a]",
        "type: string, enum: [b, a]",
        oasdiff=("enum-value-removed",),
        rationale="Clients that send the value are rejected; a response that stops "
        "returning a value does not hurt readers.",
    ),
    Aspect(
        "enum-value-added",
        C,
        W,
        "a value was added to an enum",
        "{where}: enum value {value} added",
        "type: string, enum: [a]",
        "type: string, enum: [a, b]",
        "type: string, enum: [a]",
        oasdiff=("enum-value-added",),
        rationale="Requests may send more; clients that switch over a response enum may "
        "meet a value they do not know, which is a warning: tolerant readers are fine.",
    ),
    Aspect(
        "became-nullable",
        C,
        B,
        "null became a valid value",
        "{where} became nullable",
        "type: string",
        "type: string, nullable: true",
        "type: string, description: x",
        oasdiff=("became-nullable",),
        rationale="Requests may now send null; clients reading a response that may now be "
        "null fail on a value they never had to handle.",
    ),
    Aspect(
        "became-not-nullable",
        B,
        C,
        "null is no longer a valid value",
        "{where} is no longer nullable",
        "type: string, nullable: true",
        "type: string",
        "type: string, nullable: true, description: x",
        oasdiff=("became-not-nullable",),
        rationale="Clients that send null are rejected; responses only get stricter.",
    ),
    Aspect(
        "became-enum",
        B,
        C,
        "an open value was restricted to an enum",
        "{where} restricted to an enum",
        "type: string",
        "type: string, enum: [a, b]",
        "type: string, format: email",
        oasdiff=("became-enum",),
        rationale="Requests with other values are rejected; responses only get stricter.",
    ),
)


def schema_rule_id(site: str, aspect: str) -> str:
    return f"{site}-{aspect}"


def rules() -> Iterator[Rule]:
    for aspect in SCHEMA_ASPECTS:
        for site, template in _SCHEMA_SITES.items():
            side = _SITE_SIDE[site]
            classification = aspect.request if side is Side.REQUEST else aspect.response
            yield Rule(
                id=schema_rule_id(site, aspect.name),
                side=side,
                classification=classification,
                summary=f"{site.replace('-', ' ')}: {aspect.summary}",
                message=aspect.message,
                example=Example(template(aspect.base), template(aspect.revision)),
                counter_example=Example(template(aspect.base), template(aspect.counter)),
                aliases=tuple(f"{_OASDIFF_SITE[site]}-{suffix}" for suffix in aspect.oasdiff),
                rationale=aspect.rationale,
            )
