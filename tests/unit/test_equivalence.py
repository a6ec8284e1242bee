"""Tests for :class:`oasgate.diff.equivalence.Equivalence`: its verdicts are remembered per
pair of values, and asking in another order or the other question gives the same answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from oasgate.diff.equivalence import Equivalence
from oasgate.engine import load
from oasgate.loading.document import Node

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
PATHS = """
paths:
  /a:
    get:
      description: %s
      responses: {'200': {$ref: '#/components/responses/Ok'}}
"""
COMPONENTS = """
components:
  responses:
    Ok:
      description: ok
      content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
  schemas:
    Pet: {type: object, properties: {name: {type: %s}}}
"""


def _operations(
    write_pair: Callable[..., tuple[Path, Path]], pet_type: str
) -> tuple[Equivalence, Node, Node]:
    base_path, revision_path = write_pair(
        HEAD + PATHS % "old words" + COMPONENTS % "string",
        HEAD + PATHS % "new words" + COMPONENTS % pet_type,
    )
    base, revision = load(str(base_path)), load(str(revision_path))
    equivalence = Equivalence(base.document, revision.document)
    get = ("paths", "/a", "get")
    base_op = base.document.node_at(base.document.root.file, get)
    revision_op = revision.document.node_at(revision.document.root.file, get)
    assert base_op is not None and revision_op is not None
    return equivalence, base_op, revision_op


@pytest.mark.parametrize("docs_first", [False, True])
def test_a_pair_apart_from_docs_and_as_a_whole_are_two_questions(
    write_pair: Callable[..., tuple[Path, Path]], docs_first: bool
) -> None:
    equivalence, base_op, revision_op = _operations(write_pair, "string")
    answers = []
    for _ in range(2):  # the second round is answered from what the first remembered
        if docs_first:
            answers.append(equivalence.same_apart_from_docs(base_op, revision_op))
        answers.append(equivalence.same(base_op, revision_op))
        if not docs_first:
            answers.append(equivalence.same_apart_from_docs(base_op, revision_op))
    expected = [True, False] if docs_first else [False, True]
    assert answers == expected * 2


def test_a_changed_schema_behind_two_references_is_seen_every_time_it_is_asked(
    write_pair: Callable[..., tuple[Path, Path]],
) -> None:
    equivalence, base_op, revision_op = _operations(write_pair, "integer")
    responses = (base_op.get("responses"), revision_op.get("responses"))
    assert responses[0] is not None and responses[1] is not None
    for _ in range(2):
        assert not equivalence.same_apart_from_docs(base_op, revision_op)
        assert not equivalence.same(*responses)
