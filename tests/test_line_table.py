"""Line and column from an offset: the same answers on one long line as on many short ones
(the line start is found within the offset's chunk, or from the table kept per chunk)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oasgate.loading.locate.lines import LineTable


def _naive(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@given(st.lists(st.integers(0, 3 * 4096), min_size=1, max_size=6), st.data())
def test_positions_across_chunks(line_lengths: list[int], data: st.DataObject) -> None:
    text = "\n".join("x" * length for length in line_lengths)
    offsets = data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=20))
    table = LineTable(text)
    for offset in offsets:
        assert table.position(offset) == _naive(text, offset)


def test_one_line_of_many_chunks() -> None:
    text = "a" * 50_000 + "\n" + "b" * 50_000
    table = LineTable(text)
    assert table.position(49_999) == (1, 50_000)
    assert table.position(50_001 + 40_000) == (2, 40_001)
    assert table.position(10) == (1, 11)
