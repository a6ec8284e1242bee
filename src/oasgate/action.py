"""The GitHub Action's work: gate the pull request's spec against its base branch.

``action.yml`` at the repository root installs oasgate and runs ``python -m
oasgate.action``; everything the action does is here, so that the test suite runs it
in a temporary git repository with GitHub's environment variables set. The inputs of
the action arrive as ``INPUT_*`` environment variables (``INPUT_FAIL_ON`` for
``fail-on``), the outputs go to ``$GITHUB_OUTPUT``, the annotations to standard output
(workflow commands) and the Markdown report to ``$GITHUB_STEP_SUMMARY``.

The config is read from the base revision (``oasgate check --config-from REV``) unless
the ``config-from`` input is ``worktree``: a pull request that loosens the config does
not loosen its own gate, and the change is reported as a warning annotation.

The base revision is, in this order: the ``base-ref`` input; ``origin/<base branch>`` on
``pull_request`` events (``GITHUB_BASE_REF``); the merge group's base commit on
``merge_group`` events (a merge queue: the event's ``merge_group.base_sha``); the commit
before a push (the event's ``before``). A shallow checkout that lacks the base gets it
with one shallow ``git fetch`` — the workflow does not need ``fetch-depth: 0``.

Besides the annotations and the job summary, the Markdown report is written to
``$RUNNER_TEMP/oasgate-report.md`` (output ``markdown-path``), which the action's comment
step (:mod:`oasgate.action_comment`) posts on the pull request.

Exit codes: those of ``oasgate check``, except that with ``--defer-failure`` (what the
action uses) a failed gate exits 0 and reports ``exit-code=1`` in the outputs, so that
the comment and the SARIF upload still run before the action's last step fails the job;
so does a run over trees in which some APIs could not be read (``exit-code=2``: the
others' findings are posted, and the last step fails the job whatever ``fail`` says).

Over a directory or glob of specs, the ``jobs`` and ``shard`` inputs become ``--jobs``
and ``--shard`` (a CI matrix: each shard's JSON report, output ``report-path``, is what
``oasgate merge`` joins, docs/ci.md), and a run in which some APIs could not be read
(exit 2) still sets the outputs: its report names them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from oasgate.errors import OasgateError, printable
from oasgate.gitbase import exists_at, git, repo_path, revision_exists
from oasgate.report.github import command

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2
_NO_COMMIT = re.compile(r"^0+$")


def input_value(env: Mapping[str, str], name: str, default: str = "") -> str:
    value = env.get(f"INPUT_{name.upper().replace('-', '_')}", "").strip()
    return value or default


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = input_value(env, name).lower()
    if not value:
        return default
    if value in ("true", "yes", "1", "on"):
        return True
    if value in ("false", "no", "0", "off"):
        return False
    raise OasgateError(f"input {name}: expected true or false, got {value!r}")


def event_payload(env: Mapping[str, str]) -> dict[str, Any]:
    """The webhook payload of the event that started the workflow (``$GITHUB_EVENT_PATH``);
    empty when there is none."""
    event_path = env.get("GITHUB_EVENT_PATH")
    if not event_path:
        return {}
    try:
        event: Any = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise OasgateError(f"cannot read the event payload: {error}") from None
    return event if isinstance(event, dict) else {}


def _commit(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{7,64}", value):
        return None if _NO_COMMIT.match(value) else value
    return None


def base_revision(env: Mapping[str, str]) -> str:
    """The revision that holds the released spec (see the module docstring)."""
    explicit = input_value(env, "base-ref")
    if explicit:
        return explicit
    base_branch = env.get("GITHUB_BASE_REF", "").strip()
    if base_branch:
        return f"origin/{base_branch}"
    event_name = env.get("GITHUB_EVENT_NAME")
    if event_name == "merge_group":
        group = event_payload(env).get("merge_group")
        base = _commit(group.get("base_sha")) if isinstance(group, dict) else None
        if base:
            return base
    if event_name == "push":
        before = _commit(event_payload(env).get("before"))
        if before:
            return before
    raise OasgateError(
        "no base to compare with: run on pull_request events, or set the base-ref input "
        "(e.g. base-ref: origin/main)"
    )


def ensure_revision(revision: str) -> None:
    """Fetch a missing ``origin/<branch>`` (shallow checkouts have only the merge commit)."""
    if revision_exists(revision):
        return
    if revision.startswith("origin/"):
        branch = revision.removeprefix("origin/")
        git(
            "fetch",
            "--no-tags",
            "--depth=1",
            "origin",
            f"+refs/heads/{branch}:refs/remotes/origin/{branch}",
        )
    elif re.fullmatch(r"[0-9a-f]{7,64}", revision):
        git("fetch", "--no-tags", "--depth=1", "origin", revision)
    if not revision_exists(revision):
        raise OasgateError(f"the base revision {revision!r} is not in this repository")


def _formats(value: str) -> list[str]:
    return [item for item in re.split(r"[\s,]+", value) if item]


def write_outputs(env: Mapping[str, str], outputs: Mapping[str, str | int]) -> None:
    """Append ``name=value`` lines to ``$GITHUB_OUTPUT`` (printed when it is not set)."""
    lines = "".join(f"{name}={value}\n" for name, value in outputs.items())
    path = env.get("GITHUB_OUTPUT")
    if path:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(lines)
    else:
        sys.stdout.write(lines)


def _summary_note(env: Mapping[str, str], text: str) -> None:
    path = env.get("GITHUB_STEP_SUMMARY")
    if path and _flag(env, "summary", True):
        with Path(path).open("a", encoding="utf-8") as summary:
            summary.write(text + "\n")


def _dates_from_git(env: Mapping[str, str], revision: str) -> bool:
    """Whether the check reads lifecycle dates from git: the input, or the base's config
    (``policy.dates-from-git``; a config that cannot be read is the check's error)."""
    if _flag(env, "dates-from-git", False):
        return True
    if config_source(env) != "base":
        return False
    from oasgate.config_revision import load_config_at

    try:
        config, _ = load_config_at(revision, input_value(env, "config") or None)
    except OasgateError:
        return False
    return config.policy.dates_from_git


def fetch_history() -> None:
    """Dates from git need the history the checkout left out (``fetch-depth: 1``)."""
    if git("rev-parse", "--is-shallow-repository").strip() == "true":
        print("oasgate: fetching the history for --dates-from-git", flush=True)
        git("fetch", "--unshallow", "--no-tags", "origin")


def config_source(env: Mapping[str, str]) -> str:
    """Where the config is read: ``base`` (the base revision, the default: a pull request
    cannot loosen its own gate) or ``worktree`` (the pull request's checkout)."""
    value = input_value(env, "config-from", "base").lower()
    if value not in ("base", "worktree"):
        raise OasgateError(f"input config-from: expected base or worktree, got {value!r}")
    return value


def _annotate_warnings(env: Mapping[str, str], stderr: str) -> None:
    """oasgate's warnings (a config the pull request changes…) as annotations and in the
    job summary, where a reviewer sees them."""
    for line in stderr.splitlines():
        if line.startswith("oasgate: warning: "):
            text = line.removeprefix("oasgate: warning: ")
            print(command("warning", text, title="oasgate"))
            _summary_note(env, f"> **oasgate**: {text}")


def run(env: Mapping[str, str], *, defer_failure: bool = False) -> int:
    """Run the action with ``env`` as its environment; returns the exit code."""
    spec = input_value(env, "spec")
    if not spec:
        raise OasgateError("input spec: the path of the OpenAPI document is required")
    from oasgate.many.sides import at_revision, is_tree

    tree = is_tree(spec)  # a directory or glob of specs: many APIs at once
    if not tree and not Path(spec).is_file():
        raise OasgateError("no such file in the pull request's checkout", file=spec)
    revision = base_revision(env)
    ensure_revision(revision)
    base_path = repo_path(input_value(env, "base-spec", spec)) if not tree else ""
    temp = env.get("RUNNER_TEMP") or tempfile.gettempdir()
    report_path = input_value(env, "report-path", str(Path(temp) / "oasgate-report.json"))
    outputs: dict[str, str | int] = {
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "ignored": 0,
        "report-path": "",
        "markdown-path": "",
        "sarif-path": "",
        "exit-code": EXIT_OK,
    }
    if not tree and not exists_at(revision, base_path):
        message = f"{spec} is not in {revision}: a new spec, nothing to compare yet"
        print(command("notice", message, file=spec, title="oasgate"))
        _summary_note(env, f"### oasgate\n\n{message}.")
        write_outputs(env, outputs)
        return EXIT_OK
    markdown_path = str(Path(temp) / "oasgate-report.md")
    args = ["--format", f"json={report_path}", "--format", f"markdown={markdown_path}"]
    args += ["--format", "github" if _flag(env, "annotations", True) else "text"]
    sarif_path = ""
    if _flag(env, "sarif", False):
        sarif_path = input_value(env, "sarif-file", "oasgate.sarif")
        args += ["--format", f"sarif={sarif_path}"]
    for target in _formats(input_value(env, "formats")):
        args += ["--format", target]
    for option in ("config", "policy", "fail-on", "today", "ref-root", "jobs", "shard"):
        value = input_value(env, option)
        if value:
            args += [f"--{option}", value]
    if config_source(env) == "base":
        args += ["--config-from", revision]
    if _dates_from_git(env, revision):  # one spec, or each API of a tree (its own history)
        fetch_history()
        if _flag(env, "dates-from-git", False):
            args.append("--dates-from-git")
    child_env = dict(env)
    child_env.setdefault("NO_COLOR", "1")
    if not _flag(env, "summary", True):
        child_env.pop("GITHUB_STEP_SUMMARY", None)
    # the load stage reads it from git, $refs too
    base = (
        at_revision(input_value(env, "base-spec", spec), revision)
        if tree
        else f"{revision}:{base_path}"
    )
    print(f"oasgate: comparing {base} with {spec}", flush=True)
    proc = subprocess.run(
        [sys.executable, "-m", "oasgate", "check", base, spec, *args],
        env=child_env,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    sys.stderr.write(proc.stderr)
    _annotate_warnings(env, proc.stderr)
    unreadable = tree and proc.returncode == EXIT_ERROR and _names_its_apis(report_path)
    if proc.returncode not in (EXIT_OK, EXIT_FAILED) and not unreadable:
        reason = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"
        print(command("error", reason, title="oasgate could not run"))
        _summary_note(env, f"### oasgate could not run\n\n```\n{reason}\n```")
        return EXIT_ERROR
    if unreadable:  # some APIs could not be read: each named, the others' results kept
        for line in proc.stderr.splitlines():
            if line.startswith("oasgate: error: "):
                print(command("error", line.removeprefix("oasgate: error: "), title="oasgate"))
    summary = json.loads(Path(report_path).read_text(encoding="utf-8"))["summary"]
    outputs["errors"] = int(summary["error"])
    outputs["warnings"] = int(summary["warning"])
    outputs["infos"] = int(summary["info"])
    outputs["ignored"] = int(summary["ignored"])
    outputs["report-path"] = report_path
    outputs["markdown-path"] = markdown_path
    outputs["sarif-path"] = sarif_path
    outputs["exit-code"] = proc.returncode
    write_outputs(env, outputs)
    if defer_failure and (proc.returncode == EXIT_FAILED or unreadable):
        return EXIT_OK
    return proc.returncode


def _names_its_apis(report_path: str) -> bool:
    """Whether a run over trees that exited 2 wrote its report: then the APIs it could
    not read are named there (and a shard's report is still there for ``oasgate merge``);
    otherwise the run itself could not start."""
    try:
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and isinstance(report.get("apis"), list)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    unknown = [a for a in args if a != "--defer-failure"]
    if unknown:
        print(f"oasgate.action: error: unknown argument {unknown[0]}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return run(os.environ, defer_failure="--defer-failure" in args)
    except OasgateError as error:
        print(command("error", str(error), title="oasgate could not run"))
        print(f"oasgate: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
