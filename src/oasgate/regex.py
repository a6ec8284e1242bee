"""Regular expressions that come from a document or a config, matched in linear time.

A spec's ``pattern`` (``^(a+)+$``) is evaluated against its own ``default`` by the
schema validator, and the config's globs become regular expressions; Python's ``re``
backtracks, so a hostile pattern runs for hours on a 40-character string. These run
on RE2 (``google-re2``), whose matching time is linear in the text: see
``docs/decisions.md`` D36 and ``docs/security.md``.

RE2 has no lookaround and no backreferences. A pattern that uses them is not evaluated
at all: :func:`search` answers "matches", so the validator reports nothing about that
value rather than a false error or a hang.
"""

from __future__ import annotations

import functools
import importlib
import re
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


class _BoundedRe:
    """Stands in for the ``re`` module inside the schema validator's modules: ``search``
    runs on RE2; everything else (``compile`` to check that a pattern is valid, ``error``)
    is ``re``'s."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def search(pattern: str | re.Pattern[str], string: str, flags: int = 0) -> bool | None:
        if not isinstance(pattern, str) or flags:
            return re.search(pattern, string, flags) is not None or None
        return search(pattern, string) or None


#: The modules whose ``re.search`` evaluates a document's ``pattern`` and
#: ``patternProperties`` (jsonschema's keywords, and openapi-schema-validator's own
#: ``pattern`` keyword).
_VALIDATOR_MODULES = (
    "jsonschema._keywords",
    "jsonschema._legacy_keywords",
    "jsonschema._utils",
    "openapi_schema_validator._regex",
)
_BOUNDED = _BoundedRe()


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
    try:
        yield
    finally:
        for module in swapped:
            module.re = re  # type: ignore[attr-defined]
