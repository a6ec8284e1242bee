"""One standalone HTML page: no external assets, readable without JavaScript, searchable with it.

The filter box matches every word against a finding's text (message, rule,
operations, files, pointers); ``report.html#q=words`` opens the page filtered.

Every string from the documents is HTML-escaped (they come from untrusted pull
requests). As a second line of defence the page carries a Content-Security-Policy
that allows nothing but its own inline style and script, by hash: even a string
that escaped the escaping could not run or load anything.

Headings and labels are said in the run's language (``--lang``, docs/i18n.md), the
filter's count too: its sentence is written into the script, whose hash is taken after.
What the page's script and style read (classes, ``data-severity``) stays English.
"""

from __future__ import annotations

import base64
import hashlib
import json
import string
from html import escape

from oasgate.findings import Diagnostic, Finding, Location, Report, Severity
from oasgate.i18n import current, t
from oasgate.phrases import N_, fill
from oasgate.report.common import (
    attribute_pairs,
    counts_line,
    grouped,
    printable,
    readable_pointer,
    rule_doc_url,
    side_label,
    xml_safe,
)
from oasgate.report.witness_view import witness_body, witness_heading
from oasgate.version import __version__

_STYLE = """
:root{--bg:#f6f7f9;--card:#fff;--fg:#1d2329;--muted:#5b6670;--line:#dde1e6;
--error:#c62828;--warning:#b26a00;--info:#1565c0;--ok:#2e7d32;--code:#eef1f4}
@media (prefers-color-scheme:dark){:root{--bg:#14171a;--card:#1d2227;--fg:#e6e9ec;
--muted:#9aa5b1;--line:#2f363d;--error:#ef5350;--warning:#ffa726;--info:#64b5f6;
--ok:#66bb6a;--code:#262c33}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header,nav,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:28px}
h1{font-size:24px;margin:0 0 4px}
h1 .verdict{font-weight:600;padding:2px 10px;border-radius:6px;color:#fff;margin-left:8px;
font-size:16px;vertical-align:middle}
.failed h1 .verdict{background:var(--error)}.passed h1 .verdict{background:var(--ok)}
.sides{color:var(--muted);margin:0 0 14px;word-break:break-word}
.counts{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:18px}
.count{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;
min-width:90px}
.count b{display:block;font-size:22px}
.count.error b{color:var(--error)}.count.warning b{color:var(--warning)}
.count.info b{color:var(--info)}.count.ignored b{color:var(--muted)}
nav.controls{display:none;gap:14px;align-items:center;flex-wrap:wrap;margin-bottom:16px}
.js nav.controls{display:flex}
nav input[type=search]{flex:1 1 240px;padding:8px 12px;font:inherit;color:var(--fg);
background:var(--card);border:1px solid var(--line);border-radius:8px}
nav label{color:var(--muted);white-space:nowrap}
#shown{color:var(--muted);font-size:13px}
section{margin-bottom:22px}
h2{font-size:17px;margin:0 0 8px;word-break:break-word}
h2 .n{color:var(--muted);font-weight:400;font-size:14px}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--info);
border-radius:8px;padding:10px 14px;margin-bottom:8px}
.finding.error{border-left-color:var(--error)}.finding.warning{border-left-color:var(--warning)}
.msg{font-weight:600;word-break:break-word}
.hint{color:#555;font-style:italic;margin-top:.2em}
.badge{display:inline-block;font-size:12px;font-weight:700;text-transform:uppercase;
letter-spacing:.03em;padding:1px 7px;border-radius:4px;margin-right:8px;color:#fff;
background:var(--info);vertical-align:1px}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}
.meta,.where,.ops{color:var(--muted);font-size:13px;margin-top:4px}
.fp{float:right;margin-left:12px}
.where{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;margin:6px 0 0}
.where dt{font-weight:600}.where dd{margin:0;word-break:break-all}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;
background:var(--code);padding:1px 5px;border-radius:4px}
a{color:var(--info)}
details summary{cursor:pointer}
.ops ul{margin:4px 0 0;padding-left:20px;columns:2}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);
border-radius:8px;font-size:14px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;
word-break:break-word}
th{color:var(--muted);font-weight:600}
.empty{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px}
footer{color:var(--muted);font-size:13px;padding-bottom:30px}
[hidden]{display:none!important}
"""

_SCRIPT_TEMPLATE = """
document.documentElement.className+=" js";
addEventListener("DOMContentLoaded",function(){
var q=document.getElementById("q"),shown=document.getElementById("shown");
var boxes=[].slice.call(document.querySelectorAll("input[data-severity]"));
var items=[].slice.call(document.querySelectorAll("main .finding"));
var groups=[].slice.call(document.querySelectorAll("main section.group"));
function apply(){
var words=q.value.toLowerCase().split(/\\s+/).filter(Boolean),on={},n=0;
boxes.forEach(function(b){on[b.getAttribute("data-severity")]=b.checked;});
items.forEach(function(it){var t=it.textContent.toLowerCase();
var ok=on[it.getAttribute("data-severity")]!==false&&words.every(function(w){
return t.indexOf(w)>=0;});it.hidden=!ok;if(ok)n++;});
groups.forEach(function(g){g.hidden=!g.querySelector(".finding:not([hidden])");});
shown.textContent=__SHOWN__;}
if(location.hash.indexOf("#q=")===0){
try{q.value=decodeURIComponent(location.hash.slice(3));}catch(e){}}
q.addEventListener("input",apply);
boxes.forEach(function(b){b.addEventListener("change",apply);});apply();});
"""


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


def _e(value: str) -> str:
    return escape(xml_safe(printable(value)), quote=True)


def _filled(said: str, /, **fields: object) -> str:
    """A translated template (``t("…")`` without its fields) HTML-escaped, then its
    ``{fields}`` (already HTML) filled in."""
    return fill(_e(said), fields)


#: the line under the filter, written by the script
_SHOWN = N_("{shown} of {total} findings shown")


def _script(shown: str) -> str:
    """The page's script, its "3 of 11 findings shown" said by ``shown`` (a translation of
    :data:`_SHOWN`): the template's text as JavaScript strings (``<`` escaped, so that it
    cannot close the script), its fields as the script's counters."""
    counters = {"shown": "n", "total": "items.length"}
    parts = []
    for literal, field, _spec, _conversion in string.Formatter().parse(shown):
        if literal:
            parts.append(json.dumps(literal).replace("<", "\\u003c"))
        if field:
            parts.append(counters.get(field, '"?"'))
    return _SCRIPT_TEMPLATE.replace("__SHOWN__", "+".join(parts))


#: the script in English (the CSP hash is taken of the script each page carries)
_SCRIPT = _script(_SHOWN)


def _location(location: Location) -> str:
    pointer = f" <code>{_e(readable_pointer(location.pointer))}</code>" if location.pointer else ""
    return f"{_e(str(location))}{pointer}"


def _finding(finding: Finding) -> str:
    severity = finding.severity.value
    fingerprint = _e(t("fingerprint"))
    parts = [
        f'<article class="finding {severity}" data-severity="{severity}">',
        f'<div><span class="badge {severity}">{_e(t(severity))}</span>'
        f'<span class="msg">{_e(finding.message)}</span></div>',
        f'<div class="meta"><a href="{_e(rule_doc_url(finding.rule))}"><code>'
        f"{_e(finding.rule)}</code></a> · {_e(finding.classification.value)} · "
        + _filled(t("lifecycle status: {status}"), status=_e(t(finding.status)))
        + f'<span class="fp">{fingerprint} <code>{_e(finding.fingerprint)}</code></span></div>',
    ]
    sides = ((t("revision"), finding.revision), (t("base"), finding.base))
    where = [
        f"<dt>{_e(side)}</dt><dd>{_location(location)}</dd>"
        for side, location in sides
        if location is not None
    ]
    if where:
        parts.append(f'<dl class="where">{"".join(where)}</dl>')
    if len(finding.all_places) > 1:
        places = _filled(t("made in {count} places"), count=len(finding.all_places))
        parts.append(f'<div class="meta">{places}</div>')
    if finding.hint:
        hint = _filled(t("hint: {hint}"), hint=_e(finding.hint))
        parts.append(f'<div class="hint">{hint}</div>')
    if finding.attributes:
        shown = "".join(
            f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in attribute_pairs(finding)
        )
        parts.append(f'<dl class="attributes">{shown}</dl>')
    if len(finding.operations) > 1:
        items = "".join(f"<li>{_e(op)}</li>" for op in finding.operations)
        affects = _filled(t("affects {count} operations"), count=len(finding.operations))
        parts.append(f'<details class="ops"><summary>{affects}</summary><ul>{items}</ul></details>')
    if finding.witness is not None:
        parts.append(
            f'<details class="ops witness"><summary>{_e(witness_heading(finding.witness))}'
            f"</summary>"
            + (
                f"<pre><code>{_e(witness_body(finding.witness))}</code></pre>"
                if finding.witness.found
                else ""
            )
            + "</details>"
        )
    parts.append("</article>")
    return "\n".join(parts)


def _header_row(*names: str) -> str:
    """A table's header row, its (translated) column names escaped."""
    return "<tr>" + "".join(f"<th>{_e(name)}</th>" for name in names) + "</tr>"


def _ignored_table(findings: list[Finding]) -> str:
    unexplained = t("no reason given")
    rows = "".join(
        f"<tr><td>{_e(f.message)}</td><td><code>{_e(f.rule)}</code></td>"
        f"<td>{_e(f.ignore_reason or unexplained)}</td></tr>"
        for f in findings
    )
    heading, header = _e(t("Ignored")), _header_row(t("change"), t("rule"), t("reason"))
    return (
        f'<section id="ignored"><h2>{heading} <span class="n">{len(findings)}</span></h2>'
        f"<table>{header}{rows}</table></section>"
    )


def _diagnostics_table(diagnostics: tuple[Diagnostic, ...]) -> str:
    rows = "".join(
        f"<tr><td>{_e(d.message)}</td><td><code>{_e(d.code)}</code></td>"
        f"<td>{_e(str(d.location))}</td></tr>"
        for d in diagnostics
    )
    heading, header = _e(t("Diagnostics")), _header_row(t("problem"), t("code"), t("where"))
    return (
        f'<section id="diagnostics"><h2>{heading} <span class="n">{len(diagnostics)}</span>'
        f"</h2><table>{header}{rows}</table></section>"
    )


def render(report: Report) -> str:
    summary = report.summary
    verdict = "failed" if report.failed else "passed"
    gate = _e(t("gate failed")) if report.failed else _e(t("gate passed"))
    base, revision = side_label(report, "base"), side_label(report, "revision")
    script = _script(t(_SHOWN))
    csp = (
        f"default-src 'none'; style-src '{_hash(_STYLE)}'; script-src '{_hash(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    counts = "".join(
        f'<div class="count {name}"><b>{count}</b>{_e(t(name))}</div>'
        for name, count in (
            ("error", summary.error),
            ("warning", summary.warning),
            ("info", summary.info),
            ("ignored", summary.ignored),
        )
    )
    checkboxes = "".join(
        f'<label><input type="checkbox" data-severity="{s.value}" checked> {_e(t(s.value))}</label>'
        for s in Severity
    )
    groups = []
    for title, findings in grouped(report.active_findings).items():
        groups.append(
            f'<section class="group"><h2>{_e(title)} <span class="n">{len(findings)}</span></h2>\n'
            + "\n".join(_finding(f) for f in findings)
            + "\n</section>"
        )
    if not groups:
        nothing = _e(t("No changes that oasgate reports."))
        groups.append(f'<p class="empty">{nothing}</p>')
    ignored = [f for f in report.findings if f.ignored]
    tail = []
    if ignored:
        tail.append(_ignored_table(ignored))
    if report.diagnostics:
        tail.append(_diagnostics_table(report.diagnostics))
    placeholder = _e(t("Filter: rule, operation, message, file…"))
    filter_label = _e(t("Filter findings"))
    body = "\n".join(
        [
            f'<header class="{verdict}">',
            f'<h1>oasgate <span class="verdict">{gate}</span></h1>',
            f'<p class="sides">{_e(base)} → {_e(revision)} · '
            + _filled(t("fail on {severity}"), severity=f"<b>{_e(t(report.fail_on.value))}</b>")
            + "</p>",
            f'<div class="counts">{counts}</div>',
            "</header>",
            '<nav class="controls">',
            f'<input type="search" id="q" placeholder="{placeholder}" aria-label="{filter_label}">',
            checkboxes,
            '<span id="shown"></span>',
            "</nav>",
            "<main>",
            *groups,
            *tail,
            "</main>",
            f"<footer>oasgate {__version__} · {_e(counts_line(report))}</footer>",
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{current()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>oasgate: {gate} — {_e(base)} → {_e(revision)}</title>\n"
        f"<style>{_STYLE}</style>\n"
        f"<script>{script}</script>\n"
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
