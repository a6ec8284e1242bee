"""Lifecycle rules: deprecation, sunset and status transitions, removals judged by the
removed element's lifecycle, and the Deprecation/Sunset response headers.

Transition rules are generated per (element × aspect) like the schema rules: the
elements are the API version (``info``), an operation, a request parameter and a
request or response property. Every example runs on the fixed date :data:`TODAY`
with the default 6-month deprecation window. Violations are classified breaking, so the
gate table scales them by the element's base status (an error on stable or deprecated
surface by default); notices are info.

The facts the gate needs about these rules are declared here too: which structural removal
each removal rule refines (:data:`REMOVALS`), and which rules a policy setting rather than
the gate table makes an error (:data:`HEADER_RULES`, :data:`SUNSET_DATE_RULES`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from msgspec import Struct

from oasgate.catalogue.base import (
    OK,
    B,
    C,
    ElementName,
    Example,
    I,
    Kind,
    LifecycleAspectName,
    Rule,
    RuleId,
    Side,
    W,
)
from oasgate.findings import Classification

#: the date every lifecycle example is checked on
TODAY = "2026-03-01"

_RESP = (
    "responses: {'200': {description: ok, content: {application/json: {schema: "
    "{type: object, properties: {id: {type: integer}%s}}}}}}"
)
_REQ = (
    "requestBody: {content: {application/json: {schema: {type: object, properties: "
    "{id: {type: integer}%s}}}}}"
)


def _doc(paths: str, info: str = "") -> str:
    extra = f", {info}" if info else ""
    body = "".join(f"  {line}\n" for line in paths.splitlines())
    return f"openapi: 3.0.3\ninfo: {{title: t, version: '1'{extra}}}\npaths:\n{body}"


def _ann(annotation: str) -> str:
    return f", {annotation}" if annotation else ""


#: element → a document whose element carries the flow-style ``annotation``
_ELEMENTS: dict[str, Callable[[str], str]] = {
    "version": lambda a: _doc(f"/pets:\n  get: {{{OK}}}", a),
    "operation": lambda a: _doc(f"/pets:\n  get: {{{OK}{_ann(a)}}}"),
    "request-parameter": lambda a: _doc(
        "/pets:\n  get:\n    parameters: [{name: q, in: query, schema: {type: string}"
        f"{_ann(a)}}}]\n    {OK}"
    ),
    "request-property": lambda a: _doc(
        f"/pets:\n  post:\n    {_REQ % (', name: {type: string' + _ann(a) + '}')}\n    {OK}"
    ),
    "response-property": lambda a: _doc(
        f"/pets:\n  get:\n    {_RESP % (', name: {type: string' + _ann(a) + '}')}"
    ),
}

#: the elements a transition rule exists for, in the order the catalogue lists them
ELEMENTS = tuple(ElementName(element) for element in _ELEMENTS)


def lifecycle_rule_id(element: ElementName, aspect: LifecycleAspectName) -> RuleId:
    """``operation`` × ``sunset-too-soon`` → ``operation-sunset-too-soon``."""
    return RuleId(f"{element}-{aspect}")


_SIDE = {
    "version": Side.NONE,
    "operation": Side.NONE,
    "request-parameter": Side.REQUEST,
    "request-property": Side.REQUEST,
    "response-property": Side.RESPONSE,
}

_NAMES = {
    "version": "the API version",
    "operation": "an operation",
    "request-parameter": "a request parameter",
    "request-property": "a request property",
    "response-property": "a response property",
}

_DEPRECATED = "status: deprecated, deprecated: 2026-01-10"


def _lc(fields: str) -> str:
    return f"x-lifecycle: {{{fields}}}"


class Aspect(Struct, frozen=True):
    name: str
    classification: Classification
    summary: str
    message: str
    base: str
    revision: str
    counter: str
    counter_base: str | None = None
    #: oasdiff ids by element
    oasdiff: tuple[tuple[str, str], ...] = ()
    rationale: str = ""
    #: when it fires, as the table of docs/lifecycle.md says it
    when: str = ""


ASPECTS: tuple[Aspect, ...] = (
    Aspect(
        "deprecated",
        I,
        "{name} was deprecated with a sunset date far enough ahead",
        "{subject} deprecated {since}, sunset {sunset}",
        "",
        _lc(f"{_DEPRECATED}, sunset: 2026-07-10"),
        _lc(f"{_DEPRECATED}, sunset: 2026-07-09"),
        oasdiff=(
            ("operation", "endpoint-deprecated"),
            ("operation", "endpoint-deprecated-with-sunset"),
            ("request-parameter", "request-parameter-deprecated"),
            ("request-property", "request-property-deprecated"),
            ("request-property", "request-property-deprecated-with-sunset"),
            ("response-property", "response-property-deprecated"),
            ("response-property", "response-property-deprecated-with-sunset"),
        ),
        rationale="Deprecating with a sunset at least the deprecation window ahead is how "
        "the policy seeds announce a removal: clients keep working and are told when to move.",
        when="deprecated with a sunset at least the *deprecation window* (default 6 months) later",
    ),
    Aspect(
        "deprecated-sunset-missing",
        B,
        "{name} was deprecated without a sunset date",
        "{subject} deprecated {since} without a sunset date",
        "",
        _lc(_DEPRECATED),
        _lc(f"{_DEPRECATED}, sunset: 2026-07-10"),
        oasdiff=(
            ("operation", "api-deprecated-sunset-missing"),
            ("request-parameter", "request-parameter-deprecated-sunset-missing"),
            ("request-property", "request-property-deprecated-sunset-missing"),
            ("response-property", "response-property-deprecated-sunset-missing"),
        ),
        rationale="Clients cannot plan a migration without a date (docs/lifecycle.md).",
        when="deprecated without a sunset date",
    ),
    Aspect(
        "sunset-too-soon",
        B,
        "{name} got a sunset date less than the deprecation window after its deprecation",
        "{subject} deprecated {since} with sunset {sunset}: the sunset must be at least "
        "{window} after deprecation ({earliest} or later)",
        "",
        _lc(f"{_DEPRECATED}, sunset: 2026-07-09"),
        _lc(f"{_DEPRECATED}, sunset: 2026-07-10"),
        oasdiff=(
            ("operation", "api-sunset-date-too-small"),
            ("request-parameter", "request-parameter-sunset-date-too-small"),
            ("request-property", "request-property-sunset-date-too-small"),
            ("response-property", "response-property-sunset-date-too-small"),
        ),
        rationale="The deprecation window is the migration time promised to clients.",
        when="the sunset is less than the window after the deprecation date (today, when no "
        "date is given)",
    ),
    Aspect(
        "sunset-moved-earlier",
        B,
        "the sunset date of {name} was moved earlier",
        "{subject}: sunset moved earlier from {old_sunset} to {sunset}; a sunset may only "
        "move later ({old_sunset} or after)",
        _lc(f"{_DEPRECATED}, sunset: 2026-09-01"),
        _lc(f"{_DEPRECATED}, sunset: 2026-08-31"),
        _lc(f"{_DEPRECATED}, sunset: 2026-09-02"),
        oasdiff=(
            ("operation", "api-sunset-date-changed-too-small"),
            ("request-parameter", "request-parameter-sunset-date-changed-too-small"),
        ),
        rationale="Clients planned their migration around the announced date.",
        when="a sunset moved to an earlier date",
    ),
    Aspect(
        "sunset-deleted",
        B,
        "the sunset date of deprecated {name} was deleted",
        "{subject}: sunset date {old_sunset} deleted while it is still {status}; keep it "
        "({old_sunset} or later)",
        _lc(f"{_DEPRECATED}, sunset: 2026-09-01"),
        _lc(_DEPRECATED),
        _lc(f"{_DEPRECATED}, sunset: 2026-10-01"),
        oasdiff=(
            ("operation", "sunset-deleted"),
            ("request-parameter", "request-parameter-sunset-deleted"),
        ),
        rationale="A deprecation without a date is no longer a promise clients can plan on.",
        when="a sunset date removed from something still deprecated",
    ),
    Aspect(
        "status-decreased",
        B,
        "the status of {name} moved backwards (e.g. stable to beta)",
        "{subject}: status moved backwards from {old_status} to {status}; statuses only move "
        "forward (development → beta → stable → deprecated → end-of-life)",
        _lc("status: stable"),
        _lc("status: beta"),
        _lc("status: stable, since: 2025-01-01"),
        oasdiff=(
            ("operation", "api-stability-decreased"),
            ("request-property", "request-property-stability-decreased"),
            ("response-property", "response-property-stability-decreased"),
        ),
        rationale="Clients built on the stronger promise lose it.",
        when="a status moved backwards (stable → beta)",
    ),
    Aspect(
        "reactivated",
        B,
        "deprecated {name} was made current again",
        "{subject}: moved back from {old_status} to {status}; a deprecation stands until "
        "removal (switch this rule off in the config to revive it on purpose)",
        _lc(f"{_DEPRECATED}, sunset: 2026-09-01"),
        _lc("status: stable"),
        _lc(f"{_DEPRECATED}, sunset: 2026-10-01"),
        oasdiff=(
            ("operation", "endpoint-reactivated"),
            ("request-parameter", "request-parameter-reactivated"),
            ("request-property", "request-property-reactivated"),
            ("response-property", "response-property-reactivated"),
        ),
        rationale="Moving a status backwards is a policy breach (docs/lifecycle.md); oasdiff only "
        "informs. Clients that migrated away were told it would go.",
        when="deprecated or end-of-life moved back to a current status",
    ),
    Aspect(
        "status-advanced",
        I,
        "the status of {name} moved forward (e.g. beta to stable)",
        "{subject}: status moved from {old_status} to {status}",
        _lc("status: beta"),
        _lc("status: stable"),
        _lc("status: development"),
        oasdiff=(
            ("operation", "api-stability-increased"),
            ("request-property", "request-property-stability-increased"),
            ("response-property", "response-property-stability-increased"),
        ),
        rationale="A status moving forward promises more to clients (beta to stable), which "
        "never hurts them; it is reported so the changelog shows it.",
        when="a status moved forward (beta → stable)",
    ),
    Aspect(
        "retired-before-sunset",
        B,
        "{name} was marked end-of-life before its sunset date",
        "{subject} marked end-of-life {reason}; end of life is allowed from {earliest}",
        _lc(f"{_DEPRECATED}, sunset: 2026-09-01"),
        _lc("status: end-of-life, deprecated: 2026-01-10, sunset: 2026-09-01"),
        _lc("status: end-of-life, deprecated: 2025-01-10, sunset: 2026-02-01"),
        counter_base=_lc("status: deprecated, deprecated: 2025-01-10, sunset: 2026-02-01"),
        rationale="End of life allows removal; before the sunset that breaks the promise.",
        when="marked end-of-life before its sunset (or without any deprecation period)",
    ),
    Aspect(
        "lifecycle-invalid",
        B,
        "a lifecycle annotation of {name} cannot be read (unknown status, date not ISO 8601)",
        "{subject}: {field} '{value}' cannot be read ({reason}); it is ignored until fixed",
        "",
        _lc(f"{_DEPRECATED}, sunset: next year"),
        _lc(f"{_DEPRECATED}, sunset: 2027-01-01"),
        oasdiff=(
            ("operation", "api-invalid-stability-level"),
            ("operation", "api-deprecated-sunset-parse"),
            ("operation", "api-path-sunset-parse"),
            ("request-parameter", "request-parameter-sunset-parse"),
            ("request-property", "request-property-deprecated-sunset-invalid"),
            ("response-property", "response-property-deprecated-sunset-invalid"),
        ),
        rationale="A date oasgate cannot read cannot protect anyone.",
        when="an unknown status or a date that is not ISO 8601",
    ),
)

#: removal refinements: element → (example document with the element, without it)
_REMOVED: dict[str, tuple[Callable[[str], str], str, str]] = {
    "path": (
        lambda a: _doc(f"/pets:\n  get: {{{OK}{_ann(a)}}}\n/owners:\n  get: {{{OK}}}"),
        _doc(f"/owners:\n  get: {{{OK}}}"),
        "api-path-removed-before-sunset|api-path-removed-with-deprecation",
    ),
    "operation": (
        lambda a: _doc(f"/pets:\n  get: {{{OK}{_ann(a)}}}\n  post: {{{OK}}}"),
        _doc(f"/pets:\n  post: {{{OK}}}"),
        "api-removed-before-sunset|api-removed-with-deprecation",
    ),
    "request-parameter": (
        _ELEMENTS["request-parameter"],
        _doc(f"/pets:\n  get: {{{OK}}}"),
        "request-parameter-removed-before-sunset|request-parameter-removed-with-deprecation",
    ),
    "request-property": (
        _ELEMENTS["request-property"],
        _doc(f"/pets:\n  post:\n    {_REQ % ''}\n    {OK}"),
        "|",
    ),
    "response-property": (
        _ELEMENTS["response-property"],
        _doc(f"/pets:\n  get:\n    {_RESP % ''}"),
        "|",
    ),
}


class Removal(Struct, frozen=True):
    """A structural removal the lifecycle refines by the removed element's base status."""

    element: str
    #: the structural rule (``operation-removed``), kept for what was never deprecated
    rule: RuleId
    #: deprecated, removed before its sunset (or without one)
    before_sunset: RuleId
    #: deprecated, removed once its sunset has come (allowed)
    after_sunset: RuleId


#: structural removal rule → how the lifecycle refines it
REMOVALS: Mapping[str, Removal] = {
    RuleId(f"{element}-removed"): Removal(
        element,
        RuleId(f"{element}-removed"),
        RuleId(f"{element}-removed-before-sunset"),
        RuleId(f"{element}-removed-after-sunset"),
    )
    for element in _REMOVED
}

_HEADERS_MISSING = RuleId("deprecation-headers-missing")
_HEADERS_INCONSISTENT = RuleId("deprecation-headers-inconsistent")
#: rules whose severity is the ``require-sunset-headers`` policy, not the gate table
HEADER_RULES = frozenset({_HEADERS_MISSING, _HEADERS_INCONSISTENT})
#: A deprecation with no sunset date at all: hygiene, not a wire break; a warning unless
#: the policy sets ``require-sunset-date`` (a sunset too soon, moved earlier or deleted stays
#: an error), except on surface whose gate row says info.
SUNSET_DATE_RULES = frozenset(
    lifecycle_rule_id(element, LifecycleAspectName("deprecated-sunset-missing"))
    for element in ELEMENTS
)

_SUNSET_AHEAD = _lc(f"{_DEPRECATED}, sunset: 2026-09-01")
_SUNSET_PASSED = _lc("status: deprecated, deprecated: 2025-01-10, sunset: 2026-02-01")

_HEADERS = (
    "headers: {{Deprecation: {{schema: {{type: string}}, example: '{deprecation}'}}, "
    "Sunset: {{schema: {{type: string}}, example: '{sunset}'}}}}"
)


def _deprecated_op(headers: str) -> str:
    lifecycle = _lc(f"{_DEPRECATED}, sunset: 2026-09-01")
    response = "{description: ok" + (f", {headers}" if headers else "") + "}"
    return _doc(f"/pets:\n  get: {{responses: {{'200': {response}}}, {lifecycle}}}")


def rules() -> Iterator[Rule]:
    for aspect in ASPECTS:
        for element, build in _ELEMENTS.items():
            aliases = tuple(alias for owner, alias in aspect.oasdiff if owner == element)
            yield Rule(
                id=lifecycle_rule_id(ElementName(element), LifecycleAspectName(aspect.name)),
                side=_SIDE[element],
                classification=aspect.classification,
                summary=aspect.summary.format(name=_NAMES[element]),
                message=aspect.message,
                example=Example(build(aspect.base), build(aspect.revision), today=TODAY),
                counter_example=Example(
                    build(aspect.counter_base if aspect.counter_base is not None else aspect.base),
                    build(aspect.counter),
                    today=TODAY,
                ),
                aliases=aliases,
                rationale=aspect.rationale,
                kind=Kind.LIFECYCLE,
            )
    for element, (with_element, without, oasdiff) in _REMOVED.items():
        before_alias, after_alias = oasdiff.split("|")
        name = _NAMES.get(element, "a path")
        side = _SIDE.get(element, Side.NONE)
        removal = REMOVALS[RuleId(f"{element}-removed")]
        yield Rule(
            id=removal.before_sunset,
            side=side,
            classification=B,
            summary=f"deprecated {name.removeprefix('a ').removeprefix('an ')} removed before "
            "its sunset date (or without one)",
            message="{subject} removed {detail}",
            example=Example(with_element(_SUNSET_AHEAD), without, today=TODAY),
            counter_example=Example(with_element(_SUNSET_PASSED), without, today=TODAY),
            aliases=(before_alias,) if before_alias else (),
            rationale="Deprecated elements keep working until their sunset (docs/lifecycle.md).",
            kind=Kind.LIFECYCLE,
        )
        yield Rule(
            id=removal.after_sunset,
            side=side,
            classification=C,
            summary=f"deprecated {name.removeprefix('a ').removeprefix('an ')} removed after "
            "its sunset date (allowed)",
            message="{subject} removed {detail}",
            example=Example(with_element(_SUNSET_PASSED), without, today=TODAY),
            counter_example=Example(with_element(_SUNSET_AHEAD), without, today=TODAY),
            aliases=(after_alias,) if after_alias else (),
            rationale="Removal is the promised end of a deprecation: the base marked it "
            "deprecated and its sunset has passed, so clients were told and had the window.",
            kind=Kind.LIFECYCLE,
        )
    plain = _doc(f"/pets:\n  get: {{{OK}}}")
    good = _HEADERS.format(deprecation="@1768003200", sunset="Tue, 01 Sep 2026 00:00:00 GMT")
    bad = _HEADERS.format(deprecation="@1768003200", sunset="Mon, 31 Aug 2026 00:00:00 GMT")
    yield Rule(
        id=_HEADERS_MISSING,
        side=Side.RESPONSE,
        classification=W,
        summary="a deprecated operation does not declare the Deprecation and Sunset "
        "response headers",
        message="{operation} is deprecated but does not declare the {missing} response "
        "header(s){suggestion}",
        example=Example(plain, _deprecated_op(""), today=TODAY),
        counter_example=Example(plain, _deprecated_op(good), today=TODAY),
        rationale="RFC 9745 (Deprecation) and RFC 8594 (Sunset) let clients notice at run "
        "time; a warning unless the policy sets require-sunset-headers.",
        kind=Kind.LIFECYCLE,
    )
    yield Rule(
        id=_HEADERS_INCONSISTENT,
        side=Side.RESPONSE,
        classification=W,
        summary="the example value of a Deprecation or Sunset header does not match the "
        "operation's lifecycle dates",
        message="{operation}: the {header} header example '{value}' {problem}, but the "
        "lifecycle date is {expected}; use '{suggested}'",
        example=Example(plain, _deprecated_op(bad), today=TODAY),
        counter_example=Example(plain, _deprecated_op(good), today=TODAY),
        rationale="Clients that monitor the headers would be told a different date than "
        "the documentation says.",
        kind=Kind.LIFECYCLE,
    )
