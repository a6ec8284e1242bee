"""The GitHub Action's pull-request comment: one sticky comment per spec, updated in place.

The job summary shows the report on the run's page; reviewers read the pull request. So
with a token, ``action.yml``'s comment step runs ``python -m oasgate.action_comment``: it
finds the comment an earlier run posted on the pull request — by a hidden marker, an HTML
comment naming the spec, at the top of the body — and updates it, or posts a new one. A
pull request pushed ten times has one oasgate comment, showing the last verdict.

A comment holds at most 65,536 characters; the Markdown is cut at
:data:`COMMENT_LIMIT` characters (a margin for the marker and the pointer) at a line
boundary, any ``<details>`` or code block left open is closed, and a pointer to the full
report (the run's artifact) ends the comment.

Commenting never fails the job: the gate's verdict is the check, the comment a courtesy.
Without a token, on an event that has no pull request (``push``, ``merge_group``), or when
GitHub refuses to write (a pull request from a fork gets a read-only token: see the
``workflow_run`` recipe in docs/ci.md), it prints a notice and exits 0.

Inputs, as ``INPUT_*`` environment variables like the gate's: ``INPUT_MARKDOWN_FILE`` (the
report), ``INPUT_SPEC`` (names the comment), ``INPUT_PR_NUMBER`` (else the event's pull
request), ``INPUT_HEAD_SHA`` (when set, the pull request must be at this commit — for a
``workflow_run`` job, whose pull-request number comes from an artifact the pull request's
own run wrote), ``INPUT_ARTIFACT_NAME``; the token is ``GITHUB_TOKEN``. The API is
``GITHUB_API_URL`` (GitHub Enterprise sets it), the repository ``GITHUB_REPOSITORY``.
Output: ``comment-url``, ``comment-truncated``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from oasgate.action import EXIT_ERROR, EXIT_OK, event_payload, input_value, write_outputs
from oasgate.errors import OasgateError, printable
from oasgate.report.github import command

#: the Markdown's budget: GitHub refuses a comment over 65,536 characters
COMMENT_LIMIT = 60_000
#: comments read per request while looking for the previous one
_PAGE = 100
_TIMEOUT = 30  # seconds per request


def marker(spec: str) -> str:
    """The hidden first line that finds this spec's comment again. Hashed: a path could
    hold ``--``, which would end an HTML comment."""
    digest = hashlib.sha256(spec.encode("utf-8")).hexdigest()[:16]
    return f"<!-- oasgate-report {digest} -->"


def cap_markdown(markdown: str, limit: int, pointer: str) -> tuple[str, bool]:
    """``markdown`` if it fits ``limit`` characters, else its longest run of whole lines
    that fits with ``pointer`` after it, with any ``<details>`` and code fence it opened
    closed again; and whether it was cut."""
    if len(markdown) <= limit:
        return markdown, False
    budget = limit - len(pointer) - 64  # the closing tags added below
    cut = markdown.rfind("\n", 0, max(budget, 0))
    head = markdown[: max(cut, 0)]
    closing = ""
    if sum(1 for line in head.splitlines() if line.lstrip().startswith("```")) % 2:
        closing += "\n```"
    unclosed = head.count("<details") - head.count("</details>")
    closing += "\n</details>" * max(unclosed, 0)
    return f"{head}{closing}\n\n{pointer}", True


class Api(Struct, frozen=True):
    """The few REST calls the comment needs, with ``urllib`` (no dependency for four
    requests)."""

    url: str
    token: str
    repository: str

    def request(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url.rstrip('/')}{path}",
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "User-Agent": "oasgate-action",
                "X-GitHub-Api-Version": "2022-11-28",
            },
        )
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text else None

    def previous_comment(self, number: int, mark: str) -> dict[str, Any] | None:
        """The last comment of the pull request that starts with ``mark``."""
        found: dict[str, Any] | None = None
        page = 1
        while True:
            path = f"/repos/{self.repository}/issues/{number}/comments?per_page={_PAGE}&page={page}"
            comments = self.request("GET", path)
            if not isinstance(comments, list):
                return found
            for comment in comments:
                body = comment.get("body") if isinstance(comment, dict) else None
                if isinstance(body, str) and body.startswith(mark):
                    found = comment
            if len(comments) < _PAGE:
                return found
            page += 1


def _pull_request_number(env: Mapping[str, str], event: Mapping[str, Any]) -> int | None:
    explicit = input_value(env, "pr-number")
    if explicit:
        if not explicit.isdigit():
            raise OasgateError(f"input pr-number: expected a number, got {explicit!r}")
        return int(explicit)
    pull = event.get("pull_request")
    number = pull.get("number") if isinstance(pull, dict) else None
    return number if isinstance(number, int) else None


def _notice(text: str) -> int:
    print(command("notice", text, title="oasgate comment"))
    return EXIT_OK


def _run_url(env: Mapping[str, str]) -> str:
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    repository, run_id = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_RUN_ID", "")
    return f"{server}/{repository}/actions/runs/{run_id}" if repository and run_id else ""


def comment_body(env: Mapping[str, str], markdown: str, spec: str) -> tuple[str, bool]:
    artifact = input_value(env, "artifact-name", "oasgate-report")
    run_url = _run_url(env)
    where = f"[this run]({run_url})" if run_url else "this run"
    pointer = (
        f"**The report is cut here** ({len(markdown):,} characters; a comment holds "
        f"65,536). The full report is the `{artifact}` artifact of {where}."
    )
    capped, cut = cap_markdown(markdown, COMMENT_LIMIT, pointer)
    return f"{marker(spec)}\n{capped}", cut


def run(env: Mapping[str, str]) -> int:
    """Post or update the comment; returns the exit code (0 unless the inputs are wrong)."""
    markdown_file = input_value(env, "markdown-file")
    if not markdown_file:
        raise OasgateError("input markdown-file: the Markdown report to post is required")
    spec = input_value(env, "spec", markdown_file)
    token = env.get("GITHUB_TOKEN", "").strip()
    if not token:
        return _notice("no token: the report is not posted on the pull request (set token)")
    event = event_payload(env)
    number = _pull_request_number(env, event)
    if number is None:
        name = env.get("GITHUB_EVENT_NAME", "this event")
        return _notice(f"no pull request to comment on ({name}); the job summary has the report")
    repository = env.get("GITHUB_REPOSITORY", "")
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        raise OasgateError("GITHUB_REPOSITORY is not set (owner/name)")
    api_url = env.get("GITHUB_API_URL", "") or "https://api.github.com"
    if not api_url.startswith(("https://", "http://")):  # urllib would open file: URLs too
        raise OasgateError(f"GITHUB_API_URL is not an http(s) URL: {api_url!r}")
    api = Api(api_url, token, repository)
    try:
        markdown = Path(markdown_file).read_text(encoding="utf-8")
    except OSError as error:
        raise OasgateError(f"cannot read: {error.strerror}", file=markdown_file) from None
    body, cut = comment_body(env, markdown, spec)
    try:
        head = input_value(env, "head-sha")
        if head:
            pull = api.request("GET", f"/repos/{repository}/pulls/{number}")
            actual = pull.get("head", {}).get("sha") if isinstance(pull, dict) else None
            if actual != head:
                return _notice(
                    f"pull request #{number} is not at {head[:12]} (it moved on, or the number "
                    "is not this run's); not commenting"
                )
        previous = api.previous_comment(number, marker(spec))
        posted: Any = None
        updated = False
        if previous is not None:
            try:
                posted = api.request(
                    "PATCH",
                    f"/repos/{repository}/issues/comments/{previous['id']}",
                    {"body": body},
                )
                updated = True
            except urllib.error.HTTPError as error:
                if error.code not in (403, 404):  # someone else's, or deleted: post anew
                    raise
        if posted is None:
            posted = api.request(
                "POST", f"/repos/{repository}/issues/{number}/comments", {"body": body}
            )
    except urllib.error.HTTPError as error:
        if error.code in (401, 403, 404):
            return _notice(
                f"GitHub refused the comment (HTTP {error.code}): the token cannot write to "
                "pull requests — a pull request from a fork gets a read-only token (see the "
                "workflow_run recipe in docs/ci.md), else grant pull-requests: write"
            )
        print(command("warning", f"the comment failed: HTTP {error.code}", title="oasgate"))
        return EXIT_OK
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(command("warning", f"the comment failed: {error}", title="oasgate"))
        return EXIT_OK
    url = posted.get("html_url", "") if isinstance(posted, dict) else ""
    write_outputs(env, {"comment-url": url, "comment-truncated": "true" if cut else "false"})
    verb = "updated" if updated else "posted"
    print(f"oasgate: {verb} the report on pull request #{number}: {url}", flush=True)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        print(f"oasgate.action_comment: error: unknown argument {args[0]}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return run(os.environ)
    except OasgateError as error:
        print(command("error", str(error), title="oasgate comment"))
        print(f"oasgate: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
