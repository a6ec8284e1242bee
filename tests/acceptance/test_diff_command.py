"""``oasgate diff BASE REVISION``: the raw structural difference, as JSON or YAML, read
from files, git revisions or standard input like ``check`` (docs/cli.md, docs/reports.md
"oasgate diff")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.acceptance.gitrepo import commit_all, git
from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "petstore"


def test_json_lists_every_edit_and_yaml_is_the_same_data(tmp_path: Path) -> None:
    args = ["diff", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml")]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["version"] == 1
    assert {c["change"] for c in data["changes"]} == {"added", "removed", "changed"}
    assert data["summary"] == {
        kind: sum(c["change"] == kind for c in data["changes"])
        for kind in ("added", "removed", "changed")
    }
    assert {
        "change": "changed",
        "pointer": "/info/version",
        "base": "1.0.0",
        "revision": "1.1.0",
    } in data["changes"]
    as_yaml = run_cli(*args, "--format", "yaml", "--output", str(tmp_path / "d.yaml"))
    assert as_yaml.exit_code == 0 and as_yaml.stdout == ""
    assert yaml.safe_load((tmp_path / "d.yaml").read_text()) == data


def test_a_document_against_itself_has_no_edits() -> None:
    result = run_cli("diff", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "base.yaml"))
    assert result.exit_code == 0
    assert result.json()["changes"] == []


def test_a_git_revision_and_standard_input(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    shutil.copy(EXAMPLE / "base.yaml", tmp_path / "openapi.yaml")
    commit_all(tmp_path, "base")
    result = run_cli(
        "diff",
        "HEAD:openapi.yaml",
        "-",
        "--format=yaml",
        cwd=tmp_path,
        stdin=(EXAMPLE / "revision.yaml").read_text(),
    )
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert data["base"] == "HEAD:openapi.yaml" and data["revision"] == "<stdin>"
    assert data["changes"]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("openapi: [\n")
    result = run_cli("diff", str(tmp_path / "broken.yaml"), str(EXAMPLE / "base.yaml"))
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr and "Traceback" not in result.stderr
    unknown = run_cli("diff", "a", "b", "--format", "sarif")
    assert unknown.exit_code == 2 and "json, yaml" in unknown.stderr


def test_values_keep_their_json_types(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"openapi": "3.0.3", "x": {"n": 1.5, "b": 1}}))
    (tmp_path / "b.json").write_text(json.dumps({"openapi": "3.0.3", "x": {"n": 2.5, "b": True}}))
    for fmt in ("json", "yaml"):
        result = run_cli(
            "diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"), f"--format={fmt}"
        )
        data = yaml.safe_load(result.stdout)
        assert [(c["pointer"], c["base"], c["revision"]) for c in data["changes"]] == [
            ("/x/n", 1.5, 2.5),
            ("/x/b", 1, True),
        ]
