"""What a run is judged by: the gate table, the policy values, ignores and overrides.

These are the typed values :mod:`oasgate.config` builds from a config file, a preset and
the command line; the policy modules read them and never read files. They live here, not
beside the file reading, so that the policy stage depends on nothing above it: ``config``
imports ``policy``, never the other way round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Location, Severity
from oasgate.model.prefixes import PrefixMap
from oasgate.policy.dates import DateError, Duration, parse_duration
from oasgate.policy.filters import Filters
from oasgate.policy.status import LifecycleMap, OperationGlob, Status


@dataclass(frozen=True)
class GateRow:
    """Severity of a breaking change and of a new feature on surface of one status."""

    breaking: Severity
    feature: Severity


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

#: the default gate (docs/lifecycle.md §1): status → (breaking change, new feature)
DEFAULT_GATE: dict[Status, GateRow] = {
    Status.DEVELOPMENT: GateRow(I, I),
    Status.BETA: GateRow(W, I),
    Status.STABLE: GateRow(E, I),
    Status.DEPRECATED: GateRow(E, E),
    Status.END_OF_LIFE: GateRow(I, E),
}


DEFAULT_WINDOW = Duration(months=6, text="6 months")


@dataclass(frozen=True)
class PolicySettings:
    """The policy values (docs/lifecycle.md §5), after preset, config file and flags."""

    deprecation_window: Duration = DEFAULT_WINDOW
    #: ``None`` means no limit
    max_live_versions: int | None = 2
    require_sunset_headers: bool = False
    #: a deprecation with no sunset date at all: an error, or (default) a warning
    require_sunset_date: bool = False
    #: lifecycle dates the spec does not write are read from git (docs/history.md)
    dates_from_git: bool = False
    gate: Mapping[Status, GateRow] = field(default_factory=lambda: dict(DEFAULT_GATE))


@dataclass(frozen=True)
class Ignore:
    """One accepted finding pattern: rule (id or glob), where, why, and until when."""

    rule: str
    rule_ids: frozenset[str]
    reason: str
    operation: OperationGlob | None = None
    path: OperationGlob | None = None
    until: dt.date | None = None
    location: Location | None = None

    def describe(self) -> str:
        where = ""
        if self.operation is not None:
            where += f" on '{self.operation.pattern}'"
        if self.path is not None:
            where += f" on path '{self.path.pattern}'"
        return f"ignore of '{self.rule}'{where}"

    def covers(self, rule_id: str, operations: tuple[str, ...]) -> bool:
        if rule_id not in self.rule_ids:
            return False
        for label in operations or ("",):
            if self.operation is not None and not self.operation.matches(label):
                return False
            if self.path is not None and not self.path.matches(label or " "):
                return False
        return True


@dataclass(frozen=True)
class Config:
    """Everything configurable about a run."""

    policy: PolicySettings = field(default_factory=PolicySettings)
    preset: str = "default"
    #: rule id → severity override; ``None`` switches the rule off
    rules: Mapping[str, Severity | None] = field(default_factory=dict)
    lifecycle: LifecycleMap = field(default_factory=LifecycleMap)
    ignores: tuple[Ignore, ...] = ()
    fail_on: Severity | None = None
    source: str | None = None
    #: the ``limits:`` table, checked by :meth:`oasgate.loading.limits.Limits.from_mapping`
    limits: Mapping[str, Any] = field(default_factory=dict)
    #: the ``changelog:`` table (``link``, ``feed-url``): what ``oasgate changelog``
    #: writes into feeds when the flags do not say
    changelog: Mapping[str, str] = field(default_factory=dict)
    #: what the reports must say about where the settings came from (a pull request
    #: that changes the config it is not gated by: ``--config-from``)
    notices: tuple[Diagnostic, ...] = ()
    #: ``map-prefix:`` / ``--map-prefix``: the base's path prefixes as the revision spells them
    prefixes: PrefixMap = field(default_factory=PrefixMap)
    #: ``filters:`` / ``--include-path``…: what the report leaves out
    filters: Filters = field(default_factory=Filters)
    #: the ``apis:`` map (docs/composed.md): each glob with the settings of the specs it
    #: matches — this config's own settings with the entry's over them, not yet built
    apis: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    #: the language of messages and headings (``lang:``; ``--lang`` and ``OASGATE_LANG`` win)
    lang: str | None = None

    def with_flags(
        self,
        *,
        deprecation_window: str | Duration | None = None,
        max_live_versions: int | None = None,
        require_sunset_headers: bool | None = None,
    ) -> Config:
        """Command-line flags win over the file and the preset. ``deprecation_window`` is
        a :class:`Duration` or the flag's spelling (``"12 months"``)."""
        policy = self.policy
        if isinstance(deprecation_window, Duration):
            policy = replace(policy, deprecation_window=deprecation_window)
        elif deprecation_window is not None:
            try:
                policy = replace(policy, deprecation_window=parse_duration(deprecation_window))
            except DateError as error:
                raise OasgateError(f"--deprecation-window: {error}") from None
        if max_live_versions is not None:
            policy = replace(policy, max_live_versions=max_live_versions)
        if require_sunset_headers is not None:
            policy = replace(policy, require_sunset_headers=require_sunset_headers)
        return replace(self, policy=policy)
