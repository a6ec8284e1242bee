"""`oasgate mcp` (docs/mcp.md): the SDK's own client over stdio against
`python -m oasgate mcp` — the five tools listed, a check of the example answered with its
findings, and a path outside the repository refused."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, run_cli

mcp = pytest.importorskip("mcp", reason="the mcp extra: pip install -e '.[dev]'")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402


def _field(result: Any, snake: str, camel: str) -> Any:
    """The SDK's 1.x names fields in camelCase, 2.x in snake_case."""
    return getattr(result, snake, None) if hasattr(result, snake) else getattr(result, camel)


async def _session(
    cwd: Path, calls: list[tuple[str, dict[str, Any]]]
) -> tuple[list[str], list[Any]]:
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "oasgate", "mcp"],
        cwd=str(cwd),
        env={**os.environ, "NO_COLOR": "1"},
    )
    async with stdio_client(parameters) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        listed = await session.list_tools()
        results = [await session.call_tool(name, arguments) for name, arguments in calls]
    return sorted(tool.name for tool in listed.tools), results


def _json(result: Any) -> Any:
    structured = _field(result, "structured_content", "structuredContent")
    if structured:
        return structured
    return json.loads(result.content[0].text)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("repo")
    (top / ".git").mkdir()
    shutil.copytree(REPO / "examples" / "petstore", top / "petstore")
    return top


def test_the_server_lists_its_tools_and_answers_a_check(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "spec.yaml"
    outside.write_text((REPO / "examples" / "petstore" / "base.yaml").read_text())
    pair = {"base": "petstore/base.yaml", "revision": "petstore/revision.yaml"}
    names, (checked, spanish, escaped, rules) = asyncio.run(
        _session(
            repo,
            [
                ("check", pair),
                ("check", {**pair, "lang": "es", "attributes": ["x-audience"]}),
                ("check", {"base": str(outside), "revision": "petstore/revision.yaml"}),
                ("rules", {}),
            ],
        )
    )
    assert names == ["changelog", "check", "rules", "status", "validate"]

    report = _json(checked)
    expected = run_cli(
        "check", *pair.values(), "--format", "json", cwd=repo
    ).json()  # the CLI's own report, for the same pair
    assert report["failed"] is True
    assert [f["id"] for f in report["findings"]] == [f["id"] for f in expected["findings"]]
    assert [f["fingerprint"] for f in report["findings"]] == [
        f["fingerprint"] for f in expected["findings"]
    ]
    assert "response-property-removed" in {f["id"] for f in report["findings"]}
    assert report["summary"] == expected["summary"]

    messages = {f["message"] for f in _json(spanish)["findings"]}
    assert "se eliminó la propiedad de respuesta 'Pet.nickname'" in messages

    assert _field(escaped, "is_error", "isError") is True
    assert "outside the repository" in escaped.content[0].text
    assert len(_json(rules)["rules"]) > 900


def test_the_tools_refuse_what_the_repository_does_not_hold(repo: Path) -> None:
    from oasgate.errors import OasgateError
    from oasgate.mcp_server import check, validate

    for spec in ("https://example.com/openapi.yaml", "-", "--config=/etc/passwd", ".git/config"):
        with pytest.raises(OasgateError):
            validate(spec, cwd=repo)
    with pytest.raises(OasgateError, match="is not a value"):
        check("petstore/base.yaml", "petstore/revision.yaml", lang="--help", cwd=repo)
    with pytest.raises(OasgateError, match="no such file"):
        validate("petstore/missing.yaml", cwd=repo)


def test_the_other_tools_answer_with_the_commands_json(repo: Path) -> None:
    from oasgate.mcp_server import changelog, status, validate

    valid = validate("petstore/base.yaml", cwd=repo)
    assert valid["valid"] is True and valid["source"] == "petstore/base.yaml"
    entry = changelog("petstore/base.yaml", "petstore/revision.yaml", date="2026-01-01", cwd=repo)
    assert entry["counts"]["breaking"] == 8
    table = status(["petstore/revision.yaml"], cwd=repo)
    assert table


def test_without_the_extra_the_command_says_how_to_install_it(tmp_path: Path) -> None:
    """The base install never imports mcp: with the package hidden, `oasgate mcp` is one
    line with the install command, exit 2."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'mcp' or name.startswith('mcp.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, _Hide())\n"
    )
    result = run_cli("mcp", env={"PYTHONPATH": str(shadow)})
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "oasgate: error: the MCP server needs the mcp package, an optional extra "
        "(install it with: pip install 'oasgate[mcp]')"
    ]


def test_the_base_install_does_not_import_mcp() -> None:
    result = run_cli("check", "--help")
    assert result.exit_code == 0
    probe = run_cli("rules", "--format", "json")
    assert probe.exit_code == 0
    import subprocess

    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import oasgate, oasgate.cli, oasgate.engine, sys; print('mcp' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "False"
