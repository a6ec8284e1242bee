"""The gate as a library call: load both sides, diff, classify, gate, build a report."""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from oasgate import arguments
from oasgate.catalogue import Kind, Rule, get_rule
from oasgate.config import load_config
from oasgate.diff import Change, compare_specs
from oasgate.diff.changes import ChangeKey, TooManyChanges
from oasgate.diff.lifecycle_pairs import LifecyclePairs
from oasgate.errors import OasgateError
from oasgate.findings import (
    Classification,
    Diagnostic,
    Filtered,
    Finding,
    Impact,
    Location,
    Place,
    Report,
    Severity,
    SourceInfo,
    Summary,
)
from oasgate.grouping import group_findings, operation_sort_key
from oasgate.loading.document import encode_pointer
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.sources import SourceTree
from oasgate.model.objects import Operation
from oasgate.model.opening import Opening
from oasgate.model.spec import SpecModel
from oasgate.phrases import Phrase
from oasgate.policy.deprecation import judge_lifecycle
from oasgate.policy.gate import Gate
from oasgate.policy.ignores import apply_config
from oasgate.policy.settings import Config


def load(
    spec: str | SourceTree,
    *,
    ref_root: str | None = None,
    allow_remote: bool = False,
    limits: Limits | Mapping[str, Any] = DEFAULT_LIMITS,
    background: bool = False,
) -> SpecModel:
    """Load a spec into its model: a path, ``-`` (stdin), ``REV:PATH`` (git), an
    ``http(s)://`` URL (with ``allow_remote``) or a :class:`SourceTree`.

    Every ``$ref`` must resolve (else :class:`OasgateError`); the document's structural
    problems are listed in ``model.diagnostics``, complete when this returns.
    ``background`` is deprecated and ignored: a model no longer carries checks still
    running (the CLI's ``check`` runs them beside the comparison through
    :class:`~oasgate.model.opening.Opening`). ``limits`` is a :class:`Limits` or a table
    in the config's spelling (``{"max-depth": 64}``).
    """
    bounds = arguments.limits(limits, "limits")
    allow = arguments.flag(allow_remote, "allow_remote")
    if background:
        warnings.warn(
            "load(background=True) is deprecated and ignored: the model load() returns "
            "is always checked; the argument goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
    with Opening() as opening:
        return opening.open(spec, ref_root=ref_root, allow_remote=allow, limits=bounds)


def settle(model: SpecModel) -> None:
    """Deprecated, does nothing: every model :func:`load` returns is settled (its
    diagnostics complete). Goes in the next release."""
    warnings.warn(
        "oasgate.settle() is deprecated and does nothing: the model load() returns is "
        "always checked; settle goes in the next release",
        DeprecationWarning,
        stacklevel=2,
    )


#: ``progress(step, done, total)``: what the engine is doing; ``total`` is None when unknown
ProgressCallback = Callable[[str, int, int | None], None]


def _no_progress(step: str, done: int, total: int | None) -> None:
    return None


def check(
    base: str | SpecModel,
    revision: str | SpecModel,
    *,
    fail_on: Severity | str | None = None,
    config: Config | str | Path | None = None,
    today: dt.date | str | None = None,
    progress: ProgressCallback | None = None,
    strict: bool = False,
    base_positions: bool = True,
    explain: bool = False,
    policy: str | None = None,
    attributes: tuple[str, ...] = (),
) -> Report:
    """Compare two specs and return the gated report.

    The rules are in docs/compatibility.md, docs/lifecycle.md and docs/reports.md.

    ``config`` is a :class:`~oasgate.policy.settings.Config` or the path of a config file (nothing
    is read implicitly: the CLI discovers ``.oasgate.yaml``); ``today`` overrides the
    clock for lifecycle dates (an ISO 8601 date); ``fail_on`` wins over the config's.
    ``progress``, when given, is called as the work advances (the CLI draws a progress
    display from it on a terminal). With ``strict``, both documents are also validated
    against the OpenAPI schema and any diagnostic fails the gate (``report.failed``).
    With ``base_positions=False``, a finding that has a revision side gets its base
    side's pointer but no line and column: the formats that show one location per
    finding (the revision's, else the base's) need no more, and the base document is
    then located only for what the revision removed. With ``explain``, each error finding
    about a schema carries its witness (docs/witnesses.md). ``attributes`` names extensions
    (``x-audience``) whose values each finding carries for the operations it affects
    (``Finding.attributes``).

    Every argument takes the CLI's spelling as well as its type (``fail_on="warning"``,
    ``today="2026-03-01"``, ``policy="two-live-versions"``, the preset ``--policy``
    names); a wrong one raises :class:`~oasgate.arguments.ArgumentError` (a
    ``ValueError`` and an ``OasgateError``) naming the accepted values."""
    gate_level = arguments.severity(fail_on, "fail_on")
    day = arguments.day(today, "today")
    preset = arguments.preset(policy, "policy")
    strict = arguments.flag(strict, "strict")
    base_positions = arguments.flag(base_positions, "base_positions")
    explain = arguments.flag(explain, "explain")
    if isinstance(config, Config):
        if preset is not None:
            raise arguments.ArgumentError(
                "policy= goes with a config file's path (or none), not a Config: "
                "use load_config(path, policy=...)"
            )
        settings = config
    elif config is None or isinstance(config, (str, Path)):
        settings = _config(config, preset)
    else:
        raise arguments.ArgumentError(
            f"config={config!r} is not a Config or the path of a config file"
        )
    report_progress = progress or _no_progress
    with Opening() as opening:
        if isinstance(base, SpecModel):
            base_model = base
        else:
            report_progress("reading the base document", 0, None)
            base_model = opening.open(base)
        if isinstance(revision, SpecModel):
            revision_model = revision
        else:
            report_progress("reading the revision", 0, None)
            revision_model = opening.open(revision)
        return check_opened(
            opening,
            base_model,
            revision_model,
            settings=settings,
            today=day,
            fail_on=gate_level,
            progress=report_progress,
            strict=strict,
            base_positions=base_positions,
            explain=explain,
            attributes=attributes,
        )


def check_opened(
    opening: Opening,
    base_model: SpecModel,
    revision_model: SpecModel,
    *,
    settings: Config,
    today: dt.date,
    fail_on: Severity | None = None,
    progress: ProgressCallback | None = None,
    strict: bool = False,
    base_positions: bool = True,
    explain: bool = False,
    attributes: tuple[str, ...] = (),
) -> Report:
    """:func:`check` of two models ``opening`` opened (or :func:`load` returned), with the
    config and date already read. The comparison runs in :meth:`Opening.comparing`, so
    the load checks still running beside it — the CLI opens with ``background`` — have
    given their verdict before anything reads the diagnostics, and their error wins."""
    if settings.prefixes:
        base_model.map_path_prefixes(settings.prefixes)
    with opening.comparing():
        unsorted, left_out = _findings(
            base_model,
            revision_model,
            settings,
            today,
            progress or _no_progress,
            base_positions,
            attributes,
        )
    configured, config_diagnostics = apply_config(unsorted, settings, today)
    findings = report_order(group_findings(configured))
    diagnostics = _diagnostics(base_model, strict)
    diagnostics += tuple(d for d in _diagnostics(revision_model, strict) if d not in diagnostics)
    diagnostics += tuple(config_diagnostics) + settings.notices
    report = Report(
        base=_source_info(base_model),
        revision=_source_info(revision_model),
        findings=tuple(findings),
        diagnostics=diagnostics,
        fail_on=fail_on or settings.fail_on or Severity.ERROR,
        summary=_summary(findings),
        strict=strict,
        prefixes=settings.prefixes.pairs,
        filtered=_filtered(left_out) if settings.filters else None,
    )
    if explain:  # imported only when asked for: a plain check pays nothing for it
        from oasgate.witness import attach_witnesses

        report = attach_witnesses(report, base_model, revision_model)
    return report


def _filtered(left_out: Counter[tuple[str, str]]) -> Filtered:
    return Filtered(
        tuple((name, value, count) for (name, value), count in sorted(left_out.items()))
    )


def _findings(
    base_model: SpecModel,
    revision_model: SpecModel,
    settings: Config,
    day: dt.date,
    report_progress: ProgressCallback,
    base_positions: bool,
    attributes: tuple[str, ...] = (),
) -> tuple[list[Finding], Counter[tuple[str, str]]]:
    """The findings of the comparison, and what the filters left out (per filter)."""
    report_progress("comparing", 0, None)
    try:
        result = compare_specs(base_model, revision_model)
    except RecursionError:  # schemas nested through $refs thousands deep
        raise OasgateError(
            f"{base_model.document.root_display} → {revision_model.document.root_display}: "
            "schemas nest through $refs too deeply to be compared"
        ) from None
    except TooManyChanges as error:
        raise OasgateError(
            f"{base_model.document.root_display} → {revision_model.document.root_display}: "
            f"the comparison found more than {error.budget} findings",
            hint="--max-findings N (or limits: {max-findings: N} in the config) raises the budget",
        ) from None
    report_progress("applying the lifecycle policy", 0, None)
    pairs = LifecyclePairs(base_model, revision_model, result.equivalence)
    lifecycle = judge_lifecycle(pairs, result.changes.continuation(), settings, day)
    gate = Gate(base_model, settings, day, lifecycle.extras)
    # the lifecycle's changes after the diff's; an operation the diff named keeps its pair
    changes = [*result.changes.changes.items(), *lifecycle.changes.changes.items()]
    operation_pairs = {**lifecycle.operations, **result.operations}
    left_out: Counter[tuple[str, str]] = Counter()
    if settings.filters:
        changes, left_out = settings.filters.apply(changes, operation_pairs, base_model.document)
    unsorted: list[Finding] = []
    for done, (key, change) in enumerate(changes):
        report_progress("locating findings", done, len(changes))
        finding = _finding(
            key, change, operation_pairs, gate, base_model, revision_model, base_positions
        )
        if attributes:
            finding = replace(
                finding, attributes=_attributes(finding.operations, operation_pairs, attributes)
            )
        unsorted.append(finding)
    report_progress("locating findings", len(changes), len(changes))
    return unsorted, left_out


def _diagnostics(model: SpecModel, strict: bool) -> tuple[Diagnostic, ...]:
    from oasgate.model.diagnostics import capped, in_document_order

    found = list(model.diagnostics)
    if strict:
        from oasgate.model.validation import schema_diagnostics

        known = {(d.location.file, d.location.line) for d in found}
        validated = model.validated if model.validated is not None else schema_diagnostics(model)
        found.extend(d for d in validated if (d.location.file, d.location.line) not in known)
        found = in_document_order(found, model.document)
    return tuple(capped(found))


def _config(path: str | Path | None, policy: str | None = None) -> Config:
    if path is None and policy is None:
        return Config()
    return load_config(path, policy=policy, discover_files=False)


def _source_info(model: SpecModel) -> SourceInfo:
    from oasgate.loading.git_tree import GitTree

    tree = model.document.tree
    return SourceInfo(
        source=model.document.root_display,
        openapi_version=model.version,
        title=model.title,
        api_version=model.api_version,
        git_revision=tree.revision if isinstance(tree, GitTree) else None,
    )


def _finding(
    key: ChangeKey,
    change: Change,
    operation_pairs: Mapping[str, tuple[Operation | None, Operation | None]],
    gate: Gate,
    base: SpecModel,
    revision: SpecModel,
    base_positions: bool,
) -> Finding:
    verdict = gate.judge(change, operation_pairs)
    rule = get_rule(verdict.rule)
    operations = tuple(sorted(change.operations, key=operation_sort_key))
    status, severity = verdict.status, verdict.severity
    revision_location = _locate(revision, change.revision)
    base_location = _locate(
        base, change.base, positioned=base_positions or revision_location is None
    )
    # a Phrase: the English text, and how to say it in another language (docs/i18n.md)
    message = Phrase(rule.message, **{**change.details, **verdict.extra})
    if verdict.reason:
        message = Phrase("{message} ({reason})", message=message, reason=verdict.reason)
    return Finding(
        rule=rule.id,
        severity=severity,
        classification=impact(rule, severity),
        message=str(message),
        operations=operations,
        status=status.value,
        base=base_location,
        revision=revision_location,
        fingerprint=_fingerprint(rule.id, key, change),
        hint=str(verdict.note) if verdict.note is not None else None,
        phrases=(message, verdict.note),
        same_change=_same_change(rule.id, key, change),
    )


def _attributes(
    operations: tuple[str, ...],
    pairs: Mapping[str, tuple[Operation | None, Operation | None]],
    names: tuple[str, ...],
) -> dict[str, dict[str, Any]]:
    """The extension values ``names`` of each operation, as the revision writes them (the
    base's for an operation the revision no longer has)."""
    found: dict[str, dict[str, Any]] = {}
    for label in operations:
        base_op, revision_op = pairs.get(label, (None, None))
        operation = revision_op or base_op
        value = operation.node.value if operation is not None else None
        if not isinstance(value, dict):
            continue
        values = {name: value[name] for name in names if name in value}
        if values:
            found[label] = values
    return found


def _same_change(rule_id: str, key: ChangeKey, change: Change) -> str:
    """Two inline copies of one schema that the revision made one ``$ref`` (GitHub's
    ``head.repo`` and ``base.repo``) change alike at the same revision node: one change,
    though each copy names its own path. The base node's own name counts too, so that two
    properties removed from one object stay two changes."""
    if change.base is None or change.revision is None:
        return ""
    details = "\x1f".join(f"{k}={v}" for k, v in sorted(change.details.items()) if k != "where")
    file, pointer = change.revision
    name = change.base[1][-1] if change.base[1] else ""
    return f"{rule_id}\x1e{details}\x1e{key[3]}\x1e{name}\x1e{file}\x1e{encode_pointer(pointer)}"


def impact(rule: Rule, severity: Severity) -> Impact:
    """What a finding means for clients. A removal before its sunset breaks the wire
    whatever made it a lifecycle rule; deprecation and sunset rules otherwise break a
    promise, not the wire; a compatible addition the gate still refused (a new feature
    on deprecated surface) is a lifecycle matter too."""
    lifecycle = rule.kind is Kind.LIFECYCLE and not rule.id.endswith("-removed-before-sunset")
    if rule.classification in (Classification.BREAKING, Classification.WARNING):
        return Impact.LIFECYCLE if lifecycle else Impact.BREAKING
    if lifecycle:
        return Impact.LIFECYCLE
    if rule.classification is Classification.COMPATIBLE:
        if rule.kind is Kind.FEATURE and severity is not Severity.INFO:
            return Impact.LIFECYCLE
        return Impact.COMPATIBLE
    return Impact.ANNOTATION


def _locate(
    model: SpecModel, site: tuple[str, Any] | None, *, positioned: bool = True
) -> Location | None:
    if site is None:
        return None
    return model.document.location(site[0], site[1], positioned=positioned)


def _fingerprint(rule_id: str, key: ChangeKey, change: Change) -> str:
    """Same change → same fingerprint: across runs, when unrelated parts of the spec move,
    and when the same change is made in one more place (an operation or an inline copy
    joins its group; see :mod:`oasgate.grouping`).

    Built from what identifies the change — the rule and the change's details, which name
    the property path, parameter or operation a client sees — never from where it sits in
    the text, nor from today's date (dates computed from today are verdict extras, not
    details)."""
    from hashlib import sha256  # here: a check without findings never loads OpenSSL (D80)

    details = "\x1f".join(f"{k}={v}" for k, v in sorted(change.details.items()))
    identity = f"{rule_id}\x1e{details}\x1e{key[3]}"
    return sha256(identity.encode()).hexdigest()[:20]


def report_order(findings: list[Finding]) -> list[Finding]:
    """``findings`` sorted by :func:`_sort_key`, whose whole key is worked out only for
    findings that tie on its head (severity, first operation, place, rule, message,
    fingerprint): the head decides nearly every comparison, and the tail — every
    operation and every place of a finding met in hundreds — was most of the sort's
    cost (D88). Sorting by the head, then each run of equal heads by the whole key, is
    the order of the whole key: the head is its prefix, and both sorts are stable."""
    heads = [_head_key(finding) for finding in findings]
    order = sorted(range(len(findings)), key=heads.__getitem__)
    ordered = [findings[index] for index in order]
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or heads[order[end]] != heads[order[start]]:
            if end - start > 1:
                ordered[start:end] = sorted(ordered[start:end], key=_sort_key)
            start = end
    return ordered


def _head_key(finding: Finding) -> tuple[Any, ...]:
    """The first seven items of :func:`_sort_key`."""
    first = operation_sort_key(finding.operations[0]) if finding.operations else ("", -1)
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


def _sort_key(finding: Finding) -> tuple[Any, ...]:
    """Report order: severity, operation, place, rule, message — then everything else a
    reader sees, so that two findings never tie and come out in the order the walk met
    them (the documents' order)."""
    location = finding.location
    return (
        *_head_key(finding),
        location.column or 0 if location else 0,
        location.pointer if location else "",
        [operation_sort_key(label) for label in finding.operations],
        finding.ignored,
        finding.ignore_reason or "",
        finding.hint or "",
        finding.status,
        [_place_key(place) for place in finding.all_places],
    )


def _place_key(place: Place) -> tuple[tuple[bool, str, str, int, int], ...]:
    return tuple(
        (False, "", "", 0, 0)
        if where is None
        else (True, where.file, where.pointer, where.line or 0, where.column or 0)
        for where in (place.base, place.revision)
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
