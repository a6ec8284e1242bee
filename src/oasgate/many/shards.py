"""``--shard K/N``: the APIs one machine of a CI matrix checks.

Every shard pairs the whole trees (cheap: names and sizes) and keeps its own share, so
the N shards together check every API exactly once, whatever order the machines start
in. The share is balanced by size — the work grows with the specs' bytes — by giving
each API, largest first, to the shard with the least work so far (ties: the lower
shard, then the name), which depends on nothing but the pairs: every machine computes
the same split.
"""

from __future__ import annotations

import re

from oasgate.errors import OasgateError
from oasgate.many.pairing import Pair

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` with 1 ≤ K ≤ N."""
    found = _SHARD.match(text)
    if found is None or not 1 <= int(found[1]) <= int(found[2]):
        raise OasgateError(
            f"--shard: expected K/N with 1 ≤ K ≤ N (e.g. 1/4), not {text!r}",
            hint="in a GitHub Actions matrix: --shard ${{ matrix.shard }}/4",
        )
    return int(found[1]), int(found[2])


def shard_pairs(pairs: list[Pair], index: int, count: int) -> list[Pair]:
    """The pairs of shard ``index`` (1-based) of ``count``, in their original order."""
    loads = [0] * count
    owner: dict[str, int] = {}
    for pair in sorted(pairs, key=lambda p: (-p.size, p.name)):
        shard = min(range(count), key=lambda s: (loads[s], s))
        loads[shard] += max(pair.size, 1)
        owner[pair.name] = shard
    return [pair for pair in pairs if owner[pair.name] == index - 1]
