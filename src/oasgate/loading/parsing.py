"""Text to Python data, fast, with YAML 1.2 semantics, and within bounds.

JSON goes through orjson and YAML through yaml_rs (a Rust YAML 1.2 parser,
:mod:`~oasgate.loading.yaml_parsing`): both are an order of magnitude faster than PyYAML's
C loader on real specs, and YAML 1.2 keeps ``on``/``yes``/``no`` and dates as strings.
Neither records source positions; :mod:`oasgate.loading.locate.locator` recovers those
lazily for reported nodes only. See ``docs/decisions.md``.

Hostile input is refused here, before and after parsing, with one clear message
(see ``docs/security.md``): oversized text, and nesting deeper than
:attr:`Limits.max_depth` (:func:`check_depth`, which also refuses values no JSON document
can hold, :mod:`~oasgate.loading.unrepresentable`); what only YAML text can do wrong (NUL
bytes, alias bombs, text nested deep enough to crash the native parser) is refused in
:mod:`~oasgate.loading.yaml_parsing`. Keys written twice are kept last-wins and reported
(:mod:`~oasgate.loading.duplicate_keys`).
"""

from __future__ import annotations

from typing import Any

import orjson
from msgspec import Struct, structs

from oasgate.errors import OasgateError
from oasgate.loading.canonical import exact
from oasgate.loading.duplicate_keys import DuplicateKey
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.sources import SourceText, decode
from oasgate.loading.unrepresentable import refuse_unrepresentable_values
from oasgate.loading.yaml_parsing import parse_yaml, refuse_control_characters

#: orjson serialises at most this many nested containers; a success proves the depth.
_ORJSON_MAX_DEPTH = 254


class ParsedText(Struct, frozen=True):
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
    limits: Limits = DEFAULT_LIMITS,
    check_nesting: bool = True,
) -> ParsedText:
    """Parse a file (JSON or YAML, chosen by content); raise :class:`OasgateError` on failure.

    JSON is parsed from the raw bytes (orjson checks UTF-8 itself, and refuses NUL and
    other control characters); the text is decoded only for YAML. Data nested deeper
    than ``limits.max_depth`` is refused (:func:`check_depth`) unless ``check_nesting``
    is False: the caller then owes that check before the data is walked recursively.
    """
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
            refuse_control_characters(source, name)
            try:  # JSON is a subset of YAML 1.2; a flow-style YAML file may start with "{"
                data, duplicates = parse_yaml(text, name, limits)
            except OasgateError:
                raise OasgateError(
                    f"invalid JSON: {json_error.msg}",
                    file=name,
                    line=json_error.lineno,
                    column=json_error.colno,
                ) from None
            parsed = ParsedText(data, is_json=False, duplicate_keys=duplicates)
    else:
        refuse_control_characters(source, name)
        data, duplicates = parse_yaml(_yaml_text(source), name, limits)
        parsed = ParsedText(data, is_json=False, duplicate_keys=duplicates)
    if not check_nesting:
        return parsed
    canonical = check_depth(parsed.data, name, limits, source)
    return structs.replace(parsed, canonical=canonical)


#: YAML text at least this long stays decoded once parsed (see :func:`_yaml_text`)
KEEP_TEXT_BYTES = 256 * 1024


def _yaml_text(source: SourceText) -> str:
    """The text of a YAML file, for its parse. A large file keeps it (``source.text``):
    its findings will ask positions of it, and decoding Stripe's 3.7 MB again costs more
    than parsing many small files does. A small one is decoded for the parse alone: of
    DigitalOcean's 3,761 files few are ever located, and keeping their text was 3.2 MiB
    of the run's peak (D84)."""
    if len(source.raw) >= KEEP_TEXT_BYTES:
        return source.text
    return decode(source.raw, source.display)


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
            canonical = exact(orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS))
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
