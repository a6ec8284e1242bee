"""The documentation is part of the feature: generated pages cannot drift, every CLI option
is documented, every console example runs, every oasgate command line in the docs is one
the CLI accepts, and the site builds with ``mkdocs build --strict``."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import click
import pytest

from oasgate.cli import main as cli_main
from oasgate.errors import OasgateError
from tests.conftest import REPO

DOCS = REPO / "docs"
PAGES = [*sorted(p for p in DOCS.rglob("*.md")), REPO / "README.md"]


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["index.md", "cli.md", "configuration.md", "lifecycle.md"])
def test_generated_pages_are_up_to_date(page: str) -> None:
    expected = _gen_docs().PAGES[page]()
    assert (DOCS / page).read_text(encoding="utf-8") == expected, (
        f"docs/{page} is out of date; regenerate it: python scripts/gen_docs.py"
    )


def _all_docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PAGES)


def _commands() -> Iterator[tuple[str, click.Command]]:
    yield "oasgate", cli_main
    context = click.Context(cli_main)
    names = cli_main.list_commands(context)
    assert len(names) >= 6
    for name in names:
        command = cli_main.get_command(context, name)
        assert command is not None, name
        yield f"oasgate {name}", command


def test_every_cli_option_is_in_the_docs() -> None:
    text = _all_docs_text()
    missing = []
    for name, command in _commands():
        if name != "oasgate" and f"## {name}" not in text:
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option):
                for option in [*param.opts, *param.secondary_opts]:
                    if f"`{option}`" not in text and f"{option} " not in text:
                        missing.append(f"{name} {option}")
    assert not missing


def test_every_command_help_has_an_example() -> None:
    for name, command in _commands():
        assert "oasgate " in (command.help or ""), f"{name} --help has no example"


# -- examples -------------------------------------------------------------------------------


@dataclass
class Block:
    page: str
    line: int
    language: str
    text: str


def _blocks() -> Iterator[Block]:
    fence = re.compile(r"^(\s*)```(\w*)\s*$")
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            match = fence.match(lines[i])
            if match and match.group(2):
                indent, language, start = match.group(1), match.group(2), i
                body = []
                i += 1
                while i < len(lines) and lines[i].strip() != "```":
                    body.append(lines[i].removeprefix(indent))
                    i += 1
                yield Block(str(page.relative_to(REPO)), start + 1, language, "\n".join(body))
            i += 1


@dataclass
class Example:
    where: str
    command: str
    exit_code: int
    output: list[str]


def _console_examples() -> list[Example]:
    examples = []
    for block in _blocks():
        if block.language != "console":
            continue
        current: Example | None = None
        lines = block.text.splitlines()
        offset = -1
        while offset + 1 < len(lines):
            offset += 1
            line = lines[offset]
            while line.startswith("$ ") and line.endswith("\\") and offset + 1 < len(lines):
                offset += 1
                line = line[:-1] + " " + lines[offset].strip()
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("  # ")
                code = re.match(r"exit (\d+)", comment.strip())
                current = Example(
                    f"{block.page}:{block.line + offset + 1}",
                    command.strip(),
                    int(code.group(1)) if code else 0,
                    [],
                )
                examples.append(current)
            elif current is not None and line.strip() and line.strip() != "...":
                current.output.append(line.rstrip())
    return examples


CONSOLE_EXAMPLES = _console_examples()


def test_the_docs_have_console_examples() -> None:
    assert len(CONSOLE_EXAMPLES) >= 5


@pytest.mark.parametrize("example", CONSOLE_EXAMPLES, ids=[e.where for e in CONSOLE_EXAMPLES])
def test_console_example_runs(example: Example, tmp_path: Path) -> None:
    """Each ``$ command`` of a ``console`` block runs from the repository root with the
    exit code its ``# exit N`` comment states (else 0), printing the lines shown."""
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI"))}
    env.update(NO_COLOR="1", COLUMNS="200", PATH=f"{bin_dir}{os.pathsep}{env['PATH']}")
    env["OASGATE_EXAMPLE_TMP"] = str(tmp_path)
    # Examples that write files write them into a scratch copy of the examples.
    work = tmp_path / "repo"
    shutil.copytree(REPO / "examples", work / "examples")
    shutil.copy(REPO / "pyproject.toml", work / "pyproject.toml")
    proc = subprocess.run(
        ["bash", "-c", example.command],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == example.exit_code, proc.stdout + proc.stderr
    actual = [line.rstrip() for line in (proc.stdout + proc.stderr).splitlines()]
    for shown in example.output:
        # '…' in a shown line stands for text left out (a long path, a date).
        pattern = re.compile(".*".join(re.escape(part) for part in shown.split("…")))
        assert any(pattern.fullmatch(line) for line in actual), (
            f"{shown!r} not in the output of {example.command!r}:\n{proc.stdout}"
        )


def _command_lines() -> Iterator[tuple[str, list[str]]]:
    """Every ``oasgate ...`` command line in any code block of the docs, continuations
    joined, pipes and redirections cut off."""
    for block in _blocks():
        if block.language not in ("sh", "bash", "console", "yaml", "text", "shell"):
            continue
        text = re.sub(r"\\\n\s*", " ", block.text)
        for offset, raw in enumerate(text.splitlines()):
            line = raw.strip()
            line = re.sub(r"^(\$ |- |run: |>\s*)", "", line).strip()
            if not re.match(r"(\.venv/bin/)?oasgate( |$)", line):
                continue
            if "{{" in line or "<" in line.split("#")[0]:
                continue
            command = re.split(r"\s(?:\||>|&&|;|#|2>)\s?", line)[0]
            try:
                words = shlex.split(command)
            except ValueError:
                continue
            yield f"{block.page}:{block.line + offset + 1}", words[1:]


COMMAND_LINES = list(_command_lines())


@pytest.mark.parametrize("words", [w for _, w in COMMAND_LINES], ids=[w for w, _ in COMMAND_LINES])
def test_documented_command_lines_are_accepted_by_the_cli(words: list[str]) -> None:
    """Options, choices and argument counts of every documented command line parse."""
    if not words or words[0] in ("--help", "-h", "--version"):
        return
    command = cli_main.get_command(click.Context(cli_main), words[0])
    assert command is not None, f"no command {words[0]!r}"
    command.make_context(f"oasgate {words[0]}", list(words[1:]), resilient_parsing=False)


def test_the_docs_have_many_command_lines() -> None:
    assert len(COMMAND_LINES) >= 20


# -- completion -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef oasgate"), ("fish", "complete")],
)
def test_completion_script_for_each_shell(shell: str, marker: str) -> None:
    oasgate = Path(sys.executable).with_name("oasgate")
    env = {**os.environ, "_OASGATE_COMPLETE": f"{shell}_source"}
    proc = subprocess.run([str(oasgate)], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout
    assert "_OASGATE_COMPLETE" in proc.stdout
    assert f"_OASGATE_COMPLETE={shell}_source oasgate" in _all_docs_text()


def test_completion_offers_commands_and_format_choices() -> None:
    oasgate = Path(sys.executable).with_name("oasgate")
    env = {
        **os.environ,
        "_OASGATE_COMPLETE": "bash_complete",
        "COMP_WORDS": "oasgate check a.yaml b.yaml --format s",
        "COMP_CWORD": "5",
    }
    proc = subprocess.run([str(oasgate)], env=env, capture_output=True, text=True, timeout=60)
    assert "sarif" in proc.stdout
    env.update(COMP_WORDS="oasgate ch", COMP_CWORD="1")
    proc = subprocess.run([str(oasgate)], env=env, capture_output=True, text=True, timeout=60)
    assert "check" in proc.stdout and "changelog" in proc.stdout


# -- the site -------------------------------------------------------------------------------


def test_every_page_is_in_the_site_navigation() -> None:
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = {next(iter(item.values())) for item in config["nav"]}
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if not p.name.startswith("_")}
    assert pages == listed


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed")
def test_site_builds_strictly(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "cli" / "index.html").is_file()
    assert (tmp_path / "site" / "configuration" / "index.html").is_file()


#: the keys a config example starts with (a YAML block that starts otherwise is a spec)
_CONFIG_KEYS = ("extends:", "fail-on:", "rules:", "policy:", "gate:", "lifecycle:", "ignores:")


def _config_examples() -> Iterator[tuple[str, str, str]]:
    """(where, file name, text) of every config example in the docs: YAML blocks that
    start with a config key, TOML blocks with a ``[tool.oasgate]`` table."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.finditer(r"```(yaml|toml)\n(.*?)```", text, re.DOTALL):
            language, body = block.groups()
            lines = [line for line in body.splitlines() if line.strip()]
            first = next((line for line in lines if not line.startswith("#")), "")
            if language == "yaml" and first.startswith(_CONFIG_KEYS):
                name = ".oasgate.yaml"
            elif language == "toml" and "[tool.oasgate" in body:
                name = "pyproject.toml"
            else:
                continue
            line = text.count("\n", 0, block.start()) + 1
            yield f"{page.relative_to(REPO)}:{line}", name, body


def test_every_config_example_in_the_docs_is_accepted(tmp_path: Path) -> None:
    # a user copies these: one with a stale rule id would stop their first run (exit 2)
    from oasgate.config import load_config

    examples = list(_config_examples())
    assert len(examples) >= 5
    refused = []
    for number, (where, name, body) in enumerate(examples):
        path = tmp_path / str(number) / name
        path.parent.mkdir()
        path.write_text(body, encoding="utf-8")
        try:
            load_config(path)
        except OasgateError as error:
            refused.append(f"{where}: {error}")
    assert refused == []
