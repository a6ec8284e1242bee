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

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import oasgate
from oasgate.catalogue import schema_rule_id
from oasgate.catalogue.ids import ASPECT_TYPE_CHANGED, SITE_RESPONSE_BODY
from oasgate.diff.changes import ChangeSet
from oasgate.findings import Finding, Impact, Location, Severity
from oasgate.grouping import group_findings
from oasgate.loading.document import Node
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
    specs mix in. Runs under different ``PYTHONHASHSEED``s write the same bytes. The
    property is the base component's: one finding, at that file, named by it (D101; it
    was one place per spec mixing it in, named by whichever sorted first)."""
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
    assert finding["message"] == "new response property 'app_component_base.bitbucket'"
    assert [(p["base"]["file"], p["revision"]["file"]) for p in finding["locations"]] == [
        ("base/models/app_component_base.yml", "revision/models/app_component_base.yml")
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


# -- 2. the order of the revision -----------------------------------------------------------

_ACTIONS = """droplet_action:
  type: object
  required: [type]
  properties:
    type: {type: string, enum: [enable_backups, reboot, restore, resize, snapshot]}
droplet_action_restore:
  allOf:
  - $ref: '#/droplet_action'
  - type: object
    properties:
      image: {type: integer}
droplet_action_resize:
  allOf:
  - $ref: '#/droplet_action'
  - type: object
    properties:
      size: {type: string}
droplet_action_enable_backups:
  allOf:
  - $ref: '#/droplet_action'
  - type: object
    properties:
      backup_policy: {type: object, properties: {plan: {type: string}}}
droplet_action_snapshot:
  allOf:
  - $ref: '#/droplet_action'
  - type: object
    properties:
      name: {type: string}
"""


def _droplet_actions(variants: list[str]) -> dict[str, str]:
    refs = "".join(f"              - $ref: 'models/droplet_actions.yml#/{v}'\n" for v in variants)
    return {
        "openapi.yaml": (
            "openapi: 3.0.3\n"
            "info: {title: droplets, version: '2.0'}\n"
            "paths:\n"
            "  /v2/droplets/{droplet_id}/actions:\n"
            "    post:\n"
            "      parameters:\n"
            "      - {name: droplet_id, in: path, required: true, schema: {type: integer}}\n"
            "      requestBody:\n"
            "        content:\n"
            "          application/json:\n"
            "            schema:\n"
            "              anyOf:\n" + refs + "      responses:\n"
            "        '201': {description: created}\n"
        ),
        "models/droplet_actions.yml": _ACTIONS,
    }


def test_a_variant_in_a_definitions_file_is_named_by_its_key(tmp_path: Path) -> None:
    """DigitalOcean's droplet actions: variants added to the body's ``anyOf`` are
    ``$ref``s to top-level keys of ``models/droplet_actions.yml``. They are named by that
    key, in whatever order the revision lists the variants."""
    old = ["droplet_action", "droplet_action_restore", "droplet_action_resize"]
    new = ["droplet_action", "droplet_action_enable_backups", *old[1:], "droplet_action_snapshot"]
    found = []
    for order in (new, new[::-1]):
        root = tmp_path / str(len(found))
        _write(root / "base", _droplet_actions(old))
        _write(root / "revision", _droplet_actions(order))
        found.append(_identities(_check(root)))
    assert found[0] == found[1]
    assert sorted(message for _, _, message in found[0]) == [
        "request body (application/json): anyOf variant 'droplet_action_enable_backups' added",
        "request body (application/json): anyOf variant 'droplet_action_snapshot' added",
    ]


def _instance_sizes(deprecated: bool, paths_reversed: bool) -> dict[str, str]:
    operations = [
        (
            "  /v2/apps/tiers/instance_sizes:\n",
            "responses/list_instance.yml",
        ),
        (
            "  /v2/apps/tiers/instance_sizes/{slug}:\n"
            "    parameters:\n"
            "    - {name: slug, in: path, required: true, schema: {type: string}}\n",
            "responses/get_instance.yml",
        ),
    ]
    if paths_reversed:
        operations.reverse()
    paths = "".join(
        f"{path}    get:\n      responses:\n        '200': {{$ref: '{response}'}}\n"
        for path, response in operations
    )
    return {
        "openapi.yaml": ("openapi: 3.0.3\ninfo: {title: apps, version: '2.0'}\npaths:\n" + paths),
        "responses/list_instance.yml": (
            "description: ok\ncontent:\n  application/json:\n"
            "    schema: {$ref: '../models/apps_list_instance_sizes_response.yml'}\n"
        ),
        "responses/get_instance.yml": (
            "description: ok\ncontent:\n  application/json:\n"
            "    schema: {$ref: '../models/apps_get_instance_size_response.yml'}\n"
        ),
        "models/apps_list_instance_sizes_response.yml": (
            "type: object\nproperties:\n"
            "  instance_sizes: {type: array, items: {$ref: apps_instance_size.yml}}\n"
        ),
        "models/apps_get_instance_size_response.yml": (
            "type: object\nproperties:\n  instance_size: {$ref: apps_instance_size.yml}\n"
        ),
        "models/apps_instance_size.yml": (
            "type: object\nproperties:\n"
            "  slug: {type: string}\n"
            "  tier_downgrade_to:\n"
            "    type: string\n" + ("    deprecated: true\n" if deprecated else "")
        ),
    }


def test_a_deprecated_property_of_a_shared_schema_file_is_named_by_the_file(
    tmp_path: Path,
) -> None:
    """DigitalOcean's ``apps_instance_size.yml``, reached as ``instance_sizes[]`` by one
    operation and as ``instance_size`` by the other: the property is named from the schema
    file (as the diff's findings name it), whichever operation the document lists first."""
    found = []
    for paths_reversed in (False, True):
        root = tmp_path / str(paths_reversed)
        _write(root / "base", _instance_sizes(False, False))
        _write(root / "revision", _instance_sizes(True, paths_reversed))
        report = _check(root)
        found.append(_identities(report))
        (finding,) = report.findings
        assert finding.operations == (
            "GET /v2/apps/tiers/instance_sizes",
            "GET /v2/apps/tiers/instance_sizes/{slug}",
        )
    assert found[0] == found[1]
    ((rule, _, message),) = found[0]
    assert rule == "response-property-deprecated-sunset-missing"
    assert message.startswith("response property 'apps_instance_size.tier_downgrade_to' ")


def test_a_shared_response_is_described_alike_whichever_operation_comes_first(
    tmp_path: Path,
) -> None:
    """One response component used as ``201`` by one operation and ``200`` by another:
    a change to its body is one change, and which status its message names does not
    depend on which operation the document lists first (here in the base, which the diff
    walks in document order)."""
    base = yaml.safe_load(
        """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      responses:
        '201': {$ref: '#/components/responses/Thing'}
  /b:
    get:
      responses:
        '200': {$ref: '#/components/responses/Thing'}
components:
  responses:
    Thing:
      description: ok
      content:
        application/json:
          schema: {type: object, properties: {id: {type: string}}}
"""
    )
    revision = json.loads(json.dumps(base))
    revision["components"]["responses"]["Thing"]["content"]["application/json"]["schema"][
        "nullable"
    ] = True
    found = []
    for reverse in (False, True):
        root = tmp_path / str(reverse)
        sides = {}
        for name, tree in (("base", base), ("revision", revision)):
            copy = json.loads(json.dumps(tree))
            if reverse:
                copy["paths"] = dict(reversed(list(copy["paths"].items())))
            sides[name] = yaml.safe_dump(copy, sort_keys=False)
        _write(root / "base", {"openapi.yaml": sides["base"]})
        _write(root / "revision", {"openapi.yaml": sides["revision"]})
        found.append(_identities(_check(root)))
    assert found[0] == found[1]
    assert [message for _, _, message in found[0]] == [
        "response 200 (application/json) became nullable"
    ]


def test_the_same_change_met_twice_keeps_the_details_that_sort_first() -> None:
    """The change set's choice between two descriptions of one change (one node reached by
    two routes) is made by content, not by which route was walked first."""
    node = Node({"type": "string"}, "openapi.yaml", ("components", "schemas", "A"))
    rule = schema_rule_id(SITE_RESPONSE_BODY, ASPECT_TYPE_CHANGED)
    chosen = []
    for order in (("b", "a"), ("a", "b")):
        changes = ChangeSet()
        keys = {changes.emit(rule, node, node, where=w) for w in order}
        (key,) = keys
        chosen.append(changes.changes[key].details)
    assert chosen == [{"where": "a"}, {"where": "a"}]


_LIFECYCLES = {
    "/retiring": "      deprecated: true\n      x-sunset: '2027-01-01'\n",
    "/current": "",
}


def _plans(deprecated: bool, names: list[str]) -> str:
    paths = "".join(
        f"  {name}:\n    get:\n{_LIFECYCLES[name]}      responses:\n"
        "        '200':\n          description: ok\n          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Plan'}\n"
        for name in names
    )
    flag = ", deprecated: true" if deprecated else ""
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        + paths
        + "components:\n  schemas:\n    Plan:\n      type: object\n"
        + f"      properties:\n        legacy: {{type: string{flag}}}\n"
    )


def test_a_shared_schema_is_judged_in_each_operation_s_lifecycle(tmp_path: Path) -> None:
    """A property of a shared schema deprecated without a sunset: the operation that is
    itself deprecated with a sunset lends it that sunset, the stable one does not. What
    the stable operation's clients are told does not depend on which operation the
    document lists first (the walk remembered the schema's verdict in the first one's
    lifecycle and gave it to the second)."""
    found = []
    for names in (list(_LIFECYCLES), list(_LIFECYCLES)[::-1]):
        root = tmp_path / names[0].strip("/")
        _write(root / "base", {"openapi.yaml": _plans(False, names)})
        _write(root / "revision", {"openapi.yaml": _plans(True, names)})
        report = _check(root)
        found.append([(f.rule, f.message, f.operations) for f in report.findings])
    assert found[0] == found[1]
    assert found[0] == [
        (
            "response-property-deprecated-sunset-missing",
            "response property 'Plan.legacy' deprecated today (2026-01-01, no deprecation "
            "date given) without a sunset date",
            ("GET /current",),
        )
    ]


def _retiring(deprecated: bool, names: list[str]) -> str:
    since = {"/old": "2025-12-01", "/older": "2025-11-01"}
    paths = "".join(
        f"  {name}:\n    get:\n"
        + (
            f"      x-lifecycle: {{status: deprecated, deprecated: '{since[name]}', "
            "sunset: '2026-03-01'}\n"
            if deprecated
            else ""
        )
        + "      responses:\n"
        "        '200':\n          description: ok\n          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Plan'}\n"
        for name in names
    )
    flag = ", deprecated: true" if deprecated else ""
    return (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        + paths
        + "components:\n  schemas:\n    Plan:\n      type: object\n"
        + f"      properties:\n        legacy: {{type: string{flag}}}\n"
    )


def test_a_change_met_in_two_lifecycles_is_told_with_the_dates_it_is_known_by(
    tmp_path: Path,
) -> None:
    """A property of a shared schema deprecated along with the two operations that use
    it, each deprecated on another day: one change, known by the deprecation day that
    sorts first, and its message's dates (since, earliest sunset) are that day's, whichever
    operation the document lists first (they were the last operation walked's)."""
    found = []
    for names in (["/old", "/older"], ["/older", "/old"]):
        root = tmp_path / names[0].strip("/")
        _write(root / "base", {"openapi.yaml": _retiring(False, names)})
        _write(root / "revision", {"openapi.yaml": _retiring(True, names)})
        report = _check(root)
        found.append(
            [
                (f.rule, f.fingerprint, f.message)
                for f in report.findings
                if f.rule.startswith("response-property")
            ]
        )
    assert found[0] == found[1]
    ((rule, _, message),) = found[0]
    assert rule == "response-property-sunset-too-soon"
    assert message.startswith("response property 'Plan.legacy' deprecated on 2025-11-01 ")
