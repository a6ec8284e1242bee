"""The release as a stranger gets it: ``python -m build``, the wheel installed into a fresh
virtual environment, and the gate run from there on the bundled example with a preset.

The wheel is built the way the release workflow builds it (an sdist, then the wheel from
the sdist), from a copy of the files a checkout has, so a data file that the sdist or the
wheel leaves out fails here rather than on a user's machine. ``twine check`` reads the
metadata as PyPI will. See docs/release.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.acceptance.gitrepo import REPO, clean_env

pytest.importorskip("build", reason="the release test needs the dev extra (build)")

PACKAGE = REPO / "src" / "oasgate"
#: what the sdist is built from: the files pyproject.toml names, and the package
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src")


def package_data_files() -> set[str]:
    """Every file of the package that is not Python source: what the package reads at run
    time (schemas, the catalogue's tables, the presets) and ``py.typed``."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }


def _run(*args: str | Path, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist and wheel, built from a copy of the checkout (the build writes beside its
    sources, and the checkout is not the test's to write)."""
    root = tmp_path_factory.mktemp("release")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name,
                source / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
            )
        else:
            shutil.copy2(REPO / name, source / name)
    out = root / "dist"
    built = _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source, cwd=root)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    # setuptools warns of deprecated metadata (the license table…) on stderr: none left
    assert "deprecated" not in built.stderr.lower(), built.stderr
    assert "SetuptoolsDeprecationWarning" not in built.stdout + built.stderr
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("oasgate-*.whl")
    return wheel


def test_wheel_carries_every_data_file_of_the_package(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        names = set(wheel.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = wheel.read(metadata).decode()
    missing = package_data_files() - names
    assert not missing, f"left out of the wheel: {sorted(missing)} (pyproject.toml package-data)"
    assert "oasgate/catalogue/oasdiff-check-ids.tsv" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in text
    from oasgate.version import __version__

    assert f"\nVersion: {__version__}\n" in text  # one version, written once


def test_twine_check_passes(dist: Path) -> None:
    pytest.importorskip("twine", reason="the release test needs the dev extra (twine)")
    files = sorted(dist.iterdir())
    assert {f.suffix for f in files} == {".whl", ".gz"}
    checked = _run(sys.executable, "-m", "twine", "check", "--strict", *files, cwd=dist)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


def _venv_python(venv: Path) -> Path:
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    return scripts / ("python.exe" if os.name == "nt" else "python")


def test_the_wheel_in_a_fresh_venv_gates_the_bundled_example(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = _venv_python(venv)
    # the running interpreter's pip installs into the fresh venv: the wheel and its
    # dependencies as declared (a dependency missing from pyproject.toml fails here)
    installed = _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        _wheel(dist),
        cwd=tmp_path,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # a directory that is not a checkout: nothing but the installed wheel to run
    work = tmp_path / "work"
    shutil.copytree(REPO / "examples" / "petstore", work)
    (work / ".oasgate.yaml").write_text("fail-on: warning\n", encoding="utf-8")  # the config schema

    where = _run(python, "-c", "import oasgate; print(oasgate.__file__)", cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr

    check = _run(
        python,
        "-m",
        "oasgate",
        "check",
        "base.yaml",
        "revision.yaml",
        "--policy",
        "five-stage",
        "--format",
        "json",
        "--format",
        "sarif=report.sarif",
        cwd=work,
    )
    assert check.returncode == 1, check.stderr  # the example breaks clients: the gate fails
    report = json.loads(check.stdout)
    assert report["summary"]["error"] == 7
    assert {f["id"] for f in report["findings"]} >= {"response-property-type-changed"}
    assert json.loads((work / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"

    # the installed report schema validates the installed product's report
    schema = _run(
        python,
        "-c",
        "import importlib.resources as r; print(r.files('oasgate').joinpath('report.schema.json').read_text())",
        cwd=work,
    )
    import jsonschema

    jsonschema.validate(report, json.loads(schema.stdout))

    # every preset, and the catalogue's oasdiff table behind the rule reference
    for preset in ("default", "five-stage", "single-version", "two-live-versions"):
        run = _run(
            python, "-m", "oasgate", "check", "base.yaml", "base.yaml", "--policy", preset, cwd=work
        )
        assert run.returncode == 0, (preset, run.stderr)
    rules = _run(python, "-m", "oasgate", "rules", "--format", "markdown", cwd=work)
    assert rules.returncode == 0, rules.stderr
    assert "oasdiff" in rules.stdout
    script = venv / ("Scripts" if os.name == "nt" else "bin") / "oasgate"
    assert script.with_suffix(".exe" if os.name == "nt" else "").exists()


def test_every_install_path_names_one_repository() -> None:
    """The README, the CI recipes, the release page, the pre-commit hook's header and the
    package's metadata all name the same repository, and say how to install today (from
    a tag) and after publication (PyPI, pipx)."""
    texts = {
        name: (REPO / name).read_text(encoding="utf-8")
        for name in (
            "README.md",
            "docs/ci.md",
            "docs/release.md",
            ".pre-commit-hooks.yaml",
            "pyproject.toml",
        )
    }
    for name, text in texts.items():
        assert "OWNER/" not in text, name
        names = set(re.findall(r"github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?[/@\s\"#)]", text))
        names |= set(re.findall(r"uses: ([\w.-]+/oasgate)@", text))
        assert names <= {"oasgate/oasgate"}, (name, names)
    tag_install = 'pip install "oasgate @ git+https://github.com/oasgate/oasgate@v0.1.0"'
    for name in ("README.md", "docs/ci.md", "docs/release.md"):
        assert tag_install in texts[name], name
        assert "pip install oasgate" in texts[name], name
        assert "pipx run oasgate" in texts[name], name
    assert "rev: v0.1.0" in texts["README.md"]
