"""The vocabulary of the rule catalogue: rules, examples, sides, kinds, and the helpers
that write example documents compactly."""

from __future__ import annotations

import enum
from typing import NewType

from msgspec import Struct

from oasgate.findings import Classification

B = Classification.BREAKING
W = Classification.WARNING
C = Classification.COMPATIBLE
I = Classification.INFO  # noqa: E741

#: A rule id of the catalogue. The diff and the policy emit rules only by the names of
#: :mod:`oasgate.catalogue.ids` (or composed from the parts below), and mypy holds them to
#: it: a plain string is not a ``RuleId``.
RuleId = NewType("RuleId", str)
#: Where a schema sits on the wire: the first part of a schema rule id (``request-body``).
SiteName = NewType("SiteName", str)
#: A kind of schema change: the second part of a schema rule id (``type-narrowed``).
AspectName = NewType("AspectName", str)
#: What carries a lifecycle annotation: the first part of a lifecycle rule id (``operation``).
ElementName = NewType("ElementName", str)
#: A lifecycle transition or problem: the second part of a lifecycle rule id
#: (``sunset-too-soon``).
LifecycleAspectName = NewType("LifecycleAspectName", str)


class Side(str, enum.Enum):
    """Which side of the wire a rule is about."""

    REQUEST = "request"
    RESPONSE = "response"
    NONE = "none"


class Kind(str, enum.Enum):
    """How the lifecycle gate treats a change (docs/lifecycle.md gate table)."""

    CHANGE = "change"  # modifies or removes promised surface
    FEATURE = "feature"  # adds surface: a new operation, parameter, property...
    LIFECYCLE = "lifecycle"  # deprecation, sunset and status rules


class Example(Struct, frozen=True):
    """A base/revision pair. Each text is the YAML of the ``paths`` object, or a whole
    document when it starts with ``openapi:`` or ``swagger:``."""

    base: str
    revision: str
    #: the date the example is checked on (``--today``), for rules that depend on dates
    today: str | None = None


class Rule(Struct, frozen=True):
    id: str
    side: Side
    classification: Classification
    summary: str
    message: str
    example: Example
    #: a similar change that must NOT produce this rule
    counter_example: Example
    aliases: tuple[str, ...] = ()
    rationale: str = ""
    kind: Kind = Kind.CHANGE


# -- example helpers ------------------------------------------------------------------------

OK = "responses: {'200': {description: ok}}"


def op(body: str, method: str = "get", path: str = "/pets") -> str:
    """A ``paths`` snippet with one operation whose YAML body is ``body``."""
    lines = body.splitlines()  # one join over a list: 3,800 examples built at import
    indented = "    " + "\n    ".join(lines) + "\n" if lines else ""
    return f"{path}:\n  {method}:\n{indented}"


def flow(schema: str) -> str:
    return "{" + schema + "}"
