"""The compatible direction of the witness oracle on real pairs (``OASGATE_CORPUS``).

A finding classified compatible for which a payload exists that the side that must accept
takes and the other refuses — a witness of that finding's own change (the two changed
schemas themselves are told apart) — is either a policy the witness does not follow (the
tolerant reader, an optional request property added), a neighbour's change (the other half
of a rename), or a missed break. docs/witnesses.md ("The compatible direction") judges
each kind. This test records how many each pair has per rule, so that a classifier change
that lets a new one through fails here; ``scripts/witness_compatible.py`` prints them.
"""

from __future__ import annotations

import collections
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import oasgate
from tests.acceptance.test_corpus import FULL
from tests.conftest import REPO

#: Compatible findings with a witness of their own change, per pair and rule, at most.
RECORDED: dict[str, dict[str, int]] = {
    "adyen-checkout-oas31-json": {
        "response-property-added": 3,
    },
    "alertmanager-early-swagger2-yaml": {
        "response-property-added": 4,
    },
    "blockfrost-oas30": {
        "response-property-added": 41,
        "response-property-enum-value-removed": 1,
    },
    "box-platform-oas30-json": {
        "request-property-optional-added": 8,
        "response-property-added": 21,
        "response-property-enum-value-removed": 2,
    },
    "digitalocean-multifile-oas30": {
        "request-property-enum-value-added": 5,
        # 18 → 24 and 2 → 3 with D101: a property added to a component that others extend
        # is now anchored at that component, where the oracle tells the two schemas apart
        # (the tolerant reader: docs/witnesses.md); the same properties, no new verdict
        "request-property-optional-added": 24,
        "response-property-added": 3,
        "response-property-enum-value-removed": 5,
    },
    "docker-engine-swagger2-yaml": {
        "request-property-optional-added": 2,
        "response-property-added": 4,
    },
    "opensearch-multifile-oas31": {
        "request-parameter-one-of-variant-added": 1,
        "request-property-all-of-member-added": 1,
        "request-property-all-of-member-removed": 1,
        "request-property-became-optional": 1,
        "request-property-one-of-variant-added": 2,
        "request-property-optional-added": 20,
        "response-property-added": 21,
        "response-property-additional-properties-widened": 5,
        "response-property-all-of-member-removed": 1,
        "response-property-max-properties-set": 1,
        "response-property-min-properties-set": 1,
    },
    "scalar-galaxy-oas31": {
        "request-property-optional-added": 9,
        "response-property-added": 10,
        "response-property-additional-properties-narrowed": 1,
        "response-property-all-of-member-removed": 1,
    },
    "stripe-oas30-yaml": {
        "response-property-added": 1,
    },
}


def _script() -> ModuleType:
    path = REPO / "scripts" / "witness_compatible.py"
    spec = importlib.util.spec_from_file_location("witness_compatible", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not FULL, reason="set OASGATE_CORPUS to the shared corpus")
@pytest.mark.parametrize(
    ("name", "base", "revision", "base_root", "revision_root"), FULL, ids=[p[0] for p in FULL]
)
def test_no_new_compatible_finding_has_a_witness(
    name: str, base: Path, revision: Path, base_root: Path | None, revision_root: Path | None
) -> None:
    base_model = oasgate.load(str(base), ref_root=str(base_root) if base_root else None)
    revision_model = oasgate.load(
        str(revision), ref_root=str(revision_root) if revision_root else None
    )
    _, found = _script().compatible_witnesses(base_model, revision_model)
    by_rule = collections.Counter(finding.rule for finding, _, _ in found)
    recorded = RECORDED.get(name, {})
    grown = {rule: count for rule, count in by_rule.items() if count > recorded.get(rule, 0)}
    assert not grown, [
        (finding.rule, finding.message, witness.instance[:200])
        for finding, _, witness in found
        if finding.rule in grown
    ]
