"""The HTML report in a real browser: headless Chromium renders the findings and runs the
page's filter (skipped where Chromium is not installed; CI installs Debian's package).

``scripts/screenshot_html_report.sh`` takes a screenshot of the same page for a person
to look at.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest

from oasgate.i18n import speaking
from oasgate.report import Format, renderer
from tests.acceptance.report_fixture import empty_report, shared_report
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=2000",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )


def _dom(page: Path, fragment: str = "") -> str:
    result = _chromium("--dump-dom", page.as_uri() + fragment)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_chromium_renders_every_finding_and_runs_the_filter(tmp_path: Path) -> None:
    report = shared_report()
    page = tmp_path / "report.html"
    page.write_text(renderer(Format.HTML)(report), encoding="utf-8")

    dom = _dom(page)
    assert re.search(r'<html[^>]*class="[^"]*\bjs\b', dom), "the page's script did not run"
    assert 'id="shown">8 of 8 findings shown<' in dom
    for finding in report.active_findings:
        if "<" not in finding.message:
            assert finding.message in dom
    assert "&lt;script&gt;alert" in dom and "<script>alert" not in dom  # stayed text

    filtered = _dom(page, "#q=" + quote("größe"))
    assert 'id="shown">1 of 8 findings shown<' in filtered


def test_the_spanish_page_runs_its_filter_and_says_it_in_spanish(tmp_path: Path) -> None:
    """``--lang es``: the count the script writes is Spanish, and the script still runs
    (the Content-Security-Policy carries the hash of the translated script)."""
    report = shared_report()
    page = tmp_path / "report.html"
    with speaking("es"):
        page.write_text(renderer(Format.HTML)(report), encoding="utf-8")
        assert "Ningún cambio que oasgate informe." in renderer(Format.HTML)(empty_report())

    dom = _dom(page)
    assert re.search(r'<html lang="es"[^>]*class="[^"]*\bjs\b', dom), "the script did not run"
    assert 'id="shown">8 de 8 hallazgos mostrados<' in dom
    for heading in ("<h2>Ignorados ", "<h2>Diagnósticos ", "<th>motivo</th>", "<th>dónde</th>"):
        assert heading in dom
    filtered = _dom(page, "#q=" + quote("größe"))
    assert 'id="shown">1 de 8 hallazgos mostrados<' in filtered


def test_screenshot_script_produces_a_picture(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(renderer(Format.HTML)(shared_report()), encoding="utf-8")
    picture = tmp_path / "shot.png"
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "screenshot_html_report.sh"), str(page), str(picture)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = picture.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000  # a page of text, not a blank canvas
