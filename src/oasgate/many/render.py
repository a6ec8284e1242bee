"""Every report format for a monorepo run, built from the one-pair renderers.

Formats a person reads (text, Markdown, HTML) get one section per API — its change, its
config, its own report — after a table of every API's verdict; JUnit gets a test suite per
API; the formats that are one list of results (SARIF's single run, GitHub annotations,
GitLab code quality) get every API's findings in it. JSON and YAML are the data of
:mod:`oasgate.many.json_io`. An API that could not be read is named in every format.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import orjson

from oasgate.errors import printable
from oasgate.many.results import ApiResult, ManyReport
from oasgate.report import Format, renderer
from oasgate.report.common import counts_line, xml_safe

ManyRenderer = Callable[[ManyReport], str]


def _verdict(api: ApiResult) -> str:
    if api.error is not None:
        return "could not be read"
    return "failed" if api.failed else "passed"


def _counts(api: ApiResult) -> str:
    return counts_line(api.report) if api.report is not None else "no report"


def _overall(many: ManyReport) -> str:
    word = {0: "PASSED", 1: "FAILED", 2: "COULD NOT READ EVERY API"}[many.exit_code]
    unread = f", {len(many.errors)} unreadable" if many.errors else ""
    return (
        f"{word}: {len(many.apis)} APIs{unread}; {many.summary.error} error(s), "
        f"{many.summary.warning} warning(s), {many.summary.info} info, "
        f"{many.summary.ignored} ignored ({many.base} → {many.revision})"
    )


def render_text(many: ManyReport) -> str:
    from oasgate.report.text import render

    out: list[str] = []
    for api in many.apis:
        where = f", config {api.config}" if api.config else ""
        out.append(printable(f"=== {api.name} ({api.change}{where}): {_verdict(api)}"))
        if api.error is not None:
            out.append(printable(f"  {api.error}"))
            out.append("")
        elif api.report is not None:
            out.append(render(api.report))
    out.append(printable(_overall(many)))
    return "\n".join(out) + "\n"


def render_markdown(many: ManyReport) -> str:
    from oasgate.report.markdown import code, text
    from oasgate.report.markdown import render as render_one

    icon = {0: "✅", 1: "❌", 2: "⚠️"}[many.exit_code]
    out = [f"## {icon} oasgate: {text(_overall(many))}", ""]
    out += ["| API | change | verdict | findings |", "|---|---|---|---|"]
    out += [
        f"| {code(api.name)} | {api.change} | {_verdict(api)} | {text(_counts(api))} |"
        for api in many.apis
    ]
    out.append("")
    for api in many.apis:
        if api.error is None and (api.report is None or not api.report.findings):
            continue  # the table says all there is
        config = f", config {code(api.config, in_table=False)}" if api.config else ""
        out += [f"## API {code(api.name, in_table=False)} ({api.change}{config})", ""]
        if api.error is not None:
            out += [f"Could not be read: {text(api.error)}", ""]
        elif api.report is not None:
            out.append(render_one(api.report))
    return "\n".join(out).rstrip("\n") + "\n"


_MAIN = re.compile(r"<main>\n?(.*)</main>", re.S)


def render_html(many: ManyReport) -> str:
    """The page of the combined report, its ``<main>`` replaced by a section per API
    (each the ``<main>`` of the API's own page): one filter box over every API."""
    from html import escape

    from oasgate.report.html import render as render_one

    page = render_one(many.combined())
    sections = []
    for api in many.apis:
        title = f"{api.name} ({api.change}): {_verdict(api)} — {_counts(api)}"
        body = f"<p>{escape(api.error)}</p>" if api.error is not None else ""
        if api.report is not None:
            found = _MAIN.search(render_one(api.report))
            body = found.group(1) if found else ""
        sections.append(f'<section class="api"><h2>{escape(title)}</h2>\n{body}</section>')
    found = _MAIN.search(page)
    assert found is not None
    return page[: found.start(1)] + "\n".join(sections) + "\n" + page[found.end(1) :]


def render_junit(many: ManyReport) -> str:
    """One test suite per API (its findings), one more per API with diagnostics, and a
    suite with an errored test case per API that could not be read."""
    import xml.etree.ElementTree as ET  # here: 3 ms of start-up the other formats skip

    from oasgate.report.junit import render as render_one

    root = ET.Element("testsuites", {"name": "oasgate"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for api in many.apis:
        if api.report is None:
            suite = ET.SubElement(root, "testsuite", {"name": xml_safe(api.name)})
            case = ET.SubElement(
                suite, "testcase", {"name": "read the spec", "classname": "oasgate"}
            )
            error = ET.SubElement(case, "error", {"message": xml_safe(api.error or "")})
            error.text = xml_safe(api.error or "")
            counts = {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
            for key, value in counts.items():
                suite.set(key, str(value))
            suite.set("time", "0")
        else:
            one = ET.fromstring(render_one(api.report).encode())
            for index, suite in enumerate(one.findall("testsuite")):
                suite.set("name", xml_safe(api.name if index == 0 else f"{api.name} diagnostics"))
                root.append(suite)
            counts = {key: int(one.get(key, "0")) for key in totals}
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{ET.tostring(root, encoding="unicode")}\n'


def render_sarif(many: ManyReport) -> str:
    from oasgate.report.sarif import sarif_data

    data = sarif_data(many.combined())
    run = data["runs"][0]
    run["properties"]["failed"] = many.failed
    run["properties"]["apis"] = len(many.apis)
    if many.errors:
        run["invocations"][0]["executionSuccessful"] = False
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def _combined(fmt: Format) -> ManyRenderer:
    def render(many: ManyReport) -> str:
        return renderer(fmt)(many.combined())

    return render


def _yaml(many: ManyReport) -> str:
    from oasgate.many.json_io import many_report_data
    from oasgate.report.yaml_report import render_data

    return render_data(many_report_data(many))


def many_renderer(fmt: Format) -> ManyRenderer:
    from oasgate.many import json_io

    table: dict[Format, ManyRenderer] = {
        Format.TEXT: render_text,
        Format.JSON: json_io.render,
        Format.YAML: _yaml,
        Format.MARKDOWN: render_markdown,
        Format.HTML: render_html,
        Format.SARIF: render_sarif,
        Format.JUNIT: render_junit,
        Format.GITHUB: _combined(Format.GITHUB),
        Format.GITLAB: _combined(Format.GITLAB),
    }
    return table[fmt]


def many_encoded_renderer(fmt: Format) -> Callable[[ManyReport], bytes]:
    """The report as the command line writes it: UTF-8, JSON straight from its encoder
    (see :func:`oasgate.report.encoded_renderer`)."""
    if fmt is Format.JSON:
        from oasgate.many import json_io

        return json_io.encode
    render = many_renderer(fmt)
    return lambda many: render(many).encode("utf-8")
