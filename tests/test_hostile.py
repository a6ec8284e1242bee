"""The hostile-input corpus: each case is refused with one clear line, quickly, leaving nothing.

Every directory of ``tests/hostile/`` holds the input files and ``case.json``:
``argv`` (run in a copy of the directory), the expected ``exit`` code, fragments of
the one ``stderr`` line (or of ``stdout`` for a run that completes), and optionally a
``setup`` that makes what a repository
cannot hold (symlinks out of the tree, FIFOs, large files). Each run must end by
itself (the subprocess has a hard timeout), print no traceback, write nothing to
stdout when it refuses, and create no file — a partial report included.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.hostile_shapes import COST_SETUPS

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.json").is_file())
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
    if case["exit"] == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, result.stderr
        for fragment in case["stderr"]:
            assert fragment in lines[0], lines[0]
        assert result.stdout == ""
    for fragment in case.get("stdout", []):
        assert fragment in result.stdout, result.stdout[-2000:]
    assert _snapshot(folder) == before, "the run created or removed files"


def test_every_setup_is_used() -> None:
    used = {json.loads((HOSTILE / n / "case.json").read_text()).get("setup") for n in CASES}
    assert set(SETUPS) <= used
