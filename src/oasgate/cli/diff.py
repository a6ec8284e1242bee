"""``oasgate diff``: the raw structural difference of two documents, to debug a verdict.

``check`` compares meanings (references followed, lists paired by what they hold, both
sides of the wire); when its verdict surprises, this shows what the text says changed —
every added, removed and changed node by JSON pointer, lists by position, nothing
resolved (:mod:`oasgate.raw_difference`). Read with the same safe loaders as ``check``.
Exit 0, or 2 when it could not run: it judges nothing.
"""

from __future__ import annotations

from typing import Any

import click

from oasgate.cli import EXIT_OK, guarded
from oasgate.cli.inputs import InputOptions, input_options
from oasgate.cli.output import STDOUT, Target, format_options
from oasgate.errors import OasgateError

#: the formats of ``oasgate diff``: data for machines, or for a person reading it raw
FORMATS = {
    "json": "the changes as JSON: change, pointer, base and revision values",
    "yaml": "the same data as YAML",
}


@click.command(
    "diff", short_help="Print the raw structural difference of two documents, for debugging."
)
@click.argument("base")
@click.argument("revision")
@format_options(list(FORMATS.items()), "json")
@input_options
@guarded
def command(
    base: str,
    revision: str,
    formats: tuple[Target, ...],
    output: str | None,
    inputs: InputOptions,
) -> None:
    """The raw structural difference from BASE to REVISION: every node added, removed
    or changed, by JSON pointer, with its values.

    Nothing is interpreted: $refs are not followed, lists are compared by position,
    key order is ignored. Use it to see what the text says when a verdict of `oasgate
    check` surprises you; of a multi-file spec, the files named are compared.

    \b
    Examples:
      oasgate diff api/v1.yaml api/v2.yaml
      oasgate diff origin/main:api/openapi.yaml api/openapi.yaml --format yaml
      oasgate diff a.yaml b.yaml --format json=diff.json

    Exit code 0, or 2 when it could not run: a difference is not a failure.
    """
    from oasgate.cli.output import emit, resolve_targets

    if base == STDOUT and revision == STDOUT:
        raise OasgateError("only one of BASE and REVISION can be read from standard input")
    targets = resolve_targets(formats, output, "json", [base, revision])
    inputs = inputs.with_config()  # the config's limits: apply to every reading command
    data = _difference(base, revision, inputs)
    emit(targets, lambda fmt: _render(fmt, data))
    raise SystemExit(EXIT_OK)


def _difference(base: str, revision: str, inputs: InputOptions) -> dict[str, Any]:
    from oasgate.loading.document import Document
    from oasgate.loading.trees import open_tree
    from oasgate.raw_difference import ADDED, CHANGED, REMOVED, raw_changes

    limits = inputs.limits
    documents = [
        Document(
            open_tree(
                spec, ref_root=inputs.ref_root, allow_remote=inputs.allow_remote, limits=limits
            ),
            limits=limits,
        )
        for spec in (base, revision)
    ]
    changes = [change.data() for change in raw_changes(*(d.root.value for d in documents))]
    counts = dict.fromkeys((ADDED, REMOVED, CHANGED), 0)
    for change in changes:
        counts[change["change"]] += 1
    return {
        "version": 1,
        "base": documents[0].root_display,
        "revision": documents[1].root_display,
        "summary": counts,
        "changes": changes,
    }


def _render(fmt: str, data: dict[str, Any]) -> str:
    if fmt == "yaml":
        from oasgate.report.yaml_report import dump

        return dump(data)
    import orjson

    try:
        return (
            orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode() + "\n"
        )
    except orjson.JSONEncodeError:  # a value nested deeper than orjson writes
        import json

        return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
