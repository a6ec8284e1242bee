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

from oasgate.findings import Diagnostic, Finding, Location
from oasgate.policy.settings import Config, Ignore


def apply_config(
    findings: Iterable[Finding], config: Config, today: dt.date
) -> tuple[list[Finding], list[Diagnostic]]:
    active = IgnoreIndex(i for i in config.ignores if i.until is None or today <= i.until)
    used: set[int] = set()
    result: list[Finding] = []
    for finding in findings:
        if finding.rule in config.rules:
            severity = config.rules[finding.rule]
            if severity is None:
                continue
            finding = replace(finding, severity=severity)
        ignore = active.first_covering(finding.rule, finding.operations)
        if ignore is not None:
            used.add(id(ignore))
            finding = replace(finding, ignored=True, ignore_reason=ignore.reason)
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


class IgnoreIndex:
    """Ignores by rule id, then by the literal directory their operation glob starts with.

    The first ignore (in config order) that covers a finding applies. Asking every ignore
    about every finding cost 8,000 × 20,000 glob matches; here a finding is matched only
    against the ignores of its rule whose glob starts with a directory of its first
    operation's path (``GET /pets/*`` is filed under ``/pets/``; a glob that starts with a
    wildcard, or no glob, under ``""``)."""

    def __init__(self, ignores: Iterable[Ignore]) -> None:
        self._by_rule: dict[str, dict[str, list[tuple[int, Ignore]]]] = {}
        for order, ignore in enumerate(ignores):
            directory = _literal_directory(ignore)
            for rule_id in ignore.rule_ids:
                by_directory = self._by_rule.setdefault(rule_id, {})
                by_directory.setdefault(directory, []).append((order, ignore))

    def first_covering(self, rule: str, operations: tuple[str, ...]) -> Ignore | None:
        by_directory = self._by_rule.get(rule)
        if not by_directory:
            return None
        path = operations[0].partition(" ")[2] if operations else ""
        candidates: list[tuple[int, Ignore]] = []
        for directory in _directories(path):
            candidates += by_directory.get(directory, ())
        candidates.sort(key=lambda candidate: candidate[0])
        for _, ignore in candidates:
            if ignore.covers(rule, operations):
                return ignore
        return None


def _literal_directory(ignore: Ignore) -> str:
    """What every path the ignore's glob matches starts with, up to its last ``/``."""
    glob = ignore.operation or ignore.path
    if glob is None:
        return ""
    prefix = glob.path.literal_prefix
    return prefix[: prefix.rfind("/") + 1]


def _directories(path: str) -> list[str]:
    """``/pets/{id}/toys`` → ``""``, ``/``, ``/pets/``, ``/pets/{id}/``."""
    found = [""]
    slash = path.find("/")
    while slash >= 0:
        found.append(path[: slash + 1])
        slash = path.find("/", slash + 1)
    return found


def _where(ignore: Ignore, config: Config) -> Location:
    return ignore.location or Location(config.source or "<config>", "/ignores")
