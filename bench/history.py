#!/usr/bin/env python3
"""The history benchmark (issue 21): ``oasgate log`` over real consecutive releases.

Fetches the last ``--count`` published versions of ``@netlify/open-api`` with ``npm pack``
into ``bench/.cache/netlify-history/`` (git-ignored, reused by later runs), commits each
version's ``dist/swagger.json`` into a scratch git repository there (one commit per
version, tagged ``v<version>``, committer dates one day apart), then measures:

- ``python -m oasgate log api/swagger.json --format json`` over the whole history: total
  wall time and time per revision compared;
- the same with ``--dates-from-git`` (each state's deprecations dated as it is read);
- ``python -m oasgate check vA:api/swagger.json vB:api/swagger.json --format json`` of
  consecutive pairs, separately: the time one pair costs without the log.

The target: per revision, the log costs at most 0.7x a separate check of that pair.
Standard library only. Usage: ``python bench/history.py [--count 60] [--pairs 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
CACHE = BENCH_DIR / ".cache" / "netlify-history"
PACKAGE = "@netlify/open-api"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def versions(count: int) -> list[str]:
    listing = CACHE / "versions.json"
    if not listing.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["npm", "view", PACKAGE, "versions", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        listing.write_text(out)
    published: list[str] = json.loads(listing.read_text())
    return published[-count:]


def tarball(version: str) -> Path:
    path = CACHE / f"netlify-open-api-{version}.tgz"
    if not path.is_file() or path.stat().st_size == 0:
        log(f"npm pack {PACKAGE}@{version}")
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
            cwd=CACHE,
            capture_output=True,
            check=True,
        )
    return path


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout


def build_repo(releases: list[str]) -> Path:
    """One commit per release, its spec at api/swagger.json; rebuilt when the list changes."""
    repo = CACHE / f"repo-{releases[0]}-{releases[-1]}"
    if (repo / ".git").is_dir():
        return repo
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "api").mkdir()
    for day, version in enumerate(releases):
        with tarfile.open(tarball(version)) as archive:
            member = archive.extractfile("package/dist/swagger.json")
            assert member is not None
            (repo / "api" / "swagger.json").write_bytes(member.read())
        git(repo, "add", "-A")
        date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1704067200 + day * 86400))
        git(repo, "commit", "-q", "--allow-empty", "-m", f"@netlify/open-api {version}", date=date)
        git(repo, "tag", f"v{version}")
    return repo


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "oasgate", *args], cwd=cwd, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"oasgate {' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60, help="releases (at least 50)")
    parser.add_argument("--pairs", type=int, default=5, help="separate checks to time")
    options = parser.parse_args()
    releases = versions(options.count)
    repo = build_repo(releases)
    revisions = len(releases) - 1
    log(f"log over {len(releases)} releases ({releases[0]} … {releases[-1]})")
    total, out = timed(["log", "api/swagger.json", "--format", "json"], repo)
    entries = len(json.loads(out)["log"]["entries"])
    dated, _ = timed(["log", "api/swagger.json", "--format", "json", "--dates-from-git"], repo)
    step = max(1, revisions // options.pairs)
    checks = []
    for index in range(0, revisions, step)[: options.pairs]:
        a, b = releases[index], releases[index + 1]
        elapsed, _ = timed(
            ["check", f"v{a}:api/swagger.json", f"v{b}:api/swagger.json", "--format", "json"],
            repo,
        )
        checks.append(elapsed)
    per_revision = total / revisions
    check_time = statistics.median(checks)
    print(f"| releases | {len(releases)} ({releases[0]} … {releases[-1]}) |")
    print("|---|---|")
    print(f"| revisions compared | {revisions} ({entries} with API changes) |")
    print(f"| `oasgate log` total | {total:.2f} s |")
    print(f"| per revision | {per_revision * 1000:.0f} ms |")
    print(f"| `oasgate log --dates-from-git` total | {dated:.2f} s |")
    print(
        f"| separate `oasgate check` of one pair (median of {len(checks)}) | "
        f"{check_time * 1000:.0f} ms |"
    )
    print(f"| per revision ÷ separate check | {per_revision / check_time:.2f} (target ≤ 0.7) |")


if __name__ == "__main__":
    main()
