"""How the formats show a witness (docs/witnesses.md): one line for text, the instance as
indented JSON for the collapsible blocks of Markdown and HTML, plain data for JSON, YAML
and SARIF. Spec text inside an instance is the spec's own: each format escapes it as it
escapes every other spec text."""

from __future__ import annotations

from typing import Any

import orjson

from oasgate.findings import Witness

#: Characters of an instance the one-line text form shows before it cuts.
TEXT_WIDTH = 200


def witness_data(witness: Witness) -> dict[str, Any]:
    """The JSON report's ``witness`` object (report.schema.json)."""
    if not witness.found:
        return {"found": False, "note": witness.note}
    data: dict[str, Any] = {
        "found": True,
        "instance": orjson.loads(witness.instance),
        "where": witness.where,
        "accepted_by": witness.accepted_by,
        "rejected_by": witness.rejected_by,
    }
    if witness.text is not None:
        data["text"] = witness.text
    if witness.note:
        data["note"] = witness.note  # what a validator must do to agree (a format's)
    return data


def witness_line(witness: Witness) -> str:
    """``witness: the base accepts it, the revision rejects it — request body of …: {…}``."""
    if not witness.found:
        return f"witness: {witness.note}"
    shown = witness.instance if witness.text is None else witness.text
    if len(shown) > TEXT_WIDTH:
        shown = shown[:TEXT_WIDTH] + "…"
    caveat = f" ({witness.note})" if witness.note else ""
    return (
        f"witness: the {witness.accepted_by} accepts, the {witness.rejected_by} rejects — "
        f"{witness.where}: {shown}{caveat}"
    )


def witness_heading(witness: Witness) -> str:
    """The summary line of a collapsible block."""
    if not witness.found:
        return f"Witness: {witness.note}"
    caveat = f" ({witness.note})" if witness.note else ""
    return (
        f"Witness: {witness.where} — the {witness.accepted_by} accepts it, "
        f"the {witness.rejected_by} rejects it{caveat}"
    )


def witness_body(witness: Witness) -> str:
    """The instance, indented (a parameter's text as it travels)."""
    if witness.text is not None:
        return witness.text
    return orjson.dumps(
        orjson.loads(witness.instance), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    ).decode()
