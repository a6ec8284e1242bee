"""The message catalogs: extract the English templates, update each language, compile.

    python scripts/i18n.py extract   # src/oasgate/locale/oasgate.pot from the code
    python scripts/i18n.py update    # merge it into every locale/LANG/LC_MESSAGES/oasgate.po
    python scripts/i18n.py compile   # each .po → the .mo beside it (committed, in the wheel)
    python scripts/i18n.py init LANG # start a new language from the template

The templates are the catalogue's rule messages (data, read from ``oasgate.catalogue``)
and every literal the code marks: ``Phrase("…")`` (a place, a reason, a hint),
``N_("…")`` (a template kept in a table) and ``t("…")`` (a heading, a label), found by
Babel's Python extractor. docs/i18n.md walks through adding a language.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "oasgate"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "oasgate.pot"
KEYWORDS = {"Phrase": None, "N_": None, "t": None}


def template_catalog() -> Catalog:
    """Every English template, with where it comes from."""
    sys.path.insert(0, str(ROOT / "src"))
    from oasgate.catalogue import RULES

    # a fixed date and no line numbers: extracting again changes the files only when a
    # template changed, so that branches that each add rules merge cleanly
    catalog = Catalog(
        project="oasgate",
        domain="oasgate",
        fuzzy=False,
        creation_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    )
    for rule in RULES.values():
        found = catalog.get(rule.message)
        if found is None:
            catalog.add(
                rule.message, auto_comments=[f"rule {rule.id}"], flags=["python-brace-format"]
            )
        elif len(found.auto_comments) < 3:
            found.auto_comments.append(f"rule {rule.id}")
    extracted = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    )
    for filename, lineno, message, _comments, _context in extracted:
        if isinstance(message, str) and message:
            location = (f"src/oasgate/{filename}", lineno)
            found = catalog.get(message)
            if found is None:
                flags = ["python-brace-format"] if "{" in message else []
                catalog.add(message, locations=[location], flags=flags)
            elif all(known[0] != location[0] for known in found.locations):
                found.locations.append(location)
    return catalog


def template_ids() -> set[str]:
    return {message.id for message in template_catalog() if message.id}


def _languages() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/oasgate.po"))


def _write_po(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def extract() -> None:
    LOCALE.mkdir(parents=True, exist_ok=True)
    _write_po(POT, template_catalog())


def update() -> None:
    template = template_catalog()
    for path in _languages():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, update_header_comment=False)
        _write_po(path, catalog)


def compile_mo(po: Path) -> bytes:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for path in _languages():
        path.with_suffix(".mo").write_bytes(compile_mo(path))


def init(lang: str) -> None:
    path = LOCALE / lang / "LC_MESSAGES" / "oasgate.po"
    if path.exists():
        raise SystemExit(f"{path} exists: run `update`")
    path.parent.mkdir(parents=True)
    catalog = template_catalog()
    catalog.locale = lang  # type: ignore[assignment]
    _write_po(path, catalog)


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "update": update, "compile": compile_all}
    if len(argv) == 2 and argv[0] == "init":
        init(argv[1])
        return 0
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
