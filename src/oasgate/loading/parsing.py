"""Text to Python data, fast, with YAML 1.2 semantics, and within bounds.

JSON goes through orjson and YAML through yaml_rs (a Rust YAML 1.2 parser): both
are an order of magnitude faster than PyYAML's C loader on real specs, and YAML
1.2 keeps ``on``/``yes``/``no`` and dates as strings. Neither records source
positions; :mod:`oasgate.loading.locate.locator` recovers those lazily for reported nodes only.
See ``docs/decisions.md``.

Hostile input is refused here, before and after parsing, with one clear message
(see ``docs/security.md``): oversized text, NUL bytes, alias bombs (yaml_rs's
replay limit), and nesting deeper than :attr:`Limits.max_depth`. yaml_rs recurses
on the native stack and crashes the interpreter on nesting in the tens of
thousands, so YAML text that *could* nest that deep (absurd indentation, long
chains of ``- - -``) is refused before it reaches the parser, and documents with
anchors, whose aliases can multiply depth, are parsed on a thread with a large
stack.
"""

from __future__ import annotations

import dataclasses
import math
import re
import threading
from dataclasses import dataclass
from typing import Any

import orjson

from oasgate.errors import OasgateError
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.sources import SourceText

#: Kept for callers of the first version of this module.
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_input_bytes
MAX_ALIAS_EVENTS = DEFAULT_LIMITS.max_alias_events

#: orjson serialises at most this many nested containers; a success proves the depth.
_ORJSON_MAX_DEPTH = 254
#: Largest text whose duplicate keys are located with PyYAML's (slow) composer.
_COMPOSE_LIMIT = 16 * 1024 * 1024
#: Stack for parsing YAML that uses anchors: aliases can nest replayed nodes deeply.
_ALIAS_PARSE_STACK = 1024 * 1024 * 1024

#: Control characters YAML 1.2 does not allow (C0 other than tab, LF and CR; DEL).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_ALLOWED_BYTES = bytes(sorted(set(range(256)) - set(_CONTROL_BYTES)))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YAML_POSITION = re.compile(r"line (\d+), column (\d+)")
_DUPLICATE_KEY = re.compile(r"duplicate mapping key: (.*)$")
#: Two block indicators in a row on one line; each starts with a literal, so it is fast.
_COMPACT_PAIRS = (re.compile(r"-[ \t]+[-?]"), re.compile(r"\?[ \t]+[-?]"))


@dataclass(frozen=True)
class DuplicateKey:
    """A mapping key written twice; the last value is the one used."""

    key: str
    line: int | None = None
    column: int | None = None
    first_line: int | None = None


@dataclass(frozen=True)
class ParsedText:
    """A parsed document and the facts about its text that later stages need."""

    data: Any
    is_json: bool
    duplicate_keys: tuple[DuplicateKey, ...] = ()
    #: The data as compact JSON, when the depth check produced it (saves a later dump).
    canonical: bytes | None = None


def looks_like_json(raw: bytes) -> bool:
    """Content decides the format: JSON documents start with ``{`` or ``[``."""
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def parse_source(
    source: SourceText,
    *,
    max_bytes: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    check_nesting: bool = True,
) -> ParsedText:
    """Parse a file (JSON or YAML, chosen by content); raise :class:`OasgateError` on failure.

    JSON is parsed from the raw bytes (orjson checks UTF-8 itself, and refuses NUL and
    other control characters); the text is decoded only for YAML. Data nested deeper
    than ``limits.max_depth`` is refused (:func:`check_depth`) unless ``check_nesting``
    is False: the caller then owes that check before the data is walked recursively.
    """
    if max_bytes is not None:
        limits = limits.replace(max_input_bytes=max_bytes)
    name = source.display
    check_size(len(source.raw), name, limits)
    if looks_like_json(source.raw):
        raw = source.raw[3:] if source.raw.startswith(b"\xef\xbb\xbf") else source.raw
        try:
            parsed = ParsedText(orjson.loads(raw), is_json=True)
        except orjson.JSONDecodeError as json_error:
            if "depth limit" in json_error.msg:
                raise _depth_error(name, limits) from None
            text = source.text  # not UTF-8 at all: this raises the clear error
            _refuse_control_characters(source, name)
            try:  # JSON is a subset of YAML 1.2; a flow-style YAML file may start with "{"
                parsed = _parse_yaml(text, name, limits)
            except OasgateError:
                raise OasgateError(
                    f"invalid JSON: {json_error.msg}",
                    file=name,
                    line=json_error.lineno,
                    column=json_error.colno,
                ) from None
    else:
        _refuse_control_characters(source, name)
        parsed = _parse_yaml(source.text, name, limits)
    if not check_nesting:
        return parsed
    canonical = check_depth(parsed.data, name, limits, source)
    return dataclasses.replace(parsed, canonical=canonical)


def parse_text(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> ParsedText:
    """Parse a string as if it were the file ``name``."""
    return parse_source(SourceText(name, name, text.encode("utf-8")), limits=limits)


def check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_input_bytes:
        raise OasgateError(
            f"input is {size} bytes, more than the limit of {limits.max_input_bytes}",
            file=name,
            hint="raise it with --max-input-size if this document is genuine",
        )


# -- depth --------------------------------------------------------------------------------


def check_depth(
    data: Any, name: str, limits: Limits, source: SourceText | None = None
) -> bytes | None:
    """Refuse data nested deeper than ``limits.max_depth`` (mappings and sequences), and
    values no JSON document can hold (:func:`refuse_unrepresentable_values`).

    Returns the data serialised as compact JSON when that was how the depth was proved
    (orjson writes every value that is not refused, so only its refusals need a walk).
    """
    if limits.max_depth >= _ORJSON_MAX_DEPTH:
        try:  # the common case, decided at C speed: orjson refuses deeper data itself
            canonical = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
        except TypeError:  # too deep, or a value orjson cannot write (a 65-bit integer)
            pass
        else:
            if _NULL_KEY in canonical:  # a null key, or a NaN or infinite one: a closer look
                refuse_unrepresentable_values(data, name, source)
            return canonical
    path = _too_deep(data, limits.max_depth)
    if path is not None:
        raise _depth_error(name, limits, path)
    refuse_unrepresentable_values(data, name, source)
    return None


def _too_deep(data: Any, limit: int) -> list[str] | None:
    """The path to the first container nested deeper than ``limit``, or None."""
    stack: list[tuple[Any, int, tuple[Any, ...]]] = [(data, 1, ())]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict):
            children: Any = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        if depth > limit:
            return [str(token) for token in path]
        for key, child in children:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1, (*path, key) if len(path) < 8 else path))
    return None


#: How orjson writes a key that is null, NaN or infinite (all three alike).
_NULL_KEY = b'"null":'
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

    try:
        position = Locator(source.text, is_json=False).position(path)
    except Exception:  # text the locator cannot scan: the message still names the file
        return None
    return position[0] if position else None


def _first_refused_key(text: str) -> tuple[int, str] | None:
    """The line of the first refused key in document order, and what is wrong with it."""
    import yaml

    if len(text) > _COMPOSE_LIMIT:
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


def _depth_error(name: str, limits: Limits, path: list[str] | None = None) -> OasgateError:
    where = ""
    if path:
        shown = "/".join(t.replace("~", "~0").replace("/", "~1") for t in path[:8])
        where = f" (under /{shown}…)"
    return OasgateError(
        f"nesting deeper than {limits.max_depth} levels is refused{where}",
        file=name,
        hint="raise it with --max-depth if this document is genuine",
    )


def _guard_yaml_text(text: str, name: str, limits: Limits) -> None:
    """Refuse YAML whose *text* could nest deep enough to crash the native parser.

    Block nesting needs indentation or compact chains (``- - - x``); flow nesting is
    bounded by yaml_rs itself. Both searches start with a literal, so they run at
    memchr speed on ordinary specs.
    """
    indent = 4 * limits.max_depth + 64
    match = re.search("\n" + " " * indent, text)
    if match is not None:
        raise OasgateError(
            f"a line is indented by more than {indent} columns: nesting this deep is refused",
            file=name,
            line=text.count("\n", 0, match.start()) + 2,
            hint="raise it with --max-depth if this document is genuine",
        )
    if any(pair.search(text) for pair in _COMPACT_PAIRS):
        # Anchored at line starts: a search from every "-" would be quadratic in a run.
        chain = re.search(rf"(?m)^[ \t]*(?:[-?][ \t]+){{{limits.max_depth}}}", text)
        if chain is not None:
            raise OasgateError(
                f"a chain of more than {limits.max_depth} nested '- ' entries on one line "
                "is refused",
                file=name,
                line=text.count("\n", 0, chain.start()) + 1,
                hint="raise it with --max-depth if this document is genuine",
            )


_ANCHOR = re.compile(r"(?<=[ \t\n\[{,])&[^ \t\r\n\[\]{},&]")
#: What may come right before a node, hence before its anchor, on the same line.
_NODE_STARTS = (":", "-", "?", "[", "{", ",", "---")
_NOT_ANCHOR_NAME = frozenset(" \t\r\n[]{},&")


def _has_anchor(text: str) -> bool:
    """Whether the text may define a YAML anchor (``&name`` where a node starts).

    Errs on the side of yes; a false yes costs a thread (0.2 ms). Shell samples
    (``a && b``) and HTML entities in descriptions are not anchors.
    """
    if text.count("&") > 10_000:  # many ampersands: one C-speed pass instead of a loop
        return text.startswith("&") or _ANCHOR.search(text) is not None
    position = text.find("&")
    while position >= 0:
        after = text[position + 1 : position + 2]
        if after and after not in _NOT_ANCHOR_NAME:
            line_start = text.rfind("\n", 0, position) + 1
            before = text[line_start:position].rstrip(" \t")
            if not before or before.endswith(_NODE_STARTS) or before.split()[-1].startswith("!"):
                return True
        position = text.find("&", position + 1)
    return False


# -- YAML ---------------------------------------------------------------------------------


def _refuse_control_characters(source: SourceText, name: str) -> None:
    """yaml_rs silently stops at a NUL byte and accepts controls YAML forbids; refuse them.

    Deleting every allowed byte is a 2 ms pass on a 4 MB file (a regular expression over
    the text would take 20 ms); the position is looked for only when something is left.
    """
    if not source.raw.translate(None, _ALLOWED_BYTES):
        return
    control = _CONTROL.search(source.text)
    assert control is not None
    line = source.text.count("\n", 0, control.start()) + 1
    if control.group() == "\x00":
        raise OasgateError(
            "contains a NUL byte: not a text document", file=name, line=line, hint="binary file?"
        )
    raise OasgateError(
        f"contains the control character U+{ord(control.group()):04X}, which YAML does not allow",
        file=name,
        line=line,
    )


def _parse_yaml(text: str, name: str, limits: Limits) -> ParsedText:
    import yaml_rs  # not imported for JSON-only runs

    if text.startswith("\ufeff"):
        text = text[1:]
    _guard_yaml_text(text, name, limits)
    alias_limits = yaml_rs.AliasLimits(max_total_replayed_events=limits.max_alias_events)
    on_big_stack = _has_anchor(text)
    try:
        data = _load_yaml(text, alias_limits, None, on_big_stack)
        return ParsedText(_single_document(data, text, name), is_json=False)
    except yaml_rs.YAMLDecodeError as error:
        message = str(error)
        if _DUPLICATE_KEY.search(message) is None:
            raise _yaml_error(message, name, limits, text) from None
    data = _load_yaml(text, alias_limits, yaml_rs.DuplicateKeyPolicy.LastWins, on_big_stack)
    duplicates = find_duplicate_keys(text) or (
        DuplicateKey(_DUPLICATE_KEY.search(message).group(1)),  # type: ignore[union-attr]
    )
    return ParsedText(_single_document(data, text, name), is_json=False, duplicate_keys=duplicates)


def _load_yaml(
    text: str, alias_limits: Any, duplicates: Any, on_big_stack: bool
) -> dict[str, Any] | list[Any]:
    import yaml_rs

    kwargs: dict[str, Any] = {"parse_datetime": False, "alias_limits": alias_limits}
    if duplicates is not None:
        kwargs["duplicate_key_policy"] = duplicates
    if not on_big_stack:
        return yaml_rs.loads(text, **kwargs)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["data"] = yaml_rs.loads(text, **kwargs)
        except BaseException as error:  # handed back to the calling thread
            outcome["error"] = error

    previous = threading.stack_size()
    try:
        threading.stack_size(_ALIAS_PARSE_STACK)
        worker = threading.Thread(target=run, name="oasgate-yaml")
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    result: dict[str, Any] | list[Any] = outcome["data"]
    return result


def find_duplicate_keys(text: str) -> tuple[DuplicateKey, ...]:
    """Every key written twice in one mapping, with positions (the rare, slower path).

    yaml_rs stops at the first duplicate and gives no position; PyYAML's composer
    keeps every key with its line. (``200`` and ``'200'`` are different YAML keys;
    :mod:`oasgate.model.diagnostics` reports that case for response codes.)
    """
    import yaml

    if len(text) > _COMPOSE_LIMIT:
        return ()  # PyYAML composes ~2 MB/s: beyond this, the first duplicate, without a line
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return ()
    found: list[DuplicateKey] = []
    seen_nodes: set[int] = set()
    stack: list[Any] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue  # an alias: the same node again
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, Any] = {}
            for key_node, value_node in node.value:
                stack.append(value_node)
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                earlier = first.get(key_node.value)
                if earlier is None:
                    first[key_node.value] = key_node
                    continue
                found.append(
                    DuplicateKey(
                        key_node.value,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        earlier.start_mark.line + 1,
                    )
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return tuple(sorted(found, key=lambda d: (d.line or 0, d.column or 0)))


def json_duplicate_keys(raw: bytes, text: str) -> tuple[DuplicateKey, ...]:
    """Keys written twice in one JSON object (orjson keeps the last one silently).

    Only ``oasgate validate`` asks: the standard library's decoder with a hook on every
    object finds whether there are any; the YAML composer then says where.
    """
    import json

    repeated: list[str] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        return dict(pairs)

    try:
        json.loads(raw, object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError):
        return ()
    if not repeated:
        return ()
    return find_duplicate_keys(text) or tuple(DuplicateKey(key) for key in repeated)


def _single_document(data: Any, text: str, name: str) -> Any:
    # yaml_rs returns a list of documents for multi-document streams.
    if isinstance(data, list) and re.search(r"^---", text, re.M) and len(data) > 1:
        raise OasgateError(
            "the file holds several YAML documents; an OpenAPI spec must be exactly one",
            file=name,
        )
    return data


_UNKNOWN_TAG = re.compile(r"Invalid tag: '([^']+)'")


def _unknown_tag_position(message: str, text: str) -> tuple[int | None, int | None]:
    """yaml-rs names a tag it does not know (``!!timestamp``) but not where it is: the
    first place the tag is written, as a tag (followed by a space, a line end or a flow
    indicator), is where the parser stopped."""
    tag = _UNKNOWN_TAG.search(message)
    if tag is None:
        return None, None
    found = re.search(re.escape(tag.group(1)) + r"(?=[\s,\]\}]|$)", text)
    if found is None:
        return None, None
    line_start = text.rfind("\n", 0, found.start()) + 1
    return text.count("\n", 0, found.start()) + 1, found.start() - line_start + 1


def _yaml_error(message: str, name: str, limits: Limits, text: str = "") -> OasgateError:
    position = _YAML_POSITION.search(message)
    reason = message.strip().splitlines()[-1].strip() if message.strip() else "unknown error"
    if "alias replay limit" in message:
        return OasgateError(
            "YAML aliases expand to too many nodes (possible 'billion laughs' document)",
            file=name,
            hint=f"at most {limits.max_alias_events} replayed nodes; --max-alias-nodes changes it",
        )
    if "alias replay stack depth" in message:
        return OasgateError(
            "YAML aliases nest inside aliases too deeply (more than 64 levels)", file=name
        )
    line = int(position.group(1)) if position else None
    column = int(position.group(2)) if position else None
    if position is None:
        line, column = _unknown_tag_position(message, text)
    if reason == "recursion limit exceeded":
        return OasgateError(
            "flow collections ([...] / {...}) nest too deeply to be read",
            file=name,
            line=line,
            column=column,
        )
    return OasgateError(f"invalid YAML: {reason}", file=name, line=line, column=column)
