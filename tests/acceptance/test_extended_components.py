"""A property removed from a component is one finding, however many schemas extend it.

ShipEngine's ``schedule_pickup_response_body`` and ``get_pickup_by_id_response_body`` are
each ``allOf: [{$ref: pickup}, {…}]``. A property removed from ``pickup`` was reported three
times — at ``pickup`` and at each schema extending it — one edit, three findings (found by
planting breaks in the APIs.guru documents, ``tests/planted/``). A property's removal or
addition is the change of the component that declares it, on both sides: one finding,
listing every operation, named by that component.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import oasgate
from tests.acceptance.test_metamorphic import model_of
from tests.acceptance.test_properties import FUZZ


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _returns(schema: str) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(schema)}}
    return {"responses": {"200": {"description": "ok", "content": content}}}


PICKUP = {
    "type": "object",
    "properties": {"pickup_id": {"type": "string"}, "carrier_id": {"type": "string"}},
}
DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "ShipEngine", "version": "1.1"},
    "paths": {
        "/pickups": {"get": _returns("pickup")},
        "/pickups/schedule": {"post": _returns("schedule_pickup_response_body")},
        "/pickups/{id}": {"get": _returns("get_pickup_by_id_response_body")},
    },
    "components": {
        "schemas": {
            "pickup": PICKUP,
            "schedule_pickup_response_body": {
                "allOf": [_ref("pickup"), {"properties": {"scheduled": {"type": "boolean"}}}]
            },
            "get_pickup_by_id_response_body": {
                "allOf": [{"properties": {"fetched": {"type": "boolean"}}}, _ref("pickup")]
            },
        }
    },
}


def _findings(revision: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    report = oasgate.check(
        model_of({"openapi.json": DOCUMENT}, "openapi.json"),
        model_of({"openapi.json": revision}, "openapi.json"),
    )
    return [
        (f.rule, f.message, f.operations)
        for f in report.findings
        if f.rule != "api-version-not-bumped"
    ]


EVERY_OPERATION = ("GET /pickups", "POST /pickups/schedule", "GET /pickups/{id}")


def test_a_property_removed_from_an_extended_component_is_one_finding() -> None:
    revision = copy.deepcopy(DOCUMENT)
    del revision["components"]["schemas"]["pickup"]["properties"]["carrier_id"]
    assert _findings(revision) == [
        (
            "response-property-removed",
            "response property 'pickup.carrier_id' removed",
            EVERY_OPERATION,
        )
    ]


def test_a_property_added_to_an_extended_component_is_one_finding() -> None:
    revision = copy.deepcopy(DOCUMENT)
    revision["components"]["schemas"]["pickup"]["properties"]["label"] = {"type": "string"}
    assert _findings(revision) == [
        (
            "response-property-added",
            "new response property 'pickup.label'",
            EVERY_OPERATION,
        )
    ]


def test_a_property_removed_from_the_extending_schema_is_its_own() -> None:
    revision = copy.deepcopy(DOCUMENT)
    del revision["components"]["schemas"]["schedule_pickup_response_body"]["allOf"][1]
    assert _findings(revision) == [
        (
            "response-property-removed",
            "response property 'schedule_pickup_response_body.scheduled' removed",
            ("POST /pickups/schedule",),
        )
    ]


@FUZZ
@given(seed=st.integers(0, 2**32 - 1))
def test_the_order_of_the_members_does_not_change_the_finding(seed: int) -> None:
    revision = copy.deepcopy(DOCUMENT)
    del revision["components"]["schemas"]["pickup"]["properties"]["carrier_id"]
    rng = random.Random(seed)
    for name in ("schedule_pickup_response_body", "get_pickup_by_id_response_body"):
        rng.shuffle(revision["components"]["schemas"][name]["allOf"])
    assert len(_findings(revision)) == 1


def test_declarations_that_contradict_say_no_value_is_valid() -> None:
    """Azure's ``MachineGroup``: ``allOf: [{$ref: CoreResource}, {properties: {etag}}]``,
    both declaring ``etag``. One declaration turned integer leaves no valid value: the
    message said "type narrowed from string to " (an empty list of types)."""
    base = copy.deepcopy(DOCUMENT)
    extending = base["components"]["schemas"]["schedule_pickup_response_body"]["allOf"][1]
    extending["properties"]["carrier_id"] = {"type": "string"}
    revision = copy.deepcopy(base)
    revision["components"]["schemas"]["schedule_pickup_response_body"]["allOf"][1]["properties"][
        "carrier_id"
    ]["type"] = "integer"
    report = oasgate.check(
        model_of({"openapi.json": base}, "openapi.json"),
        model_of({"openapi.json": revision}, "openapi.json"),
    )
    assert [f.message for f in report.findings] == [
        "response property 'schedule_pickup_response_body.carrier_id': type narrowed from "
        "string to none (no value is valid)"
    ]
