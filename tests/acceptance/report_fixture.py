"""The one shared report every formatter renders in the golden tests.

It has what reporters get wrong: findings on both sides and on one side only, a
change in a shared component reaching many operations, an ignored finding,
findings gated below the fail level, diagnostics with and without a line, non-ASCII
text, and hostile strings (HTML, Markdown, workflow-command and XML specials) that
a pull request could put into a spec.
"""

from __future__ import annotations

from datetime import datetime, timezone

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

BASE = "api/base.yaml"
REVISION = "api/revision.yaml"
SHARED_OPERATIONS = (
    "GET /pets",
    "POST /pets",
    "GET /pets/{id}",
    "PUT /pets/{id}",
    "DELETE /pets/{id}",
    "GET /owners/{id}/pets",
    "GET /stores/{id}/pets",
)
HOSTILE = "<script>alert('x')</script> %0A 100% a,b: c\n::warning::injected | *bold* @octocat \x1b"
DATE = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def _loc(file: str, pointer: str, line: int | None, column: int | None = 7) -> Location:
    return Location(file, pointer, line, column if line is not None else None)


def shared_report() -> Report:
    findings = (
        Finding(
            rule="request-parameter-became-required",
            severity=Severity.ERROR,
            classification=Impact.BREAKING,
            message="query parameter 'limit' became required",
            operations=("GET /pets", "GET /stores"),
            status="stable",
            base=_loc(BASE, "/paths/~1pets/get/parameters/1", 14),
            revision=_loc(REVISION, "/paths/~1pets/get/parameters/0", 12),
            fingerprint="0a1b2c3d4e5f60718293",
            places=(
                Place(
                    _loc(BASE, "/paths/~1pets/get/parameters/1", 14),
                    _loc(REVISION, "/paths/~1pets/get/parameters/0", 12),
                ),
                Place(
                    _loc(BASE, "/paths/~1stores/get/parameters/0", 90),
                    _loc(REVISION, "/paths/~1stores/get/parameters/0", 96),
                ),
            ),
        ),
        Finding(
            rule="response-property-type-changed",
            severity=Severity.ERROR,
            classification=Impact.BREAKING,
            message="response property 'Haustier.größe': type changed from integer to string",
            operations=SHARED_OPERATIONS,
            status="stable",
            base=_loc(BASE, "/components/schemas/Haustier/properties/gr%C3%B6%C3%9Fe", 120, 9),
            revision=_loc(REVISION, "/components/schemas/Haustier/properties/größe", 131, 9),
            fingerprint="1b2c3d4e5f6071829304",
        ),
        Finding(
            rule="path-removed",
            severity=Severity.ERROR,
            classification=Impact.BREAKING,
            message="path /stores removed",
            operations=("GET /stores",),
            status="stable",
            base=_loc(BASE, "/paths/~1stores", 88, 3),
            revision=None,
            fingerprint="2c3d4e5f607182930415",
            hint="deprecate it first, with a sunset at least 6 months ahead, and remove it "
            "from that date",
        ),
        Finding(
            rule="response-property-enum-value-added",
            severity=Severity.WARNING,
            classification=Impact.BREAKING,
            message="response property 'Pet.status': enum value \"adopted\" added",
            operations=("GET /pets/{id}",),
            status="stable",
            base=_loc(BASE, "/components/schemas/Pet/properties/status", 140, 9),
            revision=_loc(REVISION, "/components/schemas/Pet/properties/status", 151, 9),
            fingerprint="3d4e5f60718293041526",
        ),
        Finding(
            rule="request-body-became-required",
            severity=Severity.INFO,
            classification=Impact.BREAKING,
            message="request body became required",
            operations=("POST /lab/experiments",),
            status="development",
            base=_loc(BASE, "/paths/~1lab~1experiments/post/requestBody", 60),
            revision=_loc(REVISION, "/paths/~1lab~1experiments/post/requestBody", 66),
            fingerprint="4e5f6071829304152637",
        ),
        Finding(
            rule="request-parameter-optional-added",
            severity=Severity.INFO,
            classification=Impact.COMPATIBLE,
            message=f"new optional query parameter '{HOSTILE}'",
            operations=("GET /search|{q}",),
            status="stable",
            base=_loc(BASE, "/paths/~1search|{q}/get", 70),
            revision=_loc(REVISION, "/paths/~1search|{q}/get/parameters/0", 77, 11),
            fingerprint="5f607182930415263748",
        ),
        Finding(
            rule="operation-added",
            severity=Severity.INFO,
            classification=Impact.COMPATIBLE,
            message="operation POST /stores/{id}/adoptions added — Adoptionen für Tierheime",
            operations=("POST /stores/{id}/adoptions",),
            status="stable",
            base=_loc(BASE, "/paths/~1stores~1{id}~1adoptions", 95, 3),
            revision=_loc(REVISION, "/paths/~1stores~1{id}~1adoptions/post", 104, 5),
            fingerprint="60718293041526374859",
        ),
        Finding(
            rule="fixture-operation-deprecated",
            severity=Severity.INFO,
            classification=Impact.ANNOTATION,
            message="operation GET /owners/{id} deprecated (sunset 2025-09-01)",
            operations=("GET /owners/{id}",),
            status="stable",
            base=_loc(BASE, "/paths/~1owners~1{id}/get", 40, 5),
            revision=_loc(REVISION, "/paths/~1owners~1{id}/get", 42, 5),
            fingerprint="7182930415263748596a",
        ),
        Finding(
            rule="operation-removed",
            severity=Severity.ERROR,
            classification=Impact.BREAKING,
            message="operation DELETE /owners/{id} removed",
            operations=("DELETE /owners/{id}",),
            status="stable",
            base=_loc(BASE, "/paths/~1owners~1{id}/delete", 48, 5),
            revision=_loc(REVISION, "/paths/~1owners~1{id}", 41, 3),
            fingerprint="8293041526374859a6b7",
            ignored=True,
            ignore_reason="removal agreed with every client — ticket API-123 (Kündigung)",
        ),
    )
    diagnostics = (
        Diagnostic(
            "duplicate-key",
            "duplicate mapping key 'description'; the last one is used",
            _loc(REVISION, "/paths/~1pets/get", 20, 7),
        ),
        Diagnostic(
            "missing-description",
            "response 204 has no description — «beschreibung fehlt»",
            _loc(BASE, "/paths/~1pets/delete/responses/204", None),
        ),
    )
    return Report(
        base=SourceInfo(BASE, "3.0.3", "Tierhandlung API ✓", "1.0.0"),
        revision=SourceInfo(REVISION, "3.1.0", "Tierhandlung API ✓", "1.1.0"),
        findings=findings,
        diagnostics=diagnostics,
        fail_on=Severity.ERROR,
        summary=Summary(error=3, warning=1, info=4, ignored=1),
    )


def empty_report() -> Report:
    return Report(
        base=SourceInfo(BASE, "3.0.3", "Empty", "1"),
        revision=SourceInfo(REVISION, "3.0.3", "Empty", "1"),
        findings=(),
    )
