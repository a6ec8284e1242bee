"""A fast proof that openapi-spec-validator's own checks would find nothing (D67).

After the meta-schema, openapi-spec-validator walks the document through ``jsonschema-path``
(every step resolves ``$ref``s through a generic accessor: ~6 s on GHES 3.19) to run a few
checks of its own. On a document the OpenAPI schema accepts, those checks can only complain
about:

- a tag name used twice (3.2: a tag's ``parent`` — any parent sends the walk to the library);
- a schema that is neither an object nor a boolean;
- a schema (of a parameter, a response's media type, ``components.schemas``) that fails
  its dialect's meta-schema — screened by jsonschema-rs (:mod:`oasgate.model.meta_schema`);
- ``required`` naming properties an ``allOf`` does not define;
- a ``default`` its schema rejects — checked here with the library's own value validator;
- duplicate operationIds and parameters, path parameters not in the template — oasgate's
  structural checks report those (the library's are dropped, ``validation._COVERED``).

:func:`needs_library_walk` walks the same places on plain data and answers False only when
none of these can fire; anything it cannot judge (a ``$ref`` into another file, a ``$ref``
that does not resolve, a schema carrying ``$ref``s beside a ``default``) answers True, and
the library's walk runs as before. So the fast path never changes what is reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast
from urllib.parse import unquote

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NESTED = ("allOf", "anyOf", "oneOf")
# The data is JSON (orjson's, or converted): every mapping is a dict, and ``isinstance(x,
# dict)`` costs a third of ``isinstance(x, Mapping)`` over GHES's 500,000 checks.


class _Undecided(Exception):
    """Something this screen does not judge: the library's walk decides."""


def needs_library_walk(
    root: Any,
    *,
    swagger2: bool,
    oas32: bool,
    value_validator: Any,
    format_checker: Any,
    schema_is_valid: Any,
) -> bool:
    """False only if openapi-spec-validator's walk would report nothing but checks oasgate
    already makes. ``schema_is_valid(schema)`` screens a schema against its dialect's
    meta-schema (True, False, or None for "cannot say")."""
    screen = _Screen(root, value_validator, format_checker, schema_is_valid)
    try:
        _no_base_change(root)
        screen.tags(oas32)
        screen.paths(swagger2, oas32)
        if not swagger2:
            schemas = screen.resolve(_get(screen.resolve(root.get("components")), "schemas"))
            if isinstance(schemas, dict):
                for schema in schemas.values():
                    screen.schema(schema, entry=True)
    except _Undecided:
        return True
    return False


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


class _Screen:
    def __init__(
        self, root: Any, value_validator: Any, format_checker: Any, schema_is_valid: Any
    ) -> None:
        self.root = root
        self.value_validator = value_validator
        self.format_checker = format_checker
        self.schema_is_valid = schema_is_valid
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.collected: dict[int, frozenset[Any]] = {}

    # -- references ------------------------------------------------------------------------

    def resolve(self, value: Any) -> Any:
        """``value`` with its ``$ref`` chain followed, inside the root document only."""
        for _ in range(64):
            # a reference is a mapping whose ``$ref`` is a string (as jsonschema-path reads
            # it: a property named ``$ref`` is not one)
            if not isinstance(value, dict) or not isinstance(value.get("$ref"), str):
                return value
            value = self._target(value["$ref"])
        raise _Undecided("a long chain of references")

    def _target(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise _Undecided("a reference to another file")
        node = self.root
        pointer = unquote(ref[1:])
        if pointer and not pointer.startswith("/"):
            raise _Undecided("an anchor")
        for token in pointer.split("/")[1:] if pointer else ():
            key = token.replace("~1", "/").replace("~0", "~")
            _no_base_change(node)
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                raise _Undecided("a reference that does not resolve")
        _no_base_change(node)
        return node

    # -- the places the library walks ------------------------------------------------------

    def tags(self, oas32: bool) -> None:
        tags = self.resolve(self.root.get("tags"))
        if not isinstance(tags, list):
            return
        names = [_get(self.resolve(tag), "name") for tag in tags]
        if not all(isinstance(name, str) for name in names):
            raise _Undecided("a tag without a name")  # the library's walk raises
        if len(set(names)) != len(names):
            raise _Undecided("a tag name used twice")
        if oas32 and any("parent" in (self.resolve(tag) or {}) for tag in tags):
            raise _Undecided("tag parents")

    def paths(self, swagger2: bool, oas32: bool) -> None:
        paths = self.resolve(self.root.get("paths"))
        if not isinstance(paths, dict):
            return
        for item in paths.values():
            item = self.resolve(item)
            if not isinstance(item, dict):
                continue
            self.parameters(item.get("parameters"), swagger2)
            for name, operation in item.items():
                if name in _OPERATIONS or (oas32 and name == "query"):
                    self.operation(operation, swagger2)
                elif oas32 and name == "additionalOperations":
                    for other in (self.resolve(operation) or {}).values():
                        self.operation(other, swagger2)

    def operation(self, operation: Any, swagger2: bool) -> None:
        operation = self.resolve(operation)
        if not isinstance(operation, dict):
            return
        responses = self.resolve(operation.get("responses"))
        if isinstance(responses, dict):
            for response in responses.values():
                response = self.resolve(response)
                if swagger2:
                    if isinstance(response, dict) and "schema" in response:
                        self.schema(response["schema"], entry=True)
                    continue
                for media in self._values(_get(response, "content")):
                    media = self.resolve(media)
                    if isinstance(media, dict) and "schema" in media:
                        self.schema(media["schema"], entry=True)
        self.parameters(operation.get("parameters"), swagger2)

    def parameters(self, parameters: Any, swagger2: bool) -> None:
        parameters = self.resolve(parameters)
        if not isinstance(parameters, list):
            return
        for parameter in parameters:
            parameter = self.resolve(parameter)
            if (
                not isinstance(parameter, dict)
                or "name" not in parameter
                or not isinstance(parameter.get("in"), str)
                or (parameter["in"] == "path" and not isinstance(parameter["name"], str))
            ):
                # not a parameter (a $ref to something else): the library's walk raises
                raise _Undecided("a parameter without a name or a place")
            if "schema" in parameter:
                self.schema(parameter["schema"], entry=True)
            if swagger2 and "default" in parameter:
                self.default(parameter, parameter["default"])

    def _values(self, value: Any) -> Iterator[Any]:
        value = self.resolve(value)
        if isinstance(value, dict):
            yield from value.values()

    # -- schemas ---------------------------------------------------------------------------

    def schema(self, schema: Any, *, entry: bool) -> None:
        value = self.resolve(schema)
        if not isinstance(value, (dict, bool)):
            raise _Undecided("a schema that is not an object")
        if entry and id(value) not in self.meta_checked:
            self.meta_checked.add(id(value))
            if self.schema_is_valid(value) is not True:
                raise _Undecided("a schema its meta-schema may reject")
        if id(value) in self.visited or not isinstance(value, dict):
            return
        self.visited.add(id(value))
        _no_base_change(value)
        for keyword in _NESTED:
            for inner in self.resolve(value.get(keyword)) or ():
                self.schema(inner, entry=False)
        for keyword in ("not", "items"):
            if keyword in value:
                self.schema(value[keyword], entry=False)
        properties = self.resolve(value.get("properties"))
        if isinstance(properties, dict):
            for inner in properties.values():
                self.schema(inner, entry=False)
        if "allOf" in value and self._undefined_required(value):
            raise _Undecided("required properties an allOf may not define")
        if "default" in value:
            nullable = value.get("nullable", False)
            if value["default"] is not None or nullable is not True:
                self.default(value, value["default"])

    def _undefined_required(self, schema: Mapping[str, Any]) -> bool:
        """Whether ``required`` names a property neither the schema nor its ``allOf``
        items define (the library collects those through allOf, anyOf, oneOf, items and
        not, following references)."""
        properties = self.resolve(schema.get("properties"))
        defined = set(properties) if isinstance(properties, dict) else set()
        for inner in self.resolve(schema.get("allOf")) or ():
            defined |= self._properties(inner, set())
        required = self.resolve(schema.get("required")) or []
        if not isinstance(required, list):
            return True
        return any(not isinstance(name, str) or name not in defined for name in required)

    def _properties(self, schema: Any, stack: set[int]) -> frozenset[Any]:
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return frozenset()
        known = self.collected.get(id(schema))
        if known is not None:
            return known
        if id(schema) in stack:
            # the library's collection has no guard: it recurses until Python stops it
            raise _Undecided("a cycle through allOf")
        stack.add(id(schema))
        found: set[Any] = set()
        properties = self.resolve(schema.get("properties"))
        if isinstance(properties, dict):
            found.update(properties)
        for keyword in _NESTED:
            for inner in self.resolve(schema.get(keyword)) or ():
                found |= self._properties(inner, stack)
        for keyword in ("items", "not"):
            if keyword in schema:
                found |= self._properties(schema[keyword], stack)
        stack.discard(id(schema))
        self.collected[id(schema)] = frozen = frozenset(found)
        return frozen

    def default(self, schema: Mapping[str, Any], value: Any) -> None:
        if _holds_reference(schema):
            raise _Undecided("a default beside references")
        validator = self.value_validator(schema, format_checker=self.format_checker)
        if next(validator.iter_errors(value), None) is not None:
            raise _Undecided("a default its schema rejects")


def _no_base_change(node: Any) -> None:
    """jsonschema-path resolves ``$ref``s against the innermost ``$id`` it has passed; this
    screen resolves them against the document: a ``$id`` on the way leaves it to the library."""
    if isinstance(node, dict) and "$id" in node:
        raise _Undecided("a schema with its own base URI")


def _holds_reference(value: Any) -> bool:
    """Whether ``$ref`` appears anywhere inside (the value validator gets no resolver here)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "$ref" in item or "$dynamicRef" in item or "$recursiveRef" in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


@dataclass(frozen=True)
class Dialect:
    """What openapi-spec-validator uses for one OpenAPI version, named without importing it
    (its import pulls in requests and pydantic: ~0.3 s of a one-second budget).
    ``tests/unit/test_validation_screen.py`` checks each against the library's classes."""

    schema_file: str  # under openapi_spec_validator/resources/schemas/
    value_validator: str  # openapi_schema_validator's class for values and schemas
    format_checker: str  # openapi_schema_validator's format checker for values
    schema_dialect: str | None  # 3.1+: the default dialect of a schema; None: the class's own


DIALECTS = {
    "2.0": Dialect("v2.0", "OAS30Validator", "oas30_format_checker", None),
    "3.0": Dialect("v3.0", "OAS30Validator", "oas30_format_checker", None),
    "3.1": Dialect("v3.1", "OAS31Validator", "oas31_format_checker", "OAS31_BASE_DIALECT_ID"),
    "3.2": Dialect("v3.2", "OAS32Validator", "oas32_format_checker", "OAS32_BASE_DIALECT_ID"),
}


@cache
def library_schema(dialect: Dialect) -> Any:
    """The OpenAPI schema openapi-spec-validator validates documents against, read from
    its package without importing it."""
    import importlib.util
    from pathlib import Path

    import orjson

    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("openapi_spec_validator")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return orjson.loads(
        (folder / "resources" / "schemas" / dialect.schema_file / "schema.json").read_bytes()
    )


def library_would_report_nothing(dialect: Dialect, rust: Any, root: Any, meta_schema: Any) -> bool:
    """True when jsonschema-rs finds ``root`` valid against the OpenAPI schema and
    :func:`needs_library_walk` proves that openapi-spec-validator would report nothing
    else that oasgate does not already report."""
    import openapi_schema_validator
    from jsonschema.validators import validator_for

    from oasgate.model.meta_schema import screen_document, screen_schema

    if screen_document(rust, meta_schema, root) is not True:
        return False
    value_class = getattr(openapi_schema_validator, dialect.value_validator)
    value_checker = getattr(openapi_schema_validator, dialect.format_checker)
    dialect_default = (
        getattr(openapi_schema_validator, dialect.schema_dialect)
        if dialect.schema_dialect
        else None
    )

    def schema_is_valid(schema: Any) -> bool | None:
        if dialect_default is None:  # 3.0 and 2.0: one class, its own format checker
            return screen_schema(rust, value_class, value_class.FORMAT_CHECKER, schema)
        if isinstance(schema, dict) and "$schema" in schema:
            chosen = schema["$schema"]
        else:
            chosen = root.get("jsonSchemaDialect", dialect_default)
        if not isinstance(chosen, str):
            return None
        validator_class = validator_for({"$schema": chosen}, default=cast(Any, None))
        if validator_class is None:
            return None
        return screen_schema(rust, validator_class, value_checker, schema)

    return not needs_library_walk(
        root,
        swagger2=dialect.schema_file == "v2.0",
        oas32=dialect.schema_file == "v3.2",
        value_validator=value_class,
        format_checker=value_checker,
        schema_is_valid=schema_is_valid,
    )
