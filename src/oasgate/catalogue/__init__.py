"""The rule catalogue: every change oasgate can report, declared once, as data.

The diff engine emits changes by rule id, written with the names of
:mod:`oasgate.catalogue.ids`; classification, summary and message come from here.
``oasgate rules``, ``docs/rules.md``, the tables of ``docs/lifecycle.md`` and the rule
tests are all generated from this registry, and a test fails when any of them drifts. Each
module of this package declares one group of rules; this module assembles them when first
asked (D81) and rejects duplicate ids then.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from oasgate.catalogue import (
    api,
    callbacks,
    content,
    lifecycle,
    oas32,
    operations,
    schema,
    schema_properties,
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
#
# Built on first use, not at import (D81): the 1,024 rules and their 2,048 examples
# cost a check 7 ms of start-up, and a check needs only the rules its changes name. The
# whole registry (``RULES``, ``SECTIONS``: the rules command, the docs, a config's rule
# names) is built when first asked for; before that, ``get_rule`` builds a site × aspect
# rule alone and the 205 others once. Duplicate ids are rejected when the whole registry
# is built (every test run does).

if TYPE_CHECKING:
    #: rule id → rule, every rule of the catalogue in the documentation's order
    RULES: dict[str, Rule]
    #: module name → the ids of its rules (``docs/rules.md`` has one section per module)
    SECTIONS: dict[str, tuple[str, ...]]


def _build(rules: Iterable[Rule]) -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in registry:
            raise RuntimeError(f"duplicate rule id in the catalogue: {rule.id}")
        registry[rule.id] = rule
    return registry


#: The catalogue's modules, in the order the documentation presents them.
MODULES = (structural, operations, content, security, oas32, callbacks, api, schema, lifecycle)


@functools.cache
def _rules_by_module() -> dict[str, tuple[Rule, ...]]:
    return {module.__name__.rsplit(".", 1)[-1]: tuple(module.rules()) for module in MODULES}


@functools.cache
def _registry() -> dict[str, Rule]:
    return _build(rule for rules in _rules_by_module().values() for rule in rules)


@functools.cache
def _sections() -> dict[str, tuple[str, ...]]:
    return {name: tuple(rule.id for rule in rules) for name, rules in _rules_by_module().items()}


@functools.cache
def _not_aspect_rules() -> dict[str, Rule]:
    """Every rule but the site × aspect product: each module's, and the property rules."""
    modules = (m.rules() for m in MODULES if m is not schema)
    return _build(itertools.chain(*modules, schema_properties.rules()))


def get_rule(rule_id: str) -> Rule:
    """The rule ``rule_id`` names (``KeyError`` for an id the catalogue does not declare)."""
    if _registry.cache_info().currsize:
        return _registry()[rule_id]
    rule = _one_rule(rule_id)
    if rule is None:
        raise KeyError(rule_id)
    return rule


@functools.cache
def _one_rule(rule_id: str) -> Rule | None:
    return schema.aspect_rule(rule_id) or _not_aspect_rules().get(rule_id)


def __getattr__(name: str) -> Any:
    if name == "RULES":
        return _registry()
    if name == "SECTIONS":
        return _sections()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def alias_index() -> dict[str, tuple[str, ...]]:
    """oasdiff id → our rule ids (several of ours may cover one of theirs and vice versa)."""
    index: dict[str, list[str]] = {}
    for rule in _registry().values():
        for alias in rule.aliases:
            index.setdefault(alias, []).append(rule.id)
    return {alias: tuple(ids) for alias, ids in index.items()}
