"""Many APIs at once, through the CLI: each API read within its own limits (from the base
tree, like every per-API setting), and the gateway view's servers and security."""

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
