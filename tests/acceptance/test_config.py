"""Configuration as users meet it: where it is found, what it overrides, how bad config is
reported (exit 2, file:line, the key named), ignores and their expiry."""

from __future__ import annotations

import textwrap
from pathlib import Path

import jsonschema
import pytest

from oasgate.config import load_config
from oasgate.config_build import config_schema
from oasgate.findings import Severity
from tests.conftest import run_cli
from tests.lifecycle_helpers import by_rule, doc, run

# An added response enum value (warning) and a removed response property (error).
BASE = doc(
    "/pets:\n  get: {responses: {'200': {description: ok, content: {application/json: {schema: "
    "{type: object, properties: {id: {type: integer}, kind: {type: string, enum: [a]}}}}}}}}\n"
    "/owners:\n  get: {responses: {'200': {description: ok, content: {application/json: {schema: "
    "{type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}"
)
REVISION = doc(
    "/pets:\n  get: {responses: {'200': {description: ok, content: {application/json: {schema: "
    "{type: object, properties: {id: {type: integer}, kind: {type: string, enum: [a, b]}}}}}}}}\n"
    "/owners:\n  get: {responses: {'200': {description: ok, content: {application/json: {schema: "
    "{type: object, properties: {id: {type: integer}}}}}}}}"
)
ENUM = "response-property-enum-value-added"
REMOVED = "response-property-removed"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _write(tmp_path, "base.yaml", BASE)
    _write(tmp_path, "revision.yaml", REVISION)
    return tmp_path


def _check(project: Path, *args: str):
    return run_cli("check", "base.yaml", "revision.yaml", "--format", "json", *args, cwd=project)


# -- where the config comes from ---------------------------------------------------------------


def test_oasgate_yaml_in_the_current_directory_is_read(project: Path) -> None:
    _write(project, ".oasgate.yaml", f"rules:\n  {REMOVED}: warning\n")
    result = _check(project)
    assert result.exit_code == 0, result.stdout
    severities = {f["id"]: f["severity"] for f in result.json()["findings"]}
    assert severities[REMOVED] == "warning"


def test_pyproject_tool_oasgate_is_read(project: Path) -> None:
    _write(
        project,
        "pyproject.toml",
        f'[project]\nname = "x"\n\n[tool.oasgate.rules]\n{REMOVED} = "info"\n',
    )
    result = _check(project)
    assert result.exit_code == 0
    assert {f["id"]: f["severity"] for f in result.json()["findings"]}[REMOVED] == "info"


def test_oasgate_yaml_wins_over_pyproject(project: Path) -> None:
    _write(project, "pyproject.toml", f'[tool.oasgate.rules]\n{REMOVED} = "info"\n')
    _write(project, ".oasgate.yaml", f"rules:\n  {REMOVED}: warning\n")
    severities = {f["id"]: f["severity"] for f in _check(project).json()["findings"]}
    assert severities[REMOVED] == "warning"


def test_config_flag_names_any_file(project: Path) -> None:
    _write(project, "gate.yaml", f"rules:\n  {REMOVED}: 'off'\n")
    result = _check(project, "--config", "gate.yaml")
    assert result.exit_code == 0
    assert REMOVED not in {f["id"] for f in result.json()["findings"]}


def test_flags_win_over_the_config(project: Path) -> None:
    _write(project, ".oasgate.yaml", "fail-on: warning\n")
    assert _check(project).exit_code == 1  # the enum warning now fails
    _write(project, ".oasgate.yaml", f"fail-on: warning\nrules:\n  {REMOVED}: info\n")
    assert _check(project).exit_code == 1
    assert _check(project, "--fail-on", "error").exit_code == 0


def test_no_config_means_the_spec_defaults(project: Path) -> None:
    result = _check(project)
    assert result.exit_code == 1
    severities = {f["id"]: f["severity"] for f in result.json()["findings"]}
    assert severities == {ENUM: "warning", REMOVED: "error"}


# -- per-rule severity ---------------------------------------------------------------------------


def test_override_by_oasdiff_alias(tmp_path: Path) -> None:
    config = {"rules": {"response-optional-property-removed": "warning"}}
    report = run(tmp_path, BASE, REVISION, config=config)
    assert by_rule(report)[REMOVED].severity is Severity.WARNING


def test_override_by_glob_and_off(tmp_path: Path) -> None:
    report = run(tmp_path, BASE, REVISION, config={"rules": {"response-property-*": "off"}})
    assert report.findings == ()


def test_a_specific_override_wins_over_a_glob(tmp_path: Path) -> None:
    config = {"rules": {"response-property-*": "off", REMOVED: "warning"}}
    report = run(tmp_path, BASE, REVISION, config=config)
    assert [f.rule for f in report.findings] == [REMOVED]


# -- bad config: exit 2, one line, file:line and the key -----------------------------------------


def _assert_config_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_unknown_top_level_key(project: Path) -> None:
    _write(project, ".oasgate.yaml", "policy:\n  deprecation-window: 6 months\nfail_on: error\n")
    _assert_config_error(_check(project), ".oasgate.yaml:3:1", "unknown key 'fail_on'", "fail-on")


def test_unknown_nested_key(project: Path) -> None:
    _write(project, ".oasgate.yaml", "policy:\n  deprecation-window: 6 months\n  window: 1\n")
    _assert_config_error(_check(project), ".oasgate.yaml:3:3", "unknown key 'policy.window'")


def test_unknown_rule_id(project: Path) -> None:
    _write(
        project,
        ".oasgate.yaml",
        "rules:\n  response-property-removed: error\n  no-such-rule: warning\n",
    )
    _assert_config_error(_check(project), ".oasgate.yaml:3:3", "unknown rule id 'no-such-rule'")


def test_unknown_rule_in_an_ignore(project: Path) -> None:
    _write(
        project,
        ".oasgate.yaml",
        "ignores:\n  - rule: response-property-removed\n    reason: ok\n"
        "  - rule: responze-*\n    reason: typo\n",
    )
    _assert_config_error(_check(project), ".oasgate.yaml:4:", "unknown rule id 'responze-*'")


def test_ignore_without_reason(project: Path) -> None:
    _write(project, ".oasgate.yaml", "ignores:\n  - rule: response-property-removed\n")
    _assert_config_error(_check(project), ".oasgate.yaml:2:", "'reason' is a required property")


def test_bad_severity_and_bad_dates(project: Path) -> None:
    _write(project, ".oasgate.yaml", "rules:\n  response-property-removed: fatal\n")
    _assert_config_error(_check(project), ".oasgate.yaml:2:", "error, warning, info or off")
    _write(project, ".oasgate.yaml", "policy:\n  deprecation-window: half a year\n")
    _assert_config_error(_check(project), ".oasgate.yaml:2:", "not a duration")
    _write(
        project,
        ".oasgate.yaml",
        "ignores:\n  - rule: response-property-removed\n    reason: ok\n    until: soon\n",
    )
    _assert_config_error(_check(project), ".oasgate.yaml:4:", "until", "ISO 8601")


def test_unknown_key_in_pyproject_names_the_line(project: Path) -> None:
    _write(project, "pyproject.toml", '[tool.oasgate]\nfail-on = "error"\nstrict = true\n')
    _assert_config_error(_check(project), "pyproject.toml:3", "unknown key 'strict'")


def test_missing_config_file_and_bad_today(project: Path) -> None:
    _assert_config_error(
        _check(project, "--config", "nope.yaml"), "nope.yaml", "no such config file"
    )
    _assert_config_error(_check(project, "--today", "tomorrow"), "--today", "ISO 8601")


def test_the_schema_ships_and_is_a_valid_json_schema() -> None:
    from oasgate.policy.presets import PRESET_NAMES

    schema = config_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["extends"]["enum"] == list(PRESET_NAMES)
    assert set(schema["properties"]) == {
        "extends",
        "lang",
        "fail-on",
        "policy",
        "gate",
        "rules",
        "lifecycle",
        "map-prefix",
        "filters",
        "ignores",
        "limits",
        "apis",
        "changelog",
    }


def test_a_list_item_is_placed_where_its_content_starts(tmp_path: Path) -> None:
    """Positions come from the load stage's locator; a list item is named by its first
    token (``rule`` of ``- rule: x``), not its dash, and an empty item by the column just
    after its dash."""
    from oasgate.config_source import parse_config

    text = "ignores:\n  - rule: x\n  -   # no content here\n      rule: y\n  -\n"
    source = parse_config(text.encode(), "c.yaml", toml=False)
    assert source.locate(("ignores", 0)) == (2, 5)
    assert source.locate(("ignores", 1)) == (4, 7)
    assert source.locate(("ignores", 2)) == (5, 4)
    assert source.locate(("ignores", 0, "rule")) == (2, 5)
    assert source.locate(("ignores", 0, "missing")) == (2, 5)
    assert source.locate(("no-such-key",)) == (None, None)


# -- ignores -------------------------------------------------------------------------------------


def _ignore(**fields: str) -> dict:
    return {"ignores": [{"rule": REMOVED, "reason": "owners are internal", **fields}]}


def test_ignore_marks_the_finding_and_passes_the_gate(tmp_path: Path) -> None:
    report = run(tmp_path, BASE, REVISION, config=_ignore(operation="GET /owners"))
    finding = by_rule(report)[REMOVED]
    assert finding.ignored and finding.ignore_reason == "owners are internal"
    assert report.summary.ignored == 1 and report.summary.error == 0
    assert not report.failed
    assert report.diagnostics == ()


def test_ignore_by_path_glob_and_rule_glob(tmp_path: Path) -> None:
    config = {"ignores": [{"rule": "response-property-*", "path": "/own*", "reason": "r"}]}
    report = run(tmp_path, BASE, REVISION, config=config)
    assert by_rule(report)[REMOVED].ignored
    assert not by_rule(report)[ENUM].ignored


def test_ignore_that_does_not_match_the_operation(tmp_path: Path) -> None:
    report = run(tmp_path, BASE, REVISION, config=_ignore(operation="POST /owners"))
    assert not by_rule(report)[REMOVED].ignored
    (diagnostic,) = report.diagnostics
    assert diagnostic.code == "ignore-unused"
    assert "matched no finding" in diagnostic.message


@pytest.mark.parametrize(
    ("today", "applies"), [("2026-06-29", True), ("2026-06-30", True), ("2026-07-01", False)]
)
def test_ignore_until_is_the_last_day_it_applies(tmp_path: Path, today: str, applies: bool) -> None:
    report = run(tmp_path, BASE, REVISION, config=_ignore(until="2026-06-30"), today=today)
    assert by_rule(report)[REMOVED].ignored is applies
    assert report.failed is not applies
    codes = [d.code for d in report.diagnostics]
    assert codes == ([] if applies else ["ignore-expired"])
    if not applies:
        assert "expired on 2026-06-30" in report.diagnostics[0].message


def test_expired_and_unused_ignores_are_reported_with_their_config_line(project: Path) -> None:
    _write(
        project,
        ".oasgate.yaml",
        """
        ignores:
          - rule: response-property-removed
            reason: migration ticket 42
            until: 2026-01-31
          - rule: request-parameter-removed
            reason: stale
        """,
    )
    result = _check(project, "--today", "2026-03-01")
    assert result.exit_code == 1
    diagnostics = {d["code"]: d for d in result.json()["diagnostics"]}
    assert diagnostics["ignore-expired"]["location"]["line"] == 2
    assert diagnostics["ignore-unused"]["location"]["line"] == 5
    assert diagnostics["ignore-unused"]["location"]["file"] == ".oasgate.yaml"


def test_a_shared_finding_is_ignored_only_when_every_operation_matches(tmp_path: Path) -> None:
    def text(props: str) -> str:
        return (
            doc(
                "/a:\n  get: {responses: {'200': {description: ok, content: {application/json: "
                "{schema: {$ref: '#/components/schemas/P'}}}}}}\n"
                "/b:\n  get: {responses: {'200': {description: ok, content: {application/json: "
                "{schema: {$ref: '#/components/schemas/P'}}}}}}"
            )
            + f"components:\n  schemas:\n    P: {{type: object, properties: {{{props}}}}}\n"
        )

    base, revision = text("x: {type: string}, y: {type: string}"), text("x: {type: string}")
    only_a = run(tmp_path, base, revision, config=_ignore(operation="GET /a"))
    assert not by_rule(only_a)[REMOVED].ignored
    both = run(tmp_path, base, revision, config=_ignore(operation="GET /*"))
    assert by_rule(both)[REMOVED].ignored


# -- presets -------------------------------------------------------------------------------------


def test_presets_set_the_policy_values() -> None:
    two = load_config(policy="two-live-versions", discover_files=False)
    assert str(two.policy.deprecation_window) == "12 months"
    assert two.policy.require_sunset_headers and two.policy.max_live_versions == 2
    assert load_config(policy="five-stage", discover_files=False).policy.max_live_versions is None
    single = load_config(policy="single-version", discover_files=False)
    assert single.policy.max_live_versions == 1


def test_config_extends_a_preset_and_overrides_it(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "c.yaml",
        "extends: two-live-versions\npolicy:\n  require-sunset-headers: false\n",
    )
    config = load_config(path)
    assert str(config.policy.deprecation_window) == "12 months"
    assert not config.policy.require_sunset_headers
    assert load_config(path, policy="default").policy.deprecation_window.months == 6


def test_policy_flag_on_the_command_line(project: Path) -> None:
    base = doc("/pets:\n  get: {responses: {'200': {description: ok}}}")
    revision = doc(
        "/pets:\n  get: {responses: {'200': {description: ok}}, "
        "x-lifecycle: {status: deprecated, deprecated: 2026-01-10, sunset: 2026-09-01}}"
    )
    _write(project, "b.yaml", base)
    _write(project, "r.yaml", revision)
    args = ("check", "b.yaml", "r.yaml", "--today", "2026-03-01", "--format", "json")
    default = run_cli(*args, cwd=project)
    assert default.exit_code == 0
    strict = run_cli(*args, "--policy", "two-live-versions", cwd=project)
    assert strict.exit_code == 1
    ids = {f["id"] for f in strict.json()["findings"] if f["severity"] == "error"}
    assert ids == {"operation-sunset-too-soon", "deprecation-headers-missing"}
    window = run_cli(
        *args,
        "--policy",
        "two-live-versions",
        "--deprecation-window",
        "6 months",
        "--no-require-sunset-headers",
        cwd=project,
    )
    assert window.exit_code == 0


@pytest.mark.parametrize("name", ["default", "five-stage", "two-live-versions", "single-version"])
def test_a_preset_is_a_valid_config_file(name: str, tmp_path: Path) -> None:
    """Each shipped preset, read as a user's config file (the schema, the catalogue, every
    check), sets exactly what ``--policy NAME`` sets."""
    from importlib import resources

    text = resources.files("oasgate.policy.presets").joinpath(f"{name}.yaml").read_bytes()
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(text)
    as_file = load_config(path, discover_files=False)
    as_preset = load_config(policy=name, discover_files=False)
    assert as_file.policy == as_preset.policy
    assert (as_file.rules, as_file.lifecycle, as_file.fail_on, as_file.limits) == (
        as_preset.rules,
        as_preset.lifecycle,
        as_preset.fail_on,
        as_preset.limits,
    )


def test_the_presets_folder_holds_the_named_presets() -> None:
    from importlib import resources

    from oasgate.policy.presets import PRESET_NAMES

    folder = resources.files("oasgate.policy.presets")
    shipped = {entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml")}
    assert shipped == {f"{name}.yaml" for name in PRESET_NAMES}


def test_package_data_ships_every_data_file() -> None:
    """Every file of the package that is not Python is named by a package-data pattern
    of pyproject.toml, so a wheel carries it (the presets, the schemas, the catalogue's
    table)."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    from tests.conftest import REPO

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["oasgate"]
    package = REPO / "src" / "oasgate"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    data = {
        path
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert data, "no data files found"
    assert data <= shipped, sorted(str(p.relative_to(package)) for p in data - shipped)
