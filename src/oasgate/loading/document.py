"""A loaded OpenAPI document: its files, lazy ``$ref`` resolution and source positions.

References are resolved *by structure*: callers ask for a reference to be
followed only where the OpenAPI schema allows one (a schema, a parameter, a
response...), so a property that happens to be named ``$ref`` stays a property.
External files are read on first use, through the :class:`SourceTree`, which keeps
reads inside the spec's tree; :class:`~oasgate.loading.limits.Limits` bounds how many files
and how many bytes one document may have. :meth:`Document.verify_references`
checks that every reference of every file resolves, so a dangling ``$ref`` stops
the run (exit 2) even where the diff would not have followed it.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from msgspec import Struct, structs

from oasgate.errors import OasgateError
from oasgate.findings import Diagnostic, Location, Severity
from oasgate.loading.base_uri import BaseUri
from oasgate.loading.limits import DEFAULT_LIMITS, Limits
from oasgate.loading.parsing import ParsedText, check_depth, parse_source
from oasgate.loading.ref_graph import loops_and_longest_chain, structural_occurrences
from oasgate.loading.refscan import SubtreeScanner, ref_strings
from oasgate.loading.sources import SourceText, SourceTree, canonical_key_of, join_ref_path

if TYPE_CHECKING:
    from oasgate.loading.locate.locator import Locator
    from oasgate.loading.shared_parses import SharedParses

Pointer = tuple[str | int, ...]


@dataclass
class SourceFile:
    """One parsed file of a (possibly multi-file) document."""

    source: SourceText
    parsed: ParsedText
    _locator: Locator | None = field(default=None, repr=False)

    @property
    def data(self) -> Any:
        return self.parsed.data

    def canonical(self) -> bytes:
        """The data as compact JSON (computed once)."""
        if self.parsed.canonical is None:
            from oasgate.loading.canonical import dump, exact

            self.parsed = structs.replace(self.parsed, canonical=exact(dump(self.parsed.data)))
        assert self.parsed.canonical is not None
        return self.parsed.canonical

    def position(self, tokens: Pointer) -> tuple[int, int] | None:
        """Line and column of the node at ``tokens``; None when the locator cannot say
        (it raises for no text, so an exception here is a bug and surfaces)."""
        return self._get_locator().position(tokens)

    def _get_locator(self) -> Locator:
        if self._locator is None:
            from oasgate.loading.locate.locator import Locator  # only when a position is reported

            source = self.source
            self._locator = (
                Locator.for_utf8_json(source.raw, lambda: source.text)
                if self.parsed.is_json
                else Locator(source.text, is_json=False)
            )
        return self._locator


class Node(Struct, frozen=True):
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


def _relative(key: str, directory: str) -> str:
    """A tree key relative to a directory of the tree (both normalised, ``/``-separated):
    ``api/v1/schemas/x.yaml`` from ``api/v1`` is ``schemas/x.yaml``, ``api/shared/y.yaml``
    is ``../shared/y.yaml``. Computed on the text alone (``os.path.relpath`` would ask for
    the current directory)."""
    if not directory:
        return key
    parts, up = key.split("/"), directory.split("/")
    common = 0
    while common < min(len(parts) - 1, len(up)) and parts[common] == up[common]:
        common += 1
    return "/".join([".."] * (len(up) - common) + parts[common:])


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

    @property
    def limits(self) -> Limits:
        """The bounds this spec is read (and compared) under."""
        return self._limits

    def __init__(
        self,
        tree: SourceTree,
        *,
        max_bytes: int | None = None,
        limits: Limits = DEFAULT_LIMITS,
        defer_depth_check: bool = False,
        parses: SharedParses | None = None,
    ) -> None:
        """Read and parse the root file (the others are read on first use).

        With ``defer_depth_check`` the root file's nesting is not checked yet: the
        caller must call :meth:`check_depth` before walking it recursively, or be ready
        for a RecursionError and call it then (its error is the one to report). With
        ``parses``, a file another document of the run parsed from the same bytes is
        not parsed again (:mod:`~oasgate.loading.shared_parses`)."""
        self._tree = tree
        # a tree that has already parsed the same blob (a history: git object ids) says so
        self._parse = getattr(tree, "parse", None) or (
            parses.parse if parses is not None else parse_source
        )
        self._limits = limits if max_bytes is None else limits.replace(max_input_bytes=max_bytes)
        self._total_bytes = 0
        self._files: dict[str, SourceFile] = {}
        self._targets: dict[tuple[str, str], Node] = {}
        #: the targets of relative references to other files, by directory written in
        self._relative_targets: dict[tuple[str, str], Node] = {}
        self._spec_paths: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        #: the root document's own address (OpenAPI 3.2 ``$self``): references under it are
        #: read from the files beside the root document (:meth:`set_base_uri`)
        self._base: BaseUri | None = None
        #: the references (and lifecycle mentions) inside subtrees, each asked once
        self.subtrees = SubtreeScanner()
        #: the root file's key while its nesting is still unchecked (``defer_depth_check``)
        self._depth_unchecked: str | None = tree.root_key if defer_depth_check else None
        self.root = Node(self._load(tree.root_key).data, tree.root_key, ())
        #: named in the errors of every reference (asked at each one resolved)
        self._root_display = self.display_name(tree.root_key)
        if not isinstance(self.root.value, dict):
            raise OasgateError(
                "not an OpenAPI document: the top level must be a mapping",
                file=self.display_name(tree.root_key),
            )

    @property
    def tree(self) -> SourceTree:
        """Where the files come from (a working tree, a git revision, a URL, stdin)."""
        return self._tree

    @property
    def root_display(self) -> str:
        return self._root_display

    def display_name(self, key: str) -> str:
        file = self._files.get(key)
        return file.source.display if file else key

    def _load(self, key: str) -> SourceFile:
        loaded = self._files.get(key)
        if loaded is not None:
            return loaded
        limits = self._limits
        if len(self._files) >= limits.max_files:
            raise OasgateError(
                f"the spec would span more than {limits.max_files} files",
                file=key,
                hint="raise it with --max-files if this document is genuine",
            )
        source = self._tree.read(key)
        self._total_bytes += len(source.raw)
        if self._total_bytes > limits.max_total_bytes:
            raise OasgateError(
                f"the spec's files add up to more than {limits.max_total_bytes} bytes",
                file=source.display,
                hint="raise it with --max-total-size if this document is genuine",
            )
        parsed = self._parse(source, limits=limits, check_nesting=key != self._depth_unchecked)
        loaded = SourceFile(source, parsed)
        self._files[key] = loaded
        for duplicate in parsed.duplicate_keys:
            first = f" (first on line {duplicate.first_line})" if duplicate.first_line else ""
            self.diagnostics.append(
                Diagnostic(
                    "duplicate-key",
                    f"mapping key '{duplicate.key}' appears twice{first}; the last one is used",
                    Location(source.display, "", duplicate.line, duplicate.column),
                )
            )
        return loaded

    def check_depth(self) -> None:
        """Refuse the root file's data if it nests deeper than the limit (once; only
        needed with ``defer_depth_check``, every other file is checked as it is read)."""
        key = self._depth_unchecked
        if key is None:
            return
        loaded = self._files[key]
        canonical = check_depth(loaded.data, loaded.source.display, self._limits, loaded.source)
        self._depth_unchecked = None
        if canonical is not None:
            loaded.parsed = structs.replace(loaded.parsed, canonical=canonical)

    def parsed(self, key: str) -> Any:
        """The data of a file already read."""
        return self._files[key].data

    def canonical(self, key: str) -> bytes:
        """The data of a file already read, as compact JSON (computed once, until
        :meth:`forget_canonical`)."""
        return self._files[key].canonical()

    def forget_canonical(self) -> None:
        """Drop every file's compact JSON: only the load checks read it (the reference
        scan, the ``ref-siblings`` check), and a document lives for the whole comparison
        after them. Asked again, a file's is computed again."""
        for loaded in self._files.values():
            if loaded.parsed.canonical is not None:
                loaded.parsed = structs.replace(loaded.parsed, canonical=None)

    def parsed_as_json(self, key: str) -> bool:
        """Whether a file already read was parsed as JSON: its data is then JSON's own
        (string keys, no NaN), and needs no conversion before a JSON Schema validator."""
        return self._files[key].parsed.is_json

    def set_base_uri(self, uri: str) -> None:
        """Resolve absolute references under ``uri`` (the address the document gives
        itself) to the files at the same place relative to the root document."""
        self._base = BaseUri.parse(uri)
        self._targets.clear()
        self._relative_targets.clear()

    def _local_key(self, url: str) -> str | None:
        """The key of the file an absolute URL under the base URI names, if it does."""
        relative = self._base.relative(url) if self._base is not None else None
        if relative is None:
            return None
        if not relative:
            return self.root.file
        path = join_ref_path(self.root.file, relative, root_display=self.root_display)
        return canonical_key_of(self._tree, path)

    def load(self, key: str) -> Any:
        """The data of a file of the tree (read now if need be), by key or absolute URL."""
        local = self._local_key(key) if _REMOTE.match(key) else None
        if local is not None:
            return self._load(local).data
        if _REMOTE.match(key):
            remote_key = self._tree.key_for_url(key)
            if remote_key is None:
                raise OasgateError(f"'{key}' is a remote URL; it is not read")
            key = remote_key
        key = join_ref_path("", key, root_display=self.root_display)
        return self._load(canonical_key_of(self._tree, key)).data

    # -- references -------------------------------------------------------------------------

    def ref_target(self, ref: str, from_file: str, ref_pointer: Pointer) -> Node:
        """The node a ``$ref`` string written in ``from_file`` points at.

        Each is resolved once per file, and a relative reference to another file once per
        directory: its target depends on the directory it is written in, not on the file
        (DigitalOcean's 2,064 files write 6,279 references, 2,877 per directory)."""
        known = self._targets.get((ref, from_file))
        if known is None:
            if ref.startswith("#") or _REMOTE.match(ref):
                known = self._resolve(ref, from_file, ref_pointer)
            else:
                # the text before the last slash: files with the same have the same dirname
                directory = from_file.rpartition("/")[0]
                known = self._relative_targets.get((ref, directory))
                if known is None:
                    known = self._resolve(ref, from_file, ref_pointer)
                    self._relative_targets[(ref, directory)] = known
            self._targets[(ref, from_file)] = known
        return known

    def _resolve(self, ref: str, from_file: str, ref_pointer: Pointer) -> Node:
        file_part, _, fragment = ref.partition("#")
        target_key = from_file
        local = self._local_ref(ref, file_part, from_file, ref_pointer)
        if local is not None:
            target_file = self._load_target(local, ref, from_file, ref_pointer)
            target_key = local
        elif _REMOTE.match(ref):
            remote_key = self._tree.key_for_url(file_part)
            if remote_key is None:
                raise self._ref_error(
                    f"$ref '{ref}' is a remote URL; it is not read",
                    from_file,
                    ref_pointer,
                    hint="only relative references, or URLs below a root document itself read "
                    "with --allow-remote, are followed",
                )
            target_file = self._load_target(remote_key, ref, from_file, ref_pointer)
            target_key = remote_key
        elif file_part:
            try:
                target_key = canonical_key_of(
                    self._tree,
                    join_ref_path(from_file, unquote(file_part), root_display=self.root_display),
                )
            except OasgateError as error:
                raise self._ref_error(error.message, from_file, ref_pointer, error.hint) from None
            target_file = self._load_target(target_key, ref, from_file, ref_pointer)
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

    def _local_ref(
        self, ref: str, file_part: str, from_file: str, ref_pointer: Pointer
    ) -> str | None:
        if self._base is None or not _REMOTE.match(ref):
            return None
        try:
            return self._local_key(file_part)
        except OasgateError as error:
            raise self._ref_error(error.message, from_file, ref_pointer, error.hint) from None

    def _load_target(self, key: str, ref: str, from_file: str, ref_pointer: Pointer) -> SourceFile:
        """Read a file a ``$ref`` names; a refusal names the ``$ref`` and where it is written."""
        try:
            return self._load(key)
        except OasgateError as error:
            if error.message == "no such file":
                raise self._ref_error(
                    f"$ref '{ref}' names a file that does not exist ({error.file})",
                    from_file,
                    ref_pointer,
                ) from None
            if error.line is not None:
                raise  # a problem inside the target file: its own file:line says most
            raise self._ref_error(
                f"$ref '{ref}': {error.file}: {error.message}", from_file, ref_pointer, error.hint
            ) from None

    def _ref_error(
        self, message: str, from_file: str, pointer: Pointer, hint: str | None = None
    ) -> OasgateError:
        line, column = self._files[from_file].position((*pointer, "$ref")) or (None, None)
        return OasgateError(
            message, file=self.display_name(from_file), line=line, column=column, hint=hint
        )

    def deref(self, node: Node) -> Node:
        """Follow ``$ref`` chains from ``node`` (which must be a ref-able position)."""
        value = node.value
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return node  # most nodes asked about are not references
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

    def verify_references(self, problems: list[Diagnostic] | None = None) -> None:
        """Check that every ``$ref`` of every file (transitively) resolves, without loops.

        The first failure raises :class:`OasgateError` — or, given ``problems``, every
        failure is appended there (``oasgate validate`` lists them all). References are
        found at C speed (each file serialised by orjson, scanned for ``"$ref":"…"``);
        each is resolved one hop, and loops are then found on the graph of hops, so a
        chain of thousands of references costs linear time. Only a reference that fails
        is located by a walk (one per file), and it is excused when it sits in data rather
        than in the description (an ``example``, a ``default``, an ``x-`` extension).
        """
        hops: dict[tuple[str, str], tuple[str, str] | None] = {}
        occurrences: dict[str, dict[str, Pointer]] = {}
        order = list(self._files)  # files read while resolving are appended as they come
        index = 0
        while index < len(order):
            key = order[index]
            index += 1
            for ref in dict.fromkeys(ref_strings(self._files[key].canonical())):
                try:
                    target = self.ref_target(ref, key, ())
                except OasgateError:
                    self._reference_problem(key, ref, occurrences, problems)
                    continue
                value = target.value
                chained = isinstance(value, dict) and isinstance(value.get("$ref"), str)
                hops[(key, ref)] = (target.file, value["$ref"]) if chained else None
            if len(self._files) > len(order):  # islice walks from the start: only if new
                order.extend(itertools.islice(self._files, len(order), None))
        loops, longest = loops_and_longest_chain(hops)
        for key, ref in loops:
            self._reference_problem(key, ref, occurrences, problems)
        if longest is not None and longest[1] > self._limits.max_depth:
            (key, ref), length = longest
            pointer = structural_occurrences(self._files[key].data).get(ref, ())
            raise self._ref_error(
                f"$ref '{ref}' starts a chain of {length} references to references, more than "
                f"the limit of {self._limits.max_depth}",
                key,
                pointer,
                hint="raise it with --max-depth if this document is genuine",
            )

    def _reference_problem(
        self,
        key: str,
        ref: str,
        occurrences: dict[str, dict[str, Pointer]],
        problems: list[Diagnostic] | None,
    ) -> None:
        """Raise (or collect) the error of ``ref`` in ``key``, located where it is written."""
        if key not in occurrences:
            occurrences[key] = structural_occurrences(self._files[key].data)
        pointer = occurrences[key].get(ref)
        if pointer is None:
            return  # only in data positions: not a reference
        try:
            self.deref(Node(_at(self._files[key].data, pointer), key, pointer))
        except OasgateError as located:
            if problems is None:
                raise located from None
            problems.append(
                Diagnostic(
                    "unresolvable-ref",
                    located.message,
                    self.location(key, (*pointer, "$ref")),
                    Severity.ERROR,
                )
            )

    # -- positions --------------------------------------------------------------------------

    def location(self, node_file: str, pointer: Pointer, *, positioned: bool = True) -> Location:
        """A :class:`Location`, its line and column computed now (unless not ``positioned``)."""
        file = self._files[node_file]
        position = file.position(pointer) if positioned else None
        line, column = position if position else (None, None)
        return Location(file.source.display, encode_pointer(pointer), line, column)

    def file_text(self, key: str) -> str:
        return self._files[key].source.text

    def file_bytes(self, key: str) -> bytes:
        """The raw content of a loaded file (searching it does not decode it)."""
        return self._files[key].source.raw

    def spec_path(self, key: str) -> str:
        """A file's path relative to the root document's directory — how the spec's own
        ``$ref``s name it from there — for telling which component a node is, between two
        sides (``""`` for the root document itself).

        A key is relative to the reference root, which may hold both sides: in
        ``oasgate check api/v1/openapi.yaml api/v2/openapi.yaml`` the same component is
        ``api/v1/schemas/x.yaml`` in the base and ``api/v2/schemas/x.yaml`` in the
        revision; from each root document it is ``schemas/x.yaml``. Reported locations
        keep the real path (:meth:`location`); only identity uses this one."""
        known = self._spec_paths.get(key)
        if known is None:
            root = self.root.file
            known = "" if key == root else _relative(key, posixpath.dirname(root))
            self._spec_paths[key] = known
        return known

    def file_keys(self) -> list[str]:
        """The files read so far (the root and every file a ``$ref`` reached)."""
        return list(self._files)

    def node_at(self, file: str, pointer: Pointer) -> Node | None:
        """The node at ``pointer`` in an already loaded file, or ``None`` if nothing is there
        (used to read the annotations around a reported change)."""
        loaded = self._files.get(file)
        if loaded is None:
            return None
        value = loaded.data
        for token in pointer:
            if isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
                value = value[token]
                continue
            if not isinstance(value, dict) or token not in value:
                return None
            value = value[token]
        return Node(value, file, pointer)

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


def _at(data: Any, pointer: Pointer) -> Any:
    for token in pointer:
        data = data[token]
    return data
