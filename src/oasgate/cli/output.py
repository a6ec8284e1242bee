"""Where reports go: ``--format NAME[=FILE]`` and ``--output FILE`` parsed into targets,
files written atomically, and the progress display for people at a terminal.

Pairing: ``--format sarif=out.sarif`` sends one format to a file; ``--output FILE``
is the file of the one ``--format`` given without ``=FILE`` (or of the default
format). At most one format goes to standard output. A report file is written to a
temporary file beside it and renamed into place, so a failed run never leaves half a
report, and nothing is written at all unless every report rendered. The input
documents are never a target.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from oasgate.errors import OasgateError

STDOUT = "-"


@dataclass(frozen=True)
class Target:
    """One report to produce: its format name and its file (``None``: standard output)."""

    format: str
    path: str | None


if TYPE_CHECKING:  # click ≥ 8.3 types ParamType as a generic; older versions are not
    _ParamType = click.ParamType[Any, Any]
else:
    _ParamType = click.ParamType


class FormatTarget(_ParamType):
    """``NAME`` or ``NAME=FILE``, NAME one of the registered formats."""

    name = "format"

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Target):
            return value
        name, separator, path = str(value).partition("=")
        name = name.strip().lower()
        if name not in self.names:
            self.fail(
                f"unknown format {name!r}; choose from {', '.join(self.names)} "
                "(optionally NAME=FILE)",
                param,
                ctx,
            )
        if separator and not path:
            self.fail(f"{value!r}: a file name must follow '=' (or leave out '=')", param, ctx)
        return Target(name, None if not separator or path == STDOUT else path)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        name = incomplete.partition("=")[0].lower()
        return [CompletionItem(n) for n in self.names if n.startswith(name)]


def format_help(descriptions: Sequence[tuple[str, str]], default: str) -> str:
    listing = "; ".join(f"{name}: {text}" for name, text in descriptions)
    return (
        f"Report format, repeatable; NAME=FILE writes that format to FILE. "
        f"Default: {default}. Formats — {listing}."
    )


def resolve_targets(
    formats: Sequence[Target], output: str | None, default: str, inputs: Sequence[str]
) -> list[Target]:
    """Pair ``--output`` with its format and check the whole set; errors are exit 2."""
    targets = list(formats) or [Target(default, None)]
    if output is not None:
        open_slots = [i for i, t in enumerate(targets) if t.path is None]
        if len(open_slots) != 1:
            raise OasgateError(
                "--output FILE goes with exactly one --format; with several formats "
                "write --format NAME=FILE for each"
                if open_slots
                else "--output FILE has no format to go with: every --format already "
                "names its file (NAME=FILE)"
            )
        index = open_slots[0]
        targets[index] = Target(targets[index].format, None if output == STDOUT else output)
    to_stdout = [t.format for t in targets if t.path is None]
    if len(to_stdout) > 1:
        raise OasgateError(
            f"only one format can be written to standard output (got {', '.join(to_stdout)}); "
            "send the others to files with --format NAME=FILE"
        )
    seen: dict[str, str] = {}
    protected = {_identity(p): p for p in inputs if p != STDOUT and Path(p).is_file()}
    for target in targets:
        if target.path is None:
            continue
        identity = _identity(target.path)
        if identity in seen:
            raise OasgateError(
                f"two reports would be written to the same file ({seen[identity]} and "
                f"{target.format})",
                file=target.path,
            )
        seen[identity] = target.format
        if identity in protected:
            raise OasgateError(
                "refusing to write a report over an input document", file=target.path
            )
        if Path(target.path).is_dir():
            raise OasgateError("is a directory; give a file name for the report", file=target.path)
    return targets


def _identity(path: str) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same directory and a rename:
    readers see the old file or the whole new one, never half of it."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = target.stat().st_mode & 0o7777 if target.exists() else _default_mode()
        import tempfile  # only when a report goes to a file

        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise OasgateError(f"cannot write the report: {error.strerror}", file=path) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OasgateError(f"cannot write the report: {error.strerror}", file=path) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def read_existing(path: str | None) -> str | None:
    """The current text of a target file (feeds are updated, not replaced)."""
    if path is None:
        return None
    target = Path(path)
    if not target.exists():
        return None
    try:
        return target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise OasgateError(f"cannot read the existing file: {reason}", file=path) from None


def write_stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


# -- progress ----------------------------------------------------------------------------------

ProgressUpdate = Callable[[str, int, int | None], None]


def in_ci() -> bool:
    value = os.environ.get("CI", "").strip().lower()
    return value not in ("", "0", "false", "no") or os.environ.get("GITHUB_ACTIONS") == "true"


def progress_wanted(stdout_format_for_people: bool | None) -> bool:
    """A progress display only for a person at a terminal: stderr is a terminal, this is
    not a CI log, and standard output is either unused or a terminal showing text.
    ``stdout_format_for_people`` is None when no report goes to standard output."""
    if in_ci() or os.environ.get("TERM") == "dumb":
        return False
    if not sys.stderr.isatty():
        return False
    if stdout_format_for_people is None:
        return True
    return stdout_format_for_people and sys.stdout.isatty()


def _silent(step: str, done: int, total: int | None) -> None:
    return None


@contextmanager
def progress_display(enabled: bool, first_step: str) -> Iterator[ProgressUpdate]:
    """A transient rich progress display on stderr, fed by ``update(step, done, total)``."""
    if not enabled:
        yield _silent
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(escape(first_step), total=None)

        def update(step: str, done: int, total: int | None) -> None:
            progress.update(task, description=escape(step), completed=done, total=total)

        yield update
