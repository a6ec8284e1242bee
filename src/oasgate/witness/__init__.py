"""Witnesses: every error finding on a schema proved by a concrete payload.

A witness is a request the base contract accepts and the revision rejects, or a response
the revision may send that a client validating against the base rejects — small,
concrete, and checked against both sides by a real JSON Schema validator. It is computed
on request (``check --explain``, ``oasgate.check(..., explain=True)``) and shown by every
report format; docs/witnesses.md says how to read one and what a witness cannot prove.
"""

from __future__ import annotations

from dataclasses import replace

from oasgate.findings import Report
from oasgate.model.spec import SpecModel
from oasgate.witness.build import BUDGET, Sides, is_schema_rule, witness_for

__all__ = ["BUDGET", "attach_witnesses", "is_schema_rule", "witness_for"]


def attach_witnesses(
    report: Report, base: SpecModel, revision: SpecModel, budget: int = BUDGET
) -> Report:
    """``report`` with a witness on each error finding about a schema (in report order,
    so that what one finding's search remembers cannot depend on anything but the
    inputs)."""
    sides = Sides(base, revision)
    findings = tuple(
        replace(finding, witness=witness_for(finding, sides, budget))
        if finding.severity.value == "error" and is_schema_rule(finding.rule)
        else finding
        for finding in report.findings
    )
    return replace(report, findings=findings)
