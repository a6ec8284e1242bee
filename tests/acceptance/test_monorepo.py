"""Many APIs at once, through the CLI: two trees of 24 specs (tests/acceptance/
monorepo_fixture.py) as directories, as a git revision of a directory and with
``--base-ref``; per-API verdicts, configs read from the base, the exit code, every format,
``--jobs``, and shards merged into the very report an unsharded run writes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.acceptance.monorepo_fixture import EXPECTED, TODAY, build, write_root_config
from tests.conftest import run_cli

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/oasgate/report.schema.json").read_text()
)
FORMATS = ("text", "json", "yaml", "markdown", "html", "sarif", "junit", "github", "gitlab")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository: the base trees committed as ``apis/``, the working tree's
    ``apis/`` replaced by the revision; ``base/`` and ``revision/`` beside it."""
    root = tmp_path_factory.mktemp("monorepo")
    base, revision = build(root)
    write_root_config(root)
    shutil.copytree(base, root / "apis")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    shutil.rmtree(root / "apis")
    shutil.copytree(revision, root / "apis")
    return root


def _verdicts(report: dict[str, Any]) -> dict[str, tuple[str, str]]:
    verdicts = {}
    for api in report["apis"]:
        verdict = "error" if api["error"] else ("failed" if api["failed"] else "passed")
        verdicts[api["name"]] = (api["change"], verdict)
    return verdicts


def _check(repo: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("check", *args, "--today", TODAY, "--format", "json", cwd=repo)
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ("base", "revision"),
        ("base/", "revision/"),
        ("HEAD:apis/", "apis"),
        ("--base-ref", "HEAD", "apis"),
        ("--jobs", "1", "base", "revision"),
    ],
    ids=["directories", "slashes", "git-revision-of-a-directory", "base-ref", "serial"],
)
def test_every_api_gets_its_own_verdict(repo: Path, arguments: tuple[str, ...]) -> None:
    code, report, stderr = _check(repo, *arguments)
    assert _verdicts(report) == EXPECTED
    assert code == 1  # APIs fail their gate: that wins over the unreadable one
    assert "broken/openapi.yaml" in stderr and "invalid YAML" in stderr
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert len(report["apis"]) == 24


def test_a_glob_with_base_ref_picks_the_specs_it_matches(repo: Path) -> None:
    code, report, _ = _check(repo, "--base-ref", "HEAD", "apis/steady/**/openapi.yaml")
    assert code == 0
    assert sorted(_verdicts(report)) == [f"svc{n:02}/openapi.yaml" for n in range(1, 11)]


def test_a_removed_api_is_judged_by_its_lifecycle(repo: Path) -> None:
    _, report, _ = _check(repo, "base", "revision")
    by_api: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        by_api.setdefault(finding["api"], []).append(finding)
    gone = by_api["gone/openapi.yaml"]
    assert {f["id"] for f in gone} == {"path-removed"}
    assert all(f["severity"] == "error" and f["revision"] is None for f in gone)
    assert all(f["severity"] == "info" for f in by_api["sunset/openapi.yaml"])  # past sunset
    assert all(f["severity"] == "info" for f in by_api["fresh/openapi.yaml"])


def test_configs_come_from_the_base_tree(repo: Path) -> None:
    _, report, _ = _check(repo, "HEAD:apis/", "apis")
    configs = {api["name"]: api["config"] for api in report["apis"]}
    assert configs["team-a/inventory/openapi.yaml"] == "HEAD:apis/team-a/.oasgate.yaml"
    assert configs["team-a/strict/openapi.yaml"] == "HEAD:apis/team-a/strict/.oasgate.yaml"
    assert "apis: legacy/**" in configs["legacy/ledger/openapi.yaml"]
    # the pull request added selfexempt/.oasgate.yaml switching its own rule off: not read
    assert configs["selfexempt/openapi.yaml"] is None


def test_sharded_and_merged_equals_one_run(repo: Path, tmp_path: Path) -> None:
    whole = run_cli("check", "base", "revision", "--today", TODAY, "--format", "json", cwd=repo)
    shards = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard-{k}.json"
        run_cli(
            "check",
            "base",
            "revision",
            "--today",
            TODAY,
            "--shard",
            f"{k}/3",
            "--format",
            f"json={out}",
            cwd=repo,
        )
        shards.append(str(out))
        assert json.loads(out.read_text())["shard"] == {"index": k, "count": 3, "apis": 24}
    for fmt in FORMATS:
        merged = run_cli("merge", *shards, "--format", fmt, cwd=repo)
        one = run_cli("check", "base", "revision", "--today", TODAY, "--format", fmt, cwd=repo)
        assert merged.stdout == one.stdout, fmt
        assert merged.exit_code == one.exit_code == whole.exit_code == 1
    merged_json = run_cli("merge", *shards, "--format", "json", cwd=repo)
    assert merged_json.stdout == whole.stdout


@pytest.mark.parametrize(
    "sides",
    [("base", "revision"), ("HEAD:apis/", "apis")],
    ids=["directories", "git-revision-of-a-directory"],
)
def test_parallel_output_equals_serial_output(repo: Path, sides: tuple[str, str]) -> None:
    # the revision tree is scanned by a helper and sent without its files' bytes: the
    # moved, added and removed APIs, which need them again, are judged the same
    serial = run_cli("check", *sides, "--today", TODAY, "-j", "1", "--format", "json", cwd=repo)
    for jobs in ("2", "3"):
        parallel = run_cli(
            "check", *sides, "--today", TODAY, "-j", jobs, "--format", "json", cwd=repo
        )
        assert parallel.stdout == serial.stdout
        assert parallel.exit_code == serial.exit_code == 1
    changes = {api["change"] for api in json.loads(serial.stdout)["apis"]}
    assert {"moved", "added", "removed"} <= changes


@pytest.mark.parametrize(
    ("sides", "named"),
    [
        (("base", "missing/**/openapi.yaml"), "missing"),
        (("gone/**/openapi.yaml", "missing/**/openapi.yaml"), "gone"),
    ],
    ids=["revision-side", "both-sides-the-base-first"],
)
def test_a_side_that_cannot_be_read_is_one_error_whatever_the_jobs(
    repo: Path, sides: tuple[str, str], named: str
) -> None:
    # with helpers, a helper scans the revision tree: its error is said by this process,
    # in the order a serial run meets them, and no helper is left behind
    results = [run_cli("check", *sides, "-j", jobs, cwd=repo) for jobs in ("1", "2")]
    assert [r.exit_code for r in results] == [2, 2]
    assert results[0].stderr == results[1].stderr
    assert results[0].stderr.startswith(f"oasgate: error: {named}: no such directory")


def test_a_merge_missing_a_shard_is_refused(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.json"
    run_cli("check", "base", "revision", "--shard", "1/2", "--format", f"json={out}", cwd=repo)
    result = run_cli("merge", str(out), cwd=repo)
    assert result.exit_code == 2
    assert "shard(s) 2 of 2 missing" in result.stderr


def test_only_unreadable_apis_exit_2(repo: Path, tmp_path: Path) -> None:
    base, revision = tmp_path / "b", tmp_path / "r"
    shutil.copytree(repo / "base" / "steady", base)
    shutil.copytree(repo / "revision" / "steady", revision)
    (revision / "svc03" / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: [\n")
    result = run_cli("check", str(base), str(revision), "--format", "junit")
    assert result.exit_code == 2
    assert "svc03/openapi.yaml" in result.stderr
    assert 'errors="1"' in result.stdout and 'tests="' in result.stdout


def test_a_directory_against_a_file_is_a_usage_error(repo: Path) -> None:
    result = run_cli("check", "base", "revision/billing/openapi.yaml", cwd=repo)
    assert result.exit_code == 2
    assert "base: is a directory or glob of specs, and the other side" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "option",
    [
        ("--explain",),
        ("--map-prefix", "/v1=/v2"),
        ("--exclude-extension", "x-internal"),
        ("--path-base", "."),
    ],
)
def test_options_of_one_pair_are_refused_over_trees(repo: Path, option: tuple[str, ...]) -> None:
    """A flag that compares one pair is not silently dropped over trees: exit 2, saying
    where the setting goes instead."""
    result = run_cli("check", "base", "revision", *option, cwd=repo)
    assert result.exit_code == 2
    assert "compare one pair of documents" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_pair_keeps_its_report_shape(repo: Path) -> None:
    result = run_cli(
        "check",
        "base/billing/openapi.yaml",
        "revision/billing/openapi.yaml",
        "--format",
        "json",
        cwd=repo,
    )
    data = json.loads(result.stdout)
    assert "apis" not in data and "shard" not in data
    assert all("api" not in finding for finding in data["findings"])


def test_every_format_names_every_api(repo: Path) -> None:
    for fmt in ("text", "markdown", "html", "junit"):
        out = run_cli("check", "base", "revision", "--today", TODAY, "--format", fmt, cwd=repo)
        for name in ("billing/openapi.yaml", "broken/openapi.yaml", "gone/openapi.yaml"):
            assert name in out.stdout, (fmt, name)
    sarif = json.loads(
        run_cli("check", "base", "revision", "--today", TODAY, "--format", "sarif", cwd=repo).stdout
    )
    assert len(sarif["runs"]) == 1
    files = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert "revision/billing/openapi.yaml" in files and "base/gone/openapi.yaml" in files


def test_status_and_versions_read_every_spec_of_a_tree(repo: Path) -> None:
    status = run_cli("status", "revision/steady", "--format", "json", cwd=repo)
    assert status.exit_code == 0
    assert status.stdout.count("Service ") >= 10
    versions = run_cli("versions", "HEAD:apis/steady/", "--format", "json", cwd=repo)
    assert versions.exit_code == 0
    assert len(json.loads(versions.stdout)["apis"]) == 10


@pytest.mark.parametrize("spec", ["apis", "apis/**/openapi.yaml"])
def test_the_action_gates_a_directory_or_glob_of_specs(tmp_path: Path, spec: str) -> None:
    from tests.acceptance.gitrepo import REPO, commit_all, git, run_action_module

    petstore = REPO / "examples" / "petstore"
    origin = tmp_path / "origin"
    for name in ("pets", "stores"):
        (origin / "apis" / name).mkdir(parents=True)
        shutil.copy(petstore / "base.yaml", origin / "apis" / name / "openapi.yaml")
    git(origin, "init", "-q", "-b", "main")
    commit_all(origin, "release the APIs")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(work))
    git(work, "checkout", "-q", "-b", "feature")
    shutil.copy(petstore / "revision.yaml", work / "apis" / "pets" / "openapi.yaml")
    commit_all(work, "change one API")
    run = run_action_module(work, tmp_path / "runner", spec=spec)
    assert run.exit_code == 1, run.stderr
    assert run.outputs["errors"] == "7"  # the pets API's; stores is unchanged
    report = json.loads(Path(run.outputs["report-path"]).read_text())
    assert {a["name"]: a["change"] for a in report["apis"]} == {
        "pets/openapi.yaml": "changed",
        "stores/openapi.yaml": "unchanged",
    }
    assert "::error file=apis/pets/openapi.yaml" in run.stdout


GATEWAY_PETS = """\
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
%s
components:
  schemas:
    Pet: {type: object, properties: {id: {type: string}}}
    Store: {type: object, properties: {name: {type: string}}}
"""
STORES_PATH = """\
  /stores:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
"""
GATEWAY_STORES = """\
openapi: 3.0.3
info: {title: Stores, version: '1'}
paths:
%s
components:
  schemas:
    Store: {type: object, properties: {name: {type: string}}}
"""


def test_as_one_api_an_operation_moved_between_specs_is_not_removed(tmp_path: Path) -> None:
    for side, pets, stores in (
        ("base", GATEWAY_PETS % "", GATEWAY_STORES % STORES_PATH),
        ("revision", GATEWAY_PETS % STORES_PATH, GATEWAY_STORES % "  {}"),
    ):
        for name, text in (("pets", pets), ("stores", stores)):
            (tmp_path / side / name).mkdir(parents=True)
            (tmp_path / side / name / "openapi.yaml").write_text(
                text.replace("paths:\n  {}", "paths: {}")
            )
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "trees")
    per_api = run_cli("check", "base", "revision", "--format", "json", cwd=tmp_path)
    assert per_api.exit_code == 1  # one spec by one: /stores left the stores API
    for base in ("base", "HEAD:base/"):
        one = run_cli("check", base, "revision", "--as-one-api", "--format", "json", cwd=tmp_path)
        assert one.exit_code == 0, one.stderr
        report = json.loads(one.stdout)
        assert report["findings"] == []
        assert "apis" not in report  # one API: the one-pair report
    # the revision's stores spec serves /stores too: ambiguous behind a gateway
    (tmp_path / "revision" / "stores" / "openapi.yaml").write_text(GATEWAY_STORES % STORES_PATH)
    twice = run_cli("check", "base", "revision", "--as-one-api", "--format", "json", cwd=tmp_path)
    diagnostics = json.loads(twice.stdout)["diagnostics"]
    assert [d["code"] for d in diagnostics] == ["path-served-twice"]
    assert diagnostics[0]["location"]["file"] == "revision/stores/openapi.yaml"


def test_a_progress_bar_on_a_terminal_only(repo: Path) -> None:
    from tests.acceptance.test_report_cli import _run_on_a_terminal

    code, screen = _run_on_a_terminal("check", "base", "revision", "-j", "2", env={}, cwd=repo)
    assert code == 1
    assert "\x1b[?25l" in screen and "APIs" in screen  # the live display, its counts
    code, screen = _run_on_a_terminal("check", "base", "revision", env={"CI": "true"}, cwd=repo)
    assert "\x1b[?25l" not in screen


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("rulez: {a: b}", "unknown key 'rulez'"),
        ("rules: {nope-rule: error}", "unknown rule id 'nope-rule'"),
        ("apis: {'y': {}}", "cannot hold another 'apis:' map"),
    ],
)
def test_a_mistake_in_an_apis_entry_is_reported_with_its_line(
    tmp_path: Path, entry: str, message: str
) -> None:
    (tmp_path / ".oasgate.yaml").write_text(f"apis:\n  'x/**':\n    {entry}\n")
    petstore = Path(__file__).resolve().parents[2] / "examples" / "petstore"
    result = run_cli(
        "check", str(petstore / "base.yaml"), str(petstore / "revision.yaml"), cwd=tmp_path
    )
    assert result.exit_code == 2
    assert ".oasgate.yaml:3:" in result.stderr and message in result.stderr


@pytest.mark.parametrize("sides", [("base", "revision"), ("base/billing/openapi.yaml",) * 2])
def test_a_job_count_below_one_is_refused_for_trees_and_files(
    repo: Path, sides: tuple[str, str]
) -> None:
    result = run_cli("check", *sides, "--jobs", "0", cwd=repo)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr and "x>=1" in result.stderr
    assert "Traceback" not in result.stderr
