"""Result records shared by bench/run.py and bench/report.py (plain dataclasses → JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ToolStats:
    """Timings of one tool on one pair.

    ``status``: ok, n/a, fail, timeout, unsupported or skipped.
    """

    status: str
    reason: str | None = None
    command: str | None = None
    runs_s: list[float] = field(default_factory=list)
    median_s: float | None = None
    peak_rss_mib: float | None = None
    cpu_median_s: float | None = None
    count: int | None = None  # oasgate: findings; peers: breaking changes they report
    count_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.median_s is not None


@dataclass
class PairResult:
    name: str
    source: str
    spec_version: str
    multi_file: bool
    base: str
    revision: str
    base_mb: float
    revision_mb: float
    base_files: int
    revision_files: int
    oasgate: ToolStats
    baseline: ToolStats
    peers: dict[str, ToolStats] = field(default_factory=dict)
    synth: dict[str, Any] | None = None
    #: the largest synthetic pair only: oasgate on BASE against a copy of itself, so that
    #: what the changes cost (locating, grouping, rendering each finding) is the difference
    unchanged: ToolStats | None = None


@dataclass
class Startup:
    help: ToolStats
    interpreter: ToolStats  # python -c pass
    parse_imports: ToolStats  # python bench/parse_only.py <empty list>: start-up + imports


@dataclass
class Machine:
    cpu_model: str
    cores: int
    cores_usable: int
    ram_gib: float
    kernel: str
    python: str
    python_executable: str
    oasgate_version: str
    oasgate_commit: str
    node: str | None
    npm: str | None
    peer_versions: dict[str, str | None]


@dataclass
class Run:
    """Everything one invocation of bench/run.py measured."""

    date: str
    argv: list[str]
    runs: int
    peer_runs: int
    timeout_s: float
    quick: bool
    peers_enabled: bool
    machine: Machine
    startup: Startup
    pairs: list[PairResult]
    scaling: list[dict[str, Any]]
    fetch_seconds: float
    load_start: list[float]
    load_end: list[float]
    peer_install_seconds: float
    fetch_actions: list[str]
    tarball_listings: dict[str, list[str]]
    notes: list[str]
    targets: list[dict[str, str]] = field(default_factory=list)


def load_run(data: dict[str, Any]) -> Run:
    """A :class:`Run` back from the JSON that ``--json`` wrote."""

    def stats(value: dict[str, Any]) -> ToolStats:
        return ToolStats(**value)

    pairs = [
        PairResult(
            **{
                **pair,
                "oasgate": stats(pair["oasgate"]),
                "baseline": stats(pair["baseline"]),
                "peers": {name: stats(peer) for name, peer in pair["peers"].items()},
                "unchanged": stats(pair["unchanged"]) if pair.get("unchanged") else None,
            }
        )
        for pair in data["pairs"]
    ]
    startup = Startup(**{name: stats(value) for name, value in data["startup"].items()})
    return Run(
        **{
            **data,
            "machine": Machine(**data["machine"]),
            "startup": startup,
            "pairs": pairs,
        }
    )
