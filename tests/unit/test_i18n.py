"""The message catalogs (docs/i18n.md): every template translated, the compiled catalogs
current, translations that keep their fields, and phrases that survive a trip through
another process."""

from __future__ import annotations

import gettext
import importlib.util
import io
import pickle
import re
import string
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from oasgate.i18n import LANGUAGES, LOCALE_DIR, translate
from oasgate.phrases import Phrase, duration
from tests.conftest import REPO


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TEMPLATES = sorted(_script().template_ids())
OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]


def _po(lang: str) -> dict[str, str]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "oasgate.po").open("rb") as handle:
        catalog = read_po(handle)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and not m.fuzzy}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_templates_include_every_rule_message_and_the_code_phrases() -> None:
    from oasgate.catalogue import RULES

    assert {rule.message for rule in RULES.values()} <= set(TEMPLATES)
    for phrase in ("{context}response property '{path}'", "request body", "FAILED"):
        assert phrase in TEMPLATES


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_template_has_a_translation(lang: str) -> None:
    """A new rule or phrase without a translation is said in English (the fallback); this
    lists what is left to translate: `python scripts/i18n.py update`, translate, compile."""
    translated = _po(lang)
    untranslated = [t for t in TEMPLATES if not translated.get(t)]
    assert untranslated == [], f"{len(untranslated)} template(s) untranslated in {lang}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_keep_the_fields_of_their_template(lang: str) -> None:
    wrong = {
        source: text
        for source, text in _po(lang).items()
        if text and _fields(text) != _fields(source)
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_compiled_catalog_is_the_one_the_po_compiles_to(lang: str) -> None:
    """The .mo is committed (the wheel carries it, and the runtime needs only gettext):
    it must say what the .po says. `python scripts/i18n.py compile` rebuilds it."""
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "oasgate.po"
    fresh = gettext.GNUTranslations(io.BytesIO(_script().compile_mo(po)))
    with po.with_suffix(".mo").open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    for template in TEMPLATES:
        assert committed.gettext(template) == fresh.gettext(template), template


def test_a_phrase_is_its_english_text_and_pickles_as_itself() -> None:
    place = Phrase("{context}response property '{path}'", context="", path="a{b}.c")
    message = Phrase("{where} removed", where=place)
    assert message == "response property 'a{b}.c' removed"
    again = pickle.loads(pickle.dumps(message))
    assert again == message
    assert isinstance(again, Phrase)
    assert again.template == "{where} removed"
    assert translate(again, "es") == "se eliminó la propiedad de respuesta 'a{b}.c'"


def test_a_template_without_translation_is_said_in_english_with_translated_fields() -> None:
    message = Phrase("{where} was frobnicated", where=Phrase("request body"))
    assert translate(message, "es") == "el cuerpo de la solicitud was frobnicated"


def test_text_the_document_wrote_is_never_translated() -> None:
    """Only phrases are translated: a property called 'request body' stays as written."""
    message = Phrase("{where} removed", where="request body")
    assert translate(message, "es") == "se eliminó request body"


def test_spanish_contracts_de_el_where_a_phrase_follows_the_preposition() -> None:
    parameter = Phrase("query parameter '{name}'", name="el tipo")
    items = Phrase("{place} items", place=parameter)
    assert translate(items, "es") == "los elementos del parámetro de consulta 'el tipo'"


def test_durations_are_phrases_and_other_spellings_stay() -> None:
    assert translate(duration("6 months"), "es") == "6 meses"
    assert translate(duration("1 year"), "es") == "1 año"
    assert duration("P6M") == "P6M" and not isinstance(duration("P6M"), Phrase)


def test_no_template_is_built_with_an_f_string() -> None:
    """A template must be a literal (Phrase("…"), N_("…"), t("…")) for extraction to find
    it: Phrase(f"…") would make a new, untranslatable template per value."""
    pattern = re.compile(r"\b(?:Phrase|N_|t)\(\s*f[\"']")
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "src" / "oasgate").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_a_deprecated_property_is_named_in_both_languages(tmp_path: Path) -> None:
    """Every field of a place phrase is filled: no '?' where the English said nothing."""
    from oasgate.engine import check

    body = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /p:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema:\n                type: object\n"
        "                properties:\n                  a: {type: string%s}\n"
    )
    (tmp_path / "base.yaml").write_text(body % "")
    (tmp_path / "revision.yaml").write_text(body % ", deprecated: true")
    report = check(str(tmp_path / "base.yaml"), str(tmp_path / "revision.yaml"), today="2026-01-01")
    messages = [f.phrases[0] for f in report.findings if "deprecated" in f.rule]
    assert messages == [
        "response property 'a' deprecated today (2026-01-01, no deprecation date given) "
        "without a sunset date"
    ]
    assert translate(messages[0], "es") == (
        "se declaró en desuso la propiedad de respuesta 'a' hoy (2026-01-01, sin fecha de "
        "desuso indicada) sin fecha de retiro"
    )


def test_a_report_holds_plain_strings_and_the_phrases_beside_them() -> None:
    """The Python API's findings are what they were (a YAML dumper takes them); the
    phrases that say them in another language ride along outside the report."""
    import yaml

    from oasgate.engine import check

    report = check(
        str(REPO / "examples/petstore/base.yaml"), str(REPO / "examples/petstore/revision.yaml")
    )
    for finding in report.findings:
        assert type(finding.message) is str
        assert finding.hint is None or type(finding.hint) is str
        assert isinstance(finding.phrases[0], Phrase) and finding.phrases[0] == finding.message
    yaml.safe_dump([(f.message, f.hint) for f in report.findings])
