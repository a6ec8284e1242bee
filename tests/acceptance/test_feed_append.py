"""Adding an entry to an existing feed whatever its shape: an empty ``<feed/>`` or
``<channel/>``, attribute values holding ``>``, and several runs appending at once."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from oasgate.report.changelog import ChangelogFormat, changelog_renderer
from tests.acceptance.report_fixture import shared_report
from tests.acceptance.test_reports import OPTIONS
from tests.conftest import spec_text

ATOM = "http://www.w3.org/2005/Atom"
FEED = ("--format", "atom=feed.atom")
HANG_GUARD = 120  # seconds, a guard against a hang only


def _entries(text: str) -> list[str]:
    parsed = feedparser.parse(text)
    assert not parsed.bozo, (parsed.get("bozo_exception"), text)
    return [entry.title for entry in parsed.entries]


@pytest.mark.parametrize(
    ("fmt", "existing"),
    [
        (ChangelogFormat.ATOM, f'<feed xmlns="{ATOM}"/>'),
        (ChangelogFormat.ATOM, f'<?xml version="1.0"?>\n<feed xmlns="{ATOM}" />\n'),
        (ChangelogFormat.ATOM, f'<feed xmlns="{ATOM}" xml:base="https://x.example/?a>b"/>'),
        (ChangelogFormat.RSS, '<rss version="2.0"><channel/></rss>'),
        (ChangelogFormat.RSS, '<rss version="2.0">\n  <channel x="a>b" />\n</rss>\n'),
    ],
)
def test_an_empty_element_feed_gets_its_first_entry(fmt: ChangelogFormat, existing: str) -> None:
    updated = changelog_renderer(fmt)(shared_report(), OPTIONS, existing)
    assert _entries(updated) == ["Tierhandlung API ✓ 1.1.0"]
    root = ET.fromstring(updated)
    inside = (
        root.findall(f"{{{ATOM}}}entry")
        if fmt is ChangelogFormat.ATOM
        else root.findall("channel/item")
    )
    assert len(inside) == 1, updated


def test_a_greater_than_sign_in_an_attribute_does_not_move_the_date() -> None:
    existing = (
        f'<feed xmlns="{ATOM}" xml:base="https://x.example/?a>b">\n'
        '  <updated xml:base="https://x.example/?c>d">2024-06-01T00:00:00Z</updated>\n'
        "  <entry><title>old</title><id>urn:x:old</id>"
        "<updated>2024-06-01T00:00:00Z</updated></entry>\n"
        "</feed>\n"
    )
    updated = changelog_renderer(ChangelogFormat.ATOM)(shared_report(), OPTIONS, existing)
    assert _entries(updated) == ["Tierhandlung API ✓ 1.1.0", "old"]
    assert '<updated xml:base="https://x.example/?c>d">2025-03-01T12:00:00Z</updated>' in updated


def _revision(index: int) -> str:
    return spec_text(
        f"""
        /pets{index}:
          get:
            responses:
              '200': {{description: ok}}
        """
    ).replace("version: '1'", f"version: '1.{index}'")


def test_concurrent_appends_keep_every_entry(tmp_path: Path) -> None:
    """Runs that read the feed at the same moment would each write it back with only their
    own entry; the sidecar lock makes them take turns."""
    runs = 4
    (tmp_path / "base.yaml").write_text(spec_text("{}"))
    for index in range(runs):
        (tmp_path / f"rev{index}.yaml").write_text(_revision(index))
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1735689600"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "oasgate", "changelog", "base.yaml", f"rev{index}.yaml", *FEED],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for index in range(runs)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=HANG_GUARD)
        assert process.returncode == 0, stderr
    titles = _entries((tmp_path / "feed.atom").read_text())
    assert sorted(titles) == sorted(f"t 1.{index}" for index in range(runs))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("feed", "."))) == [
        "feed.atom",
        "feed.atom.lock",
    ]
