"""The Deprecation and Sunset response headers (RFC 9745, RFC 8594) of a retiring
operation: declared, and with example values that say the operation's own dates.

Checked when an operation's lifecycle or those headers change, not on every run, so an
old spec adopting the policy is not flooded (D19).
"""

from __future__ import annotations

from typing import Any

from oasgate.catalogue.ids import DEPRECATION_HEADERS_INCONSISTENT, DEPRECATION_HEADERS_MISSING
from oasgate.diff.changes import ChangeKey
from oasgate.diff.lifecycle_pairs import LifecyclePairs
from oasgate.errors import OasgateError
from oasgate.loading.document import Document
from oasgate.model.objects import Header, Operation, Response, is_success_status
from oasgate.phrases import Phrase
from oasgate.policy.dates import (
    DateError,
    http_date,
    parse_deprecation_header,
    parse_http_date,
    structured_date,
)
from oasgate.policy.status import RETIRING, Resolved
from oasgate.policy.transitions import LifecycleChanges


def check_headers(
    found: LifecycleChanges,
    pairs: LifecyclePairs,
    base_op: Operation | None,
    revision_op: Operation,
    resolved: Resolved,
) -> list[ChangeKey]:
    """The Deprecation and Sunset headers of a retiring operation's responses (its success
    responses, else all): declared, and with examples that match its lifecycle dates."""
    if resolved.status not in RETIRING:
        return []
    responses = pairs.revision_responses(revision_op)
    chosen = [r for s, r in responses.items() if is_success_status(s)] or list(responses.values())
    if not chosen:
        return []
    label = revision_op.label
    where = revision_op.node.get("responses") or revision_op.node
    base_node = base_op.node if base_op is not None else None
    wanted = ["Deprecation", "Sunset"]
    missing = [
        name for name in wanted if any(name.lower() not in response.headers for response in chosen)
    ]
    keys: list[ChangeKey] = []
    suggestion = []
    if resolved.deprecated is not None:
        suggestion.append(f"Deprecation: {structured_date(resolved.deprecated)}")
    if resolved.sunset is not None:
        suggestion.append(f"Sunset: {http_date(resolved.sunset)}")
    if missing:
        keys.append(
            found.emit(
                DEPRECATION_HEADERS_MISSING,
                base_node,
                where,
                {
                    "operation": label,
                    "missing": Phrase("{first} and {second}", first=missing[0], second=missing[1])
                    if len(missing) == 2
                    else " and ".join(missing),
                },
                {
                    "suggestion": Phrase(
                        "; declare them with examples like {examples}",
                        examples=", ".join(suggestion),
                    )
                    if suggestion
                    else Phrase("; declare them")
                },
            )
        )
    for response in chosen:
        for name, expected, parse, render in (
            ("Deprecation", resolved.deprecated, parse_deprecation_header, structured_date),
            ("Sunset", resolved.sunset, parse_http_date, http_date),
        ):
            header = response.headers.get(name.lower())
            if header is None or expected is None:
                continue
            for value in _header_examples(pairs.revision.document, header):
                problem: str | None
                try:
                    shown = parse(value)
                    problem = (
                        None if shown == expected else Phrase("says {date}", date=shown.isoformat())
                    )
                except DateError as error:
                    problem = str(error)
                if problem is None:
                    continue
                keys.append(
                    found.emit(
                        DEPRECATION_HEADERS_INCONSISTENT,
                        base_node,
                        header.node,
                        {
                            "operation": label,
                            "header": name,
                            "value": str(value),
                            "expected": expected.isoformat(),
                        },
                        {"problem": problem, "suggested": render(expected)},
                    )
                )
    return keys


def header_values(responses: dict[str, Response]) -> Any:
    """The Deprecation/Sunset header declarations of an operation, to notice when they change."""
    found = []
    for status, response in sorted(responses.items()):
        for name in ("deprecation", "sunset"):
            header = response.headers.get(name)
            if header is not None:
                found.append((status, name, header.node.value))
    return found


def _header_examples(document: Document, header: Header) -> list[Any]:
    """The example values a header declaration gives (OpenAPI 3 and Swagger 2 spellings)."""
    values: list[Any] = []
    node = header.node.value
    if not isinstance(node, dict):
        return values
    for key in ("example", "x-example"):
        if key in node:
            values.append(node[key])
    examples = node.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                values.append(example["value"])
    schema = header.schema
    if schema is not None and schema is not header.node:
        try:
            schema_value = document.deref(schema).value
        except OasgateError:
            schema_value = None
        if isinstance(schema_value, dict) and "example" in schema_value:
            values.append(schema_value["example"])
    return values
