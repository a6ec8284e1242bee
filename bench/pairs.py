"""The spec pairs the harness measures: fetched GitHub specs, the shared corpus, synthetic."""

from __future__ import annotations

import os
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import fetch

SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Pair:
    """One base/revision pair.  ``base``/``revision`` are the entry files handed to the tools."""

    name: str
    base: Path
    revision: Path
    source: str
    version: str  # "swagger2", "oas30" or "oas31"
    multi_file: bool = False
    ref_root: Path | None = None  # passed as --ref-root (multi-file: holds base/ and revision/)
    base_files: list[Path] = field(default_factory=list)  # all files parsed by the baseline
    revision_files: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.base_files:
            self.base_files = [self.base]
        if not self.revision_files:
            self.revision_files = [self.revision]

    @property
    def base_mb(self) -> float:
        return sum(p.stat().st_size for p in self.base_files) / 1e6

    @property
    def revision_mb(self) -> float:
        return sum(p.stat().st_size for p in self.revision_files) / 1e6

    @property
    def is_synthetic(self) -> bool:
        return self.name.startswith("synth-")


@dataclass(frozen=True)
class GithubPair:
    name: str
    base_version: str
    revision_version: str
    base_member: str
    revision_member: str
    source: str
    heavy: bool = False  # the 53 MB deref pair; skipped by --quick


GITHUB_PAIRS: tuple[GithubPair, ...] = (
    GithubPair(
        "ghes",
        "23.0.2",
        "23.0.2",
        "package/generated/ghes-3.18.json",
        "package/generated/ghes-3.19.json",
        "GHES 3.18 → 3.19, @octokit/openapi@23.0.2, JSON",
    ),
    GithubPair(
        "github",
        "18.2.0",
        "19.1.0",
        "package/generated/api.github.com.json",
        "package/generated/api.github.com.json",
        "GitHub REST, @octokit/openapi@18.2.0 → @19.1.0, JSON",
    ),
    GithubPair(
        "github-deref",
        "18.2.0",
        "19.1.0",
        "package/generated/api.github.com.deref.json",
        "package/generated/api.github.com.deref.json",
        "GitHub REST fully dereferenced, @octokit/openapi@18.2.0 → @19.1.0, JSON",
        heavy=True,
    ),
)

# short name -> corpus directory
CORPUS_PAIRS: dict[str, str] = {
    "stripe": "stripe-oas30-yaml",
    "box": "box-platform-oas30-json",
    "adyen": "adyen-checkout-oas31-json",
    "docker": "docker-engine-swagger2-yaml",
    "digitalocean": "digitalocean-multifile-oas30",
    "opensearch": "opensearch-multifile-oas31",
}

SYNTH_SCALES: tuple[int, ...] = (1, 2, 4, 8)

ALL_NAMES: tuple[str, ...] = (
    *(g.name for g in GITHUB_PAIRS),
    *CORPUS_PAIRS,
    *(f"synth-{k}x" for k in SYNTH_SCALES),
)


def expand_names(spec: str | None) -> list[str]:
    """``--pairs`` → canonical names.  Accepts short names, corpus directory names and ``synth``."""
    if not spec:
        return list(ALL_NAMES)
    by_dir = {d: n for n, d in CORPUS_PAIRS.items()}
    out: list[str] = []
    for raw in spec.split(","):
        item = raw.strip()
        if not item:
            continue
        if item == "synth":
            names = [f"synth-{k}x" for k in SYNTH_SCALES]
        elif item in by_dir:
            names = [by_dir[item]]
        elif item in ALL_NAMES:
            names = [item]
        else:
            raise SystemExit(f"unknown pair {item!r}; known: {', '.join(ALL_NAMES)}, synth")
        out.extend(n for n in names if n not in out)
    return out


def corpus_dir(repo_root: Path) -> Path:
    env = os.environ.get("OASGATE_CORPUS")
    if env:
        return Path(env).expanduser().resolve()
    return (repo_root / ".." / "shared" / "corpus").resolve()


def _sniff_version(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4096).decode("utf-8", "replace")
    if re.search(r"""["']?swagger["']?\s*:\s*["']?2""", head):
        return "swagger2"
    if re.search(r"""["']?openapi["']?\s*:\s*["']?3\.1""", head):
        return "oas31"
    return "oas30"


def _tree(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SPEC_SUFFIXES)


def corpus_pair(name: str, root: Path) -> tuple[Pair | None, str | None]:
    """Build a corpus pair, or return a note explaining why it is skipped."""
    directory = root / CORPUS_PAIRS[name]
    if not directory.is_dir():
        return None, f"{name}: corpus directory {directory} missing, skipped"
    source = (directory / "SOURCE.txt").read_text(encoding="utf-8", errors="replace")
    summary = next((ln for ln in source.splitlines() if ln.startswith("format:")), "")
    summary = summary.removeprefix("format:").strip()
    entry_file = directory / "ENTRY.txt"
    if entry_file.is_file():
        entry = entry_file.read_text(encoding="utf-8").strip().splitlines()[0].strip()
        base, rev = directory / "base" / entry, directory / "revision" / entry
        if not (base.is_file() and rev.is_file()):
            return None, f"{name}: entry {entry} missing under base/ or revision/, skipped"
        return (
            Pair(
                name,
                base,
                rev,
                f"{CORPUS_PAIRS[name]} ({summary})",
                _sniff_version(base),
                multi_file=True,
                ref_root=directory,
                base_files=_tree(directory / "base"),
                revision_files=_tree(directory / "revision"),
            ),
            None,
        )
    for suffix in (".json", ".yaml", ".yml"):
        base, rev = directory / f"base{suffix}", directory / f"revision{suffix}"
        if base.is_file() and rev.is_file():
            return Pair(
                name, base, rev, f"{CORPUS_PAIRS[name]} ({summary})", _sniff_version(base)
            ), None
    return None, f"{name}: no base/revision files in {directory}, skipped"


def github_pair(spec: GithubPair, log: fetch.FetchLog) -> tuple[Pair | None, str | None]:
    try:
        if spec.base_version == spec.revision_version:
            got = fetch.octokit_specs(
                spec.base_version, [spec.base_member, spec.revision_member], log
            )
            base, rev = got[spec.base_member], got[spec.revision_member]
        else:
            base = fetch.octokit_specs(spec.base_version, [spec.base_member], log)[spec.base_member]
            rev = fetch.octokit_specs(spec.revision_version, [spec.revision_member], log)[
                spec.revision_member
            ]
    except (RuntimeError, OSError, subprocess.SubprocessError, tarfile.TarError) as exc:
        return None, f"{spec.name}: fetch failed: {exc}"
    return Pair(spec.name, base, rev, spec.source, _sniff_version(base)), None
