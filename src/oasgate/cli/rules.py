"""``oasgate rules``: the rule catalogue."""

from __future__ import annotations

import sys

import click

from oasgate.cli import guarded, writes_to_stdout


@click.command("rules", short_help="List the rule catalogue: id, side, classification, summary.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: the full reference (docs/rules.md), with rationale, examples and "
    "oasdiff coverage.",
)
@guarded
@writes_to_stdout
def command(fmt: str) -> None:
    """List the rule catalogue: id, side, default classification, summary.

    Rule ids are what the config's rules: and ignores: name; oasdiff's check ids
    are accepted there too (see docs/rules.md).

    \b
    Examples:
      oasgate rules
      oasgate rules --format json
      oasgate rules --format markdown > docs/rules.md
    """
    from oasgate.catalogue import RULES, SECTIONS

    if fmt == "markdown":
        from oasgate.catalogue.docs import render_markdown

        sys.stdout.write(render_markdown(RULES, SECTIONS))
        return

    if fmt == "json":
        import orjson

        data = [
            {
                "id": r.id,
                "side": r.side.value,
                "classification": r.classification.value,
                "kind": r.kind.value,
                "summary": r.summary,
                "aliases": list(r.aliases),
                "rationale": r.rationale,
            }
            for r in RULES.values()
        ]
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    width = max(len(r.id) for r in RULES.values())
    for rule in RULES.values():
        click.echo(
            f"{rule.id:<{width}}  {rule.side.value:<8}  {rule.classification.value:<10}  "
            f"{rule.summary}"
        )
