"""The gate table of SPEC §4, row by row, and where a status comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from oasgate.findings import Severity
from oasgate.policy.settings import Config, GateRow
from tests.lifecycle_helpers import OK, by_rule, doc, lifecycle, response_props, run

E, W, I = "error", "warning", "info"  # noqa: E741

BREAKING = "response-property-type-changed"
FEATURE = "request-parameter-optional-added"


def _pair(annotation: str = "", info: str = "") -> tuple[str, str]:
    """GET /pets with a response property whose type changes and a new optional parameter."""
    extra = f", {annotation}" if annotation else ""
    base = (
        "/pets:\n  get: {responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: object, properties: {id: {type: integer}}}}}}}" + extra + "}"
    )
    revision = (
        "/pets:\n  get: {parameters: [{name: q, in: query, schema: {type: string}}], "
        "responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: object, properties: {id: {type: string}}}}}}}" + extra + "}"
    )
    return doc(base, info), doc(revision, info)


# -- every row of the gate table, from the document's status and from the operation's ----

GATE_TABLE = [
    ("development", I, I),
    ("beta", W, I),
    ("stable", E, I),
    ("deprecated", E, E),
    ("end-of-life", I, E),
]


@pytest.mark.parametrize(("status", "breaking", "feature"), GATE_TABLE)
def test_gate_row_from_the_api_version(tmp_path: Path, status, breaking, feature) -> None:
    info = lifecycle(status=status, sunset="2027-01-01") if status == "deprecated" else ""
    info = info or lifecycle(status=status)
    report = run(tmp_path, *_pair(info=info))
    found = by_rule(report)
    assert found[BREAKING].severity.value == breaking
    assert found[FEATURE].severity.value == feature
    assert found[BREAKING].status == status


@pytest.mark.parametrize(("status", "breaking", "feature"), GATE_TABLE)
def test_gate_row_from_the_operation(tmp_path: Path, status, breaking, feature) -> None:
    fields = {"status": status}
    if status == "deprecated":
        fields["sunset"] = "2027-01-01"
    report = run(tmp_path, *_pair(annotation=lifecycle(**fields)))
    found = by_rule(report)
    assert (found[BREAKING].severity.value, found[FEATURE].severity.value) == (breaking, feature)


def test_feature_additions_in_a_deprecated_api_say_why(tmp_path: Path) -> None:
    report = run(tmp_path, *_pair(info=lifecycle(status="deprecated", sunset="2027-01-01")))
    feature = by_rule(report)[FEATURE]
    assert feature.severity is Severity.ERROR
    assert feature.status == "deprecated"


@pytest.mark.parametrize(
    ("annotation", "status"),
    [
        ("x-lifecycle: {status: experimental}", "development"),
        ("x-lifecycle: {status: draft}", "development"),
        ("x-lifecycle: {status: alpha}", "development"),
        ("x-lifecycle: {status: retired}", "end-of-life"),
        ("x-lifecycle: {status: sunset}", "end-of-life"),
        ("deprecated: true", "deprecated"),
        ("x-stability-level: beta", "beta"),
        ("x-stability-level: draft", "development"),
        ("x-sunset: '2027-01-01'", "deprecated"),
    ],
)
def test_status_aliases_and_legacy_flags(tmp_path: Path, annotation: str, status: str) -> None:
    report = run(tmp_path, *_pair(annotation=annotation))
    assert by_rule(report)[BREAKING].status == status


def test_nothing_said_means_stable(tmp_path: Path) -> None:
    report = run(tmp_path, *_pair())
    assert by_rule(report)[BREAKING].status == "stable"
    assert by_rule(report)[BREAKING].severity is Severity.ERROR


def test_operation_annotation_wins_over_the_document(tmp_path: Path) -> None:
    base, revision = _pair(annotation=lifecycle(status="beta"))
    info = lifecycle(status="stable")
    report = run(tmp_path, doc_with_info(base, info), doc_with_info(revision, info))
    assert by_rule(report)[BREAKING].status == "beta"


def test_deprecated_flag_on_an_operation_wins_over_a_stable_document(tmp_path: Path) -> None:
    base, revision = _pair(annotation="deprecated: true, x-sunset: '2027-01-01'")
    info = lifecycle(status="stable")
    report = run(tmp_path, doc_with_info(base, info), doc_with_info(revision, info))
    assert by_rule(report)[BREAKING].status == "deprecated"


def doc_with_info(text: str, info: str) -> str:
    return text.replace(
        "info: {title: t, version: '1'}", f"info: {{title: t, version: '1', {info}}}"
    )


def test_config_lifecycle_map_for_unannotated_specs(tmp_path: Path) -> None:
    config = {"lifecycle": {"GET /pets": "beta", "/internal/**": "development"}}
    report = run(tmp_path, *_pair(), config=config)
    assert by_rule(report)[BREAKING].status == "beta"
    assert by_rule(report)[BREAKING].severity is Severity.WARNING


def test_the_document_status_wins_over_the_config_map(tmp_path: Path) -> None:
    config = {"lifecycle": {"/pets": "development"}}
    report = run(tmp_path, *_pair(info=lifecycle(status="stable")), config=config)
    assert by_rule(report)[BREAKING].status == "stable"


def test_deprecated_past_its_sunset_counts_as_end_of_life(tmp_path: Path) -> None:
    annotation = lifecycle(status="deprecated", deprecated="2025-01-01", sunset="2026-03-01")
    for today, status, severity in (
        ("2026-02-28", "deprecated", Severity.ERROR),
        ("2026-03-01", "end-of-life", Severity.INFO),
        ("2026-03-02", "end-of-life", Severity.INFO),
    ):
        report = run(tmp_path, *_pair(annotation=annotation), today=today)
        finding = by_rule(report)[BREAKING]
        assert (finding.status, finding.severity) == (status, severity), today


def test_gate_overrides_per_status_from_config(tmp_path: Path) -> None:
    config = {"gate": {"beta": {"breaking": "error"}, "deprecated": {"feature": "warning"}}}
    beta = run(tmp_path, *_pair(annotation=lifecycle(status="beta")), config=config)
    assert by_rule(beta)[BREAKING].severity is Severity.ERROR
    deprecated = run(
        tmp_path,
        *_pair(annotation=lifecycle(status="deprecated", sunset="2027-01-01")),
        config=config,
    )
    assert by_rule(deprecated)[FEATURE].severity is Severity.WARNING


def test_gate_row_object_in_the_python_api(tmp_path: Path) -> None:
    from dataclasses import replace

    from oasgate.policy.settings import DEFAULT_GATE
    from oasgate.policy.status import Status

    gate = {**DEFAULT_GATE, Status.STABLE: GateRow(Severity.WARNING, Severity.INFO)}
    config = Config(policy=replace(Config().policy, gate=gate))
    report = run(tmp_path, *_pair(), config=config)
    assert by_rule(report)[BREAKING].severity is Severity.WARNING
    assert not report.failed


def test_shared_component_takes_the_most_severe_verdict(tmp_path: Path) -> None:
    def text(kind: str) -> str:
        return (
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
            "  /dev:\n    get:\n      x-lifecycle: {status: development}\n"
            "      responses: {'200': {description: ok, content: {application/json: "
            "{schema: {$ref: '#/components/schemas/Pet'}}}}}\n"
            "  /stable:\n    get:\n"
            "      responses: {'200': {description: ok, content: {application/json: "
            "{schema: {$ref: '#/components/schemas/Pet'}}}}}\n"
            f"components:\n  schemas:\n    Pet: {{type: object, properties: {{id: {{type: {kind}}}}}}}\n"
        )

    finding = by_rule(run(tmp_path, text("integer"), text("string")))[BREAKING]
    assert finding.operations == ("GET /dev", "GET /stable")
    assert (finding.severity, finding.status) == (Severity.ERROR, "stable")


def _shared_pet(deprecated: list[str], extra_property: bool) -> str:
    """Stripe's shape: one schema shared by deprecated and live operations."""
    paths = ""
    for name in ("orders", "charges", "refunds"):
        flag = "      deprecated: true\n" if name in deprecated else ""
        paths += (
            f"  /{name}:\n    get:\n{flag}"
            "      responses: {'200': {description: ok, content: {application/json: "
            "{schema: {$ref: '#/components/schemas/Pet'}}}}}\n"
        )
    extra = ", latest_charge: {type: string}" if extra_property else ""
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        + paths
        + f"components:\n  schemas:\n    Pet: {{type: object, properties: {{id: {{type: string}}{extra}}}}}\n"
    )


def test_a_feature_in_a_schema_that_still_serves_live_operations_is_judged_by_them(
    tmp_path: Path,
) -> None:
    report = run(tmp_path, _shared_pet(["orders"], False), _shared_pet(["orders"], True))
    finding = by_rule(report)["response-property-added"]
    assert (finding.severity, finding.status) == (Severity.INFO, "stable")
    assert finding.classification.value == "compatible"
    assert not report.failed


def test_a_feature_only_deprecated_operations_reach_says_which_rule_and_operations(
    tmp_path: Path,
) -> None:
    everything = ["orders", "charges", "refunds"]
    report = run(tmp_path, _shared_pet(everything, False), _shared_pet(everything, True))
    finding = by_rule(report)["response-property-added"]
    assert (finding.severity, finding.status) == (Severity.ERROR, "deprecated")
    assert finding.classification.value == "lifecycle"
    assert finding.message.endswith(
        "(no new features on deprecated operations: GET /charges, GET /orders, GET /refunds "
        "are deprecated)"
    ), finding.message


def test_a_property_status_is_more_specific_than_its_operation(tmp_path: Path) -> None:
    base = doc(
        response_props(
            "id: {type: integer}, old: {type: string, x-lifecycle: {status: development}}"
        )
    )
    revision = doc(
        response_props(
            "id: {type: integer}, old: {type: integer, x-lifecycle: {status: development}}"
        )
    )
    finding = by_rule(run(tmp_path, base, revision))[BREAKING]
    assert (finding.status, finding.severity) == ("development", Severity.INFO)


def test_unchanged_specs_are_silent_whatever_their_lifecycle(tmp_path: Path) -> None:
    text = doc(
        f"/pets:\n  get: {{{OK}, deprecated: true}}\n/owners:\n  get: {{{OK}, "
        "x-lifecycle: {status: deprecated, sunset: 2026-01-01}}",
        lifecycle(status="beta"),
    )
    assert run(tmp_path, text, text).findings == ()
