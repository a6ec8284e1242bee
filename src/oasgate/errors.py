"""The one exception type for "oasgate cannot run", carrying what the user needs to act.

The CLI turns an :class:`OasgateError` into exit code 2 and a single stderr line
``file:line:column: message``; nothing else in the package prints tracebacks for
bad input.
"""

from __future__ import annotations

import re

#: C0/C1 controls, and the bidirectional overrides that make text read differently than it is
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Text with control characters shown as escapes (``\\n``, ``\\x1b``): a spec from a
    pull request must not move the cursor, recolour or rewrite a terminal or a CI log
    (``ESC ] 52`` even writes the clipboard). Every human-readable output goes through it
    once: error lines on stderr, the text report, GitHub workflow commands."""
    return _CONTROL.sub(lambda m: _CONTROL_NAMES.get(m[0], _escape_code(ord(m[0]))), text)


def _escape_code(code: int) -> str:
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


class OasgateError(Exception):
    """Input, usage or configuration problem that stops the run (exit code 2)."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class ArgumentError(OasgateError, ValueError):
    """A Python API argument that is neither a typed value nor one of the CLI's spellings
    (:mod:`oasgate.arguments`). Both an :class:`OasgateError` (what the CLI reports as
    exit 2) and a ``ValueError`` (what Python code expects of a bad argument)."""
