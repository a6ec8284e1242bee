"""Source positions (line, column) for JSON pointers, computed lazily from the raw text.

oasgate parses specs with fast parsers that keep no source positions (orjson for JSON,
yaml_rs for YAML), yet every finding is reported as ``file:line:column``.  Re-parsing a
4 MB YAML file with a position-keeping parser costs over a second, about twenty times
the parse itself, so instead :class:`Locator` locates only the nodes that are reported.

It has two strategies:

* A **layout fast path** for block-style YAML (:mod:`~oasgate.loading.locate.yaml_layout`)
  and pretty-printed JSON (:mod:`~oasgate.loading.locate.json_layout`), the overwhelmingly
  common case.  Indentation says where the children of a collection are, so compiled
  regexes and ``str.find`` over one collection's span of text (C speed, no Python loop
  over all lines) find them.  Anything the fast path does not fully understand
  (multi-line flow collections, aliases, explicit ``?`` keys, tabs, keys written twice,
  odd indentation, minified JSON...) makes it give up instead of guessing.  Everything
  it computes is cached, so many lookups under one prefix are not quadratic.
* An **exact fallback**, used only when the fast path gives up: PyYAML's composer (node
  marks) for YAML (:mod:`~oasgate.loading.locate.yaml_exact`), built once per document, and
  for JSON a scanner that hops over values with the C-accelerated :mod:`json` scanner,
  one container at a time and starting from the deepest container the fast path had
  verified (:mod:`~oasgate.loading.locate.json_exact`).

Offsets become positions through :class:`~oasgate.loading.locate.lines.LineTable`.
Positions are 1-based; columns count code points.  A leading byte-order mark is not
counted, and ``\\r\\n`` or a lone ``\\r`` counts as one line break, like ``\\n`` (and
nothing else does: a U+2028 inside a string is not a line break here).  Of a key written
twice the position is the last one's, which is the one parsers keep.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from oasgate.loading.locate.json_exact import JsonExact
from oasgate.loading.locate.json_layout import JsonLayout
from oasgate.loading.locate.lines import LineTable
from oasgate.loading.locate.tokens import JSON_WS, Path, Unsure, skip
from oasgate.loading.locate.yaml_layout import YamlLayout

if TYPE_CHECKING:
    from oasgate.loading.locate.yaml_exact import YamlExact

__all__ = ["Locator"]


class Locator:
    """Maps JSON-pointer token paths to 1-based (line, column) in one source text, lazily."""

    def __init__(self, text: str, *, is_json: bool, byte_view: bool = False) -> None:
        bom = "\xef\xbb\xbf" if byte_view else "\ufeff"
        self._had_bom = text.startswith(bom)
        if self._had_bom:
            text = text[len(bom) :]
        if "\r" in text:
            # Only line breaks change, so every other character keeps its line and column.
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._text = text
        self._is_json = is_json
        self._lines = LineTable(text, byte_view=byte_view)
        self._layout: YamlLayout | JsonLayout | None = None
        self._yaml_exact: YamlExact | None = None
        self._json_exact: JsonExact | None = None
        self._cache: dict[Path, tuple[int, int] | None] = {}
        #: byte view only: the decoded text, and a locator over it once one is needed
        self._decoded_text: Callable[[], str] | None = None
        self._decoded: Locator | None = None

    @classmethod
    def for_utf8_json(cls, raw: bytes, decoded: Callable[[], str]) -> Locator:
        """A JSON locator that reads the raw UTF-8 bytes one character per byte.

        Decoding a large spec costs more than locating every finding in it, and JSON's
        structure is all ASCII: the bytes of a multi-byte character are all above 0x7F,
        so they never look like a quote, a backslash, a bracket, a space or a line break.
        Keys are compared as their UTF-8 bytes, and a column is counted in code points
        from its own line. A path with a non-ASCII key (which the file might have written
        with ``\\u`` escapes) is located in the ``decoded`` text instead, built then.
        """
        locator = cls(raw.decode("latin-1"), is_json=True, byte_view=True)
        locator._decoded_text = decoded
        return locator

    def position(self, tokens: Sequence[str | int]) -> tuple[int, int] | None:
        """Position of the node at this token path.

        For a mapping entry it is the position of its key; for a sequence item, the
        position of the item (YAML: its ``-`` indicator, or the item itself in a flow
        sequence; JSON: the first character of the value).  The empty path gives the
        start of the root node's content.  Returns None when the path does not exist
        in the text, or when the text nests deeper than Python's stack lets the finders
        follow; no text makes it raise.
        """
        path = self._normalise(tokens)
        if path in self._cache:
            return self._cache[path]
        if self._decoded_text is not None and not all(
            not isinstance(token, str) or token.isascii() for token in path
        ):
            if self._decoded is None:
                self._decoded = Locator(self._decoded_text(), is_json=True)
            found = self._cache[path] = self._decoded.position(path)
            return found
        try:
            offset = self._offset(path)
        except RecursionError:
            # A chain of compact entries (``- - - … "x"``), which --max-depth up to 1000
            # lets through, recurses past the interpreter's stack: no position, as for a
            # path not found (the report still names the pointer).
            offset = None
        found = None if offset is None else self._lines.position(offset)
        self._cache[path] = found
        return found

    # Both halves separately, for tests and measurements.

    def _fast_position(self, tokens: Sequence[str | int]) -> tuple[int, int] | None:
        """The fast path's answer, or None when it gives up (never falls back)."""
        try:
            offset = self._get_layout().locate(self._normalise(tokens))
        except Unsure:
            return None
        return self._lines.position(offset)

    def _exact_position(self, tokens: Sequence[str | int]) -> tuple[int, int] | None:
        """The exact index's answer, walked from the root."""
        offset = self._exact_offset(self._normalise(tokens))
        return None if offset is None else self._lines.position(offset)

    # Internals

    def _normalise(self, tokens: Sequence[str | int]) -> Path:
        path = tuple(tokens)
        if self._had_bom and path and isinstance(path[0], str) and path[0][:1] == "\ufeff":
            # yaml_rs keeps a byte-order mark as part of the first key.
            path = (path[0][1:], *path[1:])
        return path

    def _offset(self, path: Path) -> int | None:
        try:
            return self._get_layout().locate(path)
        except Unsure as unsure:
            if self._is_json and unsure.resume is not None:
                container, depth = unsure.resume
                return self._get_json_exact().walk(container, path[depth:])
            return self._exact_offset(path)

    def _exact_offset(self, path: Path) -> int | None:
        if self._is_json:
            return self._get_json_exact().locate(path)
        if self._yaml_exact is None:
            from oasgate.loading.locate.yaml_exact import YamlExact  # PyYAML only for this fallback

            self._yaml_exact = YamlExact(self._text)
        return self._yaml_exact.locate(path)

    def _get_layout(self) -> YamlLayout | JsonLayout:
        if self._layout is None:
            first = skip(JSON_WS, self._text)
            if self._is_json or self._text[first : first + 1] in ("{", "["):
                # A YAML file holding JSON is laid out like JSON; its escapes agree.
                self._layout = JsonLayout(self._text)
            else:
                self._layout = YamlLayout(self._text)
        return self._layout

    def _get_json_exact(self) -> JsonExact:
        if self._json_exact is None:
            self._json_exact = JsonExact(self._text)
        return self._json_exact
