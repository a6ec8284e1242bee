"""The schema aspects: every kind of schema change, with its classification on each side
of the wire and why. :mod:`oasgate.catalogue.schema` turns each into one rule per site.

Bounds are read as ranges: an absent maximum is an infinite one and an absent
``minLength`` is 0, so a limit that appears is a narrowing — reported as ``…-set``
(breaking on requests, like a documented limit that tightens, reported as
``…-decreased``/``…-increased``): it rejects values that were valid. A team whose
server always enforced the limit says so with an ignore; the tool cannot know.

This module is a declarative table (one entry per aspect, data rather than logic), and so
longer than the ~500 lines other modules keep to (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from oasgate.catalogue.base import B, C, W
from oasgate.findings import Classification


class Aspect(Struct, frozen=True):
    """One kind of schema change, declared once for every schema site."""

    name: str
    request: Classification
    response: Classification
    summary: str
    message: str
    base: str  # flow-style schema in the base
    revision: str  # ... and in the revision, where the rule fires
    counter: str  # a revision from the same base where it must not fire
    oasdiff: tuple[str, ...] = ()  # alias suffixes, appended to the site name
    rationale: str = ""
    components: bool = False  # the examples refer to #/components/schemas/A and B


_REF_A = "{$ref: '#/components/schemas/A'}"
_REF_B = "{$ref: '#/components/schemas/B'}"


def _bounds() -> Iterator[Aspect]:
    """The numeric and count limits: each has a tighter and a looser direction."""
    array = "type: array, items: {type: string}"
    contains = "type: array, contains: {type: string}"
    # slug, keyword, what it limits, schema it applies to, oasdiff's id prefixes
    limits = (
        ("max", "maximum", "maximum", "type: integer", ("max", "exclusive-max")),
        ("min", "minimum", "minimum", "type: integer", ("min", "exclusive-min")),
        ("max-length", "maxLength", "maximum length", "type: string", ("max-length",)),
        ("min-length", "minLength", "minimum length", "type: string", ("min-length",)),
        ("max-items", "maxItems", "maximum number of items", array, ("max-items",)),
        ("min-items", "minItems", "minimum number of items", array, ("min-items",)),
        ("max-properties", "maxProperties", "maximum number of properties", "type: object", ()),
        ("min-properties", "minProperties", "minimum number of properties", "type: object", ()),
        ("max-contains", "maxContains", "most matching items", contains, ("max-contains",)),
        ("min-contains", "minContains", "fewest matching items", contains, ("min-contains",)),
    )  # fmt: skip
    for slug, keyword, noun, prefix, oasdiff in limits:
        upper = slug.startswith("max")
        old, tight, loose = ("10", "5", "20") if upper else ("3", "5", "1")
        # an absent minLength is 0 (minContains: 1): writing the neutral value sets nothing
        neutral = {"minContains": "1", "minLength": "0", "minItems": "0"}.get(keyword, "")
        neutral = "0" if keyword == "minProperties" else neutral
        tighter, looser = ("decreased", "increased") if upper else ("increased", "decreased")
        base = f"{prefix}, {keyword}: {old}"
        yield Aspect(
            f"{slug}-{tighter}",
            B,
            C,
            f"the {noun} {tighter}",
            f"{{where}}: {keyword} {{change}}",
            base,
            f"{prefix}, {keyword}: {tight}",
            f"{prefix}, {keyword}: {loose}",
            oasdiff=tuple(f"{o}-{tighter}" for o in oasdiff),
            rationale="Requests that were valid may now be rejected; responses only get "
            "stricter. The OpenAPI 3.0 form (boolean exclusiveMaximum) and the 3.1 form "
            "(numeric) are read as the same bound, so rewriting one as the other is not a "
            "change, and making a bound exclusive at the same value is a tightening.",
        )
        yield Aspect(
            f"{slug}-set",
            B,
            C,
            f"a {noun} was set where there was none",
            f"{{where}}: {keyword} {{change}}",
            prefix,
            f"{prefix}, {keyword}: {tight}",
            f"{prefix}, {keyword}: {neutral}" if neutral else f"{prefix}, description: x",
            oasdiff=tuple(f"{o}-set" for o in oasdiff),
            rationale="A limit where there was none rejects requests that were valid: an "
            "error, as a limit that tightens (docs/compatibility.md; openapi-diff breaks on "
            "it, oasdiff "
            "warns). A limit that only writes down what the server always enforced is "
            "indistinguishable from a new one in the document: the team that knows says so "
            "with an ignore. Responses only get stricter.",
        )
        yield Aspect(
            f"{slug}-{looser}",
            C,
            B,
            f"the {noun} {looser} (or the limit was removed)",
            f"{{where}}: {keyword} {{change}}",
            base,
            f"{prefix}, {keyword}: {loose}",
            f"{prefix}, {keyword}: {tight}",
            oasdiff=tuple(f"{o}-{looser}" for o in oasdiff) + tuple(f"{o}-unset" for o in oasdiff),
            rationale="A request that accepts more is compatible; a response that may now "
            "return values beyond the old limit breaks clients that sized buffers, columns "
            "or validations by it.",
        )  # fmt: skip


SCHEMA_ASPECTS: tuple[Aspect, ...] = (
    # -- types ---------------------------------------------------------------------------------
    Aspect(
        "type-changed",
        B,
        B,
        "the type changed to an unrelated type",
        "{where}: type changed from {old} to {new}",
        "type: boolean",
        "type: integer",
        "type: boolean, description: a flag",
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
        "type: boolean",
        oasdiff=("type-generalized", "list-of-types-widened", "type-compatible"),
        rationale="A request that accepts more is compatible; a response that may return "
        "values of a new type breaks clients that parse the old one. Parameters, headers "
        "and form fields travel as text, where every integer, number or boolean sent today "
        "is also a valid string (and every integer a valid number): there integer to "
        "string widens. JSON keeps the types apart (a parameter described by content is "
        "JSON), and how arrays and objects are written is the serialisation's rule.",
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
        oasdiff=("type-specialized", "list-of-types-narrowed", "type-compatible"),
        rationale="Requests that were valid may be rejected; responses only get more "
        "precise. For values that travel as text (parameters, headers, form fields) string "
        "to integer, number or boolean narrows: 'abc' was valid.",
    ),
    Aspect(
        "format-added",
        B,
        C,
        "a format was declared where there was none",
        "{where}: format {new} added",
        "type: string",
        "type: string, format: email",
        "type: string, description: x",
        rationale="A server that validates the format rejects values it used to take: an "
        "error on requests (a server that treats formats as documentation only says so "
        "with an ignore). A response only gets more precise.",
    ),
    Aspect(
        "format-removed",
        C,
        W,
        "the format was removed",
        "{where}: format {old} removed",
        "type: string, format: email",
        "type: string",
        "type: string, format: email, description: x",
        rationale="Requests accept more. Clients that parse a response value by its format "
        "(a date, a UUID) may meet values they cannot parse: a warning.",
    ),
    Aspect(
        "format-changed",
        B,
        B,
        "the format changed to an unrelated one",
        "{where}: format changed from {old} to {new}",
        "type: string, format: date",
        "type: string, format: uuid",
        "type: string, format: date, description: x",
        rationale="Values in the old format are no longer valid, in either direction.",
    ),
    Aspect(
        "format-widened",
        C,
        B,
        "the format admits more values (int32 to int64, float to double)",
        "{where}: format widened from {old} to {new}",
        "type: integer, format: int32",
        "type: integer, format: int64",
        "type: integer, format: int32, minimum: 0",
        rationale="Requests accept more; a 64-bit value in a response overflows a client that "
        "stores it in 32 bits.",
    ),
    Aspect(
        "format-narrowed",
        B,
        C,
        "the format admits fewer values (int64 to int32, double to float)",
        "{where}: format narrowed from {old} to {new}",
        "type: integer, format: int64",
        "type: integer, format: int32",
        "type: integer, format: int64, minimum: 0",
        rationale="Requests with large values are rejected; responses only get smaller.",
    ),
    # -- null ----------------------------------------------------------------------------------
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
        "null fail on a value they never had to handle. OpenAPI 3.0 `nullable: true`, a "
        "3.1 `null` in the type list and a `{type: 'null'}` variant are the same thing.",
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
    # -- enums and values ----------------------------------------------------------------------
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
    Aspect(
        "enum-removed",
        C,
        W,
        "an enum was lifted: any value of the type is now valid",
        "{where} is no longer restricted to an enum",
        "type: string, enum: [a, b]",
        "type: string",
        "type: string, enum: [a, b, c]",
        rationale="Requests accept more. A response that may now hold any value is the "
        "same risk as an added enum value for clients that switch over it: a warning.",
    ),
    Aspect(
        "x-extensible-enum-value-removed",
        B,
        C,
        "a value was removed from an x-extensible-enum",
        "{where}: x-extensible-enum value {value} removed",
        "type: string, x-extensible-enum: [a, b]",
        "type: string, x-extensible-enum: [a]",
        "type: string, x-extensible-enum: [b, a]",
        oasdiff=("x-extensible-enum-value-removed",),
        rationale="Clients that send the value are rejected.",
    ),
    Aspect(
        "x-extensible-enum-value-added",
        C,
        C,
        "a value was added to an x-extensible-enum",
        "{where}: x-extensible-enum value {value} added",
        "type: string, x-extensible-enum: [a]",
        "type: string, x-extensible-enum: [a, b]",
        "type: string, x-extensible-enum: [a]",
        rationale="An extensible enum tells clients to expect new values: compatible on "
        "both sides (unlike a closed enum, where a new response value is a warning).",
    ),
    Aspect(
        "const-added",
        B,
        C,
        "the value was fixed with const",
        "{where}: const {new} added",
        "type: string",
        "type: string, const: a",
        "type: string, default: a",
        oasdiff=("const-added",),
        rationale="Requests with any other value are rejected; responses only get stricter.",
    ),
    Aspect(
        "const-removed",
        C,
        B,
        "the const was removed: any value of the type is valid",
        "{where}: const {old} removed",
        "type: string, const: a",
        "type: string",
        "type: string, const: a, description: x",
        oasdiff=("const-removed",),
        rationale="Requests accept more; clients that relied on the one value a response "
        "could hold meet others.",
    ),
    Aspect(
        "const-changed",
        B,
        B,
        "the const value changed",
        "{where}: const changed from {old} to {new}",
        "type: string, const: a",
        "type: string, const: b",
        "type: string, const: a, description: x",
        oasdiff=("const-changed",),
        rationale="The one valid value is a different one, in both directions.",
    ),
    Aspect(
        "default-value-added",
        W,
        C,
        "a default value was declared",
        "{where}: default {new} added",
        "type: integer",
        "type: integer, default: 10",
        "type: integer, description: x",
        oasdiff=("default-value-added",),
        rationale="Clients that omit the value now get the declared one; if it documents "
        "what the server already did nothing changes, otherwise behaviour changes "
        "silently: a warning on requests (oasdiff calls it an error for parameters). On "
        "responses a default is documentation.",
    ),
    Aspect(
        "default-value-removed",
        W,
        C,
        "the default value was removed",
        "{where}: default {old} removed",
        "type: integer, default: 10",
        "type: integer",
        "type: integer, default: 10, description: x",
        oasdiff=("default-value-removed",),
        rationale="Clients that omit the value no longer know what they get: a warning on "
        "requests.",
    ),
    Aspect(
        "default-value-changed",
        B,
        W,
        "the default value changed",
        "{where}: default changed from {old} to {new}",
        "type: integer, default: 10",
        "type: integer, default: 20",
        "type: integer, default: 10.0",
        oasdiff=("default-value-changed",),
        rationale="Every client that omits the value silently gets different behaviour — "
        "nothing fails, results just change — so on requests it is breaking (oasdiff: "
        "an error for parameters, info for properties; we do not see why a property "
        "default matters less). On responses, a reader that fills in an absent value "
        "with the default now fills in a different one: a warning.",
    ),
    # -- constraints ---------------------------------------------------------------------------
    *_bounds(),
    Aspect(
        "multiple-of-narrowed",
        B,
        C,
        "multipleOf admits fewer values (set, or changed to a multiple of the old one)",
        "{where}: multipleOf changed from {old} to {new}",
        "type: number, multipleOf: 2",
        "type: number, multipleOf: 4",
        "type: number, multipleOf: 1",
        rationale="Requests that were valid may be rejected; responses only get stricter.",
    ),
    Aspect(
        "multiple-of-widened",
        C,
        B,
        "multipleOf admits more values (removed, or changed to a divisor of the old one)",
        "{where}: multipleOf changed from {old} to {new}",
        "type: number, multipleOf: 4",
        "type: number, multipleOf: 2",
        "type: number, multipleOf: 8",
        rationale="Requests accept more; responses may hold values clients did not expect.",
    ),
    Aspect(
        "multiple-of-changed",
        B,
        B,
        "multipleOf changed to an unrelated step",
        "{where}: multipleOf changed from {old} to {new}",
        "type: number, multipleOf: 2",
        "type: number, multipleOf: 3",
        "type: number, multipleOf: 4",
        rationale="Some old values become invalid and some new ones appear, in both directions.",
    ),
    Aspect(
        "unique-items-added",
        B,
        C,
        "array items must now be unique",
        "{where}: items must now be unique",
        "type: array, items: {type: string}",
        "type: array, items: {type: string}, uniqueItems: true",
        "type: array, items: {type: string}, uniqueItems: false",
        rationale="Requests with duplicates are rejected; responses only get stricter.",
    ),
    Aspect(
        "unique-items-removed",
        C,
        W,
        "array items need no longer be unique",
        "{where}: items need no longer be unique",
        "type: array, items: {type: string}, uniqueItems: true",
        "type: array, items: {type: string}",
        "type: array, items: {type: string}, uniqueItems: true, maxItems: 5",
        rationale="Requests accept more. A response list may now hold duplicates; clients "
        "that keyed on its items may be surprised: a warning rather than an error, since "
        "most clients read lists as lists.",
    ),
    Aspect(
        "pattern-added",
        B,
        C,
        "a pattern was set where there was none",
        "{where}: pattern {new} added",
        "type: string",
        "type: string, pattern: '^[a-z]+$'",
        "type: string, description: x",
        oasdiff=("pattern-added",),
        rationale="Like a limit set where there was none: requests that do not match are "
        "rejected, an error (as oasdiff). An empty pattern (or '.*') matches every string "
        "and counts as none, so writing a pattern after it is this rule, not "
        "pattern-changed. A response only gets more precise.",
    ),
    Aspect(
        "pattern-removed",
        C,
        W,
        "the pattern was removed",
        "{where}: pattern {old} removed",
        "type: string, pattern: '^[a-z]+$'",
        "type: string",
        "type: string, pattern: '^[a-z]+$', description: x",
        oasdiff=("pattern-removed",),
        rationale="Requests accept more. A response value may no longer match what clients "
        "expected; patterns on responses are mostly documentation, so a warning.",
    ),
    Aspect(
        "pattern-changed",
        W,
        W,
        "the pattern changed, and neither pattern surely contains the other",
        "{where}: pattern changed from {old} to {new}",
        "type: string, pattern: '^[a-z]+$'",
        "type: string, pattern: '^[0-9]+$'",
        "type: string, pattern: '[a-z]+'",
        oasdiff=("pattern-changed",),
        rationale="Whether one regular expression accepts more than another cannot be "
        "decided in general; the change needs a human eye: a warning on both sides.",
    ),
    Aspect(
        "pattern-generalized",
        C,
        W,
        "the pattern surely accepts more (an anchor dropped, an alternative added)",
        "{where}: pattern generalized from {old} to {new}",
        "type: string, pattern: '^[a-z]+$'",
        "type: string, pattern: '[a-z]+'",
        "type: string, pattern: '^[0-9]+$'",
        oasdiff=("pattern-generalized",),
        rationale="Only decided when it is certain: the new pattern is the old one without "
        "a ^ or $ anchor, or the old one with a top-level alternative added.",
    ),
    Aspect(
        "pattern-specialized",
        B,
        C,
        "the pattern surely accepts less (an anchor added, an alternative dropped)",
        "{where}: pattern specialized from {old} to {new}",
        "type: string, pattern: '[a-z]+'",
        "type: string, pattern: '^[a-z]+$'",
        "type: string, pattern: '[a-z]+|[0-9]+'",
        rationale="Requests that matched the old pattern may not match the new one.",
    ),
    # -- objects -------------------------------------------------------------------------------
    Aspect(
        "additional-properties-narrowed",
        B,
        C,
        "fewer extra properties are allowed (additionalProperties closed or constrained)",
        "{where}: additionalProperties changed from {old} to {new}",
        "type: object",
        "type: object, additionalProperties: false",
        "type: object, additionalProperties: true",
        rationale="Requests that carried extra properties are rejected; responses only get "
        "stricter.",
    ),
    Aspect(
        "additional-properties-widened",
        C,
        C,
        "more extra properties are allowed (additionalProperties opened or relaxed)",
        "{where}: additionalProperties changed from {old} to {new}",
        "type: object, additionalProperties: false",
        "type: object",
        "type: object, additionalProperties: false, description: x",
        rationale="Requests accept more. A response that may carry properties it did not "
        "list is what every seed policy already asks clients to tolerate (added fields), "
        "so this is compatible on responses too. A changed additionalProperties schema "
        "is compared like any other schema.",
    ),
    Aspect(
        "unevaluated-properties-added",
        B,
        C,
        "unevaluatedProperties now restricts properties no other keyword covers",
        "{where}: unevaluatedProperties changed from {old} to {new}",
        "type: object",
        "type: object, unevaluatedProperties: false",
        "type: object, unevaluatedProperties: true",
        oasdiff=("unevaluated-properties-added",),
        rationale="Requests that carried other properties are rejected.",
    ),
    Aspect(
        "unevaluated-properties-removed",
        C,
        C,
        "unevaluatedProperties no longer restricts other properties",
        "{where}: unevaluatedProperties changed from {old} to {new}",
        "type: object, unevaluatedProperties: false",
        "type: object",
        "type: object, unevaluatedProperties: false, description: x",
        oasdiff=("unevaluated-properties-removed",),
        rationale="Like additionalProperties opening: responses may carry fields that were "
        "not listed, which clients must tolerate anyway (oasdiff calls it an error on "
        "responses; the seed policies say added fields are compatible).",
    ),
    Aspect(
        "property-names-added",
        B,
        C,
        "property names are now constrained (propertyNames)",
        "{where}: propertyNames added",
        "type: object",
        "type: object, propertyNames: {pattern: '^[a-z]+$'}",
        "type: object, description: x",
        oasdiff=("property-names-added",),
        rationale="Requests with other keys are rejected. A changed propertyNames schema is "
        "compared like any string schema.",
    ),
    Aspect(
        "property-names-removed",
        C,
        W,
        "property names are no longer constrained",
        "{where}: propertyNames removed",
        "type: object, propertyNames: {pattern: '^[a-z]+$'}",
        "type: object",
        "type: object, propertyNames: {pattern: '^[a-z]+$'}, description: x",
        oasdiff=("property-names-removed",),
        rationale="A response map may hold keys clients did not expect; like an enum being "
        "lifted, a warning.",
    ),
    Aspect(
        "pattern-property-added",
        B,
        C,
        "a patternProperties entry was added",
        "{where}: patternProperties {key} added",
        "type: object",
        "type: object, patternProperties: {'^x-': {type: string}}",
        "type: object, description: x",
        oasdiff=("pattern-property-added",),
        rationale="Requests whose matching properties do not fit the schema are rejected.",
    ),
    Aspect(
        "pattern-property-removed",
        C,
        B,
        "a patternProperties entry was removed",
        "{where}: patternProperties {key} removed",
        "type: object, patternProperties: {'^x-': {type: string}}",
        "type: object",
        "type: object, patternProperties: {'^x-': {type: string}}, description: x",
        oasdiff=("pattern-property-removed",),
        rationale="Response properties matching the pattern may now hold any value.",
    ),
    Aspect(
        "dependent-required-added",
        B,
        C,
        "a property now requires others (dependentRequired)",
        "{where}: when {key} is present, {names} now required",
        "type: object",
        "type: object, dependentRequired: {a: [b]}",
        "type: object, dependentRequired: {}",
        oasdiff=("dependent-required-added", "dependent-required-changed"),
        rationale="Requests that send the property without the others are rejected.",
    ),
    Aspect(
        "dependent-required-removed",
        C,
        B,
        "a property no longer requires others (dependentRequired)",
        "{where}: when {key} is present, {names} no longer required",
        "type: object, dependentRequired: {a: [b, c]}",
        "type: object, dependentRequired: {a: [b]}",
        "type: object, dependentRequired: {a: [c, b]}",
        oasdiff=("dependent-required-removed", "dependent-required-changed"),
        rationale="Responses may omit properties clients could count on, like a property "
        "becoming optional.",
    ),
    Aspect(
        "dependent-schema-added",
        B,
        C,
        "a dependentSchemas entry was added",
        "{where}: dependentSchemas {key} added",
        "type: object",
        "type: object, dependentSchemas: {a: {required: [b]}}",
        "type: object, description: x",
        oasdiff=("dependent-schema-added",),
        rationale="Requests that send the property must now also satisfy the schema.",
    ),
    Aspect(
        "dependent-schema-removed",
        C,
        B,
        "a dependentSchemas entry was removed",
        "{where}: dependentSchemas {key} removed",
        "type: object, dependentSchemas: {a: {required: [b]}}",
        "type: object",
        "type: object, dependentSchemas: {a: {required: [b]}}, description: x",
        oasdiff=("dependent-schema-removed",),
        rationale="Responses lose a guarantee clients could rely on.",
    ),
    # -- arrays (3.1) --------------------------------------------------------------------------
    Aspect(
        "prefix-items-added",
        B,
        C,
        "a tuple position was constrained (prefixItems)",
        "{where}: prefixItems position {position} added",
        "type: array",
        "type: array, prefixItems: [{type: string}]",
        "type: array, description: x",
        oasdiff=("prefix-items-added",),
        rationale="Requests whose item at that position does not fit are rejected (oasdiff "
        "reads an added position as a relaxation; a position is a constraint on the "
        "item there).",
    ),
    Aspect(
        "prefix-items-removed",
        C,
        B,
        "a tuple position is no longer constrained (prefixItems)",
        "{where}: prefixItems position {position} removed",
        "type: array, prefixItems: [{type: string}]",
        "type: array",
        "type: array, prefixItems: [{type: string}], description: x",
        oasdiff=("prefix-items-removed",),
        rationale="Responses may hold anything at that position.",
    ),
    Aspect(
        "contains-added",
        B,
        C,
        "the array must now contain a matching item (contains)",
        "{where}: contains added",
        "type: array",
        "type: array, contains: {type: string}",
        "type: array, description: x",
        oasdiff=("contains-added",),
        rationale="Requests without a matching item are rejected.",
    ),
    Aspect(
        "contains-removed",
        C,
        B,
        "the array need no longer contain a matching item",
        "{where}: contains removed",
        "type: array, contains: {type: string}",
        "type: array",
        "type: array, contains: {type: string}, description: x",
        oasdiff=("contains-removed",),
        rationale="Responses lose a guarantee clients could rely on.",
    ),
    Aspect(
        "unevaluated-items-added",
        B,
        C,
        "unevaluatedItems now restricts items no other keyword covers",
        "{where}: unevaluatedItems changed from {old} to {new}",
        "type: array, prefixItems: [{type: string}]",
        "type: array, prefixItems: [{type: string}], unevaluatedItems: false",
        "type: array, prefixItems: [{type: string}], unevaluatedItems: true",
        oasdiff=("unevaluated-items-added",),
        rationale="Requests with more items than the tuple describes are rejected.",
    ),
    Aspect(
        "unevaluated-items-removed",
        C,
        B,
        "unevaluatedItems no longer restricts other items",
        "{where}: unevaluatedItems changed from {old} to {new}",
        "type: array, prefixItems: [{type: string}], unevaluatedItems: false",
        "type: array, prefixItems: [{type: string}]",
        "type: array, prefixItems: [{type: string}], unevaluatedItems: false, maxItems: 3",
        oasdiff=("unevaluated-items-removed",),
        rationale="Responses may carry items of any kind beyond the tuple; unlike extra "
        "object fields, extra array items are not something clients are told to expect.",
    ),
    # -- conditionals and negation (3.1) -------------------------------------------------------
    Aspect(
        "if-added",
        B,
        C,
        "a conditional (if/then/else) was added",
        "{where}: if/then/else added",
        "type: object",
        "type: object, if: {required: [a]}, then: {required: [b]}",
        "type: object, description: x",
        oasdiff=("if-added",),
        rationale="A condition adds constraints for some values: requests may be rejected.",
    ),
    Aspect(
        "if-removed",
        C,
        B,
        "a conditional (if/then/else) was removed",
        "{where}: if/then/else removed",
        "type: object, if: {required: [a]}, then: {required: [b]}",
        "type: object",
        "type: object, if: {required: [a]}, then: {required: [b]}, description: x",
        oasdiff=("if-removed",),
        rationale="Responses lose the guarantees the condition gave.",
    ),
    Aspect(
        "if-changed",
        W,
        W,
        "the condition of an if/then/else changed",
        "{where}: the if condition changed",
        "type: object, if: {required: [a]}, then: {required: [b]}",
        "type: object, if: {required: [c]}, then: {required: [b]}",
        "type: object, then: {required: [b]}, if: {required: [a]}",
        rationale="Different values now get the then/else constraints; which way that cuts "
        "depends on both branches: a warning.",
    ),
    Aspect(
        "then-added",
        B,
        C,
        "a then branch was added to a conditional",
        "{where}: then added",
        "type: object, if: {required: [a]}",
        "type: object, if: {required: [a]}, then: {required: [b]}",
        "type: object, if: {required: [a]}, description: x",
        oasdiff=("then-added",),
        rationale="Values matching the condition get new constraints.",
    ),
    Aspect(
        "then-removed",
        C,
        B,
        "the then branch of a conditional was removed",
        "{where}: then removed",
        "type: object, if: {required: [a]}, then: {required: [b]}",
        "type: object, if: {required: [a]}",
        "type: object, if: {required: [a]}, then: {required: [b]}, description: x",
        oasdiff=("then-removed",),
        rationale="Responses lose the guarantees the branch gave.",
    ),
    Aspect(
        "else-added",
        B,
        C,
        "an else branch was added to a conditional",
        "{where}: else added",
        "type: object, if: {required: [a]}",
        "type: object, if: {required: [a]}, else: {required: [b]}",
        "type: object, if: {required: [a]}, description: x",
        oasdiff=("else-added",),
        rationale="Values not matching the condition get new constraints.",
    ),
    Aspect(
        "else-removed",
        C,
        B,
        "the else branch of a conditional was removed",
        "{where}: else removed",
        "type: object, if: {required: [a]}, else: {required: [b]}",
        "type: object, if: {required: [a]}",
        "type: object, if: {required: [a]}, else: {required: [b]}, description: x",
        oasdiff=("else-removed",),
        rationale="Responses lose the guarantees the branch gave.",
    ),
    Aspect(
        "not-added",
        B,
        C,
        "values matching a schema are now excluded (not)",
        "{where}: values matching a new `not` schema are now excluded",
        "type: string",
        "type: string, not: {enum: [x]}",
        "type: string, description: x",
        rationale="Requests that match the excluded schema are rejected.",
    ),
    Aspect(
        "not-removed",
        C,
        B,
        "values matching a schema are no longer excluded (not)",
        "{where}: the `not` schema was removed; the values it excluded are allowed again",
        "type: string, not: {enum: [x]}",
        "type: string",
        "type: string, not: {enum: [x]}, description: x",
        rationale="Responses may hold values that used to be excluded.",
    ),
    Aspect(
        "not-widened",
        B,
        C,
        "the excluded schema (not) admits more values, so more values are excluded",
        "{where}: the `not` schema now excludes more values ({change})",
        "type: string, not: {enum: [x]}",
        "type: string, not: {enum: [x, y]}",
        "type: string, not: {enum: [x], description: no x}",
        rationale="A change inside `not` means the opposite outside it: a value the excluded "
        "schema now admits is rejected, so requests that sent it fail.",
    ),
    Aspect(
        "not-narrowed",
        C,
        B,
        "the excluded schema (not) admits fewer values, so fewer values are excluded",
        "{where}: the `not` schema now excludes fewer values ({change})",
        "type: string, not: {enum: [x, y]}",
        "type: string, not: {enum: [x]}",
        "type: string, not: {enum: [x, y], description: no x}",
        rationale="A change inside `not` means the opposite outside it: values the excluded "
        "schema no longer admits may now be sent in responses.",
    ),
    Aspect(
        "not-changed",
        W,
        W,
        "the excluded schema (not) changed",
        "{where}: the `not` schema excludes other values ({change})",
        "type: string, not: {enum: [x]}",
        "type: string, not: {enum: [y]}",
        "type: string, not: {enum: [x], description: no x}",
        rationale="Some values become excluded and others allowed: a warning on both sides.",
    ),
    # -- content (3.1) -------------------------------------------------------------------------
    Aspect(
        "content-encoding-changed",
        B,
        B,
        "the contentEncoding of a string changed (set, removed or replaced)",
        "{where}: contentEncoding changed from {old} to {new}",
        "type: string, contentEncoding: base64",
        "type: string, contentEncoding: base32",
        "type: string, contentEncoding: base64, description: x",
        oasdiff=("content-encoding-changed",),
        rationale="The bytes are encoded differently: neither side can decode the other's.",
    ),
    Aspect(
        "content-media-type-changed",
        B,
        B,
        "the contentMediaType of a string changed (set, removed or replaced)",
        "{where}: contentMediaType changed from {old} to {new}",
        "type: string, contentMediaType: image/png",
        "type: string, contentMediaType: image/jpeg",
        "type: string, contentMediaType: image/png, description: x",
        oasdiff=("content-media-type-changed",),
        rationale="The embedded document is of a different kind: neither side can read the "
        "other's.",
    ),
    Aspect(
        "content-schema-added",
        B,
        C,
        "the embedded document got a schema (contentSchema)",
        "{where}: contentSchema added",
        "type: string, contentMediaType: application/json",
        "type: string, contentMediaType: application/json, contentSchema: {type: object}",
        "type: string, contentMediaType: application/json, description: x",
        oasdiff=("content-schema-added",),
        rationale="Requests whose embedded document does not fit are rejected.",
    ),
    Aspect(
        "content-schema-removed",
        C,
        B,
        "the embedded document's schema (contentSchema) was removed",
        "{where}: contentSchema removed",
        "type: string, contentMediaType: application/json, contentSchema: {type: object}",
        "type: string, contentMediaType: application/json",
        "type: string, contentMediaType: application/json, contentSchema: {type: object}, "
        "description: x",
        oasdiff=("content-schema-removed",),
        rationale="Responses may embed documents of any shape.",
    ),
    # -- composition ---------------------------------------------------------------------------
    Aspect(
        "one-of-variant-added",
        C,
        B,
        "a oneOf variant was added",
        "{where}: oneOf variant {variant} added",
        "oneOf: [{type: string, enum: [a, b]}, {type: integer}]",
        "oneOf: [{type: string, enum: [a, b]}, {type: integer}, {type: boolean}]",
        "oneOf: [{type: integer}, {type: string, enum: [a, b]}]",
        oasdiff=("one-of-added",),
        rationale="Variants are paired by resemblance (component name, title, types, "
        "properties), not by position: reordering or inserting is not a change. A request "
        "that accepts another shape is compatible; clients cannot parse a response shape "
        "they do not know.",
    ),
    Aspect(
        "one-of-variant-removed",
        B,
        C,
        "a oneOf variant was removed",
        "{where}: oneOf variant {variant} removed",
        "oneOf: [{type: string, enum: [a, b]}, {type: integer}, {type: boolean}]",
        "oneOf: [{type: string, enum: [a, b]}, {type: integer}]",
        "oneOf: [{type: boolean}, {type: integer}, {type: string, enum: [a, b]}]",
        oasdiff=("one-of-removed",),
        rationale="Clients that send that shape are rejected; responses only get narrower.",
    ),
    Aspect(
        "any-of-variant-added",
        C,
        B,
        "an anyOf variant was added",
        "{where}: anyOf variant {variant} added",
        "anyOf: [{type: string, enum: [a, b]}, {type: integer}]",
        "anyOf: [{type: string, enum: [a, b]}, {type: integer}, {type: boolean}]",
        "anyOf: [{type: integer}, {type: string, enum: [a, b]}]",
        oasdiff=("any-of-added",),
        rationale="As for oneOf (docs/compatibility.md); oasdiff only informs on "
        "responses, but a new "
        "response shape breaks clients just the same.",
    ),
    Aspect(
        "any-of-variant-removed",
        B,
        C,
        "an anyOf variant was removed",
        "{where}: anyOf variant {variant} removed",
        "anyOf: [{type: string, enum: [a, b]}, {type: integer}, {type: boolean}]",
        "anyOf: [{type: string, enum: [a, b]}, {type: integer}]",
        "anyOf: [{type: boolean}, {type: integer}, {type: string, enum: [a, b]}]",
        oasdiff=("any-of-removed",),
        rationale="Clients that send that shape are rejected; responses only get narrower.",
    ),
    Aspect(
        "became-one-of",
        W,
        C,
        "anyOf became oneOf (values must now match exactly one variant)",
        "{where}: anyOf became oneOf",
        "anyOf: [{type: string}, {type: integer}]",
        "oneOf: [{type: string}, {type: integer}]",
        "anyOf: [{type: integer}, {type: string}]",
        rationale="The variants are paired and compared as usual. A request value that "
        "matched several variants is now rejected — with disjoint variants nothing changes, "
        "and most specs use the two interchangeably: a warning.",
    ),
    Aspect(
        "became-any-of",
        C,
        W,
        "oneOf became anyOf (values may match several variants)",
        "{where}: oneOf became anyOf",
        "oneOf: [{type: string}, {type: integer}]",
        "anyOf: [{type: string}, {type: integer}]",
        "oneOf: [{type: integer}, {type: string}]",
        rationale="Requests accept more. A response value may now match several variants, "
        "which clients that pick exactly one may mishandle: a warning.",
    ),
    Aspect(
        "wrapped-in-one-of",
        W,
        B,
        "the schema became one variant of a new oneOf",
        "{where} wrapped in a oneOf of {count} variants",
        "type: string, enum: [a, b]",
        "oneOf: [{type: string, enum: [a, b]}, {type: integer}]",
        "oneOf: [{type: string, enum: [a, b]}]",
        oasdiff=("wrapped-in-one-of",),
        rationale="The old schema is paired with the variant it became and compared with it. "
        "Responses may now hold other shapes: breaking. Requests in the old shape are still "
        "accepted, unless they also match another variant (oneOf wants exactly one), and "
        "generated client types change: a warning (oasdiff: error).",
    ),
    Aspect(
        "wrapped-in-any-of",
        W,
        B,
        "the schema became one variant of a new anyOf",
        "{where} wrapped in an anyOf of {count} variants",
        "type: string, enum: [a, b]",
        "anyOf: [{type: string, enum: [a, b]}, {type: integer}]",
        "anyOf: [{type: string, enum: [a, b]}]",
        rationale="As wrapped-in-one-of (Stripe's expandable fields: a string id that may "
        "now be the expanded object).",
    ),
    Aspect(
        "one-of-constraint-added",
        B,
        C,
        "a oneOf was added next to the schema's own keywords",
        "{where}: oneOf of {count} subschemas added",
        "type: object, properties: {a: {type: string}, b: {type: string}}",
        "type: object, properties: {a: {type: string}, b: {type: string}}, "
        "oneOf: [{required: [a]}, {required: [b]}]",
        "type: object, properties: {a: {type: string}, b: {type: string}}, description: x",
        rationale="Values must now also match exactly one subschema: a narrowing.",
    ),
    Aspect(
        "one-of-constraint-removed",
        C,
        B,
        "a oneOf next to the schema's own keywords was removed",
        "{where}: oneOf removed",
        "type: object, properties: {a: {type: string}, b: {type: string}}, "
        "oneOf: [{required: [a]}, {required: [b]}]",
        "type: object, properties: {a: {type: string}, b: {type: string}}",
        "type: object, properties: {a: {type: string}, b: {type: string}}, "
        "oneOf: [{required: [b]}, {required: [a]}]",
        rationale="Responses lose the guarantees the subschemas gave.",
    ),
    Aspect(
        "any-of-constraint-added",
        B,
        C,
        "an anyOf was added next to the schema's own keywords",
        "{where}: anyOf of {count} subschemas added",
        "type: object, properties: {a: {type: string}, b: {type: string}}",
        "type: object, properties: {a: {type: string}, b: {type: string}}, "
        "anyOf: [{required: [a]}, {required: [b]}]",
        "type: object, properties: {a: {type: string}, b: {type: string}}, description: x",
        rationale="Values must now also match a subschema: a narrowing.",
    ),
    Aspect(
        "any-of-constraint-removed",
        C,
        B,
        "an anyOf next to the schema's own keywords was removed",
        "{where}: anyOf removed",
        "type: object, properties: {a: {type: string}, b: {type: string}}, "
        "anyOf: [{required: [a]}, {required: [b]}]",
        "type: object, properties: {a: {type: string}, b: {type: string}}",
        "type: object, properties: {a: {type: string}, b: {type: string}}, "
        "anyOf: [{required: [b]}, {required: [a]}]",
        rationale="Responses lose the guarantees the subschemas gave.",
    ),
    Aspect(
        "all-of-member-added",
        C,
        C,
        "a named component was mixed into an allOf",
        "{where}: allOf member {member} added",
        f"allOf: [{_REF_A}, {{title: an A}}]",
        f"allOf: [{_REF_A}, {_REF_B}, {{title: an A}}]",
        f"allOf: [{_REF_A}, {{properties: {{b: {{type: string}}}}}}, {{title: an A}}]",
        oasdiff=("all-of-added", "all-of-added-annotation-only"),
        rationale="allOf is compared as the merged schema, so what the member brings (a new "
        "required property, a tighter bound) is reported by its own rule with its own "
        "level; this finding only records the structure (oasdiff calls it an error on "
        "requests, which double-counts what the member adds).",
        components=True,
    ),
    Aspect(
        "all-of-member-removed",
        C,
        C,
        "a named component was taken out of an allOf",
        "{where}: allOf member {member} removed",
        f"allOf: [{_REF_A}, {_REF_B}, {{title: an A}}]",
        f"allOf: [{_REF_A}, {{title: an A}}]",
        f"allOf: [{_REF_B}, {_REF_A}, {{title: an A}}]",
        oasdiff=("all-of-removed", "all-of-removed-annotation-only"),
        rationale="As all-of-member-added: what the member took with it (a removed "
        "property...) is reported by its own rule.",
        components=True,
    ),
    # -- discriminator -------------------------------------------------------------------------
    Aspect(
        "discriminator-added",
        C,
        C,
        "a discriminator was declared",
        "{where}: discriminator added",
        "type: object, properties: {kind: {type: string}}",
        "type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind}",
        "type: object, properties: {kind: {type: string}}, description: x",
        oasdiff=("discriminator-added",),
        rationale="It names a property that is already there; the variants themselves are "
        "compared on their own.",
    ),
    Aspect(
        "discriminator-removed",
        C,
        W,
        "the discriminator was removed",
        "{where}: discriminator removed",
        "type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind}",
        "type: object, properties: {kind: {type: string}}",
        "type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind},"
        " description: x",
        oasdiff=("discriminator-removed",),
        rationale="Clients (and generated code) that pick the variant of a response by the "
        "discriminator must find another way: a warning.",
    ),
    Aspect(
        "discriminator-property-changed",
        B,
        B,
        "the discriminator names a different property",
        "{where}: discriminator property changed from {old} to {new}",
        "type: object, properties: {kind: {type: string}, type: {type: string}}, "
        "discriminator: {propertyName: kind}",
        "type: object, properties: {kind: {type: string}, type: {type: string}}, "
        "discriminator: {propertyName: type}",
        "type: object, properties: {kind: {type: string}, type: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {}}",
        oasdiff=("discriminator-property-name-changed",),
        rationale="Requests that select their variant with the old property are "
        "misread; clients reading responses look at the wrong property (oasdiff only "
        "informs).",
    ),
    Aspect(
        "discriminator-mapping-added",
        C,
        W,
        "a discriminator value was added to the mapping",
        "{where}: discriminator value {value} added",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A'}}",
        "type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind,"
        " mapping: {a: '#/components/schemas/A', b: '#/components/schemas/B'}}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {a: 'A'}}",
        oasdiff=("discriminator-mapping-added",),
        rationale="Like an enum value added: a response may carry a kind clients do not know.",
    ),
    Aspect(
        "discriminator-mapping-removed",
        B,
        C,
        "a discriminator value was removed from the mapping",
        "{where}: discriminator value {value} removed",
        "type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind,"
        " mapping: {a: '#/components/schemas/A', b: '#/components/schemas/B'}}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A'}}",
        "type: object, properties: {kind: {type: string}}, discriminator: {propertyName: kind,"
        " mapping: {b: '#/components/schemas/B', a: '#/components/schemas/A'}}",
        oasdiff=("discriminator-mapping-deleted",),
        rationale="Requests that send that value are no longer understood.",
    ),
    Aspect(
        "discriminator-mapping-changed",
        W,
        W,
        "a discriminator value maps to a different schema",
        "{where}: discriminator value {value} now maps to {new} (was {old})",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/A'}}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {a: '#/components/schemas/B'}}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, mapping: {a: A}}",
        oasdiff=("discriminator-mapping-changed",),
        rationale="The same value now selects another schema; the schemas themselves are "
        "compared through the variants, so this is a warning pointing there.",
    ),
    Aspect(
        "discriminator-default-mapping-changed",
        W,
        W,
        "the schema a discriminator falls back to changed (OpenAPI 3.2 defaultMapping)",
        "{where}: discriminator default mapping changed from {old} to {new}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, defaultMapping: '#/components/schemas/A'}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, defaultMapping: '#/components/schemas/B'}",
        "type: object, properties: {kind: {type: string}}, "
        "discriminator: {propertyName: kind, defaultMapping: '#/components/schemas/A', "
        "mapping: {}}",
        rationale="A payload without the discriminating property (or with an unmapped value) "
        "is now read as another schema; added or removed, the same payloads change meaning. "
        "The schemas are compared through the variants, so this is a warning pointing there.",
        components=True,
    ),
)
