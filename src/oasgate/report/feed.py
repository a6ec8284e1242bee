"""Changelog feeds: an Atom 1.0 entry or an RSS 2.0 item per compared pair.

With no existing feed the result is a whole feed holding one entry. With an
existing feed (the output file's current text) the new entry is spliced in
before the first existing one and everything else is kept byte for byte — other
entries, comments, extensions, namespaces. Re-running on the same pair adds
nothing: the entry id comes from the pair and its fingerprints. A file that is
not a feed of the requested kind is refused rather than overwritten, and so is a
feed with a DOCTYPE (no entity expansion from a file a pull request may control).

Splicing uses expat's byte offsets of the elements, so no XML is re-serialised.
"""

from __future__ import annotations

import uuid
import xml.parsers.expat
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from html import escape

from msgspec import Struct, field

from oasgate.errors import OasgateError
from oasgate.findings import Report
from oasgate.report.changelog_entry import (
    ChangelogOptions,
    counts_sentence,
    entry_id,
    html_fragment,
    release_name,
    sections,
)
from oasgate.report.common import PROJECT_URL, xml_safe
from oasgate.version import __version__

ATOM_NS = "http://www.w3.org/2005/Atom"


def _x(value: str) -> str:
    return escape(xml_safe(value), quote=True)


def _atom_date(date: datetime) -> str:
    return date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rss_date(date: datetime) -> str:
    return format_datetime(date.astimezone(timezone.utc))


def _feed_title(report: Report) -> str:
    name = report.revision.title or report.base.title or report.revision.source
    return f"{name} changelog"


def _feed_id(report: Report) -> str:
    name = report.revision.title or report.base.title or report.revision.source
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'oasgate:feed:' + name)}"


# -- entries ----------------------------------------------------------------------------------


def _atom_entry(report: Report, options: ChangelogOptions, indent: str, xmlns: bool) -> str:
    namespace = f' xmlns="{ATOM_NS}"' if xmlns else ""
    inner = indent + "  "
    lines = [
        f"{indent}<entry{namespace}>",
        f"{inner}<title>{_x(release_name(report.revision))}</title>",
        f"{inner}<id>{entry_id(report)}</id>",
        f"{inner}<updated>{_atom_date(options.date)}</updated>",
    ]
    if options.link:
        lines.append(f'{inner}<link rel="alternate" href="{_x(options.link)}"/>')
    lines += [
        f"{inner}<summary>{_x(counts_sentence(sections(report)))}</summary>",
        f'{inner}<content type="html">{_x(html_fragment(report))}</content>',
        f"{indent}</entry>",
    ]
    return "\n".join(lines)


def _rss_item(report: Report, options: ChangelogOptions, indent: str) -> str:
    inner = indent + "  "
    lines = [
        f"{indent}<item>",
        f"{inner}<title>{_x(release_name(report.revision))}</title>",
    ]
    if options.link:
        lines.append(f"{inner}<link>{_x(options.link)}</link>")
    lines += [
        f'{inner}<guid isPermaLink="false">{entry_id(report)}</guid>',
        f"{inner}<pubDate>{_rss_date(options.date)}</pubDate>",
        f"{inner}<description>{_x(html_fragment(report))}</description>",
        f"{indent}</item>",
    ]
    return "\n".join(lines)


# -- new feeds --------------------------------------------------------------------------------


def _new_atom(report: Report, options: ChangelogOptions) -> str:
    name = report.revision.title or report.base.title or report.revision.source
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}">',
        f"  <title>{_x(_feed_title(report))}</title>",
        f"  <id>{_feed_id(report)}</id>",
        f"  <updated>{_atom_date(options.date)}</updated>",
    ]
    if options.link:
        lines.append(f'  <link rel="alternate" href="{_x(options.link)}"/>')
    if options.feed_url:
        lines.append(
            f'  <link rel="self" type="application/atom+xml" href="{_x(options.feed_url)}"/>'
        )
    lines += [
        f"  <author><name>{_x(name)}</name></author>",
        f'  <generator uri="{PROJECT_URL}" version="{__version__}">oasgate</generator>',
        _atom_entry(report, options, "  ", xmlns=False),
        "</feed>",
    ]
    return "\n".join(lines) + "\n"


def _new_rss(report: Report, options: ChangelogOptions) -> str:
    name = report.revision.title or report.base.title or report.revision.source
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<rss version="2.0" xmlns:atom="{ATOM_NS}">'
        if options.feed_url
        else '<rss version="2.0">',
        "  <channel>",
        f"    <title>{_x(_feed_title(report))}</title>",
    ]
    if options.link:
        lines.append(f"    <link>{_x(options.link)}</link>")
    if options.feed_url:
        # RSS 2.0 has no element for its own address; the Atom link is the convention
        lines.append(
            f'    <atom:link href="{_x(options.feed_url)}" rel="self" type="application/rss+xml"/>'
        )
    lines += [
        f"    <description>{_x(f'Changes to {name}, by version.')}</description>",
        f"    <lastBuildDate>{_rss_date(options.date)}</lastBuildDate>",
        f"    <generator>oasgate {__version__}</generator>",
        _rss_item(report, options, "    "),
        "  </channel>",
        "</rss>",
    ]
    return "\n".join(lines) + "\n"


# -- existing feeds -----------------------------------------------------------------------------


class _Scan(Struct):
    """What the splice needs to know about an existing feed (byte offsets into it)."""

    root: str = ""
    root_attributes: dict[str, str] = field(default_factory=dict)
    container: str = ""  # raw name of the element entries live in (feed / channel)
    ids: set[str] = field(default_factory=set)
    first_entry: int | None = None
    container_start: int | None = None  # the container's start tag
    container_end: int | None = None  # its end tag (for an empty element: its start tag)
    #: the feed-level date element (Atom ``updated``, RSS ``lastBuildDate``): start, end tag start
    date_span: tuple[int, int] | None = None
    date_text: str = ""


def _scan(data: bytes, *, entry: str, id_element: str, container: str, date: str) -> _Scan:
    """One expat pass over the feed. ``entry``, ``container`` and friends are raw (prefixed)
    names; the container is the root (Atom) or the root's child (RSS)."""
    scan = _Scan()
    stack: list[str] = []
    collecting: list[str] | None = None
    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_: object) -> None:
        raise OasgateError("refusing a feed with a DOCTYPE or entity declarations")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal collecting
        if not stack:
            scan.root = name
            scan.root_attributes = dict(attributes)
        parent = stack[-1] if stack else None
        if name == container and parent == (None if container == scan.root else scan.root):
            scan.container_start = parser.CurrentByteIndex
        if name == entry and parent == container and scan.first_entry is None:
            scan.first_entry = parser.CurrentByteIndex
        if name == id_element and parent == entry:
            collecting = []
        if name == date and parent == container and scan.date_span is None:
            scan.date_span = (parser.CurrentByteIndex, -1)
            collecting = []
        stack.append(name)

    def end(name: str) -> None:
        nonlocal collecting
        stack.pop()
        parent = stack[-1] if stack else None
        if name == container and parent == (None if container == scan.root else scan.root):
            scan.container_end = parser.CurrentByteIndex
        if collecting is not None and name == id_element and parent == entry:
            scan.ids.add("".join(collecting).strip())
            collecting = None
        if collecting is not None and name == date and parent == container and scan.date_span:
            if scan.date_span[1] == -1:
                scan.date_span = (scan.date_span[0], parser.CurrentByteIndex)
                scan.date_text = "".join(collecting).strip()
            collecting = None

    def text(value: str) -> None:
        if collecting is not None:
            collecting.append(value)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    return scan


def _parse_existing(existing: str, kind: str, **names: str) -> tuple[bytes, _Scan]:
    data = existing.encode("utf-8")
    try:
        return data, _scan(data, **names)
    except xml.parsers.expat.ExpatError as error:
        raise OasgateError(
            f"the existing file is not well-formed XML ({xml.parsers.expat.ErrorString(error.code)}"
            f", line {error.lineno}); refusing to replace it with a new {kind} feed"
        ) from None


def _line_indent(data: bytes, offset: int) -> tuple[int, str] | None:
    """(start of the line, its indentation) when only whitespace precedes ``offset`` on its
    line; None otherwise."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset]
    if prefix.strip():
        return None
    return line_start, prefix.decode()


_Piece = tuple[int, int, bytes]  # (start, end, replacement)


def _start_tag_end(data: bytes, start: int) -> int:
    """The offset just past the start tag that begins at ``start``. A ``>`` inside a quoted
    attribute value does not end the tag (the document is known to be well-formed)."""
    quote: int | None = None
    for offset in range(start + 1, len(data)):
        byte = data[offset]
        if quote is not None:
            if byte == quote:
                quote = None
        elif byte in b"\"'":
            quote = byte
        elif byte == ord(">"):
            return offset + 1
    raise ValueError("unterminated start tag")  # not reached: expat accepted the document


def _entry_piece(data: bytes, scan: _Scan, render_entry: Callable[[str], str]) -> _Piece:
    """Where the new entry goes: before the first entry, else before the container's end
    tag, else (an empty ``<feed/>`` or ``<channel/>``) into the container, opened up."""
    if scan.first_entry is None and scan.container_start is not None:
        tag_end = _start_tag_end(data, scan.container_start)
        if data[tag_end - 2 : tag_end] == b"/>":
            placed = _line_indent(data, scan.container_start)
            indent = placed[1] if placed is not None else ""
            name = _tag_name(data, scan.container_start)
            opened = f">\n{render_entry(indent + '  ')}\n{indent}</{name}>"
            return (tag_end - 2, tag_end, opened.encode())
    at = scan.first_entry if scan.first_entry is not None else scan.container_end
    assert at is not None
    placed = _line_indent(data, at)
    if placed is None:
        return (at, at, (render_entry("") + "\n").encode())
    line_start, indent = placed
    child = indent if scan.first_entry is not None else indent + "  "
    return (line_start, line_start, (render_entry(child) + "\n").encode())


def _tag_name(data: bytes, start: int) -> str:
    end = start + 1
    while end < len(data) and data[end : end + 1] not in (b" ", b"\t", b"\r", b"\n", b"/", b">"):
        end += 1
    return data[start + 1 : end].decode("utf-8")


def _splice(
    data: bytes,
    scan: _Scan,
    render_entry: Callable[[str], str],
    new_date: str,
    later: bool,
) -> str:
    pieces: list[_Piece] = []
    if scan.date_span is not None and later:
        start, end_tag = scan.date_span
        text_start = _start_tag_end(data, start)
        if text_start <= end_tag:  # not an empty-element tag
            pieces.append((text_start, end_tag, new_date.encode()))
    pieces.append(_entry_piece(data, scan, render_entry))
    pieces.sort(key=lambda piece: piece[0])
    out = bytearray()
    cursor = 0
    for start, end, replacement in pieces:
        out += data[cursor:start] + replacement
        cursor = end
    out += data[cursor:]
    return out.decode("utf-8")


def _is_later(new: datetime, old_text: str, parse: Callable[[str], datetime]) -> bool:
    try:
        old = parse(old_text)
    except (ValueError, TypeError, IndexError):
        return True  # an unreadable date is replaced by ours
    if old.tzinfo is None:
        old = old.replace(tzinfo=timezone.utc)
    return new > old


def _parse_atom_date(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))


# -- the renderers ------------------------------------------------------------------------------


def render_atom(report: Report, options: ChangelogOptions, existing: str | None) -> str:
    if existing is None or not existing.strip():
        return _new_atom(report, options)
    probe = _parse_existing(existing, "Atom", entry="entry", id_element="id", container="", date="")
    root = probe[1].root
    prefix = root.rpartition(":")[0]
    declared = probe[1].root_attributes.get(f"xmlns:{prefix}" if prefix else "xmlns")
    if root.rpartition(":")[2] != "feed" or declared != ATOM_NS:
        raise OasgateError(
            "the existing file is not an Atom 1.0 feed; refusing to overwrite it "
            "(choose another file, or --format rss for an RSS feed)"
        )
    p = f"{prefix}:" if prefix else ""
    data, scan = _parse_existing(
        existing,
        "Atom",
        entry=f"{p}entry",
        id_element=f"{p}id",
        container=root,
        date=f"{p}updated",
    )
    if entry_id(report) in scan.ids:
        return existing
    return _splice(
        data,
        scan,
        lambda indent: _atom_entry(report, options, indent, xmlns=bool(prefix)),
        _atom_date(options.date),
        _is_later(options.date, scan.date_text, _parse_atom_date),
    )


def render_rss(report: Report, options: ChangelogOptions, existing: str | None) -> str:
    if existing is None or not existing.strip():
        return _new_rss(report, options)
    data, scan = _parse_existing(
        existing, "RSS", entry="item", id_element="guid", container="channel", date="lastBuildDate"
    )
    if scan.root != "rss" or scan.container_end is None:
        raise OasgateError(
            "the existing file is not an RSS 2.0 feed (<rss><channel>); refusing to overwrite "
            "it (choose another file, or --format atom for an Atom feed)"
        )
    if entry_id(report) in scan.ids:
        return existing
    return _splice(
        data,
        scan,
        lambda indent: _rss_item(report, options, indent),
        _rss_date(options.date),
        _is_later(options.date, scan.date_text, parsedate_to_datetime),
    )
