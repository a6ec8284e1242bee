#!/usr/bin/env python3
"""oasgate benchmark harness: the judge of the speed targets.

Fetches the GitHub reference specs with ``npm pack`` (cached in bench/.cache/), picks up the
shared corpus, generates synthetic pairs, then measures, for every pair and in the same run:
``python -m oasgate check`` (median wall time, peak RSS, findings), a parse-only baseline in a
fresh interpreter, and peer diff tools from npm.  Prints one Markdown table; ``--write-docs``
also regenerates docs/performance.md.  Standard library only (the parse baseline imports
orjson/yaml_rs in its own subprocess).  See bench/README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fetch
import pairs as pairs_mod
import profile_findings
import report
import results as results_mod
import validation
from measure import RunResult, run_measured
from pairs import Pair
from peers import PEERS, Peer, PeerOutputError
from results import Machine, PairResult, Run, Startup, ToolStats

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
HELP_RUNS = 10
ALLOWED_EXIT = (0, 1)  # 1 = "breaking changes found"

_EXCEPTION_LINE = re.compile(r"^[\w.$]*(Error|Exception)\b.*?:\s")
_ERROR_LINE = re.compile(
    r"(error|exception|traceback|not supported|unsupported|invalid|cannot|failed|"
    r"no module named|heap out of memory|fatal)",
    re.IGNORECASE,
)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def error_summary(*texts: str, limit: int = 200) -> str:
    """The most telling line of a failed run's output (first error-looking line, else last)."""
    lines: list[str] = []
    for text in texts:
        lines.extend(ln.strip(" \t║╔╚═│") for ln in text.splitlines())
    lines = [ln for ln in lines if ln and not ln.startswith(("at ", "File ", "^", "~"))]
    if not lines:
        return "no output"
    # Python tracebacks end with the exception line; node errors start with it.
    if any(ln.startswith("Traceback") for ln in lines):
        pick = lines[-1]
    else:
        pick = next(
            (ln for ln in lines if _EXCEPTION_LINE.match(ln)),
            next((ln for ln in lines if _ERROR_LINE.search(ln)), lines[-1]),
        )
    return pick if len(pick) <= limit else pick[: limit - 1] + "…"


def describe_failure(res: RunResult, stdout_text: str = "") -> str:
    if res.timed_out:
        return f"timeout > {res.wall_s:.0f} s"
    code = res.returncode
    what = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
    return f"{what}: {error_summary(res.stderr_tail, stdout_text[-4000:])}"


@dataclass
class Context:
    python: str
    oasgate_env: dict[str, str]
    runs: int
    peer_runs: int
    slow_s: float
    timeout_s: float
    oasgate_timeout_s: float
    work: Path  # scratch directory for outputs and list files
    peer_cwd: Path


def _summarise(runs: list[RunResult], stats: ToolStats) -> ToolStats:
    stats.runs_s = [round(r.wall_s, 4) for r in runs]
    stats.median_s = statistics.median(r.wall_s for r in runs)
    stats.peak_rss_mib = max(r.maxrss_mib for r in runs)
    stats.cpu_median_s = statistics.median(r.cpu_s for r in runs)
    return stats


# --------------------------------------------------------------------------- oasgate


def oasgate_argv(ctx: Context, pair: Pair, fmt: str) -> list[str]:
    argv = [ctx.python, "-m", "oasgate", "check", str(pair.base), str(pair.revision)]
    if pair.ref_root is not None:
        # The entry file may sit below the tree root (opensearch: namespaces/_core.yaml refs
        # ../schemas/...); oasgate only follows $refs inside --ref-root.
        argv += ["--ref-root", str(pair.ref_root)]
    return [*argv, "--format", fmt]


def measure_oasgate(ctx: Context, pair: Pair) -> ToolStats:
    argv = oasgate_argv(ctx, pair, "text")
    ref = " --ref-root PAIRDIR" if pair.ref_root is not None else ""
    stats = ToolStats(
        status="ok", command=f"python -m oasgate check BASE REVISION{ref} --format text"
    )

    def once(out: Path | None = None, fmt_argv: Sequence[str] = argv) -> RunResult:
        return run_measured(
            fmt_argv,
            cwd=REPO_ROOT,
            env=ctx.oasgate_env,
            timeout_s=ctx.oasgate_timeout_s,
            stdout_path=out,
        )

    warm = once()  # untimed warm-up: page cache, .pyc files
    if not warm.ok(ALLOWED_EXIT):
        stats.status = "n/a"
        stats.reason = describe_failure(warm)
        return stats
    runs: list[RunResult] = []
    for _ in range(ctx.runs):
        res = once()
        if not res.ok(ALLOWED_EXIT):
            stats.status = "n/a"
            stats.reason = describe_failure(res)
            return stats
        runs.append(res)
    _summarise(runs, stats)
    # findings: one more run with --format json
    out = ctx.work / "oasgate.json"
    res = once(out, oasgate_argv(ctx, pair, "json"))
    stats.extra["json_exit"] = res.returncode
    if not res.ok(ALLOWED_EXIT):
        stats.count_error = describe_failure(res)
        return stats
    try:
        data = json.loads(out.read_bytes())
        stats.count = len(data["findings"])
        if isinstance(data.get("summary"), dict):
            stats.extra["summary"] = data["summary"]
    except (ValueError, KeyError, TypeError) as exc:
        stats.count_error = f"--format json output unreadable: {type(exc).__name__}: {exc}"[:200]
    return stats


def generate_synthetic(scale: int, directory: Path) -> dict[str, Any]:
    """The synthetic pair of ``scale``, generated (or found in the cache) by a child process:
    building a 10 MB spec in this process would grow it, and Linux charges each child it
    later spawns with this process's peak RSS at ``exec`` — every peak-RSS figure of the run
    would then read this process's size."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH_DIR / "synth.py"),
            "--scale",
            str(scale),
            "--out",
            str(directory),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    manifest: dict[str, Any] = json.loads(done.stdout)
    return manifest


# --------------------------------------------------------------------------- baseline


def measure_baseline(ctx: Context, pair: Pair) -> ToolStats:
    listing = ctx.work / f"{pair.name}.files"
    files = [*pair.base_files, *pair.revision_files]
    listing.write_text("".join(f"{p}\n" for p in files), encoding="utf-8")
    argv = [ctx.python, str(BENCH_DIR / "parse_only.py"), str(listing)]
    stats = ToolStats(status="ok", command="python bench/parse_only.py FILES (orjson / yaml_rs)")
    out = ctx.work / "parse.json"
    runs: list[RunResult] = []
    parse_s: list[float] = []
    for _ in range(ctx.runs):
        res = run_measured(
            argv, cwd=REPO_ROOT, env=None, timeout_s=ctx.oasgate_timeout_s, stdout_path=out
        )
        if not res.ok((0,)):
            stats.status = "fail"
            stats.reason = describe_failure(res)
            return stats
        runs.append(res)
        parse_s.append(float(json.loads(out.read_text())["parse_s"]))
    _summarise(runs, stats)
    stats.extra["parse_in_process_median_s"] = statistics.median(parse_s)
    stats.extra["files"] = len(files)
    return stats


# --------------------------------------------------------------------------- peers


def measure_peer(ctx: Context, peer: Peer, pair: Pair) -> ToolStats:
    stats = ToolStats(status="ok", command=peer.command_text())
    reason = peer.unsupported(pair)
    if reason:
        stats.status, stats.reason = "unsupported", reason
        return stats
    if peer.version() is None and peer.bin_package is not None:
        stats.status, stats.reason = "n/a", f"{peer.package} not installed"
        return stats
    out = ctx.work / "peer.out"
    runs: list[RunResult] = []
    for _ in range(ctx.peer_runs):
        res = run_measured(
            peer.argv(pair), cwd=ctx.peer_cwd, env=peer.env(), timeout_s=ctx.timeout_s,
            stdout_path=out,
        )  # fmt: skip
        text = out.read_text(encoding="utf-8", errors="replace")
        if res.timed_out:
            stats.status, stats.reason = "timeout", f"timeout > {ctx.timeout_s:.0f} s"
            stats.peak_rss_mib = res.maxrss_mib
            stats.extra["timeout_s"] = ctx.timeout_s
            break
        if not res.ok(ALLOWED_EXIT):
            stats.status, stats.reason = "fail", describe_failure(res, text)
            break
        try:
            stats.count = peer.count(text)
        except (PeerOutputError, ValueError, KeyError, TypeError, IndexError) as exc:
            if isinstance(exc, PeerOutputError) and str(exc):
                msg = str(exc)
            elif res.stderr_tail.strip():
                msg = error_summary(res.stderr_tail, text[:4000])
            else:
                msg = f"unreadable output ({type(exc).__name__}: {exc})"
            stats.status, stats.reason = "fail", f"exit {res.returncode}: {msg}"[:240]
            break
        runs.append(res)
        if res.wall_s > ctx.slow_s:
            break  # one run of a slow tool is enough
    if stats.status == "ok":
        _summarise(runs, stats)
    return stats


# --------------------------------------------------------------------------- start-up


def measure_repeated(argv: list[str], env: dict[str, str] | None, n: int, ok: int = 0) -> ToolStats:
    stats = ToolStats(status="ok", command=" ".join(argv))
    runs: list[RunResult] = []
    for _ in range(n):
        res = run_measured(argv, cwd=REPO_ROOT, env=env, timeout_s=60)
        if not res.ok((ok,)):
            stats.status, stats.reason = "n/a", describe_failure(res)
            return stats
        runs.append(res)
    return _summarise(runs, stats)


def measure_startup(ctx: Context) -> Startup:
    empty = ctx.work / "empty.files"
    empty.write_text("", encoding="utf-8")
    help_stats = measure_repeated(
        [ctx.python, "-m", "oasgate", "--help"], ctx.oasgate_env, HELP_RUNS
    )
    help_stats.command = "python -m oasgate --help"
    interp = measure_repeated([ctx.python, "-c", "pass"], None, HELP_RUNS)
    interp.command = "python -c pass"
    imports = measure_repeated(
        [ctx.python, str(BENCH_DIR / "parse_only.py"), str(empty)], None, HELP_RUNS
    )
    imports.command = "python bench/parse_only.py (no files)"
    return Startup(help=help_stats, interpreter=interp, parse_imports=imports)


# --------------------------------------------------------------------------- machine


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except (OSError, ValueError):
        return []


def _capture(argv: list[str], env: dict[str, str] | None = None) -> str | None:
    try:
        res = subprocess.run(
            argv, capture_output=True, text=True, timeout=60, check=False, env=env, cwd=REPO_ROOT
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return res.stdout.strip() if res.returncode == 0 and res.stdout.strip() else None


def compile_bytecode(python: str, src: str) -> None:
    """Write the ``.pyc`` of the working tree first, as ``pip install`` does for a user.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (as in some sandboxes and CI images) every
    run would otherwise compile oasgate's sources again, and the table would time the
    compiler (about 0.15 s a run), not oasgate."""
    log("measure: compiling the bytecode of src/ (python -m compileall)")
    subprocess.run(
        [python, "-m", "compileall", "-q", src], check=True, stdout=subprocess.DEVNULL, timeout=120
    )


def machine_info(ctx: Context, with_peers: bool) -> Machine:
    cpu = "unknown"
    ram_gib = 0.0
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        kib = re.search(r"^MemTotal:\s*(\d+)", meminfo, re.MULTILINE)
        ram_gib = int(kib.group(1)) / 2**20 if kib else 0.0
    except OSError:
        pass
    py = _capture([ctx.python, "-c", "import sys; print(sys.version.split()[0])"]) or "?"
    version_code = (
        "import importlib.metadata as m, oasgate\n"
        "v = getattr(oasgate, '__version__', None)\n"
        "try:\n    v = v or m.version('oasgate')\nexcept Exception:\n    v = v or '?'\n"
        "print(v, oasgate.__file__)"
    )
    oasgate = _capture([ctx.python, "-c", version_code], ctx.oasgate_env) or "not importable"
    commit = _capture(["git", "rev-parse", "--short", "HEAD"]) or "none yet"
    return Machine(
        cpu_model=cpu,
        cores=os.cpu_count() or 0,
        cores_usable=len(os.sched_getaffinity(0)),
        ram_gib=round(ram_gib, 1),
        kernel=platform.release(),
        python=py,
        python_executable=ctx.python,
        oasgate_version=oasgate,
        oasgate_commit=commit,
        node=fetch.node_version(),
        npm=_capture(["npm", "--version"], fetch.npm_env()),
        peer_versions={p.package: p.version() for p in PEERS} if with_peers else {},
    )


# --------------------------------------------------------------------------- pairs


def build_pairs(names: list[str], log_: fetch.FetchLog, notes: list[str]) -> list[Pair]:
    corpus = pairs_mod.corpus_dir(REPO_ROOT)
    out: list[Pair] = []
    github = {g.name: g for g in pairs_mod.GITHUB_PAIRS}
    # One pass per tarball: collect every member the selected GitHub pairs need.
    wanted: dict[str, list[str]] = {}
    for name in names:
        if name in github:
            g = github[name]
            wanted.setdefault(g.base_version, []).append(g.base_member)
            wanted.setdefault(g.revision_version, []).append(g.revision_member)
    for version, members in wanted.items():
        if all(fetch.cached_path(version, m).is_file() for m in members):
            continue
        log(f"fetch: @octokit/openapi@{version}: {', '.join(sorted(set(members)))}")
        try:
            fetch.octokit_specs(version, sorted(set(members)), log_)
        except (RuntimeError, OSError, subprocess.SubprocessError, tarfile.TarError) as exc:
            log(f"fetch: @octokit/openapi@{version} failed: {exc}")  # reported per pair below
    for name in names:
        pair: Pair | None
        note: str | None
        if name in github:
            pair, note = pairs_mod.github_pair(github[name], log_)
        elif name in pairs_mod.CORPUS_PAIRS:
            pair, note = pairs_mod.corpus_pair(name, corpus)
        else:
            scale = int(name.removeprefix("synth-").removesuffix("x"))
            directory = fetch.CACHE_DIR / "synth" / f"scale-{scale}"
            manifest = generate_synthetic(scale, directory)
            pair = Pair(
                name,
                directory / "base.json",
                directory / "revision.json",
                f"bench/synth.py --scale {scale} ({manifest['resources']} resources, "
                f"{manifest['operations_base']} operations; expected changes "
                f"{manifest['expected_changes']})",
                "oas30",
            )
            note = None
        if note:
            notes.append(note)
            log(f"skip: {note}")
        if pair is not None:
            out.append(pair)
    return out


def synth_manifest(pair: Pair) -> dict[str, Any] | None:
    if not pair.is_synthetic:
        return None
    data: dict[str, Any] = json.loads(
        (pair.base.parent / "manifest.json").read_text(encoding="utf-8")
    )
    return data


def measure_scaling(ctx: Context, pair_list: list[Pair]) -> dict[str, ToolStats]:
    """oasgate on the synthetic pairs again, one run of each scale in turn, ``--runs``
    rounds: the time(2k)/time(k) ratios are judged on these, so that a machine whose
    speed drifts during the run (a shared 2-core VM does, by a quarter within the hour)
    slows every scale alike instead of only the ones measured during a slow spell."""
    synthetic = [pair for pair in pair_list if pair.is_synthetic]
    if len(synthetic) < 2:
        return {}
    log(f"measure: scaling, {ctx.runs} interleaved round(s) over {len(synthetic)} scales")
    runs: dict[str, list[RunResult]] = {pair.name: [] for pair in synthetic}
    for _ in range(ctx.runs):
        for pair in synthetic:
            res = run_measured(
                oasgate_argv(ctx, pair, "text"),
                cwd=REPO_ROOT,
                env=ctx.oasgate_env,
                timeout_s=ctx.oasgate_timeout_s,
            )
            if not res.ok(ALLOWED_EXIT):
                return {}
            runs[pair.name].append(res)
    return {
        name: _summarise(found, ToolStats(status="ok", command="interleaved"))
        for name, found in runs.items()
    }


def scaling_table(
    results: list[PairResult], interleaved: dict[str, ToolStats] | None = None
) -> list[dict[str, Any]]:
    """time(2k)/time(k) of oasgate, from the interleaved runs when there are some."""
    stats = {r.name: r.oasgate for r in results if r.name.startswith("synth-")}
    stats.update(interleaved or {})
    rows: list[dict[str, Any]] = []
    for k in pairs_mod.SYNTH_SCALES:
        small, big = stats.get(f"synth-{k}x"), stats.get(f"synth-{2 * k}x")
        if small is None or big is None:
            continue
        ratio = cpu_ratio = None
        if small.ok and big.ok:
            assert small.median_s is not None and big.median_s is not None
            ratio = big.median_s / small.median_s
            if small.cpu_median_s and big.cpu_median_s:
                cpu_ratio = big.cpu_median_s / small.cpu_median_s
        rows.append(
            {
                "from": f"{k}x",
                "to": f"{2 * k}x",
                "ratio": ratio,
                "cpu_ratio": cpu_ratio,
                "interleaved": bool(interleaved),
            }
        )
    return rows


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark oasgate against a parse-only baseline and npm peers.",
    )
    parser.add_argument("--pairs", help="comma-separated pair names (default: all); "
                        f"known: {', '.join(pairs_mod.ALL_NAMES)}, synth")  # fmt: skip
    parser.add_argument("--runs", type=int, help="timed runs per tool and pair (default 5)")
    parser.add_argument(
        "--peer-runs",
        type=int,
        help="runs per peer and pair (default: min(--runs, 3)); a run slower than "
        "--slow stops the repetition",
    )
    parser.add_argument("--slow", type=float, default=20.0, help="see --peer-runs (s)")
    parser.add_argument("--timeout", type=float, default=120.0, help="per peer run (s)")
    parser.add_argument("--oasgate-timeout", type=float, default=600.0, help="per oasgate run (s)")
    parser.add_argument("--no-peers", action="store_true", help="do not install or run peers")
    parser.add_argument("--quick", action="store_true", help="1 run, skip the 53 MB deref pair")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write raw results here")
    parser.add_argument("--write-docs", action="store_true", help="regenerate docs/performance.md")
    parser.add_argument(
        "--docs-from",
        type=Path,
        metavar="FILE",
        help="regenerate docs/performance.md from the raw results of an earlier --json run; "
        "measures nothing",
    )
    parser.add_argument(
        "--python",
        help="interpreter that runs oasgate and the baseline (default: .venv/bin/python of the "
        "repo if present, else this one)",
    )
    return parser.parse_args(argv)


def default_python() -> str:
    venv = REPO_ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _kept_sections(docs: Path, rendered: str) -> str:
    """The page with the sections other scripts write kept (validation, finding cost)."""
    for start, end in (
        (validation.START, validation.END),
        (profile_findings.START, profile_findings.END),
    ):
        rendered = report.keep_marked_section(docs, rendered, start, end)
    return rendered


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.docs_from is not None:  # re-render docs/performance.md, measure nothing
        saved = results_mod.load_run(json.loads(args.docs_from.read_text(encoding="utf-8")))
        docs = REPO_ROOT / "docs" / "performance.md"
        docs.write_text(_kept_sections(docs, report.render_docs(saved)), encoding="utf-8")
        log(f"wrote {docs.relative_to(REPO_ROOT)} from {args.docs_from}")
        return 0
    runs = args.runs if args.runs is not None else (1 if args.quick else 5)
    peer_runs = args.peer_runs if args.peer_runs is not None else min(runs, 3)
    if runs < 1 or peer_runs < 1:
        raise SystemExit("--runs and --peer-runs must be at least 1")
    names = pairs_mod.expand_names(args.pairs)
    notes: list[str] = []
    if args.quick:
        heavy = {g.name for g in pairs_mod.GITHUB_PAIRS if g.heavy}
        skipped = [n for n in names if n in heavy]
        names = [n for n in names if n not in heavy]
        notes.extend(f"{n}: skipped by --quick" for n in skipped)

    load_start = loadavg()
    fetch_log = fetch.FetchLog()
    t0 = time.perf_counter()
    pair_list = build_pairs(names, fetch_log, notes)
    fetch_seconds = time.perf_counter() - t0
    peer_install_seconds = 0.0
    if not args.no_peers:
        log("peers: npm install (cached after the first run)")
        t1 = time.perf_counter()
        fetch.install_peers(fetch_log)
        peer_install_seconds = time.perf_counter() - t1
    for line in fetch_log.actions + fetch_log.notes:
        log(f"fetch: {line}")
    for version, listing in fetch_log.listings.items():
        files = ", ".join(n.rsplit("/", 1)[-1] for n in listing)
        log(f"fetch: @octokit/openapi@{version} generated/ holds: {files}")
    notes.extend(fetch_log.notes)

    python = args.python or default_python()
    env = dict(os.environ)
    src = str(REPO_ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    compile_bytecode(python, src)
    with (
        tempfile.TemporaryDirectory(prefix="oasgate-bench-") as work,
        tempfile.TemporaryDirectory(prefix="oasgate-bench-peer-") as peer_cwd,
    ):
        ctx = Context(
            python=python,
            oasgate_env=env,
            runs=runs,
            peer_runs=peer_runs,
            slow_s=args.slow,
            timeout_s=args.timeout,
            oasgate_timeout_s=args.oasgate_timeout,
            work=Path(work),
            peer_cwd=Path(peer_cwd),
        )
        machine = machine_info(ctx, not args.no_peers)
        log("measure: start-up")
        startup = measure_startup(ctx)
        results: list[PairResult] = []
        synth_timeouts: dict[str, ToolStats] = {}  # peer key -> its timeout on a smaller scale
        synthetic = [pair.name for pair in pair_list if pair.is_synthetic]
        for pair in pair_list:
            result = measure_pair(
                ctx,
                pair,
                with_peers=not args.no_peers,
                skip=synth_timeouts if pair.is_synthetic else {},
                per_finding_pair=synthetic[-1] if synthetic else None,
            )
            results.append(result)
            if pair.is_synthetic:
                for key, stats in result.peers.items():
                    if stats.status == "timeout" and key not in synth_timeouts:
                        synth_timeouts[key] = ToolStats(
                            status="timeout",
                            reason=f"{stats.reason} (timed out on {pair.name})",
                            command=stats.command,
                            extra={"timeout_s": stats.extra.get("timeout_s")},
                        )
        interleaved = measure_scaling(ctx, pair_list)

    run = Run(
        date=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        argv=["bench/run.py", *(sys.argv[1:] if argv is None else argv)],
        runs=runs,
        peer_runs=peer_runs,
        timeout_s=args.timeout,
        quick=args.quick,
        peers_enabled=not args.no_peers,
        machine=machine,
        startup=startup,
        pairs=results,
        scaling=scaling_table(results, interleaved),
        fetch_seconds=round(fetch_seconds, 2),
        load_start=load_start,
        load_end=loadavg(),
        peer_install_seconds=round(peer_install_seconds, 2),
        fetch_actions=fetch_log.actions,
        tarball_listings=fetch_log.listings,
        notes=notes,
    )
    run.targets = report.evaluate_targets(run)
    print(report.render_report(run))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(dataclasses.asdict(run), indent=2) + "\n")
        log(f"raw results: {args.json}")
    if args.write_docs:
        docs = REPO_ROOT / "docs" / "performance.md"
        docs.parent.mkdir(parents=True, exist_ok=True)
        docs.write_text(_kept_sections(docs, report.render_docs(run)), encoding="utf-8")
        log(f"wrote {docs.relative_to(REPO_ROOT)}")
    return 0


def measure_pair(
    ctx: Context,
    pair: Pair,
    *,
    with_peers: bool,
    skip: dict[str, ToolStats],
    per_finding_pair: str | None = None,
) -> PairResult:
    """Measure oasgate, the baseline and the peers on one pair.

    ``skip`` holds peers not to run, with the result to record instead (a peer that timed out
    on a smaller synthetic pair is not run on the larger ones). On ``per_finding_pair``,
    oasgate also runs on the base against a copy of itself: the cost of the findings.
    """
    log(f"measure: {pair.name} ({pair.base_mb:.1f} / {pair.revision_mb:.1f} MB)")
    oasgate = measure_oasgate(ctx, pair)
    log(f"  oasgate: {report.cell_oasgate(oasgate)}")
    baseline = measure_baseline(ctx, pair)
    log(f"  parse-only: {report.cell_seconds(baseline)}")
    unchanged = None
    if pair.name == per_finding_pair:
        copy = ctx.work / f"{pair.name}-base-copy{pair.base.suffix}"
        shutil.copyfile(pair.base, copy)
        twin = dataclasses.replace(
            pair, name=f"{pair.name}-unchanged", revision=copy, revision_files=[copy]
        )
        unchanged = measure_oasgate(ctx, twin)
        log(f"  oasgate, base against itself: {report.cell_oasgate(unchanged)}")
    peer_stats: dict[str, ToolStats] = {}
    if with_peers:
        for peer in PEERS:
            skipped = skip.get(peer.key)
            peer_stats[peer.key] = (
                dataclasses.replace(skipped) if skipped else measure_peer(ctx, peer, pair)
            )
            log(f"  {peer.key}: {report.cell_peer(peer_stats[peer.key], ctx.peer_runs)}")
    return PairResult(
        name=pair.name,
        source=pair.source,
        spec_version=pair.version,
        multi_file=pair.multi_file,
        base=str(pair.base),
        revision=str(pair.revision),
        base_mb=round(pair.base_mb, 3),
        revision_mb=round(pair.revision_mb, 3),
        base_files=len(pair.base_files),
        revision_files=len(pair.revision_files),
        oasgate=oasgate,
        baseline=baseline,
        peers=peer_stats,
        synth=synth_manifest(pair),
        unchanged=unchanged,
    )


if __name__ == "__main__":
    sys.exit(main())
