"""The JSON report's data as YAML (docs/reports.md: "the same as json").

The report is JSON-shaped data (mappings, lists, strings, integers, booleans,
null), so it is written by a small block-style emitter rather than PyYAML's
dumper, which takes seconds on a report with thousands of findings (measured in
docs/decisions.md). Strings are plain only when they cannot be read as anything
else; otherwise they are JSON double-quoted strings, which YAML 1.1 and 1.2 read
the same, with the characters YAML treats as line breaks or forbids escaped.
"""

from __future__ import annotations

import json
import re
from typing import Any

from oasgate.findings import Report
from oasgate.report.json_report import report_data

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*")
#: words YAML 1.1 or 1.2 resolve to booleans or null
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
#: characters a double-quoted YAML scalar cannot carry raw: YAML 1.1 line breaks (NEL,
#: LS, PS), C1 controls, the BOM, non-characters and lone surrogates
_NEEDS_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # a spec's number (the report itself has none)
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    """Append the block lines of a non-empty mapping or list, its entries at ``indent``."""
    if isinstance(value, dict):
        for key, item in value.items():
            # a list under a key sits at the key's indentation (compact, as PyYAML writes it)
            _entry(f"{indent}{scalar(key)}:", item, indent + "  ", indent, out)
        return
    for item in value:
        if isinstance(item, dict) and item:
            lines: list[str] = []
            _emit(item, indent + "  ", lines)
            lines[0] = f"{indent}- " + lines[0][len(indent) + 2 :]
            out.extend(lines)
        else:
            _entry(f"{indent}-", item, indent + "  ", indent + "  ", out)


def _entry(head: str, value: Any, dict_indent: str, list_indent: str, out: list[str]) -> None:
    if isinstance(value, dict | list):
        if not value:
            out.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}")
            return
        out.append(head)
        _emit(value, dict_indent if isinstance(value, dict) else list_indent, out)
        return
    out.append(f"{head} {scalar(value)}")


def dump(data: dict[str, Any]) -> str:
    """JSON-shaped data (a non-empty mapping at the top) as block-style YAML."""
    out: list[str] = []
    _emit(data, "", out)
    return "\n".join(out) + "\n"


def render_data(data: dict[str, Any]) -> str:
    """Any report data (a monorepo run's, say) as this format writes a report's."""
    return dump(data)


def render(report: Report) -> str:
    return dump(report_data(report))
