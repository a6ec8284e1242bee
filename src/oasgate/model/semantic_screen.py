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

:func:`library_walk_errors` walks the same places on plain data and answers only when none
of these can fire but the ``default`` check, whose errors it gathers with the library's own
value validator (D93); anything it cannot judge (a ``$ref`` that does not resolve, a schema
carrying ``$ref``s beside a ``default``, a value whose shape the walk would stumble on)
answers True, and the library's walk runs as before. So the fast path never changes what is
reported. A ``$ref`` into another file is followed as ``jsonschema-path`` follows it: its
address joined to the address of the file it is written in, the file read through the same
confined loader the library is given, and the ``$ref``s inside that file resolved against
that file (D92). The shapes are checked whether or not the OpenAPI schema accepted the
document, so the answer also holds for an invalid document: the library's walk is then
known to add nothing to the errors of its first pass.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from oasgate.model.screen_references import LibraryReferences, Undecided, no_base_change

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NESTED = ("allOf", "anyOf", "oneOf")
# The data is JSON (orjson's, or converted): every mapping is a dict, and ``isinstance(x,
# dict)`` costs a third of ``isinstance(x, Mapping)`` over GHES's 500,000 checks.


def library_walk_errors(
    root: Any,
    *,
    swagger2: bool,
    oas32: bool,
    value_validator: Any,
    format_checker: Any,
    schema_is_valid: Any,
    root_uri: str = "",
    load: Callable[[str], Any] | None = None,
) -> list[Any] | None:
    """What openapi-spec-validator's walk would report beyond the checks oasgate already
    makes, when this screen can say: nothing, or only ``default`` values their schemas
    reject — the library's own value validator's errors, in the order its walk meets them,
    each tagged as the library's keyword validator tags it (``oasgate_parts``: the path the
    walk took to the schema; ``oasgate_keyword``) — D93. None when anything else could fire
    or the screen cannot judge: then the library's walk runs.

    ``schema_is_valid(schema)`` screens a schema against its dialect's meta-schema (True,
    False, or None for "cannot say"). ``root_uri`` is the address the library is given for
    ``root``, and ``load(uri)`` reads another file as its resolver does (without ``load``, a
    ``$ref`` into another file leaves the answer to the library)."""
    screen = _Screen(root, value_validator, format_checker, schema_is_valid, root_uri, load)
    path = screen.path
    try:
        no_base_change(root)
        if "tags" in root:
            screen.tags(oas32)
        if "paths" in root:
            screen.paths(swagger2, oas32)
        if "components" in root:
            components = screen.mapping(root["components"])
            if "schemas" in components:
                path += ["components", "schemas", None]
                for name, schema in screen.mapping(components["schemas"]).items():
                    path[-1] = name
                    screen.schema(schema, entry=True)
    except Undecided:
        return None
    return screen.errors


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


class _Screen(LibraryReferences):
    def __init__(
        self,
        root: Any,
        value_validator: Any,
        format_checker: Any,
        schema_is_valid: Any,
        root_uri: str,
        load: Callable[[str], Any] | None,
    ) -> None:
        super().__init__(root, root_uri, load)
        self.value_validator = value_validator
        self.format_checker = format_checker
        self.schema_is_valid = schema_is_valid
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.collected: dict[int, frozenset[Any]] = {}
        #: where the walk is, as the library's paths name it (keys and list indexes)
        self.path: list[Any] = []
        #: the errors of ``default`` values, tagged as the library tags them
        self.errors: list[Any] = []

    # -- the places the library walks ------------------------------------------------------

    def tags(self, oas32: bool) -> None:
        tags = [self.resolve(tag) for tag in self.sequence(self.root["tags"])]
        names = [_get(tag, "name") for tag in tags]
        if not all(isinstance(name, str) for name in names):
            raise Undecided("a tag without a name")  # the library's walk raises
        if len(set(names)) != len(names):
            raise Undecided("a tag name used twice")
        if oas32 and any("parent" in tag for tag in tags):
            raise Undecided("tag parents")

    def paths(self, swagger2: bool, oas32: bool) -> None:
        path = self.path
        for url, item in self.mapping(self.root["paths"]).items():
            item = self.mapping(item)
            path += ["paths", url]
            if "parameters" in item:
                path.append("parameters")
                self.parameters(item["parameters"], swagger2)
                path.pop()
            for name, operation in item.items():
                if name in _OPERATIONS or (oas32 and name == "query"):
                    path.append(name)
                    self.operation(url, operation, swagger2)
                    path.pop()
                elif oas32 and name == "additionalOperations":
                    path += [name, None]
                    for other_name, other in self.mapping(operation).items():
                        path[-1] = other_name
                        self.operation(url, other, swagger2)
                    del path[-2:]
            del path[-2:]

    def operation(self, url: str, operation: Any, swagger2: bool) -> None:
        operation = self.resolve(operation)
        if not isinstance(operation, dict):
            raise Undecided("an operation that is not a mapping")
        if "operationId" in operation:
            self.resolve(operation["operationId"])  # read by the library's walk
        path = self.path
        if "responses" in operation:
            for code, response in self.mapping(operation["responses"]).items():
                response = self.resolve(response)
                if swagger2:
                    if isinstance(response, dict) and "schema" in response:
                        path += ["responses", code, "schema"]
                        self.schema(response["schema"], entry=True)
                        del path[-3:]
                    continue
                if not isinstance(response, dict) or "content" not in response:
                    continue  # the library's walk looks no further either
                for mime, media in self.mapping(response["content"]).items():
                    media = self.resolve(media)
                    if isinstance(media, dict) and "schema" in media:
                        path += ["responses", code, "content", mime, "schema"]
                        self.schema(media["schema"], entry=True)
                        del path[-5:]
        if "parameters" in operation:
            path.append("parameters")
            self.parameters(operation["parameters"], swagger2)
            path.pop()
        try:
            # the library reads the template's parameters with string.Formatter, which
            # refuses a stray brace ('/a/{b'): its walk stops there
            list(string.Formatter().parse(url))
        except ValueError:
            raise Undecided("a path template the library cannot read") from None

    def parameters(self, parameters: Any, swagger2: bool) -> None:
        path = self.path
        path.append(None)
        for index, parameter in enumerate(self.sequence(parameters)):
            path[-1] = index
            parameter = self.resolve(parameter)
            if (
                not isinstance(parameter, dict)
                or not isinstance(parameter.get("name"), str)
                or not isinstance(parameter.get("in"), str)
            ):
                # not a parameter (a $ref to something else): the library's walk raises
                raise Undecided("a parameter without a name or a place")
            if "schema" in parameter:
                path.append("schema")
                self.schema(parameter["schema"], entry=True)
                path.pop()
            if swagger2 and "default" in parameter:
                self.default(parameter, self.resolve(parameter["default"]))
        path.pop()

    # -- schemas ---------------------------------------------------------------------------

    def schema(self, schema: Any, *, entry: bool) -> None:
        value = self.resolve(schema)
        if not isinstance(value, (dict, bool)):
            raise Undecided("a schema that is not an object")
        if entry and id(value) not in self.meta_checked:
            self.meta_checked.add(id(value))
            if self.schema_is_valid(value) is not True:
                raise Undecided("a schema its meta-schema may reject")
        if id(value) in self.visited or not isinstance(value, dict):
            return
        self.visited.add(id(value))
        no_base_change(value)
        path = self.path
        for keyword in _NESTED:
            if keyword in value:
                path += [keyword, None]
                for index, inner in enumerate(self.sequence(value[keyword])):
                    path[-1] = index
                    self.schema(inner, entry=False)
                del path[-2:]
        for keyword in ("not", "items"):
            if keyword in value:
                path.append(keyword)
                self.schema(value[keyword], entry=False)
                path.pop()
        if "properties" in value:
            # the library reads the names of every schema's properties
            path += ["properties", None]
            for name, inner in self.mapping(value["properties"]).items():
                path[-1] = name
                self.schema(inner, entry=False)
            del path[-2:]
        if "required" in value:
            self.resolve(value["required"])  # read by the library whether or not it is used
        if "allOf" in value and self._undefined_required(value):
            raise Undecided("required properties an allOf may not define")
        if "default" in value:
            # the library reads both through a reference (a value of its own is not one)
            default = self.resolve(value["default"])
            nullable = self.resolve(value["nullable"]) if "nullable" in value else False
            if default is not None or nullable is not True:
                self.default(value, default)

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
            raise Undecided("a cycle through allOf")
        stack.add(id(schema))
        found: set[Any] = set()
        if "properties" in schema:
            found.update(self.mapping(schema["properties"]))
        for keyword in _NESTED:
            if keyword in schema:
                for inner in self.sequence(schema[keyword]):
                    found |= self._properties(inner, stack)
        for keyword in ("items", "not"):
            if keyword in schema:
                found |= self._properties(schema[keyword], stack)
        stack.discard(id(schema))
        self.collected[id(schema)] = frozen = frozenset(found)
        return frozen

    def default(self, schema: Mapping[str, Any], value: Any) -> None:
        references = _references_inside(schema)
        if references is None:
            raise Undecided("a default beside dynamic references")
        if references:
            # the library's value validator resolves them from the schema's own file, through
            # its document's registry: the same here, with the same loader
            validator = self.value_validator(
                schema, _resolver=self.resolver(schema), format_checker=self.format_checker
            )
        else:
            validator = self.value_validator(schema, format_checker=self.format_checker)
        for error in validator.iter_errors(value):
            # as the library's keyword validator tags it (oasgate.model.validation._tagging)
            error.oasgate_parts = tuple(self.path)
            error.oasgate_keyword = "default"
            self.errors.append(error)


def _references_inside(value: Any) -> bool | None:
    """Whether ``$ref`` appears anywhere inside; None for a dynamic reference or a ``$id``
    (resolved against a scope or a base this screen does not follow)."""
    found = False
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "$dynamicRef" in item or "$recursiveRef" in item or "$id" in item:
                return None
            found = found or "$ref" in item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


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


def dialect_walk_errors(
    dialect: Dialect,
    rust: Any,
    root: Any,
    *,
    root_uri: str = "",
    load: Callable[[str], Any] | None = None,
) -> list[Any] | None:
    """:func:`library_walk_errors` for a document of ``dialect``, with the library's own
    value validator, format checker and meta-schemas."""
    import openapi_schema_validator
    from jsonschema.validators import validator_for

    from oasgate.model.meta_schema import screen_schema

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

    return library_walk_errors(
        root,
        swagger2=dialect.schema_file == "v2.0",
        oas32=dialect.schema_file == "v3.2",
        value_validator=value_class,
        format_checker=value_checker,
        schema_is_valid=schema_is_valid,
        root_uri=root_uri,
        load=load,
    )
