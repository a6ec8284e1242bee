"""The result of a monorepo run: one :class:`~oasgate.findings.Report` per API, and the
verdict over all of them.

The exit code is the contract CI relies on (docs/composed.md): 1 when any API fails its
own gate, else 2 when any API could not be read (each is named in the report), else 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oasgate.findings import Diagnostic, Location, Report, Severity, SourceInfo, Summary

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

#: how the API changed between the trees; ``unchanged`` is a pair without findings
CHANGES = ("changed", "unchanged", "moved", "added", "removed")


@dataclass(frozen=True)
class ApiResult:
    """One API: its change, where its specs and config were read, and its report (or why
    it has none)."""

    name: str
    change: str
    base: str | None
    revision: str | None
    #: the config file (or ``apis:`` entry) that gated it; None for the run's own config
    config: str | None
    report: Report | None = None
    #: why the API could not be compared (its spec could not be read, say): exit 2
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.report is not None and self.report.failed

    @property
    def summary(self) -> Summary:
        return self.report.summary if self.report is not None else Summary()


@dataclass(frozen=True)
class ManyReport:
    """Every API of a run (or of one shard of it), sorted by name."""

    base: str
    revision: str
    apis: tuple[ApiResult, ...]
    #: ``(K, N)`` for the report of shard K of N; None for a whole run
    shard: tuple[int, int] | None = None
    #: how many APIs the whole run has (all shards together)
    total: int = field(default=0)

    @property
    def exit_code(self) -> int:
        if any(api.failed for api in self.apis):
            return EXIT_FAILED
        if any(api.error is not None for api in self.apis):
            return EXIT_ERROR
        return EXIT_OK

    @property
    def failed(self) -> bool:
        return self.exit_code == EXIT_FAILED

    @property
    def summary(self) -> Summary:
        sums = [api.summary for api in self.apis]
        return Summary(
            error=sum(s.error for s in sums),
            warning=sum(s.warning for s in sums),
            info=sum(s.info for s in sums),
            ignored=sum(s.ignored for s in sums),
        )

    @property
    def errors(self) -> tuple[ApiResult, ...]:
        return tuple(api for api in self.apis if api.error is not None)

    def combined(self) -> Report:
        """Every API's findings and diagnostics as one report (the formats that are one
        list: SARIF's one run, GitHub annotations, GitLab code quality); an API that could
        not be read is a diagnostic of severity error naming its spec."""
        findings = tuple(f for api in self.apis if api.report for f in api.report.findings)
        diagnostics = tuple(d for api in self.apis if api.report for d in api.report.diagnostics)
        diagnostics += tuple(
            Diagnostic(
                "api-unreadable",
                f"API {api.name} could not be compared: {api.error}",
                Location(api.revision or api.base or api.name, ""),
                Severity.ERROR,
            )
            for api in self.errors
        )
        # the combined report fails exactly when an API does: at the lowest fail level of
        # the failing APIs; else at error, which no API passed with (an error fails any)
        failing = [api.report for api in self.apis if api.report is not None and api.failed]
        fail_on = min((r.fail_on for r in failing), key=lambda s: s.rank, default=Severity.ERROR)
        return Report(
            base=SourceInfo(self.base, ""),
            revision=SourceInfo(self.revision, ""),
            findings=findings,
            diagnostics=diagnostics,
            fail_on=fail_on,
            summary=self.summary,
            strict=any(a.report.strict for a in self.apis if a.report and a.failed),
        )
