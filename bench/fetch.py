"""Fetch the reference specs (``npm pack``) and the npm peers (``npm install --prefix``).

Everything lands in ``bench/.cache/`` (git-ignored) and is reused by later runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / ".cache"
TARBALL_DIR = CACHE_DIR / "tarballs"
SPEC_DIR = CACHE_DIR / "specs"

OCTOKIT = "@octokit/openapi"

# Quiet, non-interactive npm; no audit/fund round trips.
NPM_ENV_EXTRA = {
    "npm_config_loglevel": "error",
    "npm_config_audit": "false",
    "npm_config_fund": "false",
    "npm_config_update_notifier": "false",
}

# Peers, pinned so that runs are comparable.  js-yaml is for bench/node/api_smart_diff.cjs.
PEER_PACKAGES: dict[str, str] = {
    "@redocly/cli": "2.77.0",
    "api-smart-diff": "1.0.6",
    "openapi-diff": "0.24.1",
    "@useoptic/optic": "1.0.9",
    "js-yaml": "4.1.0",
}
# @useoptic/optic pins ajv 8.17.1 while its spectral dependencies need ^8.18; npm then hoists
# ajv-errors next to the wrong ajv and `optic` dies at start-up ("Error compiling schema ...
# SyntaxError: Unexpected token ':'").  One ajv for the whole tree fixes it.
NPM_OVERRIDES: dict[str, str] = {"ajv": "8.20.0"}


@dataclass
class FetchLog:
    """What the fetch step did, for the report."""

    seconds: float = 0.0
    actions: list[str] = field(default_factory=list)
    listings: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def npm_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NPM_ENV_EXTRA)
    return env


def _npm(args: list[str], cwd: Path, timeout_s: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npm", *args],
        cwd=cwd,
        env=npm_env(),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )


def _tarball(version: str, log: FetchLog) -> Path:
    """``npm pack @octokit/openapi@VERSION`` into the cache (once)."""
    TARBALL_DIR.mkdir(parents=True, exist_ok=True)
    path = TARBALL_DIR / f"octokit-openapi-{version}.tgz"
    if path.is_file() and path.stat().st_size > 0:
        return path
    t0 = time.perf_counter()
    res = _npm(
        ["pack", f"{OCTOKIT}@{version}", "--pack-destination", str(TARBALL_DIR), "--json"],
        cwd=TARBALL_DIR,
    )
    if res.returncode != 0 or not path.is_file():
        raise RuntimeError(f"npm pack {OCTOKIT}@{version} failed: {res.stderr.strip()[-400:]}")
    mib = path.stat().st_size / 2**20
    log.actions.append(
        f"npm pack {OCTOKIT}@{version} ({mib:.1f} MiB) in {time.perf_counter() - t0:.1f} s"
    )
    return path


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _pick_member(names: list[str], wanted: str, log: FetchLog, version: str) -> str:
    """Find ``wanted`` (e.g. ``package/generated/ghes-3.18.json``) among the tarball's members.

    Exact match first; else a member whose base name matches after dropping punctuation and case
    (``ghes-3.18.json`` ~ ``ghes_318.json``), preferring the same directory.  A deref file never
    stands in for a plain one or the other way round.
    """
    if wanted in names:
        return wanted
    base = wanted.rsplit("/", 1)[-1]
    key = _normalise(base)
    deref = ".deref." in base
    candidates = [
        n for n in names if _normalise(n.rsplit("/", 1)[-1]) == key and (".deref." in n) == deref
    ]
    if not candidates:
        listing = ", ".join(n for n in names if n.endswith(".json"))[:2000]
        raise RuntimeError(
            f"{OCTOKIT}@{version}: no member like {wanted!r}; JSON members: {listing}"
        )
    candidates.sort(key=lambda n: (n.rsplit("/", 1)[0] != wanted.rsplit("/", 1)[0], n))
    log.notes.append(f"{OCTOKIT}@{version}: {wanted} not found, using {candidates[0]}")
    return candidates[0]


def cached_path(version: str, member: str) -> Path:
    return SPEC_DIR / f"octokit-{version}" / member.rsplit("/", 1)[-1]


def octokit_specs(version: str, members: list[str], log: FetchLog) -> dict[str, Path]:
    """Cached paths of ``members`` of ``@octokit/openapi@version``, extracting missing ones.

    One streaming pass over the tarball extracts every exact match; the member list seen on the
    way is kept in the log (it verifies the names).  A member that is not there under its exact
    name is looked up by a normalised base name (see ``_pick_member``) and extracted in a second
    pass.
    """
    found = {m: cached_path(version, m) for m in members}
    todo = {m: p for m, p in found.items() if not (p.is_file() and p.stat().st_size > 0)}
    outdir = SPEC_DIR / f"octokit-{version}"
    if not todo:
        return found
    tgz = _tarball(version, log)
    outdir.mkdir(parents=True, exist_ok=True)
    names = _extract(tgz, dict(todo), log)
    log.listings[version] = sorted(n for n in names if "/generated/" in n)
    missing = {m: p for m, p in todo.items() if not p.is_file()}
    if missing:
        renamed = {_pick_member(names, m, log, version): p for m, p in missing.items()}
        _extract(tgz, renamed, log)
    return found


def _extract(tgz: Path, wanted: dict[str, Path], log: FetchLog) -> list[str]:
    """Stream through ``tgz`` once, writing each member named in ``wanted`` to its path."""
    t0 = time.perf_counter()
    names: list[str] = []
    with tarfile.open(tgz, "r|gz") as tar:
        for info in tar:
            names.append(info.name)
            out = wanted.get(info.name)
            if out is None or not info.isfile():
                continue
            src = tar.extractfile(info)
            if src is None:
                continue
            tmp = out.with_suffix(out.suffix + ".part")
            with src, tmp.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            tmp.replace(out)
            log.actions.append(
                f"extracted {info.name} from {tgz.name} ({out.stat().st_size / 1e6:.1f} MB)"
            )
    log.actions.append(f"read {tgz.name} in {time.perf_counter() - t0:.1f} s")
    return names


# --------------------------------------------------------------------------- peers


def node_modules() -> Path:
    return CACHE_DIR / "node_modules"


def installed_version(package: str) -> str | None:
    manifest = node_modules() / package / "package.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version")
    return version if isinstance(version, str) else None


def install_peers(log: FetchLog) -> None:
    """``npm install --prefix bench/.cache`` the pinned peers unless already there."""
    missing = [p for p, v in PEER_PACKAGES.items() if installed_version(p) != v]
    if not missing:
        return
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    manifest = CACHE_DIR / "package.json"
    manifest.write_text(
        json.dumps(
            {
                "name": "oasgate-bench-peers",
                "private": True,
                "description": "generated by bench/fetch.py",
                "overrides": NPM_OVERRIDES,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    specs = [f"{p}@{v}" for p, v in PEER_PACKAGES.items()]
    t0 = time.perf_counter()
    res = _npm(["install", "--prefix", str(CACHE_DIR), "--save-exact", *specs], cwd=CACHE_DIR)
    took = time.perf_counter() - t0
    if res.returncode != 0:
        log.notes.append(f"npm install of peers failed ({took:.0f} s): {res.stderr.strip()[-600:]}")
        return
    log.actions.append(f"npm install --prefix bench/.cache {' '.join(specs)} in {took:.1f} s")


def node_version() -> str | None:
    try:
        res = subprocess.run(
            ["node", "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    return res.stdout.strip() or None
