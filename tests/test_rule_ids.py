"""Rules are named by constant: ``oasgate.catalogue.ids`` names exactly the catalogue's rules
(or the parts of those it declares as a product), the lifecycle facts the gate reads point
at real rules, and the diff and the policy write no rule id as a string."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from oasgate.catalogue import (
    RULES,
    SCHEMA_ASPECTS,
    SCHEMA_SITES,
    AspectName,
    LifecycleAspectName,
    ids,
    lifecycle_rule_id,
    schema_rule_id,
)
from oasgate.catalogue import lifecycle as lifecycle_rules
from oasgate.catalogue.versions import VERSIONS_RULES
from tests.conftest import REPO

SOURCE = REPO / "src" / "oasgate"
DETECTION = sorted([*(SOURCE / "diff").rglob("*.py"), *(SOURCE / "policy").rglob("*.py")])
LIFECYCLE_ASPECTS = tuple(LifecycleAspectName(a.name) for a in lifecycle_rules.ASPECTS)


def _gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _named(prefix: str) -> dict[str, str]:
    """ids.py's names with ``prefix`` (``""``: the rule ids), name → value."""
    parts = ("SITE_", "ASPECT_", "ELEMENT_", "LIFECYCLE_")
    found = {}
    for name, value in vars(ids).items():
        if not name.isupper() or not isinstance(value, str):
            continue
        own = name.startswith(prefix) if prefix else not name.startswith(parts)
        if own:
            found[name] = value
    return found


def test_ids_module_is_generated_from_the_catalogue() -> None:
    expected = _gen_docs().SOURCES["src/oasgate/catalogue/ids.py"]()
    assert (SOURCE / "catalogue" / "ids.py").read_text(encoding="utf-8") == expected, (
        "src/oasgate/catalogue/ids.py is out of date; regenerate it: python scripts/gen_docs.py"
    )


def test_each_name_spells_its_value() -> None:
    for prefix in ("", "SITE_", "ASPECT_", "ELEMENT_", "LIFECYCLE_"):
        for name, value in _named(prefix).items():
            assert name == prefix + value.upper().replace("-", "_")


def test_the_names_cover_the_catalogue_exactly() -> None:
    sites, aspects = _named("SITE_").values(), _named("ASPECT_").values()
    elements, changes = _named("ELEMENT_").values(), _named("LIFECYCLE_").values()
    assert list(sites) == list(SCHEMA_SITES)
    assert list(aspects) == [aspect.name for aspect in SCHEMA_ASPECTS]
    assert list(elements) == list(lifecycle_rules.ELEMENTS)
    assert list(changes) == list(LIFECYCLE_ASPECTS)
    schema_aspects = [AspectName(aspect.name) for aspect in SCHEMA_ASPECTS]
    composed = {schema_rule_id(s, a) for s in SCHEMA_SITES for a in schema_aspects}
    composed |= {
        lifecycle_rule_id(e, a) for e in lifecycle_rules.ELEMENTS for a in LIFECYCLE_ASPECTS
    }
    assert composed <= set(RULES), "every combination of parts is a rule"
    named = set(_named("").values())
    versions = {rule.id for rule in VERSIONS_RULES}
    assert named == (set(RULES) - composed) | versions
    assert not named & composed, "a composed rule has no name of its own"


def test_versions_rules_are_their_own() -> None:
    names = [rule.id for rule in VERSIONS_RULES]
    assert len(names) == len(set(names)) == 7
    assert all(name.startswith("versions-") and name not in RULES for name in names)
    assert all(rule.when for rule in VERSIONS_RULES)


def test_lifecycle_facts_name_catalogue_rules() -> None:
    for rule_id, removal in lifecycle_rules.REMOVALS.items():
        assert rule_id == removal.rule
        for refined in (removal.rule, removal.before_sunset, removal.after_sunset):
            assert refined in RULES, refined
    assert set(lifecycle_rules.REMOVALS) == {
        ids.PATH_REMOVED,
        ids.OPERATION_REMOVED,
        ids.REQUEST_PARAMETER_REMOVED,
        ids.REQUEST_PROPERTY_REMOVED,
        ids.RESPONSE_PROPERTY_REMOVED,
    }
    assert {
        ids.DEPRECATION_HEADERS_MISSING,
        ids.DEPRECATION_HEADERS_INCONSISTENT,
    } == lifecycle_rules.HEADER_RULES
    assert {
        rule for rule in RULES if rule.endswith("-deprecated-sunset-missing")
    } == lifecycle_rules.SUNSET_DATE_RULES
    assert all(aspect.when for aspect in lifecycle_rules.ASPECTS)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _ids_and_parts() -> set[str]:
    """Every rule id, and every part a rule is composed from."""
    return (
        set(RULES)
        | {rule.id for rule in VERSIONS_RULES}
        | {
            value
            for prefix in ("SITE_", "ASPECT_", "LIFECYCLE_")
            for value in _named(prefix).values()
        }
    )


@pytest.mark.parametrize("path", DETECTION, ids=[str(p.relative_to(SOURCE)) for p in DETECTION])
def test_detection_writes_no_rule_id_as_a_string(path: Path) -> None:
    """A rule id, a schema aspect or a lifecycle aspect written as a string (rather than by
    its name) would be checked only when that line runs. Schema sites and lifecycle elements
    (``request-parameter``, ``operation``) are words the code uses for other things too;
    mypy holds the places that take them (``SiteName``, ``ElementName``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    known = _ids_and_parts()
    written = [
        f"{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and node.value in known
        and node.value not in {"deprecated"}  # a status too
    ]
    assert written == []
    composing = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        literal = [p.value for p in node.values if isinstance(p, ast.Constant)]
        if not any("-" in str(part) for part in literal):
            continue
        pattern = "".join(
            re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z-]*"
            for part in node.values
        )
        if any(re.fullmatch(pattern, rule) for rule in RULES):
            composing.append(f"{node.lineno}: {ast.unparse(node)}")
    assert composing == []
