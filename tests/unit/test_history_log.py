"""``oasgate log``'s formats over the shared report fixture (docs/history.md), and what
counts as a release tag — in process, no git."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import feedparser
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oasgate.errors import OasgateError
from oasgate.findings import Finding, Impact, Report
from oasgate.history import Commit, Log, LogEntry
from oasgate.history.git_objects import RELEASE_TAG
from oasgate.report.history_log import LogFormat, log_renderer, render_json, render_text
from tests.acceptance.report_fixture import shared_report
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "src" / "oasgate" / "report.schema.json").read_text())
DAY = datetime(2025, 3, 1, 10, tzinfo=timezone.utc)


def _commit(number: int, *tags: str) -> Commit:
    return Commit(
        f"{number:040x}", "0" * 40, (f"{number - 1:040x}",), DAY + timedelta(days=number),
        f"change {number}", tags,
    )  # fmt: skip


def _log(*reports: Report | None) -> Log:
    entries = tuple(
        LogEntry(_commit(i + 2, f"v1.{i + 1}.0"), _commit(i + 1), report, None if report else "x")
        for i, report in enumerate(reports)
    )
    return Log("api/openapi.yaml", None, entries, len(entries), len(entries), len(entries))


def test_every_format_renders_the_shared_report_safely() -> None:
    log = _log(shared_report(), None, shared_report())
    for fmt in LogFormat:
        text = log_renderer(fmt)(log, None)
        assert "<script>" not in text or fmt in (LogFormat.TEXT, LogFormat.JSON), fmt
    data = json.loads(render_json(log))
    jsonschema.validate(data, SCHEMA)
    newest_first = [_commit(n).id for n in (4, 3, 2)]
    assert [e["commit"] for e in data["log"]["entries"]] == newest_first
    assert data["log"]["entries"][1]["error"] == "x"
    for fmt in (LogFormat.ATOM, LogFormat.RSS):
        feed = feedparser.parse(log_renderer(fmt)(log, None))
        assert not feed.bozo and len(feed.entries) == 1  # the same pair twice: one entry


@given(st.permutations(shared_report().findings))
def test_breaking_changes_come_first_whatever_the_order(findings: list[Finding]) -> None:
    report = replace(shared_report(), findings=tuple(findings))
    lines = [line for line in render_text(_log(report)).splitlines() if line.startswith("  ")]
    breaking = [line.split()[0] == Impact.BREAKING.value for line in lines]
    assert breaking == sorted(breaking, reverse=True)
    assert len(lines) == len(findings)


def test_an_empty_range_says_so_and_writes_no_feed() -> None:
    empty = _log()
    assert "no changes in this range" in render_text(empty)
    with pytest.raises(OasgateError, match="no feed entry"):
        log_renderer(LogFormat.ATOM)(empty, None)


@given(
    st.booleans(),
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=4),
)
def test_a_version_number_is_a_release_tag(prefix: bool, numbers: list[int]) -> None:
    tag = ("v" if prefix else "") + ".".join(map(str, numbers))
    assert RELEASE_TAG.match(tag)
    for suffix in ("-rc.1", "-beta", "+build", "-x"):
        assert not RELEASE_TAG.match(tag + suffix)


@pytest.mark.parametrize("tag", ["latest", "release-1.0", "1", "v", "stable-2.0.0"])
def test_other_tags_are_not_releases(tag: str) -> None:
    assert not RELEASE_TAG.match(tag)
