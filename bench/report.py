"""Markdown rendering of a benchmark run, and the targets it is judged against."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from peers import PEERS, UNAVAILABLE
from results import PairResult, Run, ToolStats

MET, MISSED, NOT_MEASURED = "met", "**missed**", "not measured"

# The speed targets (docs/performance.md): (key, text).
GHES_MAX_S = 0.8
# second round (issue 20): against the parse-only baseline and the peers, in the same run
GHES_MAX_RATIO = 3.0
OTHER_MAX_RATIO = 4.0
MULTI_FILE_PAIR, MULTI_FILE_MAX_RATIO = "digitalocean", 2.5
RSS_MAX_RATIO = 2.0
FINDING_MAX_MS = 0.2
GHES_MAX_RSS_MIB = 400.0
STRIPE_MAX_S = 1.0
DEREF_MAX_S = 6.0
DEREF_MAX_RSS_MIB = 2048.0
SCALING_MAX = 2.0 * 1.10
HELP_MAX_S = 0.15
PEER_FACTOR = 5.0


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def cell_seconds(stats: ToolStats) -> str:
    if stats.ok:
        return _s(stats.median_s)
    return f"{stats.status}: {stats.reason}" if stats.reason else stats.status


def cell_oasgate(stats: ToolStats) -> str:
    if not stats.ok:
        return cell_seconds(stats)
    findings = stats.count if stats.count is not None else f"n/a ({stats.count_error})"
    return (
        f"{_s(stats.median_s)} s, {stats.peak_rss_mib:.0f} MiB, findings {findings}"
        if stats.peak_rss_mib is not None
        else _s(stats.median_s)
    )


def cell_peer(stats: ToolStats, planned: int) -> str:
    if stats.ok:
        runs = " ¹" if len(stats.runs_s) < planned else ""
        return f"{_s(stats.median_s)} ({stats.count}){runs}"
    if stats.status == "timeout":
        return stats.reason or "timeout"
    if stats.status == "unsupported":
        return f"n/a: {stats.reason}"
    return f"{stats.status}: {stats.reason}"


class Footnotes:
    """Long failure reasons go below the table, the cell keeps a short label and a number."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, text: str) -> str:
        self.items.append(f"{where}: {text}")
        return f"[{len(self.items)}]"


def _size(pair: PairResult) -> str:
    text = f"{pair.base_mb:.2f} / {pair.revision_mb:.2f}"
    if pair.multi_file:
        text += f" ({pair.base_files} / {pair.revision_files} files)"
    return text


def _ratio(pair: PairResult) -> float | None:
    if pair.oasgate.ok and pair.baseline.ok:
        assert pair.oasgate.median_s is not None and pair.baseline.median_s is not None
        return pair.oasgate.median_s / pair.baseline.median_s
    return None


def _fail_cell(stats: ToolStats, where: str, notes: Footnotes) -> str:
    label = "n/a" if stats.status == "n/a" else stats.status
    return f"{label} {notes.add(where, _md(stats.reason or stats.status))}"


def render_table(run: Run, notes: Footnotes) -> str:
    peer_keys = [p.key for p in PEERS] if run.peers_enabled else []
    startup = run.startup.parse_imports.median_s
    start_txt = f"{startup * 1000:.0f} ms" if startup is not None else "?"
    header = [
        "pair",
        "size MB (base / rev)",
        f"oasgate median of {run.runs} (s)",
        "oasgate CPU user+sys (s)",
        "oasgate peak RSS (MiB)",
        "findings",
        f"parse-only (s, fresh process incl. {start_txt} start-up + imports)",
        "oasgate / parse-only",
        *(f"{k} (s)" for k in peer_keys),
        *(["speed-up over the fastest peer"] if peer_keys else []),
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for pair in run.pairs:
        og = pair.oasgate
        if og.ok:
            wall, rss = _s(og.median_s), f"{og.peak_rss_mib:.0f}"
            cpu = _s(og.cpu_median_s)
            if og.count is not None:
                findings = str(og.count)
            else:
                findings = f"n/a {notes.add(f'{pair.name} / findings', _md(og.count_error or ''))}"
        else:
            wall, rss = _fail_cell(og, f"{pair.name} / oasgate", notes), "–"
            findings = cpu = "–"
        base = (
            _s(pair.baseline.median_s)
            if pair.baseline.ok
            else _fail_cell(pair.baseline, f"{pair.name} / parse-only", notes)
        )
        ratio = _ratio(pair)
        row = [
            pair.name,
            _size(pair),
            wall,
            cpu,
            rss,
            findings,
            base,
            f"{ratio:.1f}×" if ratio is not None else "–",
        ]
        for key in peer_keys:
            stats = pair.peers.get(key)
            if stats is None:
                row.append("–")
            elif stats.ok or stats.status in ("timeout", "unsupported"):
                row.append(_md(cell_peer(stats, run.peer_runs)))
            else:
                row.append(_fail_cell(stats, f"{pair.name} / {key}", notes))
        if peer_keys:
            speedup = _speedup(pair)
            if speedup is None:
                row.append("–")
            else:  # against a peer's timeout, only a lower bound is known
                timed_out = pair.peers[speedup[1]].status == "timeout"
                row.append(f"{'≥ ' if timed_out else ''}{speedup[0]:.1f}× ({speedup[1]})")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- targets


def _pair(run: Run, name: str) -> PairResult | None:
    return next((p for p in run.pairs if p.name == name), None)


def _check(
    run: Run,
    name: str,
    text: str,
    value: Callable[[PairResult], float | None],
    limit: float,
    fmt: str,
) -> dict[str, str]:
    pair = _pair(run, name)
    if pair is None:
        return {"target": text, "result": "pair not run", "status": NOT_MEASURED}
    if not pair.oasgate.ok:
        return {"target": text, "result": f"oasgate {pair.oasgate.status}", "status": MISSED}
    got = value(pair)
    if got is None:
        return {"target": text, "result": "–", "status": NOT_MEASURED}
    return {"target": text, "result": fmt.format(got), "status": MET if got <= limit else MISSED}


def _peer_bound(pair: PairResult) -> tuple[float | None, str]:
    """Fastest peer time on a pair (a timeout counts as its limit), and which peer it was."""
    best: tuple[float | None, str] = (None, "")
    for key, stats in pair.peers.items():
        if stats.ok:
            t = stats.median_s
        elif stats.status == "timeout":
            limit = stats.extra.get("timeout_s")
            t = float(limit) if isinstance(limit, (int, float)) else None
        else:
            continue
        if t is not None and (best[0] is None or t < best[0]):
            best = (t, key)
    return best


def _speedup(pair: PairResult) -> tuple[float, str] | None:
    """How many times faster than the fastest peer oasgate ran on ``pair``, and which peer."""
    bound, key = _peer_bound(pair)
    if bound is None or not pair.oasgate.ok or not pair.oasgate.median_s:
        return None
    return bound / pair.oasgate.median_s, key


def _rss_ratio(pair: PairResult) -> float | None:
    ours, theirs = pair.oasgate, pair.baseline
    if ours.ok and theirs.ok and ours.peak_rss_mib and theirs.peak_rss_mib:
        return ours.peak_rss_mib / theirs.peak_rss_mib
    return None


def _every_pair(
    run: Run,
    text: str,
    value: Callable[[PairResult], float | None],
    limit: float,
    skip: tuple[str, ...] = (),
) -> dict[str, str]:
    """A bound on every pair of the run (but ``skip``): the worst, and each miss."""
    judged = [(p.name, value(p)) for p in run.pairs if p.name not in skip]
    got = [(v, name) for name, v in judged if v is not None]
    if not got:
        return {"target": text, "result": "–", "status": NOT_MEASURED}
    worst = max(got)
    misses = [f"{name} {v:.1f}×" for v, name in sorted(got, reverse=True) if v > limit]
    result = f"worst {worst[0]:.1f}× ({worst[1]})"
    if misses:
        result += "; over on " + ", ".join(misses)
    return {"target": text, "result": result, "status": MISSED if misses else MET}


def _finding_cost(run: Run) -> dict[str, str]:
    """What one finding costs (locating, grouping, rendering): the largest synthetic pair
    against the same run of its base against a copy of itself, per finding."""
    text = f"cost of a finding ≤ {FINDING_MAX_MS} ms on average (largest synthetic pair)"
    pair = next((p for p in reversed(run.pairs) if p.unchanged is not None), None)
    if pair is None:
        return {"target": text, "result": "synthetic pairs not run", "status": NOT_MEASURED}
    with_changes, without = pair.oasgate, pair.unchanged
    assert without is not None
    if not (with_changes.ok and without.ok and with_changes.count):
        return {"target": text, "result": "–", "status": NOT_MEASURED}
    assert with_changes.median_s is not None and without.median_s is not None
    cost_ms = (with_changes.median_s - without.median_s) / with_changes.count * 1000
    result = (
        f"{cost_ms:.2f} ms ({pair.name}: {with_changes.median_s:.3f} s with its "
        f"{with_changes.count} findings, {without.median_s:.3f} s against itself)"
    )
    status = MET if cost_ms <= FINDING_MAX_MS else MISSED
    return {"target": text, "result": result, "status": status}


def _peer_target(run: Run) -> dict[str, str]:
    text = f"≥ {PEER_FACTOR:.0f}× faster than the fastest peer on every pair"
    if not run.peers_enabled:
        return {"target": text, "result": "peers not run (--no-peers)", "status": NOT_MEASURED}
    misses: list[str] = []
    judged = 0
    no_peer: list[str] = []
    worst: tuple[float, str] | None = None
    for pair in run.pairs:
        bound, key = _peer_bound(pair)
        if bound is None:
            no_peer.append(pair.name)
            continue
        if not pair.oasgate.ok or pair.oasgate.median_s is None:
            misses.append(f"{pair.name} (oasgate {pair.oasgate.status})")
            continue
        judged += 1
        speedup = bound / pair.oasgate.median_s
        if worst is None or speedup < worst[0]:
            worst = (speedup, pair.name)
        if speedup < PEER_FACTOR:
            misses.append(f"{pair.name} ({speedup:.1f}× vs {key})")
    parts = []
    if worst is not None:
        parts.append(f"lowest speed-up {worst[0]:.1f}× ({worst[1]})")
    if misses:
        parts.append("missed on " + ", ".join(misses))
    if no_peer:
        parts.append("no peer result on " + ", ".join(no_peer))
    status = MISSED if misses else (MET if judged else NOT_MEASURED)
    return {"target": text, "result": "; ".join(parts) or "–", "status": status}


def evaluate_targets(run: Run) -> list[dict[str, str]]:
    out = [
        _check(run, "ghes", f"GHES 3.18→3.19 ≤ {GHES_MAX_S} s", lambda p: p.oasgate.median_s,
               GHES_MAX_S, "{:.3f} s"),
        _check(run, "ghes", f"GHES ≤ {GHES_MAX_RATIO:.0f}× parse-only baseline", _ratio,
               GHES_MAX_RATIO, "{:.1f}×"),
        _every_pair(run, f"every other pair ≤ {OTHER_MAX_RATIO:.0f}× its parse-only baseline",
                    _ratio, OTHER_MAX_RATIO, skip=("ghes",)),
        _check(run, MULTI_FILE_PAIR,
               f"DigitalOcean (multi-file) ≤ {MULTI_FILE_MAX_RATIO}× parse-only baseline",
               _ratio, MULTI_FILE_MAX_RATIO, "{:.1f}×"),
        _every_pair(run, f"peak RSS ≤ {RSS_MAX_RATIO:.0f}× the parse-only run's, every pair",
                    _rss_ratio, RSS_MAX_RATIO),
        _check(run, "ghes", f"GHES peak RSS ≤ {GHES_MAX_RSS_MIB:.0f} MiB",
               lambda p: p.oasgate.peak_rss_mib, GHES_MAX_RSS_MIB, "{:.0f} MiB"),
        _check(run, "stripe", f"Stripe ≤ {STRIPE_MAX_S} s", lambda p: p.oasgate.median_s,
               STRIPE_MAX_S, "{:.3f} s"),
        _check(run, "github-deref", f"deref GitHub pair finishes ≤ {DEREF_MAX_S:.0f} s",
               lambda p: p.oasgate.median_s, DEREF_MAX_S, "{:.2f} s"),
        _check(run, "github-deref", "deref GitHub pair peak RSS ≤ 2 GiB",
               lambda p: p.oasgate.peak_rss_mib, DEREF_MAX_RSS_MIB, "{:.0f} MiB"),
    ]  # fmt: skip
    scaling_text = "doubling synthetic size at most doubles time (ratio ≤ 2.2)"
    ratios = [r for r in run.scaling if r["ratio"] is not None]
    if not run.scaling:
        out.append({"target": scaling_text, "result": "synthetic pairs not run",
                    "status": NOT_MEASURED})  # fmt: skip
    elif len(ratios) < len(run.scaling):
        out.append({"target": scaling_text, "result": "oasgate failed on a synthetic pair",
                    "status": MISSED})  # fmt: skip
    else:
        worst = max(r["ratio"] for r in ratios)
        result = ", ".join(f"{r['from']}→{r['to']}: {r['ratio']:.2f}" for r in ratios)
        cpu = [r["cpu_ratio"] for r in ratios if r.get("cpu_ratio") is not None]
        if cpu:
            result += " (CPU: " + ", ".join(f"{c:.2f}" for c in cpu) + ")"
        out.append({"target": scaling_text, "result": result,
                    "status": MET if worst <= SCALING_MAX else MISSED})  # fmt: skip
    help_stats = run.startup.help
    out.append(
        {
            "target": f"`oasgate --help` ≤ {HELP_MAX_S} s",
            "result": f"{help_stats.median_s:.3f} s" if help_stats.ok else "n/a",
            "status": (
                (MET if (help_stats.median_s or 0) <= HELP_MAX_S else MISSED)
                if help_stats.ok
                else MISSED
            ),
        }
    )
    out.append(_finding_cost(run))
    out.append(_peer_target(run))
    return out


# --------------------------------------------------------------------------- report


def _load(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "n/a"


def _machine_lines(run: Run) -> list[str]:
    m = run.machine
    peers = ", ".join(f"{k} {v or 'not installed'}" for k, v in m.peer_versions.items())
    startup = run.startup
    help_txt = (
        f"{_s(startup.help.median_s)} s"
        if startup.help.ok
        else f"n/a ({_md(startup.help.reason or '')})"
    )
    return [
        f"- **Machine:** {m.cpu_model}, {m.cores} cores ({m.cores_usable} usable), "
        f"{m.ram_gib} GiB RAM, Linux {m.kernel}",
        f"- **Python:** {m.python} (`{m.python_executable}`); oasgate {m.oasgate_version} "
        f"(commit {m.oasgate_commit}, run from `src/` via PYTHONPATH, bytecode compiled first)",
        f"- **Node:** {m.node or 'n/a'}, npm {m.npm or 'n/a'}"
        + (f"; peers: {peers}" if peers else "; peers not run"),
        f"- **Run:** `{' '.join(run.argv)}` — {run.date}; oasgate and parse-only: median of "
        f"{run.runs} timed run(s) after one untimed warm-up; peers: median of up to "
        f"{run.peer_runs} run(s), timeout {run.timeout_s:.0f} s",
        f"- **Start-up:** `python -m oasgate --help` median of 10: {help_txt}; "
        f"bare interpreter (`python -c pass`): {_s(startup.interpreter.median_s)} s; "
        f"interpreter + `import orjson, yaml_rs`: {_s(startup.parse_imports.median_s)} s",
        f"- **Load average** (1/5/15 min) at start: {_load(run.load_start)}, at end: "
        f"{_load(run.load_end)}"
        + (
            " — **the machine was busy; wall times are inflated, compare CPU times**"
            if run.load_start and run.load_start[0] > 0.5 * m.cores_usable
            else ""
        ),
        f"- **Fetch:** specs {run.fetch_seconds:.1f} s, peer install "
        f"{run.peer_install_seconds:.1f} s (both ~0 when bench/.cache/ is warm)",
    ]


def render_body(run: Run, *, with_targets: bool = True) -> str:
    notes = Footnotes()
    table = render_table(run, notes)
    parts = ["\n".join(_machine_lines(run)), "", table, ""]
    legend = [
        "Times are wall-clock seconds of a fresh process, start-up included; CPU is the "
        "median user+sys time of the same runs, including the child oasgate forks for its "
        "load checks on documents over 1 MiB (so CPU can exceed wall time). Peak RSS is "
        "`ru_maxrss` of that child process (`os.wait4`), the maximum over its runs.",
        'Findings: `len(report["findings"])` of `oasgate check … --format json`. '
        "Multi-file pairs add `--ref-root` = the pair's directory (holds base/ and revision/).",
        "Parse-only: a fresh interpreter reading and parsing both sides (every file of a "
        "multi-file tree) with orjson/yaml_rs; same measurement as the oasgate column.",
    ]
    if run.peers_enabled:
        legend.append(
            "Peer cells: median seconds (breaking changes that tool reports); ¹ = fewer runs "
            f"than {run.peer_runs}, because one took longer than the --slow limit."
        )
    parts.extend(f"- {line}" for line in legend)
    if notes.items:
        parts += ["", "**Failures:**", ""]
        parts.extend(f"{i}. {item}" for i, item in enumerate(notes.items, 1))
    if run.scaling:
        parts += [
            "",
            "**Synthetic scaling** (oasgate median wall time(2k) / time(k); the target is "
            "judged on wall time, CPU time shown because it is less disturbed by other load"
            + (
                "; from a separate phase that runs each scale in turn, "
                "so that a drift of the machine's speed slows every scale alike"
                if run.scaling[0].get("interleaved")
                else ""
            )
            + "):",
            "",
        ]
        for r in run.scaling:
            ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "n/a"
            cpu = f"{r['cpu_ratio']:.2f}" if r.get("cpu_ratio") is not None else "n/a"
            parts.append(f"- {r['from']} → {r['to']}: wall {ratio}, CPU {cpu}")
    if with_targets:
        parts += ["", "**Targets:**", "", "| target | result | status |", "|---|---|---|"]
        parts.extend(f"| {t['target']} | {_md(t['result'])} | {t['status']} |" for t in run.targets)
    parts += ["", "**Pairs:**", ""]
    parts.extend(f"- `{p.name}`: {_md(p.source)}" for p in run.pairs)
    if run.peers_enabled:
        parts += ["", "**Peers** (run from an empty directory, telemetry off):", ""]
        parts.extend(f"- {p.key}: `{p.command_text()}` — {p.notes}" for p in PEERS)
        parts += ["", "**Peers looked for on npm but not usable here:**", ""]
        parts.extend(f"- {name}: {why}" for name, why in UNAVAILABLE)
    if run.notes:
        parts += ["", "**Notes:**", ""]
        parts.extend(f"- {_md(n)}" for n in run.notes)
    return "\n".join(parts) + "\n"


def render_report(run: Run) -> str:
    return f"## oasgate benchmark\n\n{render_body(run)}"


def render_docs(run: Run) -> str:
    partial = []
    if run.quick:
        partial.append("`--quick` (one run, the 53 MB deref pair skipped)")
    if not run.peers_enabled:
        partial.append("`--no-peers`")
    caveat = (
        f"\n> This run was partial: {', '.join(partial)}. Targets it could not judge are "
        "marked *not measured*.\n"
        if partial
        else ""
    )
    return (
        "# Performance\n\n"
        "Generated by `python bench/run.py --write-docs` (see `bench/README.md`); do not edit "
        "by hand, re-run the harness instead. What the time goes on, and what was done "
        "about it, is in `docs/decisions.md` (D35).\n"
        f"{caveat}\n"
        "## Targets\n\n"
        "| target | result | status |\n|---|---|---|\n"
        + "\n".join(f"| {t['target']} | {_md(t['result'])} | {t['status']} |" for t in run.targets)
        + "\n\n## Results\n\n"
        + render_body(run, with_targets=False)
    )


def keep_marked_section(docs: Path, rendered: str, start: str, end: str) -> str:
    """``rendered`` (the page ``run.py`` writes) with the section of ``docs`` between the
    markers ``start`` and ``end`` kept: another script writes it (``validation.py``,
    ``profile_findings.py``) and ``run.py`` regenerates the rest."""
    old = docs.read_text(encoding="utf-8") if docs.exists() else ""
    if start not in old or end not in old or start in rendered:
        return rendered
    section = old[old.index(start) : old.index(end) + len(end)]
    return rendered.rstrip("\n") + "\n\n" + section + "\n"


def write_marked_section(docs: Path, section: str, start: str, end: str) -> None:
    """Put ``section`` (which begins with ``start`` and ends with ``end``) into ``docs`` in
    place of the one between those markers, or at the end when there is none yet."""
    text = docs.read_text(encoding="utf-8")
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    docs.write_text(text, encoding="utf-8")
