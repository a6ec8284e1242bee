"""A name in ``required`` is required whether or not ``properties`` declares it.

GitHub's "update a gist" (``PATCH /gists/{gist_id}``) takes a body that must hold a
``description`` or ``files``: ``anyOf: [{required: [description]}, {required: [files]}]``
(urlbox.io's render request and GitHub's Pages request are written the same way, with
``oneOf``). Planted in the APIs.guru directory, the second variant removed — a body of
``files`` alone now rejected — was reported as nothing at all: a schema that lists a name
in ``required`` without declaring it in its own ``properties`` was compared as if the list
were empty, so the removed variant looked like one the other still took.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.acceptance.test_properties import FUZZ, compare
from tests.acceptance.test_same_meaning import _messages

NAMES = ("description", "files", "public", "title")


def _gist(body: dict[str, Any], *, response: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "parameters": [
            {"name": "gist_id", "in": "path", "required": True, "schema": {"type": "string"}}
        ],
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}},
    }
    if response is not None:
        operation["responses"]["200"]["content"] = {"application/json": {"schema": response}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "GitHub", "version": "1.1.4"},
        "paths": {"/gists/{gist_id}": {"patch": operation}},
    }


def _update(variants: list[list[str]], keyword: str = "anyOf") -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"description": {"type": "string"}, "files": {"type": "object"}},
        keyword: [{"required": names} for names in variants],
    }


def _errors(base: dict[str, Any], revision: dict[str, Any]) -> list[str]:
    return [m for m in _messages(base, revision) if not m.startswith("api-version-not-bumped")]


def test_a_variant_of_required_names_removed_is_reported() -> None:
    for keyword in ("anyOf", "oneOf"):
        base = _gist(_update([["description"], ["files"]], keyword))
        revision = _gist(_update([["description"]], keyword))
        said = _errors(base, revision)
        rule = f"request-body-{keyword.replace('O', '-o').lower()}-variant-removed"
        assert [m.split(":")[0] for m in said] == [rule], said
        # and the other way round, the variant is added: compatible
        assert [m.split(":")[0] for m in _errors(revision, base)] == [
            rule.replace("removed", "added")
        ]


def test_a_name_required_without_a_declaration_is_compared() -> None:
    """``required: [files]`` → ``[description]``: ``description`` is a new required
    property (a request break, as when the revision declares it), ``files`` optional."""
    base = _gist({"required": ["files"]})
    revision = _gist({"required": ["description"]})
    assert _errors(base, revision) == [
        "request-property-required-added: new required request property 'description'",
        "request-property-became-optional: request property 'files' became optional",
    ]
    # declared on the side that does not require it, it is compared as declared
    declared = _gist({"required": ["files"], "properties": {"description": {"type": "string"}}})
    assert sorted(_errors(declared, revision)) == [
        "request-property-became-optional: request property 'files' became optional",
        "request-property-became-required: request property 'description' became required",
        "request-property-type-widened: request property 'description': type widened from "
        "string to any",
    ]


@FUZZ
@given(
    before=st.sets(st.sampled_from(NAMES), min_size=1),
    after=st.sets(st.sampled_from(NAMES), min_size=1),
    declared=st.sets(st.sampled_from(NAMES), min_size=1),
    where=st.sampled_from(["base", "revision", "both"]),
    side=st.sampled_from(["request", "response"]),
)
def test_declaring_a_required_name_as_any_value_changes_no_verdict(
    before: set[str], after: set[str], declared: set[str], where: str, side: str
) -> None:
    """A name both sides require, declared as any value (``properties: {name: {}}``) or
    not — on either side, or both: the same findings for the same change of the other
    names ``required`` lists, and none when it is the same."""

    def document(names: set[str], declare: bool) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "required": sorted(names)}
        # only names both sides require: a declaration the other side lacks altogether is
        # a property removed (or added), reported as such
        if declare and before & after & declared:
            schema["properties"] = {name: {} for name in sorted(before & after & declared)}
        if side == "request":
            return _gist(schema)
        return _gist({"type": "object"}, response=schema)

    plain = _errors(document(before, False), document(after, False))
    spelt = _errors(
        document(before, where in ("base", "both")), document(after, where in ("revision", "both"))
    )
    assert sorted(plain) == sorted(spelt)
    assert bool(plain) == (before != after)


def test_the_gist_shape_copied_is_no_change() -> None:
    base = _gist(_update([["description"], ["files"]]))
    assert _errors(base, copy.deepcopy(base)) == []
    reordered = _gist(_update([["files"], ["description"]]))
    assert _errors(base, reordered) == []


def _shipengine(declared: bool) -> dict[str, Any]:
    """ShipEngine's pickups: ``pickup`` declares ``carrier_id`` (no additional properties),
    the response body extends it and requires the name."""
    pickup: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"pickup_id": {"type": "string"}},
    }
    if declared:
        pickup["properties"]["carrier_id"] = {"type": "string", "readOnly": True}
    body = {"allOf": [{"$ref": "#/components/schemas/pickup"}, {"required": ["carrier_id"]}]}
    document = _gist({"type": "object"}, response={"$ref": "#/components/schemas/body"})
    document["components"] = {"schemas": {"pickup": pickup, "body": body}}
    return document


def test_a_property_removed_from_an_extended_component_is_one_finding() -> None:
    """Removing ``carrier_id`` from ``pickup`` is that component's one finding (D101), though
    the extending body still lists the name in ``required``: not a second error "type
    widened from string to any" nor "no longer read-only" at the body (planted in
    ShipEngine's document, where D102 first said both); nor, the other way, a type
    narrowed from any value."""
    assert _errors(_shipengine(True), _shipengine(False)) == [
        "response-property-removed: response property 'pickup.carrier_id' removed"
    ]
    # and declared there again: the component's one finding too
    assert _errors(_shipengine(False), _shipengine(True)) == [
        "response-property-added: new response property 'pickup.carrier_id'"
    ]


def _inlined(document: dict[str, Any]) -> dict[str, Any]:
    """``pickup`` written inside the body's ``allOf`` instead of referred to."""
    inlined = copy.deepcopy(document)
    schemas = inlined["components"]["schemas"]
    schemas["body"]["allOf"][0] = schemas.pop("pickup")
    return inlined


def test_inlining_the_extended_component_keeps_the_verdict() -> None:
    """Written inline, there is no component to name: the body still requires
    ``carrier_id``, now of any value — "type widened from string to any", an error as the
    removal is (and the read-only flag gone with the declaration, information); declared
    again, no error either way."""

    def errors(base: dict[str, Any], revision: dict[str, Any]) -> list[str]:
        report = compare(json.dumps(base), json.dumps(revision))
        return [f.rule for f in report.findings if f.severity.value == "error"]

    for before, after, count in ((True, False, 1), (False, True, 0)):
        referred = errors(_shipengine(before), _shipengine(after))
        inline = errors(_inlined(_shipengine(before)), _inlined(_shipengine(after)))
        assert len(referred) == len(inline) == count, (referred, inline)
