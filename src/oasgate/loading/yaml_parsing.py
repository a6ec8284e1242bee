"""YAML text to plain values through yaml_rs, refusing what could crash or flood it.

yaml_rs (a Rust YAML 1.2 parser) is an order of magnitude faster than PyYAML's C loader
and keeps ``on``/``yes``/``no`` and dates as strings. It also needs guarding (see
``docs/security.md``): it silently stops at a NUL byte and accepts control characters
YAML forbids, so those are refused first; it recurses on the native stack and crashes the
interpreter on nesting in the tens of thousands, so text that *could* nest that deep
(absurd indentation, long chains of ``- - -``) is refused before it reaches the parser,
and documents with anchors and aliases, which can multiply depth, are parsed on a thread
with a large stack; aliases replay at most :attr:`Limits.max_alias_events` nodes. Its error
messages become one :class:`~oasgate.errors.OasgateError` with a line and column.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from oasgate.errors import OasgateError
from oasgate.loading.duplicate_keys import DuplicateKey, find_duplicate_keys
from oasgate.loading.limits import Limits
from oasgate.loading.sources import SourceText

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


#: What may come right before a node, hence before its anchor or alias, on the same line.
_NODE_STARTS = (":", "-", "?", "[", "{", ",", "---")
#: What cannot follow ``&`` or ``*`` in an anchor's or an alias's name (YAML's
#: ``ns-anchor-char`` is any printable character but white space and flow indicators).
_NOT_NAME = frozenset(" \t\r\n[]{},")
#: The fast pass for texts with very many sigils: any sigil after white space or a flow
#: indicator, followed by a name character (looser than the loop below, never stricter).
_SIGIL_AFTER_BREAK = {
    sigil: re.compile(rf"(?<=[ \t\n\[{{,]){re.escape(sigil)}[^ \t\r\n\[\]{{}},]") for sigil in "&*"
}


def _may_replay(text: str) -> bool:
    """Whether aliases in the text may replay anchored nodes — the only way YAML text nests
    deeper than it is written, which needs the parse on a large stack.

    A replay needs an anchor (``&name``) and an alias (``*name``), each where a node
    starts; both searches err on the side of yes, and a false yes costs a thread (0.2 ms
    of CPU, and a wait for the scheduler on a busy machine). Code samples in block
    scalars (Go's ``&godo.Droplet{…}``: 34 files of DigitalOcean's spec) write
    ampersands where a node could start, but hardly ever an asterisk there too.
    """
    return _may_write(text, "&") and _may_write(text, "*")


def _may_write(text: str, sigil: str) -> bool:
    """Whether ``sigil`` followed by a name character appears where a node may start: at
    a line's start, after an indicator (``:``, ``-``, ``?``, ``[``, ``{``, ``,``, ``---``)
    or after a tag (``!tag &a``). Shell samples (``a && b``) and HTML entities in
    descriptions follow other text, so they do not count."""
    if text.count(sigil) > 10_000:  # very many: one C-speed pass instead of a loop
        return text.startswith(sigil) or _SIGIL_AFTER_BREAK[sigil].search(text) is not None
    position = text.find(sigil)
    while position >= 0:
        after = text[position + 1 : position + 2]
        if after and after not in _NOT_NAME:
            line_start = text.rfind("\n", 0, position) + 1
            before = text[line_start:position].rstrip(" \t")
            if not before or before.endswith(_NODE_STARTS) or before.split()[-1].startswith("!"):
                return True
        position = text.find(sigil, position + 1)
    return False


def refuse_control_characters(source: SourceText, name: str) -> None:
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


def parse_yaml(text: str, name: str, limits: Limits) -> tuple[Any, tuple[DuplicateKey, ...]]:
    """The one document of a YAML text, and the keys it writes twice (the last value is
    kept, as in every parser); :class:`OasgateError` for anything refused or unreadable."""
    import yaml_rs  # not imported for JSON-only runs

    if text.startswith("\ufeff"):
        text = text[1:]
    _guard_yaml_text(text, name, limits)
    alias_limits = yaml_rs.AliasLimits(max_total_replayed_events=limits.max_alias_events)
    on_big_stack = _may_replay(text)
    try:
        data = _load_yaml(text, alias_limits, None, on_big_stack)
        return _single_document(data, text, name), ()
    except yaml_rs.YAMLDecodeError as error:
        message = str(error)
        if _DUPLICATE_KEY.search(message) is None:
            raise _yaml_error(message, name, limits, text) from None
    data = _load_yaml(text, alias_limits, yaml_rs.DuplicateKeyPolicy.LastWins, on_big_stack)
    duplicates = find_duplicate_keys(text) or (
        DuplicateKey(_DUPLICATE_KEY.search(message).group(1)),  # type: ignore[union-attr]
    )
    return _single_document(data, text, name), duplicates


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
