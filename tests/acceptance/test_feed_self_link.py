"""Feeds name their own address (``rel="self"``, from ``--feed-url`` or the config's
``changelog: {feed-url}``) — docs/reports.md, "The changelog". (Runs appending to one
feed at once, with each kind of lock: ``tests/acceptance/test_platform_fallbacks.py``.)"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from tests.conftest import REPO, run_cli

FEED_URL = "https://developer.example.com/api/changelog.atom"
HANG_GUARD = 120  # seconds, a guard against a hang only
EXAMPLE = REPO / "examples" / "petstore"


def _self_links(text: str) -> list[str]:
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [link.href for link in parsed.feed.get("links", []) if link.rel == "self"]


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_feed_url_is_the_feeds_self_link(tmp_path: Path, fmt: str) -> None:
    result = run_cli(
        "changelog",
        str(EXAMPLE / "base.yaml"),
        str(EXAMPLE / "revision.yaml"),
        f"--format={fmt}",
        f"--feed-url={FEED_URL}",
        "--date=2026-01-01",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    assert _self_links(result.stdout) == [FEED_URL]


def test_the_config_gives_the_feed_url_and_the_flag_wins(tmp_path: Path) -> None:
    (tmp_path / ".oasgate.yaml").write_text(
        f"changelog:\n  feed-url: {FEED_URL}\n  link: https://developer.example.com/changelog\n"
    )
    args = ["changelog", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml")]
    from_config = run_cli(*args, "--format=atom", "--date=2026-01-01", cwd=tmp_path)
    assert from_config.exit_code == 0, from_config.stderr
    assert _self_links(from_config.stdout) == [FEED_URL]
    assert (
        feedparser.parse(from_config.stdout).feed.link == "https://developer.example.com/changelog"
    )
    flagged = run_cli(*args, "--format=rss", "--feed-url=https://x.example/f.rss", cwd=tmp_path)
    assert _self_links(flagged.stdout) == ["https://x.example/f.rss"]


def test_a_misspelt_changelog_key_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / ".oasgate.yaml").write_text("changelog:\n  feed_url: https://x.example/\n")
    result = run_cli(
        "changelog", str(EXAMPLE / "base.yaml"), str(EXAMPLE / "revision.yaml"), cwd=tmp_path
    )
    assert result.exit_code == 2
    assert "feed_url" in result.stderr and "Traceback" not in result.stderr
