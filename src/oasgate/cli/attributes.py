"""``--attributes x-audience,x-team``: extension values of each operation carried into every
report format (docs/templates.md), so that a changelog can say who a change is for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _names(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> tuple[str, ...]:
    if not value:
        return ()
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    wrong = [name for name in names if not name.startswith("x-")]
    if wrong:
        raise click.BadParameter(
            f"{', '.join(wrong)}: only extensions (x-…) can be carried, e.g. x-audience,x-team"
        )
    return names


def parse_attributes(value: str | None) -> tuple[str, ...]:
    """The names of ``--attributes`` (for callers outside click: the MCP server)."""
    from oasgate.errors import OasgateError

    try:
        return _names(click.Context(click.Command("x")), click.Option(["--a"]), value)
    except click.BadParameter as error:
        raise OasgateError(f"attributes: {error.message}") from None


def attributes_option(function: F) -> F:
    result: F = click.option(
        "--attributes",
        metavar="X-NAME,…",
        callback=_names,
        help="Extensions of each operation (e.g. x-audience,x-team) to carry into every "
        "report: from the revision, the base for a removed operation.",
    )(function)
    return result
