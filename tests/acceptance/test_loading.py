"""Loading as a user sees it: YAML 1.2 semantics, duplicate keys, and adjustable limits."""

from __future__ import annotations

from pathlib import Path

import pytest

import oasgate
from oasgate.errors import OasgateError
from oasgate.loading.limits import Limits, parse_size
from oasgate.loading.parsing import parse_text
from tests.conftest import run_cli, spec_text

ENUM_PARAM = (
    "/a:\n  get:\n    parameters:\n"
    "      - {name: flag, in: query, schema: {type: string, enum: [yes, no, on, off], "
    "example: 2024-01-01, default: 12:30:00}}\n"
    "    responses: {'200': {description: ok}}\n"
)


def test_yaml_1_2_keeps_yes_no_on_off_dates_and_times_as_strings(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text(ENUM_PARAM))
    model = oasgate.load(str(spec))
    operation = model.operations("/a", model.path_items()["/a"][1])["get"]
    [parameter] = model.parameters(operation).values()
    assert parameter.schema is not None
    schema = parameter.schema.value
    assert schema["enum"] == ["yes", "no", "on", "off"]
    assert schema["example"] == "2024-01-01"
    assert schema["default"] == "12:30:00"


def test_yaml_1_2_enum_strings_compare_as_strings_through_the_cli(write_pair) -> None:
    # Under YAML 1.1, `no` and `false` would be the same boolean and this would be silent.
    base, revision = write_pair(
        ENUM_PARAM, ENUM_PARAM.replace("enum: [yes, no, on, off]", "enum: [yes, false, on, off]")
    )
    result = run_cli("check", str(base), str(revision), "--format", "json")
    assert result.exit_code == 1, result.stderr
    messages = " ".join(f["message"] for f in result.json()["findings"])
    assert "no" in messages


def test_duplicate_keys_are_diagnostics_with_file_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        spec_text(
            "/a:\n  get:\n    responses: {'200': {description: ok}}\n"
            "/b:\n  get:\n    summary: first\n    summary: second\n"
            "    responses: {'200': {description: ok}}\n"
            "/a:\n  post:\n    responses: {'200': {description: ok}}\n"
        )
    )
    result = run_cli("check", str(spec), str(spec), "--format", "json")
    assert result.exit_code == 0, result.stderr
    duplicates = [d for d in result.json()["diagnostics"] if d["code"] == "duplicate-key"]
    assert [(d["location"]["line"], d["message"]) for d in duplicates] == [
        (10, "mapping key 'summary' appears twice (first on line 9); the last one is used"),
        (12, "mapping key '/a' appears twice (first on line 4); the last one is used"),
    ]
    assert all(d["location"]["file"] == str(spec) for d in duplicates)
    text = run_cli("check", str(spec), str(spec)).stdout
    assert f"{spec}:10:7: mapping key 'summary' appears twice" in text
    # the last value is the one compared
    model = oasgate.load(str(spec))
    assert set(model.path_items()["/a"][1].value) == {"post"}


def test_duplicate_keys_found_at_every_depth() -> None:
    parsed = parse_text("a: 1\nb:\n  c: [{d: 1, d: 2}]\na: 3\n", "x")
    assert [(d.key, d.line, d.first_line) for d in parsed.duplicate_keys] == [
        ("d", 3, 3),
        ("a", 4, 1),
    ]
    assert parsed.data == {"a": 3, "b": {"c": [{"d": 2}]}}


def test_a_status_written_as_number_and_string_is_a_duplicate(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        spec_text(
            "/a:\n  get:\n    responses:\n      200: {description: a}\n"
            "      '200': {description: b}\n"
        )
    )
    [diagnostic] = oasgate.load(str(spec)).diagnostics
    assert diagnostic.code == "duplicate-key"
    assert diagnostic.location.pointer == "/paths/~1a/get/responses/200"
    assert diagnostic.location.line in (7, 8)  # a pointer cannot tell `200` from `'200'`
    assert "response 200 is written twice" in diagnostic.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1048576", 1048576),
        ("512KB", 512 * 1024),
        ("64MB", 64 * 1024 * 1024),
        ("1GiB", 1024**3),
        ("1.5m", int(1.5 * 1024 * 1024)),
    ],
)
def test_sizes(text: str, expected: int) -> None:
    assert parse_size(text) == expected


def test_limits_from_a_configuration_table() -> None:
    limits = Limits.from_mapping({"max-depth": 64, "max-input-size": "1MB", "max-files": 5})
    assert (limits.max_depth, limits.max_input_bytes, limits.max_files) == (64, 1024 * 1024, 5)
    with pytest.raises(OasgateError, match="unknown limit 'max-dpeth'"):
        Limits.from_mapping({"max-dpeth": 3})
    with pytest.raises(OasgateError, match="at most 1000"):
        Limits(max_depth=5000)


def test_max_depth_is_adjustable(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text("/a: {get: {responses: {'200': {description: ok}}}}"))
    assert run_cli("check", str(spec), str(spec)).exit_code == 0
    shallow = run_cli("check", "--max-depth", "4", str(spec), str(spec))
    assert shallow.exit_code == 2
    assert "nesting deeper than 4 levels is refused (under /paths/~1a/get/responses…)" in (
        shallow.stderr
    )
    bad = run_cli("check", "--max-depth", "0", str(spec), str(spec))
    assert bad.exit_code == 2 and "--max-depth must be a positive number" in bad.stderr


def test_bad_size_option_is_a_usage_error(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text("{}"))
    result = run_cli("check", "--max-input-size", "lots", str(spec), str(spec))
    assert result.exit_code == 2
    assert "must be a size such as" in result.stderr
    assert "Traceback" not in result.stderr


def test_deep_but_legal_nesting_within_the_limit_is_compared(tmp_path: Path) -> None:
    schema = "{type: string}"
    for _ in range(60):  # 60 nested object schemas: ~120 levels of YAML
        schema = f"{{type: object, properties: {{p: {schema}}}}}"
    body = (
        "/a:\n  get:\n    responses: {'200': {description: ok, content: "
        f"{{application/json: {{schema: {schema}}}}}}}}}\n"
    )
    base, revision = tmp_path / "base.yaml", tmp_path / "revision.yaml"
    base.write_text(spec_text(body))
    revision.write_text(spec_text(body.replace("{type: string}", "{type: integer}")))
    result = run_cli("check", str(base), str(revision))
    assert result.exit_code == 1, result.stderr
    assert "type changed from string to integer" in result.stdout


def test_limits_from_the_config_file_and_flags_win(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text("/a: {get: {responses: {'200': {description: ok}}}}"))
    (tmp_path / ".oasgate.yaml").write_text("limits:\n  max-depth: 4\n  max-input-size: 1MB\n")
    for command in (["check", "spec.yaml", "spec.yaml"], ["validate", "spec.yaml"]):
        refused = run_cli(*command, cwd=tmp_path)
        assert refused.exit_code == 2, command
        assert "nesting deeper than 4 levels" in refused.stderr
        flagged = run_cli(*command[:1], "--max-depth", "64", *command[1:], cwd=tmp_path)
        assert flagged.exit_code == 0, flagged.stderr
    (tmp_path / ".oasgate.yaml").write_text("limits:\n  max-depth: 5000\n")
    bad = run_cli("check", "spec.yaml", "spec.yaml", cwd=tmp_path)
    assert bad.exit_code == 2
    assert ".oasgate.yaml:" in bad.stderr and "max-depth" in bad.stderr
