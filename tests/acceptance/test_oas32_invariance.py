"""OpenAPI 3.2 invariance (issue 23): a document restated as 3.2 means what it meant.

7. every 3.1 spec against itself restated as 3.2 (:func:`tests.metamorphic.to_32`: only
   ``openapi`` changes) has no findings, both ways — single- and multi-file;
8. every single-file 3.0 spec against itself restated as 3.2 (3.1 spellings, then the
   version) has no findings, both ways;
9. ``BASE → to_32(REVISION)`` of every 3.x pair has the findings of ``BASE → REVISION``: a
   migration to 3.2 that comes with real changes reports those changes and nothing else.

Over the specs of ``tests/acceptance/test_metamorphic.py``: every document in
``tests/data`` and ``examples/`` always, the corpus when ``OASGATE_CORPUS`` is set, the
real specs when ``OASGATE_REAL_SPECS`` is.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

import oasgate
from oasgate.findings import Report
from oasgate.model.spec import SpecModel
from tests import metamorphic as mm
from tests.acceptance.test_metamorphic import (
    PAIRS,
    SPECS,
    Pair,
    Spec,
    described,
    loaded,
    rewritten,
)


def _params(items: list[Any]) -> list[Any]:
    return [pytest.param(item, id=item.id) for item in items]


_OPENAPI = re.compile(rb"""^\s*["']?openapi["']?\s*:\s*["']?(3\.\d+)""", re.MULTILINE)


def _minor(spec: Spec) -> str | None:
    """``3.0``, ``3.1``… of a spec's root document, from its text (collection stays cheap:
    the whole corpus is not loaded to choose its tests); None for Swagger 2.0."""
    match = _OPENAPI.search(spec.path.read_bytes())
    return match.group(1).decode() if match else None


def _restated(spec: Spec) -> SpecModel:
    state = loaded(spec)
    trees = dict(state.trees)
    trees[state.root] = mm.to_32(state.tree)
    model = rewritten(spec, trees)
    assert model.version == "3.2.0" and model.oas32
    return model


def _both_ways(spec: Spec) -> None:
    state = loaded(spec)
    restated = _restated(spec)
    forward = oasgate.check(state.model, restated)
    backward = oasgate.check(restated, state.model)
    assert (forward.findings, backward.findings) == ((), ()), (
        f"{state.model.version} → 3.2: {described(forward)}\n"
        f"3.2 → {state.model.version}: {described(backward)}"
    )


V31 = [s for s in SPECS if _minor(s) == "3.1"]
V30 = [s for s in SPECS if _minor(s) == "3.0" and not s.multi_file]


def test_the_specs_include_31_and_30_documents() -> None:
    # the properties below must not pass by having nothing to check
    assert V31 and V30


@pytest.mark.parametrize("spec", _params(V31))
def test_a_31_document_restated_as_32_gives_no_findings(spec: Spec) -> None:
    _both_ways(spec)


@pytest.mark.parametrize("spec", _params(V30))
def test_a_30_document_restated_as_32_gives_no_findings(spec: Spec) -> None:
    _both_ways(spec)


def _identities(report: Report) -> Counter[tuple[str, str, str]]:
    return Counter((f.rule, f.fingerprint, f.message) for f in report.findings)


def _pairs_3x(pairs: list[Pair]) -> list[Pair]:
    """Pairs whose revision is 3.1, or 3.0 in one file (to_31 rewrites one tree)."""
    return [
        p
        for p in pairs
        if _minor(p.revision) == "3.1"
        or (_minor(p.revision) == "3.0" and not p.revision.multi_file)
    ]


@pytest.mark.parametrize("pair", _params(_pairs_3x(PAIRS)))
def test_a_revision_restated_as_32_gives_the_same_findings(pair: Pair) -> None:
    base = loaded(pair.base).model
    expected = oasgate.check(base, loaded(pair.revision).model)
    restated = oasgate.check(base, _restated(pair.revision))
    assert _identities(restated) == _identities(expected), (
        f"as written: {described(expected)}\nrestated as 3.2: {described(restated)}"
    )
