"""`oasgate changelog --template` (docs/templates.md) and `--attributes` in every report
format: the data a template sees, the sandbox, confinement, and extension values carried
from the operations into the reports."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, run_cli

BASE = """\
openapi: 3.0.3
info: {title: Shop, version: 1.0.0}
paths:
  /orders:
    get:
      x-audience: public
      x-team: billing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
    delete:
      x-audience: internal
      x-team: {name: ops}
      responses: {'204': {description: gone}}
"""
REVISION = """\
openapi: 3.0.3
info: {title: Shop, version: 2.0.0}
paths:
  /orders:
    get:
      x-audience: partner
      x-team: billing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
"""

#: A template that uses every field of docs/templates.md.
EVERY_FIELD = """\
id={{ id }} date={{ date }} datetime={{ datetime }} link={{ link }} lang={{ lang }}
{% for side in [base, revision] %}side={{ side.source }}|{{ side.title }}|{{ side.version }}|{{ side.openapi }}|{{ side.name }}
{% endfor %}
summary={{ summary }} counts={{ counts | dictsort }}
{% for section in sections %}section={{ section.id }}|{{ section.heading }}|{{ section.changes | length }}
{% endfor %}
{% for c in changes %}change={{ c.id }}|{{ c.message }}|{{ c.severity }}|{{ c.classification }}|{{ c.section }}|{{ c.operations | join(",") }}|{{ c.status }}|{{ c.hint }}|{{ c.fingerprint }}|{{ c.ignored }}|{{ c.ignore_reason }}|{{ c.location.text if c.location }}|{{ c.location.file if c.location }}|{{ c.location.line if c.location }}|{{ c.location.column if c.location }}|{{ c.location.pointer if c.location }}|{{ c.base.text if c.base }}|{{ c.revision.text if c.revision }}|{{ c.attributes | tojson }}|{{ c.attribute_values | dictsort }}
{% endfor %}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "revision.yaml").write_text(REVISION)
    return tmp_path


def _changelog(repo: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(
        "changelog", "base.yaml", "revision.yaml", "--date", "2026-02-03", *args, cwd=repo
    )
    return result.exit_code, result.stdout, result.stderr


def _documented(section: str) -> set[str]:
    """The field names of a table in docs/templates.md, under the heading ``section``."""
    text = (REPO / "docs" / "templates.md").read_text()
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_.]+)` \|", part, re.MULTILINE))


def test_the_docs_name_every_field_a_template_sees(repo: Path) -> None:
    from oasgate.engine import check
    from oasgate.report.changelog_entry import ChangelogOptions
    from oasgate.report.changelog_template import template_data

    report = check(str(repo / "base.yaml"), str(repo / "revision.yaml"), attributes=("x-team",))
    data = template_data(report, ChangelogOptions(datetime(2026, 2, 3, tzinfo=timezone.utc)))
    change = data["changes"][0]
    sides = {f"base.{key}" for key in data["base"]}
    section = {f"sections.{key}" for key in data["sections"][0]}
    assert _documented("The data") == set(data) | sides | section
    location = {f"location.{key}" for key in change["location"]}
    assert _documented("A change") == set(change) | location


def test_a_template_that_uses_every_field(repo: Path) -> None:
    (repo / "notes.txt.j2").write_text(EVERY_FIELD)
    code, out, err = _changelog(
        repo,
        "--template",
        "notes.txt.j2",
        "--attributes",
        "x-audience,x-team",
        "--link",
        "https://x.test/c",
    )
    assert code == 0, err
    assert "date=2026-02-03 datetime=2026-02-03T00:00:00+00:00 link=https://x.test/c lang=en" in out
    assert "side=base.yaml|Shop|1.0.0|3.0.3|Shop 1.0.0" in out
    assert "section=breaking|Breaking changes|2" in out
    removed = next(line for line in out.splitlines() if "operation-removed" in line)
    assert '|{"DELETE /orders": {"x-audience": "internal", "x-team": {"name": "ops"}}}|' in removed
    assert "it was not deprecated" in removed  # the hint
    changed = next(line for line in out.splitlines() if "response-property-type-changed" in line)
    assert "[('x-audience', 'partner'), ('x-team', 'billing')]" in changed
    assert "|revision.yaml:" in changed and "|/paths/~1orders/get/" in changed


def test_a_template_in_spanish(repo: Path) -> None:
    (repo / "notes.md").write_text(
        "{% for s in sections if s.changes %}## {{ s.heading }}\n{% endfor %}{{ summary }}"
    )
    code, out, _ = _changelog(repo, "--template", "notes.md", "--lang", "es")
    assert code == 0
    assert out.startswith("## Cambios incompatibles\n2 cambios incompatibles")


def test_an_html_template_is_autoescaped(repo: Path) -> None:
    (repo / "page.html").write_text("<p>{{ changes[0].message }}</p>")
    code, out, _ = _changelog(repo, "--template", "page.html")
    assert code == 0
    assert "&#39;id&#39;" in out and "'id'" not in out


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "the sandbox does not allow"),
        ("{{ cycler.__init__.__globals__ }}", "the sandbox does not allow"),
        ("{{ changes.pop() }}", "the sandbox does not allow"),
        ("{{ nonexistent }}", "'nonexistent' is undefined"),
        ("{% for %}", "template syntax error"),
    ],
)
def test_a_template_that_breaks_out_fails_with_one_clear_error(
    repo: Path, template: str, expected: str
) -> None:
    (repo / "evil.md").write_text("line one\n" + template)
    code, out, err = _changelog(repo, "--template", "evil.md")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], err
    assert lines[0].startswith("oasgate: error: evil.md:2:")


def test_a_template_outside_the_repository_is_refused(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "t.md"
    outside.write_text("{{ summary }}")
    (repo / "link.md").symlink_to(outside)
    for name in (str(outside), "link.md"):
        code, _, err = _changelog(repo, "--template", name)
        assert code == 2
        assert "outside the repository" in err and len(err.strip().splitlines()) == 1
    (repo / ".git" / "t.md").write_text("x")
    code, _, err = _changelog(repo, "--template", ".git/t.md")
    assert code == 2 and ".git directory" in err


def test_template_and_format_do_not_mix(repo: Path) -> None:
    (repo / "t.md").write_text("x")
    code, _, err = _changelog(repo, "--template", "t.md", "--format", "json")
    assert code == 2 and "--template" in err


def _check(repo: Path, fmt: str) -> str:
    result = run_cli(
        "check", "base.yaml", "revision.yaml", "--attributes", "x-audience,x-team",
        "--format", fmt, cwd=repo,
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    return result.stdout


def test_attributes_reach_every_report_format(repo: Path) -> None:
    report = json.loads(_check(repo, "json"))
    schema = json.loads((REPO / "src" / "oasgate" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    by_rule = {f["id"]: f for f in report["findings"]}
    assert by_rule["response-property-type-changed"]["attributes"] == {
        "GET /orders": {"x-audience": "partner", "x-team": "billing"}
    }
    # a removed operation: its values as the base wrote them
    assert by_rule["operation-removed"]["attributes"] == {
        "DELETE /orders": {"x-audience": "internal", "x-team": {"name": "ops"}}
    }

    assert "attributes: x-audience=partner, x-team=billing" in _check(repo, "text")
    assert "attributes: x-audience=partner, x-team=billing" in _check(repo, "markdown")
    html = _check(repo, "html")
    assert '<dl class="attributes"><dt>x-audience</dt><dd>partner</dd>' in html
    sarif = json.loads(_check(repo, "sarif"))
    properties = [r["properties"].get("attributes") for r in sarif["runs"][0]["results"]]
    assert {"GET /orders": {"x-audience": "partner", "x-team": "billing"}} in properties
    junit = ET.fromstring(_check(repo, "junit"))
    values = {
        (p.get("name"), p.get("value"))
        for case in junit.iter("testcase")
        for p in case.iter("property")
    }
    assert ("x-team", '{"name":"ops"}') in values and ("x-audience", "partner") in values
    assert "Attributes: x-audience=partner, x-team=billing" in _check(repo, "github")
    issues = json.loads(_check(repo, "gitlab"))
    assert {"GET /orders": {"x-audience": "partner", "x-team": "billing"}} in [
        issue.get("attributes") for issue in issues
    ]


def test_without_attributes_the_reports_are_unchanged(repo: Path) -> None:
    result = run_cli("check", "base.yaml", "revision.yaml", "--format", "json", cwd=repo)
    assert all("attributes" not in f for f in json.loads(result.stdout)["findings"])


def test_only_extensions_can_be_carried(repo: Path) -> None:
    result = run_cli(
        "check", "base.yaml", "revision.yaml", "--attributes", "x-team,summary", cwd=repo
    )
    assert result.exit_code == 2
    assert "only extensions (x-…)" in result.stderr
