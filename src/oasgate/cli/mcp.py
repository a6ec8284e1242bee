"""``oasgate mcp``: the local MCP server (docs/mcp.md), with the optional ``mcp`` extra."""

from __future__ import annotations

import importlib

import click

from oasgate.cli import guarded
from oasgate.errors import OasgateError


@click.command(
    "mcp", short_help="Serve check, changelog, validate, status and rules over MCP (stdio)."
)
@guarded
def command() -> None:
    """Serve oasgate's check, changelog, validate, status and rules to an AI assistant
    over stdio (the Model Context Protocol), for the specs of the current repository.

    \b
    Needs the extra: pip install 'oasgate[mcp]'. A client starts it as
      oasgate mcp
    in the repository; see docs/mcp.md for the client configuration.
    """
    from oasgate.mcp_server import INSTALL, serve

    try:
        importlib.import_module("mcp")
    except ImportError:
        raise OasgateError(
            "the MCP server needs the mcp package, an optional extra",
            hint=f"install it with: {INSTALL}",
        ) from None
    serve()
