"""The specs of one side of a monorepo run: a directory, a glob, or either at a git revision.

An argument names a *tree* when it is a directory, holds a glob character (``*``, ``?``,
``[``) and is not an existing file, or is ``REV:PATH`` whose ``PATH`` is a directory at
``REV`` (or ends with ``/``, or holds a glob). Every other argument is one file, read as
``check`` always read it.

A tree's specs are its *root documents*, found by content: a YAML file with a top-level
``openapi:`` or ``swagger:`` key, or a JSON file whose object has one. A file that another
root document references (a shared ``schemas.yaml`` that happens to carry an ``openapi``
key, a spec split in parts) is not a spec of its own. Each spec is named by its path
relative to the tree's root — the directory, or the fixed part of a glob before its first
wildcard — which is what pairs the two sides (:mod:`oasgate.many.pairing`).
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from oasgate.errors import OasgateError
from oasgate.globs import Glob
from oasgate.loading.limits import Limits
from oasgate.loading.trees import looks_like_git_revision, looks_like_url
from oasgate.regex import byte_scanner

#: what may hold a spec; anything else in a tree is skipped unread
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
#: directories a walk never enters (version control, dependencies, virtual environments)
SKIPPED_DIRECTORIES = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__"})
_GLOB_CHARACTERS = re.compile(r"[*?\[]")
#: white space as ``re``'s ``\s`` reads bytes (RE2's lacks ``\v``)
_SPACE = rb"[ \t\n\r\f\v]"
# the two patterns that pass over every byte of every file run on RE2 (D78)
_YAML_ROOT_KEY = byte_scanner(rb"(?m)^[\"']?(?:openapi|swagger)[\"']?[ \t]*:")
_JSON_ROOT_KEY = re.compile(rb"\"(?:openapi|swagger)\"\s*:")
#: a JSON document whose first key is ``openapi``/``swagger``: a root, without parsing it
_JSON_FIRST_KEY = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\{\s*\"(?:openapi|swagger)\"\s*:")
#: what stands for a file the scan does not read: a spec, for the loader to judge
_NOT_READ = b"openapi:"
_REF = byte_scanner(
    rb"""\$ref["']?""" + _SPACE + rb"*:" + _SPACE + rb"""*["']?([^"'# \t\n\r\f\v},]+)"""
)


@dataclass(frozen=True)
class SpecFile:
    """One root document of a tree."""

    #: path relative to the tree's root, posix separators: what pairs the sides
    relative: str
    #: the argument that loads it, as ``check`` reads one file (a path or ``REV:PATH``)
    argument: str
    size: int
    #: its bytes as the scan read them; None once sent to another process (megabytes a
    #: pipe would copy for nothing: few are needed again), read again by :func:`spec_bytes`
    raw: bytes | None
    #: its git object, for a spec read at a revision
    oid: str | None = None


@dataclass(frozen=True)
class TreeSide:
    """A side of a monorepo run: what the user named, where its root is, its specs."""

    shown: str
    #: the git revision the tree was read at, None for the working tree
    revision: str | None
    #: the root: a directory of the working tree, or a path from the top of the repository
    root: str
    specs: tuple[SpecFile, ...]


def has_glob(text: str) -> bool:
    return _GLOB_CHARACTERS.search(text) is not None


def is_tree(argument: str) -> bool:
    """Whether ``argument`` names a tree of specs rather than one document."""
    if argument == "-" or looks_like_url(argument):
        return False
    if Path(argument).is_dir():
        return True
    if os.path.lexists(argument):
        return False
    if looks_like_git_revision(argument):
        revision, _, path = argument.partition(":")
        if not path or path.endswith("/") or has_glob(path):
            return True
        if path.endswith(SPEC_SUFFIXES):  # a file: no git call on the usual path
            return False
        from oasgate.gitbase import git

        kind = git("cat-file", "-t", f"{revision}:{_repo_path(path)}", check=False).strip()
        return kind == "tree"
    return has_glob(argument)


def read_side(argument: str, limits: Limits) -> TreeSide:
    """The specs of the tree ``argument`` names (see :func:`is_tree`)."""
    if looks_like_git_revision(argument) and not Path(argument).is_dir():
        revision, _, path = argument.partition(":")
        return _git_side(argument, revision, path, limits)
    root, pattern = _split_glob(argument)
    if not Path(root).is_dir():
        raise OasgateError("no such directory", file=root)
    files: list[tuple[str, str]] = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES)
        within = os.path.relpath(directory, root)
        prefix = "" if within == "." else Path(within).as_posix() + "/"
        shown = str(Path(directory))  # as a path is written in reports: no "./"
        for name in sorted(names):
            relative = prefix + name
            if name.endswith(SPEC_SUFFIXES) and _matches(pattern, relative):
                files.append((relative, name if shown == "." else f"{shown}/{name}"))
    specs = []
    for relative, path in files:
        specs.append(SpecFile(relative, path, *_read_plain(path, limits.max_input_bytes)))
    return TreeSide(argument, None, root, _roots(specs))


def _read_plain(path: str, limit: int) -> tuple[int, bytes]:
    """The size and bytes of a regular file within ``limit``; anything else — a link (it
    may lead out of the repository), a device, a file too big — is not read here but
    taken for a spec: the loader reads it under its confinement and refuses it by name."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
            with open(path, "rb", buffering=0) as file:  # noqa: PTH123  (no Path per file)
                raw = file.read()
            return len(raw), raw
    except OSError:
        pass
    return len(_NOT_READ), _NOT_READ


def spec_bytes(spec: SpecFile) -> bytes:
    """``spec``'s bytes: those of the scan, or read again (a spec sent by another process
    — only new, removed and moved APIs need them), within the size the scan found."""
    if spec.raw is not None:
        return spec.raw
    if spec.oid is not None:
        from oasgate.gitbase import read_objects

        return read_objects([spec.oid])[0]
    return _read_plain(spec.argument, spec.size)[1]


def spec_without_bytes(spec: SpecFile) -> SpecFile:
    """``spec`` as another process receives it: without its bytes (a file the scan could
    not read keeps its stand-in, so that it is judged the same way)."""
    if spec.raw is None or spec.raw == _NOT_READ:
        return spec
    return replace(spec, raw=None)


def without_bytes(side: TreeSide) -> TreeSide:
    """``side`` as another process receives it: its specs without their bytes."""
    return replace(side, specs=tuple(spec_without_bytes(spec) for spec in side.specs))


def expand_trees(arguments: tuple[str, ...], limits: Limits) -> list[str]:
    """Each argument that names a tree replaced by its specs (``status`` and ``versions``
    over a monorepo), in the tree's order; documents stay as they are."""
    expanded: list[str] = []
    for argument in arguments:
        if is_tree(argument):
            expanded += [spec.argument for spec in read_side(argument, limits).specs]
        else:
            expanded.append(argument)
    return expanded


def at_revision(argument: str, revision: str) -> str:
    """``argument`` (a directory or glob of the working tree) at git ``revision``:
    ``--base-ref``'s base side."""
    if revision.startswith("-"):
        raise OasgateError("a revision cannot start with '-'", file=revision)
    from oasgate.gitbase import repo_path

    return f"{revision}:{repo_path(argument.rstrip('/') or '.') or '.'}/"


def _split_glob(argument: str) -> tuple[str, str | None]:
    """The fixed directory before the first wildcard, and the rest as a glob (None for a
    plain directory)."""
    if not has_glob(argument):
        return argument, None
    parts = Path(argument).as_posix().split("/")
    fixed: list[str] = []
    for part in parts:
        if has_glob(part):
            break
        fixed.append(part)
    root = "/".join(fixed) or "."
    return root, "/".join(parts[len(fixed) :])


def _matches(pattern: str | None, relative: str) -> bool:
    """``**/`` also matches no directory at all (``apis/**/openapi.yaml`` holds
    ``apis/openapi.yaml``), as in most shells and CI systems."""
    if pattern is None:
        return True
    return Glob(pattern).matches(relative) or Glob(pattern.replace("**/", "")).matches(relative)


def _repo_path(path: str) -> str:
    """A ``REV:PATH`` path as git names it: from the top, unless it starts with ``./``."""
    if path.startswith(("./", "../")):
        from oasgate.gitbase import repo_path

        return repo_path(path)
    return posixpath.normpath(path) if path else "."


def _git_side(argument: str, revision: str, path: str, limits: Limits) -> TreeSide:
    from oasgate.gitbase import git, read_objects, revision_exists

    if revision.startswith("-"):
        raise OasgateError("a revision cannot start with '-'", file=argument)
    if not revision_exists(revision):
        raise OasgateError(f"no revision {revision!r} in this repository", file=argument)
    root, pattern = _split_glob(_repo_path(path.rstrip("/") or "."))
    root = posixpath.normpath(root)
    if root == ".." or root.startswith(("../", "/")):
        raise OasgateError("the path leaves the repository", file=argument)
    listing = git("ls-tree", "-r", "-l", "-z", "--full-tree", revision, "--", root + "/")
    entries: list[tuple[str, str, int]] = []
    for item in listing.split("\0"):
        if not item:
            continue
        meta, _, name = item.partition("\t")
        mode, kind, oid, length = meta.split()
        relative = posixpath.relpath(name, root)
        if kind != "blob" or mode == "120000" or not name.endswith(SPEC_SUFFIXES):
            continue
        if any(part in SKIPPED_DIRECTORIES for part in relative.split("/")[:-1]):
            continue
        if _matches(pattern, relative):
            entries.append((relative, oid, int(length)))
    small = [(name, oid) for name, oid, size in entries if size <= limits.max_input_bytes]
    blobs = read_objects([oid for _, oid in small])
    contents = dict(zip([name for name, _ in small], blobs, strict=True))
    oids = dict(small)
    specs = []
    for relative, _, size in entries:
        raw = contents.get(relative, _NOT_READ)
        location = relative if root == "." else f"{root}/{relative}"
        specs.append(SpecFile(relative, f"{revision}:{location}", size, raw, oids.get(relative)))
    return TreeSide(argument, revision, root, _roots(specs))


def _roots(files: list[SpecFile]) -> tuple[SpecFile, ...]:
    """The root documents among ``files``: those with an ``openapi``/``swagger`` key that
    no other root document references."""
    candidates = [spec for spec in files if _is_root(spec_bytes(spec))]
    referenced: set[str] = set()
    for spec in candidates:
        directory = posixpath.dirname(spec.relative)
        for match in _REF.finditer(spec_bytes(spec)):
            target = match.group(1).decode("utf-8", "replace")
            if "://" in target:
                continue
            referenced.add(posixpath.normpath(posixpath.join(directory, target)))
    return tuple(spec for spec in candidates if spec.relative not in referenced)


def _is_root(raw: bytes) -> bool:
    """An ``openapi``/``swagger`` key at the top of the document. JSON is parsed (a key
    of that name deeper down, in an example, does not count); JSON that does not parse
    counts when the key appears at all, so that a broken spec is reported, not skipped."""
    from oasgate.loading.parsing import looks_like_json

    if not looks_like_json(raw):
        return _YAML_ROOT_KEY.search(raw) is not None
    if _JSON_FIRST_KEY.match(raw):  # as specs are written: no need to parse megabytes
        return True
    import orjson

    try:
        data = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf"))  # a BOM, as the loader allows
    except orjson.JSONDecodeError:
        return _JSON_ROOT_KEY.search(raw) is not None
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)
