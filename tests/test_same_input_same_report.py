"""A report is a function of its inputs: not of the process's hash seed, nor of the order
in which the documents list order-free things.

The shapes come from DigitalOcean's multi-file spec (``resources/apps/models``,
``resources/droplets``):

- four app component specs (``app_service_spec.yml``, ``app_worker_spec.yml``...) each
  ``allOf`` the shared ``app_component_base.yml``, which gains a property: one grouped
  finding with a place per component spec. The places differ only on the base side, and
  they were ordered by their revision side alone, so which component came first after the
  first was the order of a ``set`` of locations (string hashing is randomised per process);
- a request body ``anyOf`` of ``$ref``s to top-level keys of a definitions file
  (``models/droplet_actions.yml#/droplet_action_enable_backups``): an added variant was
  called by its position (``anyOf variant #1 added``), so reordering the variants renamed
  it and changed its fingerprint;
- a deprecated property of a schema file (``apps_instance_size.yml``) reached from two
  operations through differently named properties (``instance_sizes[]``, ``instance_size``):
  the message and fingerprint named the path of whichever operation was walked first.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import oasgate
from oasgate.findings import Finding, Impact, Location, Severity
from oasgate.grouping import group_findings
from tests.conftest import run_cli

TODAY = "2026-01-01"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _identities(report: oasgate.Report) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.fingerprint, f.message) for f in report.findings)


def _check(root: Path) -> oasgate.Report:
    base, revision = root / "base" / "openapi.yaml", root / "revision" / "openapi.yaml"
    return oasgate.check(
        oasgate.load(str(base), ref_root=str(base.parent)),
        oasgate.load(str(revision), ref_root=str(revision.parent)),
        today=TODAY,
    )


# -- 1. the hash seed ---------------------------------------------------------------------

_COMPONENTS = ("service", "static_site", "job", "worker")


def _apps(side: str) -> dict[str, str]:
    files = {
        "openapi.yaml": (
            "openapi: 3.0.3\n"
            "info: {title: apps, version: '2.0'}\n"
            "paths:\n"
            "  /v2/apps:\n"
            "    get:\n"
            "      responses:\n"
            "        '200':\n"
            "          description: ok\n"
            "          content:\n"
            "            application/json:\n"
            "              schema: {$ref: 'models/app_spec.yml'}\n"
        ),
        "models/app_spec.yml": "type: object\nproperties:\n"
        + "".join(
            f"  {kind}s: {{type: array, items: {{$ref: app_{kind}_spec.yml}}}}\n"
            for kind in _COMPONENTS
        ),
        "models/app_component_base.yml": (
            "type: object\nproperties:\n  name: {type: string}\n"
            + (
                "  bitbucket: {type: object, properties: {repo: {type: string}}}\n"
                if side == "revision"
                else ""
            )
        ),
    }
    for kind in _COMPONENTS:
        files[f"models/app_{kind}_spec.yml"] = (
            "allOf:\n"
            "- $ref: app_component_base.yml\n"
            "- type: object\n"
            f"  properties:\n    {kind}_only: {{type: string}}\n"
        )
    return files


def test_the_json_report_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """DigitalOcean: ``bitbucket`` added to ``app_component_base.yml``, which four component
    specs mix in. Runs under different ``PYTHONHASHSEED``s write the same bytes, and the
    places are in file order after the one that speaks for the group."""
    _write(tmp_path / "base", _apps("base"))
    _write(tmp_path / "revision", _apps("revision"))
    outputs = set()
    for seed in ("1", "2", "3", "6"):  # 1, 2, 3 and 6 ordered the places three ways
        result = run_cli(
            "check",
            "base/openapi.yaml",
            "revision/openapi.yaml",
            "--today",
            TODAY,
            "--format",
            "json",
            cwd=tmp_path,
            env={"PYTHONHASHSEED": seed},
        )
        assert result.exit_code == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1, "the JSON report changed with the hash seed"
    (finding,) = json.loads(outputs.pop())["findings"]
    assert finding["message"] == "new response property 'app_job_spec.bitbucket'"
    assert [place["base"]["file"] for place in finding["locations"]] == [
        "base/models/app_job_spec.yml",
        "base/models/app_service_spec.yml",
        "base/models/app_static_site_spec.yml",
        "base/models/app_worker_spec.yml",
    ]
    assert finding["base"] == finding["locations"][0]["base"]


def _finding(base_file: str, message: str = "new response property 'x.bitbucket'") -> Finding:
    return Finding(
        rule="response-property-added",
        severity=Severity.INFO,
        classification=Impact.COMPATIBLE,
        message=message,
        operations=("GET /v2/apps",),
        status="stable",
        base=Location(base_file, "", 1, 1),
        revision=Location("revision/app_component_base.yml", "/properties/bitbucket", 21, 3),
        fingerprint="c1fc83b0dfc58241af7b",
    )


@settings(max_examples=50, deadline=None)
@given(
    files=st.lists(
        st.text("abcdefgh_/.", min_size=1, max_size=12), min_size=2, max_size=6, unique=True
    ),
    seed=st.integers(0, 2**16),
)
def test_a_group_orders_its_places_by_both_sides(files: list[str], seed: int) -> None:
    """Places that share their revision node are ordered by their base node too: the
    merged finding is the same whatever order its members come in."""
    members = [_finding(name) for name in files]
    shuffled = list(members)
    random.Random(seed).shuffle(shuffled)
    (merged,) = group_findings(members)
    (again,) = group_findings(shuffled)
    assert merged == again
    assert [place.base.file for place in merged.all_places if place.base] == sorted(files)
