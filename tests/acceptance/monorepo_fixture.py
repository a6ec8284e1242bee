"""A monorepo of 24 specs in two trees (``base/`` and ``revision/``), and the verdict each
API must get: unchanged, changed (compatible and breaking), moved (by ``x-api-id`` and by
title + major version), added, removed (undeprecated, and deprecated past its sunset),
one unparsable, a multi-file spec with a shared fragment, nested configs and an
``apis:`` map in the root config.

``EXPECTED`` maps each API's name to ``(change, verdict)``; the verdict is ``passed``,
``failed`` or ``error``. ``TODAY`` fixes the date the lifecycle dates are judged at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TODAY = "2026-12-05"


def spec(title: str, version: str = "1.0.0", *, paths: int = 2, **info: Any) -> dict[str, Any]:
    """A small valid 3.0 spec with ``paths`` resources, each a GET and a DELETE."""
    operations = {}
    for index in range(paths):
        ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"id": {"type": "string"}}}}}}}  # fmt: skip
        operations[f"/r{index}"] = {
            "get": {"operationId": f"get{index}", "responses": ok},
            "delete": {
                "operationId": f"delete{index}",
                "responses": {"204": {"description": "gone"}},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": version, **info},
        "paths": operations,
    }


def without_delete(document: dict[str, Any]) -> dict[str, Any]:
    """The spec with its first DELETE removed: a breaking change."""
    paths = {k: dict(v) for k, v in document["paths"].items()}
    del paths["/r0"]["delete"]
    return {**document, "paths": paths}


def with_new_path(document: dict[str, Any]) -> dict[str, Any]:
    """The spec with one more path: a compatible change."""
    new = {"get": {"operationId": "extra", "responses": {"200": {"description": "ok"}}}}
    return {**document, "paths": {**document["paths"], "/extra": new}}


def _write(root: Path, relative: str, data: Any) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text)


EXPECTED: dict[str, tuple[str, str]] = {
    **{f"steady/svc{n:02}/openapi.yaml": ("unchanged", "passed") for n in range(1, 11)},
    "billing/openapi.yaml": ("changed", "failed"),
    "catalog/openapi.yaml": ("changed", "passed"),
    "orders/v1/openapi.yaml": ("moved", "passed"),
    "search/api.yaml": ("moved", "passed"),
    "fresh/openapi.yaml": ("added", "passed"),
    "gone/openapi.yaml": ("removed", "failed"),
    "sunset/openapi.yaml": ("removed", "passed"),
    "broken/openapi.yaml": ("changed", "error"),
    "split/openapi.yaml": ("unchanged", "passed"),
    "team-a/inventory/openapi.yaml": ("changed", "passed"),  # nested config: warning
    "team-a/strict/openapi.yaml": ("changed", "failed"),  # nearer config: fail on warning
    "legacy/ledger/openapi.yaml": ("changed", "passed"),  # root apis: map
    "selfexempt/openapi.yaml": ("changed", "failed"),  # a config the PR adds is not read
    "json/api.json": ("changed", "failed"),
}


def build(root: Path) -> tuple[Path, Path]:
    """Write the two trees under ``root``; return ``(base, revision)``."""
    base, revision = root / "base", root / "revision"
    for n in range(1, 11):
        for tree in (base, revision):
            _write(tree, f"steady/svc{n:02}/openapi.yaml", spec(f"Service {n}", paths=n % 4 + 1))
    billing = spec("Billing")
    _write(base, "billing/openapi.yaml", billing)
    _write(revision, "billing/openapi.yaml", without_delete(billing))
    catalog = spec("Catalog")
    _write(base, "catalog/openapi.yaml", catalog)
    _write(revision, "catalog/openapi.yaml", with_new_path(catalog))
    orders = spec("Orders", **{"x-api-id": "orders"})
    _write(base, "orders/openapi.yaml", orders)
    _write(
        revision,
        "orders/v1/openapi.yaml",
        {**orders, "info": {**orders["info"], "title": "Orders API"}},
    )
    search = spec("Search", "2.3.0")
    _write(base, "search/openapi.yaml", search)
    _write(revision, "search/api.yaml", {**search, "info": {**search["info"], "version": "2.4.0"}})
    _write(revision, "fresh/openapi.yaml", spec("Fresh"))
    _write(base, "gone/openapi.yaml", spec("Gone"))
    lifecycle = {"status": "deprecated", "deprecated": "2025-01-01", "sunset": "2026-01-01"}
    _write(base, "sunset/openapi.yaml", spec("Sunset", **{"x-lifecycle": lifecycle}))
    _write(base, "broken/openapi.yaml", spec("Broken"))
    _write(revision, "broken/openapi.yaml", "openapi: 3.0.3\ninfo: {title: Broken\n")
    split = spec("Split")
    split["paths"]["/r0"]["get"]["responses"]["200"] = {"$ref": "parts/responses.yaml#/Ok"}
    parts = {"openapi": "3.0.3", "Ok": {"description": "ok"}}  # referenced: not a spec
    for tree in (base, revision):
        _write(tree, "split/openapi.yaml", split)
        _write(tree, "split/parts/responses.yaml", parts)
        _write(tree, "split/parts/notes.yaml", {"title": "not a spec"})
    inventory, strict = spec("Inventory"), spec("Strict")
    _write(base, "team-a/inventory/openapi.yaml", inventory)
    _write(revision, "team-a/inventory/openapi.yaml", without_delete(inventory))
    _write(base, "team-a/strict/openapi.yaml", strict)
    _write(revision, "team-a/strict/openapi.yaml", without_delete(strict))
    relaxed = {"rules": {"operation-removed": "warning"}}
    for tree in (base, revision):
        _write(tree, "team-a/.oasgate.yaml", relaxed)
        _write(tree, "team-a/strict/.oasgate.yaml", {**relaxed, "fail-on": "warning"})
    ledger = spec("Ledger")
    _write(base, "legacy/ledger/openapi.yaml", ledger)
    _write(revision, "legacy/ledger/openapi.yaml", without_delete(ledger))
    exempt = spec("Exempt")
    _write(base, "selfexempt/openapi.yaml", exempt)
    _write(revision, "selfexempt/openapi.yaml", without_delete(exempt))
    _write(revision, "selfexempt/.oasgate.yaml", {"rules": {"operation-removed": "off"}})
    data = spec("Json")
    import json

    _write(base, "json/api.json", json.dumps(data))
    _write(revision, "json/api.json", json.dumps(without_delete(data)))
    return base, revision


#: the root config: the ``legacy/`` APIs may remove operations (info)
ROOT_CONFIG = {"apis": {"legacy/**": {"rules": {"operation-removed": "info"}}}}


def write_root_config(root: Path) -> None:
    _write(root, ".oasgate.yaml", ROOT_CONFIG)
