"""Opening the documents of a run: the one place where loading is made fast.

Three pieces of speed machinery meet here, and nowhere else:

- **The collector pause.** Parsing an 11 MB spec allocates millions of dicts and lists
  and no reference cycles (what is dropped is freed by reference counting), yet every
  allocation counts towards the cyclic garbage collector's thresholds, so it would walk
  the growing document again and again: a fifth of a GitHub-sized run. The collector is
  paused while documents are opened and restored as it was when the comparison starts
  (or on error). A process that ends after the run (the CLI) also has the parsed
  documents frozen out of the collector's sight first: they live until exit, and its
  next full pass would otherwise walk them all once more.
- **The load checks beside the comparison** (:mod:`oasgate.model.load_checks`). With
  ``background``, a document big enough is checked in a forked child while the parent
  compares; without it, every document is checked before :meth:`Opening.open` returns.
  With ``validate`` too (``check --strict``), every document is also validated in such a
  child, whatever its size (D95).
- **The order errors surface in.** A run fails exactly as a sequential one would: an
  error opening a document is raised only after the errors of the documents opened
  before it (the base's own error first), and when the comparison fails, the load
  checks' error — a reference they were still verifying, data they refuse (too deep, an
  integer too long to write) — is raised in its place.

The engine and the CLI open documents only through an :class:`Opening`; a
:class:`~oasgate.model.spec.SpecModel` knows nothing of any of this.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from oasgate.loading.document import Document
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.shared_parses import SharedParses
from oasgate.loading.sources import SourceTree
from oasgate.loading.trees import open_tree
from oasgate.model.load_checks import PendingChecks, run_load_checks
from oasgate.model.spec import SpecModel
from oasgate.model.swagger2 import open_model


class Opening:
    """The documents one run opens, until each has its load checks' verdict::

        with Opening(background=True, freeze=True) as opening:
            base = opening.open("base.yaml")
            revision = opening.open("revision.yaml")
            with opening.comparing():
                ...  # the collector runs again; a failure here waits for the checks
            ...  # every model's diagnostics are complete

    Leaving the ``with`` block restores the collector if :meth:`comparing` did not, and
    waits for any checks still running (their error, if any, is the one raised).
    """

    def __init__(
        self, *, background: bool = False, freeze: bool = False, validate: bool = False
    ) -> None:
        """``background``: check big documents in a forked child (see
        :mod:`oasgate.model.load_checks` for when one is forked). ``freeze``: when the
        collector is restored, leave what was opened out of its sight for good — only
        for a process that keeps the documents until it exits. ``validate`` (with
        ``background``, for ``--strict``): validate every document in a child too, its
        errors then ready in ``model.validated`` once the comparison ends."""
        self._background = background
        self._freeze = freeze
        self._validate = validate and background
        #: the checks still running, in the order their documents were opened
        self._pending: list[tuple[SpecModel, PendingChecks]] = []
        #: whether the collector ran before the pause; None while it is not paused
        self._collecting: bool | None = None
        #: a file the documents of the run hold byte for byte is parsed once
        self._parses = SharedParses()

    def __enter__(self) -> Opening:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._resume()
        if error is None or isinstance(error, Exception):
            self._settle()  # an error of the checks is raised in place of ``error``
        else:  # interrupted: nobody waits for a verdict
            self._abandon()

    def open(
        self,
        spec: str | SourceTree,
        *,
        ref_root: str | None = None,
        allow_remote: bool = False,
        limits: Limits = DEFAULT_LIMITS,
    ) -> SpecModel:
        """Read, parse and model one document (a path, ``-``, ``REV:PATH``, a URL with
        ``allow_remote``, or a :class:`SourceTree`) with the collector paused.

        Every ``$ref`` must resolve and the document's structural problems go to
        ``model.diagnostics`` — checked before this returns, or with ``background``
        possibly in a child until :meth:`comparing` ends. An error raised here comes
        after the errors of the documents opened before this one."""
        self._pause()
        try:
            return self._open(spec, ref_root, allow_remote, limits)
        except Exception:
            self._settle()  # the documents opened before speak first
            raise

    @contextmanager
    def comparing(self) -> Iterator[None]:
        """The block that compares the opened documents. The collector runs again
        (frozen out of sight of the documents with ``freeze``), and when the block ends
        every document's load checks have given their verdict: their error — the first
        document's first — is raised in place of any error the block raised."""
        self._resume()
        try:
            with _fewer_collections():
                yield
        except Exception:
            self._settle()
            raise
        self._settle()

    def checking(self, model: SpecModel) -> bool:
        """Whether the load checks of ``model`` are still running in a child."""
        return any(opened is model for opened, _ in self._pending)

    def _open(
        self, spec: str | SourceTree, ref_root: str | None, allow_remote: bool, limits: Limits
    ) -> SpecModel:
        tree = (
            open_tree(spec, ref_root=ref_root, allow_remote=allow_remote, limits=limits)
            if isinstance(spec, str)
            else spec
        )
        # In the background the nesting check is one of the load checks: the parent is
        # ready for what deep data does to its recursive walks (a RecursionError), and
        # the check's error is then the one reported, as a sequential run reports it.
        document = Document(
            tree, limits=limits, defer_depth_check=self._background, parses=self._parses
        )
        try:
            model = open_model(document)
        except Exception:  # data the deferred check refuses may be why: its error wins
            document.check_depth()
            raise
        in_child = self._background and PendingChecks.worth_a_child(model)
        if not in_child:  # here, first: a child that validates inherits the files read
            model.diagnostics[:] = run_load_checks(model)
        if in_child or self._validate:
            if self._validate:
                from oasgate.model.validation import prepare

                prepare()  # imported once, here: each child inherits it
            checks = PendingChecks.start(model, load_checks=in_child, validate=self._validate)
            if checks is not None:
                self._pending.append((model, checks))
            elif in_child:
                model.diagnostics[:] = run_load_checks(model)
        document.forget_canonical()  # the checks are done with it, or a child has its copy
        return model

    def _settle(self) -> None:
        """Wait for the checks still running, in the order the documents were opened.
        The first error is raised; the checks after it are abandoned (a sequential run
        would never have started them)."""
        while self._pending:
            model, checks = self._pending.pop(0)
            try:
                checked, model.validated = checks.finish()
                if checked is not None:
                    model.diagnostics[:] = checked
            except BaseException:
                self._abandon()
                raise

    def _abandon(self) -> None:
        pending, self._pending = self._pending, []
        for _, checks in pending:
            checks.abandon()

    def _pause(self) -> None:
        if self._collecting is None:
            self._collecting = gc.isenabled()
            gc.disable()

    def _resume(self) -> None:
        if self._collecting is None:
            return
        if self._freeze:
            gc.freeze()
        if self._collecting:
            gc.enable()
        self._collecting = None


#: the youngest generation's threshold while documents are compared (CPython's is 700)
COMPARING_THRESHOLD = 50_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The comparison allocates millions of short-lived objects (nodes, phrases, tuples)
    and keeps a growing set of verdicts for the run; at CPython's thresholds each 700
    allocations start a collection, and the verdicts, promoted again and again, were
    walked in full several times — 3 % of a change-heavy check's instructions, 7 % of
    what its findings add (D77). A larger youngest generation leaves the short-lived
    objects to reference counting and the verdicts to fewer passes; cycles are still
    collected, every 50,000 allocations. The thresholds are restored afterwards (a
    process that goes on — the MCP server, a worker of many APIs — keeps its own)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], COMPARING_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextmanager
def collected_once(*, during: bool = False) -> Iterator[None]:
    """A job runs with the cyclic collector off (on with ``during``: a job that compares
    many releases, dating from git) and ends with one collection of what it left; what
    survives — its result — is then frozen out of the collector's sight.

    A check allocates millions of objects, nearly all freed by reference counting; the
    collector's passes over them during the job, and over every earlier job's result as
    a monorepo run keeps them, made a job there 4.5 % slower than the same check in a fresh
    process (D94). One job's garbage cycles live until it ends — a check's own memory,
    no more: of the monorepo benchmark's 209 jobs two left any (Stripe 62,000 objects,
    Box 26,000: the classifier's nodes and what they reach), and the run's peak RSS did
    not move. For a process that owns its collector: a monorepo run's."""
    enabled = gc.isenabled()
    if not during:
        gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


def stop_collecting() -> None:
    """For a process whose last act is one comparison (the command line's ``check`` of a
    pair, without ``--dates-from-git``'s history walk or ``--explain``'s witnesses): its
    objects are freed by reference counting or live until exit, so the cyclic collector
    would only walk them — 6 % of a change-heavy check (D94). It stays off to the end."""
    gc.disable()


def freeze_before_fork() -> None:
    """Put what this process holds out of the collector's sight for good, before it forks
    workers that inherit it (many APIs at once, :mod:`oasgate.many.runner`): a collection
    in a worker would otherwise walk every inherited object, and copy each page it
    touches."""
    gc.freeze()
