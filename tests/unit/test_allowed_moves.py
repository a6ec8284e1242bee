"""Allowed moves are silent (docs/compatibility.md): rewriting a document without changing the wire
reports nothing — extracting or inlining a ``$ref`` at every place OpenAPI allows one,
reordering anything, moving parameters, requirements and servers between levels."""

from __future__ import annotations

from pathlib import Path

import pytest

import oasgate

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"

INLINE_PARAMETER = """
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer, maximum: 50}}
      responses: {'200': {description: ok}}
"""
EXTRACTED_PARAMETER = """
paths:
  /pets:
    get:
      parameters:
        - $ref: '#/components/parameters/Limit'
      responses: {'200': {description: ok}}
components:
  parameters:
    Limit: {name: limit, in: query, required: true, schema: {type: integer, maximum: 50}}
"""
INLINE_BODY = """
paths:
  /pets:
    post:
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}
      responses: {'201': {description: created}}
"""
EXTRACTED_BODY = """
paths:
  /pets:
    post:
      requestBody: {$ref: '#/components/requestBodies/NewPet'}
      responses: {'201': {description: created}}
components:
  requestBodies:
    NewPet:
      required: true
      content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}
  schemas:
    NewPet: {type: object, required: [name], properties: {name: {type: string}}}
"""
INLINE_RESPONSE = """
paths:
  /pets:
    get:
      responses:
        '404':
          description: missing
          headers: {X-Trace: {schema: {type: string}}}
          content: {application/json: {schema: {type: object, properties: {code: {type: integer}}}}}
        '200': {description: ok}
"""
EXTRACTED_RESPONSE = """
paths:
  /pets:
    get:
      responses:
        '200': {description: ok}
        '404': {$ref: '#/components/responses/NotFound'}
components:
  responses:
    NotFound:
      description: missing
      headers: {X-Trace: {$ref: '#/components/headers/Trace'}}
      content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
  headers:
    Trace: {schema: {type: string}}
  schemas:
    Error: {type: object, properties: {code: {type: integer}}}
"""
INLINE_PATH_ITEM = """
paths:
  /pets:
    get: {responses: {'200': {description: ok}}}
"""
EXTRACTED_CALLBACK = """
paths:
  /subscribe:
    post:
      callbacks:
        onEvent: {$ref: '#/components/callbacks/Event'}
      responses: {'201': {description: created}}
components:
  callbacks:
    Event:
      '{$request.body#/url}':
        post:
          requestBody: {content: {application/json: {schema: {type: object}}}}
          responses: {'200': {description: ok}}
"""
INLINE_CALLBACK = """
paths:
  /subscribe:
    post:
      callbacks:
        onEvent:
          '{$request.body#/url}':
            post:
              requestBody: {content: {application/json: {schema: {type: object}}}}
              responses: {'200': {description: ok}}
      responses: {'201': {description: created}}
"""
ORDERED = """
servers: [{url: 'https://a.example.com'}, {url: 'https://b.example.com'}]
security: [{key: []}, {oauth: [read, write]}]
paths:
  /pets:
    get:
      tags: [a, b]
      parameters:
        - {name: a, in: query, schema: {type: string, enum: [x, y]}}
        - {name: b, in: header, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: object, required: [id, name], properties: {id: {type: integer}, name: {type: string}}}}
            application/xml: {schema: {type: object}}
        '404': {description: missing}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t.example.com', scopes: {read: r, write: w}}}}
"""
REORDERED = """
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {scopes: {write: w, read: r}, tokenUrl: 'https://t.example.com'}}}
    key: {name: X-Key, in: header, type: apiKey}
paths:
  /pets:
    get:
      responses:
        '404': {description: missing}
        '200':
          content:
            application/xml: {schema: {type: object}}
            application/json: {schema: {properties: {name: {type: string}, id: {type: integer}}, required: [name, id], type: object}}
          description: ok
      parameters:
        - {in: header, name: B, schema: {type: string}}
        - {name: a, in: query, schema: {enum: [y, x], type: string}}
      tags: [b, a]
security: [{oauth: [write, read]}, {key: []}]
servers: [{url: 'https://b.example.com'}, {url: 'https://a.example.com/'}]
"""
GLOBAL_SECURITY_AND_SERVERS = """
servers: [{url: 'https://api.example.com/v1'}]
security: [{key: []}]
paths:
  /pets:
    get: {responses: {'200': {description: ok}}}
    post: {responses: {'201': {description: created}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"""
PER_OPERATION_SECURITY_AND_SERVERS = """
paths:
  /pets:
    servers: [{url: 'https://api.example.com/v1'}]
    get:
      security: [{key: []}]
      responses: {'200': {description: ok}}
    post:
      security: [{key: []}]
      servers: [{url: 'https://api.example.com/v1'}]
      responses: {'201': {description: created}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
"""
DOCS_ONLY = """
paths:
  /pets:
    get:
      summary: List pets
      description: Every pet, one page at a time.
      externalDocs: {url: 'https://docs.example.com'}
      parameters:
        - {name: q, in: query, description: what to look for, example: rex, schema: {type: string}}
      responses: {'200': {description: the pets}}
"""
DOCS_CHANGED = """
paths:
  /pets:
    get:
      summary: Pets
      description: All the pets.
      externalDocs: {url: 'https://docs.example.com/pets'}
      parameters:
        - {name: q, in: query, description: a search term, example: tom, schema: {type: string}}
      responses: {'200': {description: pets}}
"""

MOVES = {
    "parameter extracted into components": (INLINE_PARAMETER, EXTRACTED_PARAMETER),
    "request body extracted into components": (INLINE_BODY, EXTRACTED_BODY),
    "response and header extracted into components": (INLINE_RESPONSE, EXTRACTED_RESPONSE),
    "callback extracted into components": (INLINE_CALLBACK, EXTRACTED_CALLBACK),
    "path item unchanged": (INLINE_PATH_ITEM, INLINE_PATH_ITEM),
    "everything reordered, header and trailing-slash server cased": (ORDERED, REORDERED),
    "security and servers moved from the document to operations": (
        GLOBAL_SECURITY_AND_SERVERS,
        PER_OPERATION_SECURITY_AND_SERVERS,
    ),
    "descriptions, summaries and examples rewritten": (DOCS_ONLY, DOCS_CHANGED),
}


@pytest.mark.parametrize("name", sorted(MOVES))
@pytest.mark.parametrize("direction", ["forth", "back"])
def test_allowed_move_is_silent(tmp_path: Path, name: str, direction: str) -> None:
    first, second = MOVES[name]
    if direction == "back":
        first, second = second, first
    base, revision = tmp_path / "base.yaml", tmp_path / "revision.yaml"
    base.write_text(HEAD + first.lstrip("\n"), encoding="utf-8")
    revision.write_text(HEAD + second.lstrip("\n"), encoding="utf-8")
    report = oasgate.check(str(base), str(revision))
    assert [f"{f.rule}: {f.message}" for f in report.findings] == []


def test_extracted_parameter_still_compares_its_content(tmp_path: Path) -> None:
    # the move is silent because the content is the same, not because refs are skipped
    base, revision = tmp_path / "base.yaml", tmp_path / "revision.yaml"
    base.write_text(HEAD + INLINE_PARAMETER.lstrip("\n"), encoding="utf-8")
    revision.write_text(
        HEAD + EXTRACTED_PARAMETER.lstrip("\n").replace("required: true", "required: false"),
        encoding="utf-8",
    )
    rules = [f.rule for f in oasgate.check(str(base), str(revision)).findings]
    assert rules == ["request-parameter-became-optional"]
