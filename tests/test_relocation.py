"""Where a multi-file spec sits under the reference root never changes a verdict (issue 13).

``oasgate check api/v1/openapi.yaml api/v2/openapi.yaml`` in a git repository reads both
sides under one reference root (the working tree), as does one ``--ref-root`` over the
corpus's ``base/`` and ``revision/``. A component written in another file of the spec is
still the same component on both sides: OpenSearch's buckets
(``schemas/_common.aggregations.yaml``, whose ``HistogramBucket`` is
``allOf: [$ref: '#/components/schemas/MultiBucketBase', …]``) were reported with
"allOf member MultiBucketBase removed" *and* "… added" as soon as ``MultiBucketBase``
changed, because the member's identity held ``base/schemas/…`` on one side and
``revision/schemas/…`` on the other.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import oasgate
from oasgate.findings import Report
from oasgate.loading.document import Document
from oasgate.model.swagger2 import open_model
from tests.conftest import run_cli
from tests.gitrepo import commit_all, git
from tests.test_properties import EXAMPLES, MemoryTree

# -- the real shape: an entry document, its schemas in a sibling folder ----------------------

ENTRY = "namespaces/_core.yaml"


def _files(doc_count: str = "number", key_format: str | None = None) -> dict[str, object]:
    """OpenSearch's layout in small: the entry in ``namespaces/``, the bucket types in
    ``schemas/`` (reached by ``../schemas/…#/components/schemas/…``), and a bucket that
    is ``allOf`` a base in the same file plus one in a file of its own (``./base.yaml``)."""
    key: dict[str, str] = {"type": "number"}
    if key_format:
        key["format"] = key_format
    ref = "../schemas/_common.aggregations.yaml#/components/schemas/HistogramAggregate"
    return {
        ENTRY: {
            "openapi": "3.1.0",
            "info": {"title": "OpenSearch (search)", "version": "1.0.0"},
            "paths": {
                "/_search": {
                    "get": {
                        "operationId": "search",
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": {"$ref": ref}}},
                            }
                        },
                    }
                }
            },
        },
        "schemas/_common.aggregations.yaml": {
            "components": {
                "schemas": {
                    "HistogramAggregate": {
                        "type": "object",
                        "properties": {
                            "buckets": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/HistogramBucket"},
                            },
                            "range": {"$ref": "./bucket.yaml"},
                        },
                    },
                    "HistogramBucket": {
                        "allOf": [
                            {"$ref": "#/components/schemas/MultiBucketBase"},
                            {
                                "type": "object",
                                "properties": {"key_as_string": {"type": "string"}, "key": key},
                                "required": ["key"],
                            },
                        ]
                    },
                    "MultiBucketBase": {
                        "type": "object",
                        "properties": {"doc_count": {"type": doc_count}},
                        "required": ["doc_count"],
                    },
                }
            }
        },
        "schemas/bucket.yaml": {
            "allOf": [
                {"$ref": "./base.yaml"},
                {"type": "object", "properties": {"from": {"type": "number"}}},
            ]
        },
        "schemas/base.yaml": {
            "type": "object",
            "properties": {"doc_count": {"type": doc_count}},
            "required": ["doc_count"],
        },
    }


def _write(root: Path, files: dict[str, object]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False))


def _messages(report: Report) -> list[str]:
    return sorted(f"{f.rule}: {f.message}" for f in report.findings)


CHANGED = {
    "response-property-type-narrowed: response property 'HistogramBucket.doc_count': "
    "type narrowed from number to integer",
    "response-property-type-narrowed: response property 'bucket.doc_count': "
    "type narrowed from number to integer",
}


def test_a_copy_in_a_sibling_directory_has_no_findings(tmp_path: Path) -> None:
    _write(tmp_path / "v1", _files())
    shutil.copytree(tmp_path / "v1", tmp_path / "v2")
    report = oasgate.check(
        oasgate.load(str(tmp_path / "v1" / ENTRY), ref_root=str(tmp_path)),
        oasgate.load(str(tmp_path / "v2" / ENTRY), ref_root=str(tmp_path)),
    )
    assert report.findings == ()


def test_a_changed_shared_member_is_no_allof_member_swap(tmp_path: Path) -> None:
    """``MultiBucketBase`` (and ``./base.yaml``) changed in both buckets: the change is
    reported, and no member is "removed" and "added" again."""
    _write(tmp_path / "v1", _files())
    _write(tmp_path / "v2", _files(doc_count="integer"))
    shared = oasgate.check(
        oasgate.load(str(tmp_path / "v1" / ENTRY), ref_root=str(tmp_path)),
        oasgate.load(str(tmp_path / "v2" / ENTRY), ref_root=str(tmp_path)),
    )
    assert set(_messages(shared)) == CHANGED, _messages(shared)
    own_roots = oasgate.check(
        oasgate.load(str(tmp_path / "v1" / ENTRY), ref_root=str(tmp_path / "v1")),
        oasgate.load(str(tmp_path / "v2" / ENTRY), ref_root=str(tmp_path / "v2")),
    )
    assert _messages(shared) == _messages(own_roots)
    # locations keep their real paths
    where = {f.location.file for f in shared.findings if f.location is not None}
    assert where == {
        str(tmp_path / "v2" / "schemas" / "_common.aggregations.yaml"),
        str(tmp_path / "v2" / "schemas" / "base.yaml"),
    }


def test_two_versions_in_one_git_repository(tmp_path: Path) -> None:
    """What a user runs: ``oasgate check api/v1/… api/v2/…`` in a repository, where the
    default reference root (the working tree) holds both sides."""
    git(tmp_path, "init", "-q")
    _write(tmp_path / "api" / "v1", _files())
    _write(tmp_path / "api" / "v2", _files(doc_count="integer"))
    commit_all(tmp_path, "two versions")
    result = run_cli(
        "check", f"api/v1/{ENTRY}", f"api/v2/{ENTRY}", "--format", "json", cwd=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    found = result.json()["findings"]
    assert {f"{f['id']}: {f['message']}" for f in found} == CHANGED
    assert {f["revision"]["file"] for f in found} == {
        "api/v2/schemas/_common.aggregations.yaml",
        "api/v2/schemas/base.yaml",
    }


# -- the property: any layout of the two sides gives the findings of the spec on its own --------

LAYOUTS = st.sampled_from(["", "v1", "v2", "api/v2", "base", "revision/deeper/still"])
CHANGES = st.fixed_dictionaries(
    {
        "doc_count": st.sampled_from(["number", "integer", "string"]),
        "key_format": st.sampled_from([None, "double"]),
    }
)


def _model(files: dict[str, object], folder: str) -> oasgate.SpecModel:
    prefix = f"{folder}/" if folder else ""
    texts = {prefix + name: yaml.safe_dump(data) for name, data in files.items()}
    document = Document(MemoryTree(texts, prefix + ENTRY))
    model = open_model(document)
    document.verify_references()
    return model


def _identities(report: Report) -> Counter[tuple[str, str, str]]:
    return Counter((f.rule, f.fingerprint, f.message) for f in report.findings)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(base_at=LAYOUTS, revision_at=LAYOUTS, base=CHANGES, revision=CHANGES)
def test_the_layout_under_the_root_changes_no_finding(
    base_at: str, revision_at: str, base: dict[str, str], revision: dict[str, str]
) -> None:
    old, new = _files(**base), _files(**revision)
    expected = _identities(oasgate.check(_model(old, ""), _model(new, "")))
    got = _identities(oasgate.check(_model(old, base_at), _model(new, revision_at)))
    assert got == expected
