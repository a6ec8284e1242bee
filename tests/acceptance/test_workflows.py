"""The workflows of this repository and ``action.yml``: a workflow linter passes them, the
release workflow publishes the way docs/release.md says, and CI runs the suite on every
system and Python the package claims."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.acceptance.gitrepo import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def _zizmor() -> str | None:
    beside = Path(sys.executable).parent / ("zizmor.exe" if sys.platform == "win32" else "zizmor")
    return str(beside) if beside.exists() else shutil.which("zizmor")


def test_the_workflows_and_the_action_pass_the_workflow_linter() -> None:
    zizmor = _zizmor()
    if zizmor is None:
        pytest.skip("zizmor is not installed (the dev extra has it)")
    targets = [str(p.relative_to(REPO)) for p in WORKFLOWS] + ["action.yml"]
    run = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "plain", *targets],
        cwd=REPO,  # .github/zizmor.yml: the pinning policy
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings" in run.stdout + run.stderr


def test_a_tag_builds_checks_and_publishes_with_trusted_publishing() -> None:
    release = _load(REPO / ".github" / "workflows" / "release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {}  # each job asks for what it needs
    jobs = release["jobs"]
    build = yaml.safe_dump(jobs["build"]["steps"])
    assert "python -m build" in build
    assert "twine check --strict dist/*" in build
    assert "does not match the version" in build  # a tag must name the package's version
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"}
    assert any(
        str(s.get("uses", "")).startswith("pypa/gh-action-pypi-publish@") for s in publish["steps"]
    )
    assert "password" not in yaml.safe_dump(publish)  # no stored token: trusted publishing
    assert publish["environment"]["name"] == "pypi"
    attach = jobs["github-release"]
    assert attach["permissions"] == {"contents": "write"}
    assert "gh release create" in yaml.safe_dump(attach["steps"])
    # only the publishing job can mint an OIDC token
    for name, job in jobs.items():
        if name != "publish":
            assert "id-token" not in job.get("permissions", {}), name


def _supported_pythons() -> list[str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    return re.findall(r'"Programming Language :: Python :: (3\.\d+)"', text)


def test_ci_runs_the_suite_on_linux_macos_and_windows_for_every_supported_python() -> None:
    ci = _load(REPO / ".github" / "workflows" / "ci.yml")
    matrix = ci["jobs"]["test"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    pythons = _supported_pythons()
    assert pythons and matrix["python"] == pythons
    assert "3.10" in pythons  # requires-python = ">=3.10"
    assert "merge_group" in ci["on"]
    steps = yaml.safe_dump(ci["jobs"]["test"]["steps"])
    assert "python -m pytest" in steps


def test_no_workflow_uses_an_old_major_of_an_action() -> None:
    old = re.compile(
        r"uses:\s*(github/codeql-action/[\w-]+@v[123]\b|actions/checkout@v[123]\b"
        r"|actions/setup-python@v[1234]\b|actions/(upload|download)-artifact@v[123]\b)"
    )
    for path in [*WORKFLOWS, REPO / "action.yml"]:
        assert not old.search(path.read_text(encoding="utf-8")), path
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        assert not old.search(doc.read_text(encoding="utf-8")), doc
