"""Swagger 2.0 reads like OpenAPI 3: a document and its faithful conversion compare equal,
and a real 2.0 → 3.0 migration reports exactly what the 2.0 → 2.0 comparison reports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import oasgate
from tests.conftest import DATA

PETSTORE = DATA / "conversions" / "petstore"
ALERTMANAGER = DATA / "conversions" / "alertmanager"
ALERTMANAGER_2 = DATA / "corpus" / "alertmanager-swagger2-yaml"


def _rules(base: Path | str, revision: Path | str) -> list[str]:
    return sorted(f.rule for f in oasgate.check(str(base), str(revision)).findings)


@pytest.mark.parametrize(
    ("base", "revision"),
    [
        (PETSTORE / "swagger2.yaml", PETSTORE / "openapi3.yaml"),
        (PETSTORE / "openapi3.yaml", PETSTORE / "swagger2.yaml"),
        (ALERTMANAGER_2 / "base.yaml", ALERTMANAGER / "base.openapi3.yaml"),
        (ALERTMANAGER_2 / "revision.yaml", ALERTMANAGER / "revision.openapi3.yaml"),
        (ALERTMANAGER / "revision.openapi3.yaml", ALERTMANAGER_2 / "revision.yaml"),
    ],
    ids=["petstore", "petstore-back", "alertmanager-0.16", "alertmanager-0.17", "back-to-2.0"],
)
def test_a_faithful_conversion_reports_nothing(base: Path, revision: Path) -> None:
    assert _rules(base, revision) == []


# Each edit of the converted document is one real wire change and must be found: the
# silence above is not blindness.
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "          in: query\n          explode: false\n",
            "          in: query\n",
            ["request-parameter-serialization-changed"],
        ),
        (
            "style: pipeDelimited",
            "style: spaceDelimited",
            ["request-parameter-serialization-changed"],
        ),
        (
            "tokenUrl: https://auth.example.com/token",
            "tokenUrl: https://login.example.com/token",
            ["security-scheme-token-url-changed"],
        ),
        (
            "https://api.example.com/v1",
            "https://api.example.com/v2",
            ["server-added", "server-removed"],
        ),
        ("required: [owner]", "required: [owner, notes]", ["request-property-became-required"]),
        (
            "          multipart/form-data:",
            "          application/x-www-form-urlencoded:",
            ["request-media-type-added", "request-media-type-removed"],
        ),
        (
            "tag: {type: string, nullable: true}",
            "tag: {type: string}",
            ["response-property-became-not-nullable"],
        ),
        ("        - basic: []\n", "", ["security-requirement-removed"]),
        (
            "            X-Total-Count:\n              description: how many pets there are\n"
            "              schema: {type: integer}\n",
            "            X-Total: {schema: {type: integer}}\n",
            ["response-header-added", "response-header-removed"],
        ),
    ],
)
def test_each_real_change_against_the_swagger2_document_is_found(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    text = (PETSTORE / "openapi3.yaml").read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "openapi3.yaml"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert [
        r for r in _rules(PETSTORE / "swagger2.yaml", changed) if not r.startswith("api-")
    ] == expected


def test_a_migration_reports_what_the_swagger2_comparison_reports() -> None:
    native = Counter(_rules(ALERTMANAGER_2 / "base.yaml", ALERTMANAGER_2 / "revision.yaml"))
    migrated = Counter(
        _rules(ALERTMANAGER_2 / "base.yaml", ALERTMANAGER / "revision.openapi3.yaml")
    )
    # the same changes; a collectionFormat change is named in OpenAPI 3 terms once one side is 3
    native["request-parameter-serialization-changed"] = native.pop(
        "request-parameter-collection-format-changed"
    )
    assert migrated == native
    # one change made in two operations' filter parameter: one finding
    assert migrated["request-parameter-serialization-changed"] == 1
    assert migrated["response-property-became-optional"] == 1  # name and peers: one edit
