"""The meta-schema passes of full validation, screened by jsonschema-rs (``docs/decisions.md`` D67).

openapi-spec-validator spends almost all of its time in two JSON Schema validations of
the document against fixed meta-schemas: the whole document against the OpenAPI schema,
then each schema object against its dialect's meta-schema. The pure-Python ``jsonschema``
takes seconds for a large document (GHES 3.19: ~5 s and ~4 s); jsonschema-rs answers the
same questions in milliseconds. The Rust validator is used as a *screen* only:

- when it finds nothing, nothing is reported (the usual case: real specs are valid);
- when it finds something, the pure-Python validator runs on the parts it named, so every
  message, path and position is exactly what it was before (and what the tests pin).

So the messages never depend on which engine is installed, and the Python path stays the
fallback when jsonschema-rs has no wheel for the platform. Only meta-schemas are compiled by
jsonschema-rs (with the linear ``regex`` crate); a document's own ``pattern`` is never run
by it — patterns are evaluated when a ``default`` is checked against its schema, in Python
on RE2 (D36).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

#: Containers whose entries the OpenAPI schema checks one by one (``patternProperties``), so
#: the entries it found nothing wrong with can be left out of the pure-Python pass.
_ENTRY_CONTAINERS = frozenset({"paths", "webhooks", "definitions", "parameters", "responses"})
_COMPONENTS = "components"


def rust_validators() -> Any | None:
    """The ``jsonschema_rs`` module, or None where it is not installed (no wheel)."""
    try:
        return importlib.import_module("jsonschema_rs")
    except ImportError:
        return None


class DocumentPass:
    """Stands in for openapi-spec-validator's ``schema_validator`` (the whole document
    against the OpenAPI schema): screened by jsonschema-rs when ``rust`` is given."""

    def __init__(self, meta_schema: Mapping[str, Any], rust: Any | None) -> None:
        self._meta_schema = meta_schema
        self._rust = rust

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        from jsonschema.validators import validator_for

        python = validator_for(self._meta_schema)(
            self._meta_schema, registry=crawled_registry(self._meta_schema)
        )
        if self._rust is None:
            yield from python.iter_errors(instance)
            return
        found = _error_paths(self._rust, self._meta_schema, None, instance)
        if found is None:  # jsonschema-rs could not judge this document: all of it in Python
            yield from python.iter_errors(instance)
            return
        if not found:
            return
        stand_ins: list[tuple[Any, ...]] = []
        with_stand_ins = pruned_document(instance, found, stand_ins)
        if stand_ins and self._same_verdict(with_stand_ins, found):
            # the entries found valid beside a container's own error stand in as a Reference
            # Object: valid wherever an entry may be one, and the Python pass skips them (D92)
            kept: list[Any] = []
            errors = python.iter_errors(with_stand_ins)
            try:
                for error in errors:
                    if _shows_stand_in(error, stand_ins):
                        break  # an error that would show a stand-in: the pass below instead
                    kept.append(error)
                else:
                    yield from kept
                    return
            except Exception:
                yield from kept  # what the pass found before it stopped, then why it stopped
                raise
        pruned = pruned_document(instance, found)
        if pruned is not instance and not self._same_verdict(pruned, found):
            pruned = instance  # leaving entries out changed the verdict: keep them all
        yield from python.iter_errors(pruned)

    def _same_verdict(self, pruned: Any, found: list[tuple[str, ...]]) -> bool:
        return _error_paths(self._rust, self._meta_schema, None, pruned) == found


_CRAWLED: dict[int, tuple[Any, Any]] = {}


def crawled_registry(meta_schema: Mapping[str, Any]) -> Any:
    """The JSON Schema specifications with ``meta_schema`` added, crawled once for the
    process. The pure-Python validator's default registry is not crawled: each
    ``$dynamicRef`` of the OpenAPI 3.1 schema (one per schema object of the document)
    crawled the whole meta-schema again to find its anchor — OpenSearch's 487 schema
    errors: 0.76 s of CPU, 0.28 s with the registry crawled once (D87)."""
    cached = _CRAWLED.get(id(meta_schema))
    if cached is None:
        import referencing
        from referencing.jsonschema import DRAFT202012

        resource = referencing.Resource.from_contents(
            meta_schema, default_specification=DRAFT202012
        )
        # the validator adds the JSON Schema drafts itself; a reference to anything else
        # is not fetched from the network (the default registry's would be, with a warning)
        registry = referencing.Registry().with_resource(meta_schema.get("$id", ""), resource)
        registry = registry.crawl()
        # the meta-schema is kept alive with its registry, so that its id stays its own
        cached = _CRAWLED[id(meta_schema)] = (registry, meta_schema)
    return cached[0]


def screen_document(rust: Any, meta_schema: Mapping[str, Any], document: Any) -> bool | None:
    """True when jsonschema-rs finds ``document`` valid against ``meta_schema`` (no
    formats, as the library's pass), False when it does not, None when it cannot say."""
    found = _error_paths(rust, meta_schema, None, document)
    return None if found is None else not found


def screen_schema(rust: Any, validator_class: Any, format_checker: Any, schema: Any) -> bool | None:
    """True when jsonschema-rs finds ``schema`` valid against ``validator_class``'s
    meta-schema with ``format_checker``'s formats; False when it does not; None when it
    cannot say (then the pure-Python check decides)."""
    meta_schema = getattr(validator_class, "META_SCHEMA", None)
    if not isinstance(meta_schema, Mapping):
        return None
    found = _error_paths(rust, meta_schema, format_checker, schema)
    return None if found is None else not found


def pruned_document(
    document: Any,
    error_paths: Sequence[tuple[Any, ...]],
    stand_ins: list[tuple[Any, ...]] | None = None,
) -> Any:
    """``document`` with only the path items, webhooks and components that ``error_paths``
    reach: the OpenAPI schema checks each such entry on its own, so the others add nothing
    to the pure-Python pass but time. Everything else (``info``, ``tags``, the keys at the
    top) is kept as it is.

    A container with an error of its own (a component name its pattern refuses) keeps
    every key; given ``stand_ins``, the value of each entry no error reaches is replaced by
    :data:`STAND_IN` and the container's path is appended to ``stand_ins``, otherwise the
    container is kept whole."""
    if not isinstance(document, dict) or any(not path for path in error_paths):
        return document  # an error about the document itself: keep it whole
    pruned = dict(document)
    for key, value in document.items():
        if not isinstance(value, dict):
            continue
        deeper = [path[1:] for path in error_paths if path[0] == key]
        if key in _ENTRY_CONTAINERS:
            pruned[key] = _entries(value, deeper, (key,), stand_ins)
        elif key == _COMPONENTS:
            pruned[key] = _components(value, deeper, stand_ins)
    return pruned


#: What an entry the Python pass need not read stands in as: a Reference Object.
STAND_IN: dict[str, str] = {"$ref": "#"}


def _components(
    components: dict[Any, Any],
    paths: Sequence[tuple[Any, ...]],
    stand_ins: list[tuple[Any, ...]] | None,
) -> dict[Any, Any]:
    if any(not path for path in paths):
        return components
    kinds = {path[0] for path in paths}
    return {
        kind: _entries(
            entries, [path[1:] for path in paths if path[0] == kind], (_COMPONENTS, kind), stand_ins
        )
        if isinstance(entries, dict)
        else entries
        for kind, entries in components.items()
        if kind in kinds
    }


def _entries(
    container: dict[Any, Any],
    paths: Sequence[tuple[Any, ...]],
    where: tuple[Any, ...],
    stand_ins: list[tuple[Any, ...]] | None,
) -> dict[Any, Any]:
    wanted = {str(path[0]) for path in paths if path}
    if any(not path for path in paths):  # an error about the container itself (a key...)
        if stand_ins is None:
            return container
        stand_ins.append(where)
        return {key: value if str(key) in wanted else STAND_IN for key, value in container.items()}
    return {key: value for key, value in container.items() if str(key) in wanted}


def _shows_stand_in(error: Any, stand_ins: Sequence[tuple[Any, ...]]) -> bool:
    """Whether ``error`` (or an error of its context) is about a value holding a stand-in
    (its message or position could then show it), rather than a key or a value kept."""
    stack = [error]
    while stack:
        each = stack.pop()
        if isinstance(each.instance, (dict, list)):
            path = tuple(each.absolute_path)
            for container in stand_ins:
                if container[: len(path)] == path or (
                    len(path) == len(container) + 1
                    and path[: len(container)] == container
                    and each.instance is STAND_IN
                ):
                    return True
        stack.extend(each.context or ())
    return False


# -- jsonschema-rs ---------------------------------------------------------------------------

_COMPILED: dict[tuple[int, int], tuple[Any, Any, Any]] = {}


def _error_paths(
    rust: Any, meta_schema: Mapping[str, Any], format_checker: Any, instance: Any
) -> list[tuple[str, ...]] | None:
    """Where jsonschema-rs finds ``instance`` invalid (JSON pointers' tokens, sorted and
    unique; branches of a failed ``oneOf`` included, so a superset of the places); None
    if it cannot validate (a meta-schema it cannot compile, a value it cannot convert).

    The evaluation's error list, not ``iter_errors``: the latter copies the offending
    value into every error (OpenSearch's 487: 0.7 s and 290 MB, against 17 ms and 8 MB)."""
    try:
        validator = _compiled(rust, meta_schema, format_checker)
        if validator.is_valid(instance):
            return []
        errors = validator.evaluate(instance).errors()
        # invalid with no place named: an error about the document itself
        return sorted({_tokens(error["instanceLocation"]) for error in errors}) or [()]
    except Exception:  # any refusal of the Rust engine: the Python validator decides
        return None


def _tokens(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    return tuple(
        token.replace("~1", "/").replace("~0", "~") for token in pointer.lstrip("/").split("/")
    )


def _compiled(rust: Any, meta_schema: Mapping[str, Any], format_checker: Any) -> Any:
    """One compiled validator per meta-schema and format checker, for the process."""
    key = (id(meta_schema), id(format_checker))
    cached = _COMPILED.get(key)
    if cached is None:
        formats: dict[str, Callable[[Any], bool]] | None = None
        if format_checker is not None:
            # the formats are judged by the same Python checker as before (``regex``
            # compiles the pattern with ``re``: what is and is not a regex stays the same)
            formats = {name: _conforms(format_checker, name) for name in format_checker.checkers}
        validator = rust.validator_for(
            dict(meta_schema),
            formats=formats,
            validate_formats=format_checker is not None,
            registry=_registry(rust),
            pattern_options=rust.RegexOptions(),
        )
        # the key's objects are kept alive with the validator, so their ids stay theirs
        cached = (validator, meta_schema, format_checker)
        _COMPILED[key] = cached
    return cached[0]


def _conforms(format_checker: Any, name: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return bool(format_checker.conforms(value, name))

    return check


_REGISTRY: list[Any] = []


def _registry(rust: Any) -> Any:
    """The meta-schemas openapi-schema-validator knows (JSON Schema drafts, the OpenAPI
    dialects), served locally: jsonschema-rs would otherwise fetch an unknown one."""
    if not _REGISTRY:
        from openapi_schema_validator._specifications import REGISTRY

        _REGISTRY.append(rust.Registry([(uri, REGISTRY.contents(uri)) for uri in REGISTRY]))
    return _REGISTRY[0]
