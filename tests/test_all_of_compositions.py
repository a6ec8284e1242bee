"""An ``allOf`` whose members each hold a ``oneOf`` (or ``anyOf``): a value must satisfy every
member's composition, so all of them are compared, each with the other side's composition
it resembles — never just the one that happens to come first (issue 13).

The shape is OpenSearch's aggregation buckets: a generic ``Buckets`` (keyed or array of
``TBucket``, a type parameter that admits anything) is narrowed by each aggregation to its
own bucket type with a second ``oneOf`` next to it, and a derived aggregation declares
``buckets`` again, so the merged property holds three ``oneOf``s.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.engine import check
from oasgate.findings import Report
from tests import metamorphic as mm
from tests.test_properties import EXAMPLES, model_of

SHUFFLES = settings(max_examples=EXAMPLES, deadline=None, database=None)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _keyed_or_array(item: str, *, titled: bool = False) -> list[dict[str, Any]]:
    keyed: dict[str, Any] = {"type": "object", "additionalProperties": _ref(item)}
    array: dict[str, Any] = {"type": "array", "items": _ref(item)}
    if titled:
        keyed, array = {"title": "keyed", **keyed}, {"title": "array", **array}
    return [keyed, array]


def _document(schemas: dict[str, Any]) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref("HistogramAggregate")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "OpenSearch (aggregations)", "version": "1.0.0"},
        "paths": {
            "/_search": {
                "get": {
                    "operationId": "search",
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
        "components": {
            "schemas": {
                "HistogramAggregate": {
                    "allOf": [_ref("MultiBucketAggregateBaseHistogramBucket"), {"type": "object"}]
                },
                "AggregateBase": {"type": "object", "properties": {"meta": {"type": "object"}}},
                "HistogramBucket": {
                    "allOf": [
                        _ref("MultiBucketBase"),
                        {"type": "object", "properties": {"key": {"type": "number"}}},
                    ]
                },
                **schemas,
            }
        },
    }


def _buckets_of(item: str) -> dict[str, Any]:
    """``buckets`` as the revision declares it: the generic one, narrowed by a second oneOf."""
    return {
        "type": "object",
        "properties": {"buckets": {"allOf": [_ref("Buckets"), {"oneOf": _keyed_or_array(item)}]}},
        "required": ["buckets"],
    }


#: Before: each aggregation names its own buckets schema (one oneOf).
BASE = _document(
    {
        "MultiBucketAggregateBaseHistogramBucket": {
            "allOf": [
                _ref("AggregateBase"),
                {
                    "type": "object",
                    "properties": {"buckets": _ref("BucketsHistogramBucket")},
                    "required": ["buckets"],
                },
            ]
        },
        "BucketsHistogramBucket": {"oneOf": _keyed_or_array("HistogramBucket")},
        "MultiBucketBase": {
            "type": "object",
            "properties": {"doc_count": {"type": "number"}},
            "required": ["doc_count"],
        },
    }
)

#: After: the generic Buckets narrowed twice (TBucket, then HistogramBucket), and
#: ``doc_count`` became an int64 integer.
REVISION = _document(
    {
        "MultiBucketAggregateBaseHistogramBucket": {
            "allOf": [_ref("MultiBucketAggregateBase"), _buckets_of("HistogramBucket")]
        },
        "MultiBucketAggregateBase": {"allOf": [_ref("AggregateBase"), _buckets_of("TBucket")]},
        "Buckets": {
            "description": "Keyed buckets are a dictionary, others an array.",
            "oneOf": _keyed_or_array("TBucket", titled=True),
        },
        "TBucket": {"x-is-generic-type-parameter": True},
        "MultiBucketBase": {
            "type": "object",
            "properties": {"doc_count": {"type": "integer", "format": "int64"}},
            "required": ["doc_count"],
        },
    }
)


def _check(base: dict[str, Any], revision: dict[str, Any]) -> Report:
    return check(model_of(yaml.safe_dump(base)), model_of(yaml.safe_dump(revision)))


def _said(report: Report) -> Counter[tuple[str, str]]:
    return Counter((f.rule, f.message) for f in report.findings)


def _shuffled(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return mm.reorder(copy.deepcopy(document), mm.permuter(rng, "shuffle"))


EXPECTED = Counter(
    {
        ("component-schema-removed", "component schema 'BucketsHistogramBucket' removed"): 1,
        (
            "response-property-type-narrowed",
            "response property 'HistogramBucket.doc_count': type narrowed from number to integer",
        ): 1,
        (
            "response-property-format-added",
            "response property 'HistogramBucket.doc_count': format int64 added",
        ): 1,
    }
)


def test_the_narrowed_buckets_are_compared_with_the_old_buckets() -> None:
    """The bucket type is what the revision's narrowing oneOf says (HistogramBucket, whose
    doc_count changed), not the generic TBucket ("widened from object to any")."""
    assert _said(_check(BASE, REVISION)) == EXPECTED


@SHUFFLES
@given(rng=st.randoms(use_true_random=False))
def test_the_order_of_the_compositions_changes_no_finding(rng: random.Random) -> None:
    assert _said(_check(BASE, _shuffled(REVISION, rng))) == EXPECTED
    assert _said(_check(_shuffled(BASE, rng), REVISION)) == EXPECTED


@SHUFFLES
@given(rng=st.randoms(use_true_random=False))
def test_a_reordered_copy_has_no_findings(rng: random.Random) -> None:
    assert _said(_check(REVISION, _shuffled(REVISION, rng))) == Counter()


# -- the same pair of OpenSearch's, two more places where order leaked in ----------------------


def _components(schemas: dict[str, Any], root: str) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(root)}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "OpenSearch (queries)", "version": "1.0.0"},
        "paths": {
            "/_search": {
                "post": {
                    "operationId": "search",
                    "requestBody": {"content": content},
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _distance(origin: str, pivot: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"origin": _ref(origin), "pivot": _ref(pivot), "field": {"type": "string"}},
        "required": ["field", "origin", "pivot"],
    }


QUERY_BASE = {
    "QueryBase": {"type": "object", "properties": {"boost": {"type": "number"}}},
    "GeoLocation": {"type": "object", "properties": {"lat": {"type": "number"}}},
    "DateMath": {"type": "string"},
    "Distance": {"type": "string"},
    "Duration": {"type": "string"},
}

#: Before: each variant a component, through a generic base of its own.
QUERIES_BASE = _components(
    {
        "DistanceFeatureQuery": {
            "oneOf": [_ref("GeoDistanceFeatureQuery"), _ref("DateDistanceFeatureQuery")]
        },
        "GeoDistanceFeatureQuery": {"allOf": [_ref("DistanceFeatureQueryBaseGeo"), {}]},
        "DateDistanceFeatureQuery": {"allOf": [_ref("DistanceFeatureQueryBaseDate"), {}]},
        "DistanceFeatureQueryBaseGeo": {
            "allOf": [_ref("QueryBase"), _distance("GeoLocation", "Distance")]
        },
        "DistanceFeatureQueryBaseDate": {
            "allOf": [_ref("QueryBase"), _distance("DateMath", "Duration")]
        },
        **QUERY_BASE,
    },
    "DistanceFeatureQuery",
)

#: After: the variants written inline, each an allOf of QueryBase and its own properties.
QUERIES_REVISION = _components(
    {
        "DistanceFeatureQuery": {
            "oneOf": [
                {"allOf": [_ref("QueryBase"), _distance("GeoLocation", "Distance")]},
                {"allOf": [_ref("QueryBase"), _distance("DateMath", "Duration")]},
            ]
        },
        "GeoDistanceFeatureQuery": {"allOf": [_ref("DistanceFeatureQueryBaseGeo"), {}]},
        "DateDistanceFeatureQuery": {"allOf": [_ref("DistanceFeatureQueryBaseDate"), {}]},
        "DistanceFeatureQueryBaseGeo": {
            "allOf": [_ref("QueryBase"), _distance("GeoLocation", "Distance")]
        },
        "DistanceFeatureQueryBaseDate": {
            "allOf": [_ref("QueryBase"), _distance("DateMath", "Duration")]
        },
        **QUERY_BASE,
    },
    "DistanceFeatureQuery",
)


@SHUFFLES
@given(rng=st.randoms(use_true_random=False))
def test_an_inline_allof_variant_is_named_by_its_members_not_its_position(
    rng: random.Random,
) -> None:
    """A variant with no name is described by what it holds — ``QueryBase + {field, origin,
    pivot}`` — never ``#0``/``#1``: reordering the variants must not rename it."""
    expected = _said(_check(QUERIES_BASE, QUERIES_REVISION))
    assert expected and all("#" not in message for _, message in expected)
    assert any("oneOf variant QueryBase + {field, origin, pivot}" in m for _, m in expected)
    assert _said(_check(QUERIES_BASE, _shuffled(QUERIES_REVISION, rng))) == expected


def _aggregations(range_aggregate_base: list[dict[str, Any]] | None) -> dict[str, Any]:
    """``DateRangeAggregate`` mixing in ``RangeAggregate`` (before) or, after, the
    ``RangeAggregateBase`` that holds the very same allOf, perhaps in another order."""
    multi = _ref("MultiBucketAggregateBaseRangeBucket")
    schemas: dict[str, Any] = {
        "MultiBucketAggregateBaseRangeBucket": {
            "type": "object",
            "properties": {"buckets": {"type": "array"}},
        },
        "RangeAggregate": {"allOf": [multi, {"type": "object"}]},
    }
    mixed_in = "RangeAggregate"
    if range_aggregate_base is not None:
        schemas["RangeAggregateBase"] = {"allOf": range_aggregate_base}
        mixed_in = "RangeAggregateBase"
    schemas["DateRangeAggregate"] = {"allOf": [_ref(mixed_in), {"type": "object"}]}
    return _components(schemas, "DateRangeAggregate")


def test_a_member_written_out_under_another_name_in_another_order_is_no_change() -> None:
    """Renaming the mixed-in component (same content) is silent however its allOf is
    ordered: the content is compared order-free, as everywhere else."""
    multi = _ref("MultiBucketAggregateBaseRangeBucket")
    base = _aggregations(None)
    same_order = _said(_check(base, _aggregations([multi, {"type": "object"}])))
    reordered = _said(_check(base, _aggregations([{"type": "object"}, multi])))
    assert not any("all-of-member" in rule for rule, _ in same_order)
    assert reordered == same_order
