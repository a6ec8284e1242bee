"""A reference wrapped with a ``default`` beside it is still the referenced schema.

ShipEngine (APIs.guru, ``shipengine.com``) writes each optional property that refers to a
component ``{allOf: [{$ref: country_code}], nullable: true, default: null, description}``.
Restated in OpenAPI 3.1 that is ``{anyOf: [{allOf: [{$ref}]}, {type: 'null'}], default:
null, description}``. The ``default`` beside the wrapper used to make it "not a wrapper":
the two spellings were compared keyword by keyword ("anyOf of 1 subschemas added", a request
error; "allOf member removed"; the member's limits "removed"). The default is the wrapper's
to say, and is compared once: the property's default is the wrapper's, else its member's.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests import metamorphic as mm
from tests.acceptance.test_properties import FUZZ
from tests.acceptance.test_same_meaning import _document, _messages, _ref

COUNTRY = {"type": "string", "minLength": 2, "maxLength": 2, "example": "CA"}
PARTY = {"type": "string", "enum": ["recipient", "third_party"]}
ADDRESS = {"type": "object", "properties": {"line": {"type": "string"}}}


def _wrapped(name: str, **beside: Any) -> dict[str, Any]:
    return {"allOf": [_ref(name)], "nullable": True, "description": f"The {name}.", **beside}


def _options(**properties: Any) -> dict[str, Any]:
    schemas = {
        "country_code": COUNTRY,
        "bill_to_party": PARTY,
        "address": ADDRESS,
        "options": {"type": "object", "properties": properties},
    }
    return _document(copy.deepcopy(schemas), "options", write=True)


SHIPENGINE = _options(
    bill_to_country_code=_wrapped("country_code", default=None),
    bill_to_party=_wrapped("bill_to_party", default=None),
    origin=_wrapped("address", default=None),
)


def test_the_31_restatement_of_a_nullable_reference_with_a_default_is_the_same() -> None:
    restated = mm.to_31(SHIPENGINE)
    wrapper = restated["components"]["schemas"]["options"]["properties"]["bill_to_party"]
    assert "anyOf" in wrapper and wrapper.get("default", 0) is None  # the real shape
    assert _messages(SHIPENGINE, restated) == []
    assert _messages(restated, SHIPENGINE) == []


def test_a_changed_wrapper_default_is_one_finding() -> None:
    revision = copy.deepcopy(SHIPENGINE)
    party = revision["components"]["schemas"]["options"]["properties"]["bill_to_party"]
    party["default"] = "recipient"
    for restated in (revision, mm.to_31(revision)):
        assert _messages(SHIPENGINE, restated)[:2] == [
            "request-property-default-value-changed: request property "
            "'options.bill_to_party': default changed from null to \"recipient\"",
            "response-property-default-value-changed: response property "
            "'options.bill_to_party': default changed from null to \"recipient\"",
        ]


def test_a_default_moved_from_the_wrapper_into_its_member_keeps_the_property_default() -> None:
    """The property's default is the wrapper's, else its member's: moved in, it is the same
    for the property — and the wrapper's default is compared once, so the member's own is
    not compared again beneath it."""
    base = _options(bill_to_party=_wrapped("bill_to_party", default="recipient"))
    revision = _options(bill_to_party=_wrapped("bill_to_party"))
    revision["components"]["schemas"]["bill_to_party"]["default"] = "recipient"
    assert _messages(base, revision) == []
    assert _messages(revision, base) == []


def test_the_wrapper_written_out_keeps_its_default() -> None:
    """``{allOf: [{$ref: country_code}], nullable, default: CA}`` written out as the member's
    keywords with ``nullable`` and ``default`` beside them: one schema, no finding (the
    default was compared at the wrapper, then again between the member and the written-out
    schema: "default added")."""
    base = _options(c=_wrapped("country_code", default="CA"))
    revision = copy.deepcopy(base)
    written_out = {**COUNTRY, "nullable": True, "description": "The country_code.", "default": "CA"}
    revision["components"]["schemas"]["options"]["properties"]["c"] = written_out
    assert _messages(base, revision) == []
    assert _messages(revision, base) == []


def test_a_change_of_the_member_reads_the_same_through_either_spelling() -> None:
    """The member's own change is the member's (one finding per side, named by the
    component), whichever spelling wraps it — not "(schema 'country_code')" once per
    wrapper crossed."""
    reports = []
    for revision in (copy.deepcopy(SHIPENGINE), mm.to_31(SHIPENGINE)):
        revision["components"]["schemas"]["country_code"]["maxLength"] = 3
        reports.append(sorted(_messages(SHIPENGINE, revision)))
    assert reports[0] == reports[1]
    assert reports[0][1:] == [
        "request-property-max-length-increased: request schema 'country_code': "
        "maxLength from 2 to 3",
        "response-property-max-length-increased: response schema 'country_code': "
        "maxLength from 2 to 3",
    ]


@FUZZ
@given(
    member=st.sampled_from(["country_code", "bill_to_party", "address"]),
    default=st.sampled_from([None, "recipient", {"line": "1 Main St"}]),
    own_type=st.booleans(),
)
def test_any_defaulted_wrapper_and_its_31_restatement_compare_equal(
    member: str, default: Any, own_type: bool
) -> None:
    """Whatever the member, the default, and whether the wrapper repeats its member's type,
    the 3.0 wrapper and its 3.1 restatement compare as equal, either way round."""
    extra: dict[str, Any] = {"default": default}
    if own_type:
        extra["type"] = "object" if member == "address" else "string"
    base = _options(field=_wrapped(member, **extra))
    revision = mm.to_31(base)
    assert _messages(base, revision) == []
    assert _messages(revision, base) == []
