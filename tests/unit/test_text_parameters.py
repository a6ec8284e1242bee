"""Parameters outside the body travel as text (issue 13, docs/compatibility.md): a type change of a
query, path, header or cookie parameter is breaking exactly when some text the old type
admitted is rejected by the new one; a response header is the mirror."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from oasgate.findings import Severity
from tests.acceptance.test_properties import compare

TYPES = ("integer", "number", "boolean", "string")
#: One text of each kind a client may send: enough to tell the four types apart.
TEXTS = ("5", "-1.5", "true", "abc")
_ACCEPTS = {
    "integer": re.compile(r"-?\d+"),
    "number": re.compile(r"-?\d+(\.\d+)?"),
    "boolean": re.compile(r"true|false"),
    "string": re.compile(r".*"),
}


def admitted(kind: str) -> set[str]:
    return {text for text in TEXTS if _ACCEPTS[kind].fullmatch(text)}


def _document(location: str, kind: str) -> str:
    operation: dict[str, object]
    if location == "response-header":
        operation = {
            "responses": {
                "200": {"description": "ok", "headers": {"X-Count": {"schema": {"type": kind}}}}
            }
        }
    else:
        parameter = {"name": "p", "in": location, "required": True, "schema": {"type": kind}}
        operation = {"parameters": [parameter], "responses": {"200": {"description": "ok"}}}
    data = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/items/{p}" if location == "path" else "/items": {"get": operation}},
    }
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("location", ["query", "path", "header", "cookie", "response-header"])
@pytest.mark.parametrize(("old", "new"), list(itertools.permutations(TYPES, 2)))
def test_a_type_change_breaks_exactly_when_a_text_is_lost(
    location: str, old: str, new: str
) -> None:
    findings = compare(_document(location, old), _document(location, new)).findings
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if location == "response-header":  # clients read it: new texts are what hurts
        lost = admitted(new) - admitted(old)
    else:  # the server reads it: texts it no longer takes are what hurts
        lost = admitted(old) - admitted(new)
    assert bool(errors) == bool(lost), [(f.rule, f.message) for f in findings]
    assert findings, "a type change is always reported"
