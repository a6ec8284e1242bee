"""The one exception type for "oasgate cannot run", carrying what the user needs to act.

The CLI turns an :class:`OasgateError` into exit code 2 and a single stderr line
``file:line:column: message``; nothing else in the package prints tracebacks for
bad input.
"""

from __future__ import annotations


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
