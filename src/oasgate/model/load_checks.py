"""The checks that follow parsing, run beside the comparison when the machine allows.

Every load checks that each ``$ref`` resolves (a dangling one stops the run, exit 2)
and collects the document's structural diagnostics. On a GitHub-sized spec that is a
sixth of a ``check``, and none of it feeds the comparison: the walks resolve what
they need themselves. So ``check`` may run these checks in a forked child process,
which shares the parsed document copy-on-write and sends back only its verdict,
while the parent compares on the other core (:class:`~oasgate.model.opening.Opening`
starts the child and waits for the verdict). ``check --strict`` validates each
document in such a child too, whatever its size (D95).

The verdict is the same either way: the diagnostics, in document order, or the
:class:`~oasgate.errors.OasgateError` the checks raise; whenever the child cannot
give one (it crashed, was killed, or hit something other than an ``OasgateError``),
the parent runs the checks itself and fails exactly as a sequential run would. A
child is forked only where :data:`oasgate.capabilities.FORK_CHECKS` says so (Linux), in a
process with no other thread (forking those is unsafe), and for documents big enough to
pay for it (1 MiB once the root file is read); elsewhere (macOS, Windows) the checks run
in the process itself, with the same verdict.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Any

from oasgate import capabilities
from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic
from oasgate.model.diagnostics import in_document_order, structural_diagnostics
from oasgate.model.spec import SpecModel

#: below this many bytes of parsed text the checks take a few milliseconds: not worth a child
MIN_BACKGROUND_BYTES = 1 << 20


def run_load_checks(model: SpecModel) -> list[Diagnostic]:
    """Check the root file's nesting depth if its parse deferred that, verify every
    reference (both raise :class:`OasgateError`), and return the document's diagnostics
    — those found while parsing and the structural ones — in document order."""
    document = model.document
    document.check_depth()
    document.verify_references()
    return in_document_order(model.diagnostics + structural_diagnostics(model), document)


class PendingChecks:
    """:func:`run_load_checks` of one model and, for ``--strict``, its validation
    (:func:`~oasgate.model.validation.schema_diagnostics`), under way in a forked child."""

    def __init__(
        self, model: SpecModel, pid: int, verdict_fd: int, load_checks: bool = True
    ) -> None:
        self._model = model
        self._pid = pid
        self._verdict_fd = verdict_fd
        self._load_checks = load_checks

    @staticmethod
    def worth_a_child(model: SpecModel) -> bool:
        """Whether the load checks of ``model`` are for a child: a child may be forked and
        the document is big enough to pay for it."""
        return _may_fork() and _parsed_bytes(model) >= MIN_BACKGROUND_BYTES

    @classmethod
    def start(
        cls, model: SpecModel, *, load_checks: bool = True, validate: bool = False
    ) -> PendingChecks | None:
        """Fork a child that runs the load checks (``load_checks``; else the caller has
        run them) and, with ``validate``, validates the document — whatever its size:
        validating costs far more than a fork. None where no child can be forked (the
        caller then does it all itself)."""
        if not _may_fork():
            return None
        # imported before the fork, for both processes: small documents never need it
        import pickle  # noqa: F401

        read_fd, write_fd = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: never returns
            _die_with(parent)
            os.close(read_fd)
            _detach_standard_streams()
            _child(model, write_fd, load_checks, validate)
        os.close(write_fd)
        return cls(model, pid, read_fd, load_checks)

    def finish(self) -> tuple[list[Diagnostic] | None, list[Diagnostic] | None]:
        """The child's verdict: the load checks' diagnostics (None when the caller ran
        them) and the validation's (None when not asked for, or when the child could not
        give them: the caller validates then) — or the load checks' error, raised here."""
        with os.fdopen(self._verdict_fd, "rb") as verdict:
            payload = verdict.read()
        os.waitpid(self._pid, 0)
        import pickle

        try:
            kind, value = pickle.loads(payload)
        except Exception:  # the child died before it could say: do the checks here
            kind, value = "unknown", None
        if kind == "diagnostics":
            checked: list[Diagnostic] | None
            validated: list[Diagnostic] | None
            checked, validated = value
            return checked, validated
        if kind == "error":
            message, fields = value
            raise OasgateError(message, **fields)
        # anything else: fail as a sequential run does
        return (run_load_checks(self._model) if self._load_checks else None), None

    def abandon(self) -> None:
        """Stop the child without waiting for its verdict: an earlier error ends the run,
        and a sequential run would never have started these checks."""
        with contextlib.suppress(ProcessLookupError):  # it had finished
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        os.close(self._verdict_fd)


def _child(model: SpecModel, write_fd: int, load_checks: bool, validate: bool) -> None:
    import pickle

    verdict: tuple[str, Any]
    try:
        try:
            checked = run_load_checks(model) if load_checks else None
        except OasgateError as error:
            fields = {"file": error.file, "line": error.line, "column": error.column}
            verdict = ("error", (error.message, {**fields, "hint": error.hint}))
        except BaseException:  # RecursionError, MemoryError...: the parent finds out itself
            verdict = ("unknown", None)
        else:
            verdict = ("diagnostics", (checked, _validated(model) if validate else None))
        payload = pickle.dumps(verdict, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def _validated(model: SpecModel) -> list[Diagnostic] | None:
    """The document's validation errors; None when validating stopped on anything (the
    parent validates again, and fails as a sequential run would)."""
    from oasgate.model.validation import schema_diagnostics

    try:
        return schema_diagnostics(model)
    except BaseException:
        return None


#: ``prctl`` option: the signal the kernel sends this process when its parent ends
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent ends, however it ends (a CI
    cancel's SIGTERM, an OOM kill, an internal error): its checks serve no one then, and
    they went on for 40 s and 300 MB on a big spec. A parent that ended before the
    request was made is caught by asking who the parent is now."""
    if capabilities.PARENT_DEATH_SIGNAL:
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the pipe's end still stops the verdict
            pass
    if os.getppid() != parent:
        os._exit(0)


def _detach_standard_streams() -> None:
    """The child writes nothing there, and must not keep a reader of the parent's output
    waiting for end-of-file once the parent is done."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(devnull, stream)
    os.close(devnull)


def _may_fork() -> bool:
    return (
        capabilities.FORK_CHECKS
        and threading.active_count() == 1
        and os.environ.get("OASGATE_NO_FORK", "") in ("", "0")
    )


def _parsed_bytes(model: SpecModel) -> int:
    """The text read so far. A multi-file document with a small root does not qualify:
    the parent would then read the other files during the comparison, with the collector
    running, and such runs measured slower (OpenSearch: median 0.92 s against 0.81 s)."""
    document = model.document
    return sum(len(document.file_bytes(key)) for key in document.file_keys())
