"""The gate: the severity of a change, given the lifecycle status of what it touches.

The engine asks :meth:`Gate.judge` about each change. The status that gates it is the
base document's (what clients were promised), resolved at the most specific place the
change touches: a removed property that the base marks deprecated is judged by the
property's own status, not the operation's. A change inside a component shared by
several operations is judged for each of them and gets the most severe verdict.

Removals are where lifecycle matters most (docs/lifecycle.md): removing something deprecated whose
sunset has passed is allowed (``…-removed-after-sunset``, info); removing it earlier is
``…-removed-before-sunset``; removing something never deprecated keeps its structural
rule and the message says what would have made it acceptable. Which removals are refined,
and which rules a policy setting rather than the gate table makes an error, the catalogue
declares (:mod:`oasgate.catalogue.lifecycle`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from oasgate.catalogue import Kind, Rule, get_rule
from oasgate.catalogue.ids import OPERATION_REMOVED, PATH_REMOVED
from oasgate.catalogue.lifecycle import HEADER_RULES, REMOVALS, SUNSET_DATE_RULES, Removal
from oasgate.diff.changes import Change, Site
from oasgate.findings import Classification, Severity
from oasgate.loading.document import Document, Node, Pointer, encode_pointer
from oasgate.model.objects import ADDITIONAL_OPERATIONS, OAS32_METHODS, Operation
from oasgate.model.spec import SpecModel
from oasgate.phrases import N_, Phrase, duration
from oasgate.phrases import status as status_phrase
from oasgate.policy.settings import Config
from oasgate.policy.status import (
    RETIRING,
    Layer,
    Resolved,
    Status,
    layers_of,
    read_annotation,
    resolve,
)


class Verdict(Struct, frozen=True):
    """How the policy judges one change."""

    rule: str  # the rule to report (a removal may be refined into a lifecycle rule)
    severity: Severity
    status: Status  # the effective status that gated it
    #: message fields that are not part of the change's identity (dates computed from
    #: ``today`` or from the configured window), so fingerprints stay stable
    extra: Mapping[str, str] = field(default_factory=dict)
    #: advice: what would make the change acceptable (the finding's ``hint``, never part of
    #: its message, so dates computed from today stay out of changelogs and test names)
    note: str | None = None
    #: why the lifecycle made it this severity, when that is not the rule itself (a new
    #: feature refused because every operation it reaches is deprecated): part of the
    #: message, a fact rather than advice
    reason: str | None = None


def gate_severity(rule: Rule, status: Status, config: Config) -> Severity:
    """The gate table: severity of a change of ``rule`` on surface with ``status``."""
    row = config.policy.gate[status]
    if rule.id in HEADER_RULES:
        return Severity.ERROR if config.policy.require_sunset_headers else Severity.WARNING
    if rule.id in SUNSET_DATE_RULES and row.breaking is not Severity.INFO:
        return Severity.ERROR if config.policy.require_sunset_date else Severity.WARNING
    if rule.kind is Kind.FEATURE:
        return row.feature
    if rule.classification is Classification.BREAKING:
        return row.breaking
    if rule.classification is Classification.WARNING:
        return Severity.INFO if row.breaking is Severity.INFO else Severity.WARNING
    return Severity.INFO


class Gate:
    """Judges changes against the lifecycle of the base document."""

    def __init__(
        self,
        base: SpecModel,
        config: Config,
        today: dt.date,
        extras: Mapping[tuple[str, Site | None, Site | None], Mapping[str, str]] | None = None,
    ) -> None:
        self._base = base
        self._document = base.document
        self._config = config
        self._today = today
        self._extras = extras or {}
        self._doc_layers = layers_of([(base.document.root.value.get("info"), "info.x-lifecycle")])
        #: (id of the operation, label) → its layers, and what they resolve to on their own
        self._operation_memo: dict[tuple[int, str | None], tuple[list[Layer], Resolved]] = {}

    # -- status of places -----------------------------------------------------------------

    def document_layers(self) -> list[Layer]:
        return list(self._doc_layers)

    def operation_layers(self, operation: Operation | None, label: str | None) -> list[Layer]:
        """The operation, its path item, the document, then the config's map."""
        return list(self._operation(operation, label)[0])

    def _operation(
        self, operation: Operation | None, label: str | None
    ) -> tuple[list[Layer], Resolved]:
        """The layers of an operation and their resolution, worked out once per operation
        (a change to a shared schema is judged for each of the operations it reaches)."""
        key = (id(operation), label)
        known = self._operation_memo.get(key)
        if known is None:
            layers = self._operation_layers(operation, label)
            known = self._operation_memo[key] = (layers, resolve(layers))
        return known

    def _operation_layers(self, operation: Operation | None, label: str | None) -> list[Layer]:
        layers: list[Layer] = []
        if operation is not None:
            layers += layers_of(
                [
                    (operation.node.value, f"operation {operation.label}"),
                    (operation.path_item.value, f"path {operation.path}"),
                ]
            )
        layers += self._doc_layers
        mapped = self._config.lifecycle.layer(label)
        if mapped is not None:
            layers.append(mapped)
        return layers

    def site_layers(self, site: Site | None) -> list[Layer]:
        """Annotations of the elements around a place in the base document, innermost first."""
        if site is None:
            return []
        file, pointer = site
        layers: list[Layer] = []
        for length, kind in reversed(_carriers(pointer)):
            node = self._document.node_at(file, pointer[:length])
            if node is None:
                continue
            name = f"{kind} at {encode_pointer(pointer[:length])}"
            annotation = read_annotation(node.value)
            if not annotation.says_anything and _is_ref(node.value):
                target = _safe_deref(self._document, node)
                annotation = read_annotation(target.value) if target else annotation
            if annotation.says_anything:
                layers.append(Layer(annotation, name))
        return layers

    def resolve_operation(self, operation: Operation | None, label: str | None) -> Resolved:
        return self._operation(operation, label)[1]

    # -- judging ----------------------------------------------------------------------------

    def judge(
        self,
        change: Change,
        operations: Mapping[str, tuple[Operation | None, Operation | None]],
    ) -> Verdict:
        rule = get_rule(change.rule)
        site = self.site_layers(change.base)
        labels: list[str | None] = [*sorted(change.operations)] or [None]
        # A change is as severe as on the operation it hurts most. A new feature is the
        # other way round: "no new features on deprecated surface" applies to what only
        # deprecated operations use; a schema that still serves live operations is judged
        # by them.
        feature = rule.kind is Kind.FEATURE
        best: Verdict | None = None
        judged: dict[tuple[Any, ...], Verdict] = {}  # operations alike in lifecycle judge alike
        refusing: list[str] = []  # the operations on which a feature was refused
        for label in labels:
            base_op = operations.get(label, (None, None))[0] if label else None
            layers, alone = self._operation(base_op, label)
            resolved = resolve(site + layers) if site else alone
            alike = (resolved.status, resolved.sunset, resolved.deprecated, resolved.successor)
            verdict = judged.get(alike)
            if verdict is None:
                verdict = judged[alike] = self._verdict(rule, change, resolved)
                if best is None or (
                    verdict.severity.rank < best.severity.rank
                    if feature
                    else verdict.severity.rank > best.severity.rank
                ):
                    best = verdict
            if feature and label and verdict.severity is not Severity.INFO:
                refusing.append(label)
        assert best is not None
        if feature and best.severity is not Severity.INFO and refusing:
            shown = ", ".join(refusing[:3]) + (
                f" and {len(refusing) - 3} more" if len(refusing) > 3 else ""
            )
            status = best.status.value
            best = replace(
                best,
                reason=Phrase(
                    _REFUSED_ONE if len(refusing) == 1 else _REFUSED_MANY,
                    status=status_phrase(status),
                    shown=shown,
                ),
            )
        return best

    def _verdict(self, rule: Rule, change: Change, resolved: Resolved) -> Verdict:
        effective = resolved.effective(self._today)
        extra = dict(self._extras.get((change.rule, change.base, change.revision), {}))
        removal = REMOVALS.get(rule.id)
        if removal is not None:
            return self._removal(rule, change, removal, resolved, effective)
        severity = gate_severity(rule, effective, self._config)
        hint = None
        if rule.id in SUNSET_DATE_RULES and "earliest" in extra:
            # advice, with a date that may come from today: the hint, not the message
            window = self._config.policy.deprecation_window
            hint = Phrase(
                "add a sunset on or after {earliest} ({window} after deprecation)",
                earliest=extra["earliest"],
                window=duration(str(window)),
            )
        return Verdict(rule.id, severity, effective, extra, hint)

    def _removal(
        self, rule: Rule, change: Change, removal: Removal, resolved: Resolved, effective: Status
    ) -> Verdict:
        subject = _subject(rule.id, change.details)
        window = self._config.policy.deprecation_window
        if resolved.status in RETIRING:
            if effective is Status.END_OF_LIFE:
                detail = (
                    Phrase("after its sunset {sunset}", sunset=resolved.sunset.isoformat())
                    if resolved.sunset is not None
                    else Phrase("at end of life")
                )
                after = get_rule(removal.after_sunset)
                return Verdict(
                    after.id,
                    gate_severity(after, effective, self._config),
                    effective,
                    {"subject": subject, "detail": detail},
                )
            before = get_rule(removal.before_sunset)
            if resolved.sunset is not None:
                detail = Phrase("before its sunset {sunset}", sunset=resolved.sunset.isoformat())
                hint = Phrase("removal is allowed from that date")
            else:
                since = resolved.deprecated or self._today
                detail = Phrase("while deprecated without a sunset date")
                hint = Phrase(
                    "give it a sunset at least {window} after its deprecation "
                    "({earliest} or later) and remove it from that date",
                    window=duration(str(window)),
                    earliest=window.after(since).isoformat(),
                )
            return Verdict(
                before.id,
                gate_severity(before, Status.DEPRECATED, self._config),
                Status.DEPRECATED,
                {"subject": subject, "detail": detail},
                hint,
            )
        severity = gate_severity(rule, effective, self._config)
        note = None
        if effective is Status.STABLE and severity is not Severity.INFO:
            earliest = window.after(self._today).isoformat()
            note = Phrase(
                "it was not deprecated: deprecate it first, with a sunset at least "
                "{window} ahead ({earliest} or later), and remove it from that date",
                window=duration(str(window)),
                earliest=earliest,
            )
        return Verdict(rule.id, severity, effective, {}, note)


_REFUSED_ONE = N_("no new features on {status} operations: {shown} is {status}")
_REFUSED_MANY = N_("no new features on {status} operations: {shown} are {status}")


def _subject(rule_id: str, details: Mapping[str, str]) -> str:
    if rule_id == PATH_REMOVED:
        return Phrase("path {path}", path=details.get("path", "?"))
    if rule_id == OPERATION_REMOVED:
        return Phrase("operation {operation}", operation=details.get("operation", "?"))
    return details.get("where", "?")


def _carriers(pointer: Pointer) -> list[tuple[int, str]]:
    """The elements that may carry a lifecycle annotation along a pointer, outermost first:
    path items, operations, parameters and schema properties."""
    found: list[tuple[int, str]] = []
    tokens = list(pointer)
    index = 0
    if len(tokens) >= 2 and tokens[0] == "paths":
        found.append((2, "path"))
        index = 2
        if len(tokens) >= 3 and str(tokens[2]).lower() in OAS32_METHODS:
            found.append((3, "operation"))
            index = 3
        elif len(tokens) >= 4 and tokens[2] == ADDITIONAL_OPERATIONS:
            found.append((4, "operation"))  # OpenAPI 3.2: any other method
            index = 4
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token == "properties" and following is not None:
            found.append((index + 2, "property"))
            index += 2
            continue
        if (
            token == "parameters"
            and following is not None
            and (isinstance(following, int) or index in (0, 1))
        ):
            found.append((index + 2, "parameter"))
            index += 2
            continue
        index += 1
    return found


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def _safe_deref(document: Document, node: Node) -> Node | None:
    from oasgate.errors import OasgateError

    try:
        return document.deref(node)
    except OasgateError:
        return None
