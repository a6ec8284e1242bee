"""Where reports go: ``--format NAME[=FILE]`` and ``--output FILE`` parsed into targets,
checked before any work is done, and standard output.

Pairing: ``--format sarif=out.sarif`` sends one format to a file; ``--output FILE``
is the file of the one ``--format`` given without ``=FILE`` (or of the default
format). At most one format goes to standard output. The input documents are never a
target. Writing the files is :mod:`oasgate.cli.report_files`' job.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from msgspec import Struct

from oasgate.errors import OasgateError

STDOUT = "-"
F = TypeVar("F", bound=Callable[..., Any])


class Target(Struct, frozen=True):
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
    if to_stdout:
        require_stdout()  # before the work, not after it
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


def stdout_is_open() -> bool:
    """False when the program was started with standard output closed (``>&-``)."""
    return sys.stdout is not None


def require_stdout() -> None:
    if not stdout_is_open():
        raise OasgateError("cannot write the report to standard output: stdout is closed")


def write_stdout(text: str | bytes) -> None:
    """A report on standard output: UTF-8 bytes, whatever the stream's own encoding (as a
    report file is written), after anything already written there as text."""
    require_stdout()
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a stream without bytes underneath (an embedding's): text, then
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    sys.stdout.flush()
    binary.write(data)
    binary.flush()


def format_options(
    formats: Sequence[tuple[str, str]], default: str, default_note: str | None = None
) -> Callable[[F], F]:
    """``--format FORMAT[=FILE]`` (repeatable) and ``--output FILE``, worded and parsed the
    same on every command; the command receives ``formats`` and ``output`` and passes
    them to :func:`resolve_targets`. ``formats`` are (name, description) pairs: the
    names every command shares mean the same thing everywhere (docs/cli.md)."""

    def decorate(function: F) -> F:
        function = click.option(
            "--output",
            "-o",
            metavar="FILE",
            help="File for the one --format given without =FILE (or the default format); "
            "'-' is standard output.",
        )(function)
        return click.option(
            "--format",
            "formats",
            type=FormatTarget([name for name, _ in formats]),
            multiple=True,
            metavar="FORMAT[=FILE]",
            help=format_help(formats, default_note or default),
        )(function)

    return decorate


def emit(targets: Sequence[Target], render: Callable[[str], str]) -> None:
    """Render every target's format, then write the files (all or none, see
    :func:`oasgate.cli.report_files.write_reports`) and standard output."""
    from oasgate.cli.report_files import write_reports

    rendered = [(target, render(target.format)) for target in targets]
    write_reports([(t.path, text) for t, text in rendered if t.path is not None])
    for target, text in rendered:
        if target.path is None:
            write_stdout(text)


def emit_updating(
    targets: Sequence[Target],
    render: Callable[[str, str | None], str],
    appended: Sequence[str],
) -> None:
    """:func:`emit` for formats that add to a file (the feeds of ``appended``): each
    target rendered from its file's current text (``render(format, existing)``), under a
    lock per fed file, and only a file whose text changed written back."""
    from oasgate.cli.report_files import locked_for_update, read_existing, write_reports

    fed = [t.path for t in targets if t.path is not None and t.format in appended]
    with locked_for_update(fed):  # read, add the entries, write: one run at a time per feed
        rendered = []
        for target in targets:
            existing = read_existing(target.path)
            rendered.append((target, render(target.format, existing), existing))
        write_reports(
            [(t.path, text) for t, text, old in rendered if t.path is not None and text != old]
        )
    for target, text, _ in rendered:
        if target.path is None:
            write_stdout(text)
