"""Where document text comes from: files, standard input, git revisions, URLs.

A :class:`SourceTree` reads the root document and every file its external
``$ref``s name, as *keys*: normalised posix paths relative to the tree's root
directory. It never reads outside that directory: the tool runs on untrusted
pull requests, so ``../../etc/passwd``, absolute paths and symlinks that leave
the tree are refused, and so are FIFOs and devices a ``$ref`` might name.

- :class:`FileTree` — files on disk inside the git working tree that holds the root
  document (else below its directory), or below ``--ref-root``;
- :class:`StdinTree` — ``-``: one document, no external references;
- :class:`GitTree` — ``REV:PATH``: blobs of a revision of the current repository, read
  through one ``git cat-file --batch`` process (nothing is checked out, no filter or
  hook runs);
- :class:`UrlTree` — ``http(s)://`` with ``--allow-remote``: relative references are
  fetched from the same origin, below the root document's directory.

Every read is bounded by :class:`oasgate.loading.limits.Limits` (size per file; the
number and total size of files are counted by :class:`oasgate.loading.document.Document`).
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import stat
import sys
import weakref
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol
from urllib.parse import quote, unquote, urlsplit

from oasgate.errors import OasgateError
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.safe_files import (
    git_directory_refusal,
    is_git_path,
    names_a_descriptor,
    not_regular,
    read_at_most,
    read_descriptor,
    read_regular_file,
    too_large,
    work_tree_of,
)

if TYPE_CHECKING:
    import subprocess  # imported where git is run: most runs read no revision


@dataclass(frozen=True)
class SourceText:
    """The content of one file and the name to show for it.

    The raw bytes are kept: JSON is parsed from them directly (orjson validates UTF-8
    itself), and the decoded text is only built when YAML parsing or a source position
    needs it — decoding an 11 MB spec costs a third of parsing it.
    """

    key: str  # normalised path relative to the tree root, posix separators
    display: str  # what reports print, e.g. "api/openapi.yaml"
    raw: bytes

    @cached_property
    def text(self) -> str:
        return decode(self.raw, self.display)


class SourceTree(Protocol):
    """Reads the root document and files relative to it."""

    @property
    def root_key(self) -> str: ...

    def read(self, key: str) -> SourceText: ...

    def key_for_url(self, url: str) -> str | None:
        """The key of an absolute URL written in a ``$ref``, if this tree may read it."""
        ...


def canonical_key_of(tree: SourceTree, key: str) -> str:
    """The one key of the file ``key`` names (see :meth:`FileTree.canonical_key`); trees
    without the method (git blobs, URLs, trees of the API's users) keep keys as written."""
    canonical = getattr(tree, "canonical_key", None)
    return key if canonical is None else str(canonical(key))


_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")


def join_ref_path(from_key: str, ref_path: str, *, root_display: str) -> str:
    """Resolve ``ref_path`` relative to the file ``from_key``; refuse escapes from the tree."""
    if ref_path.startswith(("/", "\\")) or (len(ref_path) > 1 and ref_path[1] == ":"):
        raise OasgateError(
            f"$ref '{ref_path}' is an absolute path; only files inside the spec's tree may be read",
            file=root_display,
        )
    if _CONTROL_CHARACTER.search(ref_path):
        raise OasgateError(f"$ref {ref_path!r} contains control characters", file=root_display)
    joined = _joined(posixpath.dirname(from_key), ref_path)
    if joined == ".." or joined.startswith("../"):
        raise OasgateError(
            f"$ref '{ref_path}' points outside the spec's directory tree",
            file=root_display,
            hint="use --ref-root DIR to allow a wider tree",
        )
    return joined


@functools.lru_cache(maxsize=65_536)
def _joined(directory: str, ref_path: str) -> str:
    # Multi-file specs repeat the same relative $ref from many files of one directory.
    return posixpath.normpath(posixpath.join(directory, ref_path))


def _relative(key: str, directory: str) -> str:
    """``key`` relative to ``directory`` (both normalised keys), without touching the disk."""
    if not directory:
        return key
    parts, base = key.split("/"), directory.split("/")
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _read_bounded(stream: IO[bytes], limit: int, display: str) -> bytes:
    """At most ``limit`` bytes; one more means the input is too large."""
    data = read_at_most(stream, limit + 1)
    if len(data) > limit:
        raise _too_large(display, limit)
    return data


def _too_large(display: str, limit: int, size: int | None = None) -> OasgateError:
    return too_large(display, limit, size)


def decode(data: bytes, display: str) -> str:
    """UTF-8 (a byte-order mark is allowed), as OpenAPI documents are."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        guess = ""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess = "; it looks like UTF-16, convert it to UTF-8"
        raise OasgateError(
            f"not UTF-8 text (byte {error.start}){guess}; OpenAPI documents must be UTF-8",
            file=display,
            line=line,
        ) from None


# -- files --------------------------------------------------------------------------------


class FileTree:
    """Files on disk below ``ref_root`` (default: :func:`default_ref_root`)."""

    def __init__(
        self, path: str, *, ref_root: str | None = None, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self._given = path
        self._limits = limits
        self._named_descriptor = names_a_descriptor(path)
        if not self._named_descriptor:
            _check_root_file(path)
        root_path = Path(path)
        if ref_root is not None and not Path(ref_root).is_dir():
            raise OasgateError("--ref-root is not a directory", file=ref_root)
        resolved = root_path.resolve()
        self._root_dir = Path(ref_root).resolve() if ref_root else default_ref_root(resolved)
        try:
            self._root_key = resolved.relative_to(self._root_dir).as_posix()
        except ValueError:
            raise OasgateError(f"the spec is not inside --ref-root {ref_root}", file=path) from None
        self._display_prefix = Path(path).parent.as_posix()
        self._root_text = str(self._root_dir)
        self._real_dirs: dict[str, str] = {}

    @property
    def root_key(self) -> str:
        return self._root_key

    def key_for_url(self, url: str) -> str | None:
        return None

    def _display(self, key: str) -> str:
        if key == self._root_key:
            return self._given
        rel = _relative(key, posixpath.dirname(self._root_key))
        if self._display_prefix in ("", "."):
            return rel
        joined = f"{self._display_prefix}/{rel}"
        return posixpath.normpath(joined) if rel.startswith("..") else joined

    def _real_dir(self, directory: str) -> str:
        """The real location of a directory of the tree (each resolved once)."""
        real_dir = self._real_dirs.get(directory)
        if real_dir is None:
            inside = f"{self._root_text}/{directory}" if directory else self._root_text
            real_dir = os.path.realpath(inside)
            self._real_dirs[directory] = real_dir
        return real_dir

    def _real_path(self, key: str) -> str:
        """Where ``key`` really is: directories resolved once each, the file's own symlink
        resolved only when it is one (realpath per file costs ~0.1 ms × thousands)."""
        directory, _, name = key.rpartition("/")
        candidate = f"{self._real_dir(directory)}/{name}"
        try:
            is_link = stat.S_ISLNK(os.lstat(candidate).st_mode)
        except OSError:
            return candidate  # opening it reports what is wrong
        return os.path.realpath(candidate) if is_link else candidate

    def canonical_key(self, key: str) -> str:
        """One key per file: ``key`` with its directories resolved to where they really are.

        A directory symlink inside the tree (``sub/loop -> ..``) otherwise names one file
        through ever longer paths, each a new file to read and parse. The file's own name
        is kept, so reports show the name the ``$ref`` wrote; a key that leaves the tree
        stays as it is, and reading it refuses it."""
        directory, _, name = key.rpartition("/")
        if not directory:
            return key
        real_dir = self._real_dir(directory)
        root = self._root_text
        if real_dir == root:
            return name
        if real_dir.startswith(root.rstrip(os.sep) + os.sep):
            relative = real_dir[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
            return f"{relative}/{name}"
        return key

    def read(self, key: str) -> SourceText:
        display = self._display(key)
        limit = self._limits.max_input_bytes
        if key == self._root_key:
            # The file the user named: read as named (a symlink to it is fine).
            if self._named_descriptor:
                return SourceText(
                    key, display, read_descriptor(self._given, limit=limit, display=display)
                )
            return SourceText(
                key, display, read_regular_file(self._given, limit=limit, display=display)
            )
        target = self._real_path(key)
        if target != self._root_text and not target.startswith(self._root_text + os.sep):
            raise OasgateError(
                "refusing to read a file outside the spec's directory tree (symlink?)",
                file=display,
            )
        if is_git_path(target):  # already its real location
            raise git_directory_refusal(display)
        data = read_regular_file(target, limit=limit, display=display, what="a $ref target")
        return SourceText(key, display, data)


def default_ref_root(root_document: Path) -> Path:
    """Where external ``$ref``s may read without ``--ref-root``: the git working tree that
    holds the root document (real layouts reference ``../schemas/…``), else its directory."""
    return work_tree_of(root_document) or root_document.parent


def _check_root_file(path: str) -> None:
    """A root document must exist and be (after symlinks) a regular file; checked before
    anything else is worked out from its location."""
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        raise OasgateError("no such file", file=path) from None
    except OSError as error:
        raise OasgateError(f"cannot read: {error.strerror}", file=path) from None
    if not stat.S_ISREG(mode):
        raise not_regular(mode, path, "a spec file")


class StdinTree:
    """The root document from standard input; it has no directory, so no external refs."""

    def __init__(self, *, limits: Limits = DEFAULT_LIMITS) -> None:
        self._raw = _read_bounded(sys.stdin.buffer, limits.max_input_bytes, "<stdin>")

    @property
    def root_key(self) -> str:
        return "<stdin>"

    def key_for_url(self, url: str) -> str | None:
        return None

    def read(self, key: str) -> SourceText:
        if key != "<stdin>":
            raise OasgateError(
                f"cannot resolve external $ref '{key}' in a document read from standard input",
                file="<stdin>",
                hint="pass the file's path instead of '-'",
            )
        return SourceText(key, "<stdin>", self._raw)


# -- git ----------------------------------------------------------------------------------

_GIT_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
_MODE_SYMLINK, _MODE_TREE, _MODE_SUBMODULE = "120000", "40000", "160000"
_MAX_SYMLINKS = 40


class GitTree:
    """Blobs of one revision of the git repository around the current directory.

    ``REV:PATH`` follows git's own convention: ``PATH`` is relative to the top of
    the repository, or to the current directory when it starts with ``./`` or
    ``../``. External ``$ref``s are read at the same revision, confined to the
    repository at that revision (or to ``--ref-root``, a directory of the working tree
    naming the same place in the repository).
    """

    def __init__(
        self,
        spec: str,
        *,
        ref_root: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        cwd: str | None = None,
    ) -> None:
        self._spec = spec
        self._limits = limits
        self._cwd = cwd
        revision, _, path = spec.partition(":")
        self._revision = revision
        if not revision or revision.startswith("-") or not path:
            raise OasgateError("expected REV:PATH, e.g. origin/main:api/openapi.yaml", file=spec)
        top, prefix = self._git("rev-parse", "--show-toplevel", "--show-prefix").split("\n")[:2]
        self._top = Path(top)
        repo_path = posixpath.normpath(
            posixpath.join(prefix, path) if path.startswith(("./", "../")) else path
        )
        if repo_path == ".." or repo_path.startswith("../") or repo_path.startswith("/"):
            raise OasgateError("the path leaves the repository", file=spec)
        object_type = self._git("cat-file", "-t", f"{revision}:{repo_path}").strip()
        if object_type != "blob":
            raise OasgateError(f"is a {object_type} in git, not a spec file", file=spec)
        self._tree_oid = self._git("rev-parse", f"{revision}^{{tree}}").strip()
        root_dir = ""  # the whole revision: a repository's layout may reference ../schemas
        if ref_root is not None:
            root_dir = self._repo_dir(ref_root)
            if root_dir and not (repo_path + "/").startswith(root_dir + "/"):
                raise OasgateError(f"the spec is not inside --ref-root {ref_root}", file=spec)
        self._root_dir = root_dir
        self._root_key = posixpath.relpath(repo_path, root_dir or ".")
        self._trees: dict[str, dict[str, tuple[str, str]]] = {}
        self._batch: subprocess.Popen[bytes] | None = None

    @property
    def root_key(self) -> str:
        return self._root_key

    def key_for_url(self, url: str) -> str | None:
        return None

    def _repo_dir(self, ref_root: str) -> str:
        directory = Path(self._cwd or ".", ref_root).resolve()
        try:
            relative = directory.relative_to(self._top.resolve()).as_posix()
        except ValueError:
            raise OasgateError("--ref-root is outside the git repository", file=ref_root) from None
        return "" if relative == "." else relative

    def _display(self, key: str) -> str:
        return f"{self._revision}:{posixpath.join(self._root_dir, key)}"

    def _git(self, *args: str) -> str:
        import subprocess

        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self._cwd,
                capture_output=True,
                env={**os.environ, **_GIT_ENV},
                stdin=subprocess.DEVNULL,
                timeout=60,
                check=False,
            )
        except FileNotFoundError:
            raise OasgateError(
                "cannot read a git revision: the 'git' command is not installed", file=self._spec
            ) from None
        except subprocess.TimeoutExpired:
            raise OasgateError("git did not answer within 60 s", file=self._spec) from None
        if done.returncode != 0:
            lines = [line for line in done.stderr.decode(errors="replace").splitlines() if line]
            reason = lines[-1] if lines else f"git {args[0]} failed"
            reason = reason.removeprefix("fatal: ").removeprefix("error: ")
            raise OasgateError(f"git: {reason}", file=self._spec)
        return done.stdout.decode(errors="replace")

    # One `git cat-file --batch` process answers every read, by object id.
    def _object(self, oid: str, display: str, limit: int | None = None) -> tuple[str, bytes]:
        if self._batch is None:
            import subprocess

            try:
                self._batch = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self._cwd,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env={**os.environ, **_GIT_ENV},
                )
            except OSError as error:
                raise OasgateError(f"cannot run git: {error.strerror}", file=display) from None
            weakref.finalize(self, _stop, self._batch)
        batch = self._batch
        assert batch.stdin is not None and batch.stdout is not None
        try:
            batch.stdin.write(oid.encode() + b"\n")
            batch.stdin.flush()
            header = batch.stdout.readline().decode().split()
        except OSError:  # git went away: say so, rather than a silent broken pipe
            header = []
        if len(header) != 3:
            _stop(batch)
            self._batch = None
            raise OasgateError("git could not read this object", file=display)
        _, object_type, size_text = header
        size = int(size_text)
        if limit is not None and size > limit:
            _stop(batch)
            self._batch = None
            raise _too_large(display, limit, size)
        data = batch.stdout.read(size)
        batch.stdout.read(1)  # the newline after each object
        return object_type, data

    def _entries(self, directory: str) -> dict[str, tuple[str, str]]:
        """name → (mode, object id) of one directory of the revision."""
        cached = self._trees.get(directory)
        if cached is not None:
            return cached
        if directory == "":
            oid = self._tree_oid
        else:
            parent, _, name = directory.rpartition("/")
            entry = self._entries(parent).get(name)
            if entry is None or entry[0] != _MODE_TREE:
                self._trees[directory] = {}
                return {}
            oid = entry[1]
        _, data = self._object(oid, self._spec)
        entries: dict[str, tuple[str, str]] = {}
        position = 0
        while position < len(data):  # "<mode> <name>\0<20-byte id>" repeated
            space = data.index(b" ", position)
            nul = data.index(b"\0", space)
            mode = data[position:space].decode()
            name = data[space + 1 : nul].decode(errors="surrogateescape")
            entries[name] = (mode, data[nul + 1 : nul + 21].hex())
            position = nul + 21
        self._trees[directory] = entries
        return entries

    def read(self, key: str) -> SourceText:
        display = self._display(key)
        repo_path = posixpath.join(self._root_dir, key) if self._root_dir else key
        for _ in range(_MAX_SYMLINKS):
            parent, _, name = repo_path.rpartition("/")
            entry = self._entries(parent).get(name)
            if entry is None:
                raise OasgateError("no such file", file=display)
            mode, oid = entry
            if mode == _MODE_SYMLINK:
                _, target = self._object(oid, display)
                repo_path = self._follow(repo_path, target.decode(errors="replace"), display)
                continue
            if mode in (_MODE_TREE, _MODE_SUBMODULE):
                raise OasgateError("is a directory, not a spec file", file=display)
            _, data = self._object(oid, display, self._limits.max_input_bytes)
            return SourceText(key, display, data)
        raise OasgateError("too many levels of symbolic links", file=display)

    def _follow(self, link_path: str, target: str, display: str) -> str:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(link_path), target))
        inside = (
            not target.startswith("/")
            and joined != ".."
            and not joined.startswith("../")
            and (not self._root_dir or (joined + "/").startswith(self._root_dir + "/"))
        )
        if not inside:
            raise OasgateError(
                "refusing to read a file outside the spec's directory tree (symlink?)",
                file=display,
            )
        return joined


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


# -- URLs ---------------------------------------------------------------------------------

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class UrlTree:
    """A document served over HTTP(S), and the files below its directory on the same origin."""

    def __init__(self, url: str, *, limits: Limits = DEFAULT_LIMITS) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OasgateError("only http:// and https:// URLs can be read", file=url)
        self._url = url
        self._limits = limits
        self._origin = f"{parts.scheme}://{parts.netloc}"
        directory, _, name = parts.path.rpartition("/")
        self._base_path = directory + "/"
        self._root_key = unquote(name) or "index"

    @property
    def root_key(self) -> str:
        return self._root_key

    def _url_of(self, key: str) -> str:
        if key == self._root_key:
            return self._url
        return self._origin + self._base_path + quote(key)

    def key_for_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self._origin:
            return None
        path = posixpath.normpath(unquote(parts.path))
        if not path.startswith(self._base_path):
            return None
        return path[len(self._base_path) :]

    def read(self, key: str) -> SourceText:
        url = self._url_of(key)
        return SourceText(key, url, self._fetch(url))

    def _fetch(self, url: str) -> bytes:
        from oasgate.loading.remote import fetch

        return fetch(
            url,
            origin=self._origin,
            base_path=self._base_path,
            limit=self._limits.max_input_bytes,
            timeout=self._limits.remote_timeout,
        )


# -- choosing a tree for a command-line argument ------------------------------------------

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def looks_like_url(spec: str) -> bool:
    return _URL.match(spec) is not None


def looks_like_git_revision(spec: str) -> bool:
    """``REV:PATH`` — unless a file of that name exists (an existing file wins)."""
    return (
        ":" in spec
        and not os.path.lexists(spec)
        and not looks_like_url(spec)
        and not _WINDOWS_DRIVE.match(spec)
        and not spec.startswith(":")
    )


def open_tree(
    spec: str,
    *,
    ref_root: str | None = None,
    allow_remote: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> SourceTree:
    """The source tree for a command-line argument: a path, ``-``, ``REV:PATH`` or a URL."""
    if spec == "-":
        return StdinTree(limits=limits)
    if looks_like_url(spec) and not os.path.lexists(spec):
        if not spec.lower().startswith(("http://", "https://")):
            raise OasgateError("only http:// and https:// URLs can be read", file=spec)
        if not allow_remote:
            raise OasgateError(
                "reading a URL needs --allow-remote (network access is off by default)",
                file=spec,
            )
        if ref_root is not None:
            raise OasgateError("--ref-root applies to files and git revisions, not URLs")
        return UrlTree(spec, limits=limits)
    if looks_like_git_revision(spec):
        return GitTree(spec, ref_root=ref_root, limits=limits)
    return FileTree(spec, ref_root=ref_root, limits=limits)
