"""`--lang es` (docs/i18n.md): messages and headings in Spanish, everything a machine reads
the same as in English — rule ids, JSON keys, fingerprints, locations, exit codes."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import string
from pathlib import Path

import pytest

from oasgate.i18n import catalog
from tests.conftest import REPO, run_cli

PETSTORE = ("examples/petstore/base.yaml", "examples/petstore/revision.yaml")


def _templates() -> list[str]:
    spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return sorted(module.template_ids())


def _fixed_parts(template: str) -> list[str]:
    return [literal for literal, *_ in string.Formatter().parse(template) if literal]


def _english_leftovers(output: str) -> list[str]:
    """What in ``output`` is still an English template: a line one of them matches, or an
    English word of their fixed text that the Spanish catalog never uses. Built from the
    templates themselves, so a new one is checked too. Rule ids, file paths and quoted
    document text are not language and are left out first."""
    spanish = catalog("es")
    text = re.sub(r"`[^`\n]*`|'[^'\n]*'|\"[^\"\n]*\"", "", output)
    text = re.sub(r"\[[a-z0-9-]+\]", "", text)
    text = re.sub(r"\S+\.ya?ml(:\d+)*", "", text)
    translated = [t for t in _templates() if spanish.gettext(t) != t]
    spanish_words = {
        word.lower()
        for t in translated
        for word in re.findall(r"[A-Za-z][A-Za-z-]+", spanish.gettext(t))
    }
    found = []
    for template in translated:
        words = [w for part in _fixed_parts(template) for w in re.findall(r"[A-Za-z]{2,}", part)]
        if len(words) >= 2:
            literal = re.escape(template)
            pattern = re.sub(r"\\\{[a-z_]+\\\}", ".+?", literal)
            if re.search(pattern, text):
                found.append(f"template: {template}")
        for word in words:
            if word.lower() not in spanish_words and re.search(rf"\b{word}\b", text):
                found.append(f"word: {word} (from {template!r})")
    return sorted(set(found))


def test_petstore_in_spanish_leaves_no_english_template() -> None:
    check = run_cli("check", *PETSTORE, "--lang", "es", cwd=REPO)
    changelog = run_cli("changelog", *PETSTORE, "--lang", "es", "--date", "2026-01-02", cwd=REPO)
    assert check.exit_code == 1 and changelog.exit_code == 0
    assert "se eliminó la propiedad de respuesta 'Pet.nickname'" in check.stdout
    assert "### Cambios incompatibles" in changelog.stdout
    assert _english_leftovers(check.stdout) == []
    assert _english_leftovers(changelog.stdout) == []
    markdown = run_cli("check", *PETSTORE, "--lang", "es", "--format", "markdown", cwd=REPO)
    assert "### ❌ oasgate: la verificación falló" in markdown.stdout
    # the classification column holds the JSON's values, like the rule ids
    cells = re.sub(r"\| (breaking|lifecycle|compatible|annotation) \|", "|", markdown.stdout)
    assert _english_leftovers(cells) == []


def _html_text(page: str) -> str:
    """What a reader of the HTML report sees: the text between the tags (the style and
    script left out, the code spans too: rule ids, fingerprints, pointers), the filter's
    placeholder and label, and the classification (the JSON's values, as in Markdown)
    left out."""
    shown = re.findall(r'(?:placeholder|aria-label)="([^"]*)"', page)
    page = re.sub(r"<(style|script)>.*?</\1>|<code>.*?</code>", "", page, flags=re.S)
    page = re.sub(r" · (breaking|lifecycle|compatible|annotation) · ", " · ", page)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page)) + "\n" + "\n".join(shown)


def _html_identity(page: str) -> list[tuple[str, ...]]:
    """Each finding's severity, rule and fingerprint, in order."""
    return re.findall(
        r'data-severity="(\w+)">.*?<code>([a-z0-9-]+)</code>.*?class="fp">[^<]*<code>(\w+)<',
        page,
        flags=re.S,
    )


def test_the_html_report_in_spanish_leaves_no_english_template() -> None:
    english = run_cli("check", *PETSTORE, "--format", "html", cwd=REPO)
    spanish = run_cli("check", *PETSTORE, "--lang", "es", "--format", "html", cwd=REPO)
    assert english.exit_code == spanish.exit_code == 1
    assert '<html lang="es">' in spanish.stdout
    assert '<span class="verdict">verificación fallida</span>' in spanish.stdout
    assert "se eliminó la propiedad de respuesta &#x27;Pet.nickname&#x27;" in spanish.stdout
    assert _english_leftovers(_html_text(spanish.stdout)) == []
    # the filter's count is written by the page's script
    assert '" de "+items.length+" hallazgos mostrados"' in spanish.stdout
    assert "findings shown" not in spanish.stdout
    identity = _html_identity(english.stdout)
    assert len(identity) == 11 and identity == _html_identity(spanish.stdout)


def test_the_html_check_finds_english_when_it_is_there() -> None:
    english = run_cli("check", *PETSTORE, "--format", "html", cwd=REPO)
    leftovers = _english_leftovers(_html_text(english.stdout))
    assert "template: lifecycle status: {status}" in leftovers
    assert any(item.startswith("word: Filter") for item in leftovers)


def test_the_check_finds_english_when_it_is_there() -> None:
    """The leftover check can fail: on the English report it finds the templates."""
    english = run_cli("check", *PETSTORE, cwd=REPO)
    leftovers = _english_leftovers(english.stdout)
    assert "template: new optional {where}" in leftovers
    assert any(item.startswith("word: FAILED") for item in leftovers)


def _without_messages(report: dict[str, object]) -> dict[str, object]:
    copied = json.loads(json.dumps(report))
    for finding in copied["findings"]:
        assert finding.pop("message")
        finding.pop("hint", None)
    return copied


@pytest.mark.parametrize(
    "pair",
    [
        PETSTORE,
        (
            "examples/policies/five-stage/billing-v1.yaml",
            "examples/policies/five-stage/billing-v1-next.yaml",
        ),
        (
            "examples/policies/two-live-versions/contract-v2.yaml",
            "examples/policies/two-live-versions/contract-v2-trimmed.yaml",
        ),
    ],
    ids=["petstore", "deprecation", "removal"],
)
def test_only_the_messages_change_with_the_language(pair: tuple[str, str]) -> None:
    english = run_cli("check", *pair, "--format", "json", "--today", "2026-06-01", cwd=REPO)
    spanish = run_cli(
        "check", *pair, "--format", "json", "--today", "2026-06-01", "--lang", "es", cwd=REPO
    )
    assert english.exit_code == spanish.exit_code
    en, es = english.json(), spanish.json()
    assert _without_messages(en) == _without_messages(es)
    messages = [
        (a["message"], b["message"]) for a, b in zip(en["findings"], es["findings"], strict=True)
    ]
    assert messages and all(a != b for a, b in messages)


def test_the_language_comes_from_the_flag_then_the_environment_then_the_config(
    tmp_path: Path,
) -> None:
    for name in PETSTORE:
        (tmp_path / Path(name).name).write_text((REPO / name).read_text())
    pair = ("base.yaml", "revision.yaml")
    (tmp_path / ".oasgate.yaml").write_text("lang: es\n")
    assert "FALLÓ" in run_cli("check", *pair, cwd=tmp_path, env={"OASGATE_LANG": None}).stdout
    assert "FAILED" in run_cli("check", *pair, cwd=tmp_path, env={"OASGATE_LANG": "en"}).stdout
    flagged = run_cli("check", *pair, "--lang", "en", cwd=tmp_path, env={"OASGATE_LANG": "es"})
    assert "FAILED" in flagged.stdout
    (tmp_path / ".oasgate.yaml").write_text("fail-on: error\n")
    assert (
        "FALLÓ" in run_cli("check", *pair, cwd=tmp_path, env={"OASGATE_LANG": "es_ES.UTF-8"}).stdout
    )
    assert "FAILED" in run_cli("check", *pair, cwd=tmp_path, env={"OASGATE_LANG": None}).stdout


def test_an_unknown_language_is_one_clear_error(tmp_path: Path) -> None:
    result = run_cli("check", *PETSTORE, "--lang", "xx", cwd=REPO)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "oasgate: error: --lang: unknown language 'xx' (oasgate speaks en, es "
        "(docs/i18n.md says how to add one))"
    ]
    (tmp_path / ".oasgate.yaml").write_text("lang: xx\n")
    configured = run_cli("check", *(str(REPO / p) for p in PETSTORE), cwd=tmp_path)
    assert configured.exit_code == 2
    assert ".oasgate.yaml:1" in configured.stderr and "Traceback" not in configured.stderr
