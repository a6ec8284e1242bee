"""``oasgate --help`` lists every command with a whole sentence: click cuts a command's
first sentence to fit the terminal ("Gate REVISION against BASE: diff, classify,
apply lifecycle..."), so each command states a short help of its own (docs/cli.md)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from oasgate.cli import COMMANDS, main


def _command(name: str) -> click.Command:
    with click.Context(main) as context:
        command = main.get_command(context, name)
    assert command is not None
    return command


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_whole_short_help(name: str) -> None:
    short = _command(name).get_short_help_str(limit=20)
    assert short == _command(name).short_help, "set short_help= on the command"
    assert short.endswith(".") and not short.endswith("..."), short
    assert len(short) <= 80


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_the_command_list_cuts_nothing_at_any_width(width: int) -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=width)
    assert result.exit_code == 0
    listing = result.output.split("Commands:", 1)[1]
    assert "..." not in listing
    for name in COMMANDS:
        short = " ".join(_command(name).short_help.split())
        assert short in " ".join(listing.split()), (name, listing)
