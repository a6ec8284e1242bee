"""The gate as a library call: load both sides, diff, classify, gate, build a report."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from oasgate.catalogue import get_rule
from oasgate.diff import Change, compare_specs
from oasgate.diff.operations import DiffResult
from oasgate.document import Document, encode_pointer
from oasgate.findings import Diagnostic, Finding, Location, Report, Severity, SourceInfo, Summary
from oasgate.limits import DEFAULT_LIMITS, Limits
from oasgate.model import SpecModel, path_shape
from oasgate.policy import Status, gate, status_of, strictest
from oasgate.sources import SourceTree, open_tree
from oasgate.swagger2 import open_model


def load(
    spec: str | SourceTree,
    *,
    ref_root: str | None = None,
    allow_remote: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> SpecModel:
    """Load a spec into its model: a path, ``-`` (stdin), ``REV:PATH`` (git), an
    ``http(s)://`` URL (with ``allow_remote``) or a :class:`SourceTree`.

    Every ``$ref`` must resolve (else :class:`OasgateError`); the document's structural
    problems are listed in ``model.diagnostics``.
    """
    from oasgate.diagnostics import structural_diagnostics

    tree = (
        open_tree(spec, ref_root=ref_root, allow_remote=allow_remote, limits=limits)
        if isinstance(spec, str)
        else spec
    )
    document = Document(tree, limits=limits)
    model = open_model(document)
    document.verify_references()
    found = model.diagnostics + structural_diagnostics(model)
    order = {document.display_name(key): index for index, key in enumerate(document.files)}
    found.sort(key=lambda d: (order.get(d.location.file, 0), d.location.line or 0))
    model.diagnostics[:] = found
    return model


def check(
    base: str | SpecModel,
    revision: str | SpecModel,
    *,
    fail_on: Severity = Severity.ERROR,
    strict: bool = False,
) -> Report:
    """Compare two specs and return the gated report (see SPEC §3–§6).

    With ``strict``, the documents are also validated against the OpenAPI schema and
    any diagnostic fails the gate (``report.failed``).
    """
    base_model = base if isinstance(base, SpecModel) else load(base)
    revision_model = revision if isinstance(revision, SpecModel) else load(revision)
    result = compare_specs(base_model, revision_model)
    findings = sorted(
        (
            _finding(change, result, base_model, revision_model)
            for change in result.changes.changes.values()
        ),
        key=_sort_key,
    )
    diagnostics = _diagnostics(base_model, strict)
    diagnostics += tuple(d for d in _diagnostics(revision_model, strict) if d not in diagnostics)
    return Report(
        base=_source_info(base_model),
        revision=_source_info(revision_model),
        findings=tuple(findings),
        diagnostics=diagnostics,
        fail_on=fail_on,
        summary=_summary(findings),
        strict=strict,
    )


def _diagnostics(model: SpecModel, strict: bool) -> tuple[Diagnostic, ...]:
    from oasgate.diagnostics import capped

    found = list(model.diagnostics)
    if strict:
        from oasgate.validation import schema_diagnostics

        known = {(d.location.file, d.location.line) for d in found}
        found.extend(
            d for d in schema_diagnostics(model) if (d.location.file, d.location.line) not in known
        )
        order = {model.document.display_name(k): i for i, k in enumerate(model.document.files)}
        found.sort(key=lambda d: (order.get(d.location.file, 0), d.location.line or 0))
    return tuple(capped(found))


def _source_info(model: SpecModel) -> SourceInfo:
    return SourceInfo(
        source=model.document.root_display,
        openapi_version=model.version,
        title=model.title,
        api_version=model.api_version,
    )


def _finding(change: Change, result: DiffResult, base: SpecModel, revision: SpecModel) -> Finding:
    rule = get_rule(change.rule)
    operations = tuple(sorted(change.operations, key=_operation_sort_key))
    statuses: list[Status] = []
    for label in operations:
        base_op, _ = result.operations.get(label, (None, None))
        statuses.append(
            status_of(base_op.node.value if base_op else None, base.document.root.value)
        )
    if not operations:
        statuses.append(status_of(None, base.document.root.value))
    status = strictest(statuses)
    severity = gate(rule, status)
    base_location = _locate(base, change.base)
    revision_location = _locate(revision, change.revision)
    message = rule.message.format_map(_Defaulting(change.details))
    return Finding(
        rule=rule.id,
        severity=severity,
        classification=rule.classification,
        message=message,
        operations=operations,
        status=status.value,
        base=base_location,
        revision=revision_location,
        fingerprint=_fingerprint(rule.id, change),
    )


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _locate(model: SpecModel, site: tuple[str, Any] | None) -> Location | None:
    if site is None:
        return None
    return model.document.location(site[0], site[1])


_INDEX = re.compile(r"/\d+(?=/|$)")


def _fingerprint(rule_id: str, change: Change) -> str:
    """Same change → same fingerprint, even when unrelated parts of the spec move."""
    site = change.base or change.revision
    pointer = ""
    if site is not None:
        tokens = list(site[1])
        if len(tokens) >= 2 and tokens[0] == "paths":
            tokens[1] = path_shape(str(tokens[1]))
        pointer = _INDEX.sub("/*", encode_pointer(tuple(tokens)))
    details = "\x1f".join(f"{k}={v}" for k, v in sorted(change.details.items()))
    digest = hashlib.sha256(f"{rule_id}\x1e{pointer}\x1e{details}".encode()).hexdigest()
    return digest[:20]


_METHOD_ORDER = {
    m: i
    for i, m in enumerate(("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"))
}


def _operation_sort_key(label: str) -> tuple[str, int]:
    method, _, path = label.partition(" ")
    return (path, _METHOD_ORDER.get(method, 99))


def _sort_key(finding: Finding) -> tuple[Any, ...]:
    first = _operation_sort_key(finding.operations[0]) if finding.operations else ("", -1)
    location = finding.location
    return (
        -finding.severity.rank,
        first,
        location.file if location else "",
        location.line or 0 if location else 0,
        finding.rule,
        finding.message,
        finding.fingerprint,
    )


def _summary(findings: list[Finding]) -> Summary:
    counts: Mapping[Severity, int] = {
        severity: sum(1 for f in findings if f.severity is severity and not f.ignored)
        for severity in Severity
    }
    return Summary(
        error=counts[Severity.ERROR],
        warning=counts[Severity.WARNING],
        info=counts[Severity.INFO],
        ignored=sum(1 for f in findings if f.ignored),
    )
