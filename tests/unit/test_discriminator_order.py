"""Which discriminator a schema has does not depend on the order of its ``allOf`` members
(D99). Microsoft Graph's shape: ``microsoft.graph.entity`` declares a discriminator mapping
its 653 subtypes, and an intermediate schema such as ``agreementFileProperties`` is
``allOf: [{$ref: entity}, {…, discriminator: {its own, shorter mapping}}]``. The comparer
took the first discriminator in ``allOf`` order, so a copy of the document with those
members swapped reported every value of the longer mapping as removed from every schema
below: 95,857 findings on ``graph.json`` (and more than the 100,000 budget on
``graph-beta.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import oasgate

SUBTYPES = ["a", "b", "c", "d"]


def _document(reversed_members: bool, entity_values: list[str]) -> dict[str, Any]:
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    def all_of(*members: Any) -> list[Any]:
        return list(reversed(members)) if reversed_members else list(members)

    entity = {
        "type": "object",
        "required": ["@odata.type"],
        "properties": {"@odata.type": {"type": "string"}, "id": {"type": "string"}},
        "discriminator": {
            "propertyName": "@odata.type",
            "mapping": {f"#{name}": f"#/components/schemas/{name}" for name in entity_values},
        },
    }
    middle = {
        "allOf": all_of(
            ref("entity"),
            {
                "type": "object",
                "properties": {"kind": {"type": "string"}},
                "discriminator": {
                    "propertyName": "@odata.type",
                    "mapping": {"#b": "#/components/schemas/b"},
                },
            },
        )
    }
    schemas: dict[str, Any] = {"entity": entity, "middle": middle}
    for name in SUBTYPES:
        schemas[name] = {
            "allOf": all_of(
                ref("middle"), {"type": "object", "properties": {name: {"type": "string"}}}
            )
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            f"/{name}": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": ref(name)}},
                        }
                    }
                },
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": ref(name)}}},
                    "responses": {"204": {"description": "done"}},
                },
            }
            for name in SUBTYPES
        },
        "components": {"schemas": schemas},
    }


def _report(tmp_path: Path, base: dict[str, Any], revision: dict[str, Any]) -> list[str]:
    base_path, revision_path = tmp_path / "base.json", tmp_path / "revision.json"
    base_path.write_text(json.dumps(base))
    revision_path.write_text(json.dumps(revision))
    report = oasgate.check(str(base_path), str(revision_path))
    return sorted(f"{f.rule}: {f.message}" for f in report.findings)


def test_swapping_allof_members_changes_no_discriminator(tmp_path: Path) -> None:
    assert _report(tmp_path, _document(False, SUBTYPES), _document(True, SUBTYPES)) == []
    assert _report(tmp_path, _document(True, SUBTYPES), _document(False, SUBTYPES)) == []


def test_a_subtype_removed_from_the_mapping_is_still_reported(tmp_path: Path) -> None:
    for reversed_members in (False, True):
        found = _report(
            tmp_path,
            _document(reversed_members, SUBTYPES),
            _document(reversed_members, SUBTYPES[:-1]),
        )
        removed = [line for line in found if "discriminator value #d removed" in line]
        assert removed, found
        assert all("#a" not in line and "#b" not in line for line in found), found
