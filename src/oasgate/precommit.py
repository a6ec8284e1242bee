"""The pre-commit hook: gate each staged OpenAPI document against ``HEAD``.

pre-commit passes the staged files that match the hook's ``files`` pattern, with
unstaged changes stashed, so the working file *is* what will be committed. For each
file that is the root of an OpenAPI or Swagger document (an ``openapi:`` or
``swagger:`` key at the top), the hook compares the file at ``--ref`` (default
``HEAD``) with the working file, exactly as ``oasgate check REF:FILE FILE`` would.
Other YAML/JSON files are skipped silently; a spec that is not in ``--ref`` yet is
skipped with a note. ``--spec PATH`` (repeatable) names the root documents to gate
whatever was staged — for multi-file specs, where the staged file may be a component.

Exit code: 0 when every gate passed, 1 when one failed, 2 when one could not run.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import orjson

from oasgate.errors import OasgateError, printable
from oasgate.gitbase import exists_at, git, repo_path, revision_exists
from oasgate.loading.limits import DEFAULT_LIMITS
from oasgate.loading.safe_files import read_regular_file

_YAML_ROOT = re.compile(rb"^[\"']?(openapi|swagger)[\"']?[ \t]*:", re.MULTILINE)


def is_spec_root(path: Path) -> bool:
    """Whether ``path`` holds an OpenAPI (3.x) or Swagger (2.0) root document."""
    try:  # a symlink to /dev/zero or a FIFO is not a spec: never read it whole, or block
        data = read_regular_file(str(path), limit=DEFAULT_LIMITS.max_input_bytes, display=str(path))
    except OasgateError:
        return False
    if data.lstrip()[:1] == b"{":
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            return False
        return isinstance(parsed, dict) and ("openapi" in parsed or "swagger" in parsed)
    return _YAML_ROOT.search(data) is not None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oasgate-pre-commit",
        description="Gate staged OpenAPI documents against a git revision (default HEAD).",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="staged files (from pre-commit)")
    parser.add_argument("--ref", default="HEAD", help="revision to compare with (default HEAD)")
    parser.add_argument(
        "--spec",
        action="append",
        default=[],
        metavar="PATH",
        help="root document to gate whatever was staged (repeatable)",
    )
    for option in ("--config", "--policy", "--fail-on", "--today"):
        parser.add_argument(option, help=f"passed to oasgate check {option}")
    return parser


def main(argv: list[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    candidates = options.spec or [f for f in options.files if is_spec_root(Path(f))]
    passthrough: list[str] = []
    for name in ("config", "policy", "fail_on", "today"):
        value = getattr(options, name)
        if value:
            passthrough += [f"--{name.replace('_', '-')}", value]
    worst = 0
    for spec in dict.fromkeys(candidates):
        try:
            code = _gate(spec, options.ref, passthrough)
        except OasgateError as error:
            print(f"oasgate: error: {printable(str(error))}", file=sys.stderr)
            code = 2
        worst = max(worst, code)
    return worst


def _gate(spec: str, ref: str, passthrough: list[str]) -> int:
    if not Path(spec).is_file():
        raise OasgateError("no such file", file=spec)
    inside = git("rev-parse", "--is-inside-work-tree", check=False).strip()
    if inside != "true":
        raise OasgateError("not inside a git repository; run the hook from the repository")
    if not revision_exists(ref):
        if ref != "HEAD":
            raise OasgateError(f"the revision {ref!r} is not in this repository")
        print(f"oasgate: {ref} has no commit yet; nothing to compare {spec} with")
        return 0
    path = repo_path(spec)
    if not exists_at(ref, path):
        print(f"oasgate: {spec} is new (not in {ref}); nothing to compare")
        return 0
    base = f"{ref}:{path}"  # the load stage reads it from git, $refs too
    print(f"oasgate: {base} → {spec}", flush=True)
    return subprocess.run(
        [sys.executable, "-m", "oasgate", "check", base, spec, *passthrough], check=False
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
