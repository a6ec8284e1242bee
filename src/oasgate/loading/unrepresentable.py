"""Values no JSON document can hold, refused after parsing with the line that holds them.

YAML can write what an OpenAPI document (a JSON document) cannot: integers too long for
Python to turn into text (CVE-2020-10735: a report, a message or a canonical dump of one
would fail), mapping keys that are sequences or mappings (``? [a, b]``), and keys that
are NaN or infinite (no lookup finds a NaN key again: NaN != NaN). JSON's own huge
numbers are parsed as YAML too, so they arrive here the same way. The walk runs only
when the canonical dump of :func:`~oasgate.loading.parsing.check_depth` saw something
suspicious, so ordinary specs never pay for it.
"""

from __future__ import annotations

import math
from typing import Any

from oasgate.errors import OasgateError
from oasgate.loading.limits import MAX_COMPOSE_BYTES
from oasgate.loading.sources import SourceText

#: Python converts integers of more digits to text only on request (CVE-2020-10735):
#: a report, a message or a canonical dump of one would fail, so such values are refused.
MAX_INTEGER_DIGITS = 4300
_TOO_MANY_DIGITS = 10**MAX_INTEGER_DIGITS


def refuse_unrepresentable_values(data: Any, name: str, source: SourceText | None) -> None:
    """Refuse an integer of more than :data:`MAX_INTEGER_DIGITS` digits, and a mapping key
    that is a sequence, a mapping (YAML's ``? [a, b]``) or NaN or infinite (no lookup
    finds a NaN key again: NaN != NaN), naming the line.

    Both only come from YAML (JSON's huge numbers are parsed as YAML too); a JSON
    document's keys are strings and an OpenAPI document is a JSON document."""
    found = _first_unrepresentable(data)
    if found is None:
        return
    path, problem = found
    line = None
    if source is not None and "mapping key" in problem:
        # a key has no path to locate it by: the first such key in the text, and its kind
        line, problem = _first_refused_key(source.text) or (None, problem)
    elif source is not None:
        line = _line_of(source, path)
    raise OasgateError(problem, file=name, line=line)


def _first_unrepresentable(data: Any) -> tuple[list[Any], str] | None:
    """The path to the first refused value (or to the mapping holding a refused key)
    and what is wrong with it."""
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                problem = _key_problem(key)
                if problem is not None:
                    return path, problem
                stack.append((child, [*path, key]))
        elif isinstance(value, list):
            stack.extend((child, [*path, index]) for index, child in enumerate(value))
        elif _is_huge_integer(value):
            return path, _huge_integer_problem(value)
    return None


def _key_problem(key: Any) -> str | None:
    if isinstance(key, float) and not math.isfinite(key):
        return "a mapping key that is not a finite number (.nan, .inf) is refused"
    if isinstance(key, tuple):
        return "a mapping key that is a sequence is refused: keys must be strings"
    if isinstance(key, frozenset):
        return "a mapping key that is a mapping is refused: keys must be strings"
    if _is_huge_integer(key):
        return _huge_integer_problem(key)
    return None


def _is_huge_integer(value: Any) -> bool:
    return isinstance(value, int) and abs(value) >= _TOO_MANY_DIGITS


def _huge_integer_problem(value: int) -> str:
    digits = _decimal_digits(abs(value))
    return f"an integer of {digits} digits is refused (at most {MAX_INTEGER_DIGITS})"


def _decimal_digits(value: int) -> int:
    """How many decimal digits a positive integer has, without converting it to text."""
    digits = max(1, int(value.bit_length() * 0.30102999566398120) - 1)
    while 10**digits <= value:
        digits += 1
    return digits


def _line_of(source: SourceText, path: list[Any]) -> int | None:
    """The line of the refused value, found by its path."""
    from oasgate.loading.locate.locator import Locator

    position = Locator(source.text, is_json=False).position(path)
    return position[0] if position else None


def _first_refused_key(text: str) -> tuple[int, str] | None:
    """The line of the first refused key in document order, and what is wrong with it."""
    import yaml

    if len(text) > MAX_COMPOSE_BYTES:
        return None
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return None
    stack: list[tuple[Any, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, is_key = stack.pop()
        problem = _key_node_problem(node) if is_key else None
        if problem is not None:
            return node.start_mark.line + 1, problem
        if isinstance(node, yaml.MappingNode):
            children = [
                (child, index == 0) for pair in node.value for index, child in enumerate(pair)
            ]
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, False) for child in reversed(node.value))
    return None


def _key_node_problem(node: Any) -> str | None:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return _key_problem(())
    if isinstance(node, yaml.MappingNode):
        return _key_problem(frozenset())
    return _key_problem(math.nan) if _non_finite(node) else None


def _non_finite(node: Any) -> bool:
    if node.style not in (None, ""):  # quoted: a string
        return False
    text = node.value.lower()
    if text in (".nan", ".inf", "+.inf", "-.inf"):
        return True
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False
