"""git for the front ends: the repository's paths, revisions and blobs.

The GitHub Action and the pre-commit hook both compare a spec in the working tree with
the same spec at another revision (the pull request's base branch, ``HEAD``); they pass
that side to ``oasgate check`` as ``REV:PATH``, which the load stage reads from git itself
(:class:`oasgate.loading.sources.GitTree`). This module answers what they ask first —
is this a repository, does the revision exist, where is the file in the tree, is it
there at that revision — and reads a config at a revision for ``--config-from``
(:func:`read_blob`): from the object database, so nothing is checked out and no git
filter or hook runs.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from oasgate.errors import OasgateError

GIT_TIMEOUT = 120


def git(*args: str, cwd: Path | None = None, check: bool = True) -> str:
    """Run git and return its standard output; a failure is an :class:`OasgateError`."""
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise OasgateError("the 'git' command is not installed") from None
    except subprocess.TimeoutExpired:
        raise OasgateError(f"git {args[0]} did not answer within {GIT_TIMEOUT} s") from None
    if check and proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        raise OasgateError(f"git {args[0]}: {lines[-1] if lines else 'failed'}")
    return proc.stdout


def revision_exists(revision: str, cwd: Path | None = None) -> bool:
    """Whether ``revision`` names a commit in the repository around ``cwd``."""
    return (
        subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
            cwd=cwd,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        ).returncode
        == 0
    )


def repo_path(path: str, cwd: Path | None = None) -> str:
    """``path`` (relative to ``cwd``) as git names it: relative to the top of the tree."""
    prefix = git("rev-parse", "--show-prefix", cwd=cwd).strip()
    joined = PurePosixPath(prefix) / PurePosixPath(Path(path).as_posix())
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                raise OasgateError("is outside the git repository", file=path)
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def exists_at(revision: str, path: str, cwd: Path | None = None) -> bool:
    """Whether the file ``path`` (relative to the top of the tree) exists at ``revision``."""
    out = git("cat-file", "-t", f"{revision}:{path}", cwd=cwd, check=False).strip()
    return out == "blob"


def _read_blobs(oids: list[str], cwd: Path | None) -> list[bytes]:
    """The contents of ``oids``, through one ``git cat-file --batch`` process."""
    if not oids:
        return []
    proc = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=cwd,
        input="".join(f"{oid}\n" for oid in oids).encode(),
        capture_output=True,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    out, position, blobs = proc.stdout, 0, []
    for oid in oids:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if proc.returncode != 0 or len(header) != 3:
            raise OasgateError(f"git cannot read object {oid}")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        position = end + 1 + size + 1
    return blobs


def read_objects(oids: list[str], cwd: Path | None = None) -> list[bytes]:
    """The contents of the blobs ``oids`` (a tree's listing names them), in one git call."""
    return _read_blobs(oids, cwd)


def read_blob(revision: str, path: str, *, limit: int, cwd: Path | None = None) -> bytes | None:
    """The content of the regular file ``path`` (relative to the top of the tree) at
    ``revision``; ``None`` when there is no such entry. A symbolic link, a directory, a
    submodule or a blob over ``limit`` bytes is refused: the content is never read then."""
    shown = f"{revision}:{path}"
    if revision.startswith("-"):
        raise OasgateError("a revision cannot start with '-'", file=shown)
    if not revision_exists(revision, cwd):
        raise OasgateError(f"no revision {revision!r} in this repository", file=shown)
    listing = git("ls-tree", "-z", "--full-tree", revision, "--", path, cwd=cwd)
    entry = next((item for item in listing.split("\0") if item), None)
    if entry is None:
        return None
    meta, _, _name = entry.partition("\t")
    mode, kind, oid = meta.split()
    if mode == "120000":
        raise OasgateError(f"is a symbolic link at {revision}, not a regular file", file=shown)
    if kind != "blob":
        raise OasgateError(f"is a {kind} at {revision}, not a regular file", file=shown)
    size = int(git("cat-file", "-s", oid, cwd=cwd).strip())
    if size > limit:
        raise OasgateError(f"is {size} bytes, more than the limit of {limit}", file=shown)
    [data] = _read_blobs([oid], cwd)
    return data
