"""Version-to-version comparison (``--map-prefix``) and the filters, through the CLI.

The v1 → v2 pair of ``examples/versions`` moved every path from ``/api/v1`` to ``/api/v2``
and made five real changes for clients; mapped, the report holds exactly those, and its
changelog is the migration guide (golden file ``tests/golden/migration.md``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.acceptance.gitrepo import commit_all, git
from tests.conftest import REPO, run_cli

V1 = "examples/versions/billing-v1.yaml"
V2 = "examples/versions/billing-v2.yaml"
GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("OASGATE_UPDATE_GOLDEN") == "1"
MAP = ("--map-prefix", "/api/v1=/api/v2")
TODAY = ("--today", "2026-12-01")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with OASGATE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} drifted (OASGATE_UPDATE_GOLDEN=1)"


def _findings(*args: str, cwd: Path = REPO) -> tuple[int, dict[str, Any]]:
    result = run_cli("check", *args, "--format", "json", *TODAY, cwd=cwd)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.json()


def _pairs(report: dict[str, Any]) -> set[tuple[str, tuple[str, ...]]]:
    return {(f["id"], tuple(f["operations"])) for f in report["findings"]}


def _validate(report: dict[str, Any]) -> None:
    from importlib.resources import files

    schema = json.loads(files("oasgate").joinpath("report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)


# -- version to version -----------------------------------------------------------------------


def test_unmapped_the_new_prefix_reads_as_every_path_removed() -> None:
    _, report = _findings(V1, V2)
    rules = {f["id"] for f in report["findings"]}
    assert {"operation-renamed"} <= rules  # operationIds pair them, as moves: each an error
    assert report["summary"]["error"] >= 8


def test_mapped_v1_to_v2_reports_only_the_real_changes() -> None:
    exit_code, report = _findings(V1, V2, *MAP)
    assert exit_code == 1
    invoices = ("GET /api/v2/invoices", "POST /api/v2/invoices", "GET /api/v2/invoices/{invoiceId}")
    assert _pairs(report) == {
        ("request-parameter-enum-value-removed", ("GET /api/v2/invoices",)),
        ("request-parameter-became-required", ("GET /api/v2/invoices",)),
        ("response-property-removed", invoices),
        ("request-property-required-added", ("POST /api/v2/invoices",)),
        ("operation-removed", ("DELETE /api/v2/invoices/{invoiceId}",)),
        ("request-parameter-optional-added", ("GET /api/v2/invoices",)),
        ("response-property-added", invoices),
        ("path-added", ("POST /api/v2/invoices/{invoiceId}/void",)),
    }
    assert report["inputs"] == {"map-prefix": [{"base": "/api/v1", "revision": "/api/v2"}]}
    assert "filtered" not in report
    _validate(report)


def test_the_text_report_names_the_mapping() -> None:
    result = run_cli("check", V1, V2, *MAP, *TODAY, cwd=REPO)
    assert result.exit_code == 1
    assert "paths compared across versions: /api/v1 → /api/v2 (base → revision)" in result.stdout
    assert "/api/v1" not in result.stdout.replace("/api/v1 → ", "")


def test_changelog_of_a_mapped_pair_is_the_migration_guide() -> None:
    result = run_cli("changelog", V1, V2, *MAP, "--date", "2026-12-01", cwd=REPO)
    assert result.exit_code == 0, result.stderr
    guide = result.stdout
    assert guide.startswith("## Migrating from Billing API 1.4.0 to Billing API 2.0.0")
    # grouped by operation, as the old version spells it and as the new one does
    assert "### `GET /api/v1/invoices` → `GET /api/v2/invoices`" in guide
    assert "### `DELETE /api/v1/invoices/{invoiceId}` — removed" in guide
    # breaking first within an operation, each with what to do
    section = guide.split("### `GET /api/v1/invoices` →")[1].split("###")[0]
    kinds = [line.split(":")[0] for line in section.splitlines() if line.startswith("- ")]
    assert (
        kinds == sorted(kinds, key=lambda k: k != "- **breaking**") and kinds[0] == "- **breaking**"
    )
    assert all("*to do:*" in line for line in section.splitlines() if line.startswith("- "))
    assert "ledger" not in guide  # unchanged operations are not listed
    _golden("migration.md", guide)


def test_the_mapping_is_read_from_the_config(tmp_path: Path) -> None:
    for name in (V1, V2):
        (tmp_path / Path(name).name).write_bytes((REPO / name).read_bytes())
    (tmp_path / ".oasgate.yaml").write_text('map-prefix:\n  "/api/v1": "/api/v2"\n')
    _, from_config = _findings("billing-v1.yaml", "billing-v2.yaml", cwd=tmp_path)
    _, from_flag = _findings("billing-v1.yaml", "billing-v2.yaml", *MAP, cwd=tmp_path)
    assert _pairs(from_config) == _pairs(from_flag)
    assert from_config["inputs"] == from_flag["inputs"]
    guide = run_cli("changelog", "billing-v1.yaml", "billing-v2.yaml", cwd=tmp_path).stdout
    assert guide.startswith("## Migrating from")


def test_a_version_in_the_server_url_is_mapped_too(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    def spec(version: str) -> str:
        return f"""
        openapi: 3.0.3
        info: {{title: t, version: '1'}}
        servers: [{{url: 'https://api.example.com/api/{version}'}}]
        paths:
          /pets:
            get:
              responses: {{'200': {{description: ok}}}}
        """

    base, revision = write_pair(spec("v1"), spec("v2"))
    _, unmapped = _findings(str(base), str(revision))
    assert {f["id"] for f in unmapped["findings"]} == {"server-removed", "server-added"}
    exit_code, mapped = _findings(str(base), str(revision), *MAP)
    assert exit_code == 0 and mapped["findings"] == []


def test_a_prefix_matches_whole_segments_only(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    ok = "{get: {responses: {'200': {description: ok}}}}"
    base, revision = write_pair(f"/api/v10/pets: {ok}\n", f"/api/v20/pets: {ok}\n")
    _, report = _findings(str(base), str(revision), "--map-prefix", "/api/v1=/api/v2")
    assert {f["id"] for f in report["findings"]} == {"path-removed", "path-added"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--map-prefix", "/api/v1"), "expected BASE_PREFIX=REVISION_PREFIX"),
        (("--map-prefix", "api/v1=/api/v2"), "expected BASE_PREFIX=REVISION_PREFIX"),
        (("--map-prefix", "/api/{v}=/api/v2"), "literal path segments"),
        (("--exclude-extension", "internal"), "starts with 'x-'"),
    ],
)
def test_bad_options_are_one_error_line(args: tuple[str, ...], message: str) -> None:
    result = run_cli("check", V1, V2, *args, cwd=REPO)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_bad_mapping_in_the_config_names_its_line(tmp_path: Path) -> None:
    (tmp_path / ".oasgate.yaml").write_text("fail-on: error\nmap-prefix:\n  /api/v1: api/v2\n")
    result = run_cli("check", str(REPO / V1), str(REPO / V2), cwd=tmp_path)
    assert result.exit_code == 2
    assert ".oasgate.yaml:3" in result.stderr and "Traceback" not in result.stderr


# -- filters ----------------------------------------------------------------------------------

OK = "responses: {'200': {description: ok}}"


def _api(ops: str) -> str:
    return "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + ops


def test_excluded_extension_in_the_base_leaves_the_change_out_and_says_so(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    base, revision = write_pair(
        _api(f"  /ledger:\n    get: {{x-internal: true, {OK}}}\n  /pets:\n    get: {{{OK}}}\n"),
        _api(f"  /pets:\n    get: {{{OK}}}\n"),
    )
    exit_code, report = _findings(str(base), str(revision), "--exclude-extension", "x-internal")
    assert exit_code == 0 and report["findings"] == []
    assert report["filtered"] == {
        "total": 1,
        "filters": [{"filter": "exclude-extension", "value": "x-internal", "changes": 1}],
    }
    _validate(report)
    text = run_cli("check", str(base), str(revision), "--exclude-extension", "x-internal")
    assert text.exit_code == 0
    assert "filtered out: 1 change (exclude-extension x-internal: 1)" in text.stdout
    markdown = run_cli(
        "check",
        str(base),
        str(revision),
        "--exclude-extension",
        "x-internal",
        "--format",
        "markdown",
    )
    assert "<sub>filtered out: 1 change (exclude-extension x-internal: 1)</sub>" in markdown.stdout


def test_a_pull_request_cannot_exempt_a_released_operation_by_marking_it_internal(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    """The revision marks the released ``GET /pets`` internal and tags it ``internal`` while
    removing its parameter: the base says neither, so both filters let the change through."""
    param = "parameters: [{name: q, in: query, schema: {type: string}}]"
    base, revision = write_pair(
        _api(f"  /pets:\n    get: {{tags: [pets], {param}, {OK}}}\n"),
        _api(f"  /pets:\n    get: {{tags: [internal], x-internal: true, {OK}}}\n"),
    )
    exit_code, report = _findings(
        str(base), str(revision), "--exclude-extension", "x-internal", "--exclude-tag", "internal"
    )
    assert exit_code == 1
    assert ("request-parameter-removed", ("GET /pets",)) in _pairs(report)
    assert report["filtered"] == {"total": 0, "filters": []}


def test_a_property_internal_in_the_base_is_left_out(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    def spec(props: str) -> str:
        schema = f"{{type: object, properties: {{{props}}}}}"
        return _api(
            "  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n"
            f"          content: {{application/json: {{schema: {schema}}}}}\n"
        )

    base, revision = write_pair(
        spec("name: {type: string}, secret: {type: string, x-internal: true}"),
        spec("name: {type: integer}"),
    )
    _, report = _findings(str(base), str(revision), "--exclude-extension", "x-internal")
    assert {f["id"] for f in report["findings"]} == {"response-property-type-changed"}
    assert report["filtered"]["total"] == 1


def test_tags_and_paths_filter_operations_and_new_ones_by_their_own_tags(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    base, revision = write_pair(
        _api(f"  /admin/users:\n    get: {{tags: [admin], {OK}}}\n  /pets:\n    get: {{{OK}}}\n"),
        _api(
            f"  /pets:\n    get: {{{OK}}}\n"
            f"  /reports:\n    get: {{tags: [admin], {OK}}}\n"
            f"  /owners:\n    get: {{tags: [public], {OK}}}\n"
        ),
    )
    _, by_tag = _findings(str(base), str(revision), "--exclude-tag", "admin")
    assert _pairs(by_tag) == {("path-added", ("GET /owners",))}
    assert by_tag["filtered"]["filters"] == [
        {"filter": "exclude-tag", "value": "admin", "changes": 2}
    ]
    _, by_path = _findings(str(base), str(revision), "--exclude-path", "/admin/**")
    assert {ops for _, ops in _pairs(by_path)} == {("GET /reports",), ("GET /owners",)}
    _, included = _findings(str(base), str(revision), "--include-path", "GET /owners")
    assert _pairs(included) == {("path-added", ("GET /owners",))}
    _, tagged = _findings(str(base), str(revision), "--include-tag", "public")
    assert _pairs(tagged) == {("path-added", ("GET /owners",))}


def test_a_shared_change_loses_only_the_filtered_operations(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    def spec(kind: str) -> str:
        ref = "{$ref: '#/components/schemas/Pet'}"
        response = f"responses: {{'200': {{description: ok, content: {{application/json: {{schema: {ref}}}}}}}}}"
        return _api(
            f"  /pets:\n    get: {{{response}}}\n  /admin/pets:\n    get: {{{response}}}\n"
            f"components:\n  schemas:\n    Pet: {{type: object, properties: {{id: {{type: {kind}}}}}}}\n"
        )

    base, revision = write_pair(spec("integer"), spec("string"))
    _, report = _findings(str(base), str(revision), "--exclude-path", "/admin/**")
    assert _pairs(report) == {("response-property-type-changed", ("GET /pets",))}
    assert report["filtered"]["total"] == 0


def test_filters_in_the_config(tmp_path: Path) -> None:
    ok = "{get: {responses: {'200': {description: ok}}}}"
    (tmp_path / "base.yaml").write_text(_api(f"  /internal/x: {ok}\n  /pets: {ok}\n"))
    (tmp_path / "revision.yaml").write_text(_api(f"  /pets: {ok}\n"))
    (tmp_path / ".oasgate.yaml").write_text("filters:\n  exclude-paths: ['/internal/**']\n")
    exit_code, report = _findings("base.yaml", "revision.yaml", cwd=tmp_path)
    assert exit_code == 0 and report["findings"] == []
    assert report["filtered"]["filters"][0]["filter"] == "exclude-path"
    (tmp_path / ".oasgate.yaml").write_text("filters:\n  exclude-path: ['/internal/**']\n")
    result = run_cli("check", "base.yaml", "revision.yaml", cwd=tmp_path)
    assert result.exit_code == 2 and "unknown key 'filters.exclude-path'" in result.stderr


def test_a_pull_request_that_adds_a_filter_to_its_config_is_not_exempted(tmp_path: Path) -> None:
    """With ``--config-from`` the base's config decides: filters are part of it."""
    ok = "{get: {responses: {'200': {description: ok}}}}"
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "api.yaml").write_text(_api(f"  /internal/x: {ok}\n  /pets: {ok}\n"))
    (tmp_path / ".oasgate.yaml").write_text("fail-on: error\n")
    commit_all(tmp_path, "base")
    (tmp_path / "api.yaml").write_text(_api(f"  /pets: {ok}\n"))
    (tmp_path / ".oasgate.yaml").write_text("filters:\n  exclude-paths: ['/internal/**']\n")
    result = run_cli("check", "main:api.yaml", "api.yaml", "--config-from", "main", cwd=tmp_path)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "path /internal/x removed" in result.stdout
