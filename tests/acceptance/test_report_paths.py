"""Every report names files relative to the repository root (or ``--path-base DIR``),
whatever the inputs were called: code scanning, GitLab and the annotations resolve paths
against the checkout, and an absolute path of the CI machine, or a ``HEAD~1:`` prefix
in a URI, points nowhere (docs/reports.md, "Paths in reports")."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.acceptance.gitrepo import commit_all, git
from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "petstore"
SARIF_SCHEMA = REPO / "tests" / "schemas" / "sarif-2.1.0" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository whose last commit holds the example's base at ``api/openapi.yaml``
    and whose working tree holds its revision."""
    root = tmp_path / "repo"
    (root / "api").mkdir(parents=True)
    git(root, "init", "-q")
    shutil.copy(EXAMPLE / "base.yaml", root / "api" / "openapi.yaml")
    commit_all(root, "base")
    shutil.copy(EXAMPLE / "revision.yaml", root / "api" / "openapi.yaml")
    shutil.copy(EXAMPLE / "base.yaml", root / "api" / "previous.yaml")
    return root


def _reports(cwd: Path, base: str, revision: str, *extra: str) -> dict[str, str]:
    out = cwd / "out"
    formats = ("sarif", "gitlab", "github", "junit", "text", "json")
    result = run_cli(
        "check",
        base,
        revision,
        *[f"--format={fmt}={out / fmt}" for fmt in formats],
        *extra,
        cwd=cwd,
    )
    assert result.exit_code == 1, result.stderr
    return {fmt: (out / fmt).read_text() for fmt in formats}


def _sarif_uris(sarif: dict[str, object]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "artifactLocation" in node:
                found.append(node["artifactLocation"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(sarif)
    return found


def _assert_relative(reports: dict[str, str], paths: set[str], root: Path) -> None:
    sarif = json.loads(reports["sarif"])
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    locations = _sarif_uris(sarif)
    assert locations
    for location in locations:
        assert location["uri"] in paths, location
        assert location["uriBaseId"] == "SRCROOT"
    assert "SRCROOT" in sarif["runs"][0]["originalUriBaseIds"]
    assert "file:" not in reports["sarif"] and "%3A" not in reports["sarif"]
    for issue in json.loads(reports["gitlab"]):
        assert issue["location"]["path"] in paths
    for line in reports["github"].splitlines():
        if line.startswith(("::error", "::warning", "::notice")):
            assert line.split("file=")[1].split(",")[0] in paths, line
    for case in ET.fromstring(reports["junit"]).iter("testcase"):
        if case.get("file") is not None:
            assert case.get("file") in paths
    assert str(root) not in reports["text"]
    assert any(f" {path}:" in reports["text"] for path in paths)


def test_absolute_inputs_give_repository_relative_paths(repository: Path) -> None:
    elsewhere = repository.parent
    reports = _reports(
        elsewhere,
        str(repository / "api" / ".." / "api" / "previous.yaml"),
        str(repository / "api" / "openapi.yaml"),
    )
    _assert_relative(reports, {"api/openapi.yaml", "api/previous.yaml"}, repository)


def test_a_git_revision_base_is_the_same_repository_path(repository: Path) -> None:
    reports = _reports(repository, "HEAD:api/openapi.yaml", str(repository / "api/openapi.yaml"))
    _assert_relative(reports, {"api/openapi.yaml"}, repository)
    sarif = json.loads(reports["sarif"])
    related = [
        r["relatedLocations"][0] for r in sarif["runs"][0]["results"] if "relatedLocations" in r
    ]
    assert related and all("HEAD" in r["message"]["text"] for r in related)
    # people still read which revision a base location is at
    assert "HEAD:api/openapi.yaml:" in reports["github"]
    assert json.loads(reports["json"])["base"]["source"] == "HEAD:api/openapi.yaml"


def test_run_from_a_subdirectory_names_paths_from_the_top(repository: Path) -> None:
    reports = _reports(repository / "api", "HEAD:./openapi.yaml", "openapi.yaml")
    _assert_relative(reports, {"api/openapi.yaml"}, repository)


def test_path_base_chooses_the_root(repository: Path) -> None:
    reports = _reports(
        repository,
        "HEAD:api/openapi.yaml",
        "api/openapi.yaml",
        f"--path-base={repository / 'api'}",
    )
    _assert_relative(reports, {"openapi.yaml"}, repository)


def test_outside_a_repository_paths_are_relative_to_the_current_directory(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    shutil.copy(EXAMPLE / "base.yaml", folder / "base.yaml")
    shutil.copy(EXAMPLE / "revision.yaml", folder / "revision.yaml")
    result = run_cli(
        "check",
        str(folder / "base.yaml"),
        str(folder / "revision.yaml"),
        "--format=gitlab",
        cwd=tmp_path,
    )
    assert result.exit_code == 1, result.stderr
    paths = {issue["location"]["path"] for issue in json.loads(result.stdout)}
    assert paths <= {"specs/base.yaml", "specs/revision.yaml"}


def test_a_path_base_that_is_not_a_directory_is_one_clear_error(repository: Path) -> None:
    result = run_cli(
        "check", "HEAD:api/openapi.yaml", "api/openapi.yaml", "--path-base=nowhere", cwd=repository
    )
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "--path-base" in result.stderr
    assert "Traceback" not in result.stderr
