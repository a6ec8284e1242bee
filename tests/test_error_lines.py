"""An exit-2 line always says where: the file (and line) for bad input, the command and
its inputs for a failure that has no file of its own, and how to report a bug."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "petstore"
HANG_GUARD = 120  # seconds, a guard against a hang only

_FAILING_ENGINE = """
import sys
import oasgate.engine
def check_opened(*args, **kwargs):  # what `oasgate check` runs once both sides are read
    raise {error}
oasgate.engine.check_opened = check_opened
sys.argv = ["oasgate", "check", "base.yaml", "revision.yaml", "--fail-on", "warning"]
import oasgate.cli
oasgate.cli.run()
"""


def _run_with_failing_engine(tmp_path: Path, error: str) -> subprocess.CompletedProcess[str]:
    for name in ("base.yaml", "revision.yaml"):
        (tmp_path / name).write_text((EXAMPLE / name).read_text())
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_FAILING_ENGINE.format(error=error))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_internal_error_names_the_command_its_inputs_and_where_to_report_it(
    tmp_path: Path,
) -> None:
    line = _one_line(_run_with_failing_engine(tmp_path, "KeyError('x-oops')"))
    assert "internal error in `oasgate check base.yaml revision.yaml`" in line
    assert "KeyError" in line and "x-oops" in line
    assert "github.com/oasgate/oasgate/issues" in line and "OASGATE_DEBUG=1" in line
    assert "--fail-on" not in line  # options stay out (a URL option may hold a token)


def test_nesting_too_deep_without_a_file_names_the_inputs(tmp_path: Path) -> None:
    line = _one_line(_run_with_failing_engine(tmp_path, "RecursionError()"))
    assert "oasgate check base.yaml revision.yaml: " in line
    assert "nest too deeply" in line
