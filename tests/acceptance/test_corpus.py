"""Real specs: every pair loads and diffs, each side against itself is silent.

Three small real pairs ship in ``tests/data/corpus`` (with their licences). The whole
corpus runs when ``OASGATE_CORPUS`` points at it (``.ci/run`` sets it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import oasgate
from tests.conftest import DATA


def _pairs(root: Path) -> list[tuple[str, Path, Path, Path | None, Path | None]]:
    pairs = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        entry_file = folder / "ENTRY.txt"
        if entry_file.exists():
            entry = entry_file.read_text().strip()
            pairs.append(
                (
                    folder.name,
                    folder / "base" / entry,
                    folder / "revision" / entry,
                    folder / "base",
                    folder / "revision",
                )
            )
            continue
        sides = sorted(folder.glob("base.*")) + sorted(folder.glob("revision.*"))
        pairs.append((folder.name, sides[0], sides[1], None, None))
    return pairs


BUNDLED = _pairs(DATA / "corpus")
FULL_ROOT = os.environ.get("OASGATE_CORPUS")
FULL = _pairs(Path(FULL_ROOT)) if FULL_ROOT and Path(FULL_ROOT).is_dir() else []


def _assert_pair_diffs(
    base: Path, revision: Path, base_root: Path | None, revision_root: Path | None
) -> None:
    base_ref_root = str(base_root) if base_root else None
    revision_ref_root = str(revision_root) if revision_root else None
    report = oasgate.check(
        oasgate.load(str(base), ref_root=base_ref_root),
        oasgate.load(str(revision), ref_root=revision_ref_root),
    )
    for finding in report.findings:
        assert finding.base is not None or finding.revision is not None
        located = finding.revision or finding.base
        assert located is not None and located.line is not None, finding
    for side, root in ((base, base_ref_root), (revision, revision_ref_root)):
        itself = oasgate.check(
            oasgate.load(str(side), ref_root=root), oasgate.load(str(side), ref_root=root)
        )
        assert itself.findings == (), [f.message for f in itself.findings[:5]]


@pytest.mark.parametrize(
    ("name", "base", "revision", "base_root", "revision_root"), BUNDLED, ids=[p[0] for p in BUNDLED]
)
def test_bundled_pair(
    name: str, base: Path, revision: Path, base_root: Path | None, revision_root: Path | None
) -> None:
    _assert_pair_diffs(base, revision, base_root, revision_root)


@pytest.mark.skipif(
    not FULL, reason="set OASGATE_CORPUS to the shared corpus to run every real pair"
)
@pytest.mark.parametrize(
    ("name", "base", "revision", "base_root", "revision_root"), FULL, ids=[p[0] for p in FULL]
)
def test_full_corpus_pair(
    name: str, base: Path, revision: Path, base_root: Path | None, revision_root: Path | None
) -> None:
    _assert_pair_diffs(base, revision, base_root, revision_root)


@pytest.mark.skipif(not FULL, reason="set OASGATE_CORPUS to the shared corpus")
def test_stripe_removed_orders_and_skus_are_errors() -> None:
    folder = Path(FULL_ROOT or "") / "stripe-oas30-yaml"
    report = oasgate.check(str(folder / "base.yaml"), str(folder / "revision.yaml"))
    # the message goes on to say what the lifecycle policy expected ("; it was not deprecated…")
    removed = {f.message.partition(";")[0]: f for f in report.findings if f.rule == "path-removed"}
    for path in (
        "/v1/orders",
        "/v1/orders/{id}",
        "/v1/orders/{id}/submit",
        "/v1/skus",
        "/v1/skus/{id}",
    ):
        finding = removed[f"path {path} removed"]
        assert finding.severity.value == "error"
    operations = {op for f in removed.values() for op in f.operations}
    assert {
        "GET /v1/orders",
        "POST /v1/orders",
        "DELETE /v1/skus/{id}",
        "POST /v1/orders/{id}/cancel",
    } <= operations
    assert report.failed


def _strict_self_check(path: Path, root: Path | None) -> oasgate.Report:
    model = oasgate.load(str(path), ref_root=str(root) if root else None)
    return oasgate.check(model, model, strict=True)


@pytest.mark.skipif(not FULL, reason="set OASGATE_CORPUS to the shared corpus")
@pytest.mark.parametrize(
    ("name", "base", "revision", "base_root", "revision_root"), FULL, ids=[p[0] for p in FULL]
)
def test_full_corpus_diagnostics_and_strict(
    name: str, base: Path, revision: Path, base_root: Path | None, revision_root: Path | None
) -> None:
    """Invalid real specs are still diffed, their problems listed with file:line, and
    ``--strict`` fails exactly on the documents that have problems."""
    report = oasgate.check(
        oasgate.load(str(base), ref_root=str(base_root) if base_root else None),
        oasgate.load(str(revision), ref_root=str(revision_root) if revision_root else None),
    )
    assert report.findings, "every corpus pair has changes: the diff must still run"
    for diagnostic in report.diagnostics:
        assert diagnostic.location.file and diagnostic.location.line, diagnostic
    assert not any(d.code == "openapi-schema" for d in report.diagnostics)  # only with strict
    # Against itself a document has no findings, so only its own problems can fail it.
    itself = _strict_self_check(revision, revision_root)
    assert itself.findings == ()
    assert itself.failed == bool(itself.diagnostics)
    for diagnostic in itself.diagnostics:
        assert diagnostic.location.line, diagnostic


@pytest.mark.skipif(not FULL, reason="set OASGATE_CORPUS to the shared corpus")
def test_known_problems_of_real_specs_are_diagnosed() -> None:
    root = Path(FULL_ROOT or "")
    digitalocean = root / "digitalocean-multifile-oas30" / "revision"
    model = oasgate.load(str(digitalocean / "DigitalOcean-public.v2.yaml"))
    codes = {(d.code, d.location.pointer) for d in model.diagnostics}
    assert ("ref-not-allowed", "/info/description") in codes  # $ref in info.description
    opensearch = root / "opensearch-multifile-oas31" / "revision"
    model = oasgate.load(str(opensearch / "namespaces" / "_core.yaml"), ref_root=str(opensearch))
    assert any(d.code == "response-missing-description" for d in model.diagnostics)
