"""The Markdown comment fits where it is posted: GitHub refuses a comment over 65,536
characters, so the report is capped by characters (default 60,000), errors first and
never cut, warnings and other changes after them as far as they fit, then one line that
points at the full report (docs/reports.md, "Markdown")."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.findings import (
    Diagnostic,
    Finding,
    Impact,
    Location,
    Report,
    Severity,
    SourceInfo,
    Summary,
)
from oasgate.report.markdown import MAX_CHARS, render

GITHUB_COMMENT_LIMIT = 65_536


def _finding(index: int, severity: Severity, operation: str) -> Finding:
    return Finding(
        rule="response-property-removed",
        severity=severity,
        classification=Impact.BREAKING,
        message=f"response property 'Thing.field_{index:05d}' removed",
        operations=(operation,),
        status="stable",
        base=Location("api/base.yaml", f"/components/schemas/Thing/properties/f{index}", index),
        revision=None,
        fingerprint=f"{index:020d}",
    )


def _report(errors: int, warnings: int, infos: int, diagnostics: int = 0) -> Report:
    findings = []
    index = 0
    for severity, count in (
        (Severity.ERROR, errors),
        (Severity.WARNING, warnings),
        (Severity.INFO, infos),
    ):
        for _ in range(count):
            findings.append(_finding(index, severity, f"GET /things/{index // 7}"))
            index += 1
    return Report(
        base=SourceInfo("api/base.yaml", "3.1.0"),
        revision=SourceInfo("api/revision.yaml", "3.1.0"),
        findings=tuple(findings),
        diagnostics=tuple(
            Diagnostic("duplicate-key", f"mapping key 'k{i}' appears twice", Location("a", "", i))
            for i in range(diagnostics)
        ),
        summary=Summary(error=errors, warning=warnings, info=infos),
    )


def _table_headers(markdown: str) -> int:
    return sum(1 for line in markdown.splitlines() if line.startswith("|---"))


def test_thousands_of_findings_fit_a_github_comment_and_list_every_error() -> None:
    report = _report(errors=120, warnings=3000, infos=4000, diagnostics=500)
    out = render(report)
    assert len(out) <= MAX_CHARS <= GITHUB_COMMENT_LIMIT
    for index in range(120):
        assert f"field\\_{index:05d}'" in out  # every error, none cut
    assert "more not shown" in out and "The full report:" in out


def test_errors_are_never_cut_even_beyond_the_cap() -> None:
    report = _report(errors=1500, warnings=10, infos=10)
    out = render(report)
    assert len(out) > MAX_CHARS
    assert all(f"field\\_{index:05d}'" in out for index in range(1500))
    assert "10 warning" in out  # the counts still say what was left out
    assert re.search(r"20 more not shown", out)


def test_one_table_per_section_not_one_per_operation() -> None:
    report = _report(errors=30, warnings=30, infos=30)
    out = render(report)
    # 13 operations with errors or warnings; one table for them, one for the other changes
    assert _table_headers(out) == 2
    assert "GET /things/0" in out and "GET /things/12" in out


def test_a_small_report_is_not_cut() -> None:
    out = render(_report(errors=2, warnings=2, infos=2, diagnostics=2))
    assert "more not shown" not in out
    assert all(f"field\\_{index:05d}'" in out for index in range(6))


def test_a_smaller_cap_and_a_link_to_the_full_report() -> None:
    report = _report(errors=1, warnings=200, infos=200)
    out = render(report, max_chars=5_000, full_report="https://example.com/run/1")
    assert len(out) <= 5_000
    assert "https://example.com/run/1" in out


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 40),
    st.integers(0, 400),
    st.integers(0, 400),
    st.integers(0, 50),
    st.integers(3_000, 20_000),
)
def test_the_cap_holds_whatever_the_mix(
    errors: int, warnings: int, infos: int, diagnostics: int, cap: int
) -> None:
    out = render(_report(errors, warnings, infos, diagnostics), max_chars=cap)
    errors_only = render(_report(errors, 0, 0, 0), max_chars=cap)
    assert len(out) <= max(cap, len(errors_only) + 400)
    for index in range(errors):
        assert f"field\\_{index:05d}'" in out
    shown = len(re.findall(r"field\\_\d{5}'", out)) + len(re.findall(r"appears twice", out))
    omitted = errors + warnings + infos + diagnostics - shown
    if omitted:
        assert f"… {omitted} more not shown" in out
    else:
        assert "more not shown" not in out
