"""Feeds name their own address (``rel="self"``, from ``--feed-url`` or the config's
``changelog: {feed-url}``), and runs updating one feed at once take turns on every
platform: with ``fcntl`` (a kernel lock) and without it (an atomically created lock
file) — docs/reports.md, "The changelog"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from oasgate.errors import OasgateError
from oasgate.file_lock import exclusive_lock
from tests.conftest import REPO, run_cli, spec_text

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


#: runs the CLI as on a platform without fcntl (Windows): ``import fcntl`` fails
WITHOUT_FCNTL = (
    "import sys; sys.modules['fcntl'] = None; "
    "from oasgate.cli import run; sys.argv[0] = 'oasgate'; run()"
)


def _revision(index: int) -> str:
    return spec_text(
        f"""
        /pets{index}:
          get:
            responses:
              '200': {{description: ok}}
        """
    ).replace("version: '1'", f"version: '1.{index}'")


def test_concurrent_appends_without_fcntl_keep_every_entry(tmp_path: Path) -> None:
    runs = 4
    (tmp_path / "base.yaml").write_text(spec_text("{}"))
    for index in range(runs):
        (tmp_path / f"rev{index}.yaml").write_text(_revision(index))
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1735689600"}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WITHOUT_FCNTL,
                "changelog",
                "base.yaml",
                f"rev{index}.yaml",
                "--format=atom=feed.atom",
                f"--feed-url={FEED_URL}",
            ],
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
    parsed = feedparser.parse((tmp_path / "feed.atom").read_text())
    assert sorted(e.title for e in parsed.entries) == [f"t 1.{index}" for index in range(runs)]
    # the lock file is the lock: gone once every run has finished
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("feed")) == ["feed.atom"]


def test_a_lock_file_left_behind_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)
    lock = tmp_path / "feed.atom.lock"
    lock.write_text("")
    with pytest.raises(OasgateError) as caught, exclusive_lock(lock, wait=0.1):
        pass
    assert str(lock) in str(caught.value) and "remove the lock file" in str(caught.value)
    lock.unlink()
    with exclusive_lock(lock, wait=0.1):
        assert lock.exists()
    assert not lock.exists()


#: read a counter, wait, write it back plus one: without a lock, runs that overlap lose
#: each other's increment
COUNTER = """
import sys, time
from pathlib import Path
if sys.argv[1] == "without-fcntl":
    sys.modules["fcntl"] = None
from oasgate.file_lock import exclusive_lock
counter = Path(sys.argv[2])
with exclusive_lock(counter.with_name("counter.lock")):
    value = int(counter.read_text())
    time.sleep(0.3)
    counter.write_text(str(value + 1))
"""


@pytest.mark.parametrize("mode", ["fcntl", "without-fcntl"])
def test_the_lock_serialises_read_modify_write_across_processes(tmp_path: Path, mode: str) -> None:
    counter = tmp_path / "counter"
    counter.write_text("0")
    runs = 4
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, mode, str(counter)], stderr=subprocess.PIPE
        )
        for _ in range(runs)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=HANG_GUARD)
        assert process.returncode == 0, stderr
    assert counter.read_text() == str(runs)
