"""A new user adds the gate to a repository with the README alone.

The test takes the workflow and the pre-commit configuration *from the README*, puts them
in a fresh repository with a spec, opens a "pull request" with a breaking change, and runs
what GitHub and pre-commit would run: the action's steps with the inputs the README's
workflow gives, and the hook's entry with the README's hook id."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.acceptance.gitrepo import REPO, clean_env, commit_all, git, run_composite_action

PETSTORE = REPO / "examples" / "petstore"


def _readme_yaml_blocks() -> list[Any]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Add the gate to your repository", 1)[1].split("\n## ", 1)[0]
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def test_a_new_user_adds_the_action_and_the_hook_from_the_readme(tmp_path: Path) -> None:
    workflow, precommit_config = _readme_yaml_blocks()

    # 1. The repository: a released spec on main, pushed to its origin.
    origin = tmp_path / "origin"
    (origin / "api").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    shutil.copy(PETSTORE / "base.yaml", origin / "api" / "openapi.yaml")
    (origin / ".github" / "workflows").mkdir(parents=True)
    (origin / ".github" / "workflows" / "api-compatibility.yml").write_text(
        yaml.safe_dump(workflow)
    )
    (origin / ".pre-commit-config.yaml").write_text(yaml.safe_dump(precommit_config))
    commit_all(origin, "release the API, add the gate")

    # 2. A contributor clones it and changes the spec on a branch.
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(work))
    git(work, "checkout", "-q", "-b", "feature")
    shutil.copy(PETSTORE / "revision.yaml", work / "api" / "openapi.yaml")

    # 3. pre-commit runs the hook the README configures on the staged spec.
    git(work, "add", "api/openapi.yaml")
    (hook_ref,) = precommit_config["repos"]
    hook_ids = [h["id"] for h in hook_ref["hooks"]]
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hook_ids == ["oasgate"]
    entry = Path(sys.executable).with_name(hooks["oasgate"]["entry"])
    assert re.search(hooks["oasgate"]["files"], "api/openapi.yaml")
    hook = subprocess.run(
        [str(entry), *hook_ref["hooks"][0].get("args", []), "api/openapi.yaml"],
        cwd=work,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert hook.returncode == 1, hook.stdout + hook.stderr
    assert "request-parameter-became-required" in hook.stdout

    # 4. They commit anyway (--no-verify) and open the pull request: the workflow runs.
    commit_all(work, "make limit required")
    job = workflow["jobs"]["oasgate"]
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert triggers["pull_request"]["paths"] == ["api/**"]
    (step,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith("oasgate/")]
    inputs = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in step["with"].items()}
    runs, outputs, used = run_composite_action(work, tmp_path / "runner", inputs)
    gate, comment, fail = runs
    # the README asks for comment: true; without a token (as here) it is skipped, not failed
    assert comment.exit_code == 0
    assert "::notice title=oasgate comment::no token" in comment.stdout
    assert "::error file=api/openapi.yaml,line=16" in gate.stdout
    summary = (tmp_path / "runner" / "summary.md").read_text()
    assert "request-parameter-became-required" in summary
    assert used == [
        "Restore pip's cache",
        "Upload SARIF to code scanning",
    ]  # the README asks for sarif: true
    assert (work / "oasgate.sarif").is_file()
    assert fail.exit_code == 1  # the pull request's check fails
    assert outputs["errors"] == "7"
    assert Path(outputs["report-path"]).is_file()

    # 5. They make the change compatible instead; the check passes.
    text = (PETSTORE / "base.yaml").read_text().replace("A page of pets", "Pets, one page")
    (work / "api" / "openapi.yaml").write_text(text)
    commit_all(work, "only a description")
    runs, outputs, _ = run_composite_action(work, tmp_path / "runner2", inputs)
    assert [r.exit_code for r in runs] == [0, 0]  # the gate, the comment
    assert outputs["errors"] == "0"
    assert outputs["exit-code"] == "0"
