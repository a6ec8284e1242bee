"""oasgate — OpenAPI breaking-change linter with lifecycle policy.

The Python API::

    import oasgate
    report = oasgate.check("base.yaml", "revision.yaml")
    for finding in report.findings:
        print(finding.severity, finding.rule, finding.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Finding", "OasgateError", "Report", "Severity", "check", "load"]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from oasgate.engine import check, load
    from oasgate.errors import OasgateError
    from oasgate.findings import Finding, Report, Severity


def __getattr__(name: str) -> Any:
    # Lazy: importing oasgate (and so `oasgate --help`) does not load the engine.
    if name in ("check", "load"):
        from oasgate import engine

        return getattr(engine, name)
    if name == "OasgateError":
        from oasgate.errors import OasgateError

        return OasgateError
    if name in ("Finding", "Report", "Severity"):
        from oasgate import findings

        return getattr(findings, name)
    raise AttributeError(name)
