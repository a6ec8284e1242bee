"""The Action's pull-request comment, run as the composite action runs it, against a fake
GitHub REST API on localhost: one comment, created on the first run and updated after;
no token, no pull request or a read-only token (a fork) skip it with a notice and never
fail the job; a report too long for a comment is cut with a pointer to the full one."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.action_comment import COMMENT_LIMIT, cap_markdown, marker
from tests.acceptance.gitrepo import git, run_action_module, run_composite_action
from tests.acceptance.test_action import PETSTORE, clone_and_change, declared_outputs

REPOSITORY = "octo/pets"
NUMBER = 5
HEAD_SHA = "a" * 40


@dataclass
class FakeGitHub:
    """The issue-comment endpoints of one pull request, in memory."""

    url: str = ""
    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    read_only: bool = False
    next_id: int = 1000


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    base = f"/repos/{REPOSITORY}"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _reply(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> Any:
            return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

        def _record(self) -> str:
            fake.requests.append((self.command, self.path))
            fake.tokens.add(self.headers.get("Authorization", ""))
            return self.path.split("?")[0]

        def do_GET(self) -> None:
            path = self._record()
            if path == f"{base}/issues/{NUMBER}/comments":
                page = int(re.search(r"[?&]page=(\d+)", self.path).group(1))  # type: ignore[union-attr]
                per_page = int(re.search(r"per_page=(\d+)", self.path).group(1))  # type: ignore[union-attr]
                self._reply(200, fake.comments[(page - 1) * per_page : page * per_page])
            elif path == f"{base}/pulls/{NUMBER}":
                self._reply(200, {"number": NUMBER, "head": {"sha": HEAD_SHA}})
            else:
                self._reply(404, {"message": "Not Found"})

        def do_POST(self) -> None:
            path = self._record()
            if fake.read_only:
                self._reply(403, {"message": "Resource not accessible by integration"})
            elif path == f"{base}/issues/{NUMBER}/comments":
                comment = {
                    "id": fake.next_id,
                    "body": self._body()["body"],
                    "html_url": f"https://github.example/{REPOSITORY}/pull/{NUMBER}#c{fake.next_id}",
                }
                fake.next_id += 1
                fake.comments.append(comment)
                self._reply(201, comment)
            else:
                self._reply(404, {"message": "Not Found"})

        def do_PATCH(self) -> None:
            path = self._record()
            found = [c for c in fake.comments if path == f"{base}/issues/comments/{c['id']}"]
            if fake.read_only:
                self._reply(403, {"message": "Resource not accessible by integration"})
            elif found:
                found[0]["body"] = self._body()["body"]
                self._reply(200, found[0])
            else:
                self._reply(404, {"message": "Not Found"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def pull_request_event(tmp_path: Path, *, fork: bool = False) -> Path:
    head_repo = "stranger/pets" if fork else REPOSITORY
    event = {
        "number": NUMBER,
        "pull_request": {
            "number": NUMBER,
            "head": {"sha": HEAD_SHA, "repo": {"full_name": head_repo}},
            "base": {"repo": {"full_name": REPOSITORY}},
        },
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    return path


def runner(github: FakeGitHub, event: Path) -> dict[str, str | None]:
    return {
        "GITHUB_API_URL": github.url,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_RUN_ID": "42",
        "GITHUB_EVENT_PATH": str(event),
    }


@pytest.fixture
def work(tmp_path: Path) -> Path:
    origin = tmp_path / "origin"
    (origin / "api").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    (origin / "api" / "openapi.yaml").write_text((PETSTORE / "base.yaml").read_text())
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "release")
    return clone_and_change(tmp_path, origin, (PETSTORE / "revision.yaml").read_text())


def test_the_comment_is_posted_once_then_updated(
    tmp_path: Path, work: Path, github: FakeGitHub
) -> None:
    github.comments.append({"id": 7, "body": "LGTM, but see the gate", "html_url": "x"})
    # a busy pull request: oasgate's comment lands on the second page of comments
    github.comments.extend({"id": n, "body": f"review {n}", "html_url": "x"} for n in range(8, 130))
    overrides = runner(github, pull_request_event(tmp_path))
    inputs = {"spec": "api/openapi.yaml", "comment": "true"}
    runs, outputs, used = run_composite_action(
        work, tmp_path / "runner", inputs, overrides=overrides, token="ghs_first"
    )
    _gate, comment, fail = runs
    assert comment.exit_code == 0, comment.stdout + comment.stderr
    assert "posted the report on pull request #5" in comment.stdout
    assert fail.exit_code == 1  # the comment does not change the verdict
    ours = [c for c in github.comments if c["body"].startswith(marker("api/openapi.yaml"))]
    assert len(ours) == 1
    assert "response-property-type-changed" in ours[0]["body"]
    assert outputs["comment-url"] == ours[0]["html_url"]
    assert set(comment.outputs) == declared_outputs("comment")  # all declared
    assert outputs["comment-truncated"] == "false"
    assert "Upload the full report" not in used  # it fitted

    # the next push: the same comment, updated; the other comment untouched
    (work / "api" / "openapi.yaml").write_text((PETSTORE / "base.yaml").read_text())
    git(work, "commit", "-qam", "undo")
    runs, outputs, _ = run_composite_action(
        work, tmp_path / "runner2", inputs, overrides=overrides, token="ghs_second"
    )
    assert "updated the report on pull request #5" in runs[1].stdout
    assert len(github.comments) == 124
    assert github.comments[0]["body"] == "LGTM, but see the gate"
    assert "response-property-type-changed" not in github.comments[-1]["body"]
    assert [m for m, _ in github.requests].count("POST") == 1
    assert [m for m, _ in github.requests].count("PATCH") == 1
    assert outputs["comment-url"] == github.comments[-1]["html_url"]
    assert github.tokens == {"Bearer ghs_first", "Bearer ghs_second"}


def test_no_token_skips_the_comment_with_a_notice(
    tmp_path: Path, work: Path, github: FakeGitHub
) -> None:
    overrides = runner(github, pull_request_event(tmp_path))
    inputs = {"spec": "api/openapi.yaml", "comment": "true"}
    runs, outputs, _ = run_composite_action(work, tmp_path / "runner", inputs, overrides=overrides)
    _gate, comment, _fail = runs
    assert comment.exit_code == 0
    assert "::notice title=oasgate comment::no token" in comment.stdout
    assert github.requests == []
    assert outputs["comment-url"] == ""


def test_a_fork_with_a_read_only_token_is_skipped_with_a_notice(
    tmp_path: Path, work: Path, github: FakeGitHub
) -> None:
    github.read_only = True
    overrides = runner(github, pull_request_event(tmp_path, fork=True))
    inputs = {"spec": "api/openapi.yaml", "comment": "true", "fail": "false"}
    runs, outputs, _ = run_composite_action(
        work, tmp_path / "runner", inputs, overrides=overrides, token="ghs_read_only"
    )
    assert [r.exit_code for r in runs] == [0, 0]  # gate (deferred), comment; no fail step
    assert "GitHub refused the comment (HTTP 403)" in runs[1].stdout
    assert "workflow_run" in runs[1].stdout
    assert "::notice" in runs[1].stdout
    assert github.comments == []
    assert outputs["exit-code"] == "1"


def test_no_pull_request_no_comment(tmp_path: Path, work: Path, github: FakeGitHub) -> None:
    markdown = tmp_path / "report.md"
    markdown.write_text("# oasgate\n")
    event = tmp_path / "push.json"
    event.write_text(json.dumps({"before": "0" * 40}))
    overrides = {**runner(github, event), "GITHUB_EVENT_NAME": "push", "GITHUB_TOKEN": "t"}
    run = run_action_module(
        work,
        tmp_path / "runner",
        overrides=overrides,
        module="oasgate.action_comment",
        markdown_file=str(markdown),
    )
    assert run.exit_code == 0, run.stderr
    assert "no pull request to comment on (push)" in run.stdout
    assert github.requests == []


def test_a_workflow_run_comment_checks_the_pull_request_head(
    tmp_path: Path, work: Path, github: FakeGitHub
) -> None:
    """The workflow_run recipe reads the number from an artifact the pull request's own run
    wrote: the comment goes only to a pull request at the commit that run tested."""
    markdown = tmp_path / "report.md"
    markdown.write_text("# oasgate\n\nall good\n")
    event = tmp_path / "workflow_run.json"
    event.write_text(json.dumps({"workflow_run": {"head_sha": HEAD_SHA}}))
    overrides = {
        **runner(github, event),
        "GITHUB_EVENT_NAME": "workflow_run",
        "GITHUB_TOKEN": "t",
    }
    common = {"markdown_file": str(markdown), "pr_number": str(NUMBER), "spec": "api/openapi.yaml"}
    moved = run_action_module(
        work,
        tmp_path / "r1",
        overrides=overrides,
        module="oasgate.action_comment",
        head_sha="b" * 40,
        **common,
    )
    assert moved.exit_code == 0, moved.stderr
    assert "is not at bbbbbbbbbbbb" in moved.stdout
    assert github.comments == []
    posted = run_action_module(
        work,
        tmp_path / "r2",
        overrides=overrides,
        module="oasgate.action_comment",
        head_sha=HEAD_SHA,
        **common,
    )
    assert posted.exit_code == 0, posted.stderr
    assert len(github.comments) == 1
    assert github.comments[0]["body"] == f"{marker('api/openapi.yaml')}\n# oasgate\n\nall good\n"


def test_a_report_too_long_for_a_comment_is_cut_with_a_pointer(
    tmp_path: Path, work: Path, github: FakeGitHub
) -> None:
    rows = "".join(f"| `GET /pets/{n}` | response property removed |\n" for n in range(4000))
    markdown = tmp_path / "report.md"
    markdown.write_text(f"# oasgate\n\n<details><summary>info</summary>\n\n{rows}</details>\n")
    assert len(markdown.read_text()) > 65_536
    overrides = {**runner(github, pull_request_event(tmp_path)), "GITHUB_TOKEN": "t"}
    run = run_action_module(
        work,
        tmp_path / "runner",
        overrides=overrides,
        module="oasgate.action_comment",
        markdown_file=str(markdown),
    )
    assert run.exit_code == 0, run.stderr
    assert run.outputs["comment-truncated"] == "true"
    (comment,) = github.comments
    body = comment["body"]
    assert len(body) <= COMMENT_LIMIT + len(marker("x")) + 1 < 65_536
    assert body.rstrip().endswith(
        "of [this run](https://github.example/octo/pets/actions/runs/42)."
    )
    assert "`oasgate-report` artifact" in body
    assert body.count("<details>") == body.count("</details>") == 1


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(["| a | b |", "<details>", "</details>", "```", "text " * 30, ""]),
        max_size=400,
    ),
    limit=st.integers(min_value=200, max_value=5000),
)
def test_cap_keeps_whole_lines_and_closes_what_it_opened(lines: list[str], limit: int) -> None:
    markdown = "\n".join(lines)
    capped, cut = cap_markdown(markdown, limit, "POINTER")
    assert len(capped) <= limit
    if not cut:
        assert capped == markdown
        return
    assert capped.endswith("\n\nPOINTER")
    head = capped.removesuffix("\n\nPOINTER")
    fences = sum(1 for line in head.splitlines() if line.startswith("```"))
    assert fences % 2 == 0
    assert head.count("<details>") <= head.count("</details>")
    kept = head
    while kept.endswith("\n</details>") and not markdown.startswith(kept):
        kept = kept.removesuffix("\n</details>")
    if not markdown.startswith(kept):
        kept = kept.removesuffix("\n```")
    assert markdown.startswith(kept)  # what is kept is the report's beginning...
    assert kept == "" or markdown[len(kept)] == "\n"  # ...in whole lines
