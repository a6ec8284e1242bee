"""Values a JSON document cannot hold, or Python handles oddly: compared correctly or refused.

YAML writes ``.nan`` and ``.inf`` (and ``1e400`` overflows to infinity); a JSON file with
a number past a double's range is read as YAML too. Such values must compare by what they
are (NaN equals NaN here: a document compared with itself has no findings), show as
written, and never crash a renderer. The refusals (integers too long to write, complex
mapping keys) are cases of ``tests/hostile/``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from oasgate.findings import Report
from tests.acceptance.test_properties import FUZZ, compare
from tests.conftest import run_cli

NON_FINITE = {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}


def _spec(*, maximum: str = "10", minimum: str = "0", default: str = "1", enum: str = "[1]") -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      parameters:\n        - name: q\n          in: query\n          schema:\n"
        f"            type: number\n            maximum: {maximum}\n            minimum: {minimum}\n"
        f"            default: {default}\n            enum: {enum}\n            example: {default}\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema:\n"
        f"                type: number\n                default: {default}\n"
        f"                enum: {enum}\n                maximum: {maximum}\n"
    )


def _codes(report: Report) -> list[str]:
    return [finding.rule for finding in report.findings]


YAML_NUMBERS = st.one_of(
    st.sampled_from([".nan", ".NaN", ".inf", "-.inf", "+.inf", "1e400", "-1e400", "0", "-0.0"]),
    st.integers(-(10**4299), 10**4299).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)


@FUZZ
@given(
    maximum=YAML_NUMBERS,
    minimum=YAML_NUMBERS,
    default=YAML_NUMBERS,
    members=st.lists(YAML_NUMBERS, min_size=1, max_size=4),
)
def test_a_document_with_odd_numbers_compared_with_itself_has_no_findings(
    maximum: str, minimum: str, default: str, members: list[str]
) -> None:
    enum = "[" + ", ".join(members) + "]"
    text = _spec(maximum=maximum, minimum=minimum, default=default, enum=enum)

    report = compare(text, text)

    assert report.findings == ()


def test_a_nan_default_that_becomes_null_is_a_change_shown_as_written() -> None:
    report = compare(_spec(default=".nan"), _spec(default="null"))

    messages = [finding.message for finding in report.findings if "default" in finding.rule]
    assert messages, _codes(report)
    assert all("NaN" in message and "null" in message for message in messages), messages


def test_an_infinite_bound_that_becomes_finite_is_a_change() -> None:
    report = compare(_spec(maximum=".inf"), _spec(maximum="10"))

    assert any("max" in rule for rule in _codes(report)), _codes(report)


def test_a_nan_bound_bounds_nothing() -> None:
    """Every comparison with NaN is false, so ``maximum: .nan`` lets every value through:
    it is compared as no bound at all, never with an arithmetic error."""
    assert compare(_spec(maximum=".nan"), _spec(maximum=".nan")).findings == ()
    report = compare(_spec(maximum=".nan"), _spec(maximum="10"))
    assert any("max" in rule for rule in _codes(report)), _codes(report)


def test_cli_self_diff_and_validation_with_non_finite_values(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(_spec(maximum=".inf", minimum="-.inf", default=".nan", enum="[.nan, 1]"))

    checked = run_cli("check", "--strict", str(spec), str(spec))
    validated = run_cli("validate", str(spec))

    assert checked.exit_code == 0, (checked.stdout, checked.stderr)
    assert validated.exit_code == 0, (validated.stdout, validated.stderr)
    assert "None" not in validated.stdout  # NaN and infinity are numbers, not null


def test_json_numbers_past_a_double_are_infinite_and_nan_is_text(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},\n'
        ' "components": {"schemas": {"N": {"type": "number", "maximum": 1e400,'
        ' "default": NaN, "enum": [Infinity, -1e999]}}}}\n'
    )

    result = run_cli("check", str(spec), str(spec))

    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_yaml_reads_the_odd_numbers_as_floats() -> None:
    """What the cases above rely on (PyYAML, YAML 1.1, agrees with yaml_rs here)."""
    data: Any = yaml.safe_load("[.nan, .inf, -.inf]")
    assert math.isnan(data[0]) and data[1] == math.inf and data[2] == -math.inf


# -- numeric info.title / info.version ------------------------------------------------------

CHECK_FORMATS = ("text", "json", "yaml", "markdown", "html", "sarif", "junit", "github", "gitlab")
CHANGELOG_FORMATS = ("markdown", "json", "atom", "rss")


def _numeric_info_pair(folder: Path) -> tuple[Path, Path]:
    base = folder / "base.yaml"
    revision = folder / "revision.yaml"
    base.write_text("openapi: 3.0.3\ninfo: {title: 2024, version: 1.0}\npaths: {}\n")
    revision.write_text(
        "openapi: 3.0.3\ninfo:\n  title: 2024\n  version: 1.10\n"
        "paths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n"
    )
    return base, revision


def test_numeric_title_and_version_render_as_written_in_every_check_format(
    tmp_path: Path,
) -> None:
    base, revision = _numeric_info_pair(tmp_path)
    for name in CHECK_FORMATS:
        result = run_cli("check", "--format", name, str(base), str(revision))
        assert result.exit_code == 0, (name, result.stderr)
        if name in ("markdown", "html", "json"):
            assert "2024" in result.stdout and "1.10" in result.stdout, (name, result.stdout)


def test_numeric_title_and_version_in_the_changelog(tmp_path: Path) -> None:
    base, revision = _numeric_info_pair(tmp_path)
    for name in CHANGELOG_FORMATS:
        result = run_cli(
            "changelog",
            "--format",
            name,
            "--link",
            "https://example.com/c",
            str(base),
            str(revision),
        )
        assert result.exit_code == 0, (name, result.stderr)
        assert "1.10" in result.stdout, (name, result.stdout)


def test_numeric_title_under_github_actions_writes_the_job_summary(tmp_path: Path) -> None:
    base, revision = _numeric_info_pair(tmp_path)
    summary = tmp_path / "summary.md"

    result = run_cli(
        "check",
        str(base),
        str(revision),
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )

    assert result.exit_code == 0, result.stderr
    assert "2024" in summary.read_text()


# -- dates, durations, sizes and timeouts from flags and config -----------------------------

LIFECYCLE_BASE = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
"""
LIFECYCLE_REVISION = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      deprecated: true
      x-sunset: '2026-02-01'
      responses:
        '200':
          description: ok
          headers:
            Deprecation: {schema: {type: string}, example: '@99999999999999999999'}
"""
NINES = "9" * 400


def _lifecycle_pair(folder: Path) -> tuple[str, str]:
    (folder / "base.yaml").write_text(LIFECYCLE_BASE)
    (folder / "revision.yaml").write_text(LIFECYCLE_REVISION)
    return "base.yaml", "revision.yaml"


def _assert_clean(result: Any) -> None:
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr


RUNS_TO_A_VERDICT = [
    ["--today", "9999-12-31"],
    ["--today", "0001-01-01"],
    ["--today", "9999-12-31", "--deprecation-window", "1 year"],
    ["--max-input-size", "99999999999999999999999999999GB"],
    ["--max-input-size", NINES],
    ["--max-total-size", NINES],
    ["--max-files", NINES],
]


def test_far_dates_and_huge_sizes_run_to_a_verdict(tmp_path: Path) -> None:
    base, revision = _lifecycle_pair(tmp_path)
    for flags in RUNS_TO_A_VERDICT:
        result = run_cli("check", *flags, base, revision, cwd=tmp_path)
        _assert_clean(result)
        assert result.exit_code in (0, 1), (flags, result.stdout, result.stderr)
        assert "deprecated" in result.stdout, flags


def test_status_and_versions_on_the_last_day(tmp_path: Path) -> None:
    base, revision = _lifecycle_pair(tmp_path)
    for command in ("status", "versions"):
        result = run_cli(command, "--today", "9999-12-31", base, revision, cwd=tmp_path)
        _assert_clean(result)
        assert result.exit_code in (0, 1), (command, result.stderr)


REFUSED_FLAGS = [
    (["--deprecation-window", "99999999 months"], "--deprecation-window"),
    (["--deprecation-window", "P99999999999Y"], "--deprecation-window"),
    (["--deprecation-window", f"{NINES} days"], "--deprecation-window"),
    (["--remote-timeout", "nan"], "--remote-timeout"),
    (["--remote-timeout", "inf"], "--remote-timeout"),
    (["--remote-timeout", "1e400"], "--remote-timeout"),
    (["--remote-timeout", "-1"], "--remote-timeout"),
    (["--today", f"{NINES}-01-01"], "--today"),
]


def test_absurd_durations_and_timeouts_on_the_command_line_are_refused(tmp_path: Path) -> None:
    base, revision = _lifecycle_pair(tmp_path)
    for flags, fragment in REFUSED_FLAGS:
        result = run_cli("check", *flags, base, revision, cwd=tmp_path)
        _assert_clean(result)
        assert result.exit_code == 2, (flags, result.stdout, result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and fragment in lines[0], (flags, result.stderr)
        assert len(lines[0]) < 200, lines[0]  # a 400-digit value is not echoed whole


REFUSED_CONFIGS = [
    "limits: {remote-timeout: .nan}",
    "limits: {remote-timeout: .inf}",
    "limits: {remote-timeout: 1e400}",
    "policy: {deprecation-window: 99999999 months}",
    "policy: {deprecation-window: 99999999999999999999}",
    "policy: {deprecation-window: P99999Y}",
    f"policy: {{deprecation-window: '{NINES} days'}}",
]


def test_absurd_durations_and_timeouts_in_the_config_are_refused_with_the_line(
    tmp_path: Path,
) -> None:
    base, revision = _lifecycle_pair(tmp_path)
    for text in REFUSED_CONFIGS:
        (tmp_path / "cfg.yaml").write_text("# config\n" + text + "\n")
        result = run_cli("check", "--config", "cfg.yaml", base, revision, cwd=tmp_path)
        _assert_clean(result)
        assert result.exit_code == 2, (text, result.stdout, result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "cfg.yaml:2" in lines[0], (text, result.stderr)


def test_a_huge_size_in_the_config_means_no_practical_limit(tmp_path: Path) -> None:
    base, revision = _lifecycle_pair(tmp_path)
    (tmp_path / "cfg.yaml").write_text(
        "limits: {max-input-size: 99999999999999999999999999999, max-total-size: 999999999999999999999GB}\n"
    )

    result = run_cli("check", "--config", "cfg.yaml", base, revision, cwd=tmp_path)

    _assert_clean(result)
    assert result.exit_code == 1, result.stderr


def test_config_keys_that_are_not_strings_are_read_as_json_would(tmp_path: Path) -> None:
    """A YAML config's ``200:`` or ``true:`` key is the string JSON would make of it: a
    config error with its line, or a glob that matches nothing, never a crash; a ``.nan:``
    key is refused with its line, as in a spec."""
    base, revision = _lifecycle_pair(tmp_path)
    for text, exit_code in (
        ("lifecycle: {.nan: deprecated}", 2),
        ("lifecycle: {200: deprecated, true: sunset}", 1),
        ("rules: {1: off}", 2),
    ):
        (tmp_path / "cfg.yaml").write_text("# config\n" + text + "\n")
        result = run_cli("check", "--config", "cfg.yaml", base, revision, cwd=tmp_path)
        _assert_clean(result)
        assert result.exit_code == exit_code, (text, result.stdout, result.stderr)
        if exit_code == 2:
            assert result.stderr.count("\n") == 1 and "cfg.yaml:2" in result.stderr, text


def _multiple_of_spec(multiple_of: str) -> str:
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      parameters:\n        - name: q\n          in: query\n"
        f"          schema: {{type: number, multipleOf: {multiple_of}}}\n"
        "      responses: {'200': {description: ok}}\n"
    )


@FUZZ
@given(
    was=st.one_of(YAML_NUMBERS, st.sampled_from(["1.5", "5e-324", "1e308", str(10**4299)])),
    now=st.one_of(YAML_NUMBERS, st.sampled_from(["1.5", "5e-324", "1e308", str(10**4299)])),
)
def test_multiple_of_of_any_size_is_compared(was: str, now: str) -> None:
    """Exact division of 10^4299 by 1.5, or of 1e308 by 5e-324, needs more than the
    decimal module's 28 digits: it is compared, not an arithmetic error."""
    report = compare(_multiple_of_spec(was), _multiple_of_spec(now))

    assert all("multiple" in finding.rule for finding in report.findings), _codes(report)


def test_header_examples_that_are_numbers_are_inconsistent_headers(tmp_path: Path) -> None:
    base, revision = _lifecycle_pair(tmp_path)
    text = (tmp_path / revision).read_text()
    (tmp_path / revision).write_text(
        text.replace(
            "example: '@99999999999999999999'}",
            "example: 99999999999999999999}\n"
            "            Sunset: {schema: {type: string}, example: 20260201}",
        ).replace(
            "      x-sunset: '2026-02-01'\n",
            "      x-lifecycle: {deprecated: '2025-01-01', sunset: '2026-02-01'}\n",
        )
    )

    result = run_cli("check", base, revision, cwd=tmp_path)

    _assert_clean(result)
    assert result.exit_code == 0, result.stderr  # warnings
    assert result.stdout.count("deprecation-headers-inconsistent") == 2, result.stdout
