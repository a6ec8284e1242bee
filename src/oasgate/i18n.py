"""The language of messages and report headings: gettext catalogs, English by default.

The English text is the source (the message ids); a language is a gettext catalog,
``locale/LANG/LC_MESSAGES/oasgate.po`` in the package, compiled to the ``.mo`` beside it
that the standard library reads. ``scripts/i18n.py`` extracts the templates (the rule
messages of the catalogue, the place phrases of the diff and the policy, and every
``t("…")`` of the reports and the CLI), updates the ``.po`` files and compiles them
(docs/i18n.md). A template without a translation is said in English.

Which language: ``--lang``, else ``OASGATE_LANG``, else the config's ``lang:``, else
English. The CLI sets it for the run with :func:`speaking`; :func:`t` and
:func:`translate` read it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
from collections.abc import Iterator
from pathlib import Path

from oasgate.errors import OasgateError
from oasgate.phrases import Phrase, fill

DOMAIN = "oasgate"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"
#: The languages oasgate speaks (English is the source; every other one has a catalog).
LANGUAGES = (DEFAULT, "es")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("oasgate_lang", default=DEFAULT)


def checked(lang: str, origin: str = "--lang") -> str:
    """``lang`` normalised (``es_ES.UTF-8`` → ``es``), or one clear error naming where it
    was given."""
    code = lang.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    if code not in LANGUAGES:
        raise OasgateError(
            f"{origin}: unknown language '{lang}'",
            hint=f"oasgate speaks {', '.join(LANGUAGES)} (docs/i18n.md says how to add one)",
        )
    return code


@functools.cache
def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English: none, the ids are the text)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def current() -> str:
    return _current.get()


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Messages and headings in ``lang`` inside the block."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def use(lang: str) -> None:
    """Messages and headings in ``lang`` from now on, in this context (a CLI command runs
    in a context of its own, see :func:`oasgate.cli.guarded`)."""
    _current.set(lang)


def t(text: str, /, **fields: object) -> str:
    """A fixed piece of text (a heading, a label) in the current language, its
    ``{fields}`` filled."""
    lang = _current.get()
    said = text if lang == DEFAULT else catalog(lang).gettext(text)
    return fill(said, fields) if fields else said


def translate(text: str, lang: str | None = None) -> str:
    """A message in ``lang`` (default: the current language). A :class:`Phrase` is said
    from its translated template, its phrase fields translated in turn; any other text is
    what the document or the user wrote and stays as it is."""
    lang = lang or _current.get()
    if lang == DEFAULT or not isinstance(text, Phrase):
        return text
    template = catalog(lang).gettext(text.template)
    fields: dict[str, object] = {}
    for name, value in text.fields.items():
        if isinstance(value, Phrase):
            template, fields[name] = _contracted(lang, template, name, translate(value, lang))
        else:
            fields[name] = value
    return fill(template, fields)


#: Articles a preposition absorbs, by language: Spanish writes "del" for "de el" and "al"
#: for "a el". Applied where a translated phrase (never the document's text) follows the
#: preposition in a template: "los elementos de {place}" + "el parámetro…".
_CONTRACTIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "es": (("de", "el ", "del"), ("a", "el ", "al")),
}


def _contracted(lang: str, template: str, name: str, value: str) -> tuple[str, str]:
    for preposition, article, contraction in _CONTRACTIONS.get(lang, ()):
        written = f"{preposition} {{{name}}}"
        if value.startswith(article) and written in template:
            return template.replace(written, f"{contraction} {{{name}}}"), value[len(article) :]
    return template, value
