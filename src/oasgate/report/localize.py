"""A report said in another language: its findings' messages and hints translated.

Runs on the finished report, so that sorting, grouping, ids and fingerprints — all
computed from the English text — are the same in every language (docs/i18n.md).
"""

from __future__ import annotations

from dataclasses import replace

from oasgate.findings import Finding, Report
from oasgate.i18n import translate


def localized(report: Report, lang: str) -> Report:
    return replace(report, findings=tuple(_finding(f, lang) for f in report.findings))


def _finding(finding: Finding, lang: str) -> Finding:
    return replace(
        finding,
        message=translate(finding.message, lang),
        hint=translate(finding.hint, lang) if finding.hint is not None else None,
    )
