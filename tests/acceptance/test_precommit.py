"""The pre-commit hook's entry point, run in temporary git repositories as pre-commit
runs it: from the repository root, with the staged file names as arguments."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.acceptance.gitrepo import REPO, clean_env, commit_all, git

PETSTORE = REPO / "examples" / "petstore"


def hook(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oasgate.precommit", *args],
        cwd=repo,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "api").mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copy(PETSTORE / "base.yaml", tmp_path / "api" / "openapi.yaml")
    (tmp_path / "config.yaml").write_text("name: not a spec\n")
    commit_all(tmp_path, "release")
    return tmp_path


def test_hook_definition_runs_the_console_script() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook_def,) = hooks
    assert hook_def["id"] == "oasgate"
    assert hook_def["language"] == "python"
    assert shutil.which(hook_def["entry"]) or Path(sys.executable).with_name(hook_def["entry"])
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'{hook_def["entry"]} = "oasgate.precommit:main"' in pyproject


def test_staged_breaking_change_fails_the_commit(repo: Path) -> None:
    shutil.copy(PETSTORE / "revision.yaml", repo / "api" / "openapi.yaml")
    git(repo, "add", "api/openapi.yaml")
    result = hook(repo, "api/openapi.yaml", "config.yaml")
    assert result.returncode == 1, result.stderr
    assert "response-property-type-changed" in result.stdout
    assert "api/openapi.yaml:" in result.stdout
    assert "config.yaml" not in result.stdout.replace("api/openapi.yaml", "")


def test_compatible_change_passes(repo: Path) -> None:
    text = (repo / "api" / "openapi.yaml").read_text().replace("A page of pets", "Pets")
    (repo / "api" / "openapi.yaml").write_text(text)
    result = hook(repo, "api/openapi.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_spec_is_skipped_with_a_note(repo: Path) -> None:
    shutil.copy(PETSTORE / "base.yaml", repo / "api" / "orders.yaml")
    git(repo, "add", "api/orders.yaml")
    result = hook(repo, "api/orders.yaml")
    assert result.returncode == 0
    assert "api/orders.yaml is new (not in HEAD)" in result.stdout


def test_files_that_are_not_specs_are_skipped(repo: Path) -> None:
    (repo / "config.yaml").write_text("name: still not a spec\n")
    (repo / "data.json").write_text('{"openapi_like": true}')
    result = hook(repo, "config.yaml", "data.json")
    assert result.returncode == 0
    assert result.stdout == ""


def test_ref_option_compares_with_another_revision(repo: Path) -> None:
    git(repo, "tag", "v1")
    shutil.copy(PETSTORE / "revision.yaml", repo / "api" / "openapi.yaml")
    commit_all(repo, "breaking release")
    assert hook(repo, "api/openapi.yaml").returncode == 0  # same as HEAD
    result = hook(repo, "--ref", "v1", "api/openapi.yaml")
    assert result.returncode == 1
    assert "v1:api/openapi.yaml" in result.stdout


def test_spec_option_gates_a_multi_file_spec_when_a_component_is_staged(tmp_path: Path) -> None:
    (tmp_path / "api" / "schemas").mkdir(parents=True)
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "api" / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {$ref: 'schemas/pet.yaml'}\n"
    )
    pet = tmp_path / "api" / "schemas" / "pet.yaml"
    pet.write_text("type: object\nproperties:\n  id: {type: integer}\n")
    commit_all(tmp_path, "release")
    pet.write_text("type: object\nproperties:\n  id: {type: string}\n")
    assert hook(tmp_path, "api/schemas/pet.yaml").returncode == 0  # not a root document
    result = hook(tmp_path, "--spec", "api/openapi.yaml", "api/schemas/pet.yaml")
    assert result.returncode == 1
    assert "api/schemas/pet.yaml:" in result.stdout


def test_unparsable_staged_spec_is_exit_2_without_traceback(repo: Path) -> None:
    (repo / "api" / "openapi.yaml").write_text("openapi: 3.0.3\npaths: [\n")
    result = hook(repo, "api/openapi.yaml")
    assert result.returncode == 2
    assert "api/openapi.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_repository_without_commits_passes(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copy(PETSTORE / "base.yaml", tmp_path / "openapi.yaml")
    result = hook(tmp_path, "openapi.yaml")
    assert result.returncode == 0
    assert "no commit yet" in result.stdout


def test_outside_a_repository_or_unknown_ref_is_exit_2(
    tmp_path_factory: pytest.TempPathFactory, repo: Path
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    shutil.copy(PETSTORE / "base.yaml", outside / "openapi.yaml")
    env_free = hook(outside, "openapi.yaml")
    assert env_free.returncode == 2
    assert "not inside a git repository" in env_free.stderr
    unknown = hook(repo, "--ref", "v9", "api/openapi.yaml")
    assert unknown.returncode == 2
    assert "'v9' is not in this repository" in unknown.stderr
