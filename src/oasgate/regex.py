"""Regular expressions that come from a document or a config, matched in linear time.

A spec's ``pattern`` (``^(a+)+$``) is evaluated against its own ``default`` by the
schema validator, and the config's globs become regular expressions; Python's ``re``
backtracks, so a hostile pattern runs for hours on a 40-character string. These run
on RE2 (``google-re2``), whose matching time is linear in the text: see
``docs/decisions.md`` D36 and ``docs/security.md``.

RE2 has no lookaround and no backreferences. A pattern that uses them is not evaluated
at all: :func:`search` answers "matches", so the validator reports nothing about that
value rather than a false error or a hang.

A document's pattern is written in ECMA-262's dialect (OpenAPI 3.0 cites it, JSON Schema
too), not Python's: whether it is a valid pattern at all (the ``regex`` format) is
:func:`valid_pattern`'s answer, which accepts what real specs write in the dialects of
browsers, RE2 and Java — ``\\p{L}``, ``\\P{C}``, ``(?<name>…)`` — and still refuses a
pattern that no engine reads (D97).
"""

from __future__ import annotations

import functools
import importlib
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import re2  # type: ignore[import-untyped]  # google-re2 ships no type information

#: Compiled patterns kept; a spec repeats the same few patterns many times.
_CACHE_SIZE = 4096
#: Memory RE2 may use for one compiled pattern; a bigger one is not evaluated.
_MAX_MEMORY = 16 * 1024 * 1024


class Matcher(Protocol):
    """What a compiled pattern offers (RE2's and ``re``'s alike)."""

    def match(self, text: str) -> Any: ...

    def search(self, text: str) -> Any: ...


def _options(*, ignore_case: bool = False) -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern on standard error
    options.max_mem = _MAX_MEMORY
    options.case_sensitive = not ignore_case
    return options


@functools.lru_cache(maxsize=_CACHE_SIZE)
def compile_bounded(pattern: str, *, ignore_case: bool = False) -> Matcher | None:
    """``pattern`` compiled by RE2, or None when RE2 cannot run it (lookaround,
    backreferences, a pattern too big for its memory bound)."""
    try:
        compiled: Matcher = re2.compile(pattern, _options(ignore_case=ignore_case))
    except (re2.error, UnicodeEncodeError):  # RE2 reads UTF-8: a lone surrogate is not
        return None
    return compiled


def byte_scanner(pattern: bytes) -> Any:
    """``pattern``, one of oasgate's own, compiled by RE2 for a pass over raw bytes: each
    byte one character (Latin-1), as ``re`` reads a bytes pattern. RE2 skips to a literal
    prefix with ``memchr`` where ``re`` steps byte by byte: the scan of a monorepo's
    trees for root documents and ``$ref`` values costs a quarter of ``re``'s (D78).
    RE2's ``\\s`` lacks ``\\v``: spell a class of white space out."""
    options = _options()
    options.encoding = re2.Options.Encoding.LATIN1
    return re2.compile(pattern, options)


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (True when it cannot be evaluated)."""
    compiled = compile_bounded(pattern)
    try:
        return compiled is None or compiled.search(text) is not None
    except UnicodeEncodeError:  # a lone surrogate in the text: not evaluated either
        return True


#: How ``re`` and ECMA-262 both read a letter escaped (a class, an anchor, a control
#: character); ECMA-262 reads any other escaped letter as the letter itself outside its
#: ``u`` mode (Annex B: ``\\p`` is ``p``), where ``re`` refuses it.
_SHARED_LETTER_ESCAPES = frozenset("bBdDfnrsStvwW")
#: an escape: ``\\xHH`` and ``\\uHHHH`` whole (both dialects' hexadecimal escapes), a class
#: escape before a dash (group 1), any other escaped letter (group 2), any other escaped
#: character; or a dash before a class escape (group 3). Annex B reads ``[\\w-.]`` as
#: ``\\w``, ``-`` and ``.``, where ``re`` refuses a range that starts or ends with a class.
_ESCAPE = re.compile(
    r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|([dDsSwW])-|([A-Za-z])|.)|-\\([dDsSwW])", re.DOTALL
)


def valid_pattern(pattern: str) -> bool:
    """Whether ``pattern`` is a regular expression a document may hold (the ``regex``
    format): one that Python's ``re`` reads, or RE2 (Unicode classes such as ``\\p{L}``,
    named groups written ``(?<name>…)``), or ``re`` once each escaped letter that only
    ECMA-262 knows is read as ECMA-262 reads it outside its ``u`` mode, as the letter
    itself (Java's ``\\p{Print}``, ``\\z``; ``\\u{1F600}``, ``\\cJ``). A pattern
    unbalanced or badly quantified is refused by all three."""
    if _compiles(pattern) or compile_bounded(pattern) is not None:
        return True
    return _compiles(_ESCAPE.sub(_as_ecma_reads_it, pattern))


def _compiles(pattern: str) -> bool:
    with warnings.catch_warnings():
        # ``[a&&b]``: "possible set intersection" — a future ``re``'s reading, not an error
        warnings.simplefilter("ignore", FutureWarning)
        try:
            re.compile(pattern)
        except re.error:
            return False
    return True


def _as_ecma_reads_it(escape: re.Match[str]) -> str:
    before_dash, letter, after_dash = escape.groups()
    if before_dash is not None:
        return f"\\{before_dash}\\-"
    if after_dash is not None:
        return f"\\-\\{after_dash}"
    if letter is None or letter in _SHARED_LETTER_ESCAPES:
        return escape.group(0)
    return letter


class _BoundedRe:
    """Stands in for the ``re`` module inside the schema validator's modules: ``search``
    runs on RE2, ``compile`` (which the validators call only to ask whether a pattern is
    valid: the ``regex`` format) answers as :func:`valid_pattern`; everything else
    (``error``) is ``re``'s."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def compile(pattern: Any, flags: int = 0) -> Any:
        try:
            return re.compile(pattern, flags)
        except re.error:
            if isinstance(pattern, str) and not flags and valid_pattern(pattern):
                return _VALID_ELSEWHERE
            raise

    @staticmethod
    def search(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> bool | None:
        if not isinstance(pattern, str) or flags:
            return re.search(pattern, string, flags) is not None or None
        return search(pattern, string) or None


#: What the stand-in's ``compile`` returns for a pattern valid in a dialect ``re`` lacks.
_VALID_ELSEWHERE = object()

#: The modules whose ``re.search`` evaluates a document's ``pattern`` and
#: ``patternProperties`` (jsonschema's keywords, and openapi-schema-validator's own
#: ``pattern`` keyword), or whose ``re.compile`` checks the ``regex`` format (jsonschema's
#: and openapi-schema-validator's format checkers).
_VALIDATOR_MODULES = (
    "jsonschema._keywords",
    "jsonschema._legacy_keywords",
    "jsonschema._utils",
    "jsonschema._format",
    "openapi_schema_validator._regex",
)
_BOUNDED = _BoundedRe()


#: Functions a module imported by name that evaluate a pattern with their own engine:
#: with the optional ``regress`` installed, openapi-schema-validator's ``pattern`` keyword
#: calls ``regex_search`` (backtracking, and ``\\p{L}`` read as the letter p): swapped for
#: :func:`search`, whose signature is the same.
_VALIDATOR_SEARCHES = (("openapi_schema_validator._keywords", "regex_search"),)


@contextmanager
def bounded_schema_patterns() -> Iterator[None]:
    """While inside, the JSON Schema validators evaluate patterns with RE2.

    jsonschema calls ``re.search`` on each ``pattern`` and ``patternProperties`` key, with
    no hook for another engine, so its modules' ``re`` is swapped for the duration (and
    restored, even on error). Only the validation of ``validate`` and ``check --strict``
    runs inside."""
    swapped = []
    for name in _VALIDATOR_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # another version of the library: its keywords are jsonschema's
            continue
        if getattr(module, "re", None) is re:
            module.re = _BOUNDED  # type: ignore[attr-defined]
            swapped.append(module)
    replaced: list[tuple[Any, str, Any]] = []
    for name, function in _VALIDATOR_SEARCHES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        own = getattr(module, function, None)
        if own is not None and own is not search:
            setattr(module, function, search)
            replaced.append((module, function, own))
    try:
        yield
    finally:
        for module in swapped:
            module.re = re  # type: ignore[attr-defined]
        for module, function, own in replaced:
            setattr(module, function, own)
