"""``oasgate git-diff-driver``: git's external diff, printing classified API changes.

Set up once per repository (docs/workflows.md)::

    git config diff.oasgate.command "oasgate git-diff-driver"
    echo 'api/*.yaml diff=oasgate' >> .gitattributes

and ``git diff``, ``git log -p --ext-diff`` and ``git show --ext-diff`` print, for each
spec file, the findings of ``oasgate check`` between the two versions instead of a text
diff. git runs the driver once per changed file with seven arguments — ``path old-file
old-hex old-mode new-file new-hex new-mode`` (nine for a rename) — where each file is the
working-tree file, a temporary copy of a blob, or ``/dev/null`` (added or deleted).

A blob alone cannot resolve the ``$ref``s of a multi-file spec, so each side is read
from a commit whose tree holds that very blob at that path, through ``REV:PATH``: the old
side from the parent of the newest commit that replaced it, the new side from the newest
commit that introduced it (for ``git diff HEAD~1`` and ``git log -p``, exactly the two
commits compared); the working-tree side from the working tree. When no commit holds the
blob (a staged version), it is read alone. A file that is not an OpenAPI document (a
schema file of a multi-file spec, any other YAML) gets a one-line note and a plain
unified diff. The driver always exits 0: an external diff that fails stops ``git diff``.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from msgspec import Struct

from oasgate.errors import OasgateError, printable

if TYPE_CHECKING:
    from oasgate.cli.inputs import InputOptions
    from oasgate.policy.settings import Config

_NULL = "/dev/null"
_ZERO = re.compile(r"^0+$")
_HEX = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
#: how many commits of the file's history are searched for the commit of a blob
_HISTORY = 5000
#: largest file shown as a text diff
_TEXT_LIMIT = 8 * 1024 * 1024
#: the entry documents a file of a multi-file spec is shown through, at most
_MAX_ENTRIES = 20
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_SPEC_HEAD = re.compile(
    r"""^\s*(?:openapi|swagger|"openapi"|"swagger")\s*:|[{,]\s*"(?:openapi|swagger)"\s*:""", re.M
)


class Side(Struct, frozen=True):
    """One side as git hands it over."""

    file: str
    hex: str
    mode: str

    @property
    def absent(self) -> bool:
        return self.file == _NULL


@click.command(
    "git-diff-driver",
    short_help="git's external diff driver: classified API changes, not a text diff.",
    context_settings={"ignore_unknown_options": True},
)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def command(arguments: tuple[str, ...]) -> None:
    """git's external diff driver: classified API changes instead of a text diff.

    \b
    Set up (docs/workflows.md):
      git config diff.oasgate.command "oasgate git-diff-driver"
      echo 'api/*.yaml diff=oasgate' >> .gitattributes

    git passes PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE (and, for a
    rename, NEW-PATH and a message). A file that is not an OpenAPI document gets a plain
    text diff. Exit code 0 (so that git goes on), 2 for a wrong number of arguments.
    """
    if len(arguments) not in (7, 9):
        click.echo(
            "oasgate: error: git-diff-driver takes the 7 arguments git passes an external "
            "diff (PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE); set it up with "
            'git config diff.oasgate.command "oasgate git-diff-driver"',
            err=True,
        )
        sys.exit(2)
    path = arguments[7] if len(arguments) == 9 else arguments[0]
    old = Side(*arguments[1:4])
    new = Side(*arguments[4:7])
    try:
        text = _classified(arguments[0], path, old, new)
    except OasgateError as error:
        text = f"oasgate: {printable(str(error))}; a text diff follows\n" + _text_diff(
            arguments[0], path, old, new
        )
    except Exception as error:  # never a traceback in the middle of `git diff`
        text = (
            f"oasgate: {printable(path)}: internal error ({type(error).__name__}); a text diff "
            "follows\n" + _text_diff(arguments[0], path, old, new)
        )
    click.echo(text, nl=False)
    sys.exit(0)


def _classified(old_path: str, path: str, old: Side, new: Side) -> str:
    from oasgate.cli.inputs import InputOptions
    from oasgate.config import load_config

    header = f"diff --oasgate a/{printable(old_path)} b/{printable(path)}\n"
    config = load_config(confine=True)
    inputs = InputOptions().with_config(config)
    if old.absent or new.absent:
        model = inputs.load(
            _spec(old_path, old, old=True) if new.absent else _spec(path, new, old=False)
        )
        operations = sum(len(model.operations(*item)) for item in model.all_path_items())
        what = "new" if old.absent else "deleted"
        name = " ".join(p for p in (model.title, model.api_version) if p) or "untitled"
        return f"{header}{what} OpenAPI document: {printable(name)}, {operations} operation(s)\n"
    base_spec, revision_spec = _spec(old_path, old, old=True), _spec(path, new, old=False)
    try:
        return header + _compared(base_spec, revision_spec, inputs, config)
    except OasgateError as error:
        if "not an OpenAPI document" not in error.message or old_path != path:
            raise
        through = _through_entry_documents(path, base_spec, revision_spec, inputs, config)
        if through is None:
            raise
        return header + through


def _compared(base_spec: str, revision_spec: str, inputs: InputOptions, config: Config) -> str:
    from oasgate.engine import check
    from oasgate.policy.dates import parse_today
    from oasgate.report.text import render

    base = inputs.load(base_spec)
    revision = inputs.load(revision_spec)
    report = check(base, revision, config=config, today=parse_today(None))
    shown = f"({printable(_shown(base_spec))} → {printable(_shown(revision_spec))})\n"
    if not report.findings:
        return shown + "no API changes (only formatting, order or text the gate ignores)\n"
    return shown + render(report)


def _through_entry_documents(
    path: str, base_spec: str, revision_spec: str, inputs: InputOptions, config: Config
) -> str | None:
    """A file of a multi-file spec: the API changes of the entry documents that reach it
    (in its directory or above), read at the same two commits; None when there is none.
    An entry document that changed too is left to its own diff (git calls the driver
    for it), so that no change is printed twice."""
    base_rev, revision_rev = _revision(base_spec), _revision(revision_spec)
    if base_rev is None or revision_rev == "":
        return None
    out: list[str] = []
    for entry in _entry_documents(path, revision_rev):
        if _blob(base_rev, entry) != _blob(revision_rev, entry):
            out.append(
                f"API changes: see the diff of {printable(entry)}, which reaches this file\n"
            )
            continue
        new_spec = entry if revision_rev is None else f"{revision_rev}:{entry}"
        try:
            if path not in inputs.load(new_spec).document.file_keys():
                continue
            out.append(f"API changes of {printable(entry)}, which reaches this file:\n")
            out.append(_compared(f"{base_rev}:{entry}", new_spec, inputs, config))
        except OasgateError:
            continue
    return "".join(out) or None


def _revision(spec: str) -> str | None:
    """The revision of a ``REV:PATH`` spec; None for the working tree; "" for a file git
    wrote (no commit known)."""
    if Path(spec).is_absolute():
        return ""
    revision, sep, _ = spec.partition(":")
    return revision if sep else None


def _entry_documents(path: str, revision: str | None) -> list[str]:
    """OpenAPI documents beside ``path`` or in a directory above it, at ``revision`` (None:
    the working tree), by their first lines; at most a few dozen."""
    from oasgate.gitbase import git

    parts = path.split("/")[:-1]
    found: list[str] = []
    for depth in range(len(parts), -1, -1):
        directory = "/".join(parts[:depth])
        if revision is None:
            folder = Path(directory or ".")
            names = (
                sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
            )
        else:
            listing = git(
                "ls-tree",
                "--name-only",
                revision,
                (directory + "/") if directory else ".",
                check=False,
            )
            names = sorted(line.rsplit("/", 1)[-1] for line in listing.splitlines())
        for name in names:
            candidate = f"{directory}/{name}" if directory else name
            if (
                candidate != path
                and name.endswith(_SPEC_SUFFIXES)
                and _looks_like_a_spec(candidate, revision)
            ):
                found.append(candidate)
        if len(found) >= _MAX_ENTRIES:
            break
    return found[:_MAX_ENTRIES]


def _looks_like_a_spec(path: str, revision: str | None) -> bool:
    from oasgate.gitbase import git

    if revision is None:
        try:
            with Path(path).open("rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            return False
    else:
        head = git("cat-file", "-p", f"{revision}:{path}", check=False)[:4096]
    return _SPEC_HEAD.search(head) is not None


def _blob(revision: str | None, path: str) -> str:
    from oasgate.gitbase import git

    if revision is None:
        return git("hash-object", "--", path, check=False).strip()
    return git("rev-parse", "--verify", "--quiet", f"{revision}:{path}", check=False).strip()


def _shown(spec: str) -> str:
    """``REV:PATH`` or the working-tree path as they are; a temporary copy git wrote
    as what it is (its name changes on every run)."""
    return "the blob git passed" if Path(spec).is_absolute() else spec


def _spec(path: str, side: Side, *, old: bool) -> str:
    """What to load for one side: the working-tree file, ``REV:PATH`` at a commit whose
    tree holds this blob at ``path``, or the file git wrote (read alone)."""
    if side.file == path and Path(path).is_file():
        return path  # git hands over the working-tree file itself
    if _HEX.match(side.hex) and not _ZERO.match(side.hex):
        revision = _commit_of(path, side.hex, old=old)
        if revision is not None:
            return f"{revision}:{path}"
    return side.file


def _commit_of(path: str, blob: str, *, old: bool) -> str | None:
    """A commit whose tree holds ``blob`` at ``path``. For the old side of a diff, the
    parent of the newest commit that replaced it (the state just before the change being
    shown); for the new side, the newest commit that introduced it. The other one when
    that is not in the file's history; ``None`` when neither is."""
    from oasgate.gitbase import git

    log = git(
        "log",
        "--all",
        f"--max-count={_HISTORY}",
        "--format=commit %H",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--",
        path,
        check=False,
    )
    introduced: str | None = None
    replaced: str | None = None
    commit = ""
    for line in log.splitlines():
        if line.startswith("commit "):
            commit = line[7:19]  # 12 digits: what a reader can copy; _holds checks them
        elif line.startswith(":") and commit:
            fields = line[1:].split("\t", 1)[0].split()
            if len(fields) < 4:
                continue
            if fields[3] == blob and introduced is None:
                introduced = commit
            if fields[2] == blob and replaced is None:
                replaced = f"{commit}^"
    for candidate in (replaced, introduced) if old else (introduced, replaced):
        if candidate is not None and _holds(candidate, path, blob):
            return candidate
    return None


def _holds(revision: str, path: str, blob: str) -> bool:
    from oasgate.gitbase import git

    found = git("rev-parse", "--verify", "--quiet", f"{revision}:{path}", check=False).strip()
    return found == blob


def _text_diff(old_path: str, path: str, old: Side, new: Side) -> str:
    """A unified diff of the two files, as ``diff -u`` prints it."""
    before, after = _lines(old), _lines(new)
    if before is None or after is None:
        return f"Binary files a/{old_path} and b/{path} differ\n"
    diff = difflib.unified_diff(
        before,
        after,
        fromfile=_NULL if old.absent else f"a/{old_path}",
        tofile=_NULL if new.absent else f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)


def _lines(side: Side) -> list[str] | None:
    if side.absent:
        return []
    try:
        with Path(side.file).open("rb") as handle:
            data = handle.read(_TEXT_LIMIT + 1)
    except OSError:
        return []
    if b"\0" in data or len(data) > _TEXT_LIMIT:
        return None
    lines = data.decode("utf-8", "replace").splitlines(keepends=True)
    # a text diff of a file from a pull request: no escape sequence reaches the terminal
    return [printable(line.rstrip("\r\n")) + "\n" for line in lines]
