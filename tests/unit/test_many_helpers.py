"""The processes of ``--jobs N``: this one and N − 1 forked helpers, one shared queue."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.many.helpers import Helpers


def _run(count: int, jobs: int, work):  # type: ignore[no-untyped-def]
    helpers = Helpers(
        count,
        work,
        list(range(jobs)),
        unsent=lambda i, e: ("unsent", i),
        died=lambda i: ("died", i),
    )
    results = {}
    try:
        helpers.listen()
        while (index := helpers.take()) is not None:
            results[index] = work(index)
            results.update(helpers.finished())
        results.update(helpers.wait())
    finally:
        helpers.close()
    return results


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=1, max_value=3), st.integers(min_value=0, max_value=40))
def test_every_job_is_run_once_whoever_takes_it(count: int, jobs: int) -> None:
    results = _run(count, jobs, lambda index: ("done", index, index * index))
    assert results == {i: ("done", i, i * i) for i in range(jobs)}


def test_the_helpers_take_jobs_themselves() -> None:
    # a helper does not wait for this process to hand it a job: this process takes none
    # (busy elsewhere), and the helper runs the whole queue on its own
    parent = os.getpid()
    helpers = Helpers(
        1, lambda i: os.getpid(), list(range(20)), unsent=lambda i, e: None, died=lambda i: None
    )
    try:
        helpers.listen()
        done = dict(helpers.wait())
        assert helpers.take() is None  # the queue has ended
    finally:
        helpers.close()
    assert set(done) == set(range(20))
    assert parent not in done.values()


def test_a_result_that_does_not_pickle_is_said_so() -> None:
    parent = os.getpid()
    results = _run(1, 6, lambda index: (lambda: index) if os.getpid() != parent else index)
    assert all(r == ("unsent", i) for i, r in results.items() if r != i)
    assert len(results) == 6


def test_a_helper_that_dies_fails_its_own_job_only() -> None:
    parent = os.getpid()

    def work(index: int) -> int:
        if index == 3 and os.getpid() != parent:
            os._exit(9)
        return index

    results = _run(2, 12, work)
    assert set(results) == set(range(12))
    assert [i for i, r in results.items() if r != i] in ([], [3])
    assert all(r == i or r == ("died", i) for i, r in results.items())


def test_a_queue_longer_than_a_pipe_holds() -> None:
    # 40,000 indices are 160 KB: more than a pipe holds; written in atomic blocks while
    # the processes read, each index is still taken exactly once
    results = _run(2, 40_000, lambda index: index)
    assert results == {i: i for i in range(40_000)}
