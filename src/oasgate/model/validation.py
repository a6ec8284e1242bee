"""Full validation against the OpenAPI schema (openapi-spec-validator), safely and located.

Used by ``oasgate validate`` and by ``check --strict`` only (``docs/decisions.md`` D7).
jsonschema-rs screens the library's meta-schema passes and a walk of our own proves its
other checks silent (D67, D68): a valid spec never reaches the slow pure-Python paths,
and an invalid one gets the library's own messages for the parts in error.

Two things are added to the validator:

- **confinement** — the validator resolves ``$ref``s itself and would read any
  file or URL (its fallback for an unknown scheme is ``urlopen``). It is given a
  base URI under a private prefix and a handler for *every* scheme that reads only
  through our :class:`~oasgate.loading.document.Document`, i.e. through the same
  :class:`~oasgate.loading.sources.SourceTree` and limits as everything else;
- **positions** — every error is mapped to the node it is about: schema errors carry
  their path; errors of the validator's own checks (duplicate operationIds,
  unresolved path parameters...) are tagged with the path the check was looking
  at. Paths are walked through ``$ref``s in our document to the file and JSON
  pointer where the node is written, which gives file:line.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Severity
from oasgate.loading.document import Document, Node
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.model.spec import SpecModel
from oasgate.model.unique_items import linear_uniqueness

CODE = "openapi-schema"


def validate_spec(
    spec: str,
    *,
    ref_root: str | None = None,
    allow_remote: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    schema: bool = True,
) -> tuple[SpecModel, list[Diagnostic]]:
    """Load ``spec`` and list every problem: unresolvable references, oasgate's structural
    checks and (with ``schema``) the OpenAPI schema's violations, in document order.

    Only input that cannot be read or parsed at all raises :class:`OasgateError`.
    """
    from oasgate.loading.trees import open_tree
    from oasgate.model.diagnostics import in_document_order, structural_diagnostics
    from oasgate.model.swagger2 import open_model

    tree = open_tree(spec, ref_root=ref_root, allow_remote=allow_remote, limits=limits)
    document = Document(tree, limits=limits)
    model = open_model(document)
    problems: list[Diagnostic] = []
    document.verify_references(problems)
    problems.extend(model.diagnostics)
    problems.extend(_json_duplicates(document))
    problems.extend(structural_diagnostics(model))
    if schema:
        known = {(p.location.file, p.location.line) for p in problems}
        problems.extend(
            d for d in schema_diagnostics(model) if (d.location.file, d.location.line) not in known
        )
    return model, in_document_order(problems, document)


def _json_duplicates(document: Document) -> list[Diagnostic]:
    from oasgate.findings import Location
    from oasgate.loading.duplicate_keys import json_duplicate_keys
    from oasgate.loading.parsing import looks_like_json

    found: list[Diagnostic] = []
    for key in document.file_keys():
        raw = document.file_bytes(key)
        if not looks_like_json(raw):
            continue  # YAML duplicates are found while parsing
        for duplicate in json_duplicate_keys(raw, document.file_text(key)):
            first = f" (first on line {duplicate.first_line})" if duplicate.first_line else ""
            found.append(
                Diagnostic(
                    "duplicate-key",
                    f"key '{duplicate.key}' appears twice in one object{first}; "
                    "the last one is used",
                    Location(document.display_name(key), "", duplicate.line, duplicate.column),
                )
            )
    return found


_PREFIX = "/__oasgate__/"
_BASE = "file://" + _PREFIX


def schema_diagnostics(model: SpecModel, *, screen: bool = True) -> list[Diagnostic]:
    """Every error openapi-spec-validator reports for the document, with its position.

    With ``screen`` (and jsonschema-rs installed) its meta-schema passes are screened by
    jsonschema-rs (D67); without, it runs all in Python as before. Same errors either way.
    Patterns are evaluated by RE2 and judged valid as ECMA-262 reads them, in the screens
    and in the library alike (:func:`~oasgate.regex.bounded_schema_patterns`, D36, D97)."""
    from oasgate.model import library_settings
    from oasgate.regex import bounded_schema_patterns

    library_settings.defer()  # pydantic is imported only if the settings are read (D93)
    with bounded_schema_patterns():
        return _schema_diagnostics(model, screen)


def _schema_diagnostics(model: SpecModel, screen: bool) -> list[Diagnostic]:
    import warnings

    document = model.document
    root = document.root
    # a file orjson parsed is JSON already; converting GHES's 11 MB again cost ~0.4 s
    instance = root.value if document.parsed_as_json(root.file) else _as_json(root.value)
    rust = _rust_if_usable() if screen else None
    errors: Iterator[Any] | None = None
    walk = _walk_errors(model, rust, instance) if rust is not None else None
    if walk is not None:
        # what the library's own walk would add is known: its first pass, screened, and
        # then those errors (D92, D93)
        first = _document_pass(model, rust, instance)
        if first is None and not walk:
            return []
        errors = itertools.chain(first or (), walk)
    if errors is None:
        base, meta_schema = _library_parts(model)
        validator_class = _validator_class(model, base, meta_schema, rust)
        validator = validator_class(instance, base_uri=_root_uri(document))
        errors = validator.iter_errors()
    found: list[Diagnostic] = []
    seen: set[tuple[str, str, str]] = set()
    while True:
        try:
            with warnings.catch_warnings(), linear_uniqueness():
                warnings.simplefilter("ignore")
                error = next(errors)
        except StopIteration:
            break
        except RecursionError:
            found.append(_stopped(document, "the document nests too deeply for the validator"))
            break
        except Exception as problem:  # the validator gave up part-way; say so, keep the rest
            found.append(_stopped(document, f"{type(problem).__name__}: {problem}"))
            break
        for diagnostic in _diagnostics(document, error):
            # The schema is checked twice (the whole document, then each schema object with
            # its own dialect): the same complaint about the same value counts once.
            quoted = _QUOTED.search(diagnostic.message)
            subject = quoted.group(0) if quoted else diagnostic.message
            key = (diagnostic.location.file, diagnostic.location.pointer, subject)
            if key not in seen:
                seen.add(key)
                found.append(diagnostic)
    return found


def _stopped(document: Document, reason: str) -> Diagnostic:
    return Diagnostic(
        CODE,
        f"schema validation stopped early: {reason}",
        document.location(document.root.file, ()),
    )


#: The validator's own checks that oasgate's structural checks already report, better located.
_COVERED = frozenset(
    {"DuplicateOperationIDError", "UnresolvableParameterError", "ParameterDuplicateError"}
)
_QUOTED = re.compile(r"'([^']*)'")


def _diagnostics(document: Document, error: Any) -> Iterator[Diagnostic]:
    if type(error).__name__ in _COVERED:
        return
    detail = error
    for _ in range(8):  # oneOf inside oneOf: descend to the innermost explanation
        closer = _closest(detail)
        if closer is detail:
            break
        detail = closer
    parts = (*getattr(error, "oasgate_parts", ()), *detail.absolute_path)
    if detail.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        detail.instance, dict
    ):
        # "'GET' does not match any of the regexes": point at the offending key itself
        named = next((k for k in _QUOTED.findall(detail.message) if k in detail.instance), None)
        if named is not None:
            parts = (*parts, named)
    node = _node_at(document, parts)
    instance = detail.instance
    if isinstance(instance, str) and isinstance(node.value, dict) and instance in node.value:
        node = node.child(instance)  # propertyNames: the key itself is wrong
    message = _one_line(_required_in_document_order(_readable(detail), document, node))
    if getattr(error, "oasgate_keyword", None) == "default":
        message = f"default value: {message}"
    yield Diagnostic(CODE, message, document.location(node.file, node.pointer), Severity.ERROR)


_UNDEFINED_REQUIRED = re.compile(
    r"(Required list has not defined properties: )(\[.*\])\Z", re.DOTALL
)


def _required_in_document_order(message: str, document: Document, node: Node) -> str:
    """The library lists the required names no property of an ``allOf`` defines in a
    set's order, which follows Python's string hashing and so changes from run to run:
    listed here in the order the ``required`` of the schema at ``node`` gives them
    (through its ``$ref``: the library's walk names the place that holds the reference)."""
    matched = _UNDEFINED_REQUIRED.match(message)
    if matched is None:
        return message
    try:
        names = ast.literal_eval(matched.group(2))
        schema = document.deref(node).value
    except (ValueError, SyntaxError, MemoryError, RecursionError, OasgateError):
        return message
    required = schema.get("required") if isinstance(schema, dict) else None
    if not isinstance(names, list) or not isinstance(required, list):
        return message
    place = {name: index for index, name in enumerate(required) if isinstance(name, str)}
    names.sort(key=lambda name: (place.get(name, len(place)), repr(name)))
    return f"{matched.group(1)}{names!r}"


def _closest(error: Any) -> Any:
    """For "not valid under any of the given schemas", the branch that explains best."""
    from jsonschema.exceptions import best_match

    context = list(getattr(error, "context", None) or ())
    if not context:
        return error
    branches = error.schema.get(error.validator) if isinstance(error.schema, dict) else None
    if isinstance(error.instance, dict) and "$ref" not in error.instance and branches:
        # an object without $ref is not a failed Reference Object: ignore that branch
        references = {
            index
            for index, branch in enumerate(branches)
            if isinstance(branch, dict) and str(branch.get("$ref", "")).endswith("/Reference")
        }
        others = [
            e
            for e in context
            if not (e.relative_schema_path and e.relative_schema_path[0] in references)
        ]
        context = others or context
    return best_match(context)


def _readable(detail: Any) -> str:
    """The message, without a long dump of the offending value at its start."""
    message: str = detail.message
    shown = repr(detail.instance)
    if len(shown) > 60 and message.startswith(shown):
        instance = detail.instance
        kind = (
            "the object"
            if isinstance(instance, dict)
            else "the list"
            if isinstance(instance, list)
            else "the value"
        )
        message = kind + message[len(shown) :]
    return message


def _one_line(message: str, limit: int = 300) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_at(document: Document, parts: tuple[Any, ...]) -> Node:
    """The node at a validator path, following ``$ref``s as the validator did."""
    node = document.root
    for token in parts:
        try:
            node = document.deref(node)
        except OasgateError:
            return node
        value = node.value
        if isinstance(value, dict):
            key: Any = token if token in value else str(token)
            if key not in value and isinstance(token, str) and token.lstrip("-").isdigit():
                key = int(token)
            if key not in value:
                return node
            node = node.child(key)
        elif isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
            node = node.child(token)
        else:
            return node
    return node


# -- the validator, confined and position-tagging -----------------------------------------


class _ConfinedHandlers(dict[str, Any]):
    """A handler for every URI scheme: reads only through the document's source tree."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self._document = document

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str) -> Any:
        return self.read

    def read(self, uri: str) -> Any:
        """The data of the file ``uri`` names, as the validator's resolver reads it."""
        parts = urlsplit(uri)
        if parts.scheme == "file" and parts.path.startswith(_PREFIX):
            return _as_json(self._document.load(unquote(parts.path[len(_PREFIX) :])))
        return _as_json(self._document.load(uri.partition("#")[0]))  # refused unless served


def _as_json(data: Any) -> Any:
    """The data as JSON would have it: YAML's integer keys (``200:``) become strings;
    YAML's ``.nan`` and ``.inf`` stay numbers (not ``null``)."""
    import json

    import orjson

    from oasgate.loading.canonical import dump_value

    text = dump_value(data)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:  # integers beyond 64 bits, NaN and the infinities
        return json.loads(text)


def prepare() -> None:
    """Import what validating any document imports — the screens, jsonschema-rs, the
    value validators of openapi-schema-validator — so that the children forked next to
    validate each document (``check --strict``, D95) inherit them rather than each
    importing them again. openapi-spec-validator's walk, needed only where the screens
    cannot answer, is left to the child that needs it."""
    import importlib

    from oasgate.model import library_settings

    library_settings.defer()  # before openapi-schema-validator: no pydantic (D93)
    for name in ("oasgate.model.semantic_screen", "oasgate.regex", "openapi_schema_validator"):
        importlib.import_module(name)
    _rust_if_usable()


def _rust_if_usable() -> Any | None:
    from oasgate.model.meta_schema import rust_validators

    return rust_validators()


def _root_uri(document: Document) -> str:
    """The address the library's resolver is given for the root file."""
    return _BASE + quote(document.root.file)


def _walk_errors(model: SpecModel, rust: Any, instance: Any) -> list[Any] | None:
    """What the library's own walk would report that oasgate does not, when
    :mod:`oasgate.model.semantic_screen` can say (nothing, or the ``default`` values their
    schemas reject: D68, D92, D93), following ``$ref``s into other files through the same
    confined loader the library gets. None on any doubt or failure: the walk runs."""
    import warnings

    from oasgate.model.semantic_screen import dialect_walk_errors

    document = model.document
    try:
        with warnings.catch_warnings(), linear_uniqueness():
            warnings.simplefilter("ignore")
            return dialect_walk_errors(
                _dialect(model),
                rust,
                instance,
                root_uri=_root_uri(document),
                load=_ConfinedHandlers(document).read,
            )
    except Exception:  # RecursionError included: the library's own walk will say what it can
        return None


def _document_pass(model: SpecModel, rust: Any, instance: Any) -> Iterator[Any] | None:
    """None when jsonschema-rs finds the document valid against the OpenAPI schema; else
    the library's first pass (the document against that schema), screened by jsonschema-rs
    as it is inside the library (:class:`~oasgate.model.meta_schema.DocumentPass`), without
    importing openapi-spec-validator. Its errors are the ones the library yields, which
    only re-wraps them in its own error class (same message, paths and context)."""
    from oasgate.model.meta_schema import DocumentPass, screen_document
    from oasgate.model.semantic_screen import library_schema

    meta_schema = library_schema(_dialect(model))
    if screen_document(rust, meta_schema, instance) is True:
        return None
    return DocumentPass(meta_schema, rust).iter_errors(instance)


def _dialect(model: SpecModel) -> Any:
    from oasgate.model.semantic_screen import DIALECTS

    version = model.version
    kind = (
        "3.0"
        if version.startswith("3.0")
        else "3.2"
        if model.oas32
        else "3.1"
        if version.startswith("3.")
        else "2.0"
    )
    return DIALECTS[kind]


def _library_parts(model: SpecModel) -> tuple[Any, Any]:
    """openapi-spec-validator's validator class for the document's version, and the
    OpenAPI schema it validates the document against."""
    from openapi_spec_validator import schemas
    from openapi_spec_validator.validation import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    version = model.version
    base: Any
    meta_schema: Any
    if version.startswith("3.0"):
        base, meta_schema = OpenAPIV30SpecValidator, schemas.schema_v30
    elif model.oas32:  # the 3.2 schema openapi-spec-validator ships
        base, meta_schema = OpenAPIV32SpecValidator, schemas.schema_v32
    elif version.startswith("3."):
        base, meta_schema = OpenAPIV31SpecValidator, schemas.schema_v31
    else:
        base, meta_schema = OpenAPIV2SpecValidator, schemas.schema_v2
    return base, getattr(meta_schema, "__wrapped__", meta_schema)


def _validator_class(model: SpecModel, base: Any, meta_schema: Any, rust: Any | None) -> Any:
    """``base`` confined, tagging its errors with their paths, and with its two meta-schema
    passes screened by jsonschema-rs when ``rust`` is given (:mod:`oasgate.model.meta_schema`)."""
    from oasgate.model.meta_schema import DocumentPass

    keyword_validators = {
        name: _tagging(name, _screened(cls, rust) if name == "schema" else cls)
        for name, cls in base.keyword_validators.items()
    }
    handlers = _ConfinedHandlers(model.document)
    return type(
        "ConfinedValidator",
        (base,),
        {
            "resolver_handlers": handlers,
            "keyword_validators": keyword_validators,
            # our own pass, never the library's choice of engine (it picks jsonschema-rs
            # whenever it is installed, with a backtracking regex engine and bare messages)
            "schema_validator": DocumentPass(meta_schema, rust),
        },
    )


class _IdSet(set[int]):
    """The schema validator records the schemas it has visited in lists (``in`` on a list:
    quadratic, ~6 s on GHES's 41,000 schema visits); a set that answers to ``append``."""

    def append(self, item: int) -> None:
        self.add(item)


def _screened(cls: Any, rust: Any | None) -> Any:
    """The schema keyword validator with sets for its visit records, and its check of each
    schema against the dialect's meta-schema screened by jsonschema-rs."""
    from oasgate.model.meta_schema import screen_schema

    def __init__(self: Any, registry: Any) -> None:
        cls.__init__(self, registry)
        self.visited_schema_ids = _IdSet()
        self.meta_checked_schema_ids = _IdSet()

    def _validate_schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
        if rust is not None:
            parts = _checker_parts(self, schema, schema_value)
            if parts is not None and screen_schema(rust, *parts, schema_value):
                return None  # valid for jsonschema-rs: the Python check would find nothing
        return cls._validate_schema_meta(self, schema, schema_value)

    return type(
        cls.__name__,
        (cls,),
        {"__init__": __init__, "_validate_schema_meta": _validate_schema_meta},
    )


def _checker_parts(validator: Any, schema: Any, schema_value: Any) -> tuple[Any, Any] | None:
    """The validator class and format checker the library's schema check would use, or
    None if it is not one of the two shapes it builds (then the Python check runs)."""
    from functools import partial

    try:
        checker = validator._get_schema_checker(schema, schema_value)
    except Exception:  # an unknown dialect: the library's own check reports it
        return None
    if isinstance(checker, partial) and "format_checker" in checker.keywords:
        owner = getattr(checker.func, "__self__", None)
        return (owner, checker.keywords["format_checker"]) if owner is not None else None
    owner = getattr(checker, "__self__", None)
    if owner is not None and getattr(checker, "__func__", None) is getattr(
        owner.check_schema, "__func__", None
    ):
        from openapi_schema_validator.validators import check_openapi_schema

        if owner.check_schema.__func__ is check_openapi_schema:
            return owner, owner.FORMAT_CHECKER  # check_openapi_schema's default
    return None


def _tagging(keyword: str, cls: Any) -> Any:
    """The keyword validator, tagging each error with the path it was checking."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    def call(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        where = next((a for a in args if isinstance(a, SchemaPath)), None)
        for error in cls.__call__(self, *args, **kwargs):
            if where is not None and not hasattr(error, "oasgate_parts"):
                if not isinstance(error, OpenAPIValidationError):
                    # the validator re-creates other errors, which would drop the tag
                    error = OpenAPIValidationError.create_from(error)
                setattr(error, "oasgate_parts", tuple(where.parts))  # noqa: B010
                setattr(error, "oasgate_keyword", keyword)  # noqa: B010
            yield error

    return type(cls.__name__, (cls,), {"__call__": call})
