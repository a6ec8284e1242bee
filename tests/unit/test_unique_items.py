"""The enum uniqueness check oasgate puts in jsonschema's place answers as jsonschema does."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema._utils import uniq

from oasgate.model.unique_items import all_unique


@pytest.mark.parametrize(
    "items",
    [
        [{"a": 1}, *range(50)],
        [{"a": 1}, *range(50), {"a": 1}],
        [True, 1],
        [False, 0],
        [1, 1.0],
        [{"a": [1, 2]}, {"a": [2, 1]}],
        [{"a": [1, 2]}, {"a": [1, 2]}],
        [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
        [[True], [1]],
        [None, "null", 0, ""],
        [None, None],
        ["1", 1],
    ],
)
def test_same_answer_as_jsonschema(items: list[Any]) -> None:
    assert all_unique(items) == uniq(items)
