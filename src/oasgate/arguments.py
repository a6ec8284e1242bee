"""The Python API's arguments in the CLI's spellings as well as typed.

A script ported from a shell line writes ``fail_on="warning"``, ``today="2026-03-01"``,
``policy="two-live-versions"``, ``limits={"max-depth": 64}``; a typed caller writes
``Severity.WARNING``, a ``date``, a ``Limits``. Both mean the same, so each parameter of
the public API (docs/api.md) goes through one function here, which returns the typed
value, and a wrong spelling is one :class:`ArgumentError` naming the accepted values —
not an ``AttributeError`` deep in the engine when the value is first used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from oasgate.errors import ArgumentError as ArgumentError  # re-exported: callers catch it here
from oasgate.errors import OasgateError
from oasgate.findings import Severity
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.policy.dates import DateError, parse_today
from oasgate.policy.presets import PRESET_NAMES


def severity(value: Severity | str | None, name: str) -> Severity | None:
    """``Severity.WARNING`` or ``"warning"`` (the CLI's ``--fail-on`` spelling)."""
    if value is None or isinstance(value, Severity):
        return value
    if isinstance(value, str):
        for member in Severity:
            if value == member.value:
                return member
    raise ArgumentError(
        f"{name}={value!r} is not a severity; use one of "
        f"{', '.join(repr(s.value) for s in Severity)} or a Severity"
    )


def day(value: dt.date | str | None, name: str) -> dt.date:
    """A ``date`` (or ``datetime``: its day) or an ISO 8601 string; None is today (UTC)."""
    if value is not None and not isinstance(value, (str, dt.date)):
        raise ArgumentError(
            f"{name}={value!r} is not a date; use a datetime.date or an ISO 8601 string "
            "such as '2026-03-01'"
        )
    try:
        return parse_today(value)
    except DateError as error:
        raise ArgumentError(
            f"{name}: {error}; use a datetime.date or an ISO 8601 string such as '2026-03-01'"
        ) from None


def preset(value: str | None, name: str) -> str | None:
    """A policy preset's name, as ``--policy`` takes it."""
    if value is None or (isinstance(value, str) and value in PRESET_NAMES):
        return value
    raise ArgumentError(
        f"{name}={value!r} is not a policy preset; use one of "
        f"{', '.join(repr(p) for p in PRESET_NAMES)}"
    )


def limits(value: Limits | Mapping[str, Any] | None, name: str) -> Limits:
    """A ``Limits``, or a table in the config's spelling (``{"max-input-size": "16MB"}``,
    the ``limits:`` keys, which are also the flags' names)."""
    if value is None:
        return DEFAULT_LIMITS
    if isinstance(value, Limits):
        return value
    if isinstance(value, Mapping):
        try:
            return Limits.from_mapping(value, source=name)
        except OasgateError as error:
            raise ArgumentError(error.message, file=name) from None
    raise ArgumentError(
        f"{name}={value!r} is not a Limits; use oasgate.loading.limits.Limits or a mapping "
        "such as {'max-depth': 64, 'max-input-size': '16MB'}"
    )


def flag(value: bool, name: str) -> bool:
    """A boolean: ``True``/``False`` only (a string ``"false"`` would read as true)."""
    if isinstance(value, bool):
        return value
    raise ArgumentError(f"{name}={value!r} is not a bool; use True or False")
