"""OpenAPI 3.2 documents compared as fully as 3.0 and 3.1 (issue 23), through the CLI.

The bundled pair ``examples/openapi-3.2`` (QUERY, ``additionalOperations``,
``in: querystring``, an ``itemSchema`` of server-sent events) against its golden report;
then each 3.2 addition on its own: what a user sees when it changes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli, spec_text

EXAMPLE = Path("examples") / "openapi-3.2"
GOLDEN = REPO / "tests" / "golden" / "openapi-3.2.txt"
UPDATE = os.environ.get("OASGATE_UPDATE_GOLDEN") == "1"


def test_the_example_pair_matches_its_golden_report() -> None:
    result = run_cli(
        "check",
        str(EXAMPLE / "base.yaml"),
        str(EXAMPLE / "revision.yaml"),
        "--today",
        "2026-12-01",
        cwd=REPO,
    )
    assert result.exit_code == 1, result.stderr
    if UPDATE:
        GOLDEN.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8"), result.stdout


def test_removing_the_query_operation_is_an_error_at_its_line() -> None:
    result = run_cli(
        "check", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"), "--format", "json"
    )
    assert result.exit_code == 1
    report = result.json()
    removed = [f for f in report["findings"] if f["id"] == "operation-removed"]
    assert [(f["severity"], f["message"]) for f in removed] == [
        ("error", "operation QUERY /pets/reports removed")
    ]
    assert report["diagnostics"] == []  # nothing of 3.2 is "not compared"


def test_both_example_documents_are_valid_32_documents() -> None:
    for name in ("base.yaml", "revision.yaml"):
        result = run_cli("validate", str(EXAMPLE / name), cwd=REPO)
        assert result.exit_code == 0, result.stdout + result.stderr
        assert "valid OpenAPI 3.2.0 document" in result.stdout


def test_strict_validates_against_the_32_schema(tmp_path: Path) -> None:
    spec = EXAMPLE / "base.yaml"
    result = run_cli("check", str(spec), str(spec), "--strict", cwd=REPO)
    assert result.exit_code == 0, result.stdout + result.stderr  # 3.1's schema would refuse it
    broken = (REPO / spec).read_text(encoding="utf-8").replace("in: querystring", "in: querystrung")
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    result = run_cli("validate", "broken.yaml", cwd=tmp_path)
    assert result.exit_code == 1, result.stdout
    assert "querystrung" in result.stdout


def _check(tmp_path: Path, base: str, revision: str, *args: str) -> tuple[int, str]:
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "revision.yaml").write_text(revision, encoding="utf-8")
    result = run_cli("check", "base.yaml", "revision.yaml", *args, cwd=tmp_path)
    return result.exit_code, result.stdout + result.stderr


def _doc32(paths: str, extra: str = "") -> str:
    return spec_text(paths, extra=extra, version="3.2.0")


_QUERY = "/search:\n  query:\n    responses: {'200': {description: ok}}\n  get:\n    responses: {'200': {description: ok}}\n"
_GET_ONLY = "/search:\n  get:\n    responses: {'200': {description: ok}}\n"


def test_a_query_operation_removed_fails_the_gate(tmp_path: Path) -> None:
    code, out = _check(tmp_path, _doc32(_QUERY), _doc32(_GET_ONLY))
    assert code == 1, out
    assert "operation QUERY /search removed [operation-removed]" in out
    assert "not an operation" not in out


def test_a_query_field_in_a_31_document_is_still_named_as_not_compared(tmp_path: Path) -> None:
    base = spec_text(_QUERY, version="3.1.0")
    code, out = _check(tmp_path, base, spec_text(_GET_ONLY, version="3.1.0"))
    assert code == 0, out
    assert "'query' in path /search is not an operation" in out
    assert "openapi: 3.2.0" in out  # the diagnostic says how to make it one


def _additional(method: str, extra: str = "") -> str:
    return (
        "/files/{id}:\n  parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "  get:\n    responses: {'200': {description: ok}}\n"
        f"  additionalOperations:\n    {method}:\n{extra}"
        "      responses: {'201': {description: copied}}\n"
    )


def test_additional_operations_are_named_by_their_method_as_written(tmp_path: Path) -> None:
    code, out = _check(tmp_path, _doc32(_additional("COPY")), _doc32(_additional("Lock")))
    assert code == 1, out
    assert "operation COPY /files/{id} removed" in out
    assert "operation Lock /files/{id} added" in out


def test_a_change_inside_an_additional_operation_is_compared(tmp_path: Path) -> None:
    header = "      parameters: [{name: Destination, in: header, required: true, schema: {type: string}}]\n"
    code, out = _check(tmp_path, _doc32(_additional("COPY")), _doc32(_additional("COPY", header)))
    assert code == 1, out
    assert "COPY /files/{id}" in out
    assert "[request-parameter-required-added]" in out


def _querystring(
    schema: str, media: str = "application/x-www-form-urlencoded", name: str = "q"
) -> str:
    return (
        "/pets:\n  get:\n"
        f"    parameters: [{{name: {name}, in: querystring, content: {{'{media}': {{schema: {schema}}}}}}}]\n"
        "    responses: {'200': {description: ok}}\n"
    )


_FILTER = "{type: object, properties: {limit: {type: integer, maximum: %s}}}"


@pytest.mark.parametrize(
    ("revision", "rule", "code"),
    [
        (_querystring(_FILTER % 50), "request-parameter-property-max-decreased", 1),
        (_querystring(_FILTER % 200), "request-parameter-property-max-increased", 0),
        (
            _querystring(_FILTER % 100, media="application/json"),
            "request-parameter-serialization-changed",
            1,
        ),
        (
            "/pets:\n  get:\n    responses: {'200': {description: ok}}\n",
            "request-parameter-removed",
            1,
        ),
    ],
)
def test_a_querystring_parameter_is_compared_as_a_request_value(
    tmp_path: Path, revision: str, rule: str, code: int
) -> None:
    exit_code, out = _check(tmp_path, _doc32(_querystring(_FILTER % 100)), _doc32(revision))
    assert f"[{rule}]" in out, out
    assert exit_code == code, out
    if rule != "request-parameter-removed":
        assert "querystring parameter 'q'" in out


def test_renaming_a_querystring_parameter_is_no_change(tmp_path: Path) -> None:
    base = _doc32(_querystring(_FILTER % 100))
    code, out = _check(tmp_path, base, _doc32(_querystring(_FILTER % 100, name="filter")))
    assert code == 0, out
    assert "[request-parameter" not in out, out


def _stream(item: str, body_side: str = "response") -> str:
    if body_side == "request":
        return (
            "/ingest:\n  post:\n    requestBody: {content: {application/jsonl: {itemSchema: "
            + item
            + "}}}\n    responses: {'202': {description: accepted}}\n"
        )
    return (
        "/events:\n  get:\n    responses: {'200': {description: ok, content: "
        "{text/event-stream: {itemSchema: " + item + "}}}}\n"
    )


_EVENT = "{type: object, properties: {event: {type: string, enum: [%s]}}}"


def test_an_item_schema_widened_in_a_response_is_judged_as_a_response(tmp_path: Path) -> None:
    base, revision = _stream(_EVENT % "a"), _stream(_EVENT % "a, b")
    code, out = _check(tmp_path, _doc32(base), _doc32(revision))
    assert "[response-property-enum-value-added]" in out, out
    assert code == 0, out  # a warning
    code, out = _check(tmp_path, _doc32(revision), _doc32(base))
    assert "[response-property-enum-value-removed]" in out, out
    assert code == 0, out


def test_an_item_schema_narrowed_in_a_request_breaks(tmp_path: Path) -> None:
    base, revision = _stream(_EVENT % "a, b", "request"), _stream(_EVENT % "a", "request")
    code, out = _check(tmp_path, _doc32(base), _doc32(revision))
    assert code == 1, out
    assert "[request-property-enum-value-removed]" in out, out


def test_security_scheme_deprecated_and_device_flow(tmp_path: Path) -> None:
    schemes = (
        "security: [{oauth: [read]}]\ncomponents:\n  securitySchemes:\n    oauth:\n"
        "      type: oauth2\n%s      flows:\n        deviceAuthorization:\n"
        "          deviceAuthorizationUrl: %s\n"
        "          tokenUrl: https://auth.example.com/token\n          scopes: {read: r}\n"
    )
    ok = "/pets:\n  get:\n    responses: {'200': {description: ok}}\n"
    base = _doc32(ok, schemes % ("", "https://auth.example.com/device"))
    revision = _doc32(ok, schemes % ("      deprecated: true\n", "https://id.example.com/device"))
    code, out = _check(tmp_path, base, revision)
    assert code == 0, out  # information and a warning
    assert "security scheme 'oauth' deprecated [security-scheme-deprecated]" in out, out
    assert "[security-scheme-device-authorization-url-changed]" in out, out
    assert "device authorization URL changed from https://auth.example.com/device" in out


def test_default_mapping_changed_is_a_warning(tmp_path: Path) -> None:
    components = (
        "components:\n  schemas:\n    A: {type: object}\n    B: {type: object}\n"
        "    Pet:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n"
        "      discriminator: {propertyName: kind, defaultMapping: '%s'}\n"
    )
    ok = (
        "/pets:\n  get:\n    responses: {'200': {description: ok, content: {application/json: "
        "{schema: {$ref: '#/components/schemas/Pet'}}}}}\n"
    )
    base = _doc32(ok, components % "#/components/schemas/A")
    revision = _doc32(ok, components % "#/components/schemas/B")
    code, out = _check(tmp_path, base, revision)
    assert "discriminator-default-mapping-changed]" in out, out
    assert code == 0 and "warning response schema 'Pet'" in out, out


_SELF_ROOT = """\
openapi: {version}
$self: https://api.example.com/v2/openapi.yaml
info: {{title: t, version: '1'}}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: 'https://api.example.com/v2/schemas/pet.yaml'}}
        '404':
          description: missing
          content:
            application/json:
              schema: {{$ref: 'https://api.example.com/v2/openapi.yaml#/components/schemas/Error'}}
components:
  schemas:
    Error: {{type: object, properties: {{code: {{type: integer}}}}}}
"""


def _self_side(folder: Path, pet: str, version: str = "3.2.0") -> Path:
    (folder / "schemas").mkdir(parents=True)
    (folder / "schemas" / "pet.yaml").write_text(pet, encoding="utf-8")
    root = folder / "openapi.yaml"
    root.write_text(_SELF_ROOT.format(version=version), encoding="utf-8")
    return root


def test_references_under_self_are_read_from_the_files_beside_the_document(
    tmp_path: Path,
) -> None:
    base = _self_side(tmp_path / "v1", "{type: object, properties: {name: {}, age: {}}}")
    revision = _self_side(tmp_path / "v2", "{type: object, properties: {name: {}}}")
    result = run_cli("check", str(base), str(revision), cwd=tmp_path)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "response property 'pet.age' removed" in result.stdout
    assert "v2/schemas/pet.yaml" in result.stdout  # located in the local file
    assert run_cli("validate", str(base), cwd=tmp_path).exit_code == 0


def test_without_self_an_absolute_reference_is_still_not_fetched(tmp_path: Path) -> None:
    spec = _self_side(tmp_path / "v1", "{type: object}", version="3.1.0")  # 3.1: no $self
    result = run_cli("check", str(spec), str(spec), cwd=tmp_path)
    assert result.exit_code == 2
    assert "is a remote URL; it is not read" in result.stderr


def _lifecycle(lifecycle: str = "", parameter_lifecycle: str = "") -> str:
    """A QUERY and a COPY operation, each with ``lifecycle`` (an ``x-lifecycle: …`` line)."""
    return (
        "/files/{id}:\n"
        "  parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "  get:\n    responses: {'200': {description: ok}}\n"
        "  query:\n"
        + (f"    {lifecycle}\n" if lifecycle else "")
        + "    responses: {'200': {description: ok}}\n"
        "  additionalOperations:\n    COPY:\n"
        + (f"      {lifecycle}\n" if lifecycle else "")
        + "      parameters: [{name: Overwrite, in: header, schema: {type: string}"
        f"{parameter_lifecycle}}}]\n"
        "      responses: {'201': {description: copied}}\n"
    )


_GONE = "/files/{id}:\n  parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n  get:\n    responses: {'200': {description: ok}}\n"


def test_query_and_additional_operations_past_their_sunset_may_go(tmp_path: Path) -> None:
    sunset = "x-lifecycle: {status: deprecated, deprecated: 2026-01-01, sunset: 2026-07-01}"
    code, out = _check(tmp_path, _doc32(_lifecycle(sunset)), _doc32(_GONE), "--today", "2026-12-01")
    assert code == 0, out
    assert "operation QUERY /files/{id} removed" in out
    assert "operation COPY /files/{id} removed" in out
    code, out = _check(tmp_path, _doc32(_lifecycle()), _doc32(_GONE), "--today", "2026-12-01")
    assert code == 1, out  # stable ones may not


def test_a_parameter_of_a_deprecated_additional_operation_inherits_its_sunset(
    tmp_path: Path,
) -> None:
    sunset = "x-lifecycle: {status: deprecated, deprecated: 2026-01-01, sunset: 2026-07-01}"
    without = "      parameters: [{name: Overwrite, in: header, schema: {type: string}}]\n"
    for lifecycle, expected in ((sunset, 0), ("", 1)):
        base = _doc32(_lifecycle(lifecycle))
        revision = _doc32(_lifecycle(lifecycle).replace(without, ""))
        code, out = _check(tmp_path, base, revision, "--today", "2026-12-01")
        assert "header parameter 'Overwrite' removed" in out, out
        assert code == expected, out


_ANNOTATED = """\
openapi: {version}
info: {{title: t, version: '1'}}
tags:
  - {{name: pets{tag}}}
  - {{name: dogs{dog}}}
paths:
  /pets:
    get:
      tags: [pets, dogs]
      parameters:
        - name: species
          in: query
          schema: {{type: string}}
          examples:
            dog: {{{example}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: string}}
"""


@pytest.mark.parametrize(
    ("base", "revision"),
    [
        # 3.1 → 3.2: `value` restated as 3.2's `dataValue` (and `serializedValue`)
        (
            {"version": "3.1.0", "tag": "", "dog": "", "example": "value: dog"},
            {
                "version": "3.2.0",
                "tag": "",
                "dog": "",
                "example": "dataValue: dog, serializedValue: species=dog",
            },
        ),
        # tags nested and given a kind: how documentation groups operations
        (
            {"version": "3.2.0", "tag": "", "dog": "", "example": "dataValue: dog"},
            {
                "version": "3.2.0",
                "tag": ", kind: nav, summary: Pets",
                "dog": ", parent: pets, kind: nav",
                "example": "dataValue: cat",
            },
        ),
    ],
)
def test_32_annotations_are_not_compared(
    tmp_path: Path, base: dict[str, str], revision: dict[str, str]
) -> None:
    code, out = _check(tmp_path, _ANNOTATED.format(**base), _ANNOTATED.format(**revision))
    assert code == 0, out
    assert "0 error(s), 0 warning(s), 0 info" in out, out


_MEDIA_REF = """\
openapi: 3.2.0
info: {{title: t, version: '1'}}
paths:
  /events:
    get:
      responses:
        '200':
          description: ok
          content:
            application/jsonl: {{$ref: '#/components/mediaTypes/Events'}}
components:
  mediaTypes:
    Events:
      itemSchema: {{type: object, required: [{required}], properties: {{id: {{type: string}}, at: {{type: string}}}}}}
"""


def test_a_media_type_reference_is_followed(tmp_path: Path) -> None:
    base = _MEDIA_REF.format(required="id, at")
    code, out = _check(tmp_path, base, _MEDIA_REF.format(required="id"))
    assert code == 1, out
    assert "response property 'at' became optional" in out, out


def test_ignores_name_query_and_additional_operations_by_their_labels(tmp_path: Path) -> None:
    for name in ("base.yaml", "revision.yaml"):
        (tmp_path / name).write_text((REPO / EXAMPLE / name).read_text(encoding="utf-8"))
    (tmp_path / ".oasgate.yaml").write_text(
        "ignores:\n"
        "  - {rule: operation-removed, operation: 'QUERY /pets/*', reason: moved}\n"
        "  - {rule: request-parameter-became-required, operation: 'COPY /pets/{name}', "
        "reason: accepted}\n",
        encoding="utf-8",
    )
    result = run_cli("check", "base.yaml", "revision.yaml", cwd=tmp_path)
    assert "FAILED: 2 error(s), 1 warning(s), 2 info, 2 ignored" in result.stdout, result.stdout


def test_a_second_querystring_parameter_is_diagnosed(tmp_path: Path) -> None:
    two = (
        "/pets:\n  get:\n    parameters:\n"
        "      - {name: a, in: querystring, content: {application/json: {schema: {type: object}}}}\n"
        "      - {name: b, in: querystring, content: {application/json: {schema: {type: object}}}}\n"
        "    responses: {'200': {description: ok}}\n"
    )
    code, out = _check(tmp_path, _doc32(two), _doc32(two))
    assert code == 0, out
    assert "parameter 'b' is a second 'in: querystring' parameter" in out, out
    assert "(duplicate-parameter)" in out
