"""The GitHub Action: its metadata, and its script run in temporary git repositories with
the environment a pull_request job has."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.acceptance.gitrepo import (
    REPO,
    commit_all,
    git,
    github_env,
    read_outputs,
    run_action_module,
    run_composite_action,
)

PETSTORE = REPO / "examples" / "petstore"
#: majors of actions that have a newer one (the SARIF upload moved to v4)
OLD_MAJORS = ("github/codeql-action/upload-sarif@v3", "github/codeql-action/upload-sarif@v2")


def declared_outputs(step_id: str) -> set[str]:
    """The outputs of ``action.yml`` that read step ``step_id``'s outputs."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    prefix = f"steps.{step_id}.outputs."
    return {
        spec["value"].split(prefix, 1)[1].rstrip("} ").strip()
        for spec in action["outputs"].values()
        if prefix in spec["value"]
    }


PET_V1 = """\
type: object
required: [id, name]
properties:
  id: {type: integer}
  name: {type: string}
"""
ROOT = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: a pet
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml'}
"""


@pytest.fixture
def upstream(tmp_path: Path) -> Path:
    """A repository whose main branch has a released petstore spec (the 'origin')."""
    origin = tmp_path / "origin"
    (origin / "api").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    shutil.copy(PETSTORE / "base.yaml", origin / "api" / "openapi.yaml")
    commit_all(origin, "release the API")
    return origin


def clone_and_change(tmp_path: Path, origin: Path, revision_text: str | None, *args: str) -> Path:
    """The pull request: a clone on a feature branch with the spec changed and committed."""
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", *args, f"file://{origin}", str(work))
    git(work, "checkout", "-q", "-b", "feature")
    if revision_text is not None:
        (work / "api" / "openapi.yaml").write_text(revision_text, encoding="utf-8")
    commit_all(work, "change the API")
    return work


def test_action_metadata_is_a_valid_composite_action() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert {"name", "description", "inputs", "outputs", "runs"} <= set(action)
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["spec"]["required"] is True
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
        assert "default" in spec or spec.get("required"), name
    for name in ("errors", "warnings", "infos", "report-path"):
        assert "steps.gate.outputs." in action["outputs"][name]["value"], name
    for step in action["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step), step.get("name")
        if "run" in step:
            assert step.get("shell") == "bash", step.get("name")
            # Inputs reach scripts through env only: never expanded into the script text.
            assert "${{" not in step["run"], step.get("name")
    # Every input the gate step needs is passed to it.
    gate = next(s for s in action["runs"]["steps"] if s.get("id") == "gate")
    passed = {v.strip("${} ").removeprefix("inputs.") for v in gate["env"].values()}
    others = {"python", "fail", "version", "cache", "comment", "token", "artifact-name"}
    missing = set(action["inputs"]) - passed - others
    assert not missing
    # ... and every input is read by some step.
    text = yaml.safe_dump(action["runs"]["steps"])
    assert not {name for name in action["inputs"] if f"inputs.{name}" not in text}
    # The outputs the scripts write are declared (a workflow cannot read an undeclared one).
    declared = {
        found
        for spec in action["outputs"].values()
        for found in re.findall(r"steps\.([\w-]+)\.outputs\.([\w-]+)", spec["value"])
    }
    for name in ("errors", "warnings", "infos", "ignored", "report-path", "markdown-path"):
        assert ("gate", name) in declared, name
    assert ("comment", "comment-url") in declared
    assert all(f"uses: {pin}" not in (REPO / "action.yml").read_text() for pin in OLD_MAJORS)


def test_pull_request_with_breaking_changes_fails_with_annotations_and_summary(
    tmp_path: Path, upstream: Path
) -> None:
    work = clone_and_change(tmp_path, upstream, (PETSTORE / "revision.yaml").read_text())
    run = run_action_module(work, tmp_path / "runner", spec="api/openapi.yaml")
    assert run.exit_code == 1, run.stderr
    assert "::error file=api/openapi.yaml,line=" in run.stdout
    assert run.outputs["errors"] == "7"
    assert run.outputs["warnings"] == "1"
    assert run.outputs["exit-code"] == "1"
    report = json.loads(Path(run.outputs["report-path"]).read_text())
    assert report["summary"]["error"] == 7
    assert "response-property-type-changed" in run.summary
    # every output the script writes is declared in action.yml, where a workflow can read it
    assert set(run.outputs) == declared_outputs("gate")
    assert run.outputs["ignored"] == "0"
    assert "response-property-type-changed" in Path(run.outputs["markdown-path"]).read_text()


def test_merge_group_compares_with_the_queue_base(tmp_path: Path, upstream: Path) -> None:
    """A merge queue runs the workflow on ``merge_group``: no base branch variable, the base
    is the merge group's base commit, fetched by the action when the checkout lacks it."""
    base_sha = git(upstream, "rev-parse", "HEAD").strip()
    work = clone_and_change(tmp_path, upstream, (PETSTORE / "revision.yaml").read_text())
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "merge_group": {
                    "base_sha": base_sha,
                    "base_ref": "refs/heads/main",
                    "head_sha": git(work, "rev-parse", "HEAD").strip(),
                    "head_ref": "refs/heads/gh-readonly-queue/main/pr-1-" + base_sha,
                }
            }
        )
    )
    overrides: dict[str, str | None] = {
        "GITHUB_EVENT_NAME": "merge_group",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_BASE_REF": None,
        "GITHUB_HEAD_REF": None,
    }
    run = run_action_module(work, tmp_path / "runner", overrides=overrides, spec="api/openapi.yaml")
    assert run.exit_code == 1, run.stderr
    assert f"comparing {base_sha}:api/openapi.yaml with api/openapi.yaml" in run.stdout
    assert run.outputs["errors"] == "7"


def test_deferred_failure_passes_the_step_and_reports_the_exit_code(
    tmp_path: Path, upstream: Path
) -> None:
    work = clone_and_change(tmp_path, upstream, (PETSTORE / "revision.yaml").read_text())
    run = run_action_module(
        work, tmp_path / "runner", "--defer-failure", spec="api/openapi.yaml", sarif="true"
    )
    assert run.exit_code == 0, run.stderr
    assert run.outputs["exit-code"] == "1"
    sarif = json.loads((work / "oasgate.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert run.outputs["sarif-path"] == "oasgate.sarif"


def test_compatible_change_passes(tmp_path: Path, upstream: Path) -> None:
    text = (PETSTORE / "base.yaml").read_text().replace("A page of pets", "Some pets")
    work = clone_and_change(tmp_path, upstream, text)
    run = run_action_module(work, tmp_path / "runner", spec="api/openapi.yaml")
    assert run.exit_code == 0, run.stderr
    assert run.outputs["errors"] == "0"
    assert "::error" not in run.stdout


def test_shallow_checkout_fetches_the_base_branch(tmp_path: Path, upstream: Path) -> None:
    # actions/checkout clones one commit: origin/main is not there until the action fetches it.
    work = tmp_path / "work"
    git(upstream, "checkout", "-q", "-b", "feature")
    (upstream / "api" / "openapi.yaml").write_text((PETSTORE / "revision.yaml").read_text())
    commit_all(upstream, "change")
    git(upstream, "checkout", "-q", "main")
    git(
        tmp_path,
        "clone",
        "-q",
        "--depth=1",
        "--single-branch",
        "--branch",
        "feature",
        f"file://{upstream}",
        str(work),
    )
    with pytest.raises(Exception):  # noqa: B017 - the precondition of this test
        git(work, "rev-parse", "--verify", "origin/main")
    run = run_action_module(work, tmp_path / "runner", spec="api/openapi.yaml")
    assert run.exit_code == 1, run.stderr
    assert run.outputs["errors"] == "7"


def test_multi_file_spec_reads_external_refs_at_the_base_revision(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    (origin / "api" / "schemas").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    (origin / "api" / "openapi.yaml").write_text(ROOT)
    (origin / "api" / "schemas" / "pet.yaml").write_text(PET_V1)
    commit_all(origin, "release")
    work = clone_and_change(tmp_path, origin, None)
    (work / "api" / "schemas" / "pet.yaml").write_text(PET_V1.replace("integer", "string"))
    commit_all(work, "id becomes a string")
    run = run_action_module(work, tmp_path / "runner", spec="api/openapi.yaml")
    assert run.exit_code == 1, run.stderr
    assert "response-property-type-changed" in run.stdout
    assert "file=api/schemas/pet.yaml" in run.stdout


def test_a_new_spec_is_noted_and_passes(tmp_path: Path, upstream: Path) -> None:
    work = clone_and_change(tmp_path, upstream, None)
    shutil.copy(PETSTORE / "base.yaml", work / "api" / "orders.yaml")
    commit_all(work, "a new API")
    run = run_action_module(work, tmp_path / "runner", spec="api/orders.yaml")
    assert run.exit_code == 0, run.stderr
    assert "::notice file=api/orders.yaml" in run.stdout
    assert run.outputs["errors"] == "0"
    assert "nothing to compare" in run.summary


def test_fail_on_and_config_inputs_reach_the_gate(tmp_path: Path, upstream: Path) -> None:
    config = upstream / "gate.yaml"  # read at the base revision: it is on main
    config.write_text(
        textwrap.dedent(
            """\
            rules:
              response-property-type-changed: warning
            """
        )
    )
    commit_all(upstream, "a config")
    work = clone_and_change(tmp_path, upstream, (PETSTORE / "revision.yaml").read_text())
    run = run_action_module(
        work, tmp_path / "runner", spec="api/openapi.yaml", config="gate.yaml", fail_on="warning"
    )
    assert run.exit_code == 1, run.stderr
    assert int(run.outputs["warnings"]) > 1


def test_a_pull_request_cannot_switch_its_own_gate_off(tmp_path: Path, upstream: Path) -> None:
    work = clone_and_change(tmp_path, upstream, (PETSTORE / "revision.yaml").read_text())
    (work / ".oasgate.yaml").write_text('rules: {"*": off}\n')
    commit_all(work, "switch the gate off")
    run = run_action_module(work, tmp_path / "runner", spec="api/openapi.yaml")
    assert run.exit_code == 1, run.stderr  # main's config (none: the defaults) was used
    # an annotation on the config file, as a diagnostic of the report
    assert "config-changed::the pull request adds .oasgate.yaml; origin/main has no" in (run.stdout)
    assert "file=.oasgate.yaml" in run.stdout
    assert "the pull request adds .oasgate.yaml" in run.summary
    # opting out reads the pull request's checkout, as before
    worktree = run_action_module(
        work, tmp_path / "runner2", spec="api/openapi.yaml", config_from="worktree"
    )
    assert worktree.exit_code == 0, worktree.stderr
    bad = run_action_module(work, tmp_path / "runner3", spec="api/openapi.yaml", config_from="x")
    assert bad.exit_code == 2 and "input config-from: expected base or worktree" in bad.stderr


def test_bad_input_is_one_error_line_and_exit_2(tmp_path: Path, upstream: Path) -> None:
    work = clone_and_change(tmp_path, upstream, "openapi: 3.0.3\npaths: [\n")
    run = run_action_module(work, tmp_path / "runner", spec="api/openapi.yaml")
    assert run.exit_code == 2
    assert "::error title=oasgate could not run::" in run.stdout
    assert "Traceback" not in run.stderr
    assert "could not run" in run.summary


def test_missing_base_is_explained(tmp_path: Path, upstream: Path) -> None:
    work = clone_and_change(tmp_path, upstream, None)
    run = run_action_module(
        work, tmp_path / "runner", spec="api/openapi.yaml", base_ref="no-such-branch"
    )
    assert run.exit_code == 2
    assert "no-such-branch" in run.stderr


def test_composite_steps_fail_the_job_after_the_sarif_upload(
    tmp_path: Path, upstream: Path
) -> None:
    work = clone_and_change(tmp_path, upstream, (PETSTORE / "revision.yaml").read_text())
    runs, outputs, used = run_composite_action(
        work, tmp_path / "runner", {"spec": "api/openapi.yaml", "sarif": "true"}
    )
    gate, fail = runs
    assert gate.exit_code == 0, gate.stderr
    assert "::error file=api/openapi.yaml" in gate.stdout
    assert used == ["Restore pip's cache", "Upload SARIF to code scanning"]
    assert fail.exit_code == 1
    assert "the gate failed (7 errors, 1 warnings)" in fail.stderr
    assert outputs["errors"] == "7"
    assert outputs["exit-code"] == "1"
    assert Path(outputs["report-path"]).is_file()


def test_composite_steps_pass_a_compatible_change(tmp_path: Path, upstream: Path) -> None:
    work = clone_and_change(tmp_path, upstream, None)
    runs, outputs, used = run_composite_action(
        work, tmp_path / "runner", {"spec": "api/openapi.yaml"}
    )
    assert [r.exit_code for r in runs] == [0]
    assert used == ["Restore pip's cache"]
    assert outputs["errors"] == "0"


@pytest.mark.parametrize(
    ("version", "key"),
    [("", r"py3\.\d+-[0-9a-f]{16}"), ("0.1.0", r"py3\.\d+-0\.1\.0"), ("1.0rc1+local", None)],
)
def test_the_install_is_cached_under_the_python_and_what_is_installed(
    tmp_path: Path, version: str, key: str | None
) -> None:
    """The step before the install names pip's cache: by the interpreter's version and the
    release pinned, else a hash of the checkout's pyproject.toml (its dependencies)."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "pip-cache"]
    output = tmp_path / "output.txt"
    env = github_env(tmp_path, tmp_path / "runner")
    env.update(ACTION_PATH=str(REPO), PYTHON=sys.executable, VERSION=version)
    env["GITHUB_OUTPUT"] = str(output)
    run = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    outputs = read_outputs(output)
    assert re.fullmatch(key or r"py3\.\d+-1\.0rc1\+local", outputs["key"]), outputs
    assert outputs["dir"] == str(tmp_path / "runner" / "oasgate-pip-cache")


@pytest.mark.parametrize("version", ["0.1.0\nkey=evil", "0.1.0; rm -rf /", "$(id)", "v 1"])
def test_a_version_input_that_is_not_a_release_number_is_refused(
    tmp_path: Path, version: str
) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "pip-cache"]
    output = tmp_path / "output.txt"
    env = github_env(tmp_path, tmp_path / "runner")
    env.update(ACTION_PATH=str(REPO), PYTHON=sys.executable, VERSION=version)
    env["GITHUB_OUTPUT"] = str(output)
    run = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert "::error title=oasgate could not run::input version" in run.stdout
    assert not output.exists()
