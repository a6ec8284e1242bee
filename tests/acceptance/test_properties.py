"""Properties that must hold for *any* document, checked with generated specs and edits.

- the tool never crashes: every outcome is a report or an :class:`OasgateError`, whatever
  the document, the edit, or damage to its text;
- a document compared with itself, or with a copy that only looks different (JSON↔YAML,
  keys shuffled, parameters/enums/required reordered, a schema extracted into a ``$ref``),
  gives no findings;
- an edit the policy seeds call compatible (a new optional parameter, path, operation,
  response property; required→optional on the request side) never gives an error.

Example counts are modest so the default suite stays quick; set ``OASGATE_FUZZ_EXAMPLES``
(e.g. 500) for a thorough run. Documents live in memory (a :class:`MemoryTree`), so no
file is written.
"""

from __future__ import annotations

import copy
import json
import os
import random
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oasgate.engine import check
from oasgate.errors import OasgateError
from oasgate.findings import Report, Severity
from oasgate.loading.document import Document
from oasgate.loading.sources import SourceText
from oasgate.model.spec import SpecModel
from oasgate.model.swagger2 import open_model

EXAMPLES = int(os.environ.get("OASGATE_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class MemoryTree:
    """A :class:`~oasgate.loading.sources.SourceTree` over texts held in memory."""

    def __init__(self, files: dict[str, str], root: str = "openapi.yaml") -> None:
        self._files = files
        self._root = root

    @property
    def root_key(self) -> str:
        return self._root

    def key_for_url(self, url: str) -> str | None:
        return None

    def read(self, key: str) -> SourceText:
        if key not in self._files:
            raise OasgateError("no such file", file=key)
        return SourceText(key, key, self._files[key].encode("utf-8"))


def model_of(text: str) -> SpecModel:
    from oasgate.model.diagnostics import structural_diagnostics

    document = Document(MemoryTree({"openapi.yaml": text}))
    model = open_model(document)
    document.verify_references()
    model.diagnostics.extend(structural_diagnostics(model))
    return model


def compare(base: str, revision: str) -> Report:
    return check(model_of(base), model_of(revision))


# -- generated documents ------------------------------------------------------------------

NAMES = st.sampled_from(["id", "name", "tag", "count", "owner", "kind", "size", "note"])
SCALAR_TYPES = st.sampled_from(["string", "integer", "boolean", "number"])


@st.composite
def scalar_schemas(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(SCALAR_TYPES)
    schema: dict[str, Any] = {"type": kind}
    if kind == "string" and draw(st.booleans()):
        # YAML 1.1 would turn some of these into booleans or dates; 1.2 must not
        values = ["yes", "no", "on", "off", "2024-01-01", "null-ish", "x"]
        schema["enum"] = draw(
            st.lists(st.sampled_from(values), min_size=1, max_size=4, unique=True)
        )
    return schema


@st.composite
def object_schemas(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    properties: dict[str, Any] = {}
    for name in names:
        if depth < 2 and draw(st.integers(0, 4)) == 0:
            properties[name] = draw(object_schemas(depth + 1))
        else:
            properties[name] = draw(scalar_schemas())
    required = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


@st.composite
def operations(draw: st.DrawFn, path_params: list[str]) -> dict[str, Any]:
    parameters = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
        for p in path_params
    ]
    for name in draw(st.lists(NAMES, unique=True, max_size=3)):
        parameters.append(
            {
                "name": f"q_{name}",
                "in": draw(st.sampled_from(["query", "header"])),
                "required": draw(st.booleans()),
                "schema": draw(scalar_schemas()),
            }
        )
    operation: dict[str, Any] = {
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": draw(object_schemas())}},
            }
        }
    }
    if parameters:
        operation["parameters"] = parameters
    if draw(st.booleans()):
        operation["requestBody"] = {
            "required": draw(st.booleans()),
            "content": {"application/json": {"schema": draw(object_schemas())}},
        }
    return operation


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for base in draw(
        st.lists(
            st.sampled_from(["pets", "owners", "toys", "vets"]), min_size=1, max_size=3, unique=True
        )
    ):
        with_id = draw(st.booleans())
        path = f"/{base}/{{{base}Id}}" if with_id else f"/{base}"
        methods = draw(
            st.lists(
                st.sampled_from(["get", "put", "post", "delete"]),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        paths[path] = {m: draw(operations([f"{base}Id"] if with_id else [])) for m in methods}
    return {"openapi": "3.0.3", "info": {"title": "generated", "version": "1"}, "paths": paths}


def as_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2)


# -- equivalent rewrites ------------------------------------------------------------------


def shuffled(value: Any, rng: random.Random) -> Any:
    """Every mapping's keys, every parameter list, enum and required list reordered."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        result = {}
        for key, item in items:
            item = shuffled(item, rng)
            if key in ("enum", "required", "parameters") and isinstance(item, list):
                item = list(item)
                rng.shuffle(item)
            result[key] = item
        return result
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


def extracted(data: dict[str, Any]) -> dict[str, Any]:
    """Every response schema moved into ``components/schemas`` behind a ``$ref``."""
    data = copy.deepcopy(data)
    schemas: dict[str, Any] = {}
    for path_item in data["paths"].values():
        for operation in path_item.values():
            media = operation["responses"]["200"]["content"]["application/json"]
            name = f"Schema{len(schemas)}"
            schemas[name] = media["schema"]
            media["schema"] = {"$ref": f"#/components/schemas/{name}"}
    data["components"] = {"schemas": schemas}
    return data


@FUZZ
@given(documents(), st.randoms(use_true_random=False))
def test_a_document_against_itself_and_equivalent_copies_has_no_findings(
    data: dict[str, Any], rng: random.Random
) -> None:
    text = as_yaml(data)
    assert compare(text, text).findings == ()
    assert compare(text, as_json(data)).findings == ()
    assert compare(as_json(data), as_yaml(shuffled(data, rng))).findings == ()
    assert compare(text, as_yaml(extracted(data))).findings == ()
    assert compare(as_json(extracted(data)), text).findings == ()


# -- allowed edits ------------------------------------------------------------------------


def _operations_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in data["paths"].values() for op in item.values()]


def add_optional_parameter(data: dict[str, Any], rng: random.Random) -> None:
    operation = rng.choice(_operations_of(data))
    operation.setdefault("parameters", []).append(
        {"name": "brand_new", "in": "query", "required": False, "schema": {"type": "string"}}
    )


def add_path(data: dict[str, Any], rng: random.Random) -> None:
    data["paths"]["/brand-new"] = {"get": {"responses": {"200": {"description": "ok"}}}}


def add_operation(data: dict[str, Any], rng: random.Random) -> None:
    for item in data["paths"].values():
        free = [m for m in ("get", "put", "post", "delete", "patch") if m not in item]
        if free:
            item[rng.choice(free)] = {"responses": {"204": {"description": "done"}}}
            return


def add_response_property(data: dict[str, Any], rng: random.Random) -> None:
    with_body = [op for op in _operations_of(data) if "content" in op["responses"].get("200", {})]
    if with_body:
        operation = rng.choice(with_body)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        schema["properties"]["brand_new"] = {"type": "string"}


def add_optional_request_property(data: dict[str, Any], rng: random.Random) -> None:
    for operation in _operations_of(data):
        if "requestBody" in operation:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            schema["properties"]["brand_new"] = {"type": "string"}
            return


def required_to_optional_on_request(data: dict[str, Any], rng: random.Random) -> None:
    for operation in _operations_of(data):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "path" and parameter["required"]:
                parameter["required"] = False
                return
        body = operation.get("requestBody")
        if body is not None:
            body["content"]["application/json"]["schema"].pop("required", None)
            body["required"] = False
            return


ALLOWED_EDITS = [
    add_optional_parameter,
    add_path,
    add_operation,
    add_response_property,
    add_optional_request_property,
    required_to_optional_on_request,
]


@FUZZ
@given(
    documents(),
    st.lists(st.sampled_from(ALLOWED_EDITS), min_size=1, max_size=3),
    st.randoms(use_true_random=False),
)
def test_allowed_edits_never_give_an_error(
    data: dict[str, Any], edits: list[Any], rng: random.Random
) -> None:
    revision = copy.deepcopy(data)
    for edit in edits:
        edit(revision, rng)
    report = compare(as_yaml(data), as_yaml(shuffled(revision, rng)))
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    assert errors == [], [f"{f.rule}: {f.message}" for f in errors]
    assert not report.failed


# -- never a crash ------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.text(max_size=8),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.just({"$ref": "#/components/schemas/Nope"}),
    st.just({"$ref": "../outside.yaml"}),
    st.just({"$ref": "#/paths"}),
)


def _all_slots(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    slots = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            slots += _all_slots(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            slots += _all_slots(item, (*path, index))
    return slots


def damaged(data: dict[str, Any], rng: random.Random, junk: list[Any]) -> dict[str, Any]:
    """Some nodes replaced by junk or deleted: anything a careless edit could do."""
    data = copy.deepcopy(data)
    for value in junk:
        slots = [s for s in _all_slots(data) if s]
        if not slots:
            break
        *parent_path, last = rng.choice(slots)
        parent: Any = data
        for token in parent_path:
            parent = parent[token]
        if rng.random() < 0.3 and isinstance(parent, dict):
            del parent[last]
        else:
            parent[last] = copy.deepcopy(value)  # the same junk twice must not make a cycle
    return data


def _outcome(base: str, revision: str) -> Report | OasgateError:
    try:
        return compare(base, revision)
    except OasgateError as error:
        assert str(error)  # a message to show
        return error


@FUZZ
@given(documents(), st.lists(JUNK, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_damaged_documents_give_a_report_or_a_clear_error(
    data: dict[str, Any], junk: list[Any], rng: random.Random
) -> None:
    broken = damaged(data, rng, junk)
    text = json.dumps(broken, default=str)
    _outcome(as_yaml(data), text)
    _outcome(text, as_yaml(data))


@FUZZ
@given(documents(), st.lists(st.tuples(st.integers(0, 10_000), st.text(max_size=3)), max_size=4))
def test_damaged_text_gives_a_report_or_a_clear_error(
    data: dict[str, Any], cuts: list[tuple[int, str]]
) -> None:
    text = as_yaml(data)
    for position, insert in cuts:
        position %= len(text) + 1
        text = text[:position] + insert + text[position + 1 :]
    outcome = _outcome(as_yaml(data), text)
    if isinstance(outcome, OasgateError) and outcome.line is not None:
        assert outcome.line >= 1


@settings(max_examples=min(EXAMPLES, 5), deadline=None, database=None)
@given(documents(), st.sampled_from([as_yaml, as_json]))
def test_the_generators_make_valid_documents(data: dict[str, Any], render: Any) -> None:
    from oasgate.model.validation import schema_diagnostics

    model = model_of(render(data))
    assert model.diagnostics == []
    assert schema_diagnostics(model) == []
