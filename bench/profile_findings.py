"""Where a finding's time goes: one pair profiled with its changes and against itself.

The cost of a finding (docs/performance.md) is the time a pair takes with its changes minus
the time its base takes against a copy of itself, per finding. This script samples both
runs with py-spy (a sampling profiler: it barely slows the process down, unlike cProfile,
which doubled the cost of small functions) and sorts every sample into the step of a check
it belongs to — classifying (the diff walk), the lifecycle walk, locating, gating,
messages, grouping, rendering — by the frames on its stack. The difference between the
two runs, step by step, is the breakdown; the text summary goes to ``bench/profiles/``.

Usage::

    python bench/profile_findings.py synth-8x opensearch [--runs 3] [--suffix before] [--write-docs]

Needs ``py-spy`` on PATH (or next to the interpreter). The check runs in one process
(``OASGATE_NO_FORK=1``) with ``PYTHONHASHSEED=0``, from this checkout's ``src/``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import pairs as pairs_mod  # noqa: E402
from report import write_marked_section  # noqa: E402

# (step, markers): a sample belongs to the first step one of whose markers is on its stack;
# the order matters (a finding's locate runs inside _finding, inside _findings).
FINDING_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("locating (file:line)", ("_locate (oasgate/engine.py",)),
    ("gating (policy/gate.py)", ("Gate.judge", "Gate.__init__")),
    ("messages (phrases)", ("phrases.py", "oasgate/i18n")),
)
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("classifying: diff walk (diff/, rules)", ("compare_specs (",)),
    ("lifecycle walk (policy/deprecation.py)", ("judge_lifecycle (", "LifecyclePairs.__init__")),
    ("finding: other (fingerprint, ids)", ("_finding (oasgate/engine.py",)),
    ("grouping identical changes", ("group_findings (",)),
    ("config, ignores", ("apply_config (",)),
    ("report order (sort)", ("_sort_key (", "report_order (")),
    ("diagnostics", ("_diagnostics (oasgate/engine.py",)),
    ("loading and parsing", ("Opening.open", "Opening._open", "inputs.py:")),
    ("load checks", ("load_checks.py", "Opening.comparing")),
)


#: steps that do the same work with and without the changes
SAME_WORK = ("loading and parsing", "load checks", "start-up, imports, other")


def step_of(stack: str) -> str:
    if "_finding (oasgate/engine.py" in stack:
        for step, markers in FINDING_STEPS:
            if any(marker in stack for marker in markers):
                return "finding: " + step
    for step, markers in STEPS:
        if any(marker in stack for marker in markers):
            return step
    if "check_opened (" in stack:
        return "check: other"
    if "oasgate/report/" in stack or "oasgate/cli/output" in stack or "render" in stack:
        return "rendering (text report)"
    return "start-up, imports, other"


def read_raw(path: Path) -> list[tuple[str, int]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            out.append((stack, int(count)))
    return out


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(found).exists():
        raise SystemExit("py-spy not found (pip install py-spy)")
    return found


def sample(argv: list[str], out: Path, rate: int) -> None:
    env = {**os.environ, "OASGATE_NO_FORK": "1", "PYTHONHASHSEED": "0"}
    env["PYTHONPATH"] = str(REPO / "src")
    cmd = [py_spy(), "record", "-r", str(rate), "-f", "raw", "-o", str(out), "--", *argv]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def findings_count(argv: list[str]) -> int:
    import json

    env = {**os.environ, "OASGATE_NO_FORK": "1", "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run(
        [*argv[:-2], "--format", "json"], env=env, capture_output=True, text=True, check=False
    )
    return len(json.loads(proc.stdout)["findings"])


def inclusive(samples: list[tuple[str, int]], root: str) -> collections.Counter[str]:
    """Samples per function (file, no line) at or below the frame ``root``."""
    counts: collections.Counter[str] = collections.Counter()
    for stack, count in samples:
        frames = stack.split(";")
        starts = [i for i, frame in enumerate(frames) if root in frame]
        if not starts:
            continue
        names = {frame.rsplit(":", 1)[0] + ")" for frame in frames[starts[0] :]}
        for name in names:
            counts[name] += count
    return counts


DOCS = REPO / "docs" / "performance.md"
START = "<!-- finding-cost:start -->"
END = "<!-- finding-cost:end -->"


def profile(name: str, runs: int, rate: int, label: str) -> tuple[str, str]:
    """The text summary of one pair's profile, and its table for docs/performance.md."""
    work = Path(tempfile.mkdtemp(prefix="oasgate-findings-"))
    if name.startswith("synth-"):
        directory = BENCH_DIR / ".cache" / "synth" / f"scale-{name[6:-1]}"
        base, revision, extra = directory / "base.json", directory / "revision.json", []
        itself = work / "base-copy.json"
        shutil.copyfile(base, itself)
    else:
        corpus = Path(os.environ.get("OASGATE_CORPUS", "/work/shared/corpus"))
        directory = corpus / pairs_mod.CORPUS_PAIRS[name]
        entry = (directory / "ENTRY.txt").read_text(encoding="utf-8").split()[0]
        base, revision = directory / "base" / entry, directory / "revision" / entry
        extra, itself = ["--ref-root", str(directory)], base
    python = sys.executable
    with_changes = [python, "-m", "oasgate", "check", str(base), str(revision), *extra]
    against_itself = [python, "-m", "oasgate", "check", str(base), str(itself), *extra]
    with_changes += ["--format", "text"]
    against_itself += ["--format", "text"]
    findings = findings_count(with_changes)

    samples: dict[str, list[list[tuple[str, int]]]] = {"with": [], "without": []}
    for index in range(runs):
        for key, argv in (("with", with_changes), ("without", against_itself)):
            out = work / f"{key}-{index}.raw"
            sample(argv, out, rate)
            samples[key].append(read_raw(out))
    shutil.rmtree(work, ignore_errors=True)
    scale = 1000 / rate

    def per_step(key: str) -> dict[str, float]:
        total: collections.Counter[str] = collections.Counter()
        for one in samples[key]:
            for stack, count in one:
                total[step_of(stack)] += count
        return {step: count / len(samples[key]) * scale for step, count in total.items()}

    a, b = per_step("with"), per_step("without")
    steps = sorted(set(a) | set(b), key=lambda s: -(a.get(s, 0) - b.get(s, 0)))
    header = f"{'step':44} {'with ms':>8} {'without':>8} {'extra':>8} {'ms/finding':>10}"
    rows = [header]
    table = [
        "| step | with its changes (ms) | against itself (ms) | per finding (ms) |",
        "|---|---:|---:|---:|",
    ]
    for step in steps:
        x, y = a.get(step, 0.0), b.get(step, 0.0)
        rows.append(f"{step:44} {x:8.0f} {y:8.0f} {x - y:8.0f} {(x - y) / findings:10.3f}")
        table.append(f"| {step} | {x:.0f} | {y:.0f} | {(x - y) / findings:.3f} |")
    ta, tb = sum(a.values()), sum(b.values())
    rows.append(f"{'total':44} {ta:8.0f} {tb:8.0f} {ta - tb:8.0f} {(ta - tb) / findings:10.3f}")
    table.append(f"| total | {ta:.0f} | {tb:.0f} | {(ta - tb) / findings:.3f} |")
    # the same work in both runs: its difference is noise (the machine's load), not findings
    pa = sum(v for k, v in a.items() if k not in SAME_WORK)
    pb = sum(v for k, v in b.items() if k not in SAME_WORK)
    per = (pa - pb) / findings
    label = "what findings add (total but same work)"
    rows.append(f"{label:44} {pa:8.0f} {pb:8.0f} {pa - pb:8.0f} {per:10.3f}")
    table.append(
        f"| **what findings add** (all but {', '.join(SAME_WORK)}) | {pa:.0f} | {pb:.0f} "
        f"| **{per:.3f}** |"
    )
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    now = dt.datetime.now(dt.timezone.utc)
    lines = [
        f"# bench/profile_findings.py {name}, {now:%Y-%m-%d %H:%M} UTC",
        f"# {label}" if label else "#",
        f"# py-spy {rate} Hz, mean of {runs} run(s) each; one process (OASGATE_NO_FORK=1), "
        f"PYTHONHASHSEED=0; load average {load}",
        f"# {findings} findings; 'without' = the base checked against itself",
        "",
        *rows,
        "",
        "inclusive ms per function under engine._findings (with / without / extra):",
    ]
    inc_a = sum(
        (inclusive(one, "_findings (oasgate/engine.py") for one in samples["with"]),
        collections.Counter(),
    )
    inc_b = sum(
        (inclusive(one, "_findings (oasgate/engine.py") for one in samples["without"]),
        collections.Counter(),
    )
    n_a, n_b = len(samples["with"]), len(samples["without"])
    ranked = sorted(inc_a, key=lambda k: -(inc_a[k] / n_a - inc_b[k] / n_b))
    for function in ranked[:40]:
        x, y = inc_a[function] / n_a * scale, inc_b[function] / n_b * scale
        lines.append(f"  {x:7.0f} {y:7.0f} {x - y:7.0f}  {function}")
    caption = (
        f"**{name}** — {findings} findings; py-spy at {rate} Hz, mean of {runs} run(s) of "
        f"each, one process; load average {load} (wall times inflated in proportion; the "
        "shares are what matters)."
    )
    return "\n".join(lines) + "\n", caption + "\n\n" + "\n".join(table)


def docs_section(tables: list[str]) -> str:
    return "\n".join(
        [
            START,
            "## Where a finding's time goes",
            "",
            "Generated by `python bench/profile_findings.py PAIR… --write-docs`. A pair is "
            "checked with its changes and its base against itself (the cost of a finding "
            "is the difference, per finding); every sample of a sampling profiler is "
            "sorted into the step of a check its stack is in. *Classifying* is the diff "
            "walk (diff/ and the rules), *lifecycle walk* the policy's (policy/deprecation.py), "
            "*locating* the file:line of each finding's two places (loading/locate/), "
            "*gating* the policy's verdict on each change (policy/gate.py), *messages* the "
            "phrases, *grouping* the merge of identical inline changes. Text summaries of "
            "each profile are in `bench/profiles/findings-*.txt`; what was done about them "
            "is in `docs/decisions.md` (D76, D77). The profiler samples wall time: on a busy "
            "machine two runs of the same code differ by up to a third, so the table gives "
            "shares, and before and after are counted in instructions there.",
            "",
            *("\n\n".join(tables).splitlines()),
            END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="+", help="bench pairs: synth-8x, opensearch, box …")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate", type=int, default=1000, help="samples a second")
    parser.add_argument("--label", default="", help="a line naming the code profiled")
    parser.add_argument(
        "--suffix", default="", help="profile files: bench/profiles/findings-PAIR[-SUFFIX].txt"
    )
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()

    tables = []
    for name in pairs_mod.expand_names(",".join(args.pairs)):
        text, table = profile(name, args.runs, args.rate, args.label)
        tail = f"-{args.suffix}" if args.suffix else ""
        (BENCH_DIR / "profiles" / f"findings-{name}{tail}.txt").write_text(text, encoding="utf-8")
        sys.stdout.write(text + "\n")
        tables.append(table)
    if args.write_docs:
        write_marked_section(DOCS, docs_section(tables), START, END)


if __name__ == "__main__":
    main()
