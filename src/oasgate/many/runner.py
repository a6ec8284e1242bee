"""Running every pair: one ordinary ``check`` each, in this process and, with ``--jobs
N``, in N − 1 helper processes beside it (:mod:`oasgate.many.helpers`).

The helpers are forked once, early (:func:`start_helpers`: before the trees are scanned):
while this process scans the base tree, the first helper scans the revision tree and
sends it back without its files' bytes, and every helper imports what a check uses. Once
the pairs, their configs and the options are known, each helper receives them in one
message (the specs without their bytes) and then only indices; it sends back each pair's
:class:`~oasgate.many.results.ApiResult`. Helpers are reused for every pair (a process
per spec would pay the interpreter and the imports each time) and every process takes the
largest pair left, so that one big spec does not start last and finish alone. Results
are put back in the pairs' order: the output does not depend on ``--jobs``.

Documents are opened without ``background``: the load checks run inline, never in a
nested fork (:class:`~oasgate.model.opening.Opening`), so ``--jobs N`` means N
processes. A pair that fails — its spec cannot be read, a ``$ref`` does not resolve — is
that API's error, reported by name; the others' results are kept.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oasgate.errors import OasgateError
from oasgate.findings import Finding, Location, Place, Report, Severity, Summary
from oasgate.many.helpers import Helpers, NotSent
from oasgate.many.pairing import Pair
from oasgate.many.results import ApiResult
from oasgate.many.sides import (
    SpecFile,
    TreeSide,
    spec_bytes,
    spec_without_bytes,
    without_bytes,
)
from oasgate.policy.settings import Config

if TYPE_CHECKING:
    from oasgate.loading.limits import Limits

#: ``progress(step, done, total)``, as the CLI's progress display takes it
Progress = Callable[[str, int, int | None], None]
#: how the side a new or removed API lacks is shown
NO_SPEC = "(none)"


@dataclass(frozen=True)
class Job:
    """One pair with the config that gates it."""

    pair: Pair
    config: Config
    config_shown: str | None
    #: the limits its specs are read within: its config's ``limits:`` (read from the base,
    #: like every per-API setting) under the command line's flags; None: the run's
    limits: Limits | None = None


@dataclass(frozen=True)
class RunOptions:
    """What every pair is checked with (the command line's options)."""

    limits: Limits
    ref_root: str | None
    today: dt.date
    fail_on: Severity | None
    strict: bool
    base_positions: bool
    #: ``--dates-from-git``: each API dated from its own base file's history (its config's
    #: ``policy.dates-from-git`` turns it on for that API alone)
    dates_from_git: bool = False


def available_cpus() -> int:
    """The CPUs this process may use: its affinity mask, capped by a container's CPU
    quota (cgroup v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``) — not the machine's count."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = _cgroup_quota()
    return max(1, min(count, quota) if quota else count)


def _cgroup_quota() -> int | None:
    for quota_file, period_file in (
        ("/sys/fs/cgroup/cpu.max", None),
        ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
    ):
        try:
            words = Path(quota_file).read_text().split()
            if period_file is not None:
                words.append(Path(period_file).read_text().strip())
            if len(words) >= 2 and words[0] not in ("max", "-1"):
                return max(1, math.ceil(int(words[0]) / int(words[1])))
        except (OSError, ValueError, IndexError):
            continue
    return None


#: the error of an API whose helper process died before it answered
_WORKER_DIED = (
    "not checked: a worker process stopped (out of memory, or killed) while checking this API"
)
#: each process's jobs and options: this one's set by :class:`Runner`, a helper's received
_JOBS: list[Job] = []
_OPTIONS: list[RunOptions] = []


def can_help() -> bool:
    """Whether helper processes can be forked here."""
    return hasattr(os, "fork")


def start_helpers(count: int, scan: Callable[[], TreeSide] | None = None) -> Helpers:
    """Fork ``count`` helpers now, before any thread starts and before the trees are
    scanned: the first runs ``scan`` (the revision tree) and sends its side back — or the
    :class:`OasgateError` that stopped it — while this process scans the other; each then
    imports what a check uses and waits for the run's jobs (:meth:`Runner.run`)."""
    from oasgate.model.opening import freeze_before_fork

    freeze_before_fork()
    first = None
    if scan is not None:
        take_scan = scan

        def first() -> TreeSide | OasgateError:
            try:
                return without_bytes(take_scan())
            except OasgateError as error:
                return error

    return Helpers(
        count,
        run_job,
        unsent=_unsent,
        died=_died,
        prepare=_receive_jobs,
        warm_up=_import_what_a_check_uses,
        first=first,
    )


def scanned_side(helpers: Helpers | None, scan: Callable[[], TreeSide]) -> TreeSide:
    """The side the first helper scanned (its error raised here, in this process's order
    of work), or ``scan()`` run here when there is no helper or it stopped first."""
    if helpers is not None:
        answered, side = helpers.first_result()
        if isinstance(side, OasgateError):
            raise side
        if answered:
            assert isinstance(side, TreeSide)
            return side
    return scan()


def _receive_jobs(message: tuple[list[Job], RunOptions]) -> None:
    jobs, options = message
    _JOBS[:] = jobs
    _OPTIONS[:] = [options]


class Runner:
    """Runs jobs in this process and, when there are ``helpers`` (forked early by
    :func:`start_helpers`; the caller lets them go), in theirs too::

    results = Runner(jobs, options, helpers).run(progress)

    Every process takes the largest job left; the helpers start on the largest. A helper
    that dies (killed, out of memory) fails the API it was checking, by name; the others
    finish the rest.
    """

    def __init__(self, jobs: list[Job], options: RunOptions, helpers: Helpers | None) -> None:
        self._jobs = jobs
        self._options = options
        self._helpers = helpers

    def _order(self) -> list[int]:
        """The jobs, largest first: one big spec does not start last and finish alone."""
        return sorted(range(len(self._jobs)), key=lambda i: -self._jobs[i].pair.size)

    def run(self, progress: Progress) -> list[ApiResult]:
        """Every job's result, in the jobs' order (whatever process ran it)."""
        _JOBS[:] = self._jobs
        _OPTIONS[:] = [self._options]
        total = len(self._jobs)
        results: dict[int, ApiResult] = {}
        progress(f"checking {total} APIs", 0, total)

        def record(index: int, result: ApiResult) -> None:
            results[index] = result
            progress(f"checked {result.name}", len(results), total)

        helpers = self._helpers
        if helpers is not None:
            shipped = [replace(job, pair=_without_bytes(job.pair)) for job in self._jobs]
            try:
                helpers.start((shipped, self._options), self._order())
            except NotSent:  # a config that does not pickle (a bug): checked here, all of it
                helpers.close()
                helpers = None
        if helpers is None:
            for index in self._order():
                record(index, run_job(index))
            return [results[index] for index in range(total)]
        while (taken := helpers.take()) is not None:
            record(taken, run_job(taken))
            for done in helpers.finished():
                record(*done)
        for done in helpers.wait():
            record(*done)
        return [results[index] for index in range(total)]


def _without_bytes(pair: Pair) -> Pair:
    def stripped(spec: SpecFile | None) -> SpecFile | None:
        return None if spec is None else spec_without_bytes(spec)

    return replace(pair, base=stripped(pair.base), revision=stripped(pair.revision))


def _died(index: int) -> ApiResult:
    return replace(_result_of(_JOBS[index]), error=_WORKER_DIED)


def _unsent(index: int, error: Exception) -> ApiResult:
    problem = f"internal error: its result could not be sent back: {type(error).__name__}"
    return replace(_result_of(_JOBS[index]), error=problem)


def _import_what_a_check_uses() -> None:
    """A helper's warm-up, while it waits for its jobs: import the modules a check
    imports on first use (the engine and what it reaches, the locator, the YAML parser),
    so that its first job does not pay for them."""
    import importlib

    import oasgate.engine  # noqa: F401  (the diff, the policy, the model)

    for name in ("oasgate.loading.locate.locator", "oasgate.model.diagnostics", "yaml_rs"):
        importlib.import_module(name)


def run_job(index: int) -> ApiResult:
    """The result of job ``index`` (of the inherited jobs): its report, or its error."""
    from oasgate.model.opening import collected_once

    job, options = _JOBS[index], _OPTIONS[0]
    # dating from git compares release after release: that job keeps collecting
    with collected_once(during=_dated_from_git(job.pair, job.config, options)):
        return _run_job(job, options)


def _dated_from_git(pair: Pair, config: Config, options: RunOptions) -> bool:
    """Whether the API is dated from its base file's history (``--dates-from-git``, or
    its config's ``policy.dates-from-git``)."""
    return pair.base is not None and (options.dates_from_git or config.policy.dates_from_git)


def _run_job(job: Job, options: RunOptions) -> ApiResult:
    pair = job.pair
    result = _result_of(job)
    try:
        limits = job.limits or options.limits
        report = _check(pair, job.config, replace(options, limits=limits))
    except OasgateError as error:
        return replace(result, error=str(error))
    except RecursionError:
        return replace(result, error="the documents nest too deeply to be compared")
    except MemoryError:
        return replace(result, error="out of memory while reading the input")
    except Exception as error:  # a bug in oasgate: the other APIs' results still count
        return replace(result, error=f"internal error: {type(error).__name__}: {error}")
    if pair.change == "changed" and not report.findings:
        result = replace(result, change="unchanged")
    return replace(result, report=report)


def _result_of(job: Job) -> ApiResult:
    """The result of ``job`` before it is checked: which API, where its files are."""
    pair = job.pair
    return ApiResult(
        name=pair.name,
        change=pair.change,
        base=pair.base.argument if pair.base else None,
        revision=pair.revision.argument if pair.revision else None,
        config=job.config_shown,
    )


def _check(pair: Pair, config: Config, options: RunOptions) -> Report:
    from oasgate.engine import check_opened
    from oasgate.model.opening import Opening

    with Opening() as opening:  # the load checks inline: no fork inside a worker
        sides = []
        for spec, other in ((pair.base, pair.revision), (pair.revision, pair.base)):
            if spec is not None:
                model = opening.open(
                    spec.argument, ref_root=options.ref_root, limits=options.limits
                )
            else:
                assert other is not None
                model = opening.open(_EmptyTree(spec_bytes(other)), limits=options.limits)
            sides.append(model)
        if pair.base is not None and _dated_from_git(pair, config, options):
            from oasgate.history.pair_dates import dated_config

            config = dated_config(
                pair.base.argument,
                sides[0],
                sides[1],  # a removed API's: the empty side
                config,
                ref_root=options.ref_root,
                limits=options.limits,
            )
        report = check_opened(
            opening,
            sides[0],
            sides[1],
            settings=config,
            today=options.today,
            fail_on=options.fail_on,
            strict=options.strict,
            # a new or removed API's findings have only the side it has
            base_positions=options.base_positions or pair.revision is None,
        )
    if pair.base is None or pair.revision is None:
        report = _without_empty_side(report)
    return report


class _EmptyTree:
    """The side a new or removed API lacks: the other side's ``info`` and no paths, so
    a removed API is every operation removed — each judged by its lifecycle like any
    removal — and a new one every operation added."""

    def __init__(self, other_raw: bytes) -> None:
        import orjson

        from oasgate.loading.parsing import parse_source
        from oasgate.loading.sources import SourceText

        try:
            data: Any = parse_source(SourceText(NO_SPEC, NO_SPEC, other_raw)).data
        except OasgateError:  # opening the other side says what is wrong, with its name
            data = {}
        kind = "swagger" if isinstance(data, dict) and "swagger" in data else "openapi"
        version = data.get(kind, "3.0.3") if isinstance(data, dict) else "3.0.3"
        info = data.get("info", {}) if isinstance(data, dict) else {}
        self._raw = orjson.dumps({kind: version, "info": info, "paths": {}})

    @property
    def root_key(self) -> str:
        return NO_SPEC

    def key_for_url(self, url: str) -> str | None:
        return None

    def read(self, key: str) -> Any:
        from oasgate.loading.sources import SourceText

        if key != NO_SPEC:
            raise OasgateError(f"cannot resolve {key!r} in a missing spec", file=NO_SPEC)
        return SourceText(key, NO_SPEC, self._raw)


def _without_empty_side(report: Report) -> Report:
    """The report of a new or removed API without what only the missing side says: its
    locations (it has no file) and its ``info`` (an API that comes or goes has no version
    to bump)."""

    def kept(location: Location | None) -> Location | None:
        return None if location is None or location.file == NO_SPEC else location

    findings: list[Finding] = []
    for finding in report.findings:
        empty = [loc for loc in (finding.base, finding.revision) if loc and loc.file == NO_SPEC]
        if any(loc.pointer.startswith("/info") for loc in empty):
            continue
        places = tuple(Place(kept(p.base), kept(p.revision)) for p in finding.places)
        findings.append(
            replace(
                finding, base=kept(finding.base), revision=kept(finding.revision), places=places
            )
        )
    active = [f for f in findings if not f.ignored]
    summary = Summary(
        error=sum(f.severity is Severity.ERROR for f in active),
        warning=sum(f.severity is Severity.WARNING for f in active),
        info=sum(f.severity is Severity.INFO for f in active),
        ignored=len(findings) - len(active),
    )
    diagnostics = tuple(d for d in report.diagnostics if d.location.file != NO_SPEC)
    return replace(report, findings=tuple(findings), diagnostics=diagnostics, summary=summary)


@contextmanager
def no_progress() -> Iterator[Progress]:
    def ignore(step: str, done: int, total: int | None) -> None:
        return None

    yield ignore
