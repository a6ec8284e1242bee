"""The processes that help a monorepo run: ``--jobs N`` is this process and N − 1 forked
helpers, all taking jobs from one shared queue.

The helpers are forked once, early — before the trees are scanned — so that they import
what a check uses while this process scans, and the first of them can do a share of the
work every job waits for (``first``: the scan of one side). They then wait for the one
message that says what the jobs are (:meth:`Helpers.start`), and take jobs from the queue.
The queue is a pipe holding the jobs' indices, largest job first, four bytes each,
written in whole blocks of at most ``PIPE_BUF`` bytes: such a write is atomic, so the pipe
always holds whole indices and every four-byte read — by any process, this one included —
takes exactly the next one. No process waits for another to hand it work. A helper says
which job it starts (its index), then sends that job's result, on a pipe of its own that a
thread of this process reads (a blocking read: no polling). So N processes work on N cores
and nothing else runs beside them (D79, D86). Nothing of :mod:`multiprocessing` is needed:
pipes and pickle.

A helper that dies (killed, out of memory) fails the job it had started, which the caller
names; the queue's other jobs are taken by whoever is left, this process at least. A run
that stops before :meth:`Helpers.start` (bad input) lets its helpers go: they see the end
of their inbox and exit.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import select
import struct
import threading
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

_INDEX = struct.Struct("<I")
_LENGTH = struct.Struct("<Q")
#: indices written to the queue at once: a write of at most PIPE_BUF bytes is atomic
_BLOCK = select.PIPE_BUF // _INDEX.size


class NotSent(Exception):
    """The message for the helpers does not pickle: nothing was sent, the queue is not
    filled; the caller lets the helpers go (:meth:`Helpers.close`) and works alone."""


class Helpers:
    """``count`` forked processes that run ``work(index)`` for the indices they take::

    helpers = Helpers(2, work, unsent=..., died=..., first=..., warm_up=..., prepare=...)
    scanned = helpers.first_result()  # what the first helper's ``first()`` returned
    helpers.start(message, order)  # every helper runs ``prepare(message)``, then works
    while (index := helpers.take()) is not None:  # this process takes jobs too
        ...
    for index, result in helpers.wait(): ...
    helpers.close()

    The constructor forks: call it before any thread starts. ``unsent(index, error)`` is
    the result a helper sends when ``work``'s own would not pickle; ``died(index)`` the
    result of a job whose helper stopped before answering.
    """

    def __init__(
        self,
        count: int,
        work: Callable[[int], Any],
        *,
        unsent: Callable[[int, Exception], Any],
        died: Callable[[int], Any],
        prepare: Callable[[Any], None],
        warm_up: Callable[[], None] = lambda: None,
        first: Callable[[], Any] | None = None,
    ) -> None:
        self._died = died
        self._closed = False
        self._done: queue.SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._queue, queue_end = os.pipe()
        self._queue_end: int | None = queue_end
        self._first = first is not None
        #: pid, the read end of its results, the write end of its inbox (None once sent)
        self._helpers: list[tuple[int, int, int | None]] = []
        for number in range(count):
            results, results_end = os.pipe()
            inbox, to_inbox = os.pipe()
            pid = os.fork()
            if pid == 0:  # the helper: never returns
                for end in (queue_end, results, to_inbox):
                    os.close(end)  # or the pipes would never end
                for _, earlier, earlier_inbox in self._helpers:
                    os.close(earlier)
                    if earlier_inbox is not None:
                        os.close(earlier_inbox)
                task = first if number == 0 else None
                self._serve(results_end, inbox, task, warm_up, prepare, work, unsent)
            os.close(results_end)
            os.close(inbox)
            self._helpers.append((pid, results, to_inbox))

    def first_result(self) -> tuple[bool, Any]:
        """``(True, value)``: what the first helper's ``first()`` returned; ``(False,
        None)`` when it stopped before saying (the caller then does that work itself)."""
        assert self._first and self._helpers, "a first task was given"
        try:
            return True, _read_message(self._helpers[0][1])
        except (EOFError, OSError):
            return False, None

    def start(self, message: Any, order: Sequence[int]) -> None:
        """Send ``message`` to every helper, fill the queue with ``order`` and receive
        each helper's results, on threads of their own; :class:`NotSent` when
        ``message`` does not pickle."""
        try:
            payload = _framed(message)
        except Exception as error:
            raise NotSent(f"{type(error).__name__}: {error}") from error
        for number, (pid, results, to_inbox) in enumerate(self._helpers):
            if to_inbox is None:
                continue
            with contextlib.suppress(OSError):  # a helper that died: its results say so
                _write_all(to_inbox, payload)
            os.close(to_inbox)
            self._helpers[number] = (pid, results, None)
        queue_end, self._queue_end = self._queue_end, None
        assert queue_end is not None, "start() once"
        self._start(self._fill, queue_end, order)
        for _, results, _ in self._helpers:
            self._start(self._receive, results)

    def take(self) -> int | None:
        """The next job of the queue, None when it is empty (any process may ask)."""
        data = os.read(self._queue, _INDEX.size)
        return _INDEX.unpack(data)[0] if data else None

    def finished(self) -> list[tuple[int, Any]]:
        """The results that have come in since the last call (without waiting)."""
        done = []
        while True:
            try:
                done.append(self._done.get_nowait())
            except queue.Empty:
                return done

    def wait(self) -> list[tuple[int, Any]]:
        """Every result still to come (once the queue is empty, the helpers finish)."""
        for thread in self._threads:
            thread.join()
        return self.finished()

    def close(self) -> None:
        """Let the helpers go (once; again does nothing): one that never got its message
        sees its inbox end and exits; an interrupted run's helpers exit when they next
        write."""
        if self._closed:
            return
        self._closed = True
        for pid, results, to_inbox in self._helpers:
            os.close(results)
            if to_inbox is not None:
                os.close(to_inbox)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        self._helpers = []
        if self._queue_end is not None:  # never filled: the helpers see the queue end
            os.close(self._queue_end)
            self._queue_end = None
        os.close(self._queue)

    def _start(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    @staticmethod
    def _fill(queue_end: int, order: Sequence[int]) -> None:
        try:
            for start in range(0, len(order), _BLOCK):
                block = order[start : start + _BLOCK]
                os.write(queue_end, b"".join(_INDEX.pack(index) for index in block))
        finally:
            os.close(queue_end)  # the queue ends once read to the last index

    def _receive(self, results: int) -> None:
        started: int | None = None
        while True:
            try:
                message = _read_message(results)
            except (EOFError, OSError):  # gone: at the end, or killed while at a job
                if started is not None:
                    self._done.put((started, self._died(started)))
                return
            if isinstance(message, int):  # a job started
                started = message
            else:  # (its result,)
                assert started is not None
                self._done.put((started, message[0]))
                started = None

    def _serve(
        self,
        results: int,
        inbox: int,
        first: Callable[[], Any] | None,
        warm_up: Callable[[], None],
        prepare: Callable[[Any], None],
        work: Callable[[int], Any],
        unsent: Callable[[int, Exception], Any],
    ) -> NoReturn:
        """A helper's life: its first task, if it has one (the result sent at once); its
        warm-up; the message that says what the jobs are; then take a job, say so, run it,
        send its result, until none is left. The end of its pipe tells this process it is
        done; the end of its inbox before a message, that there is nothing to do."""
        code = 0
        try:
            if first is not None:
                _write_message(results, first())
            warm_up()
            try:
                message = _read_message(inbox)
            except EOFError:  # the run stopped before its jobs were known
                os._exit(0)
            prepare(message)
            while (index := self.take()) is not None:
                _write_message(results, index)
                result = work(index)
                try:
                    payload = pickle.dumps((result,), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception as error:  # the result does not pickle: a bug, said so
                    payload = pickle.dumps((unsent(index, error),))
                _write_all(results, _LENGTH.pack(len(payload)) + payload)
        except BaseException:  # interrupted (Ctrl-C reaches every process), or nobody reads
            code = 1
        finally:
            os._exit(code)


def _framed(message: Any) -> bytes:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


def _write_message(fd: int, message: Any) -> None:
    _write_all(fd, _framed(message))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_message(fd: int) -> Any:
    (length,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    return pickle.loads(_read_exactly(fd, length))


def _read_exactly(fd: int, count: int) -> bytes:
    chunks = []
    while count:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)
