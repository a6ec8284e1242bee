"""``oasgate git-diff-driver`` under real git: ``git diff``, ``git log -p`` and ``git show``
print classified API changes for spec files, multi-file specs included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.gitrepo import clean_env, commit_all, git
from tests.conftest import run_cli

ENTRY = """\
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml"}
"""
PET = "type: object\nproperties:\n  id: {type: integer}\n  name: {type: string}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the two lines of set-up and a two-file spec, committed."""
    git(tmp_path, "init", "-q", "-b", "main")
    driver = f"{sys.executable} -m oasgate git-diff-driver"
    git(tmp_path, "config", "diff.oasgate.command", driver)
    (tmp_path / ".gitattributes").write_text(
        "api/**/*.yaml diff=oasgate\napi/*.yaml diff=oasgate\n"
    )
    (tmp_path / "api" / "schemas").mkdir(parents=True)
    (tmp_path / "api" / "openapi.yaml").write_text(ENTRY)
    (tmp_path / "api" / "schemas" / "pet.yaml").write_text(PET)
    commit_all(tmp_path, "first")
    return tmp_path


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=repo, env=clean_env(), capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stdout


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_git_diff_shows_the_classified_changes_of_a_multi_file_spec(repo: Path) -> None:
    _edit(repo / "api/openapi.yaml", "{type: integer}}", "{type: integer}, required: true}")
    _edit(repo / "api/schemas/pet.yaml", "id: {type: integer}", "id: {type: string}")
    commit_all(repo, "second")
    out = _git(repo, "diff", "HEAD~1")
    assert "diff --oasgate a/api/openapi.yaml b/api/openapi.yaml" in out
    assert "query parameter 'limit' became required [request-parameter-became-required]" in out
    # the schema file's change, read through the entry document at the two commits
    assert "response property 'pet.id': type changed from integer to string" in out
    assert "api/schemas/pet.yaml:3:3" in out
    # the schema file's own diff points at the entry's rather than repeating it
    assert "see the diff of api/openapi.yaml" in out
    assert "@@" not in out  # no text diff


def test_a_change_to_a_schema_file_alone_is_shown_through_its_entry_document(repo: Path) -> None:
    _edit(repo / "api/schemas/pet.yaml", "name: {type: string}", "name: {type: integer}")
    commit_all(repo, "second")
    out = _git(repo, "diff", "HEAD~1")
    assert "API changes of api/openapi.yaml, which reaches this file" in out
    assert "response property 'pet.name': type changed from string to integer" in out
    shown = _git(repo, "show", "--ext-diff", "HEAD")
    assert "response property 'pet.name': type changed from string to integer" in shown


def test_git_log_shows_each_commit_against_its_parent(repo: Path) -> None:
    _edit(repo / "api/openapi.yaml", "{type: integer}}", "{type: integer}, required: true}")
    commit_all(repo, "second")
    _edit(repo / "api/schemas/pet.yaml", "id: {type: integer}", "id: {type: string}")
    commit_all(repo, "third")
    out = _git(repo, "log", "-p", "--ext-diff")
    third, second = out.split("    second")[0], out.split("    second")[1]
    assert "pet.id': type changed" in third and "became required" not in third
    assert "became required" in second and "pet.id': type changed" not in second


def test_the_working_tree_is_compared_too(repo: Path) -> None:
    _edit(repo / "api/schemas/pet.yaml", "name: {type: string}", "name: {type: boolean}")
    out = _git(repo, "diff")
    assert "response property 'pet.name': type changed from string to boolean" in out


def test_a_file_that_is_not_a_spec_gets_a_note_and_a_text_diff(repo: Path) -> None:
    (repo / "api/settings.yaml").write_text("retries: 1\n")
    commit_all(repo, "settings")
    (repo / "api/settings.yaml").write_text("retries: 2\n\x1b]52;c;evil\x07\n")
    out = _git(repo, "diff")
    assert "not an OpenAPI document" in out
    assert "-retries: 1\n+retries: 2\n" in out
    assert "\x1b" not in out and "\\x1b" in out  # a terminal escape is shown, not obeyed


def test_a_broken_spec_gets_a_note_and_a_text_diff(repo: Path) -> None:
    (repo / "api/openapi.yaml").write_text(ENTRY + "  /x: [unclosed\n")
    out = _git(repo, "diff")
    assert out.startswith("oasgate: ")
    assert "a text diff follows" in out and "+  /x: [unclosed" in out


def test_added_and_deleted_documents_are_one_line_each(repo: Path) -> None:
    (repo / "api/admin.yaml").write_text(ENTRY.replace("Pets", "Admin"))
    git(repo, "add", "api/admin.yaml")
    git(repo, "rm", "-q", "api/openapi.yaml")
    out = _git(repo, "diff", "--cached", "--no-renames")
    assert "new OpenAPI document: Admin 1.0.0, 1 operation(s)" in out
    assert "deleted OpenAPI document: Pets 1.0.0, 1 operation(s)" in out


def test_run_by_hand_with_the_wrong_arguments_is_a_usage_error() -> None:
    result = run_cli("git-diff-driver", "only-one")
    assert result.exit_code == 2
    assert 'git config diff.oasgate.command "oasgate git-diff-driver"' in result.stderr
