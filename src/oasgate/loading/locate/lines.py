"""Offsets to 1-based (line, column), for a text of any size, paying only for what is asked.

A position is asked for a few reported nodes of a text that may be megabytes long, and
perhaps one line (minified JSON): newlines are counted per 4 KiB chunk, once, and only
up to the chunk holding the furthest offset asked about.
"""

from __future__ import annotations

from typing import Final

_CONTINUATION_BYTES: Final = bytes(range(0x80, 0xC0))


class LineTable:
    """Offset -> (line, column), from newline counts per 4 KiB chunk taken as needed.

    With ``byte_view`` the text holds UTF-8 bytes one per character (latin-1), and a
    column counts the code points those bytes encode: the bytes before the offset on its
    line, less the continuation bytes among them (counted per chunk too, so a minified
    one-line file costs no more than a pretty-printed one)."""

    _CHUNK: Final = 1 << 12

    def __init__(self, text: str, *, byte_view: bool = False) -> None:
        self._text = text
        self._byte_view = byte_view and not text.isascii()
        self._lines_before = [0]  # newlines before the start of each chunk counted so far
        self._last_line_start = [0]  # where the line holding each chunk's start begins
        self._continuations_before = [0]  # likewise, UTF-8 continuation bytes

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of ``offset``; both are found within its chunk (and the one
        table entry before it), so a minified one-line file costs no more per finding
        than a pretty-printed one."""
        text, size = self._text, self._CHUNK
        chunk = offset // size
        self._count_chunks_to(chunk)
        chunk_start = chunk * size
        line = self._lines_before[chunk] + text.count("\n", chunk_start, offset) + 1
        newline = text.rfind("\n", chunk_start, offset)
        line_start = newline + 1 if newline >= 0 else self._last_line_start[chunk]
        column = offset - line_start + 1
        if self._byte_view:
            column -= self._continuations(offset) - self._continuations(line_start)
        return line, column

    def _count_chunks_to(self, chunk: int) -> None:
        text, counts, starts, size = (
            self._text,
            self._lines_before,
            self._last_line_start,
            self._CHUNK,
        )
        while len(counts) <= chunk:
            start = (len(counts) - 1) * size
            counts.append(counts[-1] + text.count("\n", start, start + size))
            newline = text.rfind("\n", start, start + size)
            starts.append(newline + 1 if newline >= 0 else starts[-1])

    def _continuations(self, offset: int) -> int:
        """UTF-8 continuation bytes before ``offset``."""
        counts, size = self._continuations_before, self._CHUNK
        chunk = offset // size
        while len(counts) <= chunk:
            start = (len(counts) - 1) * size
            counts.append(counts[-1] + self._count_continuations(start, start + size))
        return counts[chunk] + self._count_continuations(chunk * size, offset)

    def _count_continuations(self, start: int, end: int) -> int:
        data = self._text[start:end].encode("latin-1")
        return len(data) - len(data.translate(None, _CONTINUATION_BYTES))
