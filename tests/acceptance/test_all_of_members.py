"""A component inherited through an intermediate one is still inherited (issue 13).

OpenSearch refactors its hierarchies between versions: ``StatsAggregate`` was
``allOf: [AggregateBase, {…}]`` and becomes ``allOf: [StatsAggregateBase, {…}]`` where
``StatsAggregateBase`` is itself ``allOf: [AggregateBase, {…}]``; ``IndexOperation`` was a
``$ref`` to ``WriteOperation`` (``allOf: [OperationBase, …]``) and becomes
``allOf: [WriteOperation, {…}]``. ``AggregateBase`` and ``OperationBase`` are still mixed in,
one level down: saying "allOf member AggregateBase removed" is false. A member is removed only
when the schema no longer inherits it at any depth, and added only when it did not before.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.engine import check
from oasgate.findings import Report
from tests.acceptance.test_properties import EXAMPLES, model_of

MEMBER_RULES = ("response-property-all-of-member-added", "response-property-all-of-member-removed")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _document(schemas: dict[str, Any]) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref("StatsAggregate")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "OpenSearch (aggregations)", "version": "1.0.0"},
        "paths": {
            "/_stats": {
                "get": {
                    "operationId": "stats",
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
        "components": {
            "schemas": {
                "AggregateBase": {"type": "object", "properties": {"meta": {"type": "object"}}},
                **schemas,
            }
        },
    }


_STATS = {"type": "object", "properties": {"count": {"type": "integer"}}}
_SUM = {"type": "object", "properties": {"sum": {"type": "number"}}}

# AggregateBase mixed in directly, then through an intermediate base
FLAT = _document({"StatsAggregate": {"allOf": [_ref("AggregateBase"), _STATS, _SUM]}})
LAYERED = _document(
    {
        "StatsAggregateBase": {"allOf": [_ref("AggregateBase"), _STATS]},
        "StatsAggregate": {"allOf": [_ref("StatsAggregateBase"), _SUM]},
    }
)


def _check(base: dict[str, Any], revision: dict[str, Any]) -> Report:
    return check(model_of(yaml.safe_dump(base)), model_of(yaml.safe_dump(revision)))


def _members(report: Report) -> list[tuple[str, str]]:
    return sorted((f.rule, f.message) for f in report.findings if f.rule in MEMBER_RULES)


def test_an_intermediate_base_keeps_its_ancestor_inherited() -> None:
    assert _members(_check(FLAT, LAYERED)) == [
        (
            "response-property-all-of-member-added",
            "response schema 'StatsAggregate': allOf member StatsAggregateBase added",
        )
    ]


def test_flattening_an_intermediate_base_removes_only_the_intermediate() -> None:
    assert _members(_check(LAYERED, FLAT)) == [
        (
            "response-property-all-of-member-removed",
            "response schema 'StatsAggregate': allOf member StatsAggregateBase removed",
        )
    ]


def test_a_reference_that_becomes_a_member_is_no_change_of_members() -> None:
    """``IndexOperation: {$ref: WriteOperation}`` → ``allOf: [WriteOperation, {…}]``."""
    write = {"allOf": [_ref("AggregateBase"), _STATS]}
    base = _document({"WriteOperation": write, "StatsAggregate": _ref("WriteOperation")})
    revision = _document(
        {"WriteOperation": write, "StatsAggregate": {"allOf": [_ref("WriteOperation"), _SUM]}}
    )
    assert _members(_check(base, revision)) == []


def test_an_ancestor_dropped_at_every_depth_is_removed() -> None:
    revision = _document(
        {
            "StatsAggregateBase": {"allOf": [_STATS]},
            "StatsAggregate": {"allOf": [_ref("StatsAggregateBase"), _SUM]},
        }
    )
    # StatsAggregateBase is FLAT's inline ``_STATS`` member extracted: no member added
    assert _members(_check(FLAT, revision)) == [
        (
            "response-property-all-of-member-removed",
            "response schema 'StatsAggregate': allOf member AggregateBase removed",
        ),
    ]


def _chain(names: list[str]) -> dict[str, Any]:
    """``names[0]`` inherits ``names[1]``, which inherits ``names[2]`` … down to AggregateBase."""
    schemas: dict[str, Any] = {}
    for name, parent in zip(names, [*names[1:], "AggregateBase"], strict=True):
        schemas[name] = {"allOf": [_ref(parent), {"type": "object"}]}
    return schemas


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(depth=st.integers(min_value=1, max_value=5))
def test_no_ancestor_is_removed_while_a_chain_still_reaches_it(depth: int) -> None:
    """However deep the chain of intermediate bases, AggregateBase stays inherited."""
    chain = ["StatsAggregate", *(f"Level{level}" for level in range(depth))]
    revision = _document({**_chain(chain), "Unused": _STATS})
    removed = [m for rule, m in _members(_check(FLAT, revision)) if rule.endswith("removed")]
    assert removed == []


# -- a member written out in the other side, its own references resolved ----------------------

_CREDENTIALS = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
        "email": {"type": "string", "format": "email"},
        "password": {"type": "string"},
    },
}


def _signup(schemas: dict[str, Any], members: list[Any]) -> dict[str, Any]:
    """Scalar Galaxy's ``POST /user/signup``: ``allOf: [User, Credentials]``."""
    content = {"application/json": {"schema": {"allOf": members}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Scalar Galaxy", "version": "1.0.0"},
        "paths": {
            "/user/signup": {
                "post": {
                    "requestBody": {"content": content},
                    "responses": {"201": {"description": "created"}},
                }
            }
        },
        "components": {
            "schemas": {"User": {"type": "object", "properties": {"name": {"type": "string"}}}}
            | schemas
        },
    }


def test_a_member_inlined_with_a_property_extracted_is_the_same_member() -> None:
    """Credentials written out inline in the revision, its ``email`` now a ``$ref`` to a
    component holding the same schema: the same member, spelt differently."""
    base = _signup({"Credentials": _CREDENTIALS}, [_ref("User"), _ref("Credentials")])
    email = _CREDENTIALS["properties"]["email"]  # type: ignore[index]
    inline = {
        **_CREDENTIALS,
        "properties": {**_CREDENTIALS["properties"], "email": _ref("Email")},  # type: ignore[dict-item]
    }
    revision = _signup({"Credentials": inline, "Email": email}, [_ref("User"), inline])
    assert [(f.rule, f.message) for f in _check(base, revision).findings] == []
    # back again: Email is no longer a component (a change of its own), Credentials the same
    back = _check(revision, base).findings
    assert [f.rule for f in back] == ["component-schema-removed"]


def test_a_member_inlined_with_a_changed_property_is_still_compared() -> None:
    base = _signup({"Credentials": _CREDENTIALS}, [_ref("User"), _ref("Credentials")])
    inline = {
        **_CREDENTIALS,
        "properties": {**_CREDENTIALS["properties"], "email": _ref("Email")},  # type: ignore[dict-item]
    }
    revision = _signup(
        {"Credentials": inline, "Email": {"type": "integer"}}, [_ref("User"), inline]
    )
    rules = {f.rule for f in _check(base, revision).findings}
    assert "request-property-type-changed" in rules
