"""Tests for the report's order (:func:`oasgate.engine.report_order`): the whole sort key
is worked out only for findings whose heads tie, and the order is the whole key's — the
same findings in the same places of the report, ties on every field included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.engine import _sort_key, report_order
from oasgate.findings import Finding, Impact, Location, Place, Severity

# few values per field, so that findings tie on the head and on more than the head
_locations = st.one_of(
    st.none(),
    st.builds(
        Location,
        file=st.sampled_from(["a.yaml", "b.yaml"]),
        pointer=st.sampled_from(["/x", "/y"]),
        line=st.sampled_from([None, 1, 2]),
        column=st.sampled_from([None, 1, 3]),
    ),
)
_findings = st.builds(
    Finding,
    rule=st.sampled_from(["response-property-removed", "request-parameter-added"]),
    severity=st.sampled_from(list(Severity)),
    classification=st.just(Impact.BREAKING),
    message=st.sampled_from(["m", "n"]),
    operations=st.lists(
        st.sampled_from(["GET /a", "POST /a", "GET /b", "TRACE /b"]), max_size=3
    ).map(tuple),
    status=st.sampled_from(["stable", "deprecated"]),
    base=_locations,
    revision=_locations,
    fingerprint=st.sampled_from(["f1", "f2"]),
    ignored=st.booleans(),
    hint=st.sampled_from([None, "h"]),
    places=st.lists(st.builds(Place, base=_locations, revision=_locations), max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_findings, max_size=12))
def test_report_order_is_the_order_of_the_whole_key(findings: list[Finding]) -> None:
    expected = sorted(findings, key=_sort_key)
    assert [id(f) for f in report_order(findings)] == [id(f) for f in expected]
