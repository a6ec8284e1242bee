"""Every command offers the formats that make sense for it, with the same names and the
same rules: ``--format NAME[=FILE]`` repeatable, ``--output FILE`` for the one format
without a file, one format at most on standard output (docs/cli.md, docs/reports.md).
A format name means the same thing everywhere: ``json`` parses as JSON, ``sarif``
validates against SARIF 2.1.0, ``junit`` is JUnit XML, and so on."""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import click
import feedparser
import jsonschema
import pytest
import yaml

from oasgate.cli import COMMANDS, main
from oasgate.cli.output import FormatTarget
from tests.acceptance.history_repo import SPEC as HISTORY_SPEC
from tests.acceptance.history_repo import build as build_history
from tests.conftest import REPO, run_cli

EXAMPLE = REPO / "examples" / "petstore"
BASE, REVISION = str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml")
SARIF_SCHEMA = json.loads(
    (REPO / "tests" / "schemas" / "sarif-2.1.0" / "sarif-2.1.0-rtm.5.json").read_text()
)

#: ``oasgate log`` reads a history: a repository built once (its dates set), removed at exit
_HISTORY = tempfile.TemporaryDirectory(prefix="oasgate-log-")
HISTORY = Path(_HISTORY.name) / "repo"
build_history(HISTORY)

#: each command: its arguments, its exit code on them, and the formats it offers
COMMAND_FORMATS: dict[str, tuple[list[str], int, tuple[str, ...]]] = {
    "check": (
        [BASE, REVISION, "--today=2026-01-01"],
        1,
        ("text", "json", "yaml", "markdown", "html", "sarif", "junit", "github", "gitlab"),
    ),
    "diff": ([BASE, REVISION], 0, ("json", "yaml")),
    "changelog": ([BASE, REVISION, "--date=2026-01-01"], 0, ("markdown", "json", "atom", "rss")),
    "log": (
        [str(HISTORY / HISTORY_SPEC), "--tags"],
        0,
        ("text", "json", "markdown", "changelog", "atom", "rss"),
    ),
    "validate": (
        [str(REPO / "tests" / "data" / "formats-invalid.yaml")],
        1,
        ("text", "json", "markdown", "sarif", "junit", "github", "gitlab"),
    ),
    "versions": ([BASE, REVISION, "--today=2026-01-01"], 1, ("text", "json", "markdown")),
    "status": ([BASE, REVISION, "--today=2026-01-01"], 0, ("text", "markdown", "json")),
    "rules": ([], 0, ("text", "json", "markdown")),
}


def _json(text: str) -> None:
    json.loads(text)


def _sarif(text: str) -> None:
    jsonschema.validate(json.loads(text), SARIF_SCHEMA)


def _junit(text: str) -> None:
    assert ET.fromstring(text).tag == "testsuites"


def _feed(text: str) -> None:
    assert not feedparser.parse(text).bozo


def _markdown(text: str) -> None:
    assert "|" in text or text.startswith("#")


def _github(text: str) -> None:
    assert any(line.startswith("::") for line in text.splitlines())


def _gitlab(text: str) -> None:
    issues = json.loads(text)
    assert isinstance(issues, list) and all("location" in issue for issue in issues)


#: what each format name means, whichever command writes it
MEANING: dict[str, Callable[[str], None]] = {
    "text": lambda text: None,
    "json": _json,
    "yaml": lambda text: yaml.safe_load(text),
    "markdown": _markdown,
    "changelog": _markdown,
    "html": lambda text: text.startswith("<!DOCTYPE html>"),
    "sarif": _sarif,
    "junit": _junit,
    "github": _github,
    "gitlab": _gitlab,
    "atom": _feed,
    "rss": _feed,
}


#: commands that write no report: git runs the diff driver and reads its text; the MCP
#: server answers its client in MCP's own JSON messages
WITHOUT_FORMATS = {"git-diff-driver", "mcp"}

#: commands whose inputs are made by another run: ``merge`` joins ``check --shard``'s JSON
#: reports and writes check's formats (every one of them is run, sharded and merged, in
#: tests/acceptance/test_monorepo.py::test_sharded_and_merged_equals_one_run)
FORMATS_OF_CHECK = {"merge"}


def test_every_command_is_listed_with_its_formats() -> None:
    assert set(COMMAND_FORMATS) | WITHOUT_FORMATS | FORMATS_OF_CHECK == set(COMMANDS)
    for name in [*COMMAND_FORMATS, *FORMATS_OF_CHECK]:
        with click.Context(main) as context:
            command = main.get_command(context, name)
        assert command is not None
        (option,) = [p for p in command.params if p.name == "formats"]
        assert isinstance(option.type, FormatTarget) and option.multiple
        expected = COMMAND_FORMATS["check" if name in FORMATS_OF_CHECK else name][2]
        assert option.type.names == expected, name
        assert any(p.name == "output" and "-o" in p.opts for p in command.params), name
        assert set(option.type.names) <= set(MEANING)


@pytest.mark.parametrize("name", list(COMMAND_FORMATS))
def test_every_format_to_a_file_to_stdout_and_with_output(tmp_path: Path, name: str) -> None:
    args, code, formats = COMMAND_FORMATS[name]
    files = {fmt: tmp_path / f"report.{fmt}" for fmt in formats}
    every = run_cli(name, *args, *[f"--format={fmt}={files[fmt]}" for fmt in formats])
    assert every.exit_code == code, every.stderr
    assert every.stdout == ""
    for fmt in formats:
        written = files[fmt].read_text(encoding="utf-8")
        MEANING[fmt](written)
        alone = run_cli(name, *args, f"--format={fmt}")
        assert alone.exit_code == code, alone.stderr
        assert alone.stdout == written, (name, fmt)
    output = tmp_path / "output"
    with_output = run_cli(name, *args, "--format", formats[-1], "--output", str(output))
    assert with_output.exit_code == code and with_output.stdout == ""
    assert output.read_text(encoding="utf-8") == files[formats[-1]].read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(COMMAND_FORMATS))
def test_the_same_misuse_is_the_same_error(name: str) -> None:
    args, _, formats = COMMAND_FORMATS[name]
    two_on_stdout = run_cli(name, *args, f"--format={formats[0]}", f"--format={formats[-1]}")
    assert two_on_stdout.exit_code == 2
    assert "only one format can be written to standard output" in two_on_stdout.stderr
    unknown = run_cli(name, *args, "--format=pdf")
    assert unknown.exit_code == 2 and ", ".join(formats) in unknown.stderr
