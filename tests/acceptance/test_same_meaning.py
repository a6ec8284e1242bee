"""Two writings of one schema give no findings (issue 13), on the shapes of Box's spec.

- A property declared by two ``allOf`` members, each declaration itself ``allOf: [{$ref:
  User--Base}, {description: …}]`` (Box's ``ShieldInformationBarrierSegmentMember.user``,
  declared by the ``--Mini`` variant and again by the standard one): the order of either
  ``allOf``, and whether the property is declared once or twice, never says that
  ``User--Base`` stopped being a member.
- A write-only property whose 3.0 ``nullable: true`` is restated the 3.1 way (``type: [T,
  'null']``, or a ``{type: 'null'}`` variant) is not "changed" (Box's
  ``SignRequestSigner.password``); nor is a boolean ``exclusiveMinimum`` restated as a
  number, or ``example`` as ``examples``.
"""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import metamorphic as mm
from tests.acceptance.test_properties import EXAMPLES, compare

SHUFFLES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _user(description: str) -> dict[str, Any]:
    """Box's way of documenting a use of a shared schema: an allOf of it and a description."""
    return {"allOf": [_ref("User--Base"), {"description": description}]}


def _document(schemas: dict[str, Any], body: str, *, write: bool = False) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(body)}}
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok", "content": content}}}
    if write:
        operation["requestBody"] = {"content": content}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Box", "version": "2024.0"},
        "paths": {"/members": {"post" if write else "get": operation}},
        "components": {"schemas": schemas},
    }


USER_BASE = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string", "enum": ["user"]},
    },
}


def _members(mini_user: str, standard_user: str | None) -> dict[str, Any]:
    """Member (standard) = allOf [Member--Mini, {user, created_by}]; Member--Mini declares
    ``user`` too, so in the standard variant it is declared twice (when ``standard_user``)."""
    standard: dict[str, Any] = {"created_by": _user("The user who created the member.")}
    if standard_user is not None:
        standard = {"user": _user(standard_user), **standard}
    return {
        "User--Base": USER_BASE,
        "Member--Mini": {
            "type": "object",
            "allOf": [
                {"properties": {"type": {"type": "string"}}},
                {"properties": {"user": _user(mini_user)}},
            ],
        },
        "Member": {
            "type": "object",
            "allOf": [_ref("Member--Mini"), {"properties": standard}],
        },
    }


MEMBERS = _document(_members("The member.", "The member."), "Member")


def _messages(base: dict[str, Any], revision: dict[str, Any]) -> list[str]:
    report = compare(json.dumps(base), json.dumps(revision))
    return [f"{f.rule}: {f.message}" for f in report.findings]


def test_a_property_declared_twice_with_its_members_in_another_order_is_the_same() -> None:
    revision = json.loads(json.dumps(MEMBERS))
    standard = revision["components"]["schemas"]["Member"]["allOf"][1]["properties"]["user"]
    standard["allOf"].reverse()
    assert _messages(MEMBERS, revision) == []
    assert _messages(revision, MEMBERS) == []


def test_a_second_declaration_of_a_property_keeps_its_named_members() -> None:
    """Declared once, ``user`` is ``allOf [User--Base, …]``; declared again with another
    description, it is the allOf of both declarations — User--Base is a member of both."""
    once = _document(_members("The member.", None), "Member")
    twice = _document(_members("The member.", "The member of the segment."), "Member")
    assert _messages(once, twice) == []
    assert _messages(twice, once) == []


@SHUFFLES
@given(seed=st.integers(0, 2**32 - 1), mode=st.sampled_from(["shuffle", "mixed"]))
def test_shuffling_a_property_declared_twice_gives_no_findings(seed: int, mode: str) -> None:
    shuffled = mm.reorder(MEMBERS, mm.permuter(random.Random(seed), mode))
    assert _messages(MEMBERS, shuffled) == []
    assert _messages(shuffled, MEMBERS) == []


def _errors(*, message: bool) -> dict[str, Any]:
    """Box's errors: ClientError declares ``context_info``, ConflictError (allOf ClientError
    and more) declares it again; the revision drops ``context_info.message``."""
    context: dict[str, Any] = {"type": "object", "nullable": True}
    if message:
        context["properties"] = {"message": {"type": "string"}}
    else:
        context["additionalProperties"] = {}
    schemas = {
        "ClientError": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "context_info": context},
        },
        "ConflictError": {
            "type": "object",
            "allOf": [
                _ref("ClientError"),
                {
                    "properties": {
                        "context_info": {
                            "type": "object",
                            "properties": {"conflicts": {"type": "array", "items": {}}},
                        }
                    }
                },
            ],
        },
    }
    document = _document(schemas, "ClientError")
    conflict = {"application/json": {"schema": _ref("ConflictError")}}
    document["paths"]["/files"] = {
        "post": {"responses": {"409": {"description": "conflict", "content": conflict}}}
    }
    return document


def _identities(base: dict[str, Any], revision: dict[str, Any]) -> list[tuple[str, ...]]:
    report = compare(json.dumps(base), json.dumps(revision))
    return sorted((f.rule, f.fingerprint, f.message, *f.operations) for f in report.findings)


def test_a_change_inside_a_property_declared_twice_is_one_finding_whatever_the_order() -> None:
    """The property removed from ClientError.context_info is one change, reached directly
    (GET /members) and through ConflictError's merged context_info (POST /files), in
    whatever order ConflictError lists its members."""
    base, revision = _errors(message=True), _errors(message=False)
    expected = _identities(base, revision)
    assert [finding[:1] + finding[3:] for finding in expected] == [
        ("api-version-not-bumped",),
        ("response-property-removed", "POST /files", "GET /members"),
    ]
    reordered = json.loads(json.dumps(revision))
    reordered["components"]["schemas"]["ConflictError"]["allOf"].reverse()
    assert _identities(base, reordered) == expected


@SHUFFLES
@given(seed=st.integers(0, 2**32 - 1), mode=st.sampled_from(["shuffle", "mixed", "reverse"]))
def test_shuffling_the_revision_of_a_property_declared_twice_keeps_the_findings(
    seed: int, mode: str
) -> None:
    base, revision = _errors(message=True), _errors(message=False)
    shuffled = mm.reorder(revision, mm.permuter(random.Random(seed), mode))
    assert _identities(base, shuffled) == _identities(base, revision)


# -- 3.0 spellings restated as 3.1 ------------------------------------------------------------


SIGNER = {
    "type": "object",
    "properties": {
        "email": {"type": "string"},
        # Box's SignRequestCreateSigner.password, as written
        "password": {
            "type": "string",
            "writeOnly": True,
            "description": "If set, the signer is required to enter the password.",
            "example": "SecretPassword123",
            "nullable": True,
        },
        "pin": {
            "type": "integer",
            "writeOnly": True,
            "minimum": 0,
            "exclusiveMinimum": True,
            "maximum": 9999,
            "nullable": True,
        },
        "role": {
            "type": "string",
            "writeOnly": True,
            "enum": ["signer", "approver"],
            "nullable": True,
            "example": "signer",
        },
        "group": {
            "writeOnly": True,
            "properties": {"id": {"type": "string", "example": "cd4ff89"}},
            "nullable": True,
        },
        "input": {
            "writeOnly": True,
            "allOf": [_ref("Input")],
            "nullable": True,
            "description": "The signer's input.",
        },
        "either": {
            "writeOnly": True,
            "oneOf": [{"type": "string"}, {"type": "integer"}],
            "nullable": True,
        },
    },
}

SIGNERS = _document(
    {"Input": {"type": "object", "properties": {"x": {"type": "string"}}}, "Signer": SIGNER},
    "Signer",
    write=True,
)


def test_write_only_properties_restated_in_31_are_not_changed() -> None:
    """Each write-only property is compared in full on the request side, and only for
    likeness on the response side ("changed, but never appears in responses"): neither may
    see a change in a respelling. On the request side, ``writeOnly`` stays beside the
    ``anyOf`` 3.1 wraps a typeless nullable schema in; the wrapper is still a wrapper."""
    restated = mm.to_31(SIGNERS)
    assert _messages(SIGNERS, restated) == []
    assert _messages(restated, SIGNERS) == []


def test_a_write_only_property_that_really_changed_still_says_so() -> None:
    revision = mm.to_31(SIGNERS)
    group = revision["components"]["schemas"]["Signer"]["properties"]["group"]
    group["anyOf"][0]["properties"]["id"]["maxLength"] = 8
    assert _messages(SIGNERS, revision) == [
        "request-property-max-length-set: request property 'Signer.group.id': maxLength set to 8",
        "api-version-not-bumped: info.version is still 2024.0 despite 1 breaking change(s)",
        "response-write-only-property-changed: response property 'Signer.group' changed, "
        "but it is write-only and never appears in responses",
    ]


@st.composite
def hidden_properties(draw: st.DrawFn) -> dict[str, Any]:
    """A 3.0 property hidden on one side of the wire, in the spellings 3.1 writes otherwise:
    ``nullable``, boolean exclusive bounds, ``example``, a typeless object, an allOf of a
    $ref (with an extension and an example beside it, as Linode writes), a oneOf."""
    shape = draw(st.sampled_from(["scalar", "object", "ref", "one-of"]))
    schema: dict[str, Any]
    if shape == "scalar":
        kind = draw(st.sampled_from(["string", "integer", "number"]))
        schema = {"type": kind}
        if kind == "string" and draw(st.booleans()):
            schema["enum"] = draw(
                st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, unique=True)
            )
        if kind != "string":
            for limit, exclusive in (
                ("minimum", "exclusiveMinimum"),
                ("maximum", "exclusiveMaximum"),
            ):
                if draw(st.booleans()):
                    schema[limit] = draw(st.integers(-5, 5)) + (0 if limit == "minimum" else 10)
                    if draw(st.booleans()):
                        schema[exclusive] = draw(st.booleans())
    elif shape == "object":
        schema = {"properties": {"id": {"type": "string", "example": "x"}}}
    elif shape == "ref":
        # Linode's Linode.image: a reference into another component's property
        target = draw(st.sampled_from(["Input", "Input/properties/x"]))
        schema = {"allOf": [_ref(target)]}
        if draw(st.booleans()):
            schema["x-linode-filterable"] = True
        if draw(st.booleans()):
            schema["example"] = "linode/debian10"
    else:
        schema = {"oneOf": [{"type": "string"}, _ref("Input")]}
    schema[draw(st.sampled_from(["readOnly", "writeOnly"]))] = True
    if draw(st.booleans()):
        schema["nullable"] = True
    if draw(st.booleans()):
        schema["description"] = "d"
    if shape == "scalar" and draw(st.booleans()):
        schema["example"] = "a" if schema["type"] == "string" else 1
    return schema


@SHUFFLES
@given(properties=st.lists(hidden_properties(), min_size=1, max_size=4))
def test_hidden_properties_restated_in_31_give_no_findings(
    properties: list[dict[str, Any]],
) -> None:
    signer = {
        "type": "object",
        "properties": {f"p{index}": schema for index, schema in enumerate(properties)},
    }
    document = _document(
        {"Input": {"type": "object", "properties": {"x": {"type": "string"}}}, "Signer": signer},
        "Signer",
        write=True,
    )
    restated = mm.to_31(document)
    assert _messages(document, restated) == []
    assert _messages(restated, document) == []
