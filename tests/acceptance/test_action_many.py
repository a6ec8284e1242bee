"""The GitHub Action over a monorepo: ``jobs`` and ``shard`` reach the check, each shard
leaves its JSON report for ``oasgate merge``, and an API that cannot be read still leaves
the report that names it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.acceptance.gitrepo import REPO, commit_all, git, run_action_module
from tests.conftest import run_cli

PETSTORE = REPO / "examples" / "petstore"
NAMES = ("billing", "orders", "pets", "stores")


def _pull_request(tmp_path: Path) -> Path:
    """Four released APIs; the pull request breaks ``pets`` and leaves the others."""
    origin = tmp_path / "origin"
    for name in NAMES:
        (origin / "apis" / name).mkdir(parents=True)
        shutil.copy(PETSTORE / "base.yaml", origin / "apis" / name / "openapi.yaml")
    git(origin, "init", "-q", "-b", "main")
    commit_all(origin, "release the APIs")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(work))
    git(work, "checkout", "-q", "-b", "feature")
    shutil.copy(PETSTORE / "revision.yaml", work / "apis" / "pets" / "openapi.yaml")
    commit_all(work, "change one API")
    return work


def test_each_shard_of_a_matrix_leaves_its_report_and_merge_joins_them(tmp_path: Path) -> None:
    work = _pull_request(tmp_path)
    whole = run_action_module(work, tmp_path / "whole", spec="apis/", jobs="2")
    assert whole.exit_code == 1, whole.stderr
    reports, codes = [], []
    for k in (1, 2):
        run = run_action_module(
            work, tmp_path / f"shard{k}", spec="apis/**/openapi.yaml", shard=f"{k}/2"
        )
        codes.append(run.exit_code)
        report = json.loads(Path(run.outputs["report-path"]).read_text())
        assert report["shard"] == {"index": k, "count": 2, "apis": 4}
        reports.append(run.outputs["report-path"])
    assert sorted(codes) == [0, 1]  # the shard that holds pets fails
    merged = run_cli("merge", *reports, "--format", "json", cwd=work)
    assert merged.exit_code == 1
    assert (
        json.loads(merged.stdout)["summary"]
        == json.loads(Path(whole.outputs["report-path"]).read_text())["summary"]
    )


def test_a_bad_jobs_or_shard_input_is_one_error(tmp_path: Path) -> None:
    work = _pull_request(tmp_path)
    for inputs, message in (({"jobs": "0"}, "--jobs"), ({"shard": "3/2"}, "shard")):
        run = run_action_module(work, tmp_path / "runner", spec="apis", **inputs)
        assert run.exit_code == 2
        assert message in run.stdout and "::error title=oasgate could not run::" in run.stdout


def test_an_unreadable_api_still_leaves_the_report_that_names_it(tmp_path: Path) -> None:
    work = _pull_request(tmp_path)
    shutil.copy(PETSTORE / "base.yaml", work / "apis" / "pets" / "openapi.yaml")
    (work / "apis" / "orders" / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: [\n")
    commit_all(work, "break one API's YAML")
    run = run_action_module(work, tmp_path / "runner", spec="apis")
    assert run.exit_code == 2
    assert run.outputs["exit-code"] == "2"
    report = json.loads(Path(run.outputs["report-path"]).read_text())
    assert [a["name"] for a in report["apis"] if a["error"]] == ["orders/openapi.yaml"]
    assert "orders/openapi.yaml" in run.stdout  # the error annotation names it


def test_an_unreadable_api_is_posted_first_and_fails_the_job_last(tmp_path: Path) -> None:
    """Deferred as a failed gate is: the gate step passes (so the comment and the SARIF
    upload run), its outputs say 2, and the action's last step fails the job."""
    work = _pull_request(tmp_path)
    shutil.copy(PETSTORE / "base.yaml", work / "apis" / "pets" / "openapi.yaml")
    (work / "apis" / "orders" / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: {title: [\n")
    commit_all(work, "break one API's YAML")
    run = run_action_module(work, tmp_path / "runner", "--defer-failure", spec="apis", sarif="true")
    assert run.exit_code == 0, run.stderr
    assert run.outputs["exit-code"] == "2"
    assert Path(run.outputs["markdown-path"]).is_file()
    assert (work / run.outputs["sarif-path"]).is_file()  # relative to the checkout
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    last = [s for s in action["runs"]["steps"] if "exit-code == '2'" in str(s.get("if", ""))]
    assert len(last) == 1 and "exit 2" in last[0]["run"]
