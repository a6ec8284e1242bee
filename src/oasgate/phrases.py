"""English text that remembers how it was made, so that it can be said in another language.

A :class:`Phrase` *is* the English string (a ``str``): the diff, the gate, grouping,
sorting and fingerprints read it exactly as before. It also keeps its *template* (one of
the fixed sentences the catalogue and the code declare, such as ``"{where} removed"`` or
``"response property '{path}'"``) and the *fields* it was filled with, some of them
phrases themselves. :mod:`oasgate.i18n` translates the template and each phrase field and
fills the translation again; fields that are plain strings (a property path, an enum
value, a media type: what the document says) pass through unchanged. Messages are
translated once the report is complete, so order, grouping, ids and fingerprints never
depend on the language (docs/i18n.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def N_(template: str) -> str:
    """Marks a template written in a table rather than in a ``Phrase(…)`` call, so that
    ``scripts/i18n.py extract`` finds it."""
    return template


class _Defaulting(dict[str, Any]):
    """A field the template names but the change did not record reads ``?``."""

    def __missing__(self, key: str) -> str:
        return "?"


class Phrase(str):
    """``Phrase("{where} removed", where=...)``: the filled English text, plus how."""

    template: str
    fields: Mapping[str, object]

    def __new__(cls, template: str, /, **fields: object) -> Phrase:
        made = str.__new__(cls, fill(template, fields))
        made.template = template
        made.fields = fields
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own pickling would rebuild from the filled text, read as a template; the
        # text is sent as it is (a helper's findings are unpickled by the thousand: not
        # filled again)
        return (_restored, (str(self), self.template, dict(self.fields)))


def _restored(text: str, template: str, fields: dict[str, object]) -> Phrase:
    made = str.__new__(Phrase, text)
    made.template = template
    made.fields = fields
    return made


def fill(template: str, fields: Mapping[str, object]) -> str:
    """The template with its fields (``?`` for a missing one)."""
    return template.format_map(_Defaulting(fields))


#: The durations a deprecation window is written in, as phrases (``6 months``), each unit
#: as the config wrote it, so that the English text is exactly what it was.
_DURATIONS = {
    "day": N_("{count} day"),
    "days": N_("{count} days"),
    "week": N_("{count} week"),
    "weeks": N_("{count} weeks"),
    "month": N_("{count} month"),
    "months": N_("{count} months"),
    "year": N_("{count} year"),
    "years": N_("{count} years"),
}


def duration(text: str) -> str:
    """``"6 months"`` as a phrase a translation can say; any other spelling (``P6M``, the
    config's own words) as written."""
    count, _, unit = text.partition(" ")
    if count.isdigit() and unit in _DURATIONS:
        return Phrase(_DURATIONS[unit], count=count)
    return text


#: The lifecycle statuses, said in a message (docs/lifecycle.md).
STATUSES = (
    N_("development"),
    N_("beta"),
    N_("stable"),
    N_("deprecated"),
    N_("end-of-life"),
)


def status(name: str) -> str:
    """A lifecycle status as a phrase (its word translated); any other text as it is."""
    return Phrase(name) if name in STATUSES else name
