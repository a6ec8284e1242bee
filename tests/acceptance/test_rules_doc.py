"""docs/rules.md is generated from the catalogue and cannot drift; oasdiff aliases are real
oasdiff ids; the coverage of oasdiff's checks is measured."""

from __future__ import annotations

import re

from oasgate.catalogue import (
    RULES,
    SECTIONS,
    api,
    callbacks,
    content,
    operations,
    security,
    structural,
)
from oasgate.catalogue.docs import REGENERATE, coverage, oasdiff_checks, render_markdown
from tests.conftest import REPO, run_cli

DOC = REPO / "docs" / "rules.md"
STRUCTURAL_MODULES = (structural, operations, content, security, callbacks, api)
OASDIFF_IDS = {check.id for check in oasdiff_checks()}


def test_rules_doc_is_generated_from_the_catalogue() -> None:
    expected = render_markdown(RULES, SECTIONS)
    assert DOC.read_text(encoding="utf-8") == expected, (
        f"docs/rules.md is out of date with the rule catalogue; regenerate it: {REGENERATE}"
    )


def test_rules_markdown_command_prints_the_doc() -> None:
    result = run_cli("rules", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DOC.read_text(encoding="utf-8")


def test_doc_has_every_rule_with_its_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f'<a id="{rule.id}"></a>`{rule.id}`' in text
        assert rule.example.revision.rstrip() in text
    assert "| ERR |" in text and "| WARN |" in text and "| INFO |" in text


def test_every_rule_has_a_rationale() -> None:
    missing = [rule.id for rule in RULES.values() if not rule.rationale.strip()]
    assert missing == []


def test_structural_aliases_are_real_oasdiff_ids() -> None:
    for module in STRUCTURAL_MODULES:
        for rule in module.rules():
            unknown = [a for a in rule.aliases if a not in OASDIFF_IDS]
            assert unknown == [], f"{rule.id}: not oasdiff ids: {unknown}"


def test_every_alias_is_a_real_oasdiff_id() -> None:
    unknown = sorted({a for r in RULES.values() for a in r.aliases} - OASDIFF_IDS)
    assert unknown == []


# oasdiff ids outside this catalogue's structural half: schema aspects (types, constraints,
# enums, nullability, defaults, JSON Schema content* keywords...) and lifecycle rules.
_NOT_STRUCTURAL = re.compile(
    r"(sunset|deprecat|stability|reactivated|(?<!media)(?<!component)-type-|-enum|nullable|"
    r"-max-|-min-|-max$|-min$|"
    r"exclusive|pattern|default-value|list-of-types|content-encoding|content-media-type|"
    r"content-schema|x-extensible|header-property)"
)
_STRUCTURAL_GROUPS = {
    "paths-operations",
    "request-body",
    "responses",
    "headers",
    "parameters",
    "security",
    "versioning",
}


def test_every_structural_oasdiff_check_maps_to_one_of_our_rules() -> None:
    aliases = {a for module in STRUCTURAL_MODULES for r in module.rules() for a in r.aliases}
    wanted = sorted(
        check.id
        for check in oasdiff_checks()
        if check.group in _STRUCTURAL_GROUPS and not _NOT_STRUCTURAL.search(check.id)
    )
    assert len(wanted) >= 58
    assert [check for check in wanted if check not in aliases] == []


def test_oasdiff_coverage_targets() -> None:
    shares = {item.level: item.share for item in coverage(RULES.values(), oasdiff_checks())}
    assert shares["ERR"] == 100.0
    assert shares["WARN"] == 100.0
    assert shares["INFO"] >= 90.0
