"""Where document text comes from: files confined to a tree, or standard input.

A :class:`SourceTree` reads the root document and every file its external
``$ref``s name. It never reads outside its root directory: the tool runs on
untrusted pull requests, so ``../../etc/passwd``, absolute paths and symlinks
that leave the tree are refused.
"""

from __future__ import annotations

import posixpath
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from oasgate.errors import OasgateError


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


def join_ref_path(from_key: str, ref_path: str, *, root_display: str) -> str:
    """Resolve ``ref_path`` relative to the file ``from_key``; refuse escapes from the tree."""
    if ref_path.startswith("/") or (len(ref_path) > 1 and ref_path[1] == ":"):
        raise OasgateError(
            f"$ref '{ref_path}' is an absolute path; only files inside the spec's tree may be read",
            file=root_display,
        )
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_key), ref_path))
    if joined == ".." or joined.startswith("../"):
        raise OasgateError(
            f"$ref '{ref_path}' points outside the spec's directory tree",
            file=root_display,
            hint="use --ref-root DIR to allow a wider tree",
        )
    return joined


class FileTree:
    """Files on disk below ``ref_root`` (default: the root document's directory)."""

    def __init__(self, path: str, *, ref_root: str | None = None) -> None:
        self._given = path
        root_path = Path(path)
        if not root_path.exists():
            raise OasgateError("no such file", file=path)
        if root_path.is_dir():
            raise OasgateError("is a directory, not a spec file", file=path)
        self._root_dir = Path(ref_root).resolve() if ref_root else root_path.resolve().parent
        resolved = root_path.resolve()
        try:
            self._root_key = resolved.relative_to(self._root_dir).as_posix()
        except ValueError:
            raise OasgateError(f"the spec is not inside --ref-root {ref_root}", file=path) from None
        self._display_prefix = str(Path(path).parent)

    @property
    def root_key(self) -> str:
        return self._root_key

    def _display(self, key: str) -> str:
        if key == self._root_key:
            return self._given
        rel = posixpath.relpath(key, posixpath.dirname(self._root_key) or ".")
        if self._display_prefix in ("", "."):
            return rel
        return posixpath.normpath(f"{Path(self._display_prefix).as_posix()}/{rel}")

    def read(self, key: str) -> SourceText:
        target = (self._root_dir / key).resolve()
        display = self._display(key)
        if target != self._root_dir and self._root_dir not in target.parents:
            raise OasgateError(
                "refusing to read a file outside the spec's directory tree (symlink?)",
                file=display,
            )
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise OasgateError("no such file", file=display) from None
        except IsADirectoryError:
            raise OasgateError("is a directory, not a spec file", file=display) from None
        except OSError as error:
            raise OasgateError(f"cannot read: {error.strerror}", file=display) from None
        return SourceText(key, display, data)


class StdinTree:
    """The root document from standard input; it has no directory, so no external refs."""

    def __init__(self) -> None:
        self._raw = sys.stdin.buffer.read()

    @property
    def root_key(self) -> str:
        return "<stdin>"

    def read(self, key: str) -> SourceText:
        if key != "<stdin>":
            raise OasgateError(
                f"cannot resolve external $ref '{key}' in a document read from standard input",
                file="<stdin>",
            )
        return SourceText(key, "<stdin>", self._raw)


def decode(data: bytes, display: str) -> str:
    """UTF-8 text of a file (a BOM is dropped); anything else is refused clearly."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise OasgateError(
            f"not UTF-8 text (byte {error.start}); OpenAPI documents must be UTF-8", file=display
        ) from None


def open_tree(spec: str, *, ref_root: str | None = None) -> SourceTree:
    """The source tree for a command-line argument (a file path or ``-``)."""
    if spec == "-":
        return StdinTree()
    return FileTree(spec, ref_root=ref_root)
