"""``oasgate rules``: the rule catalogue."""

from __future__ import annotations

import click

from oasgate.cli import guarded
from oasgate.cli.output import Target, emit, format_options, resolve_targets

#: the formats of ``oasgate rules``
FORMATS = (
    ("text", "one line per rule: id, side, classification, summary"),
    ("json", "every rule with its kind, aliases and rationale"),
    (
        "markdown",
        "the full reference (docs/rules.md), with rationale, examples and oasdiff coverage",
    ),
)


@click.command("rules", short_help="List the rule catalogue: id, side, classification, summary.")
@format_options(FORMATS, "text")
@guarded
def command(formats: tuple[Target, ...], output: str | None) -> None:
    """List the rule catalogue: id, side, default classification, summary.

    Rule ids are what the config's rules: and ignores: name; oasdiff's check ids
    are accepted there too (see docs/rules.md).

    \b
    Examples:
      oasgate rules
      oasgate rules --format json
      oasgate rules --format markdown=docs/rules.md
    """
    targets = resolve_targets(formats, output, "text", [])
    emit(targets, _render)


def _render(fmt: str) -> str:
    from oasgate.catalogue import RULES, SECTIONS

    if fmt == "markdown":
        from oasgate.catalogue.docs import render_markdown

        return render_markdown(RULES, SECTIONS)
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
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    width = max(len(r.id) for r in RULES.values())
    return "".join(
        f"{rule.id:<{width}}  {rule.side.value:<8}  {rule.classification.value:<10}  "
        f"{rule.summary}\n"
        for rule in RULES.values()
    )
