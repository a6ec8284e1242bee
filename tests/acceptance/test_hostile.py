"""The hostile-input corpus: each case is refused with one clear line, quickly, leaving nothing.

Every directory of ``tests/hostile/`` holds the input files and ``case.json``:
``argv`` (run in a copy of the directory), the expected ``exit`` code, fragments of
the one ``stderr`` line (or of ``stdout`` for a run that completes), optionally what
must not appear on stderr (``not_in_stderr``: content of a file it must not read), and a
``setup`` that makes what a repository
cannot hold (symlinks out of the tree, FIFOs, character devices, large files),
``kinds`` of files that must keep their kind (a FIFO stays a FIFO), and
``needs_root`` for a case that makes a device. Each run must end by
itself (the subprocess has a hard timeout), print no traceback, write nothing to
stdout when it refuses, and create no file — a partial report included.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.acceptance.hostile_shapes import COST_SETUPS
from tests.conftest import run_cli

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.json").is_file())
#: what must never reach a terminal from a spec: C0 controls but the newline, DEL, C1
_TERMINAL_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
#: Every case runs with at most this much address space: none may grow without bound.
MEMORY_CAP = 3 * 1024**3
HEADER = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def _deep_indentation(folder: Path) -> None:
    levels = 1200
    lines = [HEADER, "x-deep:\n"]
    lines += [" " * (i + 1) + "a:\n" for i in range(levels)]
    lines.append(" " * (levels + 1) + "b: 1\n")
    (folder / "spec.yaml").write_text("".join(lines))


def _huge_scalar(folder: Path) -> None:
    (folder / "spec.yaml").write_text(HEADER + "x-big: '" + "x" * (2 * 1024 * 1024) + "'\n")


def _big_ref_target(folder: Path) -> None:
    (folder / "big.yaml").write_text("Big: {description: '" + "x" * 100_000 + "'}\n")


def _symlink_out(folder: Path) -> None:
    outside = folder.parent / "outside.yaml"
    outside.write_text("Pet: {type: object}\n")  # readable and valid: only confinement refuses it
    (folder / "link.yaml").symlink_to(outside)


def _symlinked_dir_out(folder: Path) -> None:
    outside = folder.parent / "outside"
    outside.mkdir()
    (outside / "pet.yaml").write_text("Pet: {type: object}\n")
    (folder / "shared").symlink_to(outside, target_is_directory=True)


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")


def _report_fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.json")


def _device(name: str, minor: int) -> Callable[[Path], None]:
    """A character device with the numbers of /dev/null (1, 3) or /dev/full (1, 7), made in
    the case's folder: the machine's own /dev is never a target."""

    def make(folder: Path) -> None:
        os.mknod(folder / name, 0o666 | stat.S_IFCHR, os.makedev(1, minor))

    return make


def _report_symlink(folder: Path) -> None:
    (folder / "reports").mkdir()
    (folder / "reports" / "real.json").write_text("old\n")
    (folder / "link.json").symlink_to("reports/real.json")


def _deep_toml_config(folder: Path) -> None:
    (folder / "pyproject.toml").write_text("[tool.oasgate]\nx = " + "[" * 3000 + "]" * 3000 + "\n")


def _kind(path: Path) -> str:
    mode = path.lstat().st_mode
    for kind, test in (
        ("symlink", stat.S_ISLNK),
        ("fifo", stat.S_ISFIFO),
        ("character device", stat.S_ISCHR),
        ("file", stat.S_ISREG),
    ):
        if test(mode):
            return kind
    return "other"


def _symlink_to(name: str, target: str) -> Callable[[Path], None]:
    """A symlink to a special file (the machine's own: it is only linked to, never touched)."""

    def setup(folder: Path) -> None:
        (folder / name).symlink_to(target)

    return setup


def _directory_symlink_loop(folder: Path) -> None:
    (folder / "sub" / "loop").symlink_to("..", target_is_directory=True)


def _git_work_tree(folder: Path) -> None:
    (folder / ".git").mkdir()  # what marks a working tree's top (a repository cannot hold it)


def _git_work_tree_in_repo(folder: Path) -> None:
    (folder / "repo" / ".git").mkdir()


def _secret_outside(folder: Path) -> Path:
    secret = folder.parent / "secret.yaml"
    secret.write_text("DB_PASSWORD: hunter2\n")  # readable: only confinement refuses it
    return secret


def _config_symlink_out(folder: Path) -> None:
    (folder / ".oasgate.yaml").symlink_to(_secret_outside(folder))


def _config_option_symlink_out(folder: Path) -> None:
    (folder / "gate.yaml").symlink_to(_secret_outside(folder))


def _git_config_with_token(folder: Path) -> None:
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text(
        '[http "https://github.com/"]\nextraheader: "AUTHORIZATION: basic c2VjcmV0"\n'
    )


def _config_symlink_to_git_config(folder: Path) -> None:
    _git_config_with_token(folder)
    (folder / ".oasgate.yaml").symlink_to(".git/config")


def _pyproject_fifo(folder: Path) -> None:
    os.mkfifo(folder / "pyproject.toml")


def _config_fifo(folder: Path) -> None:
    os.mkfifo(folder / "gate.yaml")


def _components(folder: Path, schema: Callable[[int], str], count: int = 20_000) -> None:
    lines = [
        HEADER.replace("paths: {}\n", "paths:\n"),
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        "          content:\n            application/json:\n",
        "              schema: {$ref: '#/components/schemas/S0'}\n",
        "components:\n  schemas:\n",
    ]
    lines += [f"    S{i}: {schema(i)}\n" for i in range(count)]
    (folder / "spec.yaml").write_text("".join(lines))


def _ref_chain(folder: Path) -> None:
    _components(folder, lambda i: f"{{$ref: '#/components/schemas/S{i + 1}'}}", 19_999)
    with (folder / "spec.yaml").open("a") as spec:
        spec.write("    S19999: {type: string}\n")


def _ref_nesting(folder: Path) -> None:
    _components(
        folder,
        lambda i: f"{{type: object, properties: {{a: {{$ref: '#/components/schemas/S{i + 1}'}}}}}}",
        19_999,
    )
    with (folder / "spec.yaml").open("a") as spec:
        spec.write("    S19999: {type: string}\n")


def _broken_refs(folder: Path) -> None:
    _components(folder, lambda i: f"{{$ref: '#/components/schemas/Missing{i}'}}")


HUGE_INTEGER = "9" * 5000  # past Python's 4,300-digit int/str conversion limit


def _huge_integer_yaml(folder: Path) -> None:
    (folder / "spec.yaml").write_text(
        HEADER.replace("paths: {}\n", "paths:\n")
        + "  /a:\n    get:\n      parameters:\n        - name: q\n          in: query\n"
        + f"          schema:\n            type: integer\n            maximum: {HUGE_INTEGER}\n"
        + "      responses: {'200': {description: ok}}\n"
    )


def _huge_integer_json(folder: Path) -> None:
    (folder / "spec.json").write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},\n'
        f' "components": {{"schemas": {{"N": {{"type": "integer", "enum": [1, {HUGE_INTEGER}]}}}}}}}}\n'
    )


SETUPS: dict[str, Callable[[Path], None]] = {
    "ref-chain": _ref_chain,
    "ref-nesting": _ref_nesting,
    "broken-refs": _broken_refs,
    "deep-indentation": _deep_indentation,
    "huge-scalar": _huge_scalar,
    "big-ref-target": _big_ref_target,
    "symlink-out": _symlink_out,
    "symlinked-dir-out": _symlinked_dir_out,
    "fifo": _fifo,
    "report-fifo": _report_fifo,
    "null-device": _device("null", 3),
    "full-device": _device("full", 7),
    "report-symlink": _report_symlink,
    "deep-toml-config": _deep_toml_config,
    "revision-symlink-to-stdout": _symlink_to("rev.yaml", "/proc/self/fd/1"),
    "revision-symlink-to-stdin": _symlink_to("rev.yaml", "/dev/stdin"),
    "config-symlink-to-dev-zero": _symlink_to(".oasgate.yaml", "/dev/zero"),
    "config-option-dev-zero": _symlink_to("gate.yaml", "/dev/zero"),
    "pyproject-fifo": _pyproject_fifo,
    "config-fifo": _config_fifo,
    "directory-symlink-loop": _directory_symlink_loop,
    "git-work-tree": _git_work_tree,
    "git-work-tree-in-repo": _git_work_tree_in_repo,
    "config-symlink-out": _config_symlink_out,
    "config-option-symlink-out": _config_option_symlink_out,
    "git-config-with-token": _git_config_with_token,
    "config-symlink-to-git-config": _config_symlink_to_git_config,
    "huge-integer-yaml": _huge_integer_yaml,
    "huge-integer-json": _huge_integer_json,
    **COST_SETUPS,
}


def _snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@functools.cache
def _check_has_output_option() -> bool:
    return "--output" in run_cli("check", "--help").stdout


@pytest.mark.parametrize("name", CASES)
def test_hostile_input(name: str, tmp_path: Path) -> None:
    case = json.loads((HOSTILE / name / "case.json").read_text())
    if case.get("needs_root") and os.geteuid() != 0:
        pytest.skip("making a character device needs root")
    folder = tmp_path / name
    shutil.copytree(HOSTILE / name, folder, symlinks=True)
    (folder / "case.json").unlink()
    if "setup" in case:
        SETUPS[case["setup"]](folder)
    argv = list(case["argv"])
    if case["exit"] == 2 and argv[0] == "check" and _check_has_output_option():
        argv[1:1] = ["--format", "json", "--output", "report.json"]
    before = _snapshot(folder)

    result = run_cli(*argv, cwd=folder, max_memory=MEMORY_CAP)

    assert result.exit_code == case["exit"], (result.stdout[-2000:], result.stderr)
    assert "Traceback" not in result.stderr
    assert not _TERMINAL_CONTROL.search(result.stderr), "a control character reached stderr"
    if case["exit"] == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, result.stderr
        for fragment in case["stderr"]:
            assert fragment in lines[0], lines[0]
        for fragment in case.get("not_in_stderr", []):
            assert fragment not in result.stderr, result.stderr
        assert result.stdout == ""
    for fragment in case.get("stdout", []):
        assert fragment in result.stdout, result.stdout[-2000:]
    assert _snapshot(folder) == before, "the run created or removed files"
    for file, kind in case.get("kinds", {}).items():
        assert _kind(folder / file) == kind, file


def test_every_setup_is_used() -> None:
    used = {json.loads((HOSTILE / n / "case.json").read_text()).get("setup") for n in CASES}
    assert set(SETUPS) <= used
