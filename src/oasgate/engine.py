"""The gate as a library call: load both sides, diff, classify, gate, build a report."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from oasgate.catalogue import get_rule
from oasgate.config import Config, load_config
from oasgate.diff import Change, compare_specs
from oasgate.diff.changes import ChangeKey, Site, TooManyChanges
from oasgate.diff.operations import DiffResult
from oasgate.document import Document, Pointer, encode_pointer
from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Finding, Location, Report, Severity, SourceInfo, Summary
from oasgate.limits import DEFAULT_LIMITS, Limits
from oasgate.model import SpecModel, path_shape
from oasgate.policy.dates import DateError, parse_today
from oasgate.policy.gate import Gate, lifecycle_changes
from oasgate.policy.ignores import apply_config
from oasgate.sources import SourceTree, open_tree
from oasgate.swagger2 import open_model


def load(
    spec: str | SourceTree,
    *,
    ref_root: str | None = None,
    allow_remote: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    background: bool = False,
) -> SpecModel:
    """Load a spec into its model: a path, ``-`` (stdin), ``REV:PATH`` (git), an
    ``http(s)://`` URL (with ``allow_remote``) or a :class:`SourceTree`.

    Every ``$ref`` must resolve (else :class:`OasgateError`); the document's structural
    problems are listed in ``model.diagnostics``. With ``background``, those checks may
    still be running in a child process when this returns (:mod:`oasgate.load_checks`):
    :func:`check` waits for them, and :func:`settle` does for other callers.
    """
    from oasgate.load_checks import PendingChecks, run_load_checks

    tree = (
        open_tree(spec, ref_root=ref_root, allow_remote=allow_remote, limits=limits)
        if isinstance(spec, str)
        else spec
    )
    with collector_paused():
        # In the background the nesting check is one of the load checks: the parent is
        # ready for what deep data does to its recursive walks (a RecursionError), and
        # the check's error is then the one reported, as a sequential run reports it.
        document = Document(tree, limits=limits, defer_depth_check=background)
        try:
            model = open_model(document)
        except (OasgateError, RecursionError):
            document.check_depth()
            raise
        pending = PendingChecks.start(model) if background else None
        if pending is None:
            model.diagnostics[:] = run_load_checks(model)
        model.pending_checks = pending
    return model


def settle(model: SpecModel) -> None:
    """Wait for the load checks of a model loaded with ``background``: its diagnostics
    are complete afterwards, or the error they found is raised."""
    pending = model.pending_checks
    if pending is not None:
        model.pending_checks = None
        model.diagnostics[:] = pending.finish()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a spec is parsed and checked.

    Parsing an 11 MB spec allocates millions of dicts and lists and no reference cycles
    (what is dropped is freed by reference counting), yet every allocation counts towards
    the collector's thresholds, so it would walk the growing document again and again:
    a fifth of a GitHub-sized run. It is restored as it was, even on error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: ``progress(step, done, total)``: what the engine is doing; ``total`` is None when unknown
ProgressCallback = Callable[[str, int, int | None], None]


def _no_progress(step: str, done: int, total: int | None) -> None:
    return None


def check(
    base: str | SpecModel,
    revision: str | SpecModel,
    *,
    fail_on: Severity | None = None,
    config: Config | str | Path | None = None,
    today: dt.date | str | None = None,
    progress: ProgressCallback | None = None,
    strict: bool = False,
    base_positions: bool = True,
) -> Report:
    """Compare two specs and return the gated report (see SPEC §3–§6).

    ``config`` is a :class:`~oasgate.config.Config` or the path of a config file (nothing
    is read implicitly: the CLI discovers ``.oasgate.yaml``); ``today`` overrides the
    clock for lifecycle dates (an ISO 8601 date); ``fail_on`` wins over the config's.
    ``progress``, when given, is called as the work advances (the CLI draws a progress
    display from it on a terminal). With ``strict``, both documents are also validated
    against the OpenAPI schema and any diagnostic fails the gate (``report.failed``).
    With ``base_positions=False``, a finding that has a revision side gets its base
    side's pointer but no line and column: the formats that show one location per
    finding (the revision's, else the base's) need no more, and the base document is
    then located only for what the revision removed."""
    settings = config if isinstance(config, Config) else _config(config)
    try:
        day = parse_today(today)
    except DateError as error:
        raise OasgateError(f"--today: {error}") from None
    report_progress = progress or _no_progress
    if not isinstance(base, SpecModel):
        report_progress("reading the base document", 0, None)
    base_model = base if isinstance(base, SpecModel) else load(base)
    if not isinstance(revision, SpecModel):
        report_progress("reading the revision", 0, None)
    revision_model = revision if isinstance(revision, SpecModel) else load(revision)
    try:
        unsorted = _findings(
            base_model, revision_model, settings, day, report_progress, base_positions
        )
    except (OasgateError, RecursionError):
        # A reference the load checks were still verifying may be why: their error,
        # as a sequential run would have raised it first, wins.
        settle(base_model)
        settle(revision_model)
        raise
    settle(base_model)
    settle(revision_model)
    configured, config_diagnostics = apply_config(unsorted, settings, day)
    findings = sorted(configured, key=_sort_key)
    diagnostics = _diagnostics(base_model, strict)
    diagnostics += tuple(d for d in _diagnostics(revision_model, strict) if d not in diagnostics)
    diagnostics += tuple(config_diagnostics)
    return Report(
        base=_source_info(base_model),
        revision=_source_info(revision_model),
        findings=tuple(findings),
        diagnostics=diagnostics,
        fail_on=fail_on or settings.fail_on or Severity.ERROR,
        summary=_summary(findings),
        strict=strict,
    )


def _findings(
    base_model: SpecModel,
    revision_model: SpecModel,
    settings: Config,
    day: dt.date,
    report_progress: ProgressCallback,
    base_positions: bool,
) -> list[Finding]:
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
    gate = lifecycle_changes(base_model, revision_model, result, settings, day)
    changes = result.changes.changes
    unsorted: list[Finding] = []
    for done, (key, change) in enumerate(changes.items()):
        report_progress("locating findings", done, len(changes))
        finding = _finding(key, change, result, gate, base_model, revision_model, base_positions)
        unsorted.append(finding)
    report_progress("locating findings", len(changes), len(changes))
    return unsorted


def _diagnostics(model: SpecModel, strict: bool) -> tuple[Diagnostic, ...]:
    from oasgate.diagnostics import capped, in_document_order

    found = list(model.diagnostics)
    if strict:
        from oasgate.validation import schema_diagnostics

        known = {(d.location.file, d.location.line) for d in found}
        found.extend(
            d for d in schema_diagnostics(model) if (d.location.file, d.location.line) not in known
        )
        found = in_document_order(found, model.document)
    return tuple(capped(found))


def _config(path: str | Path | None) -> Config:
    return load_config(path, discover_files=False) if path is not None else Config()


def _source_info(model: SpecModel) -> SourceInfo:
    return SourceInfo(
        source=model.document.root_display,
        openapi_version=model.version,
        title=model.title,
        api_version=model.api_version,
    )


def _finding(
    key: ChangeKey,
    change: Change,
    result: DiffResult,
    gate: Gate,
    base: SpecModel,
    revision: SpecModel,
    base_positions: bool,
) -> Finding:
    verdict = gate.judge(change, result.operations)
    rule = get_rule(verdict.rule)
    operations = tuple(sorted(change.operations, key=_operation_sort_key))
    status, severity = verdict.status, verdict.severity
    revision_location = _locate(revision, change.revision)
    base_location = _locate(
        base, change.base, positioned=base_positions or revision_location is None
    )
    message = rule.message.format_map(_Defaulting({**change.details, **verdict.extra}))
    if verdict.note:
        message += f"; {verdict.note}"
    return Finding(
        rule=rule.id,
        severity=severity,
        classification=rule.classification,
        message=message,
        operations=operations,
        status=status.value,
        base=base_location,
        revision=revision_location,
        fingerprint=_fingerprint(rule.id, key, change, base, revision),
    )


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _locate(
    model: SpecModel, site: tuple[str, Any] | None, *, positioned: bool = True
) -> Location | None:
    if site is None:
        return None
    return model.document.location(site[0], site[1], positioned=positioned)


def _fingerprint(
    rule_id: str, key: ChangeKey, change: Change, base: SpecModel, revision: SpecModel
) -> str:
    """Same change → same fingerprint, even when unrelated parts of the spec move.

    Built from what identifies the change, never from where it sits in the text: the
    rule, the pointers of the changed nodes on both sides (path templates normalised,
    list positions replaced by the item's identity — a parameter's location and name —
    or by ``*``), the file when it is not the root document, and the change's details."""
    sites = "\x1d".join(
        _stable_site(model, site)
        for model, site in ((base, change.base), (revision, change.revision))
    )
    details = "\x1f".join(f"{k}={v}" for k, v in sorted(change.details.items()))
    identity = f"{rule_id}\x1e{sites}\x1e{details}\x1e{key[3]}"
    return hashlib.sha256(identity.encode()).hexdigest()[:20]


def _stable_site(model: SpecModel, site: Site | None) -> str:
    if site is None:
        return ""
    file_key, tokens = site
    pointer = _stable_pointer(model.document, file_key, tokens)
    if file_key != model.document.root.file:
        pointer = f"{file_key}#{pointer}"
    return pointer


def _stable_pointer(document: Document, file_key: str, tokens: Pointer) -> str:
    parts: list[str] = []
    container: Any = document.value_at(file_key, ())
    for position, token in enumerate(tokens):
        try:
            item = container[token]
        except (KeyError, IndexError, TypeError):
            item = None  # a pointer the model made up: its tokens are taken as they are
        if isinstance(container, list):
            parts.append(_list_item_identity(item))
        elif position == 1 and tokens[0] == "paths":
            parts.append(encode_pointer((path_shape(str(token)),)))
        else:
            parts.append(encode_pointer((token,)))
        container = item
    return "".join(parts)


def _list_item_identity(item: Any) -> str:
    """A list item by what it is rather than where it is (``/[query:limit]``)."""
    if isinstance(item, Mapping):
        name, where = item.get("name"), item.get("in")
        if isinstance(name, str) and isinstance(where, str):
            name = name.lower() if where == "header" else name
            return encode_pointer((f"[{where}:{name}]",))
        ref = item.get("$ref")
        if isinstance(ref, str) and len(item) == 1:
            return encode_pointer((f"[{ref}]",))
    return "/*"


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
