"""The command line as CI uses it: exit codes, messages, file:line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "petstore"


def test_bundled_example_fails_the_gate_and_names_each_breaking_change() -> None:
    result = run_cli("check", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"), cwd=REPO)
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    revision = "examples/petstore/revision.yaml"  # absolute inputs, repository paths
    expected = [
        ("GET /pets", "query parameter 'limit' became required", 16),
        ("GET /pets", "query parameter 'species': enum value \"bird\" removed", 13),
        ("POST /pets", "new required request property 'NewPet.species'", 83),
        ("GET /pets", "response property 'Pet.id': type changed from integer to string", 91),
        ("GET /pets", "response property 'Pet.nickname' removed", None),
        ("DELETE /pets/{petId}", "operation DELETE /pets/{petId} removed", 49),
        ("GET /stores", "path /stores removed", 5),
    ]
    for _operation, message, line in expected:
        matching = [row for row in out.splitlines() if message in row]
        assert matching, f"missing: {message}\n{out}"
        assert "error" in matching[0]
        if line is not None:
            assert f"{revision}:{line}:" in matching[0], matching[0]
    # allowed changes are reported as info, never as errors
    for allowed in (
        "new optional query parameter 'cursor'",
        "path /owners added",
        "new response property 'Pet.age'",
    ):
        row = next(r for r in out.splitlines() if allowed in r)
        assert row.strip().startswith("info")
    assert "petId" not in "".join(
        r for r in out.splitlines() if "GET /pets/{id}" in r and "error" in r
    )
    # 1.0.0 → 1.1.0 with breaking changes: semantic versioning wanted 2.0.0
    assert "[api-major-version-not-bumped]" in out
    assert re.search(r"FAILED: 7 error\(s\), 1 warning\(s\), 3 info", out)


def test_json_report_has_the_stable_schema() -> None:
    result = run_cli(
        "check", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"), "--format", "json"
    )
    assert result.exit_code == 1
    report = result.json()
    assert report["version"] == 2
    assert set(report) == {"version", "base", "revision", "summary", "findings", "diagnostics"}
    assert report["summary"] == {"error": 7, "warning": 1, "info": 3, "ignored": 0}
    finding = next(f for f in report["findings"] if f["id"] == "response-property-type-changed")
    assert finding["severity"] == "error"
    assert finding["classification"] == "breaking"
    assert finding["status"] == "stable"
    assert finding["operations"] == ["GET /pets", "POST /pets", "GET /pets/{id}"]
    assert finding["revision"]["pointer"] == "/components/schemas/Pet/properties/id"
    assert finding["revision"]["line"] == 91
    assert finding["base"]["pointer"] == "/components/schemas/Pet/properties/id"
    assert finding["base"]["line"] == 93
    assert re.fullmatch(r"[0-9a-f]{20}", finding["fingerprint"])


def test_output_is_deterministic() -> None:
    args = ("check", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"), "--format", "json")
    assert run_cli(*args).stdout == run_cli(*args).stdout


def test_fail_on_levels(write_pair) -> None:
    # only an added enum value in a response: a warning
    base, revision = write_pair(
        "/a:\n  get:\n    responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: string, enum: [x]}}}}}\n",
        "/a:\n  get:\n    responses: {'200': {description: ok, content: {application/json: "
        "{schema: {type: string, enum: [x, y]}}}}}\n",
    )
    assert run_cli("check", str(base), str(revision)).exit_code == 0
    assert run_cli("check", str(base), str(revision), "--fail-on", "warning").exit_code == 1
    assert run_cli("check", str(base), str(revision), "--fail-on", "error").exit_code == 0


def test_no_changes_exit_zero(write_pair) -> None:
    base, revision = write_pair(
        "/a: {get: {responses: {'200': {description: ok}}}}",
        "/a: {get: {responses: {'200': {description: ok}}}}",
    )
    result = run_cli("check", str(base), str(revision))
    assert result.exit_code == 0
    assert "passed: 0 error(s)" in result.stdout


def test_no_color_is_honoured() -> None:
    result = run_cli("check", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"))
    assert "\x1b[" not in result.stdout


def test_text_report_is_styled_only_where_rich_would_style_it() -> None:
    args = ("check", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"))
    unset: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
    piped = run_cli(*args, env=unset)
    forced = run_cli(*args, env={**unset, "FORCE_COLOR": "1"})
    compatible = run_cli(*args, env={**unset, "TTY_COMPATIBLE": "1"})
    refused = run_cli(*args, env={**unset, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "0"})
    assert piped.exit_code == forced.exit_code == compatible.exit_code == refused.exit_code == 1
    assert "\x1b[" not in piped.stdout and "\x1b[" not in refused.stdout
    assert "\x1b[1;31merror" in forced.stdout and "\x1b[1;31merror" in compatible.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced.stdout) == piped.stdout == refused.stdout


def test_stdin_for_one_side() -> None:
    text = (EXAMPLE / "base.yaml").read_text()
    result = run_cli("check", "-", str(EXAMPLE / "revision.yaml"), stdin=text)
    assert result.exit_code == 1
    assert "<stdin>" in result.stdout
    both = run_cli("check", "-", "-", stdin=text)
    assert both.exit_code == 2
    assert "only one of BASE and REVISION" in both.stderr


def test_rules_lists_the_catalogue() -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    assert re.search(
        r"^request-parameter-became-required\s+request\s+breaking\s+", result.stdout, re.M
    )
    as_json = run_cli("rules", "--format", "json").json()
    assert any(r["id"] == "path-removed" and r["classification"] == "breaking" for r in as_json)


def test_python_dash_m_and_help() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "check" in result.stdout and "rules" in result.stdout


# -- could not run: exit 2, one line, no traceback -----------------------------------------


def _assert_clean_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.yaml"), str(EXAMPLE / "revision.yaml"))
    _assert_clean_error(result, "nope.yaml", "no such file")


def test_unparsable_yaml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: [unclosed\n")
    _assert_clean_error(
        run_cli("check", str(bad), str(EXAMPLE / "revision.yaml")), f"{bad}:", "invalid YAML"
    )


def test_unparsable_json_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "openapi": "3.0.3",\n  "paths": {,}\n}\n')
    result = run_cli("check", str(bad), str(EXAMPLE / "revision.yaml"))
    _assert_clean_error(result, f"{bad}:3:", "invalid JSON")


def test_not_openapi(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("name: my-app\nversion: 2\n")
    _assert_clean_error(
        run_cli("check", str(other), str(other)), str(other), "not an OpenAPI document"
    )
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just a string\n")
    _assert_clean_error(run_cli("check", str(scalar), str(scalar)), "top level must be a mapping")


def test_unresolvable_ref_names_file_and_line(write_pair) -> None:
    base, revision = write_pair(
        "/a: {get: {responses: {'200': {description: ok}}}}",
        "/a:\n  get:\n    responses:\n      '200':\n        description: ok\n"
        "        content:\n          application/json:\n            schema:\n"
        "              $ref: '#/components/schemas/Missing'\n",
    )
    result = run_cli("check", str(base), str(revision))
    _assert_clean_error(
        result, f"{revision}:12:17:", "#/components/schemas/Missing", "cannot be resolved"
    )


def test_missing_external_ref_file(write_pair) -> None:
    base, revision = write_pair(
        "/a: {get: {responses: {'200': {description: ok}}}}",
        "/a: {get: {responses: {'200': {$ref: 'responses.yaml#/Ok'}}}}",
    )
    result = run_cli("check", str(base), str(revision))
    _assert_clean_error(result, str(revision), "responses.yaml", "does not exist")


def test_ref_escaping_the_tree_is_refused(write_pair) -> None:
    base, revision = write_pair(
        "/a: {get: {responses: {'200': {description: ok}}}}",
        "/a: {get: {responses: {'200': {$ref: '../../etc/passwd'}}}}",
    )
    result = run_cli("check", str(base), str(revision))
    _assert_clean_error(result, "outside the spec's directory tree")


def test_bad_option_is_exit_2() -> None:
    result = run_cli("check", "a", "b", "--fail-on", "fatal")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("code", "status"), [(3, 3), (None, 0), ("bye", 1)])
def test_the_program_exits_with_the_command_status_after_its_exit_handlers(
    code: object, status: int
) -> None:
    # `run` ends the process without the interpreter's teardown: the status, the
    # buffered output and the exit handlers registered during the command must survive.
    script = (
        "import atexit, sys\n"
        "import oasgate.cli as cli\n"
        "def command(prog_name):\n"
        "    atexit.register(print, 'handler ran')\n"
        "    print('output', end='')\n"
        f"    sys.exit({code!r})\n"
        "cli.main = command\n"
        "cli.run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == status
    assert done.stdout == "outputhandler ran\n"
    assert done.stderr == ("bye\n" if isinstance(code, str) else "")
