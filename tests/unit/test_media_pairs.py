"""Media types of two versions of a body pair by name; the short cut for one media type
written alike on both sides (D90) pairs as the full pairing does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oasgate.diff.media import Pairing, pair_media, paired_by_name

_NAMES = st.sampled_from(
    [
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        "text/*",
        "text/plain",
        "*/*",
        " application/xml ",
    ]
)


@given(
    st.dictionaries(_NAMES, st.none(), max_size=3), st.dictionaries(_NAMES, st.none(), max_size=3)
)
def test_the_short_cut_pairs_as_the_full_pairing(
    base: dict[str, None], revision: dict[str, None]
) -> None:
    assert pair_media(base, revision) == paired_by_name(base, revision)


def test_one_media_type_written_alike_is_one_pair_of_the_same() -> None:
    pairs = pair_media({"application/json": 1}, {"application/json": 2})
    assert pairs.pairs == [("application/json", "application/json", Pairing.SAME)]
    assert pairs.removed == [] and pairs.added == []
