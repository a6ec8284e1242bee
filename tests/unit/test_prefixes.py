"""``--map-prefix``: whole segments, the longest prefix, and the guide's way back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oasgate.loading.document import Node
from oasgate.model.objects import Server, Servers
from oasgate.model.prefixes import PrefixMap, map_servers
from oasgate.report.migration import old_label

SEGMENT = st.text(alphabet="abcv0123456789-_", min_size=1, max_size=6)
PATH = st.lists(SEGMENT, min_size=0, max_size=5).map(lambda parts: "/" + "/".join(parts))
PREFIX = st.lists(SEGMENT, min_size=1, max_size=3).map(lambda parts: "/" + "/".join(parts))


@given(old=PREFIX, new=PREFIX, rest=PATH)
def test_a_mapped_path_reads_back_through_the_guide(old: str, new: str, rest: str) -> None:
    path = old + (rest if rest != "/" else "")
    mapped = PrefixMap.of([(old, new)]).map(path)
    assert mapped.startswith(new)
    assert old_label(f"GET {mapped}", ((old, new),)) == f"GET {path}"


@given(old=PREFIX, new=PREFIX, path=PATH)
def test_a_path_outside_the_prefix_is_left_alone(old: str, new: str, path: str) -> None:
    if path == old or path.startswith(old + "/"):
        return
    assert PrefixMap.of([(old, new)]).map(path) == path


def test_segments_and_the_longest_prefix() -> None:
    prefixes = PrefixMap.of([("/api", "/x"), ("/api/v1", "/api/v2")])
    assert prefixes.map("/api/v1/pets") == "/api/v2/pets"
    assert prefixes.map("/api/v10/pets") == "/x/v10/pets"
    assert prefixes.map("/api") == "/x"
    assert PrefixMap.of([("/v1", "/")]).map("/v1/pets") == "/pets"
    assert PrefixMap.of([("/", "/v2")]).map("/pets") == "/v2/pets"


def test_server_urls_keep_their_host_and_query() -> None:
    node = Node({}, "", ())
    server = Server("https://h.example/api/v1/?x=1", "https", "h.example", "/api/v1", {}, node)
    mapped = map_servers(Servers((server,), None), PrefixMap.of([("/api/v1", "/api/v2")]))
    assert mapped.servers[0].url == "https://h.example/api/v2/?x=1"
    assert mapped.servers[0].path == "/api/v2"
