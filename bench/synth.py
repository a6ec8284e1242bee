"""Synthetic OpenAPI 3.0 spec pairs at a chosen scale, for the linear-scaling check.

Scale ``k`` gives ``RESOURCES_PER_SCALE * k`` resources.  Each resource has CRUD operations on
``/<plural>`` and ``/<plural>/{id}`` (some also a sub-collection), its own component schemas
(entity, create/update bodies, list page, status enum) that ``$ref`` shared components
(``Money``, ``Address``, ``Metadata``, ``User`` …) and the previous resource of its group of
``CHAIN`` resources, so ``$ref`` chains nest up to ``CHAIN`` levels deep whatever the scale (a
chain through every resource would make the depth, and so the work per operation, grow with
the scale — neither realistic nor linear; redocly overflowed its stack on it).  Recursive
schemas: ``Error.cause``, ``User.manager``, ``TreeNode.children`` and, for every fifth
resource, ``<Entity>.children``.  Parameters: shared ``limit``/``cursor``/headers
plus per-resource filters with enums.

The revision applies changes by resource index (``i % m == r`` rules below), so the number of
breaking and compatible changes grows in proportion to ``k``; the counts are written to
``manifest.json`` next to the pair.  Output is pretty-printed JSON (indent 2), deterministic.

Usage: ``python bench/synth.py --scale 4 --out DIR``
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
from pathlib import Path
from typing import Any

RESOURCES_PER_SCALE = 120
CHAIN = 6  # resources per parent chain
GENERATOR_VERSION = 2

JSON = dict[str, Any]

NOUNS = (
    "account", "invoice", "order", "shipment", "product", "customer", "ticket", "project",
    "report", "payment", "refund", "coupon", "webhook", "device", "policy", "asset",
    "contract", "dataset", "pipeline", "release", "workspace", "folder", "document", "comment",
)  # fmt: skip
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK")
WORDS = (
    "the", "resource", "returns", "value", "when", "request", "field", "must", "be", "unique",
    "within", "workspace", "and", "is", "used", "to", "identify", "object", "in", "responses",
    "clients", "should", "not", "rely", "on", "ordering", "of", "items", "this", "list",
)  # fmt: skip


def _ref(name: str) -> JSON:
    return {"$ref": f"#/components/schemas/{name}"}


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


class Resource:
    def __init__(self, index: int) -> None:
        noun = NOUNS[index % len(NOUNS)]
        self.index = index
        self.snake = f"{noun}_{index:04d}"
        self.entity = _camel(self.snake)
        self.plural = f"{noun}s-{index:04d}"
        self.id_param = f"{self.snake}_id"
        self.tag = _camel(noun)


def _shared_components(rng: random.Random) -> JSON:
    schemas: JSON = {
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": _text(rng, 8)},
                "message": {"type": "string"},
                "details": {"type": "array", "items": _ref("ErrorDetail")},
                "cause": _ref("Error"),
            },
        },
        "ErrorDetail": {
            "type": "object",
            "properties": {
                "field": {"type": "string"},
                "reason": {"type": "string", "enum": ["missing", "invalid", "conflict"]},
            },
        },
        "Page": {
            "type": "object",
            "required": ["has_more"],
            "properties": {
                "has_more": {"type": "boolean"},
                "next_cursor": {"type": "string", "nullable": True},
                "total": {"type": "integer", "format": "int64", "minimum": 0},
            },
        },
        "Money": {
            "type": "object",
            "required": ["amount", "currency"],
            "properties": {
                "amount": {"type": "integer", "format": "int64"},
                "currency": {"type": "string", "enum": list(CURRENCIES)},
            },
        },
        "Address": {
            "type": "object",
            "properties": {
                "line1": {"type": "string", "maxLength": 200},
                "line2": {"type": "string", "maxLength": 200},
                "city": {"type": "string"},
                "postal_code": {"type": "string", "pattern": "^[A-Z0-9 -]{3,10}$"},
                "country": {"type": "string", "minLength": 2, "maxLength": 2},
            },
        },
        "Metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        "Tag": {
            "type": "object",
            "required": ["key"],
            "properties": {"key": {"type": "string"}, "value": {"type": "string"}},
        },
        "User": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "email": {"type": "string", "format": "email"},
                "role": {"type": "string", "enum": ["owner", "admin", "member", "viewer"]},
                "manager": _ref("User"),
            },
        },
        "TreeNode": {
            "type": "object",
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": _ref("TreeNode")},
            },
        },
        "Event": {
            "oneOf": [_ref("CreatedEvent"), _ref("DeletedEvent")],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {
                    "created": "#/components/schemas/CreatedEvent",
                    "deleted": "#/components/schemas/DeletedEvent",
                },
            },
        },
        "CreatedEvent": {
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                "at": {"type": "string", "format": "date-time"},
                "actor": _ref("User"),
            },
        },
        "DeletedEvent": {
            "type": "object",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                "at": {"type": "string", "format": "date-time"},
                "tree": _ref("TreeNode"),
            },
        },
        "BaseEntity": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "format": "uuid", "readOnly": True},
                "created_at": {"type": "string", "format": "date-time", "readOnly": True},
            },
        },
    }
    error_content = {"application/json": {"schema": _ref("Error")}}
    responses: JSON = {
        name: {"description": desc, "content": copy.deepcopy(error_content)}
        for name, desc in (
            ("BadRequest", "The request was malformed."),
            ("Unauthorized", "Authentication is required."),
            ("NotFound", "The object does not exist."),
            ("Conflict", "The object was changed concurrently."),
        )
    }
    responses["RateLimited"] = {
        "description": "Too many requests.",
        "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 0}}},
        "content": copy.deepcopy(error_content),
    }
    parameters: JSON = {
        "limit": {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        },
        "cursor": {"name": "cursor", "in": "query", "schema": {"type": "string"}},
        "RequestId": {
            "name": "X-Request-Id",
            "in": "header",
            "schema": {"type": "string", "format": "uuid"},
        },
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "schema": {"type": "string", "maxLength": 64},
        },
    }
    return {
        "schemas": schemas,
        "responses": responses,
        "parameters": parameters,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "https://auth.example.com/token",
                        "scopes": {"read": "Read access", "write": "Write access"},
                    }
                },
            },
        },
    }


def _resource_schemas(res: Resource, prev: Resource | None, rng: random.Random) -> JSON:
    props: JSON = {
        "name": {"type": "string", "maxLength": 200, "description": _text(rng, 10)},
        "status": _ref(f"{res.entity}Status"),
        "price": _ref("Money"),
        "address": _ref("Address"),
        "metadata": _ref("Metadata"),
        "tags": {"type": "array", "items": _ref("Tag"), "maxItems": 50},
        "owner": _ref("User"),
        "priority": {"type": "integer", "minimum": 0, "maximum": 10},
        "notes": {"type": "string", "nullable": True, "description": _text(rng, 14)},
    }
    if prev is not None:
        props["parent"] = _ref(prev.entity)
    if res.index % 5 == 0:
        props["children"] = {"type": "array", "items": _ref(res.entity)}
    entity: JSON
    if res.index % 3 == 0:
        entity = {
            "allOf": [_ref("BaseEntity"), {"type": "object", "properties": props}],
            "description": _text(rng, 12),
        }
    else:
        entity = {
            "type": "object",
            "required": ["id", "name", "status"],
            "description": _text(rng, 12),
            "properties": {
                "id": {"type": "string", "format": "uuid", "readOnly": True},
                "created_at": {"type": "string", "format": "date-time", "readOnly": True},
                **props,
            },
        }
    create_props: JSON = {
        "name": {"type": "string", "maxLength": 200},
        "status": _ref(f"{res.entity}Status"),
        "price": _ref("Money"),
        "address": _ref("Address"),
        "metadata": _ref("Metadata"),
        "priority": {"type": "integer", "minimum": 0, "maximum": 10},
    }
    if prev is not None:
        create_props["parent_id"] = {"type": "string", "format": "uuid"}
    out: JSON = {
        res.entity: entity,
        f"{res.entity}Status": {
            "type": "string",
            "enum": ["active", "inactive", "archived", "pending"],
        },
        f"{res.entity}Create": {
            "type": "object",
            "required": ["name"],
            "properties": create_props,
        },
        f"{res.entity}Update": {
            "type": "object",
            "minProperties": 1,
            "properties": copy.deepcopy(create_props),
        },
        f"{res.entity}List": {
            "allOf": [
                _ref("Page"),
                {
                    "type": "object",
                    "required": ["items"],
                    "properties": {"items": {"type": "array", "items": _ref(res.entity)}},
                },
            ]
        },
    }
    if res.index % 8 == 0:
        out[f"{res.entity}Payload"] = {
            "oneOf": [_ref(f"{res.entity}Create"), _ref(f"{res.entity}Update")],
        }
    return out


def _json_body(schema: JSON) -> JSON:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*names: str) -> JSON:
    codes = {"400": "BadRequest", "401": "Unauthorized", "404": "NotFound", "409": "Conflict"}
    out: JSON = {code: {"$ref": f"#/components/responses/{codes[code]}"} for code in names}
    out["429"] = {"$ref": "#/components/responses/RateLimited"}
    return out


def _resource_paths(res: Resource, rng: random.Random) -> JSON:
    entity = _ref(res.entity)
    collection: JSON = {
        "get": {
            "operationId": f"list_{res.snake}",
            "summary": f"List {res.plural}",
            "description": _text(rng, 16),
            "tags": [res.tag],
            "parameters": [
                {"$ref": "#/components/parameters/limit"},
                {"$ref": "#/components/parameters/cursor"},
                {"$ref": "#/components/parameters/RequestId"},
                {
                    "name": "status",
                    "in": "query",
                    "schema": {
                        "type": "string",
                        "enum": ["active", "inactive", "archived", "pending"],
                    },
                },
                {
                    "name": "sort",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["created_at", "-created_at", "name"]},
                },
            ],
            "responses": {
                "200": {
                    "description": "A page of objects.",
                    **_json_body(_ref(f"{res.entity}List")),
                },
                **_errors("400", "401"),
            },
        },
        "post": {
            "operationId": f"create_{res.snake}",
            "summary": f"Create a {res.snake}",
            "tags": [res.tag],
            "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {"required": True, **_json_body(_ref(f"{res.entity}Create"))},
            "responses": {
                "201": {"description": "Created.", **_json_body(entity)},
                **_errors("400", "401", "409"),
            },
        },
    }
    id_param = {
        "name": res.id_param,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }
    item: JSON = {
        "parameters": [id_param],
        "get": {
            "operationId": f"get_{res.snake}",
            "tags": [res.tag],
            "parameters": [
                {
                    "name": "expand",
                    "in": "query",
                    "style": "form",
                    "explode": False,
                    "schema": {
                        "type": "array",
                        "items": {"type": "string", "enum": ["owner", "parent", "tags"]},
                    },
                }
            ],
            "responses": {"200": {"description": "The object.", **_json_body(entity)}}
            | _errors("401", "404"),
        },
        "patch": {
            "operationId": f"update_{res.snake}",
            "tags": [res.tag],
            "requestBody": {"required": True, **_json_body(_ref(f"{res.entity}Update"))},
            "responses": {"200": {"description": "Updated.", **_json_body(entity)}}
            | _errors("400", "401", "404", "409"),
        },
        "delete": {
            "operationId": f"delete_{res.snake}",
            "tags": [res.tag],
            "responses": {"204": {"description": "Deleted."}} | _errors("401", "404"),
        },
    }
    paths: JSON = {f"/{res.plural}": collection, f"/{res.plural}/{{{res.id_param}}}": item}
    if res.index % 2 == 0:
        paths[f"/{res.plural}/{{{res.id_param}}}/events"] = {
            "parameters": [copy.deepcopy(id_param)],
            "get": {
                "operationId": f"list_{res.snake}_events",
                "tags": [res.tag],
                "parameters": [{"$ref": "#/components/parameters/limit"}],
                "responses": {
                    "200": {
                        "description": "Events.",
                        **_json_body({"type": "array", "items": _ref("Event")}),
                    }
                }
                | _errors("404"),
            },
        }
    return paths


def build_base(scale: int, seed: int = 1, *, resources_count: int | None = None) -> JSON:
    """The base spec: ``RESOURCES_PER_SCALE * scale`` resources, or ``resources_count``
    (a small spec of a monorepo, ``bench/monorepo.py``)."""
    rng = random.Random(seed * 1000 + scale)
    components = _shared_components(rng)
    paths: JSON = {}
    count = RESOURCES_PER_SCALE * scale if resources_count is None else resources_count
    resources = [Resource(i) for i in range(count)]
    for res in resources:
        prev = resources[res.index - 1] if res.index % CHAIN else None
        components["schemas"].update(_resource_schemas(res, prev, rng))
        paths.update(_resource_paths(res, rng))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"Synthetic API ×{scale}",
            "version": "1.0.0",
            "description": "Generated by bench/synth.py.",
        },
        "servers": [{"url": "https://api.example.com/v1"}],
        "security": [{"bearer": []}],
        "tags": [{"name": _camel(n), "description": f"{n} operations"} for n in NOUNS],
        "paths": paths,
        "components": components,
    }


# (modulus, residue, kind, description) — applied to resource i when i % modulus == residue.
RULES: tuple[tuple[int, int, str, str], ...] = (
    (17, 3, "breaking", "remove DELETE operation"),
    (13, 5, "breaking", "add required property to create body"),
    (11, 7, "breaking", "remove response property 'address'"),
    (19, 2, "breaking", "change query parameter 'sort' type to integer"),
    (23, 9, "breaking", "remove enum value from request parameter 'status'"),
    (29, 11, "breaking", "make query parameter 'status' required"),
    (31, 13, "breaking", "remove the /events path"),
    (14, 6, "breaking", "lower maxLength of create body 'name'"),
    (5, 1, "compatible", "add optional property to create body"),
    (6, 2, "compatible", "add response property 'updated_at'"),
    (7, 4, "compatible", "add GET /{id}/history operation"),
    (10, 5, "compatible", "add optional query parameter 'include'"),
    (12, 8, "compatible", "add enum value to request parameter 'sort'"),
    (9, 3, "compatible", "deprecate the PATCH operation"),
    (4, 3, "annotation", "change an operation description"),
)


def _entity_props(schemas: JSON, entity: str) -> JSON:
    schema = schemas[entity]
    if "allOf" in schema:
        props: JSON = schema["allOf"][1]["properties"]
        return props
    out: JSON = schema["properties"]
    return out


def _query_param(op: JSON, name: str) -> JSON:
    return next(p for p in op["parameters"] if p.get("name") == name)


def _apply(rule: tuple[int, int, str, str], res: Resource, spec: JSON) -> bool:
    """Apply one rule to one resource; return True when the spec changed."""
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    coll, item = f"/{res.plural}", f"/{res.plural}/{{{res.id_param}}}"
    what = rule[3]
    if what == "remove DELETE operation":
        del paths[item]["delete"]
    elif what == "add required property to create body":
        body = schemas[f"{res.entity}Create"]
        body["properties"]["region"] = {"type": "string", "enum": ["eu", "us", "ap"]}
        body["required"] = [*body["required"], "region"]
    elif what == "remove response property 'address'":
        del _entity_props(schemas, res.entity)["address"]
    elif what == "change query parameter 'sort' type to integer":
        _query_param(paths[coll]["get"], "sort")["schema"] = {"type": "integer", "minimum": 0}
    elif what == "remove enum value from request parameter 'status'":
        _query_param(paths[coll]["get"], "status")["schema"]["enum"].remove("pending")
    elif what == "make query parameter 'status' required":
        _query_param(paths[coll]["get"], "status")["required"] = True
    elif what == "remove the /events path":
        return paths.pop(f"{item}/events", None) is not None
    elif what == "lower maxLength of create body 'name'":
        schemas[f"{res.entity}Create"]["properties"]["name"]["maxLength"] = 100
    elif what == "add optional property to create body":
        schemas[f"{res.entity}Create"]["properties"]["nickname"] = {"type": "string"}
    elif what == "add response property 'updated_at'":
        _entity_props(schemas, res.entity)["updated_at"] = {"type": "string", "format": "date-time"}
    elif what == "add GET /{id}/history operation":
        paths[f"{item}/history"] = {
            "get": {
                "operationId": f"history_{res.snake}",
                "parameters": [
                    {
                        "name": res.id_param,
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "History.",
                        **_json_body({"type": "array", "items": _ref("Event")}),
                    }
                },
            }
        }
    elif what == "add optional query parameter 'include'":
        paths[coll]["get"]["parameters"].append(
            {"name": "include", "in": "query", "schema": {"type": "string"}}
        )
    elif what == "add enum value to request parameter 'sort'":
        schema = _query_param(paths[coll]["get"], "sort")["schema"]
        if "enum" not in schema:  # its type was changed by an earlier rule
            return False
        schema["enum"].append("-name")
    elif what == "deprecate the PATCH operation":
        paths[item]["patch"]["deprecated"] = True
    elif what == "change an operation description":
        paths[coll]["get"]["description"] = "Changed: " + paths[coll]["get"]["description"]
    else:  # pragma: no cover - RULES and this function are edited together
        raise ValueError(what)
    return True


def build_revision(
    base: JSON, scale: int, seed: int = 1, *, resources_count: int | None = None
) -> tuple[JSON, dict[str, int]]:
    spec = copy.deepcopy(base)
    spec["info"]["version"] = "2.0.0"
    counts: dict[str, int] = {"breaking": 0, "compatible": 0, "annotation": 0}
    n = RESOURCES_PER_SCALE * scale if resources_count is None else resources_count
    resources = [Resource(i) for i in range(n)]
    for res in resources:
        for rule in RULES:
            if res.index % rule[0] == rule[1] and _apply(rule, res, spec):
                counts[rule[2]] += 1
    # New resources (compatible): one per 20 existing ones.
    rng = random.Random(seed * 7919 + scale)
    for j in range(n // 20):
        res = Resource(n + j)
        prev = resources[j]  # new resources nest under an existing one: depth stays bounded
        spec["components"]["schemas"].update(_resource_schemas(res, prev, rng))
        spec["paths"].update(_resource_paths(res, rng))
        counts["compatible"] += 1
    return spec, counts


def small_pair(index: int) -> tuple[JSON, JSON]:
    """A small spec pair (2 to 9 resources, so each has other changes), the ``index``-th API
    of a generated monorepo."""
    count = 2 + index % 8
    base = build_base(1, seed=index + 1, resources_count=count)
    base["info"]["title"] = f"Service {index}"
    revision, _ = build_revision(base, 1, seed=index + 1, resources_count=count)
    return base, revision


def _source_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def generate(scale: int, out_dir: Path, seed: int = 1) -> JSON:
    """Write ``base.json``, ``revision.json`` and ``manifest.json`` into ``out_dir``.

    Reuses what is there when the manifest says it came from the same generator source.
    """
    manifest_path = out_dir / "manifest.json"
    digest = _source_digest()
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            old.get("digest") == digest
            and old.get("seed") == seed
            and (out_dir / "base.json").is_file()
            and (out_dir / "revision.json").is_file()
        ):
            cached: JSON = old
            return cached
    except (OSError, ValueError):
        pass
    out_dir.mkdir(parents=True, exist_ok=True)
    base = build_base(scale, seed)
    revision, counts = build_revision(base, scale, seed)
    for name, doc in (("base.json", base), ("revision.json", revision)):
        (out_dir / name).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    manifest: JSON = {
        "generator_version": GENERATOR_VERSION,
        "digest": digest,
        "seed": seed,
        "scale": scale,
        "resources": RESOURCES_PER_SCALE * scale,
        "operations_base": sum(
            1 for item in base["paths"].values() for key in item if key != "parameters"
        ),
        "schemas_base": len(base["components"]["schemas"]),
        "expected_changes": counts,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="scale factor k (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    args = parser.parse_args()
    manifest = generate(args.scale, args.out, args.seed)
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
