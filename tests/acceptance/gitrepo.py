"""Temporary git repositories for the action, pre-commit and new-user tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: no CI variables of the machine running tests."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_")) and k != "CI"
    }
    env.update(GIT_ENV, NO_COLOR="1", COLUMNS="200")
    env.update(extra)
    return env


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=clean_env(), capture_output=True, text=True, check=True
    ).stdout


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "--allow-empty", "-m", message)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""


def read_outputs(path: Path) -> dict[str, str]:
    outputs: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def github_env(
    repo: Path, temp: Path, overrides: dict[str, str | None] | None = None, **inputs: str
) -> dict[str, str]:
    """What the runner sets for a step of a pull_request job, plus the action's inputs;
    ``overrides`` sets (or, with None, removes) runner variables for another event."""
    temp.mkdir(parents=True, exist_ok=True)
    env = clean_env(
        GITHUB_ACTIONS="true",
        CI="true",
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_BASE_REF="main",
        GITHUB_HEAD_REF="feature",
        GITHUB_WORKSPACE=str(repo),
        GITHUB_STEP_SUMMARY=str(temp / "summary.md"),
        RUNNER_TEMP=str(temp),
    )
    for name, value in inputs.items():
        env[f"INPUT_{name.upper()}"] = value
    for name, override in (overrides or {}).items():
        if override is None:
            env.pop(name, None)
        else:
            env[name] = override
    return env


def run_action_module(
    repo: Path,
    temp: Path,
    *args: str,
    overrides: dict[str, str | None] | None = None,
    module: str = "oasgate.action",
    **inputs: str,
) -> Run:
    """``python -m oasgate.action`` in ``repo``, the way the action's gate step runs it."""
    env = github_env(repo, temp, overrides, **inputs)
    output_file = temp / "output.txt"
    output_file.unlink(missing_ok=True)
    env["GITHUB_OUTPUT"] = str(output_file)
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = Path(env["GITHUB_STEP_SUMMARY"])
    return Run(
        proc.returncode,
        proc.stdout,
        proc.stderr,
        read_outputs(output_file),
        summary.read_text(encoding="utf-8") if summary.exists() else "",
    )


# -- the composite action, step by step -------------------------------------------------

_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _value(term: str, context: dict[str, Any]) -> str:
    term = term.strip()
    if term.startswith("'") and term.endswith("'"):
        return term[1:-1]
    value: Any = context
    for part in term.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return str(value)


def evaluate(expression: str, context: dict[str, Any]) -> str:
    """The small part of GitHub's expression language that action.yml uses: context
    lookups, ``==``/``!=`` against string literals, and ``&&``."""

    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        if "&&" in body or "==" in body or "!=" in body:
            results = []
            for clause in body.split("&&"):
                left, op, right = re.split(r"\s*(==|!=)\s*", clause.strip())
                equal = _value(left, context) == _value(right, context)
                results.append(equal if op == "==" else not equal)
            return "true" if all(results) else "false"
        return _value(body, context)

    return _EXPRESSION.sub(one, expression)


def run_composite_action(
    repo: Path,
    temp: Path,
    inputs: dict[str, str],
    python: str = sys.executable,
    overrides: dict[str, str | None] | None = None,
    token: str = "",
) -> tuple[list[Run], dict[str, str], list[str]]:
    """Run ``action.yml``'s shell steps as the runner would (``uses:`` steps are listed,
    not run); the install step is replaced by the interpreter running the tests, which
    has this checkout installed. ``overrides`` are runner variables of every step (see
    :func:`github_env`), ``token`` the workflow's ``github.token``. Returns each step's
    run, the action's outputs and the names of the ``uses:`` steps whose condition held."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    github = {"action_path": str(REPO), "base_ref": "main", "token": token}
    defaults = {
        name: evaluate(str(spec.get("default", "")), {"github": github})
        for name, spec in action["inputs"].items()
    }
    context: dict[str, Any] = {
        "inputs": {**defaults, **inputs},
        "github": github,
        "runner": {"temp": str(temp), "os": "Linux"},
        "steps": {},
    }
    runs: list[Run] = []
    used: list[str] = []
    failed = False
    for step in action["runs"]["steps"]:
        condition = step.get("if")
        if failed or (condition is not None and evaluate(condition, context) != "true"):
            continue
        if step.get("id") == "install":
            context["steps"]["install"] = {"outputs": {"python": python}}
            continue
        if step.get("id") == "pip-cache":  # names the cache of the install, replaced above
            context["steps"]["pip-cache"] = {"outputs": {"key": "test", "dir": str(temp / "pip")}}
            continue
        if "uses" in step:
            used.append(step["name"])
            continue
        env = github_env(repo, temp, overrides)
        output_file = temp / f"output-{len(runs)}.txt"
        output_file.unlink(missing_ok=True)
        env["GITHUB_OUTPUT"] = str(output_file)
        for name, value in (step.get("env") or {}).items():
            env[name] = evaluate(str(value), context)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        run = Run(proc.returncode, proc.stdout, proc.stderr, read_outputs(output_file))
        runs.append(run)
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": run.outputs}
        failed = proc.returncode != 0
    outputs = {
        name: evaluate(str(spec["value"]), context) for name, spec in action["outputs"].items()
    }
    return runs, outputs, used
