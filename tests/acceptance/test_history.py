"""The spec's history (issue 21, docs/history.md): ``oasgate log`` over a repository built
in the test — a dozen commits with their dates set — gives the expected log, release
notes and feed, and ``--dates-from-git`` gives the deprecation-window verdicts with
dates taken from the commits."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import feedparser
import jsonschema
import pytest

from oasgate.engine import check
from oasgate.history import LogOptions, read_log
from tests.acceptance.gitrepo import clean_env
from tests.acceptance.history_repo import SPEC, build
from tests.conftest import REPO, run_cli

SCHEMA = json.loads((REPO / "src" / "oasgate" / "report.schema.json").read_text())


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("history") / "repo"
    return root, build(root)


def log(root: Path, *args: str) -> str:
    result = run_cli("log", SPEC, *args, cwd=root)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_log_lists_each_commit_that_changed_the_api_newest_first(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, ids = history
    data = json.loads(log(root, "--format=json"))
    jsonschema.validate(data, SCHEMA)
    subjects = [entry["subject"] for entry in data["log"]["entries"]]
    # the README commit, the description-only commit and the tag-only commit change no API
    assert subjects == [
        "Remove offset and nickname after the window",
        "Remove the size parameter: too early",
        "Deprecate size, offset and nickname",
        "Add paging and the Pet schema",
        "Remove GET /owners after its window",
        "Remove GET /stores after its window",
        "Rename the limit parameter",
        "Restore GET /owners: too early",
        "Remove GET /owners",
        "Deprecate GET /stores",
        "Deprecate GET /owners",
        "Add POST /pets",
    ]
    rename = data["log"]["entries"][6]
    assert rename["commit"] == ids["Rename the limit parameter"]
    assert rename["previous"] == ids["Restore GET /owners: too early"]
    assert rename["tags"] == ["v2.0.0"] and rename["date"].startswith("2025-05-01")
    assert [f["id"] for f in rename["findings"]] == ["request-parameter-renamed"]
    # the top-level findings are every entry's, as one report of the range
    assert len(data["findings"]) == sum(len(e["findings"]) for e in data["log"]["entries"])


def test_breaking_changes_come_first_in_each_entry(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    data = json.loads(log(root, "--format=json"))
    for entry in data["log"]["entries"]:
        kinds = [f["classification"] == "breaking" for f in entry["findings"]]
        assert kinds == sorted(kinds, reverse=True), entry["subject"]


def test_each_entry_is_what_check_says_of_the_pair(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    found = read_log(LogOptions(str(root / SPEC)))
    assert len(found.entries) == 12
    for entry in found.entries:
        assert entry.report is not None
        alone = check(
            _tree(root, entry.previous.id),
            _tree(root, entry.commit.id),
            today=entry.commit.date.date(),
        )
        assert sorted(f.fingerprint for f in entry.report.findings) == sorted(
            f.fingerprint for f in alone.findings
        ), entry.commit.subject


def _tree(root: Path, commit: str) -> str:
    path = root / "at" / commit
    if not path.exists():
        path.mkdir(parents=True)
        blob = subprocess.run(
            ["git", "show", f"{commit}:{SPEC}"],
            cwd=root,
            env=clean_env(),
            capture_output=True,
            check=True,
        ).stdout
        (path / "openapi.yaml").write_bytes(blob)
    return str(path / "openapi.yaml")


def test_tags_give_one_entry_per_release_and_skip_pre_releases(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, _ = history
    data = json.loads(log(root, "--tags", "--format=json"))
    pairs = [(e["previous_tags"], e["tags"]) for e in data["log"]["entries"]]
    assert pairs == [
        (["v2.1.0"], ["v2.2.0"]),
        (["v2.0.0"], ["v2.1.0"]),
        (["v1.3.1"], ["v2.0.0"]),
        (["v1.2.0"], ["v1.3.1"]),
        (["v1.0.0"], ["v1.2.0"]),
    ]
    notes = log(root, "--tags", "--format=changelog")
    assert notes.index("## Pets 2.2.0 (2025-11-01)") < notes.index("## Pets 1.2.0 (2025-03-01)")
    assert "query parameter 'limit' renamed to 'size'" in notes


def test_the_feed_has_an_entry_per_release_dated_by_its_commit(
    history: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = history
    feed_file = tmp_path / "api.atom"
    log(root, "--tags", "--range", "v1.0.0..v2.0.0", f"--format=atom={feed_file}")
    first = feedparser.parse(feed_file.read_text())
    assert not first.bozo
    assert [e.title for e in first.entries] == ["Pets 2.0.0", "Pets 1.3.1", "Pets 1.2.0"]
    assert first.entries[0].updated.startswith("2025-05-01")
    # later releases are added to the same feed; those already there are not repeated
    log(root, "--tags", "--since", "v1.0.0", f"--format=atom={feed_file}")
    titles = [e.title for e in feedparser.parse(feed_file.read_text()).entries]
    assert titles == ["Pets 2.2.0", "Pets 2.1.0", "Pets 2.0.0", "Pets 1.3.1", "Pets 1.2.0"]
    rss = feedparser.parse(log(root, "--tags", "--format=rss"))
    assert not rss.bozo and len(rss.entries) == 5


def test_breaking_only_says_when_it_broke(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    text = log(root, "--breaking-only", "--range", "v2.0.0..v2.2.0")
    assert text.splitlines()[0].startswith("v2.2.0 (")
    assert "path /stores removed" in text and "renamed" not in text
    assert "Add POST" not in log(root, "--breaking-only")


def test_markdown_names_each_entry_and_what_it_is_compared_with(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, ids = history
    page = log(root, "--format=markdown", "--range", "v1.0.0..v1.2.0")
    assert page.startswith(f"# History of `{SPEC}`")
    assert "## v1.2.0 (" in page and f"Compared with `{ids['Add POST /pets'][:7]}`" in page
    assert "### Deprecations" in page and "### Additions" in page


@pytest.mark.parametrize(
    ("base", "revision", "today", "rule", "exit_code", "said"),
    [
        # deprecated 2025-03-01 (no date in the spec), removed a month later: too early
        (
            "Deprecate GET /stores",
            "Remove GET /owners",
            "2025-04-01",
            "path-removed-before-sunset",
            1,
            "GET /owners: deprecated since 2025-03-01, commit {Deprecate GET /owners}; "
            "implied sunset 2025-09-01",
        ),
        # deprecated 2025-03-15, removed 2025-10-01: after the six months' window
        (
            "Rename the limit parameter",
            "Remove GET /stores after its window",
            "2025-10-01",
            "path-removed-after-sunset",
            0,
            "GET /stores: deprecated since 2025-03-15, commit {Deprecate GET /stores}; "
            "implied sunset 2025-09-15",
        ),
        # removed, restored (deprecated again from 2025-04-02) and removed after that window
        (
            "Describe /pets",
            "Remove GET /owners after its window",
            "2025-11-01",
            "path-removed-after-sunset",
            0,
            "GET /owners: deprecated since 2025-04-02, commit {Restore GET /owners: too early}",
        ),
    ],
)
def test_dates_from_git_enforce_the_deprecation_window(
    history: tuple[Path, dict[str, str]],
    base: str,
    revision: str,
    today: str,
    rule: str,
    exit_code: int,
    said: str,
) -> None:
    root, ids = history
    args = [f"{ids[base]}:{SPEC}", f"{ids[revision]}:{SPEC}", f"--today={today}"]
    without = run_cli("check", *args, "--format=json", cwd=root)
    assert without.exit_code == 1
    assert "path-removed-before-sunset" in {f["id"] for f in without.json()["findings"]}
    dated = run_cli("check", *args, "--dates-from-git", "--format=json", cwd=root)
    assert dated.exit_code == exit_code, dated.stderr
    report = dated.json()
    jsonschema.validate(report, SCHEMA)
    assert rule in {f["id"] for f in report["findings"]}
    notes = [d["message"] for d in report["diagnostics"] if d["code"] == "date-from-git"]
    expected = said
    for subject, commit in ids.items():
        expected = expected.replace("{" + subject + "}", commit[:7])
    assert any(note.startswith(expected) for note in notes), notes


def test_the_config_key_turns_dates_from_git_on(history: tuple[Path, dict[str, str]]) -> None:
    root, ids = history
    config = root / "dates.yaml"
    config.write_text("policy:\n  dates-from-git: true\n")
    result = run_cli(
        "check",
        f"{ids['Rename the limit parameter']}:{SPEC}",
        f"{ids['Remove GET /stores after its window']}:{SPEC}",
        "--today=2025-10-01",
        f"--config={config}",
        cwd=root,
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "removed after its sunset 2025-09-15" in result.stdout


def test_status_fills_release_and_end_of_life_dates(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    result = run_cli(
        "status", SPEC, "--dates-from-git", "--today=2025-10-01", "--format=json", cwd=root
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "2025-01-10" in text and "2025-02-01" in text  # GET /pets, POST /pets released
    assert "released 2025-02-01, commit" in result.stderr


def test_a_shallow_clone_is_refused_with_how_to_fetch_history(
    history: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = history
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth=2", f"file://{root}", str(shallow)],
        env=clean_env(),
        check=True,
    )
    for result in (
        run_cli("log", SPEC, cwd=shallow),
        run_cli("check", f"HEAD~1:{SPEC}", SPEC, "--dates-from-git", cwd=shallow),
    ):
        assert result.exit_code == 2
        assert "git fetch --unshallow" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--since", "v9.9.9"], "no revision 'v9.9.9'"),
        (["--range", "v1.0.0"], "write it as A..B"),
        (["--since", "v1.0.0", "--range", "v1.0.0..v2.0.0"], "not both"),
    ],
)
def test_bad_revisions_are_one_clear_error(
    history: tuple[Path, dict[str, str]], args: list[str], said: str
) -> None:
    root, _ = history
    result = run_cli("log", SPEC, *args, cwd=root)
    assert result.exit_code == 2 and said in result.stderr
    assert "Traceback" not in result.stderr


def test_a_spec_outside_the_repository_is_refused(
    history: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = history
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("openapi: 3.0.3\n")
    result = run_cli("log", str(outside), cwd=root)
    assert result.exit_code == 2 and "git repository" in result.stderr


def test_each_blob_is_parsed_once(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    found = read_log(LogOptions(str(root / SPEC)))
    blobs = subprocess.run(
        ["git", "log", "--format=", "--raw", "--no-abbrev", "--", SPEC],
        cwd=root,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    distinct = {line.split()[3] for line in blobs.splitlines() if line}
    assert found.blobs_parsed == len(distinct) == 14


def _commit(root: Path, message: str, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    env = clean_env()
    subprocess.run(["git", "add", "-A"], cwd=root, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, env=env, check=True)


def test_a_multi_file_spec_follows_the_files_its_root_references(tmp_path: Path) -> None:
    root = tmp_path / "multi"
    root.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=root, env=clean_env(), check=True)
    document = (
        "openapi: 3.0.3\ninfo: {title: M, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {$ref: '../schemas/pet.yaml'}\n"
    )
    pet = "type: object\nproperties:\n  id: {type: integer}\n  name: {type: string}\n"
    _commit(root, "Add", {"api/openapi.yaml": document, "schemas/pet.yaml": pet})
    _commit(root, "Unrelated schema", {"schemas/other.yaml": "type: string\n"})
    _commit(
        root, "Drop Pet.name", {"schemas/pet.yaml": pet.replace("  name: {type: string}\n", "")}
    )
    found = read_log(LogOptions(str(root / "api/openapi.yaml")))
    assert [e.commit.subject for e in found.entries] == ["Drop Pet.name"]
    (entry,) = found.entries
    assert entry.report is not None
    assert [f.rule for f in entry.report.findings] == ["response-property-removed"]
    assert found.opened == 2  # the unrelated commit was known unchanged without parsing


def test_the_action_fetches_the_history_it_needs_for_dates(tmp_path: Path) -> None:
    from tests.acceptance.gitrepo import run_action_module
    from tests.acceptance.history_repo import HISTORY, spec

    origin = tmp_path / "origin"
    ids = build(origin)
    env = clean_env()

    def git(cwd: Path, *args: str, date: str | None = None) -> None:
        extra = {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {}
        subprocess.run(["git", *args], cwd=cwd, env={**env, **extra}, check=True)

    # main is released up to the rename; the pull request removes GET /stores in October
    git(origin, "reset", "-q", "--hard", ids["Rename the limit parameter"])
    git(origin, "checkout", "-q", "-b", "feature")
    removed = spec("2.1.0", post_pets=True, owners="deprecated", stores=None, pets_param="size")
    (origin / SPEC).write_text(removed)
    git(origin, "commit", "-qam", "Remove GET /stores", date=HISTORY[8][0])
    git(origin, "checkout", "-q", "main")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", "--depth=1", "--single-branch", "--branch", "feature",
        f"file://{origin}", str(work))  # fmt: skip
    undated = run_action_module(work, tmp_path / "r1", spec=SPEC, today="2025-10-01")
    assert undated.exit_code == 1, undated.stderr
    dated = run_action_module(
        work, tmp_path / "r2", spec=SPEC, today="2025-10-01", dates_from_git="true"
    )
    assert dated.exit_code == 0, dated.stdout + dated.stderr
    assert "fetching the history" in dated.stdout
    assert dated.outputs["errors"] == "0"


def _document(*paths: str) -> str:
    body = "".join(
        f"  {p}:\n    get:\n      responses:\n        '200': {{description: ok}}\n" for p in paths
    )
    return f"openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{body}"


def test_a_commit_whose_spec_cannot_be_read_is_an_entry_and_the_walk_goes_on(
    tmp_path: Path,
) -> None:
    root = tmp_path / "broken"
    root.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=root, env=clean_env(), check=True)
    _commit(root, "Add", {"api.yaml": _document("/a", "/b")})
    _commit(root, "Break", {"api.yaml": "openapi: 3.0.3\npaths: [\n"})
    _commit(root, "Remove /b", {"api.yaml": _document("/a")})
    result = run_cli("log", "api.yaml", "--format=json", cwd=root)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    removed, broken = data["log"]["entries"]
    assert broken["subject"] == "Break" and broken["findings"] == []
    assert "api.yaml" in broken["error"] and broken["summary"] is None
    # compared with the last state that could be read
    assert removed["subject"] == "Remove /b" and removed["previous"] == broken["commit"]
    assert [f["id"] for f in removed["findings"]] == ["path-removed"]


def test_first_parent_makes_each_merge_one_entry(tmp_path: Path) -> None:
    root = tmp_path / "merges"
    root.mkdir()
    env = clean_env()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    _commit(root, "Add /a", {"api.yaml": _document("/a")})
    git("checkout", "-q", "-b", "feature")
    _commit(root, "Add /b", {"api.yaml": _document("/a", "/b")})
    _commit(root, "Add /c", {"api.yaml": _document("/a", "/b", "/c")})
    git("checkout", "-q", "main")
    _commit(root, "Unrelated", {"README.md": "x\n"})
    git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature")
    every = json.loads(run_cli("log", "api.yaml", "--format=json", cwd=root).stdout)
    assert [e["subject"] for e in every["log"]["entries"]] == ["Add /c", "Add /b"]
    main_line = json.loads(
        run_cli("log", "api.yaml", "--first-parent", "--format=json", cwd=root).stdout
    )
    (merge,) = main_line["log"]["entries"]
    assert merge["subject"] == "Merge feature"
    assert len(merge["findings"]) == 2  # /b and /c, one entry


def test_the_log_speaks_spanish_under_lang_es(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    page = log(root, "--lang", "es", "--format=markdown", "--range", "v2.0.0..v2.1.0")
    assert page.startswith(f"# Historial de `{SPEC}`")
    assert "Comparado con" in page and "Compared with" not in page
    ids = [f["id"] for f in json.loads(log(root, "--lang", "es", "--format=json"))["findings"]]
    assert ids == [f["id"] for f in json.loads(log(root, "--format=json"))["findings"]]


@pytest.mark.parametrize("since", [[], ["--since", "v2.0.0"]])
def test_the_log_judges_each_removal_by_dates_from_git(
    history: tuple[Path, dict[str, str]], since: list[str]
) -> None:
    root, _ = history
    data = json.loads(log(root, "--dates-from-git", "--format=json", *since))
    jsonschema.validate(data, SCHEMA)
    rules = {e["subject"]: {f["id"] for f in e["findings"]} for e in data["log"]["entries"]}
    # dated from the commits that deprecated them (six months' window)
    assert "path-removed-after-sunset" in rules["Remove GET /stores after its window"]
    assert "path-removed-after-sunset" in rules["Remove GET /owners after its window"]
    if not since:
        assert "path-removed-before-sunset" in rules["Remove GET /owners"]
        assert "operation-deprecated" in rules["Deprecate GET /owners"]  # dated: no warning
    # the same text in both models: no entry for a commit that only changes a description
    assert "Describe /pets" not in rules
    undated = json.loads(log(root, "--format=json", *since))
    assert "path-removed-before-sunset" in {
        f["id"] for e in undated["log"]["entries"] for f in e["findings"]
        if e["subject"] == "Remove GET /stores after its window"
    }  # fmt: skip


def test_the_notes_of_dates_from_git_do_not_fail_a_strict_gate(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, ids = history
    result = run_cli(
        "check",
        f"{ids['Rename the limit parameter']}:{SPEC}",
        f"{ids['Remove GET /stores after its window']}:{SPEC}",
        "--today=2025-10-01",
        "--dates-from-git",
        "--strict",
        "--format=json",
        cwd=root,
    )
    assert result.exit_code == 0, result.stderr
    assert {d["code"] for d in result.json()["diagnostics"]} == {"date-from-git"}


#: the commit that deprecated size, offset and nickname (no date in the spec)
_DEPRECATED = "Deprecate size, offset and nickname"


def _with_ids(text: str, ids: dict[str, str]) -> str:
    for subject, commit in ids.items():
        text = text.replace("{" + subject + "}", commit[:7])
    return text


@pytest.mark.parametrize(
    ("base", "revision", "today", "findings", "exit_code", "said"),
    [
        # a query parameter deprecated 2025-12-01, removed a month later: too early
        (
            _DEPRECATED,
            "Remove the size parameter: too early",
            "2026-01-05",
            {
                "request-parameter-removed-before-sunset": (
                    "query parameter 'size' removed before its sunset 2026-06-01"
                )
            },
            1,
            [
                "query parameter `size` of GET /pets: deprecated since 2025-12-01, commit "
                f"{{{_DEPRECATED}}}; implied sunset 2026-06-01 (6 months after deprecation)",
                "query parameter `offset` of #/components/parameters/Offset: deprecated since "
                f"2025-12-01, commit {{{_DEPRECATED}}}; implied sunset 2026-06-01 "
                "(6 months after deprecation)",
                "property `nickname` of #/components/schemas/Pet: deprecated since "
                f"2025-12-01, commit {{{_DEPRECATED}}}; implied sunset 2026-06-01 "
                "(6 months after deprecation)",
            ],
        ),
        # a component parameter (through $ref) and a component schema's property, removed
        # after the six months' window
        (
            "Remove the size parameter: too early",
            "Remove offset and nickname after the window",
            "2026-06-15",
            {
                "request-parameter-removed-after-sunset": (
                    "query parameter 'offset' removed after its sunset 2026-06-01"
                ),
                "response-property-removed-after-sunset": (
                    "response property 'Pet.nickname' removed after its sunset 2026-06-01"
                ),
            },
            0,
            [
                "query parameter `offset` of #/components/parameters/Offset: deprecated since "
                f"2025-12-01, commit {{{_DEPRECATED}}}; implied sunset 2026-06-01 "
                "(6 months after deprecation)",
                "property `nickname` of #/components/schemas/Pet: deprecated since "
                f"2025-12-01, commit {{{_DEPRECATED}}}; implied sunset 2026-06-01 "
                "(6 months after deprecation)",
            ],
        ),
    ],
)
def test_dates_from_git_date_parameters_and_properties(
    history: tuple[Path, dict[str, str]],
    base: str,
    revision: str,
    today: str,
    findings: dict[str, str],
    exit_code: int,
    said: list[str],
) -> None:
    root, ids = history
    args = [f"{ids[base]}:{SPEC}", f"{ids[revision]}:{SPEC}", f"--today={today}"]
    without = run_cli("check", *args, "--format=json", cwd=root)
    assert without.exit_code == 1  # undated: "removed while deprecated without a sunset"
    assert {f["id"] for f in without.json()["findings"]} >= {
        rule.replace("after-sunset", "before-sunset") for rule in findings
    }
    dated = run_cli("check", *args, "--dates-from-git", "--format=json", cwd=root)
    assert dated.exit_code == exit_code, dated.stdout + dated.stderr
    report = dated.json()
    jsonschema.validate(report, SCHEMA)
    removals = {f["id"]: f["message"] for f in report["findings"] if "-removed-" in f["id"]}
    assert removals == findings
    notes = [d["message"] for d in report["diagnostics"] if d["code"] == "date-from-git"]
    assert notes == [_with_ids(note, ids) for note in said]


def test_the_log_dates_parameters_and_properties(history: tuple[Path, dict[str, str]]) -> None:
    root, _ = history
    data = json.loads(log(root, "--dates-from-git", "--format=json", "--since", "v2.2.0"))
    jsonschema.validate(data, SCHEMA)
    rules = {
        e["subject"]: sorted(f["id"] for f in e["findings"] if "-removed-" in f["id"])
        for e in data["log"]["entries"]
    }
    assert rules["Remove the size parameter: too early"] == [
        "request-parameter-removed-before-sunset"
    ]
    assert rules["Remove offset and nickname after the window"] == [
        "request-parameter-removed-after-sunset",
        "response-property-removed-after-sunset",
    ]
    undated = json.loads(log(root, "--format=json", "--since", "v2.2.0"))
    assert all("dates" not in entry for entry in undated["log"]["entries"])
    last = undated["log"]["entries"][0]
    assert last["subject"] == "Remove offset and nickname after the window"
    assert sorted(f["id"] for f in last["findings"] if "-removed-" in f["id"]) == [
        "request-parameter-removed-before-sunset",
        "response-property-removed-before-sunset",
    ]


def test_status_lists_no_parameter_dates(history: tuple[Path, dict[str, str]]) -> None:
    """The status table lists operations: a deprecated parameter or property adds no date
    to it and no note of where a date came from."""
    root, ids = history
    spec = f"{ids['Remove the size parameter: too early']}:{SPEC}"
    result = run_cli("status", spec, "--dates-from-git", "--today=2026-02-01", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "List pets   2.5.0     2025-01-10     Stable   N/A" in result.stdout
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert notes and not [note for note in notes if "parameter" in note or "property" in note]


def test_each_log_entry_says_where_its_dates_came_from(
    history: tuple[Path, dict[str, str]],
) -> None:
    root, ids = history
    data = json.loads(log(root, "--dates-from-git", "--format=json", "--since", "v2.2.0"))
    said = {e["subject"]: e["dates"] for e in data["log"]["entries"]}
    since = f"deprecated since 2025-12-01, commit {ids[_DEPRECATED][:7]}"
    implied = "implied sunset 2026-06-01 (6 months after deprecation)"
    # what an entry removes is judged with its base's dates; what it deprecates, its own
    assert said == {
        "Remove offset and nickname after the window": [
            f"property `nickname` of #/components/schemas/Pet: {since}; {implied}",
            f"query parameter `offset` of #/components/parameters/Offset: {since}; {implied}",
        ],
        "Remove the size parameter: too early": [
            f"query parameter `size` of GET /pets: {since}; {implied}"
        ],
        _DEPRECATED: [
            f"property `nickname` of #/components/schemas/Pet: {since}; {implied}",
            f"query parameter `offset` of #/components/parameters/Offset: {since}; {implied}",
            f"query parameter `size` of GET /pets: {since}; {implied}",
        ],
        "Add paging and the Pet schema": [],
    }
    text = log(root, "--dates-from-git", "--range", f"{ids[_DEPRECATED]}..HEAD~1")
    assert text.splitlines()[:3] == [
        f"{ids['Remove the size parameter: too early'][:7]}  2026-01-05  "
        "Remove the size parameter: too early  (1 breaking change, 1 deprecation)",
        "  breaking   error   GET /pets: query parameter 'size' removed before its sunset "
        "2026-06-01 [request-parameter-removed-before-sunset]",
        "  breaking   warning the document: info.version went from 2.4.0 to 2.5.0 despite 1 "
        "breaking change(s): semantic versioning asks for a new major version "
        "[api-major-version-not-bumped]",
    ]
    assert text.splitlines()[3] == (
        f"  query parameter `size` of GET /pets: {since}; {implied} [date-from-git]"
    )
    assert "[date-from-git]" not in log(root, "--range", f"{ids[_DEPRECATED]}..HEAD~1")
    page = log(root, "--dates-from-git", "--format=markdown", "--range", "v2.1.0..v2.2.0")
    owners = "GET /owners: deprecated since 2025-04-02, commit "
    assert f"> {owners}{ids['Restore GET /owners: too early'][:7]}; implied sunset " in page


def test_the_history_follows_the_spec_across_a_move(tmp_path: Path) -> None:
    """``git mv`` of the root document: the log and the dates read its history under its
    former name (the move itself changes no API, so it is no entry)."""
    from tests.acceptance.history_repo import _git, spec

    root = tmp_path / "moved"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    steps = [
        ("2025-01-10T10:00:00Z", "Add the API", "openapi.yaml", spec("1.0.0")),
        ("2025-02-01T10:00:00Z", "Deprecate GET /owners", "openapi.yaml",
         spec("1.1.0", owners="deprecated")),
        ("2025-07-01T10:00:00Z", "Move the spec under api/", SPEC, None),
        ("2025-09-01T10:00:00Z", "Remove GET /owners", SPEC,
         spec("2.0.0", owners=None)),
    ]  # fmt: skip
    for date, subject, path, document in steps:
        if document is None:
            (root / "api").mkdir()
            _git(root, "mv", "openapi.yaml", SPEC)
        else:
            (root / path).write_text(document, encoding="utf-8")
            _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", subject, date=date)
    data = json.loads(log(root, "--dates-from-git", "--format=json"))
    entries = {e["subject"]: e for e in data["log"]["entries"]}
    assert list(entries) == ["Remove GET /owners", "Deprecate GET /owners"]
    assert "path-removed-after-sunset" in {
        f["id"] for f in entries["Remove GET /owners"]["findings"]
    }
    deprecated = _git(root, "rev-parse", "--short=7", "HEAD~2").strip()
    said = (
        f"GET /owners: deprecated since 2025-02-01, commit {deprecated}; implied sunset 2025-08-01"
    )
    assert entries["Remove GET /owners"]["dates"][0].startswith(said)
    result = run_cli(
        "check", f"HEAD~1:{SPEC}", f"HEAD:{SPEC}", "--dates-from-git", "--today=2025-09-01",
        "--format=json", cwd=root,
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "path-removed-after-sunset" in {f["id"] for f in result.json()["findings"]}
    notes = [d["message"] for d in result.json()["diagnostics"] if d["code"] == "date-from-git"]
    assert notes[0].startswith(said), notes


def test_over_two_trees_each_api_is_dated_from_its_own_history(tmp_path: Path) -> None:
    """Many APIs at once: ``apis/`` at two revisions, each API's deprecation dated by the
    commit that deprecated it in its own file."""
    from tests.acceptance.history_repo import _git, spec

    root = tmp_path / "tree"
    (root / "apis" / "pets").mkdir(parents=True)
    (root / "apis" / "shop").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    steps = [
        ("2025-01-10T10:00:00Z", "Add two APIs", {"pets": spec("1.0.0"), "shop": spec("1.0.0")}),
        ("2025-02-01T10:00:00Z", "Deprecate GET /owners of pets",
         {"pets": spec("1.1.0", owners="deprecated")}),
        ("2025-07-01T10:00:00Z", "Deprecate GET /owners of shop",
         {"shop": spec("1.1.0", owners="deprecated")}),
        ("2025-09-01T10:00:00Z", "Remove GET /owners from both",
         {"pets": spec("2.0.0", owners=None), "shop": spec("2.0.0", owners=None)}),
    ]  # fmt: skip
    # the pets team turns dates from git on for its API alone (read from the base tree)
    (root / "apis" / "pets" / ".oasgate.yaml").write_text("policy:\n  dates-from-git: true\n")
    for date, subject, documents in steps:
        for api, document in documents.items():
            (root / "apis" / api / "openapi.yaml").write_text(document, encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", subject, date=date)
    args = ["check", "HEAD~1:apis/", "HEAD:apis/", "--today=2025-09-01", "--format=json"]
    result = run_cli(*args, "--dates-from-git", cwd=root)
    assert result.exit_code == 1, result.stdout + result.stderr  # shop: too early
    report = result.json()
    jsonschema.validate(report, SCHEMA)
    verdicts = {(f["api"], f["id"]) for f in report["findings"] if "-removed-" in f["id"]}
    assert verdicts == {
        ("pets/openapi.yaml", "path-removed-after-sunset"),
        ("shop/openapi.yaml", "path-removed-before-sunset"),
    }
    notes = {
        d["api"]: [d["message"]] for d in report["diagnostics"] if d["code"] == "date-from-git"
    }
    pets, shop = (_git(root, "rev-parse", "--short=7", f"HEAD~{n}").strip() for n in (2, 1))
    assert notes == {
        "pets/openapi.yaml": [
            f"GET /owners: deprecated since 2025-02-01, commit {pets}; "
            "implied sunset 2025-08-01 (6 months after deprecation)"
        ],
        "shop/openapi.yaml": [
            f"GET /owners: deprecated since 2025-07-01, commit {shop}; "
            "implied sunset 2026-01-01 (6 months after deprecation)"
        ],
    }
    alone = run_cli(*args, cwd=root).json()
    assert {d["api"] for d in alone["diagnostics"] if d["code"] == "date-from-git"} == {
        "pets/openapi.yaml"
    }
    assert {(f["api"], f["id"]) for f in alone["findings"] if "-removed-" in f["id"]} == {
        ("pets/openapi.yaml", "path-removed-after-sunset"),
        ("shop/openapi.yaml", "path-removed-before-sunset"),
    }
    refused = run_cli(*args, "--dates-from-git", "--as-one-api", cwd=root)
    assert refused.exit_code == 2 and "--as-one-api" in refused.stderr
