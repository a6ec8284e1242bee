"""The transition rules: what a change of an element's own lifecycle annotation means.

Given an element's resolved lifecycle on both sides (its own annotation, else what
encloses it), a status may only move forward, a sunset only later, a deprecation must
come with a sunset at least the configured window away, and an annotation must be
readable. Each violation (or notice) is a lifecycle change (rule ids
``<element>-<aspect>``, see :mod:`oasgate.catalogue.lifecycle`).

What a message needs beyond the spec's own values (the earliest acceptable sunset, the
configured window, today's date) goes into ``extras``, not into the change's details,
so a finding's fingerprint does not depend on the day or the config (D18).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from msgspec import Struct

from oasgate.catalogue import ElementName, LifecycleAspectName, RuleId, lifecycle_rule_id
from oasgate.catalogue.ids import (
    LIFECYCLE_DEPRECATED,
    LIFECYCLE_DEPRECATED_SUNSET_MISSING,
    LIFECYCLE_LIFECYCLE_INVALID,
    LIFECYCLE_REACTIVATED,
    LIFECYCLE_RETIRED_BEFORE_SUNSET,
    LIFECYCLE_STATUS_ADVANCED,
    LIFECYCLE_STATUS_DECREASED,
    LIFECYCLE_SUNSET_DELETED,
    LIFECYCLE_SUNSET_MOVED_EARLIER,
    LIFECYCLE_SUNSET_TOO_SOON,
)
from oasgate.diff.changes import ChangeKey, ChangeSet, Site, details_order
from oasgate.loading.document import Node
from oasgate.model.objects import Operation
from oasgate.phrases import Phrase, duration, status
from oasgate.policy.dates import Duration
from oasgate.policy.status import RETIRING, Annotation, Resolved, Status

Extras = dict[tuple[str, Site | None, Site | None], dict[str, str]]
_Order = tuple[list[tuple[str, str]], list[tuple[str, str]]]


@dataclass
class LifecycleChanges:
    """What the lifecycle policy found, kept apart from the diff's changes: its own change
    set (under what is left of the diff's budget), the message fields that are not part
    of a change's identity, and the operations its changes name. The engine reports them
    after the diff's changes."""

    changes: ChangeSet
    extras: Extras = field(default_factory=dict)
    #: operation label → (base operation, revision operation), as the diff's result has it
    operations: dict[str, tuple[Operation | None, Operation | None]] = field(default_factory=dict)
    #: per change, the order of the (details, extras) its extras were taken with
    _extras_order: dict[tuple[str, Site | None, Site | None], _Order] = field(
        default_factory=dict, init=False, repr=False
    )

    def emit(
        self,
        rule: RuleId,
        base: Node | None,
        revision: Node | None,
        details: dict[str, str],
        extra: dict[str, str],
    ) -> ChangeKey:
        """Record a change and the extras of its message. One change met through several
        routes (a shared schema judged in the lifecycles of several operations) keeps the
        details that sort first (:meth:`~oasgate.diff.changes.ChangeSet.emit`); its extras
        go with those details — between routes that describe it alike, the extras that
        sort first — so the message does not depend on which route the walk took first."""
        key = self.changes.emit(rule, base, revision, **details)
        change = self.changes.changes[key]
        slot = (rule, change.base, change.revision)
        mine = (details_order(details), sorted(extra.items()))
        known = self._extras_order.get(slot)
        if change.details == details and (known is None or mine < known):
            self._extras_order[slot] = mine
            self.extras[slot] = extra
        return key

    def attribute(
        self, keys: list[ChangeKey], base_op: Operation | None, revision_op: Operation
    ) -> None:
        label = revision_op.label
        self.changes.attribute(keys, label)
        self.operations.setdefault(label, (base_op, revision_op))


class Side(Struct, frozen=True):
    """The resolved lifecycle of an element on one side, and where its annotation sits."""

    annotation: Annotation
    resolved: Resolved
    node: Node | None


class Transitions:
    """Judges the lifecycle transitions of elements, writing what it finds to ``found``."""

    def __init__(self, found: LifecycleChanges, window: Duration, today: dt.date) -> None:
        self.found = found
        self.window = window
        self.today = today

    def problems(
        self, kind: ElementName, subject: str, base: Annotation, revision: Side
    ) -> list[ChangeKey]:
        """An annotation the revision cannot be read as (a bad status or date), unless the
        base already said the same."""
        keys = []
        known = {(p.field, p.value) for p in base.problems}
        for problem in revision.annotation.problems:
            if (problem.field, problem.value) in known or revision.node is None:
                continue
            at = child(revision.node, problem.pointer)
            keys.append(
                self.found.emit(
                    lifecycle_rule_id(kind, LIFECYCLE_LIFECYCLE_INVALID),
                    None,
                    at,
                    {"subject": subject, "field": problem.field, "value": problem.value},
                    {"reason": problem.reason},
                )
            )
        return keys

    def transition(
        self,
        kind: ElementName,
        subject: str,
        base: Side,
        revision: Side,
    ) -> list[ChangeKey]:
        """What the revision's annotation of an element does to its lifecycle: nothing
        when the element's own annotation is written the same on both sides."""
        if base.annotation.raw == revision.annotation.raw:
            return []
        keys = self.problems(kind, subject, base.annotation, revision)
        old, new = base.resolved, revision.resolved
        assert revision.node is not None
        at_status = child(revision.node, revision.annotation.status_key)
        at_sunset = child(revision.node, revision.annotation.sunset_key)
        details = {
            "subject": subject,
            "old_status": status(old.status.value),
            "status": status(new.status.value),
        }

        def emit(
            aspect: LifecycleAspectName,
            node: Node | None,
            more: dict[str, str],
            extra: dict[str, str],
        ) -> None:
            rule = lifecycle_rule_id(kind, aspect)
            keys.append(self.found.emit(rule, base.node, node, {**details, **more}, extra))

        if new.status.order < old.status.order:
            aspect = (
                LIFECYCLE_REACTIVATED
                if old.status in RETIRING and new.status not in RETIRING
                else LIFECYCLE_STATUS_DECREASED
            )
            emit(aspect, at_status, {}, {})
            return keys
        if new.status.order > old.status.order:
            if new.status is Status.DEPRECATED:
                keys += self._deprecation(kind, subject, base, revision, details)
            elif new.status is Status.END_OF_LIFE:
                if (
                    old.status is Status.DEPRECATED
                    and old.sunset is not None
                    and self.today >= old.sunset
                ):
                    emit(LIFECYCLE_STATUS_ADVANCED, at_status, {}, {})
                else:
                    if old.status is Status.DEPRECATED and old.sunset is not None:
                        reason = Phrase("before its sunset {sunset}", sunset=old.sunset.isoformat())
                        earliest = old.sunset
                    elif old.status is Status.DEPRECATED:
                        since = old.deprecated or self.today
                        reason = Phrase("while deprecated without a sunset date")
                        earliest = self.window.after(since)
                    else:
                        reason = Phrase(
                            "straight from {status}, without a deprecation period",
                            status=status(old.status.value),
                        )
                        earliest = self.window.after(self.today)
                    emit(
                        LIFECYCLE_RETIRED_BEFORE_SUNSET,
                        at_status,
                        {"old_sunset": day(old.sunset)},
                        {"reason": reason, "earliest": earliest.isoformat()},
                    )
            else:
                emit(LIFECYCLE_STATUS_ADVANCED, at_status, {}, {})
            return keys
        if new.status not in RETIRING:
            return keys
        # same retiring status: the sunset may only move later
        if old.sunset is not None and new.sunset is None:
            emit(
                LIFECYCLE_SUNSET_DELETED,
                at_status,
                {"old_sunset": old.sunset.isoformat()},
                {},
            )
        elif old.sunset is not None and new.sunset is not None and new.sunset < old.sunset:
            emit(
                LIFECYCLE_SUNSET_MOVED_EARLIER,
                at_sunset,
                {"old_sunset": old.sunset.isoformat(), "sunset": new.sunset.isoformat()},
                {},
            )
        elif old.sunset is None and new.sunset is not None:
            keys += self._window(kind, base, revision, details, at_sunset)
        return keys

    def _deprecation(
        self,
        kind: ElementName,
        subject: str,
        base: Side,
        revision: Side,
        details: dict[str, str],
    ) -> list[ChangeKey]:
        new = revision.resolved
        assert revision.node is not None
        at_status = child(revision.node, revision.annotation.status_key)
        if new.sunset is None:
            since, since_text = self._since(new)
            return [
                self.found.emit(
                    lifecycle_rule_id(kind, LIFECYCLE_DEPRECATED_SUNSET_MISSING),
                    base.node,
                    at_status,
                    {**details, "deprecated": day(new.deprecated)},
                    {
                        "since": since_text,
                        "earliest": self.window.after(since).isoformat(),
                        "window": duration(str(self.window)),
                    },
                )
            ]
        at_sunset = child(revision.node, revision.annotation.sunset_key) or at_status
        return self._window(kind, base, revision, details, at_sunset, notice=True)

    def _window(
        self,
        kind: ElementName,
        base: Side,
        revision: Side,
        details: dict[str, str],
        at: Node | None,
        *,
        notice: bool = False,
    ) -> list[ChangeKey]:
        new = revision.resolved
        assert new.sunset is not None
        since, since_text = self._since(new)
        earliest = self.window.after(since)
        more = {"deprecated": day(new.deprecated), "sunset": new.sunset.isoformat()}
        extra = {
            "since": since_text,
            "earliest": earliest.isoformat(),
            "window": duration(str(self.window)),
        }
        if new.sunset < earliest:
            return [
                self.found.emit(
                    lifecycle_rule_id(kind, LIFECYCLE_SUNSET_TOO_SOON),
                    base.node,
                    at,
                    {**details, **more},
                    extra,
                )
            ]
        if notice:
            rule = lifecycle_rule_id(kind, LIFECYCLE_DEPRECATED)
            return [self.found.emit(rule, base.node, at, {**details, **more}, extra)]
        return []

    def _since(self, resolved: Resolved) -> tuple[dt.date, str]:
        if resolved.deprecated is not None:
            return resolved.deprecated, Phrase("on {date}", date=resolved.deprecated.isoformat())
        return self.today, Phrase(
            "today ({date}, no deprecation date given)", date=self.today.isoformat()
        )


def child(node: Node | None, keys: tuple[str, ...]) -> Node | None:
    """The node of an annotation key under ``node`` (the deepest that exists): where a
    finding about that key points."""
    if node is None:
        return None
    current = node
    for key in keys:
        nxt = current.get(key) if isinstance(current.value, dict) else None
        if nxt is None:
            return current
        current = nxt
    return current


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "none"
