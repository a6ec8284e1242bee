"""The identity of deprecated parameters and schema properties across revisions
(:mod:`oasgate.history.elements`, docs/history.md), and the dates written into them —
in process, no git."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path
from random import Random

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.history.annotate import Dated, HistoryDates, apply_dates
from oasgate.history.elements import deprecated_elements
from oasgate.model.opening import Opening
from oasgate.model.spec import SpecModel
from oasgate.policy.settings import Config

PETS = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1"},
    "paths": {
        "/pets/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "trace", "in": "header", "deprecated": True, "schema": {}},
            ],
            "post": {
                "parameters": [
                    {"name": "limit", "in": "query", "deprecated": True, "schema": {}},
                    {"name": "sort", "in": "query", "schema": {}},
                    {"$ref": "#/components/parameters/Offset"},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "tag": {"type": "string", "deprecated": True},
                                    "owner": {
                                        "properties": {
                                            "name": {"deprecated": True},
                                            "age": {},
                                        }
                                    },
                                    "toys": {
                                        "items": {
                                            "allOf": [
                                                {"properties": {"colour": {"deprecated": True}}}
                                            ]
                                        }
                                    },
                                },
                            }
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "schemas.yaml#/Pet"}}},
                    }
                },
            },
        }
    },
    "components": {
        "parameters": {
            "Offset": {"name": "offset", "in": "query", "deprecated": True, "schema": {}}
        }
    },
}
SCHEMAS = {
    "Pet": {
        "deprecated": True,
        "properties": {
            "nickname": {"deprecated": True},
            "parent": {"$ref": "#/Pet"},  # recursive: walked once
        },
    }
}
EXPECTED = {
    "header parameter `trace` of /pets/{id}",
    "query parameter `limit` of POST /pets/{id}",
    "query parameter `offset` of #/components/parameters/Offset",
    "request property `tag` of POST /pets/{id} (application/json)",
    "request property `owner.name` of POST /pets/{id} (application/json)",
    "request property `toys[].colour` of POST /pets/{id} (application/json)",
    "schema schemas.yaml#/Pet",
    "property `nickname` of schemas.yaml#/Pet",
}


def _open(root: Path, spec: object, schemas: object = SCHEMAS) -> SpecModel:
    root.mkdir(parents=True, exist_ok=True)
    (root / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    (root / "schemas.yaml").write_text(yaml.safe_dump(schemas, sort_keys=False))
    with Opening() as opening:
        return opening.open(str(root / "openapi.yaml"))


def test_each_deprecated_parameter_and_property_is_named_by_what_it_is(tmp_path: Path) -> None:
    assert set(deprecated_elements(_open(tmp_path, PETS))) == EXPECTED


def test_a_spec_that_deprecates_nothing_has_no_elements(tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}
    assert deprecated_elements(_open(tmp_path, spec, {})) == {}


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_names_do_not_depend_on_the_order_things_are_written(random: Random) -> None:
    """Reordering the parameters (of the operation and of the path) and the properties
    keeps every identity: the history dates an element, not a position."""
    spec = copy.deepcopy(PETS)
    operation = spec["paths"]["/pets/{id}"]["post"]  # type: ignore[index]
    random.shuffle(operation["parameters"])
    random.shuffle(spec["paths"]["/pets/{id}"]["parameters"])  # type: ignore[index]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    names = list(body["properties"])
    random.shuffle(names)
    body["properties"] = {name: body["properties"][name] for name in names}
    with tempfile.TemporaryDirectory() as directory:
        assert set(deprecated_elements(_open(Path(directory), spec))) == EXPECTED


def test_the_history_dates_are_written_where_the_spec_says_nothing(tmp_path: Path) -> None:
    """A date the spec writes wins; the history's fills the rest, with an implied sunset,
    in the declaration every use reads (a component parameter, once)."""
    spec = yaml.safe_load(yaml.safe_dump(PETS))
    limit = spec["paths"]["/pets/{id}"]["post"]["parameters"][0]
    limit["x-lifecycle"] = {"status": "deprecated", "deprecated": "2025-02-01"}
    model = _open(tmp_path, spec)
    day = Dated(dt.date(2025, 3, 1), "abc1234")
    dates = HistoryDates(elements=dict.fromkeys(EXPECTED, day))
    notices = apply_dates(model, None, dates, Config(), releases=False)
    said = {n.message.split(": ")[0]: n.message.split(": ", 1)[1] for n in notices}
    assert set(said) == EXPECTED
    assert said["query parameter `limit` of POST /pets/{id}"] == (
        "implied sunset 2025-08-01 (6 months after deprecation)"
    )
    assert said["query parameter `offset` of #/components/parameters/Offset"] == (
        "deprecated since 2025-03-01, commit abc1234; "
        "implied sunset 2025-09-01 (6 months after deprecation)"
    )
    offset = model.document.root.value["components"]["parameters"]["Offset"]
    assert offset["x-lifecycle"] == {
        "status": "deprecated",
        "deprecated": "2025-03-01",
        "sunset": "2025-09-01",
    }
    assert limit["x-lifecycle"]["deprecated"] == "2025-02-01"  # untouched in the input


def test_swagger_2_bodies_and_responses_are_walked_too(tmp_path: Path) -> None:
    spec = {
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "parameters": [
                        {"name": "limit", "in": "query", "type": "integer", "deprecated": True}
                    ],
                    "responses": {
                        "200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}
                    },
                },
                "post": {
                    "consumes": ["application/json", "application/xml"],
                    "parameters": [
                        {
                            "name": "pet",
                            "in": "body",
                            "schema": {"properties": {"tag": {"deprecated": True}}},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                },
            }
        },
        "definitions": {"Pet": {"properties": {"nickname": {"deprecated": True}}}},
    }
    assert set(deprecated_elements(_open(tmp_path, spec, {}))) == {
        "query parameter `limit` of GET /pets",
        "request property `tag` of POST /pets (application/json)",  # one name for both
        "property `nickname` of #/definitions/Pet",
    }
