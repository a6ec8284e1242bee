"""Every output format on one shared report: golden files, determinism, and what each
consumer needs (SARIF schema, well-formed XML, escaping, feed parsers).

Golden files live in ``tests/golden/``; after an intended change of output,
regenerate them with::

    OASGATE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/acceptance/test_reports.py

and review the diff. Without that variable any drift fails.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.findings import Report, Severity
from oasgate.report import Format, renderer
from oasgate.report.changelog import ChangelogFormat, changelog_renderer
from oasgate.report.changelog_entry import ChangelogOptions, Section, sections
from oasgate.report.github import escape_data, escape_property
from tests.acceptance.report_fixture import DATE, empty_report, shared_report

HERE = Path(__file__).resolve().parents[1]  # tests/, where golden/ and schemas/ are
GOLDEN = HERE / "golden"
SARIF_SCHEMA = HERE / "schemas" / "sarif-2.1.0" / "sarif-2.1.0-rtm.5.json"
UPDATE = os.environ.get("OASGATE_UPDATE_GOLDEN") == "1"

EXTENSION = {
    Format.TEXT: "txt",
    Format.JSON: "json",
    Format.YAML: "yaml",
    Format.MARKDOWN: "md",
    Format.HTML: "html",
    Format.SARIF: "sarif",
    Format.JUNIT: "junit.xml",
    Format.GITHUB: "github.txt",
    Format.GITLAB: "gitlab.json",
}
CHANGELOG_EXTENSION = {
    ChangelogFormat.MARKDOWN: "md",
    ChangelogFormat.JSON: "json",
    ChangelogFormat.ATOM: "atom",
    ChangelogFormat.RSS: "rss",
}
OPTIONS = ChangelogOptions(date=DATE, link="https://example.com/api/changelog")


def _compare_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no golden file {path}; run with OASGATE_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} drifted from its golden file (OASGATE_UPDATE_GOLDEN=1)"


def _render(fmt: Format, report: Report | None = None) -> str:
    return renderer(fmt)(report or shared_report())


# -- golden files and determinism: every format -------------------------------------------------


def test_every_format_has_a_golden_file() -> None:
    assert set(EXTENSION) == set(Format)


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_report_format_matches_golden_and_is_deterministic(fmt: Format) -> None:
    first = _render(fmt)
    second = _render(fmt)
    assert first == second
    _compare_golden(f"report.{EXTENSION[fmt]}", first)


@pytest.mark.parametrize("fmt", list(ChangelogFormat), ids=lambda f: f.value)
def test_changelog_format_matches_golden_and_is_deterministic(fmt: ChangelogFormat) -> None:
    render = changelog_renderer(fmt)
    first = render(shared_report(), OPTIONS, None)
    assert first == render(shared_report(), OPTIONS, None)
    _compare_golden(f"changelog.{CHANGELOG_EXTENSION[fmt]}", first)


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.value)
def test_every_format_renders_a_report_without_findings(fmt: Format) -> None:
    text = _render(fmt, empty_report())
    assert text.endswith("\n")
    if fmt in (Format.JSON, Format.SARIF, Format.GITLAB):
        json.loads(text)
    if fmt is Format.JUNIT:
        root = ET.fromstring(text)
        assert root.get("tests") == "0" and root.get("failures") == "0"


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "1"},
        {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
        {"TTY_COMPATIBLE": "2"},
    ],
)
@pytest.mark.parametrize("tty", [False, True])
def test_plain_text_is_printed_exactly_where_rich_would_not_style(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], tty: bool
) -> None:
    import io

    from rich.console import Console

    from oasgate.report.text import wants_styles

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    stream = Stream()
    assert wants_styles(stream) is Console(file=stream).is_terminal


def test_terminal_text_is_the_text_format_with_colours() -> None:
    import io

    from rich.console import Console

    from oasgate.report.text import print_report

    plain = io.StringIO()
    print_report(shared_report(), Console(file=plain, width=80, color_system=None))
    assert plain.getvalue() == _render(Format.TEXT)
    coloured = io.StringIO()
    print_report(
        shared_report(),
        Console(file=coloured, width=80, force_terminal=True, color_system="standard"),
    )
    assert "\x1b[1;31merror  \x1b[0m" in coloured.getvalue()
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()) == _render(Format.TEXT)


# -- JSON and YAML ---------------------------------------------------------------------------


def test_json_findings_carry_both_locations_and_fingerprints() -> None:
    data = json.loads(_render(Format.JSON))
    assert data["summary"] == {"error": 3, "warning": 1, "info": 4, "ignored": 1}
    first = data["findings"][0]
    assert first["base"] == {
        "file": "api/base.yaml",
        "pointer": "/paths/~1pets/get/parameters/1",
        "line": 14,
        "column": 7,
    }
    assert first["revision"]["line"] == 12
    base_only = next(f for f in data["findings"] if f["id"] == "path-removed")
    assert base_only["revision"] is None
    ignored = next(f for f in data["findings"] if f.get("ignored"))
    assert ignored["ignore_reason"].startswith("removal agreed")


def test_yaml_is_the_json_report() -> None:
    assert yaml.safe_load(_render(Format.YAML)) == json.loads(_render(Format.JSON))
    assert yaml.safe_load(_render(Format.YAML, empty_report())) == json.loads(
        _render(Format.JSON, empty_report())
    )


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_yaml_strings_read_back_as_written(value: str) -> None:
    from oasgate.report.yaml_report import scalar

    assert yaml.safe_load(f"key: {scalar(value)}\n") == {"key": value}


# -- SARIF -----------------------------------------------------------------------------------


def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_the_official_schema() -> None:
    validator = _sarif_validator()
    for report in (shared_report(), empty_report()):
        errors = sorted(validator.iter_errors(json.loads(_render(Format.SARIF, report))), key=str)
        assert not errors, errors[0].message


def test_sarif_rules_results_locations_and_suppressions() -> None:
    run = json.loads(_render(Format.SARIF))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    report = shared_report()
    assert [r["id"] for r in rules] == sorted({f.rule for f in report.findings})
    by_id = {r["id"]: r for r in rules}
    assert by_id["path-removed"]["shortDescription"]["text"] == (
        "a path and all its operations were removed"
    )
    assert by_id["path-removed"]["helpUri"].endswith("docs/rules.md#path-removed")
    results = run["results"]
    assert len(results) == len(report.findings)
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]
    assert first["level"] == "error"
    region = first["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "api/revision.yaml"
    assert region["region"] == {"startLine": 12, "startColumn": 7}
    related = first["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "api/base.yaml"
    assert related["region"]["startLine"] == 14
    assert first["partialFingerprints"] == {"oasgate/v1": "0a1b2c3d4e5f60718293"}
    base_only = next(r for r in results if r["ruleId"] == "path-removed")
    assert base_only["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "api/base.yaml"
    )
    assert "relatedLocations" not in base_only
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["response-property-enum-value-added"] == "warning"
    assert levels["operation-added"] == "note"
    ignored = next(r for r in results if r["ruleId"] == "operation-removed")
    assert ignored["suppressions"][0]["kind"] == "external"
    assert "API-123" in ignored["suppressions"][0]["justification"]
    shared = next(r for r in results if r["ruleId"] == "response-property-type-changed")
    assert "affects 7 operations" in shared["message"]["text"]
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notifications] == [
        "duplicate-key",
        "missing-description",
    ]


def test_sarif_uris_are_uri_references() -> None:
    from oasgate.report.sarif import artifact_uri

    assert artifact_uri("api/openapi.yaml") == "api/openapi.yaml"
    assert artifact_uri("/srv/api/open api.yaml") == "file:///srv/api/open%20api.yaml"
    assert artifact_uri("origin/main:api.yaml") == "origin/main%3Aapi.yaml"
    assert artifact_uri("<stdin>") == "%3Cstdin%3E"


# -- JUnit -----------------------------------------------------------------------------------


def test_junit_has_one_testcase_per_finding_failing_at_the_fail_level() -> None:
    report = shared_report()
    root = ET.fromstring(_render(Format.JUNIT))
    findings_suite = root.find("testsuite")
    assert findings_suite is not None
    cases = findings_suite.findall("testcase")
    assert len(cases) == len(report.findings)
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    expected_failures = [
        f for f in report.findings if not f.ignored and f.severity is Severity.ERROR
    ]
    assert len(failed) == len(expected_failures) == 3
    assert len(skipped) == 1 and "API-123" in (skipped[0].find("skipped").get("message") or "")
    assert findings_suite.get("failures") == "3" and findings_suite.get("skipped") == "1"
    assert root.get("tests") == str(len(report.findings) + len(report.diagnostics))
    first = failed[0]
    assert first.get("file") == "api/revision.yaml" and first.get("line") == "12"
    assert first.get("classname") == "GET /pets"
    # the control character of the hostile string cannot appear in XML; it was replaced
    hostile = next(c for c in cases if "script" in (c.get("name") or ""))
    assert "\x1b" not in (hostile.get("name") or "") and "\ufffd" in (hostile.get("name") or "")


def test_junit_fail_level_decides_failures() -> None:
    from dataclasses import replace

    report = replace(shared_report(), fail_on=Severity.WARNING)
    root = ET.fromstring(_render(Format.JUNIT, report))
    assert root.get("failures") == "4"


# -- GitHub workflow commands --------------------------------------------------------------


def test_github_escaping_rules() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a,b: c%\n") == "a%2Cb%3A c%25%0A"


def test_github_annotations_groups_and_no_injected_commands() -> None:
    out = _render(Format.GITHUB)
    lines = out.splitlines()
    # every line is one of ours: a command or the summary; the hostile newline did not
    # start a line of its own
    for line in lines:
        assert re.match(r"^::(group|endgroup|error|warning|notice)\b", line) or line.startswith(
            "oasgate FAILED"
        ), line
    assert not any(line.startswith("::warning::injected") for line in lines)
    assert lines.count("::endgroup::") == sum(1 for line in lines if line.startswith("::group::"))
    first = next(line for line in lines if line.startswith("::error"))
    assert first.startswith(
        "::error file=api/revision.yaml,line=12,col=7,"
        "title=request-parameter-became-required (breaking)::"
        "query parameter 'limit' became required%0AAffects 2 operations: GET /pets, GET /stores%0ABase: api/base.yaml:14:7"
    )
    hostile = next(line for line in lines if "script" in line)
    assert hostile.startswith("::notice ")
    assert "%250A 100%25 a,b: c\\n::warning::injected | *bold* @octocat \\x1b'" in hostile
    assert "::group::schema Haustier (shared by 7 operations)" in lines
    assert not any("operation DELETE /owners/{id} removed" in line for line in lines)  # ignored


# -- GitLab code quality ----------------------------------------------------------------------


def test_gitlab_code_quality_issues() -> None:
    issues = json.loads(_render(Format.GITLAB))
    report = shared_report()
    active = [f for f in report.findings if not f.ignored]
    assert len(issues) == len(active) + len(report.diagnostics)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[0]["severity"] == "critical"
    assert issues[0]["location"] == {"path": "api/revision.yaml", "lines": {"begin": 12}}


# -- Markdown --------------------------------------------------------------------------------


def test_markdown_comment_shape_and_escaping() -> None:
    out = _render(Format.MARKDOWN)
    assert out.startswith("### ❌ oasgate: the gate failed\n")
    breaking = out.index("#### Breaking changes")
    other = out.index("<summary>Other changes (4)</summary>")
    assert breaking < out.index("query parameter 'limit' became required") < other
    assert out.index("request body became required") > other  # info on a development op
    assert "<summary>Ignored (1)</summary>" in out
    assert "<summary>Diagnostics (2)</summary>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "@octocat" not in out and "@\u200boctocat" in out
    for line in out.splitlines():
        if line.startswith("| "):
            # every row has exactly the table's cells: escaped pipes do not split cells
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) in (5, 8), line


def test_markdown_code_spans_survive_backticks() -> None:
    from oasgate.report.markdown import code

    assert code("a`b") == "`` a`b ``"
    assert code("x|y") == "`x\\|y`"
    assert code("x|y", in_table=False) == "`x|y`"


# -- HTML ------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1


def test_html_is_standalone_escaped_and_lists_every_finding() -> None:
    out = _render(Format.HTML)
    report = shared_report()
    parser = _Collector()
    parser.feed(out)
    articles = [a for t, a in parser.tags if t == "article"]
    assert len(articles) == len(report.active_findings)
    assert parser.scripts == 1  # ours; the hostile <script> is text
    assert "<script>alert" not in out and "&lt;script&gt;alert(&#x27;x&#x27;)" in out
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!github\.com/oasgate)""", out)
    assert not any(t in ("link", "img", "iframe") for t, _ in parser.tags)
    csp = next(a for t, a in parser.tags if t == "meta" and a.get("http-equiv"))["content"]
    assert csp is not None and "default-src 'none'" in csp
    from oasgate.report.html import _SCRIPT, _STYLE, _hash

    assert _hash(_SCRIPT) in csp and _hash(_STYLE) in csp
    assert "Haustier.größe" in out and "Tierhandlung API ✓" in out


# -- changelog and feeds -----------------------------------------------------------------------


def test_changelog_sections() -> None:
    groups = sections(shared_report())
    rules = {section: [f.rule for f in found] for section, found in groups.items()}
    assert rules[Section.DEPRECATIONS] == ["fixture-operation-deprecated"]
    assert "request-body-became-required" in rules[Section.BREAKING]  # even gated to info
    assert "response-property-enum-value-added" in rules[Section.BREAKING]
    assert "operation-removed" in rules[Section.BREAKING]  # ignored by the gate, still a change
    assert set(rules[Section.ADDITIONS]) == {"request-parameter-optional-added", "operation-added"}


def test_changelog_markdown_groups_in_order() -> None:
    out = changelog_renderer(ChangelogFormat.MARKDOWN)(shared_report(), OPTIONS, None)
    assert out.startswith("## Tierhandlung API ✓ 1.1.0 (2025-03-01)\n")
    positions = [out.index(f"### {s}") for s in ("Breaking", "Deprecations", "Additions")]
    assert positions == sorted(positions)


@pytest.mark.parametrize("fmt", [ChangelogFormat.ATOM, ChangelogFormat.RSS])
def test_feeds_parse_with_a_real_feed_parser(fmt: ChangelogFormat) -> None:
    text = changelog_renderer(fmt)(shared_report(), OPTIONS, None)
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("atom10" if fmt is ChangelogFormat.ATOM else "rss20")
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.title == "Tierhandlung API ✓ 1.1.0"
    assert entry.id.startswith("urn:uuid:")
    assert entry.link == "https://example.com/api/changelog"
    body = entry.content[0].value if fmt is ChangelogFormat.ATOM else entry.description
    assert "Breaking changes" in body and "größe" in body


_FOREIGN_ATOM = """<?xml version="1.0" encoding="utf-8"?>
<!-- our public changelog: hand-written entries below -->
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:example:ext">
  <title>Pets API changes</title>
  <id>urn:example:feed</id>
  <updated>2024-06-01T00:00:00Z</updated>
  <author><name>API team</name></author>
  <entry>
    <title>Version 0.9 — hand written</title>
    <id>urn:example:entry:0.9</id>
    <updated>2024-06-01T00:00:00Z</updated>
    <x:extra>kept as is</x:extra>
    <content type="text">Löwen &amp; Tiger</content>
  </entry>
</feed>
"""

_FOREIGN_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Pets API</title><link>https://example.com</link>
<description>changes</description>
<item><title>0.9</title><guid>urn:example:0.9</guid><description>first</description></item>
</channel></rss>
"""


@pytest.mark.parametrize(
    ("fmt", "existing", "old_id"),
    [
        (ChangelogFormat.ATOM, _FOREIGN_ATOM, "urn:example:entry:0.9"),
        (ChangelogFormat.RSS, _FOREIGN_RSS, "urn:example:0.9"),
    ],
)
def test_adding_to_an_existing_feed_keeps_its_entries_and_adds_no_duplicates(
    fmt: ChangelogFormat, existing: str, old_id: str
) -> None:
    render = changelog_renderer(fmt)
    updated = render(shared_report(), OPTIONS, existing)
    parsed = feedparser.parse(updated)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.id for e in parsed.entries][1:] == [old_id]
    assert parsed.entries[0].title == "Tierhandlung API ✓ 1.1.0"
    # everything that was there is still there, byte for byte, apart from the feed date
    kept = existing.replace("2024-06-01T00:00:00Z</updated>\n  <author>", "")
    for line in kept.splitlines():
        if line.strip():
            assert line.split("<updated>")[0] in updated
    assert render(shared_report(), OPTIONS, updated) == updated  # re-run: no duplicate


def test_atom_feed_date_moves_forward_only() -> None:
    render = changelog_renderer(ChangelogFormat.ATOM)
    updated = render(shared_report(), OPTIONS, _FOREIGN_ATOM)
    assert "<updated>2025-03-01T12:00:00Z</updated>\n  <author>" in updated
    later = _FOREIGN_ATOM.replace("2024-06-01", "2030-01-01")
    assert "<updated>2030-01-01T00:00:00Z</updated>\n  <author>" in render(
        shared_report(), OPTIONS, later
    )


def test_prefixed_atom_namespace_gets_an_entry_in_the_atom_namespace() -> None:
    existing = (
        '<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>t</a:title>'
        "<a:id>urn:x</a:id><a:updated>2024-01-01T00:00:00Z</a:updated></a:feed>"
    )
    updated = changelog_renderer(ChangelogFormat.ATOM)(shared_report(), OPTIONS, existing)
    root = ET.fromstring(updated)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1


@pytest.mark.parametrize(
    ("fmt", "existing", "message"),
    [
        (ChangelogFormat.ATOM, "# My changelog\n\nhand written\n", "not well-formed XML"),
        (ChangelogFormat.ATOM, _FOREIGN_RSS, "not an Atom 1.0 feed"),
        (ChangelogFormat.RSS, _FOREIGN_ATOM, "not an RSS 2.0 feed"),
        (
            ChangelogFormat.ATOM,
            '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]>'
            '<feed xmlns="http://www.w3.org/2005/Atom">&a;</feed>',
            "DOCTYPE",
        ),
    ],
)
def test_a_file_that_is_not_a_feed_of_that_kind_is_refused(
    fmt: ChangelogFormat, existing: str, message: str
) -> None:
    from oasgate.errors import OasgateError

    with pytest.raises(OasgateError, match=message):
        changelog_renderer(fmt)(shared_report(), OPTIONS, existing)


def test_hostile_text_stays_text_in_markup_formats() -> None:
    for fmt in (Format.MARKDOWN, Format.HTML, Format.JUNIT):
        assert "<script>alert" not in _render(fmt), fmt
    for fmt in (ChangelogFormat.MARKDOWN, ChangelogFormat.ATOM, ChangelogFormat.RSS):
        assert "<script>alert" not in changelog_renderer(fmt)(shared_report(), OPTIONS, None)


# -- the report's JSON Schema ------------------------------------------------------------------


def _report_schema() -> dict[str, Any]:
    from importlib.resources import files

    schema: dict[str, Any] = json.loads(files("oasgate").joinpath("report.schema.json").read_text())
    return schema


def test_golden_reports_follow_the_shipped_schema() -> None:
    """The JSON Schema ships with the package and every golden report (JSON and YAML, which
    is the same data) validates against it: a renderer change that alters the shape
    without updating the schema (and the version) fails here."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_report_schema())
    for name in ("report.json", "report.yaml"):
        text = (GOLDEN / name).read_text(encoding="utf-8")
        data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"
        assert data["version"] == _report_schema()["properties"]["version"]["const"]


def test_schema_rejects_a_report_of_another_shape() -> None:
    import jsonschema

    data = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))
    data["findings"][0]["classification"] = "warning"  # a version 1 value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _report_schema())
