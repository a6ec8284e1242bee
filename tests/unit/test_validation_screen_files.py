"""Full validation of documents spread over several files, screened and unscreened, reports
the same (docs/decisions.md D92); a valid one never reaches openapi-spec-validator's walk.

As in ``test_validation_screen.py``, each document is validated twice in-process:
``screen=False`` is openapi-spec-validator all in Python, ``screen=True`` the fast path.
Here the problems sit in the files the root document refers to, where the screen follows
each ``$ref`` from the file it is written in, as the library's resolver does.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oasgate.model.validation as validation
from oasgate.model.meta_schema import rust_validators
from oasgate.model.validation import schema_diagnostics, validate_spec
from tests.document_edits import break_at, locations

pytestmark = pytest.mark.skipif(rust_validators() is None, reason="jsonschema-rs not installed")

#: A valid document over five files: path items, parameters and schemas elsewhere, a
#: relative reference from a subdirectory back up, a local reference inside another file, a
#: ``default`` beside a ``$ref`` into another file, ``required`` met through an ``allOf``
#: in another file.
VALID: dict[str, str] = {
    "openapi.yaml": """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        tags: [{name: a}, {name: b}]
        paths:
          /a/{id}: {$ref: 'paths/a.yaml'}
          /b:
            get:
              parameters: [{$ref: 'parameters.yaml#/Limit'}]
              responses:
                '200':
                  description: ok
                  content:
                    application/json: {schema: {$ref: 'schemas/pet.yaml'}}
        components:
          schemas:
            Pet: {$ref: 'schemas/pet.yaml'}
            Named: {$ref: 'schemas/pet.yaml#/definitions/Named'}
        """,
    "paths/a.yaml": """\
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        get:
          operationId: getA
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      pet: {$ref: '../schemas/pet.yaml'}
                      kind: {type: string, enum: [x, y], default: x}
        """,
    "parameters.yaml": """\
        Limit:
          name: limit
          in: query
          schema: {$ref: 'schemas/limit.yaml'}
        """,
    "schemas/limit.yaml": """\
        type: integer
        minimum: 1
        default: 10
        """,
    "schemas/pet.yaml": """\
        type: object
        required: [name, size]
        allOf: [{$ref: '#/definitions/Named'}]
        properties:
          size: {$ref: 'limit.yaml'}
          tag: {type: string, pattern: '^[a-z]+$', default: abc}
          owner:
            type: object
            properties: {limit: {$ref: 'limit.yaml'}}
            default: {limit: 3}
        definitions:
          Named:
            type: object
            properties: {name: {type: string, nullable: true, default: null}}
        """,
}


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder / "openapi.yaml"


def _both(folder: Path, files: dict[str, str]) -> tuple[list[Any], list[Any]]:
    model, _ = validate_spec(str(_write(folder, files)), schema=False)
    return schema_diagnostics(model, screen=False), schema_diagnostics(model, screen=True)


def _shown(diagnostics: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (d.code, d.message, d.location.file, d.location.line, d.location.pointer)
        for d in diagnostics
    ]


def _no_library_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def library(*args: Any) -> Any:
        raise AssertionError("openapi-spec-validator's walk ran")

    monkeypatch.setattr(validation, "_library_parts", library)


def test_a_valid_multi_file_document_never_reaches_the_library_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, screened = _both(tmp_path, VALID)
    assert python == [] and screened == []
    _no_library_walk(monkeypatch)
    model, problems = validate_spec(str(tmp_path / "openapi.yaml"))
    assert problems == []
    assert schema_diagnostics(model, screen=True) == []


def _edited(name: str, old: str, new: str, **extra: str) -> dict[str, str]:
    files = dict(VALID)
    text = textwrap.dedent(files[name])
    assert old in text, (name, old)
    files[name] = text.replace(old, new, 1)
    files.update(extra)
    return files


#: Each check openapi-spec-validator keeps (D68), broken in a file the root refers to; and
#: what its resolver stumbles on in such a file.
BROKEN: dict[str, dict[str, str]] = {
    "schema against its meta-schema": _edited("schemas/limit.yaml", "integer", "integr"),
    "regex that does not compile": _edited("schemas/pet.yaml", "'^[a-z]+$'", "'('"),
    "required not defined by the allOf": _edited(
        "openapi.yaml",
        "    Pet:",
        "    Extra: {$ref: 'schemas/extra.yaml'}\n    Pet:",
        **{"schemas/extra.yaml": "allOf: [{$ref: 'pet.yaml'}]\nrequired: [name, age]\n"},
    ),
    "default its schema rejects": _edited("schemas/limit.yaml", "default: 10", "default: 0"),
    "default rejected through a reference": _edited(
        "schemas/pet.yaml", "default: {limit: 3}", "default: {limit: x}"
    ),
    "default in an operation's schema": _edited("paths/a.yaml", "default: x", "default: z"),
    "null default, not nullable": _edited("schemas/pet.yaml", "nullable: true", "nullable: false"),
    "schema that is not an object": _edited(
        "schemas/pet.yaml", "size: {$ref: 'limit.yaml'}", "size: {$ref: 'limit.yaml#/minimum'}"
    ),
    "duplicate tag names": _edited("openapi.yaml", "{name: b}", "{name: a}"),
    "tag from another file": _edited(
        "openapi.yaml", "{name: b}", "{$ref: 'tags.yaml'}", **{"tags.yaml": "name: a\n"}
    ),
    "parameter that is not one": _edited(
        "openapi.yaml", "parameters.yaml#/Limit", "parameters.yaml#/Limit/schema"
    ),
    "file that does not exist": _edited("paths/a.yaml", "../schemas/pet.yaml", "../nope.yaml"),
    "pointer to nothing": _edited("paths/a.yaml", "../schemas/pet.yaml", "../schemas/pet.yaml#/x"),
    "anchor": _edited("paths/a.yaml", "../schemas/pet.yaml", "../schemas/pet.yaml#Named"),
    "subresource that is not a schema": _edited(
        "paths/a.yaml", "parameters:", "properties: {a: text}\nparameters:"
    ),
    "pointer through a subresource": _edited(
        "schemas/pet.yaml", "'#/definitions/Named'", "'#/properties/tag/pattern'"
    ),
    "path template with a stray brace": _edited("openapi.yaml", "/b:", "/b/{c:"),
    "items that are not a list": _edited(
        "schemas/pet.yaml", "allOf: [{$ref: '#/definitions/Named'}]", "allOf: {a: 1}"
    ),
    "properties that are not a mapping": _edited(
        "schemas/limit.yaml", "minimum: 1", "minimum: 1\nproperties: [a]"
    ),
}


#: What the screen leaves to the library without a problem to show for it.
DOUBTFUL: dict[str, dict[str, str]] = {
    "base changed by $id": _edited(
        "schemas/pet.yaml", "type: object\nrequired", "$id: 'x/y.yaml'\ntype: object\nrequired"
    ),
    "required met only where it is not checked": _edited(
        "schemas/pet.yaml", "required: [name, size]", "required: [name, size, age]"
    ),
    "a subresource the resolver never crawls": _edited(
        "parameters.yaml", "Limit:", "Other: {properties: {a: text}}\nLimit:"
    ),
    "nested $id": _edited(
        "schemas/pet.yaml",
        "type: object\n    properties",
        "$id: 'x/'\n    type: object\n    properties",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_problem_in_a_referenced_file_is_reported_alike(name: str, tmp_path: Path) -> None:
    python, screened = _both(tmp_path, BROKEN[name])
    assert python, f"{name}: not broken for openapi-spec-validator"
    assert _shown(screened) == _shown(python)


@pytest.mark.parametrize("name", sorted(DOUBTFUL))
def test_what_the_screen_cannot_follow_is_left_to_the_library(name: str, tmp_path: Path) -> None:
    python, screened = _both(tmp_path, DOUBTFUL[name])
    assert _shown(screened) == _shown(python)


def test_an_invalid_document_whose_walk_adds_nothing_skips_the_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the OpenAPI schema rejects the document, the walk has nothing to add
    files = _edited("openapi.yaml", "{title: t, version: '1'}", "{title: t}")
    python, screened = _both(tmp_path, files)
    assert [d.message for d in python] == ["'version' is a required property"]
    assert _shown(screened) == _shown(python)
    _no_library_walk(monkeypatch)
    model, _ = validate_spec(str(tmp_path / "openapi.yaml"), schema=False)
    assert _shown(schema_diagnostics(model, screen=True)) == _shown(python)


#: Documents whose only problems the walk would report are ``default`` values their schemas
#: reject: the screen gathers those errors itself, with the library's value validator.
DEFAULTS_ONLY: dict[str, dict[str, str]] = {
    "in two referenced files": _edited(
        "schemas/limit.yaml",
        "default: 10",
        "default: 0",
        **{"schemas/pet.yaml": textwrap.dedent(VALID["schemas/pet.yaml"]).replace("abc", "A")},
    ),
    "through a reference into another file": _edited(
        "schemas/pet.yaml", "default: {limit: 3}", "default: {limit: -2}"
    ),
    "in an invalid document": _edited(
        "openapi.yaml",
        "{title: t, version: '1'}",
        "{title: t}",
        **{"schemas/limit.yaml": "type: integer\nminimum: 1\ndefault: [x]\n"},
    ),
    "2.0, a parameter's and a schema's": {
        "openapi.yaml": """\
            swagger: '2.0'
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  parameters:
                  - {name: q, in: query, type: integer, default: x}
                  - {$ref: '#/parameters/P'}
                  responses:
                    '200':
                      description: ok
                      schema: {type: object, properties: {a: {$ref: 'defs.yaml#/A'}}}
            parameters:
              P: {name: p, in: body, schema: {type: array, items: {type: string}, default: [1]}}
            """,
        "defs.yaml": "A: {type: string, default: 3}\n",
    },
    "3.1, a default that fits no branch": {
        "openapi.yaml": """\
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                query:
                  responses: {'200': {description: ok}}
                get:
                  parameters:
                  - name: q
                    in: query
                    schema:
                      anyOf: [{type: integer, minimum: 5}, {type: string, format: date}]
                      default: nope
                  responses: {'200': {description: ok}}
            webhooks:
              w: {post: {responses: {'200': {description: ok}}}}
            components:
              schemas:
                S: {$ref: 's.yaml'}
            """,
        "s.yaml": "type: object\nproperties: {n: {type: [integer, 'null'], default: 1.5}}\n",
    },
}


@pytest.mark.parametrize("name", sorted(DEFAULTS_ONLY))
def test_rejected_defaults_are_reported_without_the_library_walk(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, screened = _both(tmp_path, DEFAULTS_ONLY[name])
    assert any(d.message.startswith("default value: ") for d in python), name
    assert _shown(screened) == _shown(python)
    _no_library_walk(monkeypatch)
    model, _ = validate_spec(str(tmp_path / "openapi.yaml"), schema=False)
    assert _shown(schema_diagnostics(model, screen=True)) == _shown(python)


# -- random breakage -------------------------------------------------------------------------

DOCUMENTS = {name: yaml.safe_load(textwrap.dedent(text)) for name, text in VALID.items()}


LOCATIONS = [
    (name, path)
    for name, data in DOCUMENTS.items()
    for path in locations(data)
    if path[0] != "openapi"
]
BAD_VALUES = st.sampled_from(
    [
        None,
        3,
        -1,
        "x",
        "objekt",
        "(",
        [],
        {},
        [1, 1],
        {"type": "objekt"},
        {"$ref": "#/nope"},
        {"$ref": "limit.yaml"},
        {"$ref": "../parameters.yaml#/Limit"},
        True,
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(LOCATIONS), BAD_VALUES, st.sampled_from("abcdefghz")),
        min_size=1,
        max_size=3,
    )
)
def test_random_breakage_in_any_file_is_reported_alike(
    edits: list[tuple[tuple[str, tuple[Any, ...]], Any, str]], tmp_path_factory: Any
) -> None:
    documents = copy.deepcopy(DOCUMENTS)
    for (name, path), bad, key in edits:
        break_at(documents[name], path, bad, key)
    files = {name: yaml.safe_dump(data, sort_keys=False) for name, data in documents.items()}
    python, screened = _both(tmp_path_factory.mktemp("spec"), files)
    assert _shown(screened) == _shown(python)


# -- the library's settings, read only when used -------------------------------------------------


def _fresh(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return done.stdout.strip()


def test_validating_a_valid_spec_does_not_import_pydantic(tmp_path: Path) -> None:
    spec = _write(tmp_path, VALID)
    code = (
        "import sys\n"
        "from oasgate.model.validation import validate_spec\n"
        f"_, problems = validate_spec({str(spec)!r})\n"
        "assert problems == [], problems\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_settings')))\n"
    )
    assert _fresh(code) == "[]"


def test_the_deferred_settings_read_the_environment_as_the_library_does() -> None:
    code = (
        "from oasgate.model import library_settings\n"
        "library_settings.defer()\n"
        "import openapi_schema_validator\n"
        "from openapi_schema_validator._caches import get_settings\n"
        "from openapi_schema_validator.settings import OpenAPISchemaValidatorSettings\n"
        "print(get_settings().compiled_validator_cache_max_size,"
        " isinstance(get_settings(), OpenAPISchemaValidatorSettings))\n"
    )
    variable = "OPENAPI_SCHEMA_VALIDATOR_COMPILED_VALIDATOR_CACHE_MAX_SIZE"
    assert _fresh(code, **{variable: "7"}) == "7 True"
    # and the shortcut that reads them still works
    shortcut = (
        "from oasgate.model import library_settings\n"
        "library_settings.defer()\n"
        "from openapi_schema_validator import OAS31Validator, validate\n"
        "validate(3, {'type': 'integer'}, cls=OAS31Validator)\n"
        "print('ok')\n"
    )
    assert _fresh(shortcut) == "ok"
