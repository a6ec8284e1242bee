"""Per-rule severity overrides and ignores, applied to gated findings.

An override is final: it replaces the severity the gate computed (``off`` drops the
finding). An ignore keeps the finding in the report, marked ignored with its reason, so
it no longer fails the gate. An ignore past its ``until`` date stops applying and is
reported; an ignore that matched nothing is reported too. Both are diagnostics (codes
``ignore-expired`` and ``ignore-unused``) located in the config file, so ``--strict``
can fail on them and they never hide a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from oasgate.config import Config, Ignore
from oasgate.findings import Diagnostic, Finding, Location


def apply_config(
    findings: Iterable[Finding], config: Config, today: dt.date
) -> tuple[list[Finding], list[Diagnostic]]:
    active = [i for i in config.ignores if i.until is None or today <= i.until]
    used: set[int] = set()
    result: list[Finding] = []
    for finding in findings:
        if finding.rule in config.rules:
            severity = config.rules[finding.rule]
            if severity is None:
                continue
            finding = replace(finding, severity=severity)
        for ignore in active:
            if ignore.covers(finding.rule, finding.operations):
                used.add(id(ignore))
                finding = replace(finding, ignored=True, ignore_reason=ignore.reason)
                break
        result.append(finding)
    diagnostics: list[Diagnostic] = []
    for ignore in config.ignores:
        if ignore.until is not None and today > ignore.until:
            diagnostics.append(
                Diagnostic(
                    "ignore-expired",
                    f"{ignore.describe()} expired on {ignore.until.isoformat()} "
                    f"(reason: {ignore.reason}); the findings it covered count again — "
                    "fix them, or extend 'until' if the reason still holds",
                    _where(ignore, config),
                )
            )
        elif id(ignore) not in used:
            diagnostics.append(
                Diagnostic(
                    "ignore-unused",
                    f"{ignore.describe()} matched no finding; remove it from the config",
                    _where(ignore, config),
                )
            )
    return result, diagnostics


def _where(ignore: Ignore, config: Config) -> Location:
    return ignore.location or Location(config.source or "<config>", "/ignores")
