"""Which YAML texts are parsed on the large stack: every text whose aliases replay a node.

yaml_rs recurses on the native stack, and aliases that replay anchored nodes are how a
small text nests deep enough to crash the interpreter (D32), so such a text must never be
parsed on the main thread. The test asks yaml_rs itself: with a replay budget of zero it
refuses exactly the texts that replay something.
"""

from __future__ import annotations

import pytest
import yaml_rs
from hypothesis import example, given, settings
from hypothesis import strategies as st

from oasgate.loading.limits import DEFAULT_LIMITS
from oasgate.loading.yaml_parsing import _may_replay, parse_yaml

_NO_REPLAY = yaml_rs.AliasLimits(max_total_replayed_events=0)

#: pieces YAML text is made of, anchors and aliases in every place they can and cannot be
_PIECES = st.sampled_from(
    [
        "a", "b", ": ", ":", " ", "  ", "\t", "\n", "- ", "-", "? ", "---\n", "[", "]", "{",
        "}", ", ", ",", "|\n", ">-\n", "'", '"', "# ", "!t ", "!!str ", "&x ", "&x", "*x",
        "&&x ", "*&x", "&*x ", "**x", "x&", "x*", " &x", " *x", "&godo.D{}", "&& ",
    ]
)  # fmt: skip


def _replays(text: str) -> bool:
    try:
        yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_REPLAY)
    except yaml_rs.YAMLDecodeError as error:
        return "alias replay" in str(error)
    except Exception:  # any other refusal is not a replay
        return False
    return False


@settings(max_examples=3000)
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("a: &&x 1\nb: *&x\n")  # an anchor named "&x": missed by the first search
@example("a: !t &x [1]\nb: [*x, *x]\n")
@example("? &x a\n: *x\n")
def test_a_text_whose_aliases_replay_is_parsed_on_the_large_stack(text: str) -> None:
    if _replays(text):
        assert _may_replay(text)


@pytest.mark.parametrize(
    "text",
    [
        # DigitalOcean's Go samples: ampersands where a node could start, no alias
        "source: |-\n  req := &godo.DropletCreateRequest{\n    Name: x,\n  }\n",
        "source: |\n  res := []interface{}{\n    &godo.Droplet{ID: 1},\n  }\n",
        "description: run `make && make install`, then **restart**\n",
        "a: &x 1\nb: 2\n",  # an anchor nothing refers to
    ],
)
def test_text_without_a_replay_is_parsed_on_the_main_thread(text: str) -> None:
    assert not _may_replay(text)
    data, _ = parse_yaml(text, "t.yaml", DEFAULT_LIMITS)
    assert data == yaml_rs.loads(text, parse_datetime=False)
