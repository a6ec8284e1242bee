"""``--config-from REV``: a pull request cannot switch its own gate off with its config."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acceptance.gitrepo import commit_all, git
from tests.acceptance.test_config import BASE, REMOVED, REVISION, _write
from tests.conftest import POSIX, run_cli

SWITCHED_OFF = 'rules: {"*": off}\n'


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository whose main branch has the pair and a config that keeps the gate on."""
    git(tmp_path, "init", "-q", "-b", "main")
    _write(tmp_path, "base.yaml", BASE)
    _write(tmp_path, "revision.yaml", REVISION)
    _write(tmp_path, ".oasgate.yaml", "fail-on: error\n")
    commit_all(tmp_path, "the released config")
    return tmp_path


def _check(cwd: Path, *args: str):
    return run_cli("check", "base.yaml", "revision.yaml", *args, cwd=cwd)


def test_a_pull_request_switching_the_gate_off_is_still_gated(repository: Path) -> None:
    _write(repository, ".oasgate.yaml", SWITCHED_OFF)
    assert _check(repository).exit_code == 0  # the hole: the working tree's config wins
    result = _check(repository, "--config-from", "main")
    assert result.exit_code == 1, result.stderr
    assert REMOVED in result.stdout
    # the report says so itself, as a diagnostic of its own (not only a line on stderr)
    assert "the pull request changes .oasgate.yaml; the config at main was used" in result.stdout
    assert "(config-changed)" in result.stdout
    data = _check(repository, "--config-from", "main", "--format", "json").json()
    (notice,) = [d for d in data["diagnostics"] if d["code"] == "config-changed"]
    assert notice["severity"] == "warning" and notice["location"]["file"] == ".oasgate.yaml"


def test_an_unchanged_config_gives_no_warning(repository: Path) -> None:
    result = _check(repository, "--config-from", "main")
    assert result.exit_code == 1
    assert result.stderr == ""


def test_a_config_added_by_the_pull_request_is_not_used(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    _write(tmp_path, "base.yaml", BASE)
    _write(tmp_path, "revision.yaml", REVISION)
    commit_all(tmp_path, "no config yet")
    _write(tmp_path, ".oasgate.yaml", SWITCHED_OFF)
    result = _check(tmp_path, "--config-from", "main")
    assert result.exit_code == 1
    assert "the pull request adds .oasgate.yaml; main has no config" in result.stdout


def test_an_explicit_config_path_is_read_at_the_revision(repository: Path) -> None:
    _write(repository, "gate.yaml", f"rules:\n  {REMOVED}: warning\n")
    commit_all(repository, "a second config")
    _write(repository, "gate.yaml", SWITCHED_OFF)
    result = _check(
        repository, "--config", "gate.yaml", "--config-from", "HEAD", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr  # the committed gate.yaml: a warning only
    assert {f["id"]: f["severity"] for f in result.json()["findings"]}[REMOVED] == "warning"
    changed = [d for d in result.json()["diagnostics"] if d["code"] == "config-changed"]
    assert (
        "the pull request changes gate.yaml; the config at HEAD was used" in changed[0]["message"]
    )


def test_pyproject_at_the_revision(repository: Path) -> None:
    git(repository, "rm", "-q", ".oasgate.yaml")
    _write(repository, "pyproject.toml", f'[tool.oasgate.rules]\n{REMOVED} = "warning"\n')
    commit_all(repository, "config in pyproject")
    _write(repository, "pyproject.toml", '[tool.oasgate.rules]\n"*" = "off"\n')
    result = _check(repository, "--config-from", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert {f["id"]: f["severity"] for f in result.json()["findings"]}[REMOVED] == "warning"
    (changed,) = [d for d in result.json()["diagnostics"] if d["code"] == "config-changed"]
    assert "the pull request changes pyproject.toml" in changed["message"]
    assert changed["location"]["file"] == "pyproject.toml"


@POSIX
def test_a_bad_revision_or_a_symlinked_config_is_one_line(repository: Path) -> None:
    bad = _check(repository, "--config-from", "no-such-branch")
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1
    assert "no revision 'no-such-branch'" in bad.stderr
    dashed = _check(repository, "--config-from", "--output=x")
    assert dashed.exit_code == 2 and "cannot start with '-'" in dashed.stderr
    git(repository, "rm", "-q", ".oasgate.yaml")
    (repository / ".oasgate.yaml").symlink_to("/etc/passwd")
    commit_all(repository, "a symlinked config")
    linked = _check(repository, "--config-from", "HEAD")
    assert linked.exit_code == 2
    assert "HEAD:.oasgate.yaml: is a symbolic link at HEAD, not a regular file" in linked.stderr
    assert "root:" not in linked.stderr
