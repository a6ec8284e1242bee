"""Reports as CI uses them through the command line: several formats in one run, files
written whole or not at all, GitHub Actions defaults, the changelog command, and the
progress display only for a person at a terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema
import pytest

from oasgate.report import Format
from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "petstore"
BASE = str(EXAMPLE / "base.yaml")
REVISION = str(EXAMPLE / "revision.yaml")
SARIF_SCHEMA = Path(__file__).parents[1] / "schemas" / "sarif-2.1.0" / "sarif-2.1.0-rtm.5.json"


def _one_error_line(result, *fragments: str) -> None:
    """Exit 2 and one error line; a command-line usage error keeps click's usage hint
    above its ``Error:`` line."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(("oasgate: error:", "Error:"))]
    assert len(errors) == 1, result.stderr
    if not errors[0].startswith("Error:"):
        assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


def test_one_run_writes_text_to_the_terminal_and_sarif_and_junit_to_files(
    tmp_path: Path,
) -> None:
    sarif = tmp_path / "reports" / "oasgate.sarif"  # the directory is created
    junit = tmp_path / "junit.xml"
    result = run_cli(
        "check",
        BASE,
        REVISION,
        "--format",
        "text",
        "--format",
        f"sarif={sarif}",
        "--format",
        f"junit={junit}",
    )
    assert result.exit_code == 1, result.stderr
    assert "FAILED: 7 error(s)" in result.stdout
    log = json.loads(sarif.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, errors[0].message
    results = log["runs"][0]["results"]
    assert len(results) == 11  # 7 errors, 1 warning (1.0.0 → 1.1.0 with breaking changes), 3 info
    typed = next(r for r in results if r["ruleId"] == "response-property-type-changed")
    location = typed["locations"][0]["physicalLocation"]
    # an absolute path given, a path in the repository written (docs/reports.md)
    assert location["artifactLocation"] == {
        "uri": "examples/petstore/revision.yaml",
        "uriBaseId": "SRCROOT",
    }
    assert location["region"]["startLine"] == 91
    assert typed["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 93
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "11" and suite.get("failures") == "7"


def test_output_pairs_with_the_single_format(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli("check", BASE, REVISION, "--format", "json", "--output", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text())["summary"]["error"] == 7
    # --output without --format: the default format (text) goes to the file
    text_out = tmp_path / "report.txt"
    assert run_cli("check", BASE, REVISION, "-o", str(text_out)).exit_code == 1
    assert "FAILED: 7 error(s)" in text_out.read_text()


def test_every_format_is_byte_identical_across_runs(tmp_path: Path) -> None:
    def run(folder: Path) -> dict[str, bytes]:
        folder.mkdir()
        args = []
        for fmt in Format:
            args += ["--format", f"{fmt.value}={folder / fmt.value}"]
        result = run_cli("check", BASE, REVISION, *args)
        assert result.exit_code == 1, result.stderr
        return {fmt.value: (folder / fmt.value).read_bytes() for fmt in Format}

    first, second = run(tmp_path / "one"), run(tmp_path / "two")
    assert first == second
    assert all(first.values())


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--format", "json", "--format", "sarif"], ["only one format", "standard output"]),
        (["--format", "json", "--format", "sarif", "-o", "x"], ["--output FILE goes with"]),
        (["--format", "json=a.json", "-o", "x"], ["--output FILE has no format"]),
        (["--format", "pdf"], ["unknown format 'pdf'", "sarif"]),
        (["--format", "sarif="], ["a file name must follow"]),
        (["--format", "json=same.out", "--format", "sarif=same.out"], ["same file"]),
    ],
)
def test_output_misuse_is_one_clear_error(
    tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    result = run_cli("check", BASE, REVISION, *args, cwd=tmp_path)
    _one_error_line(result, *fragments)
    assert list(tmp_path.iterdir()) == []


def test_a_report_never_overwrites_an_input(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    revision = tmp_path / "revision.yaml"
    base.write_text(Path(BASE).read_text())
    revision.write_text(Path(REVISION).read_text())
    before = revision.read_bytes()
    result = run_cli("check", str(base), str(revision), "--format", f"sarif={revision}")
    _one_error_line(result, "refusing to write a report over an input document")
    assert revision.read_bytes() == before
    directory = tmp_path / "out"
    directory.mkdir()
    _one_error_line(
        run_cli("check", str(base), str(revision), "-o", str(directory)), "is a directory"
    )


def test_a_run_that_cannot_finish_leaves_existing_reports_untouched(tmp_path: Path) -> None:
    report = tmp_path / "report.sarif"
    report.write_text("previous report\n")
    result = run_cli(
        "check", str(tmp_path / "missing.yaml"), REVISION, "--format", f"sarif={report}"
    )
    _one_error_line(result, "missing.yaml", "no such file")
    assert report.read_text() == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]  # no temp files


def test_github_actions_defaults_to_annotations_and_appends_a_job_summary(
    tmp_path: Path,
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n")
    result = run_cli(
        "check",
        BASE,
        REVISION,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "::group::GET /pets"
    assert any(line.startswith("::error file=") for line in lines)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n### ❌ oasgate: the gate failed")
    # an explicit --format wins over the GitHub default
    explicit = run_cli("check", BASE, REVISION, "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert "FAILED: 7 error(s)" in explicit.stdout and "::error" not in explicit.stdout


# -- changelog -------------------------------------------------------------------------------


def test_changelog_markdown_to_stdout() -> None:
    result = run_cli("changelog", BASE, REVISION, "--date", "2025-03-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("## Petstore 1.1.0 (2025-03-01)\n")
    assert "### Breaking changes" in result.stdout and "### Additions" in result.stdout


def test_changelog_feed_file_grows_by_one_entry_per_release(tmp_path: Path) -> None:
    feed = tmp_path / "changelog.atom"
    rss = tmp_path / "changelog.rss"
    first = run_cli(
        "changelog", BASE, BASE, "--date", "2025-01-01",
        "--format", f"atom={feed}", "--format", f"rss={rss}",
    )  # fmt: skip
    assert first.exit_code == 0, first.stderr
    for _ in range(2):  # the second run adds nothing
        again = run_cli(
            "changelog", BASE, REVISION, "--date", "2025-03-01", "--link",
            "https://example.com/changes", "--format", f"atom={feed}", "--format", f"rss={rss}",
        )  # fmt: skip
        assert again.exit_code == 0, again.stderr
    for path in (feed, rss):
        parsed = feedparser.parse(path.read_text(encoding="utf-8"))
        assert not parsed.bozo
        assert [e.title for e in parsed.entries] == ["Petstore 1.1.0", "Petstore 1.0.0"]


def test_changelog_refuses_to_replace_a_file_that_is_not_a_feed(tmp_path: Path) -> None:
    notes = tmp_path / "CHANGES.md"
    notes.write_text("# Hand-written notes\n")
    result = run_cli("changelog", BASE, REVISION, "--format", f"atom={notes}")
    _one_error_line(result, "not well-formed XML", "refusing")
    assert notes.read_text() == "# Hand-written notes\n"


def test_changelog_date_comes_from_source_date_epoch_for_reproducible_builds(
    tmp_path: Path,
) -> None:
    out = tmp_path / "changes.json"
    env = {"SOURCE_DATE_EPOCH": "1740830400"}  # 2025-03-01T12:00:00Z
    result = run_cli("changelog", BASE, REVISION, "--format", "json", "-o", str(out), env=env)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["date"] == "2025-03-01T12:00:00+00:00"
    assert data["counts"] == {"breaking": 8, "deprecations": 0, "additions": 3, "other": 0}
    again = tmp_path / "again.json"
    run_cli("changelog", BASE, REVISION, "--format", f"json={again}", env=env)
    assert again.read_bytes() == out.read_bytes()


def test_changelog_bad_date_is_exit_2() -> None:
    _one_error_line(run_cli("changelog", BASE, REVISION, "--date", "yesterday"), "--date")


# -- progress ----------------------------------------------------------------------------------


def _run_on_a_terminal(*args: str, env: dict[str, str], cwd: Path | None = None) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; return (exit code, screen)."""
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "120", **env})
    full_env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "oasgate", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=full_env,
        cwd=cwd,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_display_on_a_terminal_only() -> None:
    hide_cursor = "\x1b[?25l"  # a live display starts by hiding the cursor
    code, screen = _run_on_a_terminal("check", BASE, REVISION, env={})
    assert code == 1
    assert hide_cursor in screen and f"reading {BASE}" in screen, screen[:300]
    assert "FAILED" in screen
    # a CI log on a terminal, a machine format, a pipe: no progress
    code, screen = _run_on_a_terminal("check", BASE, REVISION, env={"CI": "true"})
    assert code == 1 and hide_cursor not in screen and "reading" not in screen
    code, screen = _run_on_a_terminal("check", BASE, REVISION, "--format", "json", env={})
    assert hide_cursor not in screen and json.loads(screen)["summary"]["error"] == 7
    piped = run_cli("check", BASE, REVISION, env={"CI": ""})
    assert piped.stderr == ""


@pytest.mark.parametrize("trees", [False, True], ids=["one pair", "two trees"])
def test_json_is_written_in_utf8_alike_to_stdout_and_to_a_file(tmp_path: Path, trees: bool) -> None:
    # the JSON report is written from its encoder's bytes: the same bytes to a file and to
    # standard output, UTF-8 whatever the stream's own encoding (here ASCII, which cannot
    # hold the "→" and "ü" of the messages), and the Python API's text, encoded
    import oasgate

    spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets→ü: {get: {responses: {'200': {description: ok}}}}\n"
    base, revision = tmp_path / "base" / "api", tmp_path / "revision" / "api"
    base.mkdir(parents=True)
    revision.mkdir(parents=True)
    (base / "openapi.yaml").write_text(spec, encoding="utf-8")
    (revision / "openapi.yaml").write_text(spec.replace("/pets→ü", "/pets→ö"), encoding="utf-8")
    sides = [str(tmp_path / "base"), str(tmp_path / "revision")]
    if not trees:
        sides = [str(base / "openapi.yaml"), str(revision / "openapi.yaml")]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "ascii"}
    command = [sys.executable, "-m", "oasgate", "check", *sides, "--today", "2026-01-01"]
    to_file = tmp_path / "report.json"
    for extra in (["-j", "2"], ["-j", "1"]) if trees else ([],):
        written = subprocess.run(
            [*command, *extra, "--format", f"json={to_file}"], capture_output=True, env=env
        )
        printed = subprocess.run(
            [*command, *extra, "--format", "json"], capture_output=True, env=env
        )
        assert written.returncode == printed.returncode == 1, printed.stderr
        assert printed.stdout == to_file.read_bytes()
        assert "/pets→ö".encode() in printed.stdout
    if not trees:
        report = oasgate.check(*sides, today="2026-01-01")
        assert printed.stdout == oasgate.render(report, "json").encode("utf-8")


def test_text_reports_are_utf8_too_and_text_for_a_person_never_fails_to_print(
    tmp_path: Path,
) -> None:
    # on an ASCII locale: the text report, piped, is UTF-8 like every report; on a
    # terminal, printed through the terminal's own encoding, it shows "?" for "→"
    spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets→ü: {get: {responses: {'200': {description: ok}}}}\n"
    base, revision = tmp_path / "base.yaml", tmp_path / "revision.yaml"
    base.write_text(spec, encoding="utf-8")
    revision.write_text(spec.replace("/pets→ü", "/pets→ö"), encoding="utf-8")
    result = run_cli("check", str(base), str(revision), env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 1, result.stderr
    assert "path /pets→ü removed [path-removed]" in result.stdout
    assert "FAILED: 1 error(s)" in result.stdout
    if sys.platform != "win32":  # on a terminal, styled: "?" for what it cannot show
        code, screen = _run_on_a_terminal(
            "check", str(base), str(revision), env={"PYTHONIOENCODING": "ascii"}
        )
        assert code == 1, screen
        assert "GET /pets??" in screen and "internal error" not in screen
