"""A loaded OpenAPI document: its files, lazy ``$ref`` resolution and source positions.

References are resolved *by structure*: callers ask for a reference to be
followed only where the OpenAPI schema allows one (a schema, a parameter, a
response...), so a property that happens to be named ``$ref`` stays a property.
External files are read on first use, through the :class:`SourceTree`, which keeps
reads inside the spec's tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Location
from oasgate.parsing import ParsedText, parse_source
from oasgate.sources import SourceText, SourceTree, join_ref_path

Pointer = tuple[str | int, ...]


@dataclass
class SourceFile:
    """One parsed file of a (possibly multi-file) document."""

    source: SourceText
    parsed: ParsedText
    _locator: Any = field(default=None, repr=False)

    @property
    def data(self) -> Any:
        return self.parsed.data

    def position(self, tokens: Pointer) -> tuple[int, int] | None:
        if self._locator is None:
            from oasgate.locator import Locator  # only when a position is reported

            self._locator = Locator(self.source.text, is_json=self.parsed.is_json)
        position: tuple[int, int] | None = self._locator.position(tokens)
        return position


@dataclass(frozen=True)
class Node:
    """A value in the document together with where it was written."""

    value: Any
    file: str  # SourceFile key
    pointer: Pointer

    def child(self, token: str | int) -> Node:
        return Node(self.value[token], self.file, (*self.pointer, token))

    def get(self, key: str) -> Node | None:
        value = self.value
        if isinstance(value, dict) and key in value:
            return Node(value[key], self.file, (*self.pointer, key))
        return None


def encode_pointer(tokens: Pointer) -> str:
    """RFC 6901 JSON pointer text for a token path."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def decode_pointer(text: str) -> list[str]:
    if text in ("", "/"):
        return []
    if not text.startswith("/"):
        raise ValueError(text)
    return [unquote(t).replace("~1", "/").replace("~0", "~") for t in text[1:].split("/")]


_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class Document:
    """All files of one spec, and the services the model needs from them."""

    def __init__(self, tree: SourceTree, *, max_bytes: int | None = None) -> None:
        self._tree = tree
        self._max_bytes = max_bytes
        self._files: dict[str, SourceFile] = {}
        self._targets: dict[tuple[str, str], Node] = {}
        self.diagnostics: list[Diagnostic] = []
        self.root = Node(self._load(tree.root_key).data, tree.root_key, ())
        if not isinstance(self.root.value, dict):
            raise OasgateError(
                "not an OpenAPI document: the top level must be a mapping",
                file=self.display_name(tree.root_key),
            )

    @property
    def root_display(self) -> str:
        return self.display_name(self.root.file)

    def display_name(self, key: str) -> str:
        file = self._files.get(key)
        return file.source.display if file else key

    def _load(self, key: str) -> SourceFile:
        loaded = self._files.get(key)
        if loaded is not None:
            return loaded
        source = self._tree.read(key)
        kwargs = {} if self._max_bytes is None else {"max_bytes": self._max_bytes}
        parsed = parse_source(source, **kwargs)
        loaded = SourceFile(source, parsed)
        self._files[key] = loaded
        for duplicate in parsed.duplicate_keys:
            self.diagnostics.append(
                Diagnostic(
                    "duplicate-key",
                    f"duplicate mapping key {duplicate}; the last one is used",
                    Location(source.display, ""),
                )
            )
        return loaded

    # -- references -------------------------------------------------------------------------

    def ref_target(self, ref: str, from_file: str, ref_pointer: Pointer) -> Node:
        """The node a ``$ref`` string written in ``from_file`` points at."""
        known = self._targets.get((ref, from_file))
        if known is None:
            known = self._resolve(ref, from_file, ref_pointer)
            self._targets[(ref, from_file)] = known
        return known

    def _resolve(self, ref: str, from_file: str, ref_pointer: Pointer) -> Node:
        if _REMOTE.match(ref):
            raise self._ref_error(
                f"$ref '{ref}' is a remote URL; remote references are not read",
                from_file,
                ref_pointer,
                hint="inline the schema or use a relative file",
            )
        file_part, _, fragment = ref.partition("#")
        target_key = from_file
        if file_part:
            try:
                target_key = join_ref_path(
                    from_file, unquote(file_part), root_display=self.root_display
                )
            except OasgateError as error:
                raise self._ref_error(error.message, from_file, ref_pointer, error.hint) from None
            try:
                target_file = self._load(target_key)
            except OasgateError as error:
                if error.message == "no such file":
                    raise self._ref_error(
                        f"$ref '{ref}' names a file that does not exist ({error.file})",
                        from_file,
                        ref_pointer,
                    ) from None
                raise
        else:
            target_file = self._files[target_key]
        try:
            tokens = decode_pointer(fragment)
        except ValueError:
            raise self._ref_error(
                f"$ref '{ref}' has a fragment that is not a JSON pointer", from_file, ref_pointer
            ) from None
        value = target_file.data
        path: list[str | int] = []
        for token in tokens:
            key: str | int | None = None
            if isinstance(value, dict):
                key = token if token in value else _int_key(token, value)
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                key = int(token)
            if key is None:
                raise self._ref_error(
                    f"$ref '{ref}' cannot be resolved: nothing at '{fragment}'",
                    from_file,
                    ref_pointer,
                )
            value = value[key]
            path.append(key)
        return Node(value, target_key, tuple(path))

    def verify_references(self) -> None:
        """Resolve every reference of every file once, so that a dangling ``$ref`` stops the
        run (exit 2) even where the diff would never follow it (e.g. inside an added path).

        References are found with a C-speed scan; only when one fails to resolve do we walk
        the file to find where it is written, and we raise only if it stands where OpenAPI
        allows a reference (a ``$ref`` string inside an ``example`` is data, not a reference).
        """
        from oasgate.diff.equivalence import refs_in  # the same scan the diff uses

        checked: set[str] = set()
        while True:
            pending = [key for key in self._files if key not in checked]
            if not pending:
                return
            for key in pending:
                checked.add(key)
                for ref in dict.fromkeys(refs_in(self._files[key].data)):
                    try:
                        self.ref_target(ref, key, ())
                    except OasgateError:
                        pointer = _structural_occurrence(self._files[key].data, ref)
                        if pointer is not None:
                            self.ref_target(ref, key, pointer)  # raises, with file:line

    def _ref_error(
        self, message: str, from_file: str, pointer: Pointer, hint: str | None = None
    ) -> OasgateError:
        line, column = self._files[from_file].position((*pointer, "$ref")) or (None, None)
        return OasgateError(
            message, file=self.display_name(from_file), line=line, column=column, hint=hint
        )

    def deref(self, node: Node) -> Node:
        """Follow ``$ref`` chains from ``node`` (which must be a ref-able position)."""
        seen: set[tuple[str, Pointer]] = set()
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            marker = (node.file, node.pointer)
            if marker in seen:
                raise self._ref_error(
                    f"$ref '{node.value['$ref']}' loops back to itself", node.file, node.pointer
                )
            seen.add(marker)
            node = self.ref_target(node.value["$ref"], node.file, node.pointer)
        return node

    # -- positions --------------------------------------------------------------------------

    def location(self, node_file: str, pointer: Pointer) -> Location:
        """A located :class:`Location` (line and column computed now)."""
        file = self._files[node_file]
        position = file.position(pointer)
        line, column = position if position else (None, None)
        return Location(file.source.display, encode_pointer(pointer), line, column)

    def file_text(self, key: str) -> str:
        return self._files[key].source.text

    def value_at(self, node_file: str, pointer: Pointer) -> Any:
        """The parsed value at ``pointer`` in an already loaded file."""
        value = self._files[node_file].data
        for token in pointer:
            value = value[token]
        return value


def _int_key(token: str, mapping: dict[Any, Any]) -> int | None:
    # YAML parses unquoted `200:` as an integer key.
    if token.lstrip("-").isdigit() and int(token) in mapping:
        return int(token)
    return None


#: Keys whose values are data (examples, defaults, enums) or vendor payload, never references.
_DATA_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value"})


def _structural_occurrence(data: Any, ref: str) -> Pointer | None:
    """The pointer of the first place ``ref`` is written as a reference (not as data)."""
    stack: list[tuple[Any, Pointer, bool]] = [(data, (), False)]
    while stack:
        value, pointer, in_properties = stack.pop()
        if isinstance(value, dict):
            if not in_properties and value.get("$ref") == ref:
                return pointer
            for key, item in value.items():
                if in_properties:
                    stack.append((item, (*pointer, key), False))  # a property's schema
                elif key in _DATA_KEYS or (isinstance(key, str) and key.startswith("x-")):
                    continue
                else:
                    stack.append(
                        (item, (*pointer, key), key in ("properties", "patternProperties"))
                    )
        elif isinstance(value, list):
            stack.extend((item, (*pointer, index), False) for index, item in enumerate(value))
    return None
