"""The JSON report of a monorepo run, written and read back (``oasgate merge``).

The shape extends the one-pair report (``report.schema.json``, docs/reports.md) without
changing any key it has: ``base``/``revision`` name the two trees (``openapi`` is empty: a
tree has no one version), ``summary`` is the total, ``findings`` and ``diagnostics`` hold
every API's, each with an ``api`` key naming its API, and ``apis`` lists the APIs with their
change, sides, config, summary, verdict and error. A shard's report adds ``shard``. What a
report says is enough to rebuild the run's :class:`~oasgate.many.results.ManyReport`, so
that the merge of the shards' reports renders every format exactly as one run would.
"""

from __future__ import annotations

from typing import Any

import orjson

from oasgate.errors import OasgateError
from oasgate.findings import (
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
from oasgate.many.results import ApiResult, ManyReport
from oasgate.report.json_report import (
    REPORT_VERSION,
    diagnostic_data,
    finding_data,
    side_data,
    summary_data,
)


def _side(info: SourceInfo | None) -> dict[str, Any] | None:
    return None if info is None else side_data(info)


def _api_data(api: ApiResult) -> dict[str, Any]:
    report = api.report
    return {
        "name": api.name,
        "change": api.change,
        "base_file": api.base,
        "revision_file": api.revision,
        "config": api.config,
        "base": _side(report.base if report else None),
        "revision": _side(report.revision if report else None),
        "summary": summary_data(api.summary),
        "fail_on": report.fail_on.value if report else None,
        "strict": report.strict if report else False,
        "failed": api.failed,
        "error": api.error,
    }


def _of_api(data: dict[str, Any], name: str) -> dict[str, Any]:
    data["api"] = name  # a dict of its own: named in place, not copied
    return data


def many_report_data(many: ManyReport) -> dict[str, Any]:
    findings = [
        _of_api(finding_data(f), api.name)
        for api in many.apis
        if api.report
        for f in api.report.findings
    ]
    diagnostics = [
        _of_api(diagnostic_data(d), api.name)
        for api in many.apis
        if api.report
        for d in api.report.diagnostics
    ]
    data: dict[str, Any] = {
        "version": REPORT_VERSION,
        "base": _side(SourceInfo(many.base, "")),
        "revision": _side(SourceInfo(many.revision, "")),
        "summary": summary_data(many.summary),
        "findings": findings,
        "diagnostics": diagnostics,
        "apis": [_api_data(api) for api in many.apis],
    }
    if many.shard is not None:
        data["shard"] = {"index": many.shard[0], "count": many.shard[1], "apis": many.total}
    return data


def render(many: ManyReport) -> str:
    return encode(many).decode()


def encode(many: ManyReport) -> bytes:
    """The report's JSON as UTF-8 bytes (what the command line writes)."""
    return orjson.dumps(many_report_data(many), option=orjson.OPT_INDENT_2) + b"\n"


def read_many_report(data: Any, name: str) -> ManyReport:
    """The run a monorepo JSON report describes; a report of another kind (one pair) or
    another version is refused with what to do."""
    if not isinstance(data, dict) or "apis" not in data:
        raise OasgateError(
            "is not the JSON report of a monorepo run (it has no 'apis')",
            file=name,
            hint="merge the --format json reports of `oasgate check` over two trees",
        )
    if data.get("version") != REPORT_VERSION:
        raise OasgateError(
            f"is a version {data.get('version')!r} report; this oasgate writes and merges "
            f"version {REPORT_VERSION}",
            file=name,
        )
    try:
        findings: dict[str, list[Finding]] = {}
        for item in data["findings"]:
            findings.setdefault(item["api"], []).append(_finding(item))
        diagnostics: dict[str, list[Diagnostic]] = {}
        for item in data["diagnostics"]:
            diagnostics.setdefault(item["api"], []).append(_diagnostic(item))
        apis = tuple(_api(item, findings, diagnostics) for item in data["apis"])
        shard = data.get("shard")
        return ManyReport(
            base=data["base"]["source"],
            revision=data["revision"]["source"],
            apis=apis,
            shard=(shard["index"], shard["count"]) if shard else None,
            total=shard["apis"] if shard else len(apis),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise OasgateError(
            f"is not a complete oasgate report ({type(error).__name__}: {error})", file=name
        ) from None


def _api(
    item: dict[str, Any],
    findings: dict[str, list[Finding]],
    diagnostics: dict[str, list[Diagnostic]],
) -> ApiResult:
    report = None
    if item["base"] is not None and item["error"] is None:
        summary = item["summary"]
        report = Report(
            base=_source(item["base"]),
            revision=_source(item["revision"]),
            findings=tuple(findings.get(item["name"], ())),
            diagnostics=tuple(diagnostics.get(item["name"], ())),
            fail_on=Severity(item["fail_on"]),
            summary=Summary(
                **{k: int(summary[k]) for k in ("error", "warning", "info", "ignored")}
            ),
            strict=bool(item["strict"]),
        )
    return ApiResult(
        name=item["name"],
        change=item["change"],
        base=item["base_file"],
        revision=item["revision_file"],
        config=item["config"],
        report=report,
        error=item["error"],
    )


def _source(side: dict[str, Any]) -> SourceInfo:
    return SourceInfo(side["source"], side["openapi"], side["title"], side["version"])


def _location(data: dict[str, Any] | None) -> Location | None:
    if data is None:
        return None
    return Location(data["file"], data["pointer"], data["line"], data["column"])


def _finding(item: dict[str, Any]) -> Finding:
    places = tuple(
        Place(_location(place["base"]), _location(place["revision"])) for place in item["locations"]
    )
    return Finding(
        rule=item["id"],
        severity=Severity(item["severity"]),
        classification=Impact(item["classification"]),
        message=item["message"],
        operations=tuple(item["operations"]),
        status=item["status"],
        base=_location(item["base"]),
        revision=_location(item["revision"]),
        fingerprint=item["fingerprint"],
        ignored=bool(item.get("ignored", False)),
        ignore_reason=item.get("ignore_reason"),
        hint=item.get("hint"),
        places=places if len(places) > 1 else (),
    )


def _diagnostic(item: dict[str, Any]) -> Diagnostic:
    location = _location(item["location"])
    assert location is not None
    return Diagnostic(item["code"], item["message"], location, Severity(item["severity"]))
