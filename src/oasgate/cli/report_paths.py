"""File names in reports, relative to the repository root (or ``--path-base DIR``).

The loaders name a file as the user named it: ``/home/runner/work/api/openapi.yaml`` for
an absolute argument, ``openapi.yaml`` from a subdirectory, ``HEAD~1:api/openapi.yaml``
for a git revision. Code scanning, GitLab's widget and the workflow annotations resolve a
path against the checkout's root, so a report names every file relative to that root
instead: the git working tree that holds the inputs (else the current directory), or the
``--path-base`` directory. A git side keeps its ``REV:`` prefix here, for the people who
read the text reports; the formats that need a plain path drop it
(:func:`oasgate.report.common.artifact_path`). A file outside the base keeps its name as
given. See docs/reports.md, "Paths in reports".
"""

from __future__ import annotations

import functools
import os
import posixpath
from dataclasses import replace
from pathlib import Path

from msgspec import Struct

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Finding, Location, Place, Report
from oasgate.loading.git_tree import GitTree
from oasgate.loading.local_trees import FileTree
from oasgate.loading.safe_files import work_tree_of
from oasgate.loading.trees import looks_like_url
from oasgate.model.spec import SpecModel


class PathBase(Struct, frozen=True):
    """What report paths are relative to, and how to read the names the loaders gave."""

    #: the directory report paths are relative to (real path)
    directory: str
    #: the directory relative file names were given from
    cwd: str
    #: the top of the repository the ``REV:path`` names of each git revision refer to
    revisions: tuple[tuple[str, str], ...] = ()


def path_base(
    option: str | None, models: tuple[SpecModel, ...], cwd: str | None = None
) -> PathBase:
    """``--path-base DIR`` when given, else the git working tree of the first input that
    is in one (the revision first: it is the checkout a report is posted on), else the
    current directory."""
    here = Path(cwd) if cwd else Path.cwd()
    revisions: list[tuple[str, str]] = []
    found: Path | None = None
    for model in models:
        tree = model.document.tree
        if isinstance(tree, GitTree):
            revisions.append((tree.revision, str(tree.top.resolve())))
            found = found or tree.top
        elif isinstance(tree, FileTree):
            found = found or work_tree_of(here / model.document.root_display)
    if option is not None:
        found = here / option
        if not found.is_dir():
            raise OasgateError(
                "--path-base must name a directory (the root that report paths are relative to)",
                file=option,
            )
    return PathBase(str((found or here).resolve()), str(here), tuple(revisions))


def relative_report(report: Report, base: PathBase) -> Report:
    """``report`` with every file named relative to ``base``: each location's, and the
    name of each side."""
    real_dirs: dict[str, str] = {}  # a multi-file spec's findings name hundreds of files
    rename = functools.lru_cache(maxsize=None)(lambda file: _relative(file, base, real_dirs))

    def location(value: Location | None) -> Location | None:
        if value is None:
            return None
        file = rename(value.file)
        return value if file == value.file else replace(value, file=file)

    def finding(value: Finding) -> Finding:
        return replace(
            value,
            base=location(value.base),
            revision=location(value.revision),
            places=tuple(Place(location(p.base), location(p.revision)) for p in value.places),
        )

    def diagnostic(value: Diagnostic) -> Diagnostic:
        moved = location(value.location)
        assert moved is not None
        return replace(value, location=moved)

    return replace(
        report,
        base=replace(report.base, source=rename(report.base.source)),
        revision=replace(report.revision, source=rename(report.revision.source)),
        findings=tuple(finding(f) for f in report.findings),
        diagnostics=tuple(diagnostic(d) for d in report.diagnostics),
    )


def _relative(file: str, base: PathBase, real_dirs: dict[str, str]) -> str:
    for revision, top in base.revisions:
        if file.startswith(revision + ":"):
            inside = _inside(str(Path(top, file[len(revision) + 1 :])), base.directory)
            return f"{revision}:{inside}" if inside is not None else file
    if file in ("", "-", "<stdin>") or looks_like_url(file):
        return file
    joined = os.path.join(base.cwd, file)  # noqa: PTH118 (text: no Path per file)
    inside = _inside(_real_path(joined, real_dirs), base.directory)
    return inside if inside is not None else file


def _real_path(path: str, real_dirs: dict[str, str]) -> str:
    """``os.path.realpath(path)``, its directory resolved once per report: resolving each
    file asks the disk about every component of its path (DigitalOcean's 683 files named
    in findings: 5,500 ``lstat``, 4 % of its ``check``)."""
    directory, name = os.path.split(path)
    if name in ("", os.curdir, os.pardir):
        return os.path.realpath(path)
    real_dir = real_dirs.get(directory)
    if real_dir is None:
        real_dir = real_dirs[directory] = os.path.realpath(directory)
    candidate = os.path.join(real_dir, name)  # noqa: PTH118
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate  # noqa: PTH114


def _inside(path: str, directory: str) -> str | None:
    """``path`` relative to ``directory`` (``/``-separated), or None when it is outside."""
    try:
        relative = os.path.relpath(path, directory)
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return posixpath.join(*Path(relative).parts) if relative != "." else "."
