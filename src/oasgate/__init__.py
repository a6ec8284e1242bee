"""oasgate — OpenAPI breaking-change linter with lifecycle policy.

The Python API (documented in ``docs/api.md``)::

    import oasgate

    report = oasgate.check("base.yaml", "revision.yaml", today="2026-03-01")
    for finding in report.active_findings:
        print(finding.severity.value, finding.rule, finding.message, finding.location)
    if report.failed:
        raise SystemExit(1)

- :func:`check` — compare two specs (paths, ``-``, or models from :func:`load`) and
  return the gated :class:`Report`;
- :func:`load` — read one spec into its model (load once, compare many times);
- :func:`load_config` — read a config file into a :class:`Config`;
- :func:`render` — a report in any output format (``json``, ``sarif``, ``markdown``…);
- :class:`Report`, :class:`Finding`, :class:`Location`, :class:`Diagnostic`,
  :class:`Summary`, :class:`SourceInfo` — frozen dataclasses; :class:`Severity` and
  :class:`Classification` (a rule's) and :class:`Impact` (a finding's) — string enums;
- :class:`OasgateError` — raised when the input cannot be used (the CLI's exit 2).

The CLI is a layer over these calls; importing :mod:`oasgate` is cheap (the engine is
imported on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from oasgate.version import __version__ as __version__

__all__ = [
    "Classification",
    "Config",
    "Diagnostic",
    "Finding",
    "Impact",
    "Location",
    "OasgateError",
    "Place",
    "Report",
    "Severity",
    "SourceInfo",
    "SpecModel",
    "Summary",
    "check",
    "load",
    "load_config",
    "render",
]

if TYPE_CHECKING:
    from oasgate.config import load_config
    from oasgate.engine import check, load
    from oasgate.engine import settle as settle  # deprecated, out of __all__
    from oasgate.errors import OasgateError
    from oasgate.findings import (
        Classification,
        Diagnostic,
        Finding,
        Impact,
        Location,
        Place,
        Report,
        Severity,
        SourceInfo,
        Summary,
    )
    from oasgate.model.spec import SpecModel
    from oasgate.policy.settings import Config

_HOMES = {
    "check": "oasgate.engine",
    "load": "oasgate.engine",
    # deprecated (a no-op that warns), out of __all__; goes in the next release
    "settle": "oasgate.engine",
    "Config": "oasgate.policy.settings",
    "load_config": "oasgate.config",
    "OasgateError": "oasgate.errors",
    "SpecModel": "oasgate.model.spec",
    **dict.fromkeys(
        (
            "Classification",
            "Impact",
            "Place",
            "Diagnostic",
            "Finding",
            "Location",
            "Report",
            "Severity",
            "SourceInfo",
            "Summary",
        ),
        "oasgate.findings",
    ),
}


def render(report: Report, format: str = "json") -> str:
    """``report`` in an output format: ``text``, ``json``, ``yaml``, ``markdown``, ``html``,
    ``sarif``, ``junit``, ``github`` or ``gitlab`` (or the ``oasgate.report.Format``
    member) — the same text ``oasgate check --format FORMAT`` writes. An unknown format is
    an :class:`~oasgate.arguments.ArgumentError` (a :class:`ValueError`) naming them."""
    from oasgate.arguments import ArgumentError
    from oasgate.report import Format, renderer

    if not isinstance(format, Format):
        known = {f.value: f for f in Format}
        if format not in known:
            raise ArgumentError(
                f"format={format!r} is not a report format; use one of "
                f"{', '.join(repr(name) for name in known)}"
            )
        format = known[format]
    return renderer(format)(report)


def __getattr__(name: str) -> Any:
    # Lazy: importing oasgate (and so `oasgate --help`) does not load the engine.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'oasgate' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
