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
from oasgate.loading.document import Document
from oasgate.model.swagger2 import open_model
from tests import metamorphic as mm
from tests.test_properties import EXAMPLES, MemoryTree, model_of

SHUFFLES = settings(max_examples=EXAMPLES, deadline=None, database=None)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _keyed_or_array(
    item: str, *, titled: bool = False, array_item: str | None = None
) -> list[dict[str, Any]]:
    keyed: dict[str, Any] = {"type": "object", "additionalProperties": _ref(item)}
    array: dict[str, Any] = {"type": "array", "items": _ref(array_item or item)}
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
        # the revision's buckets are written `allOf: [Buckets, {oneOf}]`: a member the base
        # (a $ref to its own oneOf) did not have, noted as information, as it is when the
        # property is declared once
        (
            "response-property-all-of-member-added",
            "response property 'HistogramAggregate.buckets' (schema 'BucketsHistogramBucket'): "
            "allOf member Buckets added",
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


# -- conjunctions in general -----------------------------------------------------------------


def _body(schema: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    document = _components({"Body": schema, **schemas}, "Body")
    del document["paths"]["/_search"]["post"]["responses"]["200"]["content"]
    return document


_OBJECT_AB = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
_ONE_OF_A_B = {"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}


def test_a_oneof_added_next_to_another_is_a_new_constraint() -> None:
    """Values must now also match exactly one of ``c``/``d``: a narrowing, reported at the
    member that holds the new list, whichever member comes first."""
    base = _body({**_OBJECT_AB, "allOf": [_ONE_OF_A_B]})
    added = {"oneOf": [{"required": ["c"]}, {"required": ["d"]}]}
    for members in ([_ONE_OF_A_B, added], [added, _ONE_OF_A_B]):
        said = _said(_check(base, _body({**_OBJECT_AB, "allOf": members})))
        assert said == Counter(
            {
                (
                    "request-property-one-of-constraint-added",
                    "request schema 'Body': oneOf of 2 subschemas added",
                ): 1,
                (
                    "api-version-not-bumped",
                    "info.version is still 1.0.0 despite 1 breaking change(s)",
                ): 1,
            }
        )


def test_a_type_only_oneof_another_one_implies_is_no_constraint() -> None:
    """``oneOf: [{type: object}, {type: array}]`` next to a list of object and array
    variants admits every value the other admits: adding it narrows nothing."""
    specific = {"oneOf": _keyed_or_array("Bucket")}
    generic = {"oneOf": [{"type": "object"}, {"type": "array"}]}
    bucket = {"type": "object", "properties": {"n": {"type": "integer"}}}
    base = _body({"allOf": [specific]}, Bucket=bucket)
    revision = _body({"allOf": [generic, specific]}, Bucket=bucket)
    assert _said(_check(base, revision)) == Counter()
    assert _said(_check(revision, base)) == Counter()


#: oneOf lists an allOf may combine: specific ones, type-only ones (one through type
#: parameters that admit anything), one that constrains beyond types. The keyed and the
#: array variant of a list hold different item schemas: the same pair of schemas met by
#: two paths (``Body.*`` and ``Body[]``) is one change, worded after the path walked first
#: — a matter of its own (``ChangeSet.emit``), kept out of this property.
_POOL: list[list[dict[str, Any]]] = [
    _keyed_or_array("Bucket", array_item="BucketItem"),
    _keyed_or_array("Other", array_item="OtherItem"),
    _keyed_or_array("TBucket", titled=True, array_item="TItem"),
    [{"type": "object"}, {"type": "array"}],
    [{"type": "object", "required": ["n"]}, {"type": "array", "minItems": 1}],
    [{"type": "object", "maxProperties": 3}, {"type": "array"}, {"type": "null"}],
]
_BUCKETS = {
    "Bucket": {"type": "object", "properties": {"n": {"type": "integer"}}},
    "BucketItem": {"type": "object", "properties": {"n": {"type": "integer"}}},
    "Other": {"type": "object", "properties": {"n": {"type": "string"}}},
    "OtherItem": {"type": "object", "properties": {"n": {"type": "string"}}},
    "TBucket": {"x-is-generic-type-parameter": True},
    "TItem": {"x-is-generic-type-parameter": True},
}


@SHUFFLES
@given(
    old=st.lists(st.sampled_from(range(len(_POOL))), min_size=1, max_size=3),
    new=st.lists(st.sampled_from(range(len(_POOL))), min_size=1, max_size=3),
    rng=st.randoms(use_true_random=False),
)
def test_any_conjunction_gives_the_same_findings_in_any_order(
    old: list[int], new: list[int], rng: random.Random
) -> None:
    def side(picked: list[int]) -> dict[str, Any]:
        return _body({"allOf": [{"oneOf": _POOL[i]} for i in picked]}, **_BUCKETS)

    base, revision = side(old), side(new)
    expected = _said(_check(base, revision))
    assert _said(_check(_shuffled(base, rng), _shuffled(revision, rng))) == expected
    assert _said(_check(revision, _shuffled(revision, rng))) == Counter()


def _droplet_actions(variants: list[str]) -> Report:
    """DigitalOcean's droplet actions: the variants are top-level keys of a models file."""

    def model(names: list[str]) -> Any:
        schema = {"anyOf": [{"$ref": f"models.yaml#/{name}"} for name in names]}
        content = {"application/json": {"schema": schema}}
        operation = {
            "requestBody": {"content": content},
            "responses": {"202": {"description": "ok"}},
        }
        root = {
            "openapi": "3.0.3",
            "info": {"title": "DigitalOcean (droplet actions)", "version": "2.0"},
            "paths": {"/v2/droplets/{id}/actions": {"post": operation}},
        }
        backup = {"type": "object", "properties": {"backup_policy": {"type": "object"}}}
        models = {
            "droplet_action": {"type": "object", "properties": {"type": {"type": "string"}}},
            "droplet_action_enable_backups": {"allOf": [{"$ref": "#/droplet_action"}, backup]},
            "droplet_action_change_backup_policy": {
                "allOf": [{"$ref": "#/droplet_action"}, {**backup, "required": ["backup_policy"]}]
            },
        }
        files = {"openapi.yaml": yaml.safe_dump(root), "models.yaml": yaml.safe_dump(models)}
        document = Document(MemoryTree(files))
        opened = open_model(document)
        document.verify_references()
        return opened

    return check(model(["droplet_action"]), model(variants))


def test_a_variant_kept_in_a_models_file_is_named_by_its_key() -> None:
    """Two variants that hold the same members (droplet_action + {backup_policy}) are told
    apart by the key each is written under, not described alike (one finding for both)
    nor numbered by position."""
    added = [
        "droplet_action",
        "droplet_action_enable_backups",
        "droplet_action_change_backup_policy",
    ]
    said = {message for _, message in _said(_droplet_actions(added))}
    assert said >= {
        "request body (application/json): anyOf variant 'droplet_action_enable_backups' added",
        "request body (application/json): anyOf variant 'droplet_action_change_backup_policy'"
        " added",
    }
