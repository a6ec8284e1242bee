"""Many APIs at once, through the CLI: each API read within its own limits (from the base
tree, like every per-API setting), the gateway view's servers and security, and
``versions``/``status`` grouping a tree's specs by API identity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.acceptance.monorepo_fixture import spec
from tests.conftest import run_cli


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))


def _apis(stdout: str) -> dict[str, dict[str, Any]]:
    return {api["name"]: api for api in json.loads(stdout)["apis"]}


def test_each_api_is_read_within_its_own_limits_from_the_base(tmp_path: Path) -> None:
    big = spec("Big", paths=12)  # about 3 KB of YAML
    for side in ("base", "revision"):
        for name in ("small", "other", "mapped"):
            _write(tmp_path / side / name / "openapi.yaml", big)
    _write(tmp_path / "base" / "small" / ".oasgate.yaml", {"limits": {"max-input-size": "1KB"}})
    # the pull request raises its own limit beside its spec: the base's config still gates it
    _write(tmp_path / "revision" / "small" / ".oasgate.yaml", {"limits": {"max-input-size": "1MB"}})
    _write(tmp_path / ".oasgate.yaml", {"apis": {"mapped/**": {"limits": {"max-depth": 3}}}})
    result = run_cli("check", "base", "revision", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 2, result.stderr
    apis = _apis(result.stdout)
    assert "max-input-size" in apis["small/openapi.yaml"]["error"]
    assert "max-depth" in apis["mapped/openapi.yaml"]["error"]
    assert apis["other/openapi.yaml"]["error"] is None  # the defaults
    assert "small/openapi.yaml" in result.stderr and "mapped/openapi.yaml" in result.stderr
    # the command line's flags win over every config's, as for one pair
    flagged = run_cli(
        "check", "base", "revision", "--max-input-size", "1MB", "--max-depth", "64", cwd=tmp_path
    )
    assert flagged.exit_code == 0, flagged.stderr


def _service(
    path: str, *, scheme: bool, security: str = "api_key", server: str = ""
) -> dict[str, Any]:
    """One service behind the gateway: one GET, its own top-level security and servers,
    and (``scheme``) the ``api_key`` scheme declared in its components."""
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": path, "version": "1.0.0"},
        "servers": [{"url": f"https://api.example.com{server}"}],
        "security": [{security: []}],
        "paths": {path: {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    schemes: dict[str, Any] = {}
    if scheme:
        schemes["api_key"] = {"type": "apiKey", "in": "header", "name": "X-Key"}
    if security == "oauth":
        flows = {"clientCredentials": {"tokenUrl": "https://a.example.com/t", "scopes": {}}}
        schemes["oauth"] = {"type": "oauth2", "flows": flows}
    if schemes:
        document["components"] = {"securitySchemes": schemes}
    return document


def _gateway(tmp_path: Path, base: dict[str, Any], revision: dict[str, Any]) -> dict[str, Any]:
    for side, services in (("base", base), ("revision", revision)):
        for name, document in services.items():
            _write(tmp_path / side / name / "openapi.yaml", document)
    result = run_cli("check", "base", "revision", "--as-one-api", "--format", "json", cwd=tmp_path)
    assert result.exit_code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _ids(report: dict[str, Any]) -> set[str]:
    return {finding["id"] for finding in report["findings"]}


def test_one_api_each_operation_keeps_its_specs_security_and_servers(tmp_path: Path) -> None:
    base = {
        "pets": _service("/pets", scheme=True),
        "stores": _service("/stores", scheme=True, server="/shop"),
    }
    revision = {
        "pets": _service("/pets", scheme=True, security="oauth"),  # a stronger requirement
        "stores": _service("/stores", scheme=True, server="/store"),  # another base path
    }
    report = _gateway(tmp_path, base, revision)
    by_id = {f["id"]: f for f in report["findings"]}
    # each operation compared under its own spec's top-level security and servers, and
    # the finding located in that spec
    removed, server = by_id["security-requirement-removed"], by_id["server-removed"]
    assert removed["severity"] == server["severity"] == "error"
    assert removed["operations"] == ["GET /pets"] and server["operations"] == ["GET /stores"]
    assert removed["revision"]["file"] == "revision/pets/openapi.yaml"
    assert server["base"]["file"] == "base/stores/openapi.yaml"
    assert report["diagnostics"] == []


def test_one_api_a_scheme_declared_in_another_spec_is_not_removed(tmp_path: Path) -> None:
    base = {"pets": _service("/pets", scheme=True), "stores": _service("/stores", scheme=True)}
    moved = {"pets": _service("/pets", scheme=False), "stores": _service("/stores", scheme=True)}
    report = _gateway(tmp_path, base, moved)
    assert report["findings"] == [] and report["diagnostics"] == []
    gone = {"pets": _service("/pets", scheme=False), "stores": _service("/stores", scheme=False)}
    report = _gateway(tmp_path, base, gone)
    assert "security-scheme-removed" in _ids(report)
    # one scheme name declared differently by two specs: which one the gateway means is told
    differs = _service("/stores", scheme=True)
    differs["components"]["securitySchemes"]["api_key"]["name"] = "X-Other-Key"
    report = _gateway(tmp_path, base, {"pets": _service("/pets", scheme=True), "stores": differs})
    assert [d["code"] for d in report["diagnostics"]] == ["security-scheme-declared-twice"]
    assert report["diagnostics"][0]["location"]["file"] == "revision/stores/openapi.yaml"


def test_versions_and_status_group_a_trees_specs_by_api_identity(tmp_path: Path) -> None:
    # two versions of one API (one x-api-id, titles that differ) and another API
    _write(
        tmp_path / "apis/billing/v1/openapi.yaml",
        spec("Billing", "1.4.0", **{"x-api-id": "billing"}),
    )
    _write(
        tmp_path / "apis/billing/v2/openapi.yaml",
        spec("Billing API", "2.0.0", **{"x-api-id": "billing"}),
    )
    _write(tmp_path / "apis/orders/openapi.yaml", spec("Orders"))
    for tree in ("apis", "apis/**/openapi.yaml"):
        versions = run_cli(
            "versions", tree, "--format", "json", "--today", "2026-12-05", cwd=tmp_path
        )
        # 1: billing has two live versions and v1 does not say when it ends
        assert versions.exit_code == 1, versions.stderr
        grouped = {
            a["api"]: [v["version"] for v in a["versions"]]
            for a in json.loads(versions.stdout)["apis"]
        }
        assert grouped == {"billing": ["1.4.0", "2.0.0"], "Orders": ["1.0.0"]}
    status = run_cli("status", "apis", "--format", "json", "--today", "2026-12-05", cwd=tmp_path)
    assert status.exit_code == 0, status.stderr
    assert status.stdout.count('"billing"') >= 1 and "Billing API" not in status.stdout
