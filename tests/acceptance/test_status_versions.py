"""`oasgate status` prints the seed's endpoint status table; `oasgate versions` checks the
versions policy — both on the bundled examples/lifecycle sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXAMPLES = REPO / "examples" / "lifecycle"
CURRENT = sorted(str(p) for p in (EXAMPLES / "current").glob("*.yaml"))
FAILING = EXAMPLES / "versions-failing"

#: the seed's "Current Endpoint Status" table (000_d7d8ba6af18fd2aa.txt)
SEED_TABLE = [
    "Billing APIs",
    ("Get Invoices", "v1", "November 2023", "Stable", "N/A"),
    ("Get Example Invoices", "v1", "November 2023", "Stable", "N/A"),
    ("Get Customer Specifications", "v1", "January 2024", "Stable", "N/A"),
    "Subscription APIs",
    ("Get Customer Subscriptions", "v1", "February 2024", "Beta", "N/A"),
    "Catalog API",
    ("Get Products", "v1", "April 2024", "Development", "N/A"),
    ("Get Offers", "v1", "June 2024", "Development", "N/A"),
    ("Get Price", "v1", "July 2024", "Development", "N/A"),
    "Organizations API",
    ("Get Customers", "v1", "July 2024", "Development", "N/A"),
    ("Create Customer", "v1", "July 2024", "Development", "N/A"),
]


def test_status_markdown_is_the_seed_table() -> None:
    result = run_cli("status", *CURRENT, "--format", "markdown", "--today", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| Endpoint | Version | Release Date | Status | End of Life Date |"
    expected = [
        f"| **{row}** | | | | |" if isinstance(row, str) else "| " + " | ".join(row) + " |"
        for row in SEED_TABLE
    ]
    assert lines[2:] == expected


def test_status_text_table_and_argument_order_does_not_matter() -> None:
    result = run_cli("status", *reversed(CURRENT), "--today", "2026-03-01")
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    names = [" ".join(r[: r.index("v1")]) if "v1" in r else " ".join(r) for r in rows]
    assert names == [row if isinstance(row, str) else row[0] for row in SEED_TABLE]
    assert re.search(
        r"^  Get Customer Subscriptions +v1 +February 2024 +Beta +N/A$", result.stdout, re.M
    )


def test_status_hides_retired_versions_unless_asked() -> None:
    billing = [p for p in CURRENT if "billing" in p]
    current = run_cli("status", *billing, "--today", "2026-03-01", "--format", "json").json()
    assert [a["version"] for a in current["apis"]] == ["v1"]
    everything = run_cli("status", *billing, "--all", "--today", "2026-03-01", "--format", "json")
    v0 = everything.json()["apis"][0]
    assert (v0["version"], v0["status"], v0["sunset"]) == ("v0", "end-of-life", "2024-05-01")
    assert v0["endpoints"][0]["end_of_life"] == "2024-05-01"


def test_status_json_endpoint_fields() -> None:
    data = run_cli("status", *CURRENT, "--format", "json", "--today", "2026-03-01").json()
    billing = next(a for a in data["apis"] if a["api"] == "Billing APIs")
    assert billing["status"] == "stable" and billing["released"] == "2023-11"
    assert billing["endpoints"][2] == {
        "endpoint": "Get Customer Specifications",
        "operation": "GET /v1/customers/{customerId}/specifications",
        "version": "v1",
        "released": "2024-01",
        "status": "stable",
        "end_of_life": None,
        "successor": None,
    }


def test_status_of_a_deprecated_endpoint_shows_its_end_of_life_date(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: Pets, version: v2}\npaths:\n  /pets:\n    get:\n"
        "      summary: List pets\n"
        "      x-lifecycle: {status: deprecated, released: 2024-02-15, sunset: 2026-06-30}\n"
        "      responses: {'200': {description: ok}}\n"
        "    post: {summary: Add a pet, responses: {'201': {description: created}}}\n"
    )
    for today, status in (("2026-06-29", "Deprecated"), ("2026-06-30", "End-of-Life")):
        result = run_cli("status", str(spec), "--format", "markdown", "--today", today)
        assert f"| List pets | v2 | 2024-02-15 | {status} | 2026-06-30 |" in result.stdout


def test_status_bad_input_is_exit_2(tmp_path: Path) -> None:
    result = run_cli("status", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr


def test_versions_passes_on_the_example_set() -> None:
    result = run_cli("versions", *CURRENT, "--today", "2026-03-01")
    assert result.exit_code == 0, result.stdout
    assert "versions policy passed: 0 violation(s)" in result.stdout
    assert "v0         end-of-life  retired" in result.stdout


@pytest.mark.parametrize("rule", sorted(p.name for p in FAILING.iterdir()))
def test_versions_fails_each_rule_on_its_variant(rule: str) -> None:
    specs = sorted(str(p) for p in (FAILING / rule).glob("*.yaml"))
    result = run_cli("versions", *specs, "--today", "2026-03-01", "--format", "json")
    assert result.exit_code == 1, result.stdout
    assert [f["id"] for f in result.json()["findings"]] == [f"versions-{rule}"]


def test_max_live_versions_flag_and_preset(tmp_path: Path) -> None:
    specs = sorted(str(p) for p in (FAILING / "too-many-live").glob("*.yaml"))
    assert (
        run_cli("versions", *specs, "--today", "2026-03-01", "--max-live-versions", "3").exit_code
        == 0
    )
    assert (
        run_cli("versions", *specs, "--today", "2026-03-01", "--policy", "five-stage").exit_code
        == 0
    )
    single = run_cli(
        "versions", *CURRENT[:2], "--today", "2026-03-01", "--policy", "single-version"
    )
    assert single.exit_code == 0  # billing v0 is retired: one live version


def test_versions_sunset_window_follows_the_policy() -> None:
    specs = sorted(str(p) for p in (FAILING / "too-many-live").glob("*.yaml"))
    result = run_cli(
        "versions",
        *specs,
        "--today",
        "2026-03-01",
        "--max-live-versions",
        "3",
        "--deprecation-window",
        "6 years",
        "--format",
        "json",
    )
    assert result.exit_code == 1
    assert {f["id"] for f in result.json()["findings"]} == {"versions-sunset-too-soon"}


def test_versions_bad_input_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.3\ninfo: [\n")
    result = run_cli("versions", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "Traceback" not in result.stderr
