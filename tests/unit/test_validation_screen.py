"""Full validation screened by jsonschema-rs reports exactly what the pure-Python path
reports (docs/decisions.md D67, D68).

Each broken document is validated twice in-process: ``screen=False`` is the path every
release used before (openapi-spec-validator with Python ``jsonschema`` throughout), and
``screen=True`` is the fast one. Every problem of the first must be in the second, with the
same message, file and line; and the valid documents must take the fast path for real.
"""

from __future__ import annotations

import string
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oasgate.model.validation as validation
from oasgate.model.meta_schema import (
    STAND_IN,
    pruned_document,
    rust_validators,
    screen_document,
)
from oasgate.model.validation import schema_diagnostics, validate_spec
from tests.document_edits import break_at, locations

pytestmark = pytest.mark.skipif(rust_validators() is None, reason="jsonschema-rs not installed")

HEAD_30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
HEAD_31 = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
HEAD_32 = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\n"
OK = "responses: {'200': {description: ok}}"


def _paths(*schemas: str) -> str:
    """Paths whose GET responses carry the given schemas (flow YAML), one path each."""
    return "paths:\n" + "".join(
        f"  /p{i}:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        f"          content: {{application/json: {{schema: {schema}}}}}\n"
        for i, schema in enumerate(schemas)
    )


#: Broken documents (name -> text). Each must have at least one schema problem.
BROKEN: dict[str, str] = {
    "3.0 unknown type": HEAD_30 + _paths("{type: objekt}"),
    "3.0 tags not a list": HEAD_30 + "tags: {a: 1}\n" + _paths("{type: string}"),
    "3.0 upper-case method": HEAD_30 + f"paths:\n  /a:\n    GET: {{{OK}}}\n",
    "3.0 default of the wrong type": HEAD_30 + _paths("{type: integer, default: x}"),
    "3.0 default against its pattern": HEAD_30
    + _paths("{type: string, pattern: '^a+$', default: b}"),
    "3.0 default outside its enum": HEAD_30 + _paths("{type: string, enum: [a, b], default: c}"),
    "3.0 null default, not nullable": HEAD_30 + _paths("{type: string, default: null}"),
    "3.0 required not defined by allOf": HEAD_30
    + "paths: {}\ncomponents:\n  schemas:\n    A:\n      allOf: [{type: object, properties: {a: {}}}]\n"
    "      required: [a, b]\n",
    "3.0 required defined only beside allOf": HEAD_30
    + "paths: {}\ncomponents:\n  schemas:\n    A:\n      allOf: [{type: object}]\n"
    "      oneOf: [{properties: {b: {}}}]\n      required: [b]\n",
    "3.0 a cycle through allOf": HEAD_30
    + "paths: {}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n"
    "    B: {type: object, items: {$ref: '#/components/schemas/A'}}\n",
    "3.0 duplicate tag names": HEAD_30 + "tags: [{name: a}, {name: a}]\npaths: {}\n",
    "3.0 invalid regex": HEAD_30 + _paths("{type: string, pattern: '('}"),
    "3.0 default beside a reference": HEAD_30
    + _paths("{type: object, properties: {a: {$ref: '#/components/schemas/S'}}, default: {a: 1}}")
    + "components:\n  schemas:\n    S: {type: string}\n",
    "3.0 errors in two of many paths": HEAD_30
    + _paths(
        *(
            ["{type: string}"] * 5
            + ["{type: objekt}"]
            + ["{type: string}"] * 5
            + ["{minLength: -1}"]
        )
    ),
    "3.0 error in a component response": HEAD_30
    + "paths: {}\ncomponents:\n  responses:\n    R: {content: {}}\n"
    "  schemas:\n    A: {type: string}\n    B: {type: objekt}\n",
    "3.0 nested default": HEAD_30
    + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n"
    "      properties: {n: {type: integer, maximum: 3, default: 4}}\n",
    "3.0 parameter default": HEAD_30
    + "paths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, schema: {type: integer, default: no}}]\n"
    f"      {OK}\n",
    "3.0 a property named $ref": HEAD_30
    + _paths("{type: object, properties: {$ref: {type: string, default: 1}}}"),
    "3.0 parameter reference to a schema": HEAD_30
    + "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/schemas/S'}]\n"
    f"      {OK}\ncomponents:\n  schemas:\n    S: {{type: string}}\n",
    "3.0 reference that does not resolve": HEAD_30 + _paths("{$ref: '#/components/schemas/Nope'}"),
    "3.1 unknown type": HEAD_31 + _paths("{type: objekt}"),
    "3.1 negative length": HEAD_31 + _paths("{type: string, minLength: -1}"),
    "3.1 default of the wrong type": HEAD_31 + _paths("{type: [integer, 'null'], default: x}"),
    "3.1 unknown dialect": HEAD_31 + _paths("{$schema: 'https://example.com/nope', type: string}"),
    "3.1 dialect of the document": HEAD_31
    + "jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema'\n"
    + _paths("{type: string, minLength: x}"),
    "3.1 webhook without responses": HEAD_31
    + "webhooks:\n  w:\n    post: {responses: {'200': {description: ok, content: 3}}}\n",
    "3.1 schema with its own $id": HEAD_31
    + _paths(
        "{$id: 'https://example.com/s', type: object, properties: {a: {type: integer, default: x}}}"
    ),
    "3.2 unknown parent tag": HEAD_32 + "tags: [{name: a, parent: b}]\npaths: {}\n",
    "3.1 component names the pattern refuses": HEAD_31
    + _paths("{$ref: '#/components/schemas/A'}")
    + "components:\n  schemas:\n    A: {type: string}\n    'b c': {type: integer}\n"
    "    D: {type: objekt}\n  parameters:\n    'p q': {name: q, in: query}\n"
    "    R: {name: r, in: query, schema: {type: string}}\n    S: {name: s}\n",
    "3.1 a path the pattern refuses beside valid ones": HEAD_31
    + _paths("{type: string}", "{type: integer}")
    + "  nope: {}\n",
    "2.0 parameter default": "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n"
    "    get:\n      parameters: [{name: q, in: query, type: integer, default: x}]\n"
    f"      {OK}\n",
    "2.0 wrong field": "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n"
    "    get:\n      responses: {'200': {description: ok, schema: {type: objekt}}}\n",
    "YAML integer response keys": HEAD_30
    + "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok, content: {a/b: {schema: {type: objekt}}}}\n",
}

#: Valid documents that exercise what the screen must prove harmless.
VALID: dict[str, str] = {
    "3.0 defaults, nullable, allOf": HEAD_30
    + _paths(
        "{type: integer, default: 3, minimum: 1}",
        "{type: string, nullable: true, default: null}",
        "{allOf: [{$ref: '#/components/schemas/A'}], required: [a]}",
        "{type: string, pattern: '^a+$', default: aaa}",
    )
    + "tags: [{name: a}, {name: b}]\n"
    "components:\n  schemas:\n    A: {type: object, properties: {a: {type: string, default: x}}}\n",
    "3.1 defaults": HEAD_31
    + _paths("{type: [string, 'null'], default: null}", "{$ref: '#/components/schemas/A'}")
    + "components:\n  schemas:\n    A: {type: object, properties: {a: {const: 1, default: 1}}}\n",
    "2.0 defaults": "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n"
    "    get:\n      parameters: [{name: q, in: query, type: integer, default: 3}]\n"
    f"      {OK}\n",
}


def _both(tmp_path: Path, text: str, name: str = "spec.yaml") -> tuple[list[Any], list[Any]]:
    spec = tmp_path / name
    spec.write_text(text)
    model, _ = validate_spec(str(spec), schema=False)
    return schema_diagnostics(model, screen=False), schema_diagnostics(model, screen=True)


def _shown(diagnostics: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (d.code, d.message, d.location.file, d.location.line, d.location.pointer)
        for d in diagnostics
    ]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_screened_validation_reports_what_the_python_one_does(
    name: str, tmp_path: Path
) -> None:
    python, screened = _both(tmp_path, BROKEN[name])
    assert python, f"{name}: not broken for openapi-spec-validator"
    assert _shown(screened) == _shown(python)


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_valid_document_takes_the_fast_path(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, _ = _both(tmp_path, VALID[name])
    assert python == []

    def library(*args: Any) -> Any:
        raise AssertionError("openapi-spec-validator's walk ran")

    monkeypatch.setattr(validation, "_library_parts", library)
    model, _ = validate_spec(str(tmp_path / "spec.yaml"), schema=False)
    assert schema_diagnostics(model, screen=True) == []


def test_a_reference_into_another_file_leaves_it_to_the_library(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("S: {type: integer, default: x}\n")
    python, screened = _both(tmp_path, HEAD_30 + _paths("{$ref: 's.yaml#/S'}"))
    assert [d.message for d in python] == ["default value: 'x' is not of type 'integer'"]
    assert _shown(screened) == _shown(python)


def test_without_jsonschema_rs_validation_falls_back_to_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, _ = _both(tmp_path, BROKEN["3.0 unknown type"])
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # import fails: no wheel
    assert rust_validators() is None
    spec = tmp_path / "again.yaml"
    spec.write_text(BROKEN["3.0 unknown type"])
    _, problems = validate_spec(str(spec))
    assert [p.message for p in problems] == [d.message for d in python]
    assert [p.location.line for p in problems] == [d.location.line for d in python]


def test_only_the_entries_with_errors_go_to_the_python_pass() -> None:
    document = {
        "openapi": "3.0.3",
        "info": {},
        "paths": {"/a": 1, "/b": 2, "/c": 3},
        "components": {"schemas": {"A": 1, "B": 2}, "responses": {"R": 1}},
    }
    pruned = pruned_document(document, [("paths", "/b", "get"), ("components", "schemas", "B")])
    assert pruned == {
        "openapi": "3.0.3",
        "info": {},
        "paths": {"/b": 2},
        "components": {"schemas": {"B": 2}},
    }
    # an error about the document itself, or about a whole container, keeps it whole
    assert pruned_document(document, [()]) is document
    assert pruned_document(document, [("paths",)])["paths"] == document["paths"]
    # or keeps its keys, the entries without errors standing in as references
    stand_ins: list[tuple[Any, ...]] = []
    pruned = pruned_document(document, [("paths",), ("paths", "/c")], stand_ins)
    assert pruned["paths"] == {"/a": STAND_IN, "/b": STAND_IN, "/c": 3}
    assert stand_ins == [("paths",)]


def test_the_rust_engine_refuses_lookaround_instead_of_backtracking() -> None:
    # jsonschema-rs's default engine backtracks on lookaround; the screen compiles its
    # meta-schemas with the linear `regex` engine, which refuses such a pattern outright
    rust = rust_validators()
    meta = {"type": "object", "patternProperties": {"^(?=a)(a+)+$": {"type": "integer"}}}
    assert screen_document(rust, meta, {"a" * 40 + "!": "x"}) is None  # Python decides


def test_the_dialect_table_matches_the_library() -> None:
    import openapi_schema_validator
    from openapi_spec_validator import schemas
    from openapi_spec_validator.validation import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    from oasgate.model.semantic_screen import DIALECTS, library_schema

    library = {
        "2.0": (OpenAPIV2SpecValidator, schemas.schema_v2),
        "3.0": (OpenAPIV30SpecValidator, schemas.schema_v30),
        "3.1": (OpenAPIV31SpecValidator, schemas.schema_v31),
        "3.2": (OpenAPIV32SpecValidator, schemas.schema_v32),
    }
    for version, (validator, meta_schema) in library.items():
        dialect = DIALECTS[version]
        assert library_schema(dialect) == dict(meta_schema)
        value = validator.keyword_validators["default"]
        assert value.value_validator_cls is getattr(
            openapi_schema_validator, dialect.value_validator
        )
        assert value.value_validator_format_checker is getattr(
            openapi_schema_validator, dialect.format_checker
        )
        keyword = validator.keyword_validators["schema"]
        if dialect.schema_dialect is None:
            assert keyword.schema_validator_cls is value.value_validator_cls
        else:
            assert keyword.default_jsonschema_dialect_id == getattr(
                openapi_schema_validator, dialect.schema_dialect
            )
            assert keyword.schema_validator_format_checker is value.value_validator_format_checker


# -- random breakage ---------------------------------------------------------------------------

BASE_DOCUMENT: dict[str, Any] = yaml.safe_load(
    textwrap.dedent(
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        tags: [{name: a}]
        paths:
          /a/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            get:
              operationId: getA
              parameters: [{name: q, in: query, schema: {type: integer, default: 1, maximum: 5}}]
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/A'}
        components:
          schemas:
            A:
              type: object
              required: [a]
              allOf: [{properties: {a: {type: string, enum: [x, y], default: x}}}]
              properties:
                b: {type: array, items: {type: string, pattern: '^[a-z]+$', default: abc}}
                c: {type: string, nullable: true, default: null, format: date}
        """
    )
)

BAD_VALUES = st.sampled_from(
    [None, 3, -1, "x", "objekt", "(", [], {}, [1, 1], {"type": "objekt"}, {"$ref": "#/nope"}, True]
)


LOCATIONS = [path for path in locations(BASE_DOCUMENT) if path[0] != "openapi"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(LOCATIONS), BAD_VALUES, st.sampled_from(string.ascii_lowercase)),
        min_size=1,
        max_size=3,
    )
)
def test_random_breakage_is_reported_alike(
    edits: list[tuple[tuple[Any, ...], Any, str]], tmp_path: Path
) -> None:
    import copy

    document = copy.deepcopy(BASE_DOCUMENT)
    for path, bad, key in edits:
        break_at(document, path, bad, key)
    python, screened = _both(tmp_path, yaml.safe_dump(document, sort_keys=False))
    assert _shown(screened) == _shown(python)
