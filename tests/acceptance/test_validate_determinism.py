"""``validate`` says the same thing on every run: openapi-spec-validator lists the required
names that no property of an ``allOf`` defines in a set's order, which follows Python's
string hashing and so changes from one process to the next (``shipengine.com`` in the
APIs.guru directory: two runs, two messages). oasgate lists them in the order the
schema's ``required`` gives them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

#: ShipEngine's shape: a response schema composed with allOf whose `required` names
#: properties defined nowhere in it
REQUIRED = ["shipment_id", "rate_request_id", "created_at", "status", "errors", "rates"]


def test_undefined_required_names_come_in_the_documents_order(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    schema = {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}}]}
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/rates/{id}": {
                        "get": {
                            "parameters": [
                                {"name": "id", "in": "path", "required": True, "schema": {}}
                            ],
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {
                                            "schema": {"$ref": "#/components/schemas/Rates"}
                                        }
                                    },
                                }
                            },
                        }
                    }
                },
                "components": {"schemas": {"Rates": {**schema, "required": REQUIRED}}},
            },
            indent=2,
        )
    )

    outputs = {
        run_cli("validate", str(spec), env={"PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(6)
    }

    assert len(outputs) == 1, outputs
    assert f"Required list has not defined properties: {REQUIRED!r}" in outputs.pop()
