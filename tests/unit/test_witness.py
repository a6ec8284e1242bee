"""Witnesses (docs/witnesses.md): what ``check --explain`` shows under each error finding
about a schema, and what every format makes of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import orjson
import pytest

import oasgate
from oasgate.engine import check
from oasgate.findings import Finding, Report
from oasgate.report import html, json_report, markdown, sarif, text, yaml_report
from oasgate.witness import is_schema_rule
from oasgate.witness.build import Sides, witness_for
from oasgate.witness.verify import verify
from tests.conftest import REPO

PETSTORE = REPO / "examples" / "petstore"
WritePair = Callable[..., tuple[Path, Path]]


def _explained(base: Path, revision: Path) -> tuple[Report, oasgate.SpecModel, oasgate.SpecModel]:
    base_model, revision_model = oasgate.load(str(base)), oasgate.load(str(revision))
    return check(base_model, revision_model, explain=True), base_model, revision_model


def _finding(report: Report, rule: str) -> Finding:
    return next(f for f in report.findings if f.rule == rule)


def _instance(finding: Finding) -> object:
    assert finding.witness is not None and finding.witness.found, finding.witness
    return orjson.loads(finding.witness.instance)


def test_petstore_witnesses_are_whole_payloads_that_one_side_refuses() -> None:
    report, base, revision = _explained(PETSTORE / "base.yaml", PETSTORE / "revision.yaml")
    required = _finding(report, "request-property-required-added")
    assert _instance(required) == {"name": "a"}
    assert required.witness is not None
    assert required.witness.where == "request body of POST /pets (application/json)"
    assert (required.witness.accepted_by, required.witness.rejected_by) == ("base", "revision")
    retyped = _finding(report, "response-property-type-changed")
    assert _instance(retyped) == [{"id": "a", "name": "a"}]  # the revision sends id "a"
    assert retyped.witness is not None and retyped.witness.accepted_by == "revision"
    enum = _finding(report, "request-parameter-enum-value-removed")
    assert enum.witness is not None and enum.witness.text == "bird"
    assert enum.witness.where == "query parameter species of GET /pets"
    for finding in report.findings:
        if finding.witness is not None and finding.witness.found:
            assert verify(finding, base, revision), finding.rule


def test_only_error_findings_about_a_schema_get_one() -> None:
    report, _, _ = _explained(PETSTORE / "base.yaml", PETSTORE / "revision.yaml")
    for finding in report.findings:
        wanted = finding.severity.value == "error" and is_schema_rule(finding.rule)
        assert (finding.witness is not None) == wanted, finding.rule
    assert _finding(report, "request-parameter-became-required").witness is None


def test_without_explain_no_witness_and_the_report_is_unchanged() -> None:
    plain = oasgate.check(str(PETSTORE / "base.yaml"), str(PETSTORE / "revision.yaml"))
    assert all(f.witness is None for f in plain.findings)
    assert '"witness"' not in json_report.render(plain)


def test_the_report_is_byte_identical_between_runs() -> None:
    first, _, _ = _explained(PETSTORE / "base.yaml", PETSTORE / "revision.yaml")
    second, _, _ = _explained(PETSTORE / "base.yaml", PETSTORE / "revision.yaml")
    for render in (json_report.render, text.render, markdown.render, sarif.render):
        assert render(first) == render(second)


def test_every_format_shows_it(write_pair: WritePair) -> None:
    report, _, _ = _explained(PETSTORE / "base.yaml", PETSTORE / "revision.yaml")
    data = json.loads(json_report.render(report))
    schema = json.loads((REPO / "src" / "oasgate" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    witnesses = [f["witness"] for f in data["findings"] if "witness" in f]
    assert {
        "found": True,
        "instance": {"name": "a"},
        "where": "request body of POST /pets (application/json)",
        "accepted_by": "base",
        "rejected_by": "revision",
    } in witnesses
    assert "witness:" in yaml_report.render(report)
    assert (
        "witness: the base accepts, the revision rejects — request body of POST /pets "
        '(application/json): {"name":"a"}' in text.render(report)
    )
    comment = markdown.render(report)
    assert "<summary>Witnesses (4)</summary>" in comment and "```json" in comment
    assert '<details class="ops witness"><summary>Witness: request body' in html.render(report)
    results = json.loads(sarif.render(report))["runs"][0]["results"]
    assert any(r["properties"].get("witness", {}).get("found") for r in results)


def test_a_format_a_validator_checks_when_asked_has_a_witness_that_says_so(
    write_pair: WritePair,
) -> None:
    """uuid → date on a request: the base's uuid is no date. Validators do not assert
    `format` by default: the witness is checked with format assertion on, and says so."""
    body = "post:\n  requestBody: {content: {application/json: {schema: %s}}}\n  responses: {'200': {description: ok}}"
    base, revision = write_pair(
        "/pets:\n" + _indent(body % "{type: string, format: uuid}"),
        "/pets:\n" + _indent(body % "{type: string, format: date}"),
    )
    report, base_model, revision_model = _explained(base, revision)
    finding = _finding(report, "request-body-format-changed")
    assert _instance(finding) == "00000000-0000-4000-8000-000000000000"
    assert finding.witness is not None
    assert finding.witness.note.startswith("needs a validator that asserts `format`")
    assert verify(finding, base_model, revision_model)
    assert "(needs a validator that asserts `format`" in text.render(report)
    data = json.loads(json_report.render(report))
    jsonschema.validate(
        data, json.loads((REPO / "src" / "oasgate" / "report.schema.json").read_text())
    )
    [shown] = [f["witness"] for f in data["findings"] if "witness" in f]
    assert shown["note"] == finding.witness.note
    # a format added to an integer: one past int32's range
    base, revision = write_pair(
        "/pets:\n" + _indent(body % "{type: integer}"),
        "/pets:\n" + _indent(body % "{type: integer, format: int32}"),
        name="int32",
    )
    report, base_model, revision_model = _explained(base, revision)
    added = _finding(report, "request-body-format-added")
    assert _instance(added) == 2**31
    assert verify(added, base_model, revision_model)


@pytest.mark.parametrize(("old", "new"), [("double", "float"), ("uuid", "phone")])
def test_a_format_no_validator_checks_says_so(write_pair: WritePair, old: str, new: str) -> None:
    body = "post:\n  requestBody: {content: {application/json: {schema: %s}}}\n  responses: {'200': {description: ok}}"
    base, revision = write_pair(
        "/pets:\n" + _indent(body % f"{{type: number, format: {old}}}"),
        "/pets:\n" + _indent(body % f"{{type: number, format: {new}}}"),
    )
    report, _, _ = _explained(base, revision)
    witnesses = [f.witness for f in report.findings if f.witness is not None]
    assert witnesses
    for witness in witnesses:
        assert not witness.found
        assert (
            witness.note
            == "no witness: validators do not assert `format` by default (docs/witnesses.md)"
        )


def _indent(text_: str) -> str:
    return "".join(f"  {line}\n" for line in text_.splitlines())


def _param(schema: str) -> str:
    return (
        "/pets:\n  get:\n    parameters: [{name: limit, in: query, schema: " + schema + "}]\n"
        "    responses: {'200': {description: ok}}\n"
    )


def test_a_parameter_witness_is_its_text(write_pair: WritePair) -> None:
    # string → integer: "a" is no integer; integer → string: every integer's text is a string
    base, revision = write_pair(_param("{type: string}"), _param("{type: integer}"))
    report, _, _ = _explained(base, revision)
    narrowed = next(f for f in report.findings if f.witness is not None)
    assert narrowed.witness is not None and narrowed.witness.text == "a"
    base, revision = write_pair(
        _param("{type: integer, maximum: 10}"), _param("{type: integer, maximum: 5}"), name="max"
    )
    report, _, _ = _explained(base, revision)
    bound = _finding(report, "request-parameter-max-decreased").witness
    assert bound is not None and bound.text in {"6", "10"}


def test_openapi_30_dialect_nullable_and_boolean_exclusive_bounds(write_pair: WritePair) -> None:
    def body(schema: str) -> str:
        return (
            "/pets:\n  get:\n    responses: {'200': {description: ok, content: "
            "{application/json: {schema: " + schema + "}}}}\n"
        )

    base, revision = write_pair(
        body(
            "{type: object, required: [n], properties: {n: {type: integer, maximum: 10, exclusiveMaximum: true}}}"
        ),
        body(
            "{type: object, required: [n], properties: {n: {type: integer, maximum: 10, nullable: true}}}"
        ),
    )
    report, _, _ = _explained(base, revision)
    nullable = _finding(report, "response-property-became-nullable")
    assert _instance(nullable) == {"n": None}
    widened = _finding(report, "response-property-max-increased")
    assert _instance(widened) == {"n": 10}  # 10 was excluded, and may now be sent


def test_recursive_schemas_through_refs(write_pair: WritePair) -> None:
    def doc(leaf: str) -> str:
        return (
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n"
            "  /categories:\n    post:\n      requestBody: {content: {application/json: "
            "{schema: {$ref: '#/components/schemas/Category'}}}}\n"
            "      responses: {'200': {description: ok}}\n"
            "components:\n  schemas:\n    Category:\n      type: object\n"
            "      required: [name]\n      properties:\n"
            f"        name: {leaf}\n"
            "        children: {type: array, items: {$ref: '#/components/schemas/Category'}}\n"
        )

    base, revision = write_pair(doc("{type: string}"), doc("{type: string, maxLength: 3}"))
    report, base_model, revision_model = _explained(base, revision)
    finding = _finding(report, "request-property-max-length-set")
    assert _instance(finding) == {"name": "aaaa"}
    assert verify(finding, base_model, revision_model)


def test_a_search_that_runs_out_says_so_with_its_budget() -> None:
    base = oasgate.load(str(PETSTORE / "base.yaml"))
    revision = oasgate.load(str(PETSTORE / "revision.yaml"))
    report = oasgate.check(base, revision)
    finding = _finding(report, "response-property-type-changed")
    witness = witness_for(finding, Sides(base, revision), budget=1)
    assert witness is not None and not witness.found
    assert witness.note == "no counterexample found within 1 validations"


@pytest.mark.parametrize("found", [True, False])
def test_verify_refuses_a_doctored_witness(found: bool) -> None:
    from dataclasses import replace

    report, base, revision = _explained(PETSTORE / "base.yaml", PETSTORE / "revision.yaml")
    finding = _finding(report, "request-property-required-added")
    assert finding.witness is not None
    doctored = replace(
        finding.witness,
        instance='{"name":"a","species":"cat"}' if found else finding.witness.instance,
        accepted_by="base" if found else "revision",
        rejected_by="revision" if found else "base",
    )
    assert not verify(replace(finding, witness=doctored), base, revision)


def test_hostile_patterns_and_deep_nesting_end_in_a_witness_or_a_note(
    write_pair: WritePair,
) -> None:
    def doc(leaf: str, depth: int) -> str:
        schema = leaf
        for _ in range(depth):
            schema = "{type: object, required: [n], properties: {n: " + schema + "}}"
        return (
            "/pets:\n  post:\n    requestBody: {content: {application/json: {schema: "
            + schema
            + "}}}\n    responses: {'200': {description: ok}}\n"
        )

    hostile = "{type: string, pattern: '^(a+)+$'}"
    base, revision = write_pair(
        doc(hostile, 2), doc("{type: string, pattern: '^(a+)+$', maxLength: 3}", 2)
    )
    report, base_model, revision_model = _explained(base, revision)
    finding = next(f for f in report.findings if f.witness is not None)
    assert finding.witness is not None and finding.witness.found
    assert verify(finding, base_model, revision_model)
    base, revision = write_pair(
        doc("{type: string}", 120), doc("{type: integer}", 120), name="deep"
    )
    report, _, _ = _explained(base, revision)
    for finding in report.findings:
        if finding.witness is not None and not finding.witness.found:
            assert finding.witness.note.startswith(("no counterexample", "no witness"))
