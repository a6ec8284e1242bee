"""Peer diff tools from npm: how to run each, and how to read a breaking-change count out of it.

Every peer is started as ``node <its bin script> …`` (no npx, no shell) from an empty temporary
directory, so that no ``redocly.yaml``/``optic.yml`` of ours is picked up, with telemetry and
update checks switched off.  Exit codes 0 and 1 both count as success (1 = "breaking changes
found" for all of them), but only if the output also parses; otherwise the run is a failure and
the reason is taken from the output.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import fetch
from pairs import Pair

BENCH_DIR = Path(__file__).resolve().parent

PEER_ENV = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "OPTIC_TELEMETRY_LEVEL": "off",
    "NO_UPDATE_NOTIFIER": "1",
    "NO_COLOR": "1",
    "FORCE_COLOR": "0",
}


class PeerOutputError(Exception):
    """The peer exited 0/1 but its output is not a result (e.g. "Swagger 2 is not supported")."""


@dataclass(frozen=True)
class Peer:
    key: str  # column heading
    package: str  # npm package whose version is reported
    bin_package: str | None  # npm package whose "bin" is run; None = our own node script
    bin_name: str
    args: tuple[str, ...]  # after BASE REVISION
    count: Callable[[str], int]  # breaking changes reported; raises PeerOutputError/ValueError
    unsupported: Callable[[Pair], str | None]  # reason this peer cannot take the pair, if any
    notes: str

    def script(self) -> Path:
        if self.bin_package is None:
            return BENCH_DIR / "node" / self.bin_name
        manifest = fetch.node_modules() / self.bin_package / "package.json"
        data = json.loads(manifest.read_text(encoding="utf-8"))
        bins = data.get("bin")
        rel = bins if isinstance(bins, str) else bins[self.bin_name]
        return (manifest.parent / rel).resolve()

    def argv(self, pair: Pair) -> list[str]:
        return ["node", str(self.script()), *self._subcommand(), str(pair.base),
                str(pair.revision), *self.args]  # fmt: skip

    def _subcommand(self) -> list[str]:
        return {"redocly": ["diff"], "optic": ["diff"]}.get(self.bin_name, [])

    def command_text(self) -> str:
        """The command for the report, with the cache path shortened."""
        if self.bin_package is None:
            prefix = f"NODE_PATH=bench/.cache/node_modules node bench/node/{self.bin_name}"
        else:
            prefix = f"node bench/.cache/node_modules/.bin/{self.bin_name}"
            sub = " ".join(self._subcommand())
            prefix = f"{prefix} {sub}" if sub else prefix
        return " ".join([prefix, "BASE", "REVISION", *self.args])

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(PEER_ENV)
        if self.bin_package is None:
            env["NODE_PATH"] = str(fetch.node_modules())
        return env

    def version(self) -> str | None:
        return fetch.installed_version(self.package)


def _count_redocly(out: str) -> int:
    data = json.loads(out)
    return int(data["summary"]["major"])


def _count_openapi_diff(out: str) -> int:
    start = out.find("{")
    if start < 0:
        raise PeerOutputError(out.strip().splitlines()[-1] if out.strip() else "")
    data = json.loads(out[start:])
    return len(data["breakingDifferences"] or [])


_OPTIC_CHECKS = re.compile(r"Checks:\s*(\d+)/(\d+) passed")


def _count_optic(out: str) -> int:
    if "Operations:" not in out:
        lines = [ln.strip() for ln in out.strip().splitlines() if ln.strip()]
        raise PeerOutputError(lines[-1] if lines else "")
    total_failed = 0
    for passed, total in _OPTIC_CHECKS.findall(out):
        total_failed += int(total) - int(passed)
    return total_failed


def _count_api_smart_diff(out: str) -> int:
    return int(json.loads(out)["breaking"])


def _no_unsupported(_pair: Pair) -> str | None:
    return None


def _asd_unsupported(pair: Pair) -> str | None:
    if pair.multi_file:
        return "no external $ref support"
    if pair.version == "swagger2":
        return "Swagger 2.0 unsupported"
    return None


PEERS: tuple[Peer, ...] = (
    Peer(
        key="redocly diff",
        package="@redocly/cli",
        bin_package="@redocly/cli",
        bin_name="redocly",
        args=("--format", "json"),
        count=_count_redocly,
        unsupported=_no_unsupported,
        notes="`redocly diff` (experimental in 2.x); count = changes rated `major`",
    ),
    Peer(
        key="api-smart-diff",
        package="api-smart-diff",
        bin_package=None,
        bin_name="api_smart_diff.cjs",
        args=(),
        count=_count_api_smart_diff,
        unsupported=_asd_unsupported,
        notes="library without a CLI, run through bench/node/api_smart_diff.cjs "
        "(`apiCompare`); count = diffs typed `breaking`",
    ),
    Peer(
        key="openapi-diff",
        package="openapi-diff",
        bin_package="openapi-diff",
        bin_name="openapi-diff",
        args=(),
        count=_count_openapi_diff,
        unsupported=_no_unsupported,
        notes="Atlassian's `openapi-diff`; count = `breakingDifferences`",
    ),
    Peer(
        key="optic diff",
        package="@useoptic/optic",
        bin_package="@useoptic/optic",
        bin_name="optic",
        args=("--check", "--validation", "loose"),
        count=_count_optic,
        unsupported=_no_unsupported,
        notes="`optic diff --check` with its default breaking-change rules, loose validation "
        "(strict rejects the GHES spec); count = failed checks",
    ),
)

# Looked for on npm and found not usable on this machine (registry-only network, no .NET).
UNAVAILABLE: tuple[tuple[str, str], ...] = (
    (
        "@pb33f/openapi-changes 0.0.67",
        "its install script downloads the Go binary from GitHub releases: fails offline "
        "(ENOTFOUND)",
    ),
    (
        "@azure/oad 0.12.4",
        "installs, but runs `dotnet OpenApiDiff.dll` (no .NET runtime here) and only takes "
        "Swagger 2.0",
    ),
    ("oasdiff (npm)", "the npm name is a security placeholder; oasdiff ships as a Go binary"),
    ("bump-cli 2.11.0", "`bump diff` computes the diff on the bump.sh service: needs its API"),
    (
        "swagger-diff 0.6.0",
        "Swagger 2.0 only; install fails (git dependency fetched from GitHub)",
    ),
    (
        "@azure-tools/rest-api-diff 0.2.1",
        "install fails: a @typespec dependency version is not on the registry",
    ),
    (
        "openapi-diff-node 2.1.0",
        "installs, but only lists changed endpoints/fields; no breaking-change verdicts",
    ),
)
