"""What the HTML report shows readers: JSON pointers decoded (no ``~1``/``~0``), and
rule links that reach the rule's section of the real docs page (docs/reports.md)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from oasgate.catalogue import RULES
from oasgate.findings import Finding, Impact, Location, Report, Severity, SourceInfo, Summary
from oasgate.report import Format, renderer
from oasgate.report.common import DOCS_URL, PROJECT_URL, readable_pointer, rule_doc_url
from tests.conftest import REPO


def _report(pointer: str) -> Report:
    finding = Finding(
        rule="response-property-removed",
        severity=Severity.ERROR,
        classification=Impact.BREAKING,
        message="response property 'Pet.name' removed",
        operations=("GET /pets/{id}",),
        status="stable",
        base=Location("api/base.yaml", pointer, 3, 1),
        revision=Location("api/revision.yaml", pointer, 4, 1),
        fingerprint="f" * 20,
    )
    return Report(
        SourceInfo("api/base.yaml", "3.0.3"),
        SourceInfo("api/revision.yaml", "3.0.3"),
        (finding,),
        summary=Summary(error=1),
    )


def test_html_shows_pointers_decoded() -> None:
    pointer = "/paths/~1pets~1{id}/get/responses/200/content/application~1json/x~0y"
    page = renderer(Format.HTML)(_report(pointer))
    assert "~1" not in page and "~0" not in page
    assert "paths › /pets/{id} › get › responses › 200 › content › application/json › x~y" in page


@given(st.lists(st.text(alphabet="ab/~{}", min_size=1, max_size=6), min_size=1, max_size=5))
def test_readable_pointer_decodes_every_segment(segments: list[str]) -> None:
    pointer = "/" + "/".join(s.replace("~", "~0").replace("/", "~1") for s in segments)
    assert readable_pointer(pointer) == " › ".join(segments)


def test_rule_links_reach_the_rule_in_the_published_docs() -> None:
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', (REPO / "docs/rules.md").read_text()))
    assert DOCS_URL.startswith(PROJECT_URL + "/") and "OWNER" not in PROJECT_URL
    for rule_id in RULES:
        url = rule_doc_url(rule_id)
        assert url == f"{DOCS_URL}rules.md#{rule_id}"
        assert rule_id in anchors, rule_id
    page = renderer(Format.HTML)(_report("/paths"))
    assert f'href="{DOCS_URL}rules.md#response-property-removed"' in page
