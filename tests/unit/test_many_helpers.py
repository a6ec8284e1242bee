"""The processes of ``--jobs N``: this one and N − 1 forked helpers, one shared queue."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.many.helpers import Helpers, NotSent


def _run(count: int, jobs: int, work):  # type: ignore[no-untyped-def]
    helpers = Helpers(
        count,
        work,
        unsent=lambda i, e: ("unsent", i),
        died=lambda i: ("died", i),
        prepare=lambda message: None,
    )
    results = {}
    try:
        helpers.start(None, list(range(jobs)))
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
        1,
        lambda i: os.getpid(),
        unsent=lambda i, e: None,
        died=lambda i: None,
        prepare=lambda message: None,
    )
    try:
        helpers.start(None, list(range(20)))
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


#: what a helper learns from the message it receives (set by ``prepare``, in the helper)
_RECEIVED: list[object] = []


def test_the_helpers_work_from_the_message_they_receive_after_the_fork() -> None:
    # forked before the jobs are known: each helper learns them from its message
    parent = os.getpid()
    _RECEIVED[:] = []
    helpers = Helpers(
        2,
        lambda i: (os.getpid() != parent, _RECEIVED[0], i),
        unsent=lambda i, e: None,
        died=lambda i: None,
        prepare=lambda message: _RECEIVED.append(message),
    )
    try:
        helpers.start("jobs of run 7", list(range(30)))
        done = dict(helpers.wait())
    finally:
        helpers.close()
    assert done == {i: (True, "jobs of run 7", i) for i in range(30)}
    assert _RECEIVED == []  # this process never received a message


def test_the_first_helper_does_a_first_task_while_this_process_goes_on() -> None:
    parent = os.getpid()
    helpers = Helpers(
        2,
        lambda i: i,
        unsent=lambda i, e: None,
        died=lambda i: None,
        prepare=lambda message: None,
        first=lambda: ("scanned by", os.getpid() != parent),
    )
    try:
        assert helpers.first_result() == (True, ("scanned by", True))
        helpers.start(None, list(range(5)))
        assert dict(helpers.wait()) == {i: i for i in range(5)}
    finally:
        helpers.close()


def test_a_first_helper_that_dies_leaves_the_first_task_to_this_process() -> None:
    helpers = Helpers(
        1,
        lambda i: i,
        unsent=lambda i, e: None,
        died=lambda i: ("died", i),
        prepare=lambda message: None,
        first=lambda: os._exit(3),
    )
    try:
        assert helpers.first_result() == (False, None)
        helpers.start(None, list(range(4)))  # the message to a dead helper is not an error
        results = {}
        while (index := helpers.take()) is not None:
            results[index] = index
        results.update(helpers.wait())
    finally:
        helpers.close()
    assert results == {i: i for i in range(4)}


def test_helpers_of_a_run_that_stops_before_its_jobs_exit() -> None:
    # bad input found while scanning: the helpers never get a message; on close they see
    # the end of their inbox and exit by themselves (exit code 0: nothing went wrong)
    helpers = Helpers(
        2, lambda i: i, unsent=lambda i, e: None, died=lambda i: None, prepare=lambda m: None
    )
    pids = [pid for pid, _, _ in helpers._helpers]
    helpers.close()
    for pid in pids:
        try:
            _, status = os.waitpid(pid, 0)  # returns: the helper exited
        except ChildProcessError:  # close() found it gone already
            continue
        assert os.waitstatus_to_exitcode(status) == 0


def test_a_message_that_does_not_pickle_is_refused_before_anything_is_sent() -> None:
    helpers = Helpers(
        1, lambda i: i, unsent=lambda i, e: None, died=lambda i: None, prepare=lambda m: None
    )
    try:
        with pytest.raises(NotSent, match="pickle"):
            helpers.start(lambda: "a closure does not pickle", [0, 1])
    finally:
        helpers.close()
