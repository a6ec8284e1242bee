"""Where a check spends its time, pair by pair: a cProfile text summary of each pair of the
benchmark table, written to ``bench/profiles/check-<pair>.txt``.

Each pair runs ``oasgate check BASE REVISION --format text`` (as ``bench/run.py`` times it)
in a child interpreter, once untimed to warm the file cache and compile the bytecode, then
once under cProfile, in one process (``OASGATE_NO_FORK=1``: the load checks that a
terminal run forks beside the diff are profiled with it). The summary has the run's own
time by area (each package of oasgate, locating apart; the parsers, regular expressions
and other C code), then the functions by own time and by cumulative time. cProfile slows
Python code down about twice and C code not at all: the shares are what to read, not the
seconds (``bench/run.py`` measures those).

Usage: ``.venv/bin/python bench/profile_pairs.py [--pairs ghes,opensearch] [--top 30]``.
Standard library only (the child imports oasgate from ``src/``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import fetch  # noqa: E402
import pairs as pairs_mod  # noqa: E402
import run  # noqa: E402

_CHILD = r"""
import cProfile, contextlib, io, pstats, sys
root, top, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
import oasgate.cli as cli

def check():
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main.main(argv, standalone_mode=False)
        except SystemExit:
            pass

check()  # warm: the file cache, lazily built tables
profile = cProfile.Profile()
profile.enable()
check()
profile.disable()
stats = pstats.Stats(profile)
total = stats.total_tt


def area(path, function):
    # where own time goes: oasgate's package (locating apart), or what C code does
    if "/src/oasgate/" in path:
        rest = path.split("/src/oasgate/", 1)[1]
        if rest.startswith("loading/locate/"):
            return "oasgate: locating (loading/locate)"
        return "oasgate: " + (rest.split("/", 1)[0] if "/" in rest else rest.removesuffix(".py"))
    if path == "~":
        if "yaml_rs" in function or "orjson" in function:
            return "C: parsing (yaml_rs, orjson)"
        if "re.Pattern" in function or "re2" in function:
            return "C: regular expressions"
        return "C: other built-ins"
    return "Python library: " + (Path(path).parent.name or path)


from pathlib import Path
own = {}
for (path, _, function), value in stats.stats.items():
    key = area(path, function)
    own[key] = own.get(key, 0.0) + value[2]
print(f"total {total:.3f} s under cProfile")
print()
print("own time by area                            seconds   share")
for key, seconds in sorted(own.items(), key=lambda item: -item[1]):
    if seconds >= 0.005 * total:
        print(f"{key:42} {seconds:8.3f}   {seconds / total:5.1%}")
for order in ("tottime", "cumulative"):
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(order).print_stats(top)
    print()
    print(f"by {order}:")
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print("\n".join(line.replace(root + "/", "") for line in lines[start:]))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", help="comma-separated pair names (default: all but the heavy)")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=HERE / "profiles")
    args = parser.parse_args()
    names = pairs_mod.expand_names(args.pairs)
    if not args.pairs:
        heavy = {g.name for g in pairs_mod.GITHUB_PAIRS if g.heavy}
        names = [name for name in names if name not in heavy]
    notes: list[str] = []
    found = run.build_pairs(names, fetch.FetchLog(), notes)
    for note in notes:
        print(f"skipped: {note}", file=sys.stderr)
    run.compile_bytecode(sys.executable, str(ROOT / "src"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OASGATE_NO_FORK": "1"}
    args.out.mkdir(parents=True, exist_ok=True)
    for pair in found:
        argv = ["check", str(pair.base), str(pair.revision), "--format", "text"]
        if pair.ref_root is not None:
            argv += ["--ref-root", str(pair.ref_root)]
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(ROOT), str(args.top), *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        if child.returncode != 0:
            print(f"{pair.name}: failed\n{child.stderr[-2000:]}", file=sys.stderr)
            continue
        corpus = str(pairs_mod.corpus_dir(ROOT))
        shown = " ".join(
            a.replace(corpus, "$OASGATE_CORPUS").replace(str(ROOT) + "/", "") for a in argv
        )
        target = args.out / f"check-{pair.name}.txt"
        target.write_text(f"oasgate {shown}\n{pair.source}\n\n{child.stdout}")
        print(f"{pair.name}: {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
