"""Shared helpers: write spec pairs to disk and run the real CLI on them; and the two halves
of the suite, marked by folder.

``tests/unit`` holds in-process tests of modules, the half a developer runs while working
(``python -m pytest tests/unit``, or ``-m unit``: the same tests); ``tests/acceptance`` the
ones that run the product as a user does or need the outside world: the CLI end to end
over real files, git, the browser, the docs, golden reports, real specs, the fuzzer. A test
file in neither folder is an error, so that each new file chooses its half."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

#: No test fails for being slow: a property's examples run without a deadline (the
#: default 200 ms tripped on a loaded two-core CI machine); speed is the benchmarks' job.
settings.register_profile("oasgate", deadline=None)
settings.load_profile("oasgate")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
HALVES = ("unit", "acceptance")
"""The folders of ``tests/`` that hold test files, each also a marker (``pyproject.toml``)."""

#: A test of something only POSIX systems have — FIFOs, device files, symlinks made by an
#: unprivileged user, signals, ``/dev/fd`` — skipped on Windows (the product's fallbacks
#: for what Windows lacks are tested in tests/acceptance/test_platform_fallbacks.py).
POSIX = pytest.mark.skipif(os.name != "posix", reason="needs FIFOs, devices, symlinks or signals")
#: whole test files about such things
POSIX_FILES = frozenset({"test_hostile.py", "test_hostile_processes.py", "test_report_writing.py"})


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by its folder, so that ``-m unit`` and ``-m acceptance`` select the
    same tests as the folders do and no test file needs a decorator."""
    tests = Path(__file__).resolve().parent
    unplaced: set[str] = set()
    for item in items:
        try:
            half = item.path.resolve().relative_to(tests).parts[0]
        except ValueError:  # not under tests/
            continue
        if half in HALVES:
            item.add_marker(half)
            if item.path.name in POSIX_FILES:
                item.add_marker(POSIX)
        else:
            unplaced.add(str(item.path.relative_to(REPO)))
    if unplaced:
        raise pytest.UsageError(
            "test files belong in tests/unit (in-process, fast) or tests/acceptance "
            f"(the product run as a user runs it, the outside world): {', '.join(sorted(unplaced))}"
        )


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: str | None = None,
    env: dict[str, str | None] | None = None,
    max_memory: int | None = None,
) -> Result:
    """Run ``python -m oasgate`` in a subprocess: exactly what a user runs. An ``env``
    value of None removes that variable; ``max_memory`` caps the subprocess's address
    space (bytes), so that a run that would grow without bound fails instead."""
    if max_memory is not None and os.name != "posix":
        pytest.skip("capping a process's memory needs POSIX (resource.setrlimit)")
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    full_env.pop("GITHUB_ACTIONS", None)
    full_env.pop("GITHUB_STEP_SUMMARY", None)  # tests must not write to a real job summary
    for name, value in (env or {}).items():
        if value is None:
            full_env.pop(name, None)
        else:
            full_env[name] = value
    proc = subprocess.run(
        [sys.executable, "-m", "oasgate", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        preexec_fn=None if max_memory is None else functools.partial(_cap_memory, max_memory),
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _cap_memory(limit: int) -> None:
    import resource  # POSIX: run_cli skips a capped run elsewhere

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def spec_text(paths: str, *, extra: str = "", version: str = "3.0.3") -> str:
    """A whole document around a ``paths`` snippet (or the snippet itself if it is whole)."""
    paths = textwrap.dedent(paths)
    if paths.lstrip().startswith(("openapi:", "swagger:")):
        return paths
    body = textwrap.indent(paths, "  ")
    return f"openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n{body}\n{textwrap.dedent(extra)}"


@pytest.fixture
def write_pair(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    def write(
        base: str, revision: str, *, name: str = "pair", suffix: str = ".yaml"
    ) -> tuple[Path, Path]:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        base_path = folder / f"base{suffix}"
        revision_path = folder / f"revision{suffix}"
        base_path.write_text(spec_text(base), encoding="utf-8")
        revision_path.write_text(spec_text(revision), encoding="utf-8")
        return base_path, revision_path

    return write
