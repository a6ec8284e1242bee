"""Schema comparison as a whole: shared and recursive components are reported once with
every operation that reaches them, whatever order the walk meets them in."""

from __future__ import annotations

from pathlib import Path

import yaml

import oasgate
from oasgate.findings import Report


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(name: str) -> dict[str, object]:
    # an envelope, so that every operation meets the components as properties (one site)
    schema = {"type": "object", "properties": {"data": _ref(name)}}
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _document(*, changed: bool, reverse: bool) -> dict[str, object]:
    """Two mutually recursive components (Folder <-> Item) and one both use (Owner);
    operations reach the cycle at different points."""
    owner_type = "integer" if changed else "string"
    schemas: dict[str, object] = {
        "Folder": {
            "type": "object",
            "properties": {
                "name": {"type": "string", **({"maxLength": 64} if changed else {})},
                "items": {"type": "array", "items": _ref("Item")},
                "owner": _ref("Owner"),
            },
        },
        "Item": {
            "type": "object",
            "properties": {
                "parent": _ref("Folder"),
                "owner": _ref("Owner"),
                "size": {"type": "integer", **({"maximum": 10} if changed else {})},
            },
        },
        "Owner": {"type": "object", "properties": {"id": {"type": owner_type}}},
    }
    paths: dict[str, object] = {
        "/folders": {"get": {"responses": _response("Folder")}},
        "/items": {"get": {"responses": _response("Item")}},
        "/owners": {"get": {"responses": _response("Owner")}},
        "/trees": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": _ref("Folder")}}},
                "responses": {"204": {"description": "done"}},
            }
        },
    }
    if reverse:
        paths = dict(reversed(list(paths.items())))
        schemas = dict(reversed(list(schemas.items())))
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _check(tmp_path: Path, *, reverse: bool) -> Report:
    folder = tmp_path / ("reversed" if reverse else "natural")
    folder.mkdir()
    for name, changed in (("base", False), ("revision", True)):
        document = _document(changed=changed, reverse=reverse)
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return oasgate.check(str(folder / "base.yaml"), str(folder / "revision.yaml"))


def _summary(report: Report) -> set[tuple[str, str, tuple[str, ...], str]]:
    return {(f.rule, f.message, f.operations, f.fingerprint) for f in report.findings}


def test_shared_and_recursive_changes_are_one_finding_each_listing_every_operation(
    tmp_path: Path,
) -> None:
    report = _check(tmp_path, reverse=False)
    by_rule = {f.rule: f for f in report.findings}
    owner = by_rule["response-property-type-changed"]
    assert owner.message == "response property 'Owner.id': type changed from string to integer"
    # Owner is reached directly, from Folder and from Item (through the cycle)
    assert owner.operations == ("GET /folders", "GET /items", "GET /owners")
    size = by_rule["response-property-max-set"]
    assert size.operations == ("GET /folders", "GET /items")  # Folder reaches Item's size
    assert by_rule["request-property-type-changed"].operations == ("POST /trees",)
    # a change in Folder reaches GET /items through Item.parent, even though the walk meets
    # Item inside Folder first (the cycle is closed before results are kept)
    name = by_rule["response-property-max-length-set"]
    assert name.message == "response property 'Folder.name': maxLength set to 64"
    assert name.operations == ("GET /folders", "GET /items")
    assert len(report.findings) == 6, [f.message for f in report.findings]


def test_results_do_not_depend_on_the_order_of_paths_and_components(tmp_path: Path) -> None:
    natural = _check(tmp_path, reverse=False)
    reversed_order = _check(tmp_path, reverse=True)
    assert _summary(natural) == _summary(reversed_order)


def test_each_side_against_itself_is_silent(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(_document(changed=True, reverse=False), sort_keys=False))
    assert oasgate.check(str(path), str(path)).findings == ()


def test_a_component_used_as_a_body_and_as_items_changes_once(tmp_path: Path) -> None:
    def document(variants: list[str]) -> dict[str, object]:
        event = {"oneOf": [_ref(name) for name in variants]}
        list_schema = {"type": "array", "items": _ref("Event")}
        return {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/events": {"get": {"responses": _response_schema(list_schema)}},
                "/events/{id}": {"get": {"responses": _response_schema(_ref("Event"))}},
            },
            "components": {
                "schemas": {
                    "Event": event,
                    "Created": {"type": "object", "properties": {"id": {"type": "string"}}},
                    "Deleted": {"type": "object", "properties": {"gone": {"type": "boolean"}}},
                }
            },
        }

    base, revision = tmp_path / "base.yaml", tmp_path / "revision.yaml"
    base.write_text(yaml.safe_dump(document(["Created"])))
    revision.write_text(yaml.safe_dump(document(["Created", "Deleted"])))
    (finding,) = oasgate.check(str(base), str(revision)).findings
    assert finding.rule == "response-property-one-of-variant-added"
    assert finding.message == "response schema 'Event': oneOf variant 'Deleted' added"
    assert finding.operations == ("GET /events", "GET /events/{id}")


def _response_schema(schema: dict[str, object]) -> dict[str, object]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
