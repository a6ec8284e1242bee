"""A break planted in a real document is found where it is, and nothing else is an error.

The bundled specs (``tests/data/corpus``, two examples, a document of unions) get one
known break at a spot hypothesis picks (``tests/planted/``: an optional parameter made
required, an enum value removed, a response property removed, retyped or made optional, a
request property made required, a path, an operation, a success status, a response media
type, a success response's header, a way to authenticate or a request union's variant
removed, a required parameter or a response union's variant added, an optional request
body made required); the report must hold a finding of that kind about
that spot and name it, and no error about anything else. A compatible change planted the
same way (a parameter or request property made optional; an enum value, a property, an
optional parameter, a media type, a response header, an error status, a way to
authenticate, a request union's variant, a path or an operation added; a response union's
variant removed; a required request body made optional) must
be reported as such, with no error or warning at all. The same planters run over the
2,639 APIs.guru documents in ``scripts/directory_sweep.py --planted``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import oasgate
from tests import planted
from tests.acceptance.test_metamorphic import model_of
from tests.acceptance.test_properties import FUZZ

REPO = Path(__file__).resolve().parents[2]
SPECS = sorted(
    [
        *(p for p in (REPO / "tests" / "data" / "corpus").glob("*/base.*")),
        REPO / "examples" / "petstore" / "base.yaml",
        REPO / "examples" / "petstore" / "revision.yaml",  # a required query parameter
        REPO / "examples" / "versions" / "billing-v2.yaml",
        REPO / "tests" / "data" / "planted" / "issues-and-payments.yaml",
    ]
)


@pytest.mark.parametrize("kind", sorted(planted.PLANTERS))
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.stem}")
@FUZZ
@given(seed=st.integers(0, 2**32 - 1))
def test_a_planted_break_is_found_where_it_is(spec: Path, kind: str, seed: int) -> None:
    model = oasgate.load(str(spec))
    root = model.document.root.file
    plant = planted.PLANTERS[kind](model.document.parsed(root), random.Random(seed))
    if plant is None:
        return  # no such spot in this spec
    report = oasgate.check(model, model_of({root: plant.revision}, root))
    verdict = planted.judge(plant, report.findings)
    said = [f"{f.rule} {f.revision and f.revision.pointer}: {f.message}" for f in report.findings]
    assert verdict.found, (plant.spot, said)
    assert verdict.elsewhere == (), (plant.spot, said)


def test_every_kind_of_break_is_planted_in_some_bundled_spec() -> None:
    """The test above is not vacuous: each planter finds a spot in at least one spec."""
    for kind, planter in planted.PLANTERS.items():
        spots = [
            planter(model.document.parsed(model.document.root.file), random.Random(0))
            for model in map(oasgate.load, map(str, SPECS))
        ]
        assert any(spot is not None for spot in spots), kind
