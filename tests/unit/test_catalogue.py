"""Every rule's example fires it and its counter-example does not — through the real engine.

The catalogue is the single source of the rules; these tests are generated from it,
so a rule cannot be added without a working example.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import oasgate
from oasgate import catalogue
from oasgate.catalogue import RULES, Kind, Side, alias_index
from oasgate.findings import Classification
from tests.conftest import spec_text

RULE_IDS = sorted(RULES)


def _rules_fired(tmp_path: Path, base: str, revision: str, today: str | None = None) -> set[str]:
    base_path = tmp_path / "base.yaml"
    revision_path = tmp_path / "revision.yaml"
    base_path.write_text(spec_text(base), encoding="utf-8")
    revision_path.write_text(spec_text(revision), encoding="utf-8")
    report = oasgate.check(str(base_path), str(revision_path), today=today)
    return {finding.rule for finding in report.findings}


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_example_fires_the_rule(rule_id: str, tmp_path: Path) -> None:
    rule = RULES[rule_id]
    fired = _rules_fired(tmp_path, rule.example.base, rule.example.revision, rule.example.today)
    assert rule_id in fired, f"{rule_id} did not fire on its example; fired: {sorted(fired)}"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_counter_example_does_not_fire(rule_id: str, tmp_path: Path) -> None:
    rule = RULES[rule_id]
    example = rule.counter_example
    fired = _rules_fired(tmp_path, example.base, example.revision, example.today)
    assert rule_id not in fired, f"{rule_id} fired on its counter-example"


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_example_base_against_itself_is_silent(rule_id: str, tmp_path: Path) -> None:
    rule = RULES[rule_id]
    assert _rules_fired(tmp_path, rule.example.base, rule.example.base, rule.example.today) == set()


def test_ids_are_kebab_case_and_summaries_present() -> None:
    for rule in RULES.values():
        assert rule.id == rule.id.lower()
        assert " " not in rule.id and "_" not in rule.id
        assert rule.summary and rule.message


def test_side_of_the_wire_principle_for_schema_rules() -> None:
    # narrowing a request breaks; widening a response breaks (docs/compatibility.md)
    assert RULES["request-parameter-type-narrowed"].classification is Classification.BREAKING
    assert RULES["request-parameter-type-widened"].classification is Classification.COMPATIBLE
    assert RULES["response-body-type-widened"].classification is Classification.BREAKING
    assert RULES["response-body-type-narrowed"].classification is Classification.COMPATIBLE
    assert RULES["request-body-enum-value-removed"].side is Side.REQUEST
    assert RULES["response-property-enum-value-added"].classification is Classification.WARNING


def test_additions_are_features_for_the_gate() -> None:
    for rule_id in (
        "path-added",
        "operation-added",
        "request-parameter-optional-added",
        "response-property-added",
    ):
        assert RULES[rule_id].kind is Kind.FEATURE


def test_oasdiff_aliases_point_at_our_rules() -> None:
    index = alias_index()
    assert "request-parameter-became-required" in index["request-parameter-became-required"]
    assert set(index["endpoint-added"]) == {"path-added", "operation-added"}


def test_a_rule_built_alone_is_the_catalogue_s_rule() -> None:
    # a check builds only the rules its changes name (D80): each must be the very rule the
    # whole registry holds — id, side, classification, message, examples, aliases
    built_alone = catalogue._one_rule.__wrapped__
    assert [rule_id for rule_id in RULE_IDS if built_alone(rule_id) != RULES[rule_id]] == []
    assert built_alone("no-such-rule") is None


def test_an_unknown_rule_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        catalogue.get_rule("no-such-rule")
