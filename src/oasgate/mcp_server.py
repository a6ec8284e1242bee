"""``oasgate mcp``: a local MCP server over stdio, so that an AI assistant can run the gate.

Five tools — ``check``, ``changelog``, ``validate``, ``status``, ``rules`` — each the CLI
command of the same name, run as a child process (``python -m oasgate … --format json``)
in the server's working directory, and answered with that command's JSON. Running the
CLI itself, rather than a second path through the library, gives the tools exactly its
behaviour, limits and exit codes, keeps a crash or a runaway document out of the server,
and lets the operating system reclaim each run's memory.

What an assistant may name is narrower than what a person may type (docs/mcp.md): a file
inside the repository around the working directory (the git working tree, else the
directory), or ``REV:PATH`` at a git revision of that repository. URLs, standard input,
anything outside the tree or inside ``.git``, and arguments that look like options are
refused before a process starts. Nothing is sent anywhere: the server speaks only to the
client that started it.

The ``mcp`` SDK is an optional extra (``pip install 'oasgate[mcp]'``); nothing else in
oasgate imports this module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson

from oasgate.errors import OasgateError

#: how long one tool call may run (a GitHub-sized pair takes seconds)
TIMEOUT_SECONDS = 600
INSTALL = "pip install 'oasgate[mcp]'"
TOOLS = ("check", "changelog", "validate", "status", "rules")


def confined(spec: str, cwd: Path) -> str:
    """``spec`` if an assistant may name it (see the module's docstring), else an error."""
    from oasgate.config import config_tree
    from oasgate.loading.safe_files import git_directory_refusal, in_git_directory, is_within
    from oasgate.loading.trees import looks_like_git_revision, looks_like_url

    if not spec or spec.startswith("-"):
        raise OasgateError(
            f"'{spec}': name a spec file or REV:PATH (standard input and options are not "
            "arguments of a tool)"
        )
    if looks_like_url(spec):
        raise OasgateError(
            f"'{spec}': the MCP server reads only the current repository, never the network"
        )
    if looks_like_git_revision(spec):
        return spec
    if in_git_directory(cwd / spec):
        raise git_directory_refusal(spec)
    tree = config_tree(cwd)
    if not is_within(cwd / spec, tree):
        raise OasgateError(
            f"'{spec}' is outside the repository ({tree}): the MCP server reads nothing else",
            hint="name a file inside the repository, or REV:PATH",
        )
    return spec


def run_command(arguments: list[str], cwd: Path | None = None) -> tuple[int, Any]:
    """``oasgate ARGUMENTS`` in a child process: its exit code and its JSON output. Exit
    code 2 (it could not run) is an :class:`OasgateError` with the CLI's own message."""
    here = cwd or Path.cwd()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")
    }
    environment["NO_COLOR"] = "1"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "oasgate", *arguments],
            cwd=here,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OasgateError(f"oasgate {arguments[0]} took more than {TIMEOUT_SECONDS} s") from None
    if done.returncode not in (0, 1):
        message = done.stderr.decode("utf-8", "replace").strip().removeprefix("oasgate: error: ")
        raise OasgateError(message or f"oasgate {arguments[0]} exited {done.returncode}")
    try:
        return done.returncode, orjson.loads(done.stdout)
    except orjson.JSONDecodeError:
        raise OasgateError(f"oasgate {arguments[0]} printed no JSON") from None


def _options(**values: str | list[str] | None) -> list[str]:
    arguments: list[str] = []
    for name, value in values.items():
        if value is None or value == []:
            continue
        text = ",".join(value) if isinstance(value, list) else value
        if text.startswith("-"):
            raise OasgateError(f"{name}: '{text}' is not a value")
        arguments += [f"--{name.replace('_', '-')}", text]
    return arguments


# -- the tools, as plain functions (tested without the SDK) -----------------------------------


def check(
    base: str,
    revision: str,
    fail_on: str | None = None,
    policy: str | None = None,
    today: str | None = None,
    lang: str | None = None,
    attributes: list[str] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    here = cwd or Path.cwd()
    code, report = run_command(
        [
            "check",
            confined(base, here),
            confined(revision, here),
            "--format",
            "json",
            *_options(
                fail_on=fail_on, policy=policy, today=today, lang=lang, attributes=attributes
            ),
        ],
        here,
    )
    return {"failed": code == 1, **report}


def changelog(
    base: str,
    revision: str,
    date: str | None = None,
    lang: str | None = None,
    attributes: list[str] | None = None,
    cwd: Path | None = None,
) -> dict[str, Any]:
    here = cwd or Path.cwd()
    arguments = ["changelog", confined(base, here), confined(revision, here), "--format", "json"]
    _, data = run_command(arguments + _options(date=date, lang=lang, attributes=attributes), here)
    result: dict[str, Any] = data
    return result


def validate(spec: str, cwd: Path | None = None) -> dict[str, Any]:
    here = cwd or Path.cwd()
    _, data = run_command(["validate", confined(spec, here), "--format", "json"], here)
    result: dict[str, Any] = data
    return result


def status(
    specs: list[str], today: str | None = None, show_all: bool = False, cwd: Path | None = None
) -> dict[str, Any]:
    here = cwd or Path.cwd()
    if not specs:
        raise OasgateError("status: name at least one spec (one document per API version)")
    arguments = ["status", *(confined(s, here) for s in specs), "--format", "json"]
    arguments += _options(today=today) + (["--all"] if show_all else [])
    _, data = run_command(arguments, here)
    result: dict[str, Any] = data
    return result


def rules(cwd: Path | None = None) -> dict[str, Any]:
    _, data = run_command(["rules", "--format", "json"], cwd)
    return {"rules": data}


# -- the server -------------------------------------------------------------------------------


def serve() -> None:
    """Run the server on stdio until the client closes it."""
    import importlib

    global _tool_error
    try:
        module: Any = importlib.import_module("mcp.server.mcpserver")
        server_class = module.MCPServer
        _tool_error = importlib.import_module("mcp.server.mcpserver.exceptions").ToolError
    except ImportError:  # the SDK's 1.x names
        server_class = importlib.import_module("mcp.server.fastmcp").FastMCP
        _tool_error = importlib.import_module("mcp.server.fastmcp.exceptions").ToolError
    server: Any = server_class(
        "oasgate",
        instructions="OpenAPI breaking-change checks of specs in the current repository. "
        "Name files by their path in the repository, or REV:PATH for a git revision "
        "(origin/main:api/openapi.yaml).",
    )

    def check_tool(
        base: str,
        revision: str,
        fail_on: str | None = None,
        policy: str | None = None,
        today: str | None = None,
        lang: str | None = None,
        attributes: list[str] | None = None,
    ) -> dict[str, Any]:
        return _answer(check, base, revision, fail_on, policy, today, lang, attributes)

    def changelog_tool(
        base: str,
        revision: str,
        date: str | None = None,
        lang: str | None = None,
        attributes: list[str] | None = None,
    ) -> dict[str, Any]:
        return _answer(changelog, base, revision, date, lang, attributes)

    def validate_tool(spec: str) -> dict[str, Any]:
        return _answer(validate, spec)

    def status_tool(
        specs: list[str], today: str | None = None, show_all: bool = False
    ) -> dict[str, Any]:
        return _answer(status, specs, today, show_all)

    def rules_tool() -> dict[str, Any]:
        return _answer(rules)

    server.tool(
        name="check",
        description="Gate REVISION against BASE: every change classified and gated by "
        "lifecycle status; the JSON report (docs/reports.md) with 'failed' true when the "
        "gate fails. Paths in the repository, or REV:PATH.",
    )(check_tool)
    server.tool(
        name="changelog",
        description="Every change from BASE to REVISION in sections (breaking, deprecations, "
        "additions, other), as the changelog's JSON.",
    )(changelog_tool)
    server.tool(
        name="validate",
        description="Every problem of one OpenAPI document, with file:line, as JSON.",
    )(validate_tool)
    server.tool(
        name="status",
        description="The endpoint status table (version, release, lifecycle status, end of "
        "life) of one document per API version, as JSON.",
    )(status_tool)
    server.tool(name="rules", description="The rule catalogue: every rule oasgate reports.")(
        rules_tool
    )

    server.run()


#: the SDK's exception whose message a client is shown (set by :func:`serve`)
_tool_error: Any = ValueError


def _answer(tool: Any, *arguments: Any) -> dict[str, Any]:
    """A tool's result, or its one-line error as the tool error the client shows (the
    CLI's own line: file, line, what to do)."""
    try:
        result: dict[str, Any] = tool(*arguments)
    except OasgateError as error:
        raise _tool_error(str(error)) from None
    return result
