"""Classification behaviour a user relies on: allowed moves stay silent, breaking ones do not,
shared components are reported once, recursion terminates."""

from __future__ import annotations

from pathlib import Path

import oasgate
from oasgate.findings import Report
from oasgate.report import Format, renderer

OK = "responses: {'200': {description: ok}}"


def _check(write_pair, base: str, revision: str, **kwargs: str) -> Report:
    base_path, revision_path = write_pair(base, revision, **kwargs)
    return oasgate.check(str(base_path), str(revision_path))


def _rules(report: Report) -> list[str]:
    return sorted(f.rule for f in report.findings)


def test_path_parameter_rename_is_silent(write_pair) -> None:
    base = (
        "/pets/{petId}:\n  get:\n    parameters: [{name: petId, in: path, required: true, schema: {type: string}}]\n    "
        + OK
    )
    revision = base.replace("petId", "id")
    assert _rules(_check(write_pair, base, revision)) == []


def test_parameter_moved_between_path_and_operation_level_is_silent(write_pair) -> None:
    base = (
        "/pets:\n  get:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n    " + OK
    )
    revision = (
        "/pets:\n  parameters: [{name: q, in: query, schema: {type: string}}]\n  get:\n    " + OK
    )
    assert _rules(_check(write_pair, base, revision)) == []


def test_reordering_is_silent(write_pair) -> None:
    base = (
        "/pets:\n  get:\n    parameters: [{name: a, in: query, schema: {type: string, enum: [x, y]}},"
        " {name: b, in: header, schema: {type: string}}]\n"
        "    responses: {'200': {description: ok, content: {application/json: {schema: "
        "{type: object, required: [id, name], properties: {id: {type: integer}, name: {type: string}}}}}}}\n"
    )
    revision = (
        "/pets:\n  get:\n    responses: {'200': {description: ok, content: {application/json: {schema: "
        "{properties: {name: {type: string}, id: {type: integer}}, required: [name, id], type: object}}}}}\n"
        "    parameters: [{name: B, in: header, schema: {type: string}}, "
        "{in: query, name: a, schema: {enum: [y, x], type: string}}]\n"
    )
    assert _rules(_check(write_pair, base, revision)) == []


def test_extracting_a_schema_into_a_ref_is_silent(write_pair) -> None:
    inline = (
        "/pets:\n  get:\n    responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: object, properties: {id: {type: integer}}}}}}}\n"
    )
    extracted = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses: {'200': {description: ok, content: {application/json: "
        "{schema: {$ref: '#/components/schemas/Pet'}}}}}\n"
        "components:\n  schemas:\n    Pet: {type: object, properties: {id: {type: integer}}}\n"
    )
    assert _rules(_check(write_pair, inline, extracted)) == []
    assert _rules(_check(write_pair, extracted, inline, name="back")) == []


def test_property_moved_into_all_of_is_not_a_removal(write_pair) -> None:
    base = (
        "/pets:\n  get:\n    responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: object, required: [id], properties: {id: {type: integer}, name: {type: string}}}}}}}\n"
    )
    revision = (
        "/pets:\n  get:\n    responses: {'200': {description: ok, content: {application/json: "
        "{schema: {allOf: [{type: object, required: [id], properties: {id: {type: integer}}}, "
        "{type: object, properties: {name: {type: string}}}]}}}}}\n"
    )
    assert "response-property-removed" not in _rules(_check(write_pair, base, revision))


def test_shared_component_change_is_one_finding_listing_every_operation(write_pair) -> None:
    doc = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        + "".join(
            f"  /r{i}:\n    get:\n      responses: {{'200': {{description: ok, content: "
            f"{{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}}}\n"
            for i in range(12)
        )
        + "components:\n  schemas:\n    Pet: {type: object, properties: {id: {type: integer}, name: {type: string}}}\n"
    )
    report = _check(write_pair, doc, doc.replace(", name: {type: string}", ""))
    assert _rules(report) == ["response-property-removed"]
    (finding,) = report.findings
    assert len(finding.operations) == 12
    assert finding.operations[:3] == ("GET /r0", "GET /r1", "GET /r10")
    assert finding.revision is not None
    assert finding.revision.pointer == "/components/schemas/Pet"


def test_recursive_schemas_terminate_and_report_once(write_pair) -> None:
    doc = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /tree:\n    get:\n"
        "      responses: {'200': {description: ok, content: {application/json: "
        "{schema: {$ref: '#/components/schemas/Node'}}}}}\n"
        "components:\n  schemas:\n    Node:\n      type: object\n      properties:\n"
        "        value: {type: integer}\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n"
        "        parent: {$ref: '#/components/schemas/Node'}\n"
    )
    report = _check(write_pair, doc, doc.replace("value: {type: integer}", "value: {type: string}"))
    assert _rules(report) == ["response-property-type-changed"]


def test_a_property_named_dollar_ref_is_a_property(write_pair) -> None:
    doc = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: object, properties: {$ref: {type: string}, other: {type: string}}}}}}}\n"
    )
    report = _check(write_pair, doc, doc.replace("$ref: {type: string}", "$ref: {type: integer}"))
    assert _rules(report) == ["response-property-type-changed"]
    assert "'$ref'" in report.findings[0].message


def test_equal_ref_strings_with_changed_targets_are_compared(write_pair) -> None:
    doc = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n"
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/In'}}}}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n  schemas:\n    In: {type: object, properties: {x: {$ref: '#/components/schemas/X'}}}\n"
        "    X: {type: string}\n"
    )
    report = _check(
        write_pair, doc, doc.replace("X: {type: string}", "X: {type: string, enum: [a]}")
    )
    assert _rules(report) == ["request-property-became-enum"]


def test_header_parameter_names_match_case_insensitively(write_pair) -> None:
    base = (
        "/a:\n  get:\n    parameters: [{name: X-Request-Id, in: header, required: true, schema: {type: string}}]\n    "
        + OK
    )
    assert _rules(_check(write_pair, base, base.replace("X-Request-Id", "x-request-id"))) == []


def test_multi_file_spec_with_relative_refs(tmp_path: Path) -> None:
    for side, kind in (("base", "integer"), ("revision", "string")):
        root = tmp_path / side
        (root / "schemas").mkdir(parents=True)
        (root / "openapi.yaml").write_text(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
            "      responses: {'200': {description: ok, content: {application/json: "
            "{schema: {$ref: 'schemas/pet.yaml'}}}}}\n"
        )
        (root / "schemas" / "pet.yaml").write_text(
            "type: object\nproperties:\n  id:\n    $ref: 'common.yaml#/Id'\n"
        )
        (root / "schemas" / "common.yaml").write_text(f"Id:\n  type: {kind}\n")
    report = oasgate.check(
        str(tmp_path / "base" / "openapi.yaml"), str(tmp_path / "revision" / "openapi.yaml")
    )
    assert _rules(report) == ["response-property-type-changed"]
    location = report.findings[0].revision
    assert location is not None
    assert location.file.endswith("schemas/common.yaml")
    assert (location.line, location.pointer) == (1, "/Id")


def test_swagger2_pairs_are_compared_at_wire_level(write_pair) -> None:
    base = (
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nproduces: [application/json]\npaths:\n"
        "  /pets:\n    post:\n      parameters:\n"
        "        - {name: body, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}\n"
        "        - {name: limit, in: query, type: integer}\n"
        "      responses: {'200': {description: ok, schema: {$ref: '#/definitions/Pet'}}}\n"
        "definitions:\n  Pet: {type: object, properties: {id: {type: integer}}}\n"
    )
    revision = base.replace(
        "{name: limit, in: query, type: integer}", "{name: limit, in: query, type: string}"
    )
    revision = revision.replace("id: {type: integer}", "id: {type: string}")
    report = _check(write_pair, base, revision)
    assert _rules(report) == [
        "request-parameter-type-widened",  # a query parameter is text: "5" is a string too
        "request-property-type-changed",
        "response-property-type-changed",
    ]


def test_without_base_positions_a_finding_keeps_the_location_it_is_shown_at(write_pair) -> None:
    base = (
        "/pets:\n  get:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n"
        "    " + OK + "\n/gone:\n  get:\n    " + OK
    )
    revision = "/pets:\n  get:\n    parameters: [{name: q, in: query, schema: {type: integer}}]\n"
    revision += "    " + OK
    base_path, revision_path = write_pair(base, revision)
    full = oasgate.check(str(base_path), str(revision_path))
    lean = oasgate.check(str(base_path), str(revision_path), base_positions=False)
    assert _rules(lean) == _rules(full) == ["path-removed", "request-parameter-type-narrowed"]
    for shown, complete in zip(lean.findings, full.findings, strict=True):
        assert shown.location == complete.location  # what one-location formats show
        assert shown.base is not None and complete.base is not None
        assert shown.base.pointer == complete.base.pointer
        assert complete.base.line is not None
        assert shown.base.line is None  # the revision side is there: the base is not located


def test_the_formats_said_to_show_one_location_render_alike_without_base_positions(
    write_pair,
) -> None:
    # The CLI leaves out base positions when every requested format is one that shows a
    # single location per finding; for those the report must not change by a character.
    base = "/pets:\n  get:\n    parameters: [{name: q, in: query, schema: {type: string}}]\n"
    base += "    " + OK
    revision = base.replace("type: string", "type: integer")
    base_path, revision_path = write_pair(base, revision)
    full = oasgate.check(str(base_path), str(revision_path))
    lean = oasgate.check(str(base_path), str(revision_path), base_positions=False)
    assert _rules(full) == ["request-parameter-type-narrowed"]
    for fmt in Format:
        render = renderer(fmt)
        if fmt.shows_base_side:
            assert render(lean) != render(full), fmt  # it shows the base line: it needs it
        else:
            assert render(lean) == render(full), fmt
