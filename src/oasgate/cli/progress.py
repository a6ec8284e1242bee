"""The progress display: a transient bar on stderr for a person at a terminal, and for
nobody else (not in a CI log, not while a report streams to a pipe), so it never mixes
into what a program reads."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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
