"""The bounds that keep a hostile input from costing unbounded time or memory.

oasgate reads specs from untrusted pull requests. Every input passes through
these limits; each refusal is one clear message and exit code 2. The defaults
are far above any real API description (the largest in the corpus nests 25
levels deep, DigitalOcean's has ~2,100 files, GitHub's dereferenced spec is
~53 MB) and each can be changed on the command line (``--max-input-size``,
``--max-total-size``, ``--max-files``, ``--max-depth``, ``--remote-timeout``,
``--max-findings``, ``--max-report-size``)
or with :meth:`Limits.from_mapping` from a configuration's ``limits:`` table.
``docs/security.md`` documents them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oasgate.errors import OasgateError

MIB = 1024 * 1024
#: Largest text PyYAML's composer (about 2 MB/s) reads to find where a duplicate or refused
#: key is; past it, the message names the file without a line.
MAX_COMPOSE_BYTES = 16 * MIB


@dataclass(frozen=True)
class Limits:
    """Bounds applied while reading and parsing one spec (all of its files)."""

    #: Largest single file, in bytes (also applies to standard input and URLs).
    max_input_bytes: int = 128 * MIB
    #: Largest sum of all files of one spec, in bytes.
    max_total_bytes: int = 512 * MIB
    #: Most files one spec may consist of (the root document and every external ``$ref``).
    max_files: int = 10_000
    #: Deepest nesting of mappings and sequences in one file.
    max_depth: int = 256
    #: Most YAML nodes that aliases may replay ("billion laughs" documents).
    max_alias_events: int = 2_000_000
    #: Seconds one URL may take in all (connect, redirects, headers, body), with ``--allow-remote``.
    remote_timeout: float = 20.0
    #: Most findings one comparison may produce (YAML aliases multiply a small change).
    max_findings: int = 100_000
    #: Largest report ``check`` writes, in bytes (each format counted on its own).
    max_report_bytes: int = 256 * MIB

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if not _is_positive_number(value):
                raise OasgateError(f"--{OPTION_NAMES[field.name]} must be a positive number")
        # Above these, the YAML parser's native recursion could outgrow its stack, and a
        # socket refuses a timeout (a longer wait is no use to a CI job anyway).
        for name, ceiling in _CEILINGS.items():
            if getattr(self, name) > ceiling:
                raise OasgateError(f"--{OPTION_NAMES[name]} may be at most {ceiling}")
        # Beyond these nothing could be read anyway: "no practical limit", kept in range.
        for name, largest in _LARGEST.items():
            object.__setattr__(self, name, min(getattr(self, name), largest))

    def replace(self, **changes: Any) -> Limits:
        """A copy with some limits changed; ``None`` values keep the current limit."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "config") -> Limits:
        """Limits from a configuration table, e.g. ``{max-depth: 64, max-input-size: 64MB}``."""
        known = {OPTION_NAMES[f.name]: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            field = known.get(str(key))
            if field is None:
                raise OasgateError(
                    f"unknown limit '{key}' (known: {', '.join(sorted(known))})", file=source
                )
            if field.name.endswith("_bytes"):
                values[field.name] = parse_size(value, what=str(key), source=source)
            elif field.name == "remote_timeout":
                values[field.name] = _number(value, float, str(key), source)
            else:
                values[field.name] = _number(value, int, str(key), source)
        return cls(**values)


#: Hard ceilings: see ``oasgate.loading.yaml_parsing`` (the parser's stack is sized for them);
#: a day for the network timeout.
_CEILINGS = {"max_depth": 1000, "max_alias_events": 10_000_000, "remote_timeout": 86_400}
#: Larger values are lowered to these (a petabyte; a billion files): a read of more bytes
#: than an index can hold would fail with an OverflowError.
_LARGEST = {"max_input_bytes": 1 << 50, "max_total_bytes": 1 << 50, "max_files": 10**9}


def _is_positive_number(value: Any) -> bool:
    """A positive int or a positive finite float (NaN is not, nor are the infinities)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value > 0 and (isinstance(value, int) or math.isfinite(value))


DEFAULT_LIMITS = Limits()

#: The command-line option (without ``--``) and configuration key of each limit.
OPTION_NAMES = {
    "max_input_bytes": "max-input-size",
    "max_total_bytes": "max-total-size",
    "max_files": "max-files",
    "max_depth": "max-depth",
    "max_alias_events": "max-alias-nodes",
    "remote_timeout": "remote-timeout",
    "max_findings": "max-findings",
    "max_report_bytes": "max-report-size",
}

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": MIB, "g": 1024 * MIB}
_LARGEST_SIZE = _LARGEST["max_input_bytes"]


def parse_size(value: Any, *, what: str = "size", source: str | None = None) -> int:
    """``1048576``, ``"512KB"``, ``"64MB"``, ``"1GiB"`` → bytes (binary units)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return min(value, _LARGEST_SIZE)
    match = _SIZE.match(str(value))
    if match is None:
        raise OasgateError(
            f"{what} must be a size such as 1048576, 512KB or 64MB, not '{value}'", file=source
        )
    unit = (match.group(2) or "").lower()[:1]
    size = float(match.group(1)) * _UNITS[unit]  # past a double's range: inf
    return int(size) if math.isfinite(size) and size < _LARGEST_SIZE else _LARGEST_SIZE


def _number(value: Any, kind: type[Any], what: str, source: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise OasgateError(f"{what} must be a number, not '{value}'", file=source)
    return kind(value)
