"""Filters (``policy/filters.py``) in-process: what the revision says never exempts, and a
filter only ever takes findings away."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.engine import check, load
from oasgate.errors import OasgateError
from oasgate.loading.sources import SourceText
from oasgate.model.spec import SpecModel
from oasgate.policy.filters import Filters
from oasgate.policy.settings import Config
from oasgate.policy.status import OperationGlob

NAMES = ["pets", "owners", "stores", "admin", "ledger"]


class _Tree:
    """One JSON document in memory, as the load stage reads a file."""

    def __init__(self, name: str, document: dict[str, Any]) -> None:
        self.root_key = name
        self._raw = json.dumps(document).encode()

    def key_for_url(self, url: str) -> str | None:
        return None

    def read(self, key: str) -> SourceText:
        if key != self.root_key:
            raise OasgateError("no such file", file=key)
        return SourceText(key, key, self._raw)


def _operation(tags: list[str], internal: bool, with_param: bool) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}, "tags": tags}
    if internal:
        operation["x-internal"] = True
    if with_param:
        operation["parameters"] = [{"name": "q", "in": "query", "schema": {"type": "string"}}]
    return operation


def _spec(name: str, operations: dict[str, dict[str, Any]]) -> SpecModel:
    paths = {f"/{path}": {"get": op} for path, op in operations.items()}
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}
    return load(_Tree(name, document))


OPERATIONS = st.dictionaries(
    st.sampled_from(NAMES),
    st.tuples(st.lists(st.sampled_from(["a", "b"]), max_size=2), st.booleans()),
    min_size=1,
)


@settings(max_examples=40, deadline=None)
@given(base_ops=OPERATIONS, marked=st.sets(st.sampled_from(NAMES)))
def test_marks_added_by_the_revision_exempt_nothing(
    base_ops: dict[str, tuple[list[str], bool]], marked: set[str]
) -> None:
    """Every base operation loses its parameter; the revision also marks some operations
    internal and tags them 'a'. Filtering on both reports exactly what filtering on the
    base's own marks does."""
    base = _spec("base.json", {p: _operation(t, i, True) for p, (t, i) in base_ops.items()})
    revision = _spec(
        "revision.json",
        {
            p: _operation([*t, "a"] if p in marked else t, i or p in marked, False)
            for p, (t, i) in base_ops.items()
        },
    )
    filters = Filters(exclude_tags=("a",), exclude_extensions=("x-internal",))
    report = check(base, revision, config=Config(filters=filters))
    reported = {op for f in report.findings for op in f.operations}
    expected = {
        f"GET /{p}" for p, (tags, internal) in base_ops.items() if "a" not in tags and not internal
    }
    assert reported == expected
    # counts are of changes (one finding may group the same change in several operations)
    assert report.filtered is not None
    assert (report.filtered.total > 0) == (len(expected) < len(base_ops))


@settings(max_examples=40, deadline=None)
@given(
    base_ops=OPERATIONS,
    include=st.lists(st.sampled_from([f"/{n}" for n in NAMES] + ["/**", "GET /p*"]), max_size=2),
    exclude=st.lists(st.sampled_from([f"/{n}" for n in NAMES] + ["/*s"]), max_size=2),
    tags=st.lists(st.sampled_from(["a", "b"]), max_size=1),
)
def test_a_filter_only_takes_findings_away(
    base_ops: dict[str, tuple[list[str], bool]],
    include: list[str],
    exclude: list[str],
    tags: list[str],
) -> None:
    base = _spec("base.json", {p: _operation(t, i, True) for p, (t, i) in base_ops.items()})
    revision = _spec(
        "revision.json", {p: _operation(t, i, False) for p, (t, i) in base_ops.items()}
    )
    everything = check(base, revision)
    filters = Filters(
        include_paths=tuple(OperationGlob.of(g) for g in include),
        exclude_paths=tuple(OperationGlob.of(g) for g in exclude),
        include_tags=tuple(tags),
    )
    filtered = check(base, revision, config=Config(filters=filters))
    assert {f.fingerprint for f in filtered.findings} <= {
        f.fingerprint for f in everything.findings
    }
    if not filters:
        assert filtered.filtered is None and filtered.findings == everything.findings
        return
    assert filtered.filtered is not None
    operations = {op for f in everything.findings for op in f.operations}
    kept = {op for f in filtered.findings for op in f.operations}
    assert kept <= operations
    assert (filtered.filtered.total > 0) == (kept != operations)
    assert not filtered.failed or everything.failed
