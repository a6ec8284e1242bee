"""Output formats. Each format is one module with a pure ``render(report) -> str``,
registered here; the CLI's ``--format`` choice is built from this registry."""

from __future__ import annotations

import enum
from collections.abc import Callable

from oasgate.findings import Report


class Format(str, enum.Enum):
    TEXT = "text"
    JSON = "json"


Renderer = Callable[[Report], str]


def renderer(fmt: Format) -> Renderer:
    """The render function of a format (imported lazily: start-up stays fast)."""
    if fmt is Format.TEXT:
        from oasgate.report.text import render as render_text

        return render_text
    if fmt is Format.JSON:
        from oasgate.report.json_report import render as render_json

        return render_json
    raise AssertionError(fmt)  # pragma: no cover


FORMAT_NAMES = tuple(f.value for f in Format)
