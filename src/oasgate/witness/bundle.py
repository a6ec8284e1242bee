"""One side's schemas as self-contained JSON Schemas, and the real validator that judges a
witness against them.

A witness is only worth showing if a real validator agrees with it, so the instance is
checked by ``openapi-schema-validator`` (jsonschema underneath): ``OAS30Validator`` for
OpenAPI 3.0 and Swagger 2.0 documents (``nullable``, boolean ``exclusiveMinimum``), and
``OAS31Validator`` (JSON Schema 2020-12) for 3.1 and later. That is the dialect the
document declares, read by a validator written for it, rather than oasgate's own normal
form: the proof must not share the classifier's reading (docs/decisions.md D59).

A schema's ``$ref``s may cross files and loop (a tree of ``Category.children``), so the
schema handed to the validator is a copy whose every reference points into one
``definitions``/``$defs`` table of the schemas reached, keyed by where each is written.
Patterns are evaluated by RE2 (:func:`oasgate.regex.bounded_schema_patterns`), within the
bound the hardening work set.
"""

from __future__ import annotations

from typing import Any

from jsonschema import _keywords, validators
from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from oasgate.loading.document import Document, Node, Pointer, encode_pointer
from oasgate.regex import bounded_schema_patterns

#: OpenAPI 3.0's validator, also asserting the JSON Schema keywords 3.0 documents use in
#: practice and oasgate classifies (``const``, ``if``, ``prefixItems``...): a witness proves
#: what the classifier read, in the document's own dialect for everything else (D59).
OAS30Extended = validators.extend(  # type: ignore[no-untyped-call]
    OAS30Validator,
    {
        "const": _keywords.const,
        "contains": _keywords.contains,
        "dependentRequired": _keywords.dependentRequired,
        "dependentSchemas": _keywords.dependentSchemas,
        "if": _keywords.if_,
        "patternProperties": _keywords.patternProperties,
        "prefixItems": _keywords.prefixItems,
        "propertyNames": _keywords.propertyNames,
        "unevaluatedItems": _keywords.unevaluatedItems,
        "unevaluatedProperties": _keywords.unevaluatedProperties,
    },
)

#: Schemas copied per side at most; a bigger closure is not validated (no witness).
MAX_SCHEMAS = 5000


class TooBig(Exception):
    """The schemas a body reaches exceed :data:`MAX_SCHEMAS`."""


class Side:
    """One document's schemas, copied on demand, and its validator class."""

    def __init__(self, document: Document, version: str, formats: bool = False) -> None:
        self.document = document
        #: assert ``format`` (off by default, as in validators): only for a format's witness
        self.formats = formats
        self.legacy = not version.startswith("3.") or version.startswith("3.0")
        #: Swagger 2.0 writes nullability as the ``x-nullable`` extension, which oasgate reads
        self.swagger = version.startswith("2.")
        self._table_key = "definitions" if self.legacy else "$defs"
        self._names: dict[tuple[str, Pointer], str] = {}
        self._table: dict[str, Any] = {}
        self._validators: dict[str, Any] = {}
        self.broken = False

    def resolve(self, node: Node) -> Node:
        """The schema a ``$ref`` chain ends at (the node itself when it is no reference)."""
        return self.document.deref(node)

    def name(self, node: Node) -> str:
        """The table entry of the schema written at ``node`` (copied on first use)."""
        key = (node.file, node.pointer)
        known = self._names.get(key)
        if known is not None:
            return known
        if len(self._names) >= MAX_SCHEMAS:
            raise TooBig
        name = f"s{len(self._names)}"
        self._names[key] = name
        self._table[name] = True  # placeholder while the copy (which may loop back) is made
        try:
            self._table[name] = self._copy(node)
        except (RecursionError, TooBig):
            # a copy left half made holds placeholders that accept anything: nothing this
            # side judges from now on can be trusted
            self.broken = True
            raise
        return name

    def _reference(self, node: Node) -> dict[str, str]:
        return {"$ref": f"#/{self._table_key}/{self.name(self.resolve(node))}"}

    def _copy(self, node: Node) -> Any:
        value = node.value
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                reference = self._reference(node)
                if self.legacy:  # 3.0: a reference's siblings are ignored
                    return reference
                rest = {k: self._copy(node.child(k)) for k in value if k != "$ref"}
                return {**rest, **reference} if rest else reference
            copied = {k: self._copy(node.child(k)) for k in value}
            if self.swagger and value.get("x-nullable") is True:
                copied["nullable"] = True
            return copied
        if isinstance(value, list):
            return [self._copy(node.child(i)) for i in range(len(value))]
        return value

    def validator(self, node: Node) -> Any:
        """A validator of the schema at ``node``."""
        name = self.name(self.resolve(node))
        known = self._validators.get(name)
        if known is None:
            schema = {"$ref": f"#/{self._table_key}/{name}", self._table_key: self._table}
            cls = OAS30Extended if self.legacy else OAS31Validator
            if self.formats:
                checker = oas30_format_checker if self.legacy else oas31_format_checker
                known = cls(schema, format_checker=checker)
            else:
                known = cls(schema)
            self._validators[name] = known
        return known

    def judge(self, node: Node, instance: Any) -> bool | None:
        """Whether the schema at ``node`` accepts ``instance`` (patterns on RE2); ``None``
        when the validator cannot say (a schema it cannot read, nesting too deep) — never
        counted as a rejection."""
        if self.broken:
            return None
        try:
            with bounded_schema_patterns():
                verdict = bool(self.validator(node).is_valid(instance))
        except (RecursionError, TooBig):
            return None
        except Exception:
            return None
        return None if self.broken else verdict

    def where(self, node: Node) -> str:
        return f"{node.file}#{encode_pointer(node.pointer)}"
