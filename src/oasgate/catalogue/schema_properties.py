"""Property rules: renames, readOnly/writeOnly transitions, properties that never travel on
one side of the wire, and the properties of object-valued parameters."""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Kind, Rule, Side, W, op


def _request_props(props: str, required: str = "") -> str:
    schema = "{type: object, required: [" + required + "], properties: {" + props + "}}"
    return op("requestBody: {content: {application/json: {schema: " + schema + "}}}\n" + OK, "post")


def _response_props(props: str, required: str = "") -> str:
    schema = "{type: object, required: [" + required + "], properties: {" + props + "}}"
    return op(
        "responses: {'200': {description: ok, content: {application/json: {schema: "
        + schema
        + "}}}}"
    )


_NAME = "name: {type: string, description: The pet's name}"
_TITLE = "title: {type: string, description: The pet's name}"
_AGE = "age: {type: integer}"


def _parameter_props(props: str, required: str = "") -> str:
    return op(
        "parameters: [{name: filter, in: query, style: deepObject, schema: {type: object, "
        f"required: [{required}], properties: {{{props}}}}}}}]\n{OK}"
    )


def _parameter_property_rules() -> Iterator[Rule]:
    """Existence and requiredness of the properties of a parameter's object schema (a
    deepObject query parameter, an object-valued header): the same judgement as for a
    request body's properties, under ids of their own."""
    p = _parameter_props
    two = f"{_NAME}, {_AGE}"
    yield Rule(
        "request-parameter-property-removed",
        Side.REQUEST,
        W,
        "a property of an object parameter was removed",
        "{where} removed",
        Example(p(two), p(_AGE)),
        Example(p(two), p(two, "age")),
        rationale="As for a request body property: clients may keep sending it and its "
        "effect is gone.",
    )
    yield Rule(
        "request-parameter-property-required-added",
        Side.REQUEST,
        B,
        "a new required property in an object parameter",
        "new required {where}",
        Example(p(_AGE), p(two, "name")),
        Example(p(_AGE), p(two)),
        aliases=("new-required-request-header-property",),
        rationale="Existing clients do not send it and are rejected.",
    )
    yield Rule(
        "request-parameter-property-optional-added",
        Side.REQUEST,
        C,
        "a new optional property in an object parameter",
        "new optional {where}",
        Example(p(_AGE), p(two)),
        Example(p(_AGE), p(two, "name")),
        kind=Kind.FEATURE,
        rationale="Existing clients do not send it and are still accepted (a new feature).",
    )
    yield Rule(
        "request-parameter-property-became-required",
        Side.REQUEST,
        B,
        "an optional property of an object parameter became required",
        "{where} became required",
        Example(p(two), p(two, "age")),
        Example(p(two, "age"), p(two)),
        aliases=("request-header-property-became-required",),
        rationale="Clients that omit it are rejected.",
    )
    yield Rule(
        "request-parameter-property-became-optional",
        Side.REQUEST,
        C,
        "a required property of an object parameter became optional",
        "{where} became optional",
        Example(p(two, "age"), p(two)),
        Example(p(two), p(two, "age")),
        rationale="Clients that send it still may; requests accept more.",
    )
    yield Rule(
        "request-parameter-property-renamed",
        Side.REQUEST,
        B,
        "a property of an object parameter was renamed",
        "{where} renamed to '{new}'",
        Example(p(two), p(f"{_TITLE}, {_AGE}")),
        Example(p(two), p(f"{_AGE}, title: {{type: integer}}")),
        rationale="As request-property-renamed.",
    )


def _property_rules() -> Iterator[Rule]:
    for side, props in ((Side.REQUEST, _request_props), (Side.RESPONSE, _response_props)):
        s = side.value
        yield Rule(
            f"{s}-property-renamed",
            side,
            B,
            f"a {s} property was renamed: one disappeared while an equivalent one appeared",
            "{where} renamed to '{new}'",
            Example(props(f"{_NAME}, {_AGE}"), props(f"{_TITLE}, {_AGE}")),
            Example(props(f"{_NAME}, {_AGE}"), props(f"{_AGE}, title: {{type: integer}}")),
            rationale="Reported once, naming both, instead of a removal and an unrelated "
            "addition. Conservative: the two schemas must be equivalent (up to descriptions), "
            "the match one-to-one within the object, and a plain schema (just a type) also "
            "needs alike names (userName/user_name, created/createdAt). Clients using the old "
            "name break on both sides of the wire.",
        )
    flags = (
        ("read-only", "readOnly"),
        ("write-only", "writeOnly"),
    )
    levels = {
        ("request", "read-only"): (W, C),
        ("request", "write-only"): (C, C),
        ("response", "read-only"): (C, C),
        ("response", "write-only"): (B, C),
    }
    reasons = {
        ("request", "read-only"): (
            "Clients can no longer set it: servers ignore or reject it in requests, "
            "like a removed request property (a warning).",
            "Clients may now send it; if it is also required, request-property-became-required "
            "reports that separately.",
        ),
        ("request", "write-only"): (
            "Write-only only hides it from responses; requests are unaffected.",
            "Requests are unaffected.",
        ),
        ("response", "read-only"): (
            "Read-only only hides it from requests; responses are unaffected.",
            "Responses are unaffected.",
        ),
        ("response", "write-only"): (
            "Responses no longer carry it: for clients that read it, it is removed "
            "(oasdiff only informs).",
            "Responses may now carry it, like an added property.",
        ),
    }
    for side, props in ((Side.REQUEST, _request_props), (Side.RESPONSE, _response_props)):
        s = side.value
        for slug, keyword in flags:
            became, became_not = levels[(s, slug)]
            why, why_not = reasons[(s, slug)]
            plain = "id: {type: string}"
            flagged = f"id: {{type: string, {keyword}: true}}"
            other = "writeOnly" if keyword == "readOnly" else "readOnly"
            explicit = f"id: {{type: string, {keyword}: true, {other}: false}}"
            aliases = (
                f"{s}-optional-property-became-{slug}",
                f"{s}-required-property-became-{slug}",
            )
            yield Rule(
                f"{s}-property-became-{slug}",
                side,
                became,
                f"a {s} property became {keyword}",
                f"{{where}} became {slug}",
                Example(props(plain), props(flagged)),
                Example(props(plain), props(f"id: {{type: string, {other}: true}}")),
                aliases=aliases,
                rationale=why,
            )
            yield Rule(
                f"{s}-property-became-not-{slug}",
                side,
                became_not,
                f"a {s} property is no longer {keyword}",
                f"{{where}} is no longer {slug}",
                Example(props(flagged), props(plain)),
                Example(props(flagged), props(explicit)),
                aliases=tuple(a.replace("-became-", "-became-not-") for a in aliases),
                rationale=why_not,
            )
    hidden = (
        (Side.REQUEST, "read-only", "readOnly", "requests", _request_props),
        (Side.RESPONSE, "write-only", "writeOnly", "responses", _response_props),
    )
    for side, slug, keyword, where, props in hidden:
        s = side.value
        flagged = f"id: {{type: string, {keyword}: true}}"
        described = f"id: {{type: string, {keyword}: true, description: x}}"
        prefix = f"{s}-{slug}-property"
        changed_aliases = (
            tuple(
                f"request-read-only-property-{c}"
                for c in (
                    "enum-value-removed",
                    "exclusive-max-decreased",
                    "exclusive-min-increased",
                    "max-decreased",
                    "max-length-decreased",
                    "min-increased",
                )
            )
            if s == "request"
            else tuple(
                f"response-write-only-property-{c}"
                for c in ("became-optional", "became-required", "enum-value-added")
            )
        )
        yield Rule(
            f"{prefix}-changed",
            side,
            I,
            f"the schema of a {keyword} property changed (it never appears in {where})",
            f"{{where}} changed, but it is {slug} and never appears in {where}",
            Example(props(flagged), props(f"id: {{type: integer, {keyword}: true}}")),
            Example(props(flagged), props(described)),
            aliases=changed_aliases,
            rationale=f"Nothing a client sends or reads in {where} changes.",
        )
        added_aliases = (
            tuple(f"response-{r}-{slug}-property-added" for r in ("optional", "required"))
            if s == "response"
            else ()
        )
        yield Rule(
            f"{prefix}-added",
            side,
            I,
            f"a new {keyword} property (it never appears in {where})",
            f"new {slug} {{where}}",
            Example(props(_AGE), props(f"{_AGE}, {flagged}")),
            Example(props(_AGE), props(f"{_AGE}, id: {{type: string}}")),
            aliases=added_aliases,
            rationale=f"It does not travel in {where}.",
        )
        yield Rule(
            f"{prefix}-removed",
            side,
            I,
            f"a {keyword} property was removed (it never appeared in {where})",
            f"{slug} {{where}} removed",
            Example(props(f"{_AGE}, {flagged}"), props(_AGE)),
            Example(props(f"{_AGE}, {flagged}"), props(flagged)),
            aliases=tuple(a.replace("-added", "-removed") for a in added_aliases),
            rationale=f"It did not travel in {where}.",
        )


def rules() -> Iterator[Rule]:
    yield from _property_rules()
    yield from _parameter_property_rules()
