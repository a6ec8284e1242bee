"""One parse for a file both sides hold byte for byte.

A multi-file spec's two sides share most of their files unchanged: 1,325 of the 2,084
files of DigitalOcean's revision are byte-identical to a base file. Reading them is
needed (the bytes decide), parsing them twice is not. :class:`SharedParses` keeps the
parse of each file by its bytes for the documents of one run
(:class:`~oasgate.model.opening.Opening` hands one to each document it opens), so the
second side gets the *same* Python objects.

Only a *self-contained* file — one whose ``$ref``s all point inside itself — is shared,
for the reason the history's cache gives (D61, :mod:`oasgate.history.revision_tree`):
the engine takes two identical subtrees as equal without following their references,
which is right only when those references cannot reach a file that differs. The parse
is the same whatever the file is called (errors name the file, and are raised, never
kept), and it is kept per :class:`~oasgate.loading.limits.Limits`, so a document read
under tighter limits never gets a parse the looser ones allowed.
"""

from __future__ import annotations

from oasgate.loading.canonical import dump
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.parsing import ParsedText, parse_source
from oasgate.loading.sources import SourceText


class SharedParses:
    """The self-contained files parsed so far in one run, by content and limits."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[Limits, bytes], ParsedText] = {}
        #: how many files were parsed, and how many parses were handed out again
        self.parsed = 0
        self.reused = 0

    def parse(
        self, source: SourceText, *, limits: Limits = DEFAULT_LIMITS, check_nesting: bool = True
    ) -> ParsedText:
        """:func:`~oasgate.loading.parsing.parse_source`, answered from an earlier parse
        of the same bytes when there was one. A parse that still owes its depth check
        (``check_nesting=False``) is neither kept nor answered: it is not the same result."""
        if not check_nesting:
            self.parsed += 1
            return parse_source(source, limits=limits, check_nesting=False)
        key = (limits, source.raw)
        found = self._parsed.get(key)
        if found is not None:
            self.reused += 1
            return found
        parsed = parse_source(source, limits=limits)
        self.parsed += 1
        if self_contained(parsed):
            self._parsed[key] = parsed
        return parsed


#: how a ``$ref`` string starts in compact JSON (orjson escapes no ``#``)
_REF_START = b'"$ref":"'


def self_contained(parsed: ParsedText) -> bool:
    """Whether every ``$ref`` of a parsed file points inside it (``#...``). Asked of every
    file a multi-file spec reads, most of which reference others: the first reference
    that does not start with ``#`` answers, found by a byte search, with no reference
    decoded (a scan of every file's references cost OpenSearch's 276 files 27 M
    instructions)."""
    text = parsed.canonical if parsed.canonical is not None else dump(parsed.data)
    width = len(_REF_START)
    found = text.find(_REF_START)
    while found >= 0:
        if text[found + width : found + width + 1] != b"#":
            return False
        found = text.find(_REF_START, found + width)
    return True
