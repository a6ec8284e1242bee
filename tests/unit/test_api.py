"""The Python API (docs/api.md): what a script that imports oasgate can rely on."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

import oasgate
from tests.conftest import REPO

BASE = str(REPO / "examples" / "petstore" / "base.yaml")
REVISION = str(REPO / "examples" / "petstore" / "revision.yaml")


def test_check_returns_typed_findings() -> None:
    report = oasgate.check(BASE, REVISION)
    assert isinstance(report, oasgate.Report)
    assert report.failed
    assert report.summary == oasgate.Summary(error=7, warning=1, info=3, ignored=0)
    finding = next(f for f in report.findings if f.rule == "response-property-type-changed")
    assert isinstance(finding, oasgate.Finding)
    assert finding.severity is oasgate.Severity.ERROR
    assert finding.classification is oasgate.Impact.BREAKING
    assert "GET /pets" in finding.operations
    assert isinstance(finding.revision, oasgate.Location)
    assert finding.revision.file.endswith("revision.yaml")
    assert finding.revision.line is not None


def test_load_once_compare_many_times() -> None:
    base = oasgate.load(BASE)
    assert isinstance(base, oasgate.SpecModel)
    same = oasgate.check(base, base)
    assert same.findings == ()
    assert not same.failed
    assert oasgate.check(base, oasgate.load(REVISION)).summary.error == 7


def test_fail_on_config_and_today(tmp_path: Path) -> None:
    config_file = tmp_path / "gate.yaml"
    config_file.write_text("rules:\n  response-property-type-changed: 'off'\n")
    relaxed = oasgate.check(BASE, REVISION, config=config_file)
    assert all(f.rule != "response-property-type-changed" for f in relaxed.findings)
    assert oasgate.check(BASE, REVISION, config=oasgate.load_config(config_file)) == relaxed
    strict = oasgate.check(BASE, REVISION, fail_on=oasgate.Severity.INFO, today=dt.date(2026, 1, 1))
    assert strict.fail_on is oasgate.Severity.INFO


def test_render_any_format() -> None:
    report = oasgate.check(BASE, REVISION)
    data = json.loads(oasgate.render(report))
    assert data["version"] == 2
    assert data["summary"]["error"] == 7
    assert oasgate.render(report, "sarif").startswith("{")
    assert "response-property-type-changed" in oasgate.render(report, "markdown")
    with pytest.raises(ValueError):
        oasgate.render(report, "pdf")


def test_bad_input_raises_oasgate_error_with_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\npaths: [\n")
    with pytest.raises(oasgate.OasgateError) as error:
        oasgate.check(BASE, str(broken))
    assert error.value.file is not None
    assert "broken.yaml" in str(error.value)
    with pytest.raises(oasgate.OasgateError, match="today"):
        oasgate.check(BASE, REVISION, today="not a date")


def test_every_documented_name_is_importable_and_documented() -> None:
    api_doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    for name in oasgate.__all__:
        assert getattr(oasgate, name) is not None
        assert f"`{name}" in api_doc, name
    with pytest.raises(AttributeError):
        _ = oasgate.no_such_name  # type: ignore[attr-defined]


def test_importing_oasgate_does_not_load_the_engine() -> None:
    code = "import sys, oasgate; print('oasgate.engine' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_package_is_typed() -> None:
    assert (Path(oasgate.__file__).parent / "py.typed").is_file()
