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
    message, hint = finding.phrases
    return replace(
        finding,
        message=translate(message, lang) if message is not None else finding.message,
        hint=translate(hint, lang) if hint is not None else finding.hint,
    )
