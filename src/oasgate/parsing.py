"""Text to Python data, fast and with YAML 1.2 semantics.

JSON goes through orjson and YAML through yaml_rs (a Rust YAML 1.2 parser): both
are an order of magnitude faster than PyYAML's C loader on real specs, and YAML
1.2 keeps ``on``/``yes``/``no`` and dates as strings. Neither records source
positions; :mod:`oasgate.locator` recovers those lazily for reported nodes only.
See ``docs/decisions.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson
import yaml_rs

from oasgate.errors import OasgateError
from oasgate.sources import SourceText

#: Refuse inputs larger than this many characters (the dereferenced GitHub spec is ~53 MB).
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
#: Refuse YAML whose aliases would replay more nodes than this ("billion laughs").
MAX_ALIAS_EVENTS = 2_000_000

_YAML_POSITION = re.compile(r"line (\d+), column (\d+)")
_DUPLICATE_KEY = re.compile(r"duplicate mapping key: (.*)$")


@dataclass(frozen=True)
class ParsedText:
    """A parsed document and the facts about its text that later stages need."""

    data: Any
    is_json: bool
    duplicate_keys: tuple[str, ...] = ()


def looks_like_json(raw: bytes) -> bool:
    """Content decides the format: JSON documents start with ``{`` or ``[``."""
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def parse_source(source: SourceText, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedText:
    """Parse a file (JSON or YAML, chosen by content); raise :class:`OasgateError` on failure."""
    name = source.display
    if len(source.raw) > max_bytes:
        raise OasgateError(
            f"input is {len(source.raw)} bytes, more than the limit of {max_bytes}",
            file=name,
            hint="raise it with --max-input-size if this document is genuine",
        )
    if looks_like_json(source.raw):
        raw = source.raw[3:] if source.raw.startswith(b"\xef\xbb\xbf") else source.raw
        try:
            return ParsedText(orjson.loads(raw), is_json=True)
        except orjson.JSONDecodeError as json_error:
            text = source.text  # not UTF-8 at all: this raises the clear error
            try:
                return _parse_yaml(text, name)  # a flow-style YAML file may start with "{"
            except OasgateError:
                raise OasgateError(
                    f"invalid JSON: {json_error.msg}",
                    file=name,
                    line=json_error.lineno,
                    column=json_error.colno,
                ) from None
    return _parse_yaml(source.text, name)


def _parse_yaml(text: str, name: str) -> ParsedText:
    if text.startswith("\ufeff"):
        text = text[1:]
    limits = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
        return ParsedText(_single_document(data, text, name), is_json=False)
    except yaml_rs.YAMLDecodeError as error:
        message = str(error)
        duplicate = _DUPLICATE_KEY.search(message)
        if duplicate is None:
            raise _yaml_error(message, name) from None
    data = yaml_rs.loads(
        text,
        parse_datetime=False,
        alias_limits=limits,
        duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins,
    )
    return ParsedText(
        _single_document(data, text, name), is_json=False, duplicate_keys=(duplicate.group(1),)
    )


def _single_document(data: Any, text: str, name: str) -> Any:
    # yaml_rs returns a list of documents for multi-document streams.
    if isinstance(data, list) and re.search(r"^---", text, re.M) and len(data) > 1:
        raise OasgateError(
            "the file holds several YAML documents; an OpenAPI spec must be exactly one",
            file=name,
        )
    return data


def _yaml_error(message: str, name: str) -> OasgateError:
    position = _YAML_POSITION.search(message)
    reason = message.strip().splitlines()[-1].strip() if message.strip() else "unknown error"
    if "alias replay limit" in message:
        return OasgateError(
            "YAML aliases expand to too many nodes (possible 'billion laughs' document)",
            file=name,
            hint=f"at most {MAX_ALIAS_EVENTS} expanded nodes are allowed",
        )
    if position:
        return OasgateError(
            f"invalid YAML: {reason}",
            file=name,
            line=int(position.group(1)),
            column=int(position.group(2)),
        )
    return OasgateError(f"invalid YAML: {reason}", file=name)
