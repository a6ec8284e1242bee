"""What ``oasgate check`` of two documents leaves unloaded (docs/decisions.md D80).

Most of a small check's time is start-up: the interpreter, the imports, the catalogue.
Each module below was taken off the path of a check of two local files because only
another path uses it; a later import at the top of a module would bring it back
silently, with no test failing and every report the same. These runs catch that.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses: {'200': {description: ok}}
%s"""
DELETE = """    delete:
      responses: {'204': {description: gone}}
"""

#: module → the only paths that need it
DEFERRED = {
    "oasgate.many.sides": "a run over trees of specs",
    "oasgate.regex": "trees, validation, witnesses",
    "re2": "trees, validation, witnesses",
    "pickle": "the load checks' child process (documents over 1 MiB)",
    "traceback": "OASGATE_DEBUG after an internal error",
    "shlex": "an error message naming the command",
    "difflib": "comparing two property names that differ",
    "calendar": "month arithmetic and month names of lifecycle dates",
    "oasgate.cli.report_files": "--format NAME=FILE",
    "rich": "a styled text report on a terminal",
    "oasgate.witness": "--explain",
    "oasgate.history": "--dates-from-git and log",
    "jsonschema": "--strict",
}

#: runs the real command in this interpreter, then says what it loaded and built
SCRIPT = """
import json, sys
import oasgate.cli as cli
try:
    cli.main(sys.argv[1:], prog_name="oasgate")
except SystemExit as done:
    status = done.code
import oasgate.catalogue as catalogue
registry = getattr(catalogue, "_registry", None)  # built at import before D80
print(json.dumps({
    "status": status,
    "modules": sorted(sys.modules),
    "whole_catalogue": registry is None or registry.cache_info().currsize > 0,
}), file=sys.stderr)
"""


def _check(tmp_path: Path, base: str, revision: str) -> dict[str, object]:
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "revision.yaml").write_text(revision, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "check", "base.yaml", "revision.yaml", "--format", "text"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seen: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return seen


def _loaded(modules: object, name: str) -> bool:
    assert isinstance(modules, list)
    return any(m == name or m.startswith(f"{name}.") for m in modules)


@pytest.mark.parametrize(("revision", "status"), [("", 0), (DELETE, 0)])
def test_a_check_of_two_files_does_not_import_what_only_other_paths_need(
    tmp_path: Path, revision: str, status: int
) -> None:
    seen = _check(tmp_path, SPEC % "", SPEC % revision)
    assert seen["status"] == status
    loaded = {name: why for name, why in DEFERRED.items() if _loaded(seen["modules"], name)}
    assert loaded == {}, "imported by a plain check, though only these paths need them"


def test_a_check_builds_only_the_rules_its_changes_name(tmp_path: Path) -> None:
    # removing an operation is a finding: its rule is looked up, the other 1,000 are not built
    seen = _check(tmp_path, SPEC % DELETE, SPEC % "")
    assert seen["status"] == 1
    assert seen["whole_catalogue"] is False


def test_a_check_without_findings_does_not_load_openssl(tmp_path: Path) -> None:
    # the fingerprint's sha256 is the only use of hashlib on this path
    seen = _check(tmp_path, SPEC % "", SPEC % "")
    assert not _loaded(seen["modules"], "hashlib")
