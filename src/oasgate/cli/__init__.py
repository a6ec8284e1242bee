"""Command-line interface: parse options, call the library, render, set the exit code.

Each command is one module of this package, named in :data:`COMMANDS` and
imported when it runs.

Exit codes (docs/cli.md): 0 nothing at or above the fail level, 1 the gate failed,
2 oasgate could not run. Heavy modules are imported inside commands so that
``oasgate --help`` starts fast.
"""

from __future__ import annotations

import atexit
import contextvars
import importlib
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from oasgate.errors import OasgateError, printable

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2
ISSUES_URL = "https://github.com/oasgate/oasgate/issues"
F = TypeVar("F", bound=Callable[..., Any])

SEVERITIES = ("error", "warning", "info")


def die(message: str) -> NoReturn:
    """The one error line, its control characters escaped: a message may quote a spec."""
    click.echo(f"oasgate: error: {printable(message)}", err=True)
    sys.exit(EXIT_ERROR)


def guarded(function: F) -> F:
    """Turn every failure into one line on stderr and exit code 2 — never a traceback.

    The command runs in a copy of the current context, so that what it sets for the run
    (the language of its messages, :func:`oasgate.i18n.use`) ends with it."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return contextvars.copy_context().run(function, *args, **kwargs)
        except OasgateError as error:
            die(str(error))
        except RecursionError:
            die(f"{_invocation()}: the documents nest too deeply to be compared")
        except MemoryError:
            die(f"{_invocation()}: out of memory while reading the input")
        except KeyboardInterrupt:
            die("interrupted")
        except BrokenPipeError:  # e.g. `oasgate rules | head`: the reader has gone
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:  # a bug in oasgate: still one clear line, details on request
            if os.environ.get("OASGATE_DEBUG"):
                import traceback  # only here: 1 ms of every run's start-up otherwise

                traceback.print_exc()
            die(
                f"internal error in `{_invocation()}`: {type(error).__name__}: {error} "
                f"(please report it at {ISSUES_URL} with this line and the output of the same "
                "command run with OASGATE_DEBUG=1)"
            )

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper  # type: ignore[return-value]


def writes_to_stdout(function: F) -> F:
    """For a command whose output always goes to standard output (``rules``, ``status``,
    ``validate``, ``versions``): started with standard output closed (``>&-``) it stops
    at once with one line, instead of failing on its first write (or printing nothing
    and exiting 0). Goes under :func:`guarded`."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if sys.stdout is None:
            raise OasgateError("cannot write to standard output: stdout is closed")
        return function(*args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper  # type: ignore[return-value]


def _invocation() -> str:
    """The command and its inputs (``oasgate check a.yaml b.yaml``), for an error that has
    no file of its own: the files to look at, or to attach to a bug report. Options are
    left out (a URL option may carry a token)."""
    import shlex

    context = click.get_current_context(silent=True)
    if context is None:
        return "oasgate"
    inputs: list[str] = []
    for parameter in context.command.params:
        if not isinstance(parameter, click.Argument) or parameter.name is None:
            continue
        value = context.params.get(parameter.name)
        values = value if isinstance(value, (list, tuple)) else [value]
        inputs += [shlex.quote(str(v)) for v in values if v is not None]
    return " ".join([context.command_path, *inputs])


#: the commands, in the order help lists them; each is ``command`` of the module of its name
COMMANDS = (
    "check",
    "diff",
    "rules",
    "changelog",
    "log",
    "status",
    "versions",
    "validate",
    "git-diff-driver",
    "merge",
    "mcp",
)


class _LazyGroup(click.Group):
    """Imports a command's module only when that command is run (or help lists them all),
    so ``oasgate check`` does not pay for the report and changelog machinery of the others."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"oasgate.cli.{cmd_name.replace('-', '_')}")
        command: click.Command = module.command
        return command


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="oasgate", prog_name="oasgate")
def main() -> None:
    """oasgate — the OpenAPI breaking-change gate.

    Compares the released document (BASE) with a proposed one (REVISION),
    classifies every change as compatible or breaking, gates it by the lifecycle
    status of what it touches, and exits 1 when the gate fails.

    \b
    Examples:
      oasgate check api/v1.yaml api/v1-next.yaml
      oasgate check base.yaml revision.yaml --format json > report.json
      oasgate check base.yaml revision.yaml --format sarif=oasgate.sarif
      oasgate check origin/main:api/openapi.yaml api/openapi.yaml
      oasgate changelog base.yaml revision.yaml --format atom=changelog.atom
      oasgate validate api/openapi.yaml
      oasgate rules
      oasgate status api/*.yaml
      oasgate versions api/billing-v1.yaml api/billing-v2.yaml
    """


#: how the command finished, kept (with the frames, hence the documents, it holds) so
#: that nothing is freed before the process ends; None until then, or when it raised
_finished: SystemExit | None = None


def run() -> None:
    """The ``oasgate`` program: :func:`main`, then an exit that skips the teardown.

    A ``check`` of a GitHub-sized pair holds millions of parsed objects, and freeing
    them one by one as the command returns and the interpreter shuts down took 40 ms
    (6 % of the run) for nothing: the process is about to end. So the finished
    command's exit keeps its frames alive, and the last exit handler flushes the
    standard streams and ends the process with its status; every other exit handler
    (registered later, so run earlier) still runs. Anything but a normal exit (a
    traceback, a stream that cannot be flushed) gets the usual shutdown.
    """
    global _finished
    atexit.register(_end_without_teardown)  # the first registered is the last one run
    _text_never_fails_to_print()
    try:
        main(prog_name="oasgate")
    except SystemExit as done:
        _finished = done
        raise


def _text_never_fails_to_print() -> None:
    """Text for a person on a terminal or pipe whose encoding lacks a character (``→`` on
    an ASCII locale) shows a ``?`` there instead of failing the run; reports in the
    machine formats are written as UTF-8 bytes and never pass through this encoding."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")


def _end_without_teardown() -> None:
    if _finished is None:
        return
    code = _finished.code
    status = code if isinstance(code, int) else (0 if code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (`>&-`): nothing to flush
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a broken stream: let Python report it
            return
    os._exit(status)
