"""Many APIs at once, timed: a generated monorepo checked serially, with ``--jobs 2``, and
as two shards + ``oasgate merge``.

The monorepo (``bench/.cache/monorepo/{base,revision}/``) holds 200 small spec pairs from
``bench/synth.py`` (``small_pair``: 2 to 9 resources each) and a copy of each single-file
pair of the corpus (``--corpus DIR``, default ``$OASGATE_CORPUS``). Besides the three runs
it measures, in one process, the time of the diff alone for every pair (``engine.check``
of the two files, after one warm-up). Each round runs all four back to back, and the
figures are the medians of the rounds' own ratios (the machine is shared: a burst of load
elsewhere then hits a whole round, not one kind of run), so that the report can say:

- ``--jobs 2`` against the serial run (target ≤ 0.6×);
- the overhead per spec beyond the diff: (serial run − Σ diffs) / specs (target ≤ 20 ms),
  in wall-clock and in CPU time (the machine is shared: CPU time is the steadier figure);
- the ``--jobs 2`` run against Σ diffs / cores (target ≤ 1.2×); Σ is each diff through
  the library, the collector as the library leaves it, and again with the collector off,
  as the command line's one-pair check runs (D94): the run is held to both.

Usage: ``.venv/bin/python bench/monorepo.py [--specs 200] [--corpus DIR] [--runs 5]``.
Standard library only; oasgate runs in subprocesses with ``PYTHONPATH=src``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

TODAY = "2026-12-05"
_DIFF_TIMES = """
import gc, json, sys, time
from oasgate.engine import check
pairs, collector_off = json.load(sys.stdin)
check(*pairs[0], today="2026-12-05")  # warm-up: imports, caches
if collector_off:  # as the command line's one-pair check runs (D94)
    gc.disable()
times = []
for base, revision in pairs:
    start, cpu = time.perf_counter(), time.process_time()
    try:
        check(base, revision, today="2026-12-05")
    except Exception:
        pass
    times.append((time.perf_counter() - start, time.process_time() - cpu))
print(json.dumps(times))
"""


def _burn(_: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return time.perf_counter() - start


def machine_parallelism() -> float:
    """How much faster two processes burn CPU than one on this machine right now (2.0 on
    two free cores; about 1.0 when neighbours hold one of them): what any ``--jobs 2``
    figure is to be read against."""
    import multiprocessing

    start = time.perf_counter()
    _burn(0)
    _burn(1)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_burn, [0, 1])  # the workers started
        start = time.perf_counter()
        pool.map(_burn, [0, 1], chunksize=1)
        parallel = time.perf_counter() - start
    return serial / parallel


def build(out: Path, specs: int, corpus: Path | None) -> list[tuple[str, str]]:
    """Write the two trees; return the pairs (base, revision paths)."""
    if out.exists():
        shutil.rmtree(out)
    pairs = []
    for index in range(specs):
        base, revision = synth.small_pair(index)
        for side, doc in (("base", base), ("revision", revision)):
            path = out / side / f"svc{index:03}" / "openapi.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        pairs.append((f"svc{index:03}/openapi.json",) * 2)
    if corpus is not None and corpus.is_dir():
        for pair in sorted(corpus.iterdir()):
            files = {p.stem: p for p in pair.iterdir() if p.stem in ("base", "revision")}
            if set(files) != {"base", "revision"} or "multifile" in pair.name:
                continue
            for side in ("base", "revision"):
                target = out / side / "corpus" / pair.name / f"openapi{files[side].suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(files[side], target)
            suffix = files["base"].suffix
            pairs.append((f"corpus/{pair.name}/openapi{suffix}",) * 2)
    return [(str(out / "base" / b), str(out / "revision" / r)) for b, r in pairs]


def _oasgate(*args: str, cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, workers included) of one run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "oasgate", *args], cwd=cwd, env=env, capture_output=True
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if proc.returncode not in (0, 1):
        raise SystemExit(f"oasgate {' '.join(args)} exited {proc.returncode}: {proc.stderr!r}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=os.environ.get("OASGATE_CORPUS"))
    parser.add_argument(
        "--runs", type=int, default=5, help="rounds, each running every kind once (medians count)"
    )
    parser.add_argument("--out", type=Path, default=HERE / ".cache" / "monorepo")
    args = parser.parse_args()
    corpus = Path(args.corpus) if args.corpus else None
    pairs = build(args.out, args.specs, corpus)
    out = args.out
    common = ("--today", TODAY, "--format", "json")
    # as pip leaves an installed oasgate: its bytecode compiled. Without it every run
    # compiles the sources again where PYTHONDONTWRITEBYTECODE is set (this sandbox):
    # a tenth of a second of start-up that no installed oasgate pays
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "oasgate")], check=True
    )
    parallelism = [machine_parallelism()]
    runs: dict[str, list[tuple[float, float]]] = {
        "serial": [],
        "jobs2": [],
        "shards": [],
        "diffs": [],
        "diffs_collector_off": [],
    }
    shard_walls: list[float] = []
    loads: list[float] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for _ in range(args.runs):  # alternating: a burst of load elsewhere hits every kind
        loads.append(os.getloadavg()[0])
        runs["serial"].append(
            _oasgate("check", "base", "revision", "-j", "1", *common, "-o", "all.json", cwd=out)
        )
        runs["jobs2"].append(
            _oasgate("check", "base", "revision", "-j", "2", *common, "-o", "j2.json", cwd=out)
        )
        shards = [
            _oasgate(
                "check",
                "base",
                "revision",
                "-j",
                "1",
                "--shard",
                f"{k}/2",
                *common,
                "-o",
                f"shard{k}.json",
                cwd=out,
            )
            for k in (1, 2)
        ]
        merge = _oasgate(
            "merge", "shard1.json", "shard2.json", "--format", "json", "-o", "merged.json", cwd=out
        )
        runs["shards"].append(
            (sum(w for w, _ in shards) + merge[0], sum(c for _, c in shards) + merge[1])
        )
        shard_walls.append(max(w for w, _ in shards) + merge[0])
        for kind, collector_off in (("diffs", False), ("diffs_collector_off", True)):
            diffs = json.loads(
                subprocess.run(
                    [sys.executable, "-c", _DIFF_TIMES],
                    input=json.dumps([pairs, collector_off]),
                    capture_output=True,
                    text=True,
                    env=env,
                    check=True,
                ).stdout
            )
            runs[kind].append((sum(w for w, _ in diffs), sum(c for _, c in diffs)))
    identical = (out / "merged.json").read_bytes() == (out / "all.json").read_bytes()
    cores = len(os.sched_getaffinity(0))
    # the figures of each round, then their median: a round's runs ran back to back, so
    # a ratio within a round is steadier than one between the fastest runs of each kind
    rounds = [
        {
            "serial_s": serial[0],
            "jobs2_s": jobs2[0],
            "sum_of_diffs_s": diff[0],
            "jobs2_over_serial": jobs2[0] / serial[0],
            "overhead_per_spec_ms": (serial[0] - diff[0]) / len(pairs) * 1000,
            "overhead_per_spec_cpu_ms": (serial[1] - diff[1]) / len(pairs) * 1000,
            "jobs2_over_diffs_per_core": jobs2[0] / (diff[0] / min(cores, 2)),
            "jobs2_over_collector_off_diffs_per_core": jobs2[0] / (off[0] / min(cores, 2)),
        }
        for serial, jobs2, diff, off in zip(
            runs["serial"], runs["jobs2"], runs["diffs"], runs["diffs_collector_off"], strict=True
        )
    ]
    median = {key: round(statistics.median(r[key] for r in rounds), 3) for key in rounds[0]}
    best = {name: min(values) for name, values in runs.items()}  # (wall, cpu) of the fastest
    result = {
        "specs": len(pairs),
        "cores": cores,
        "median_of_rounds": median,
        "serial_s": round(best["serial"][0], 3),
        "serial_cpu_s": round(best["serial"][1], 3),
        "jobs2_s": round(best["jobs2"][0], 3),
        "jobs2_cpu_s": round(best["jobs2"][1], 3),
        "two_shards_sequential_plus_merge_s": round(best["shards"][0], 3),
        "two_shards_on_two_machines_s": round(min(shard_walls), 3),
        "sum_of_diffs_s": round(best["diffs"][0], 3),
        "sum_of_diffs_cpu_s": round(best["diffs"][1], 3),
        "sum_of_diffs_collector_off_s": round(best["diffs_collector_off"][0], 3),
        "merged_equals_unsharded": identical,
        "load_average_before_each_round": [round(x, 2) for x in loads],
        "load_average": os.getloadavg(),
        "machine_parallelism": [round(p, 2) for p in [*parallelism, machine_parallelism()]],
        "rounds": [{k: round(v, 3) for k, v in r.items()} for r in rounds],
        "runs": runs,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
