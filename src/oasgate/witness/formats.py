"""Witnesses of a changed ``format``: shown with format assertion on, and said so.

JSON Schema validators do not assert ``format`` unless asked, so a format change has no
witness a default validator would confirm. Many servers do ask (a ``date`` that is not a
date is refused), and the validator oasgate uses can check a set of formats when asked:
for a format rule whose formats are all among those, the witness is searched — and
checked again by :func:`oasgate.witness.verify.verify` — with format assertion on both
sides, and its note says that it needs a validator that asserts formats
(docs/witnesses.md). The number formats whose check is a Python type test rather than a
value's range (``float``, ``double``) and the encodings (``byte``, ``binary``) are left
out: a JSON number has no float-or-integer type of its own, and an encoding is not a value
a client chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from oasgate.catalogue.schema import schema_aspect
from oasgate.loading.document import Node

#: Formats whose witness is shown with format assertion on: the checks of
#: openapi-schema-validator's format checkers (3.0 and 3.1) that test a value.
ASSERTED = frozenset(
    {
        "date",
        "date-time",
        "time",
        "email",
        "idn-email",
        "ipv4",
        "ipv6",
        "idn-hostname",
        "uuid",
        "regex",
        "int32",
        "int64",
    }
)

NOTE = (
    "needs a validator that asserts `format` (oasgate checks this witness with format "
    "assertion on; validators leave it off by default)"
)

TEXT_RANGE = (
    "a parameter's or header's text is also read as a number with a fraction "
    "(`2147483648.0`), which the checks of `int32` and `int64` let through"
)

#: One step past each integer format's range.
OUTSIDE: dict[str, tuple[int, ...]] = {
    "int32": (2**31, -(2**31) - 1),
    "int64": (2**63, -(2**63) - 1),
}


def is_format_rule(rule: str) -> bool:
    """A rule about a schema's ``format`` (added, removed, changed, widened, narrowed)."""
    aspect = schema_aspect(rule)
    return aspect is not None and aspect.name.startswith("format-")


def assertable(schemas: list[Any], text: bool = False) -> bool | None:
    """Whether every ``format`` the schemas write is one :data:`ASSERTED` holds (and at least
    one writes one); None for an integer format where the value travels as ``text`` (a
    parameter or header): it is also read as a number with a fraction, which the check
    lets through."""
    written = [s.get("format") for s in schemas if isinstance(s, dict) and "format" in s]
    if text and any(form in OUTSIDE for form in written):
        return None
    return bool(written) and all(isinstance(f, str) and f in ASSERTED for f in written)


def for_the_format(
    accepts: Callable[[Node, Any], bool] | None,
    schema: Node,
    found: tuple[Any, str, str | None],
    readings: Callable[[str], list[Any]],
) -> bool:
    """A format's witness is refused for its format: without format assertion the
    rejecting side (its ``accepts``) takes it, or one reading of its text. Any other
    witness (``accepts`` None): True."""
    if accepts is None:
        return True
    value, _, text = found
    values = [value] if text is None else readings(text)
    return any(accepts(schema, v) for v in values)
