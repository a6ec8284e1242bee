"""The rule catalogue: every change oasgate can report, declared once, as data.

The diff engine emits changes by rule id, written with the names of
:mod:`oasgate.catalogue.ids`; classification, summary and message come from here.
``oasgate rules``, ``docs/rules.md``, the tables of ``docs/lifecycle.md`` and the rule
tests are all generated from this registry, and a test fails when any of them drifts. Each
module of this package declares one group of rules; this module assembles them and rejects
duplicate ids at import.
"""

from __future__ import annotations

from collections.abc import Iterable

from oasgate.catalogue import (
    api,
    callbacks,
    content,
    lifecycle,
    oas32,
    operations,
    schema,
    security,
    structural,
)
from oasgate.catalogue.base import (
    AspectName,
    ElementName,
    Example,
    Kind,
    LifecycleAspectName,
    Rule,
    RuleId,
    Side,
    SiteName,
)
from oasgate.catalogue.lifecycle import lifecycle_rule_id
from oasgate.catalogue.schema import SCHEMA_ASPECTS, SCHEMA_SITES, schema_rule_id

__all__ = [
    "MODULES",
    "RULES",
    "SCHEMA_ASPECTS",
    "SCHEMA_SITES",
    "SECTIONS",
    "AspectName",
    "ElementName",
    "Example",
    "Kind",
    "LifecycleAspectName",
    "Rule",
    "RuleId",
    "Side",
    "SiteName",
    "alias_index",
    "get_rule",
    "lifecycle_rule_id",
    "schema_rule_id",
]


# -- the registry --------------------------------------------------------------------------


def _build(rules: Iterable[Rule]) -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in registry:
            raise RuntimeError(f"duplicate rule id in the catalogue: {rule.id}")
        registry[rule.id] = rule
    return registry


#: The catalogue's modules, in the order the documentation presents them.
MODULES = (structural, operations, content, security, oas32, callbacks, api, schema, lifecycle)

_RULES_BY_MODULE = {module.__name__.rsplit(".", 1)[-1]: tuple(module.rules()) for module in MODULES}

#: module name → the ids of its rules (``docs/rules.md`` has one section per module)
SECTIONS: dict[str, tuple[str, ...]] = {
    name: tuple(rule.id for rule in rules) for name, rules in _RULES_BY_MODULE.items()
}

RULES: dict[str, Rule] = _build(rule for rules in _RULES_BY_MODULE.values() for rule in rules)


def get_rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def alias_index() -> dict[str, tuple[str, ...]]:
    """oasdiff id → our rule ids (several of ours may cover one of theirs and vice versa)."""
    index: dict[str, list[str]] = {}
    for rule in RULES.values():
        for alias in rule.aliases:
            index.setdefault(alias, []).append(rule.id)
    return {alias: tuple(ids) for alias, ids in index.items()}
