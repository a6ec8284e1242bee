"""The worked example of each policy preset in docs/policies.md, run as written there."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO, run_cli

POLICIES = REPO / "examples" / "policies"


def _ids(result, severity: str = "error") -> set[str]:
    return {f["id"] for f in result.json()["findings"] if f["severity"] == severity}


def test_five_stage_deprecating_a_replaced_version(tmp_path: Path) -> None:
    folder = POLICIES / "five-stage"
    args = ("check", str(folder / "billing-v1.yaml"), str(folder / "billing-v1-next.yaml"))
    result = run_cli(*args, "--policy", "five-stage", "--today", "2026-03-01", "--format", "json")
    assert result.exit_code == 0
    assert _ids(result, "info") == {"version-deprecated", "response-property-added"}
    assert _ids(result, "warning") == {"deprecation-headers-missing"}
    too_soon = (
        (folder / "billing-v1-next.yaml")
        .read_text()
        .replace("sunset: 2026-09-01", "sunset: 2026-08-31")
    )
    (tmp_path / "next.yaml").write_text(too_soon)
    result = run_cli(
        args[0],
        args[1],
        str(tmp_path / "next.yaml"),
        "--policy",
        "five-stage",
        "--today",
        "2026-03-01",
        "--format",
        "json",
    )
    assert result.exit_code == 1
    assert _ids(result) == {"version-sunset-too-soon"}


def test_two_live_versions_seed_timeline() -> None:
    folder = POLICIES / "two-live-versions"
    check = run_cli(
        "check",
        str(folder / "contract-v2.yaml"),
        str(folder / "contract-v2-deprecated.yaml"),
        "--policy",
        "two-live-versions",
        "--today",
        "2021-10-01",
        "--format",
        "json",
    )
    assert check.exit_code == 0, check.stdout
    assert _ids(check, "info") == {"version-deprecated", "response-header-added"}
    trimmed = run_cli(
        "check",
        str(folder / "contract-v2-deprecated.yaml"),
        str(folder / "contract-v2-trimmed.yaml"),
        "--policy",
        "two-live-versions",
        "--today",
        "2022-05-01",
        "--format",
        "json",
    )
    assert trimmed.exit_code == 1
    assert _ids(trimmed) == {"response-property-removed-before-sunset"}
    after = run_cli(
        "check",
        str(folder / "contract-v2-deprecated.yaml"),
        str(folder / "contract-v2-trimmed.yaml"),
        "--policy",
        "two-live-versions",
        "--today",
        "2022-10-01",
    )
    assert after.exit_code == 0
    live = [str(folder / "contract-v2-deprecated.yaml"), str(folder / "contract-v3.yaml")]
    assert (
        run_cli(
            "versions", *live, "--policy", "two-live-versions", "--today", "2022-01-15"
        ).exit_code
        == 0
    )
    three = run_cli(
        "versions",
        *live,
        str(folder / "contract-v4.yaml"),
        "--policy",
        "two-live-versions",
        "--today",
        "2022-03-15",
        "--format",
        "json",
    )
    assert three.exit_code == 1
    assert {f["id"] for f in three.json()["findings"]} == {
        "versions-too-many-live",
        "versions-superseded-not-deprecated",
    }


def test_single_version_additive_changes_only() -> None:
    folder = POLICIES / "single-version"
    args = ("check", str(folder / "api.yaml"), str(folder / "api-next.yaml"), "--format", "json")
    strict = run_cli(*args, "--policy", "single-version")
    assert strict.exit_code == 1
    assert _ids(strict) == {"request-parameter-became-required"}
    assert _ids(strict, "info") == {
        "request-property-became-optional",
        "request-property-optional-added",
        "response-property-added",
        "path-added",
    }
    assert run_cli(*args).exit_code == 0  # by default a beta endpoint only warns
