"""One finding per change: the same change made in several places is reported once.

Shapes from real specs: Netlify (Swagger 2.0) writes the same inline schema in every
operation, so removing one property removed it "once per operation"; GitHub's webhooks
had two identical inline copies (``head.repo``/``base.repo``) that the revision replaced
by one ``$ref``.
"""

from __future__ import annotations

import json
from pathlib import Path

import oasgate
from oasgate.config import load_config
from oasgate.findings import Report

_SETTINGS = """
      type: object
      properties:
        css: {type: boolean}
        js: {type: boolean}
"""


def _swagger(operations: list[str], with_css: bool) -> str:
    settings = _SETTINGS if with_css else _SETTINGS.replace("        css: {type: boolean}\n", "")
    lines = ["swagger: '2.0'", "info: {title: t, version: '1'}", "paths:"]
    for name in operations:
        lines += [
            f"  /sites/{{site_id}}/{name}:",
            "    get:",
            "      parameters: [{name: site_id, in: path, required: true, type: string}]",
            "      responses:",
            "        '200':",
            "          description: ok",
            "          schema:",
            "            type: object",
            "            properties:",
            "              processing_settings:"
            + settings.replace("\n      ", "\n                "),
        ]
    return "\n".join(lines) + "\n"


def _check(tmp_path: Path, base: str, revision: str, config: str | None = None) -> Report:
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "revision.yaml").write_text(revision, encoding="utf-8")
    settings = None
    if config is not None:
        (tmp_path / "oasgate.yaml").write_text(config, encoding="utf-8")
        settings = load_config(tmp_path / "oasgate.yaml")
    return oasgate.check(
        str(tmp_path / "base.yaml"), str(tmp_path / "revision.yaml"), config=settings
    )


def test_inline_copies_changed_alike_are_one_finding(tmp_path: Path) -> None:
    operations = ["deploys", "builds", "forms"]
    report = _check(tmp_path, _swagger(operations, True), _swagger(operations, False))
    removed = [f for f in report.findings if f.rule == "response-property-removed"]
    assert len(removed) == 1, [f.message for f in report.findings]
    (finding,) = removed
    assert "processing_settings.css" in finding.message
    assert finding.operations == (
        "GET /sites/{site_id}/builds",
        "GET /sites/{site_id}/deploys",
        "GET /sites/{site_id}/forms",
    )
    lines = [place.base.line for place in finding.all_places if place.base]
    assert len(lines) == 3 and lines == sorted(lines)
    assert finding.base == finding.all_places[0].base
    data = json.loads(oasgate.render(report, "json"))
    (shown,) = [f for f in data["findings"] if f["id"] == "response-property-removed"]
    assert len(shown["locations"]) == 3
    assert shown["base"] == shown["locations"][0]["base"]
    text = oasgate.render(report, "text")
    assert text.count("processing_settings.css") == 1
    assert "made in 3 places" in text


def test_two_inline_copies_that_became_one_ref_are_one_finding(tmp_path: Path) -> None:
    repo = "{type: object, properties: {has_discussions: {type: boolean}}, required: [has_discussions]}"
    base = f"""openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /pulls:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  head: {{type: object, properties: {{repo: {repo}}}}}
                  base: {{type: object, properties: {{repo: {repo}}}}}
"""
    loose = repo.replace(", required: [has_discussions]", "")
    revision = (
        base.replace(f"repo: {repo}", "repo: {$ref: '#/components/schemas/repo'}")
        + f"components:\n  schemas:\n    repo: {loose}\n"
    )
    report = _check(tmp_path, base, revision)
    optional = [f for f in report.findings if f.rule == "response-property-became-optional"]
    assert len(optional) == 1, [(f.rule, f.message) for f in report.findings]
    assert "has_discussions" in optional[0].message


def test_an_ignore_takes_its_operations_out_of_the_group(tmp_path: Path) -> None:
    operations = ["deploys", "builds", "forms"]
    config = (
        "ignores:\n"
        "  - rule: response-property-removed\n"
        "    operation: GET /sites/{site_id}/forms\n"
        "    reason: forms clients never read css\n"
    )
    report = _check(
        tmp_path, _swagger(operations, True), _swagger(operations, False), config=config
    )
    removed = [f for f in report.findings if f.rule == "response-property-removed"]
    assert [(f.ignored, len(f.operations)) for f in removed] in (
        [(False, 2), (True, 1)],
        [(True, 1), (False, 2)],
    )
    assert report.summary.ignored == 1 and report.failed


def test_which_copy_speaks_for_the_group_does_not_depend_on_their_order(
    tmp_path: Path,
) -> None:
    """The copies' own place is named (``head.repo``, ``base.repo``): the group's message,
    fingerprint and first place come from the same copy whichever is written first."""

    def pair(first: str, second: str) -> tuple[str, str]:
        repo = "{type: object, properties: {id: {type: integer}}}"
        paths = f"""openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /pulls:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  {first}: {{type: object, properties: {{repo: REPO}}}}
                  {second}: {{type: object, properties: {{repo: REPO}}}}
"""
        base = paths.replace("REPO", repo)
        revision = paths.replace("REPO", "{$ref: '#/components/schemas/repo'}") + (
            "components:\n  schemas:\n"
            "    repo: {type: object, nullable: true, properties: {id: {type: integer}}}\n"
        )
        return base, revision

    found = []
    for order in (("head", "base"), ("base", "head")):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        report = _check(folder, *pair(*order))
        (finding,) = [f for f in report.findings if f.rule == "response-property-became-nullable"]
        assert len(finding.all_places) == 2
        assert finding.base is not None
        found.append((finding.message, finding.fingerprint, finding.base.pointer.split("/")[-2]))
    assert found[0] == found[1], found
