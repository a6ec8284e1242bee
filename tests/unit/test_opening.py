"""The collector pause of :class:`~oasgate.model.opening.Opening`: on while documents are
opened, restored as it was when the comparison starts or anything fails, and owned by
that one module (the load checks' order of errors is in ``test_load_checks``)."""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from oasgate.errors import OasgateError
from oasgate.model.opening import COMPARING_THRESHOLD, Opening
from tests.conftest import REPO, spec_text

SPEC = spec_text("/a: {get: {responses: {'200': {description: ok}}}}")


@pytest.fixture
def spec(tmp_path: Path) -> str:
    path = tmp_path / "openapi.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return str(path)


@pytest.fixture
def collecting() -> Iterator[None]:
    assert gc.isenabled()
    yield
    gc.enable()


@pytest.mark.usefixtures("collecting")
def test_the_collector_is_paused_while_documents_are_opened(spec: str) -> None:
    with Opening() as opening:
        assert gc.isenabled()  # nothing opened yet
        model = opening.open(spec)
        assert not gc.isenabled()
        with opening.comparing():
            assert gc.isenabled()
        assert model.diagnostics == []
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_the_collector_is_restored_when_opening_fails(spec: str, tmp_path: Path) -> None:
    with pytest.raises(OasgateError), Opening() as opening:
        opening.open(spec)
        opening.open(str(tmp_path / "missing.yaml"))
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_a_collector_that_was_off_stays_off(spec: str) -> None:
    gc.disable()
    with Opening() as opening:
        opening.open(spec)
        with opening.comparing():
            assert not gc.isenabled()
    assert not gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_freeze_leaves_the_opened_documents_out_of_the_collectors_sight(spec: str) -> None:
    before = gc.get_freeze_count()
    try:
        with Opening(freeze=True) as opening:
            opening.open(spec)
            assert gc.get_freeze_count() == before
            with opening.comparing():
                assert gc.get_freeze_count() > before
                assert gc.isenabled()
    finally:
        gc.unfreeze()


@pytest.mark.usefixtures("collecting")
@pytest.mark.parametrize("failing", [False, True])
def test_the_comparison_collects_less_often_and_gives_the_thresholds_back(
    spec: str, failing: bool
) -> None:
    """A process that goes on after a check (the MCP server, a worker of many APIs)
    keeps the thresholds it had, whether the comparison ended well or not."""
    before = gc.get_threshold()
    gc.set_threshold(900, 11, 12)
    try:
        with Opening() as opening:
            opening.open(spec)
            with pytest.raises(RuntimeError) if failing else _nothing(), opening.comparing():
                assert gc.get_threshold() == (COMPARING_THRESHOLD, 11, 12)
                if failing:
                    raise RuntimeError("the comparison failed")
            assert gc.get_threshold() == (900, 11, 12)
    finally:
        gc.set_threshold(*before)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def test_only_the_opening_touches_the_collector() -> None:
    """The collector is set in one place: no other module of the package imports gc."""
    source = REPO / "src" / "oasgate"
    importers = set()
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            ) + ([node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            if "gc" in names:
                importers.add(path.relative_to(source).as_posix())
    assert importers == {"model/opening.py"}
