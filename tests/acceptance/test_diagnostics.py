"""Invalid-but-usable specs: still diffed, problems listed with file:line; ``--strict``;
``oasgate validate``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import oasgate
from oasgate.findings import Diagnostic, Location
from oasgate.model.diagnostics import CHECKS, capped
from tests.conftest import run_cli, spec_text

OK = "responses: {'200': {description: ok}}"

# code → (a paths snippet, or a whole document, that must raise it; the line it is on)
CASES: dict[str, tuple[str, int]] = {
    "missing-field": ("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n", 2),
    "ref-not-allowed": (
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n"
        "  description: {$ref: 'intro.yaml#/text'}\npaths: {}\n",
        5,
    ),
    "ref-siblings-ignored": (
        f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n"
        f"      {OK}\n      parameters:\n"
        "        - {$ref: '#/components/parameters/q', description: ignored}\n"
        "components:\n  parameters:\n    q: {name: q, in: query, schema: {type: string}}\n",
        8,
    ),
    "invalid-path": (f"pets:\n  get: {{{OK}}}\n", 4),
    "duplicate-path": (
        f"/p/{{id}}:\n  get: {{{OK}, parameters: [{{name: id, in: path, required: true}}]}}\n"
        f"/p/{{petId}}:\n  put: {{{OK}, parameters: [{{name: petId, in: path, required: true}}]}}\n",
        6,
    ),
    "unknown-path-item-field": (f"/a:\n  GET: {{{OK}}}\n", 5),
    "operation-without-responses": ("/a:\n  get: {summary: s}\n", 5),
    "response-missing-description": ("/a:\n  get:\n    responses: {'200': {}}\n", 6),
    "duplicate-operation-id": (
        f"/a:\n  get: {{operationId: x, {OK}}}\n/b:\n  get: {{operationId: x, {OK}}}\n",
        7,
    ),
    "invalid-parameter": (f"/a:\n  get:\n    {OK}\n    parameters: [{{name: q, in: body}}]\n", 7),
    "duplicate-parameter": (
        f"/a:\n  get:\n    {OK}\n    parameters:\n      - {{name: q, in: query}}\n"
        "      - {name: q, in: query}\n",
        9,
    ),
    "path-parameter-undeclared": (f"/a/{{id}}:\n  get: {{{OK}}}\n", 5),
    "path-parameter-not-in-template": (
        f"/a:\n  get:\n    {OK}\n    parameters: [{{name: id, in: path, required: true}}]\n",
        7,
    ),
    "path-parameter-not-required": (
        f"/a/{{id}}:\n  get:\n    {OK}\n    parameters: [{{name: id, in: path}}]\n",
        7,
    ),
    "unknown-security-scheme": (f"/a:\n  get: {{security: [{{key: []}}], {OK}}}\n", 5),
    "duplicate-key": (f"/a:\n  get: {{{OK}}}\n  get: {{{OK}}}\n", 6),
}


def _write(folder: Path, snippet: str) -> Path:
    spec = folder / "spec.yaml"
    spec.write_text(spec_text(snippet))
    (folder / "intro.yaml").write_text("text: hello\n")
    return spec


def test_every_structural_check_has_a_case() -> None:
    not_structural = {"openapi-schema", "unresolvable-ref"}
    assert {c.code for c in CHECKS} - not_structural == set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_structural_check_fires_with_file_and_line(code: str, tmp_path: Path) -> None:
    snippet, line = CASES[code]
    spec = _write(tmp_path, snippet)
    model = oasgate.load(str(spec))
    found = [(d.code, d.location.line) for d in model.diagnostics]
    assert (code, line) in found, found
    assert all(d.location.file == str(spec) for d in model.diagnostics)


def test_a_clean_document_has_no_diagnostics(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        f"  /a/{{id}}:\n    get:\n      operationId: getA\n      security: [{{key: []}}]\n"
        f"      {OK}\n"
        "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
        "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n",
    )
    assert oasgate.load(str(spec)).diagnostics == []
    result = run_cli("validate", str(spec))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"{spec} is a valid OpenAPI 3.0.3 document\n"


NO_DESCRIPTION = "/a:\n  get:\n    responses:\n      '200':\n        content: {}\n"


def _invalid_pair(write_pair) -> tuple[Path, Path]:
    base = f"{NO_DESCRIPTION}/b:\n  get: {{{OK}}}\n"
    return write_pair(base, base.replace("/b:", "/c:"))


def test_invalid_spec_is_still_diffed_and_problems_listed_in_every_format(write_pair) -> None:
    base, revision = _invalid_pair(write_pair)
    text = run_cli("check", str(base), str(revision))
    assert text.exit_code == 1  # the diff ran: /b was removed
    assert "path /b removed" in text.stdout
    assert f"diagnostic {base}:7:9: GET /a: response 200 has no description" in text.stdout
    assert f"diagnostic {revision}:7:9: GET /a: response 200 has no description" in text.stdout
    as_json = run_cli("check", str(base), str(revision), "--format", "json").json()
    assert [
        (d["code"], d["location"]["file"], d["location"]["line"]) for d in as_json["diagnostics"]
    ] == [
        ("response-missing-description", str(base), 7),
        ("response-missing-description", str(revision), 7),
    ]


def test_strict_fails_on_diagnostics_and_adds_schema_validation(tmp_path: Path) -> None:
    spec = _write(tmp_path, f"{NO_DESCRIPTION}    tags: {{a: 1}}\n")
    relaxed = run_cli("check", str(spec), str(spec), "--format", "json")
    assert relaxed.exit_code == 0
    assert [d["code"] for d in relaxed.json()["diagnostics"]] == ["response-missing-description"]
    strict = run_cli("check", "--strict", str(spec), str(spec), "--format", "json")
    assert strict.exit_code == 1
    assert "--strict: 2 diagnostic(s) fail the gate" in strict.stderr
    codes = [(d["code"], d["location"]["line"]) for d in strict.json()["diagnostics"]]
    # the same file on both sides: each problem once; the schema adds `tags` must be a list
    assert codes == [("response-missing-description", 7), ("openapi-schema", 9)]


def test_strict_passes_a_valid_pair(write_pair) -> None:
    base, revision = write_pair(
        f"/a:\n  get: {{{OK}}}\n", f"/a:\n  get: {{{OK}}}\n/b:\n  get: {{{OK}}}\n"
    )
    result = run_cli("check", "--strict", str(base), str(revision))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_validate_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        f"{NO_DESCRIPTION}  GET: {{{OK}}}\n"
        "  post:\n    responses:\n      '201':\n        description: created\n"
        "        content:\n          application/json:\n            schema:\n"
        "              type: objekt\n",
    )
    result = run_cli("validate", str(spec))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{spec}:7:9: warning: GET /a: response 200 has no description [response-missing-description]",
        f"{spec}:9:5: warning: 'GET' in path /a is not an operation (methods are lower case); it is not compared [unknown-path-item-field]",
        f"{spec}:17:17: error: 'objekt' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string'] [openapi-schema]",
        f"3 problem(s) in {spec} (OpenAPI 3.0.3)",
    ]
    as_json = run_cli("validate", str(spec), "--format", "json").json()
    assert as_json["valid"] is False
    assert [p["location"]["line"] for p in as_json["problems"]] == [7, 9, 17]


def test_validate_lists_every_unresolvable_ref(tmp_path: Path) -> None:
    spec = _write(
        tmp_path,
        "/a:\n  get:\n    responses:\n      '200':\n        $ref: '#/components/responses/Nope'\n"
        "      '404':\n        $ref: 'missing.yaml#/NotFound'\n",
    )
    result = run_cli("validate", "--no-schema", str(spec))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{spec}:8:11: error: $ref '#/components/responses/Nope' cannot be resolved: nothing at "
        "'/components/responses/Nope' [unresolvable-ref]",
        f"{spec}:10:11: error: $ref 'missing.yaml#/NotFound' names a file that does not exist "
        f"({tmp_path}/missing.yaml) [unresolvable-ref]",
        f"2 problem(s) in {spec} (OpenAPI 3.0.3)",
    ]
    check = run_cli("check", str(spec), str(spec))
    assert check.exit_code == 2  # the gate cannot run on a spec whose refs do not resolve


def test_validate_of_a_multi_file_spec_names_each_file(tmp_path: Path) -> None:
    (tmp_path / "paths").mkdir()
    (tmp_path / "paths" / "a.yaml").write_text("get:\n  responses:\n    '200': {}\n")
    spec = _write(tmp_path, "/a: {$ref: 'paths/a.yaml'}\n")
    result = run_cli("validate", str(spec))
    assert result.exit_code == 1
    assert f"{tmp_path}/paths/a.yaml:3:5: warning: GET /a: response 200 has no description" in (
        result.stdout
    )


def test_the_validator_reads_nothing_outside_the_tree(tmp_path: Path) -> None:
    # the validator resolves $refs itself; ours must be the only way it reads files
    outside = tmp_path / "outside.yaml"
    outside.write_text("Secret: {type: object}\n")
    inner = tmp_path / "api"
    inner.mkdir()
    spec = _write(inner, f"/a:\n  get: {{{OK}}}\n")
    result = run_cli("validate", str(spec), "--ref-root", str(inner))
    assert result.exit_code == 0
    from oasgate.model.validation import _ConfinedHandlers

    handlers = _ConfinedHandlers(oasgate.load(str(spec)).document)
    for uri in ("file:///etc/passwd", "http://127.0.0.1:9/x.yaml", f"file://{outside}"):
        with pytest.raises(oasgate.OasgateError):
            handlers["file" if uri.startswith("file") else "http"](uri)
    with pytest.raises(oasgate.OasgateError, match="outside the spec's directory tree"):
        handlers["file"]("file:///__oasgate__/../outside.yaml")


def test_diagnostics_are_capped_per_code_in_check() -> None:
    many = [
        Diagnostic("response-missing-description", f"problem {i}", Location("f.yaml", "", i))
        for i in range(1, 31)
    ]
    kept = capped(many, limit=25)
    assert len(kept) == 26
    assert kept[-1].message == (
        "… and 5 more 'response-missing-description' problems (oasgate validate lists them all)"
    )


def test_validate_json_is_stable(tmp_path: Path) -> None:
    spec = _write(tmp_path, NO_DESCRIPTION)
    data = run_cli("validate", str(spec), "--format", "json").json()
    assert data == {
        "version": 1,
        "source": str(spec),
        "openapi": "3.0.3",
        "valid": False,
        "problems": [
            {
                "code": "response-missing-description",
                "severity": "warning",
                "message": "GET /a: response 200 has no description",
                "location": {
                    "file": str(spec),
                    "pointer": "/paths/~1a/get/responses/200",
                    "line": 7,
                    "column": 9,
                },
            }
        ],
    }
    assert json.dumps(data)  # plain JSON


def test_docs_list_every_diagnostic_code() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "validation.md").read_text()
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", docs, re.M))
    assert documented == {c.code for c in CHECKS}


def test_validate_finds_duplicate_keys_in_json_too(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{\n  "openapi": "3.0.3",\n  "info": {"title": "t", "version": "1"},\n'
        '  "paths": {\n    "/a": {\n      "get": {"responses": {"200": {"description": "a"}}},\n'
        '      "get": {"responses": {"200": {"description": "b"}}}\n    }\n  }\n}\n'
    )
    result = run_cli("validate", str(spec))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{spec}:7:7: warning: key 'get' appears twice in one object (first on line 6); "
        "the last one is used [duplicate-key]"
    )
    # check keeps going with the last value, as JSON parsers do
    assert run_cli("check", str(spec), str(spec)).exit_code == 0
