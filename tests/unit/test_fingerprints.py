"""Fingerprints let CI systems (code scanning, GitLab code quality) track one finding across
commits: the same change keeps its fingerprint when unrelated parts of the spec move, and
a different change gets a different one."""

from __future__ import annotations

import oasgate
from oasgate.findings import Report

PETS = """\
/pets:
  get:
    parameters:
{extra_parameter}      - {{name: limit, in: query, required: {limit_required}, schema: {{type: integer}}}}
      - {{name: species, in: query, required: {species_required}, schema: {{type: string}}}}
      - {{name: X-Trace, in: header, schema: {{type: string}}}}
    responses:
      '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{id: {{type: {ok_id}}}}}}}}}}}}}
      '201': {{description: created, content: {{application/json: {{schema: {{type: object, properties: {{id: {{type: {created_id}}}}}}}}}}}}}
"""
OTHER_PATH = "/aardvarks:\n  get:\n    responses: {'200': {description: ok}}\n"
EXTRA_PARAMETER = "      - {name: cursor, in: query, schema: {type: string}}\n"


def _paths(
    *,
    limit_required: str = "false",
    species_required: str = "false",
    ok_id: str = "integer",
    created_id: str = "integer",
    extra_parameter: str = "",
    other_path: bool = False,
    padding: int = 0,
) -> str:
    text = PETS.format(
        limit_required=limit_required,
        species_required=species_required,
        ok_id=ok_id,
        created_id=created_id,
        extra_parameter=extra_parameter,
    )
    if other_path:
        text = OTHER_PATH + text
    return "# a comment that moves every line\n" * padding + text


def _report(write_pair, name: str, base: str, revision: str) -> Report:
    base_path, revision_path = write_pair(base, revision, name=name)
    return oasgate.check(str(base_path), str(revision_path))


def _fingerprint(report: Report, rule: str, needle: str = "") -> str:
    matching = [f for f in report.findings if f.rule == rule and needle in f.message]
    assert len(matching) == 1, [(f.rule, f.message) for f in report.findings]
    return matching[0].fingerprint


def test_the_same_change_keeps_its_fingerprint_when_unrelated_things_move(write_pair) -> None:
    rule = "request-parameter-became-required"
    reference = _fingerprint(
        _report(write_pair, "plain", _paths(), _paths(limit_required="true")), rule
    )
    variants = {
        "lines shifted": (_paths(padding=7), _paths(limit_required="true", padding=3)),
        "parameter inserted before, both sides": (
            _paths(extra_parameter=EXTRA_PARAMETER),
            _paths(limit_required="true", extra_parameter=EXTRA_PARAMETER),
        ),
        "parameter inserted before, revision only": (
            _paths(),
            _paths(limit_required="true", extra_parameter=EXTRA_PARAMETER),
        ),
        "another path added before": (
            _paths(other_path=True),
            _paths(limit_required="true", other_path=True),
        ),
    }
    for index, (label, (base, revision)) in enumerate(variants.items()):
        report = _report(write_pair, f"variant{index}", base, revision)
        assert _fingerprint(report, rule) == reference, label
        location = next(f for f in report.findings if f.rule == rule).revision
        assert location is not None and location.line is not None


def test_a_different_change_gets_a_different_fingerprint(write_pair) -> None:
    limit = _report(write_pair, "limit", _paths(), _paths(limit_required="true"))
    species = _report(write_pair, "species", _paths(), _paths(species_required="true"))
    rule = "request-parameter-became-required"
    assert _fingerprint(limit, rule) != _fingerprint(species, rule)


def test_the_same_change_in_two_responses_is_one_finding_with_two_places(write_pair) -> None:
    """The same change (same rule, same message) made in the 200 and the 201 response is
    one finding: both places listed, the first standing as its location."""
    report = _report(write_pair, "statuses", _paths(), _paths(ok_id="string", created_id="string"))
    assert len(report.findings) == 1
    (finding,) = report.findings
    pointers = [place.revision.pointer for place in finding.all_places if place.revision]
    assert len(pointers) == 2
    assert {p.split("/")[5] for p in pointers} == {"200", "201"}
    assert finding.revision == finding.all_places[0].revision


def test_a_group_keeps_its_fingerprint_when_a_place_joins(write_pair) -> None:
    one = _report(write_pair, "one-place", _paths(), _paths(ok_id="string"))
    two = _report(write_pair, "two-places", _paths(), _paths(ok_id="string", created_id="string"))
    assert [f.fingerprint for f in one.findings] == [f.fingerprint for f in two.findings]
    assert len(one.findings[0].all_places) == 1 and len(two.findings[0].all_places) == 2


def test_fingerprints_of_a_whole_report_are_unique_and_stable(write_pair) -> None:
    base, revision = _paths(), _paths(limit_required="true", ok_id="string", created_id="number")
    first = _report(write_pair, "one", base, revision)
    second = _report(write_pair, "two", base, revision)
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in second.findings]
    assert len({f.fingerprint for f in first.findings}) == len(first.findings)


def test_one_shared_response_removed_from_two_operations_is_one_finding(
    write_pair,
) -> None:
    """Both findings start at the same base node (the shared component) and differ only on
    the revision side; OpenSearch's spec has this shape."""
    components = "components:\n  responses:\n    Saved: {description: saved}\n"
    base = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /doc:\n"
        "    put: {responses: {'200': {$ref: '#/components/responses/Saved'}}}\n"
        "    post: {responses: {'200': {$ref: '#/components/responses/Saved'}}}\n" + components
    )
    revision = base.replace(
        "'200': {$ref: '#/components/responses/Saved'}", "'201': {description: x}"
    )
    report = _report(write_pair, "shared-response", base, revision)
    removed = [f for f in report.findings if f.rule == "response-success-status-removed"]
    assert len(removed) == 1, [(f.rule, f.operations) for f in report.findings]
    assert removed[0].operations == ("PUT /doc", "POST /doc")
    assert len(removed[0].all_places) == 2  # one base node, each operation's revision side
