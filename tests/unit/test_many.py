"""Many APIs at once, in process: shards, pairing by identity, root documents found by
content, the CPUs a run may use, and the JSON report read back as it was written."""

from __future__ import annotations

import posixpath
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oasgate.errors import OasgateError
from oasgate.findings import Finding, Impact, Report, Severity, SourceInfo
from oasgate.many.pairing import Pair, identity, pair_specs
from oasgate.many.results import ApiResult, ManyReport
from oasgate.many.runner import available_cpus
from oasgate.many.shards import parse_shard, shard_pairs
from oasgate.many.sides import SpecFile, _roots


def _spec(relative: str, raw: bytes = b"openapi: 3.0.3\n", size: int | None = None) -> SpecFile:
    return SpecFile(relative, relative, len(raw) if size is None else size, raw)


sizes = st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=60)


@given(sizes, st.integers(min_value=1, max_value=8))
def test_shards_hold_every_api_once_and_are_balanced(values: list[int], count: int) -> None:
    pairs = [Pair(None, _spec(f"api{i:03}.yaml", size=v)) for i, v in enumerate(values)]
    shards = [shard_pairs(pairs, k, count) for k in range(1, count + 1)]
    names = sorted(p.name for shard in shards for p in shard)
    assert names == sorted(p.name for p in pairs)
    loads = [sum(p.size for p in shard) for shard in shards]
    # greedy largest-first: no shard exceeds another by more than the largest API
    assert max(loads) - min(loads) <= max(values)
    assert shards == [
        shard_pairs(list(reversed(pairs)), k, count)[::-1] for k in range(1, count + 1)
    ]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", ""])
def test_a_shard_must_be_k_of_n(text: str) -> None:
    with pytest.raises(OasgateError, match="expected K/N"):
        parse_shard(text)


def test_a_moved_spec_pairs_by_identity() -> None:
    base = (
        _spec(
            "orders/openapi.yaml", b"openapi: 3.0.3\ninfo: {title: O, version: '1', x-api-id: o}\n"
        ),
        _spec("a/openapi.yaml", b"openapi: 3.0.3\ninfo: {title: Same, version: 2.0.0}\n"),
        _spec("b/openapi.yaml", b"openapi: 3.0.3\ninfo: {title: Same, version: 2.1.0}\n"),
    )
    revision = (
        _spec(
            "orders/v1/openapi.yaml",
            b"openapi: 3.0.3\ninfo: {title: New, version: '1', x-api-id: o}\n",
        ),
        _spec("c/openapi.yaml", b"openapi: 3.0.3\ninfo: {title: Same, version: 2.2.0}\n"),
    )
    pairs = {p.name: p.change for p in pair_specs(base, revision)}
    # two base specs say "Same@2": pairing either would be a guess
    assert pairs == {
        "a/openapi.yaml": "removed",
        "b/openapi.yaml": "removed",
        "c/openapi.yaml": "added",
        "orders/v1/openapi.yaml": "moved",
    }


def test_identity_is_the_api_id_else_title_and_major_version() -> None:
    assert (
        identity(b"openapi: 3.0.3\ninfo: {title: T, version: v3.1, x-api-id: pay}\n")
        == "x-api-id:pay"
    )
    assert identity(b'{"openapi": "3.1.0", "info": {"title": "T", "version": "3.1.4"}}') == "T@3"
    assert identity(b"info: [") is None


def test_root_documents_are_found_by_content() -> None:
    files = [
        _spec("api.yaml", b"openapi: 3.0.3\npaths:\n  /a: {$ref: 'parts/a.yaml'}\n"),
        _spec("parts/a.yaml", b"openapi: 3.0.3\nget: {}\n"),  # referenced: part of api.yaml
        _spec("schemas.yaml", b"Pet: {type: object}\n"),
        _spec("deep.json", b'{"info": {"openapi": "3.0.3"}}'),
        _spec("broken.json", b'{"openapi": "3.0.3", '),  # reported, not skipped
        _spec("quoted.yaml", b'"swagger": "2.0"\n'),
    ]
    assert [s.relative for s in _roots(files)] == ["api.yaml", "broken.json", "quoted.yaml"]


def test_a_run_uses_at_most_the_cpus_it_may() -> None:
    import os

    assert 1 <= available_cpus() <= len(os.sched_getaffinity(0))


def _finding(severity: Severity) -> Finding:
    return Finding("r", severity, Impact.BREAKING, "m", (), "stable", None, None, "0" * 20)


def _api(name: str, fail_on: Severity, *severities: Severity) -> ApiResult:
    info = SourceInfo(name, "3.0.3")
    findings = tuple(_finding(s) for s in severities)
    report = Report(info, info, findings, fail_on=fail_on)
    return ApiResult(name, "changed", name, name, None, report)


def test_the_combined_report_fails_exactly_when_an_api_fails() -> None:
    # a warning under fail-on error, an info under fail-on warning: every API passes
    passing = ManyReport(
        "b",
        "r",
        (_api("a", Severity.WARNING, Severity.INFO), _api("b", Severity.ERROR, Severity.WARNING)),
    )
    assert passing.exit_code == 0 and not passing.combined().failed
    failing = ManyReport("b", "r", (*passing.apis, _api("c", Severity.WARNING, Severity.WARNING)))
    assert failing.exit_code == 1 and failing.combined().failed
    broken = ManyReport(
        "b", "r", (*passing.apis, ApiResult("d", "added", None, "d", None, error="x"))
    )
    assert broken.exit_code == 2
    assert [d.code for d in broken.combined().diagnostics] == ["api-unreadable"]


json_keys = st.sampled_from(["openapi", "swagger", "info", "paths", "x-openapi", "Openapi"])
json_values = st.recursive(
    st.none() | st.booleans() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(json_keys, inner, max_size=3),
    max_leaves=8,
)


@given(
    st.dictionaries(json_keys, json_values, max_size=4),
    st.sampled_from([b"", b"\n", b"  \r\n", b"\xef\xbb\xbf"]),
    st.booleans(),
)
def test_a_json_root_is_found_by_its_top_level_keys(
    document: dict[str, object], lead: bytes, indent: bool
) -> None:
    # the first key read from the head must give the answer parsing the whole file gives
    import orjson

    raw = lead + orjson.dumps(document, option=orjson.OPT_INDENT_2 if indent else 0)
    root = "openapi" in document or "swagger" in document
    assert [s.relative for s in _roots([_spec("api.json", raw)])] == (["api.json"] if root else [])


def _run_with_one_helper(jobs: list[Any]) -> list[ApiResult]:
    """The jobs' results from this process and one forked helper, as ``--jobs 2`` runs."""
    import datetime as dt

    from oasgate.loading.limits import DEFAULT_LIMITS
    from oasgate.many import runner

    options = runner.RunOptions(DEFAULT_LIMITS, None, dt.date(2026, 1, 1), None, False, False)
    helpers = runner.start_helpers(1)
    try:
        with runner.no_progress() as progress:
            return runner.Runner(jobs, options, helpers).run(progress)
    finally:
        helpers.close()


def test_a_worker_that_dies_fails_the_unfinished_apis_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from oasgate.many import runner
    from oasgate.policy.settings import Config

    jobs = [
        runner.Job(Pair(_spec(f"api{i}.yaml", size=10 - i), _spec(f"api{i}.yaml")), Config(), None)
        for i in range(3)
    ]

    parent = os.getpid()
    helper_started, started = os.pipe()

    def run_or_die(index: int) -> ApiResult:
        if os.getpid() != parent:  # the helper dies at its first job, having said which
            os.write(started, bytes([index]))
            os._exit(9)
        if index == 0:  # this process takes the largest, then waits for the helper's start
            died_at[:] = [os.read(helper_started, 1)[0]]
        return runner._result_of(jobs[index])

    died_at: list[int] = []

    run_or_die.__module__, run_or_die.__qualname__ = runner.__name__, "run_job"
    monkeypatch.setattr(runner, "run_job", run_or_die)
    results = _run_with_one_helper(jobs)
    if not died_at:  # the helper took the largest itself
        died_at[:] = [os.read(helper_started, 1)[0]]
    os.close(helper_started)
    os.close(started)
    assert [r.name for r in results] == ["api0.yaml", "api1.yaml", "api2.yaml"]
    failed = [r.name for r in results if r.error is not None]
    assert failed == [f"api{died_at[0]}.yaml"]
    assert "worker process stopped" in (results[died_at[0]].error or "")
    assert ManyReport("b", "r", tuple(results)).exit_code == 2


def test_a_job_runs_without_the_collector_and_collects_its_cycles_as_it_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # D94: no collection during a job; its garbage cycles go when it ends, and what it
    # leaves (its result) is frozen out of later collections' sight
    import datetime as dt
    import gc
    import weakref
    from dataclasses import replace

    from oasgate.loading.limits import DEFAULT_LIMITS
    from oasgate.many import runner
    from oasgate.policy.settings import Config

    class Node:
        me: object

    cycles: list[weakref.ref[Node]] = []
    collecting: list[bool] = []

    def check_leaving_a_cycle(*_: object) -> Report:
        cycle = Node()
        cycle.me = cycle
        cycles.append(weakref.ref(cycle))
        collecting.append(gc.isenabled())
        return Report(SourceInfo("b", "3.0.3"), SourceInfo("r", "3.0.3"), ())

    options = runner.RunOptions(DEFAULT_LIMITS, None, dt.date(2026, 1, 1), None, False, False)
    job = runner.Job(Pair(_spec("a.yaml"), _spec("a.yaml")), Config(), None)
    monkeypatch.setattr(runner, "_check", check_leaving_a_cycle)
    monkeypatch.setattr(runner, "_JOBS", [job])
    monkeypatch.setattr(runner, "_OPTIONS", [options])
    frozen = gc.get_freeze_count()
    try:
        result = runner.run_job(0)
        assert collecting == [False]
        assert cycles[0]() is None
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
        assert result.report is not None and result.change == "unchanged"
        # a job that dates from git compares release after release: it keeps collecting
        monkeypatch.setattr(runner, "_OPTIONS", [replace(options, dates_from_git=True)])
        runner.run_job(0)
        assert collecting == [False, True]
    finally:
        gc.unfreeze()  # this test process's objects back in the collector's sight


@st.composite
def trees(draw: st.DrawFn) -> list[SpecFile]:
    """Small trees of specs whose files reference one another by relative paths."""
    names = draw(
        st.lists(
            st.sampled_from(["openapi.yaml", "api.yaml", "a.json", "b.yml"]), min_size=1, max_size=3
        )
    )
    count = draw(st.integers(min_value=1, max_value=30))
    paths = sorted(
        {f"d{i % 4}/{names[i % len(names)]}" if i % 3 else f"x{i}.yaml" for i in range(count)}
    )
    files = []
    for path in paths:
        targets = draw(st.lists(st.sampled_from(paths), max_size=2))
        refs = "".join(
            f"  /p{n}: {{$ref: '{posixpath.relpath(t, posixpath.dirname(path) or '.')}#/x'}}\n"
            for n, t in enumerate(targets)
        )
        files.append(_spec(path, f"openapi: 3.0.3\npaths:\n{refs}".encode()))
    return files


def _roots_by_scanning_every_file(files: list[SpecFile]) -> list[str]:
    referenced = {
        posixpath.normpath(posixpath.join(posixpath.dirname(spec.relative), target))
        for spec in files
        for target in re.findall(r"\$ref: '([^'#]+)", spec.raw.decode())
    }
    return [spec.relative for spec in files if spec.relative not in referenced]


@given(trees())
def test_a_spec_another_references_is_not_a_root_whatever_the_file_names(
    files: list[SpecFile],
) -> None:
    # relative references from any directory, to any name, roots referencing roots
    assert [spec.relative for spec in _roots(files)] == _roots_by_scanning_every_file(files)


#: the scan's patterns as ``re`` reads them: what the RE2 scanners must find (D78)
_RE_YAML_ROOT_KEY = re.compile(rb"^[\"']?(?:openapi|swagger)[\"']?[ \t]*:", re.M)
_RE_REF = re.compile(rb"""\$ref["']?\s*:\s*["']?([^"'#\s},]+)""")
_space = st.sampled_from([b" ", b"\t", b"\n", b"\r", b"\v", b"\f"])
_quote = st.sampled_from([b"", b'"', b"'"])
_text = st.sampled_from(
    [b"a.yaml", b"../b.json", b"#/x", b"\xc3\xa9", b"\xff", b"\x00", b"}", b","]
)


@st.composite
def _near_misses(draw: st.DrawFn) -> bytes:
    """Bytes made of what the two patterns look for, right and almost right."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        spaces = st.lists(_space, max_size=2).map(b"".join)
        key = draw(st.sampled_from([b"$ref", b"openapi", b"swagger", b"ref"]))
        parts += [
            draw(st.sampled_from([b"", b"\n", b"x", b"\r\n"])),
            draw(_quote),
            key,
            draw(_quote),
            draw(spaces),
            draw(st.sampled_from([b":", b""])),
            draw(spaces),
            draw(_quote),
            draw(_text),
            draw(_quote),
        ]
    return b"".join(parts)


@given(_near_misses())
def test_the_scan_finds_what_re_finds(raw: bytes) -> None:
    # RE2 (Latin-1, white space spelt out) in place of re: the same roots, the same $refs,
    # whatever the bytes — invalid UTF-8, \v, quotes and line ends included
    from oasgate.many.sides import _REF, _YAML_ROOT_KEY

    assert (_YAML_ROOT_KEY.search(raw) is None) == (_RE_YAML_ROOT_KEY.search(raw) is None)
    assert [m.group(1) for m in _REF.finditer(raw)] == _RE_REF.findall(raw)


def test_jobs_that_cannot_be_sent_to_the_helpers_are_all_checked_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    import types

    from oasgate.many import runner

    unpicklable: Any = types.SimpleNamespace(hook=lambda: None)  # a config holding a closure
    jobs = [
        runner.Job(Pair(_spec(f"api{i}.yaml"), _spec(f"api{i}.yaml")), unpicklable, None)
        for i in range(4)
    ]
    parent = os.getpid()

    def here_only(index: int) -> ApiResult:
        assert os.getpid() == parent
        return runner._result_of(jobs[index])

    monkeypatch.setattr(runner, "run_job", here_only)
    results = _run_with_one_helper(jobs)
    assert [r.name for r in results] == [f"api{i}.yaml" for i in range(4)]
    assert all(r.error is None for r in results)
