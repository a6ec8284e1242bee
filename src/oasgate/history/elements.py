"""The parameters and schema properties a spec deprecates, each with an identity that
holds across revisions, so the history can date them as it dates operations.

A node's pointer changes whenever a list is reordered, so an element is named by what it
is rather than where it is written:

- a parameter written in an operation, by the operation and its ``in`` and ``name``
  (``query parameter `limit` of GET /pets``); one written on the path item, by the path
  (``… of /pets/{id}``); one reached through ``$ref``, by the place it is declared
  (``… of #/components/parameters/Offset``), so a component deprecated once is dated
  once for every operation that uses it;
- a schema property, by the property path inside the schema that declares it: a
  component schema (reached through ``$ref``, in any file) by where it is declared
  (``property `owner.name` of #/components/schemas/Pet``; the schema itself is
  ``schema #/components/schemas/Pet``), an inline schema by the operation and where it
  travels (``request property `tag` of POST /pets (application/json)``).

The label is the identity: :mod:`.dates` keys the history's dates by it, and
:mod:`.annotate` writes each date into the element's node and says where it came from
under that label. Only deprecated elements are listed (the dates are those of
deprecations); a document that mentions no lifecycle key at all is not walked.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from oasgate.diff.lifecycle_pairs import mentions_lifecycle
from oasgate.errors import OasgateError
from oasgate.loading.document import Node, Pointer, encode_pointer
from oasgate.loading.refscan import LIFECYCLE_KEYS
from oasgate.model.objects import MediaType, Operation
from oasgate.model.spec import SpecModel
from oasgate.policy.status import RETIRING, read_annotation

#: the keywords whose schemas hold the same property path as their parent
_SAME_PATH = ("allOf", "anyOf", "oneOf")
#: where a label template takes the property path (a path template has braces)
_PATH = "\x00"


def operations(model: SpecModel) -> Iterator[Operation]:
    for path, item in model.all_path_items():
        yield from model.operations(path, item).values()


def deprecated_value(value: Any) -> bool:
    """Whether an element's own annotation says it is deprecated (or at end of life)."""
    return read_annotation(value).status in RETIRING


@dataclass(frozen=True)
class Element:
    """A deprecated parameter or schema property (or a component schema), by identity."""

    label: str
    node: Node  # the object whose ``x-lifecycle`` says the element's lifecycle


def deprecated_elements(model: SpecModel) -> dict[str, Element]:
    """The deprecated parameters and schema properties of ``model``, by label."""
    if not mentions_lifecycle(model.document):
        return {}
    return _Walk(model).run()


class _Walk:
    def __init__(self, model: SpecModel) -> None:
        self.model = model
        self.document = model.document
        self.found: dict[str, Element] = {}
        self.seen: set[tuple[str, Pointer]] = set()  # declarations walked (shared ones once)
        self._names: dict[tuple[str, Pointer], str] = {}

    def run(self) -> dict[str, Element]:
        """Through the model (Swagger 2.0's body and form parameters, responses without
        ``content``, and OpenAPI 3's alike): each operation's parameters, request body
        and responses."""
        model = self.model
        for operation in operations(model):
            for param in model.parameters(operation).values():
                value = param.node.value
                if isinstance(value, dict) and _says_lifecycle(value):  # most: nothing to date
                    scope = self._scope(param.node, operation)
                    self._add(f"{param.location} parameter `{param.name}` of {scope}", param.node)
            body = model.request_body(operation)
            if body is not None:
                self._content(body.content, f"request property {_PATH} of ", operation, body.node)
            for status, response in model.responses(operation).items():
                before = f"response property {_PATH} of "
                self._content(response.content, before, operation, response.node, status)
        return self.found

    def _scope(self, node: Node, operation: Operation) -> str:
        """What names an element declared at ``node``: the operation when written in it,
        the path when written on the path item, else the declaration (``$ref``'d)."""
        for owner, name in (
            (operation.node, operation.label),
            (operation.path_item, operation.path),
        ):
            if node.file == owner.file and node.pointer[: len(owner.pointer)] == owner.pointer:
                return name
        return self._where(node)

    def _deref(self, node: Node) -> Node | None:
        try:
            return self.document.deref(node)
        except OasgateError:
            return None  # a broken reference is reported by the check itself

    def _first(self, node: Node) -> bool:
        """Whether the declaration at ``node`` is walked for the first time."""
        marker = (node.file, node.pointer)
        if marker in self.seen:
            return False
        self.seen.add(marker)
        return True

    def _where(self, node: Node) -> str:
        """A declaration's name: its pointer, with the file (relative to the root
        document's, as a ``$ref`` writes it: the same at every revision) when it is not
        the root."""
        marker = (node.file, node.pointer)
        known = self._names.get(marker)
        if known is None:
            known = "#" + encode_pointer(node.pointer)
            root = self.document.root.file
            if node.file != root:
                known = posixpath.relpath(node.file, posixpath.dirname(root) or ".") + known
            self._names[marker] = known
        return known

    def _add(self, label: str, node: Node) -> None:
        value = node.value
        if isinstance(value, dict) and _says_lifecycle(value) and deprecated_value(value):
            self.found.setdefault(label, Element(label, node))

    def _content(
        self,
        content: dict[str, MediaType],
        before: str,
        operation: Operation,
        holder: Node,
        status: str = "",
    ) -> None:
        """The schemas of a body's media types, an inline one named by ``before``, where
        the body is declared, the status and the media type (walked once: the first media
        type that holds it names it)."""
        for media in content.values():
            schema = media.schema
            if schema is None:
                continue
            if _is_ref(schema.value):
                self._schema(schema, "", "")  # named by its declaration
            elif self._first(schema):
                where = f"{status} {media.name}" if status else media.name
                label = f"{before}{self._scope(holder, operation)} ({where})"
                self._schema(schema, "", label)

    def _declared(self, target: Node) -> None:
        """A schema reached through ``$ref``: named by its declaration, walked once."""
        if not self._first(target):
            return
        where = self._where(target)
        self._add(f"schema {where}", target)
        self._schema(target, "", f"property {_PATH} of {where}")

    def _schema(self, node: Node, path: str, label: str) -> None:
        """The properties of the schema at ``node`` (``path`` inside the schema that
        declares them, named by ``label``: a template with ``_PATH`` for the property path)."""
        if _is_ref(node.value):
            target = self._deref(node)
            if target is not None:
                self._declared(target)
            return
        value = node.value
        if not isinstance(value, dict):
            return
        scan = self.document.subtrees.scan(value)  # kept by the document, shared with the diff
        if not scan.mentions_lifecycle:  # nothing deprecated inside: only what it references
            for ref in scan.refs:
                try:
                    self._declared(
                        self.document.deref(Node({"$ref": ref}, node.file, node.pointer))
                    )
                except OasgateError:
                    continue  # a broken reference is reported by the check itself
            return
        properties = node.get("properties")
        if properties is not None and isinstance(properties.value, dict):
            for name in properties.value:
                prop = properties.child(name)
                inner = f"{path}.{name}" if path else str(name)
                self._add(label.replace(_PATH, f"`{inner}`"), prop)
                self._schema(prop, inner, label)
        items = node.get("items")
        if items is not None:
            self._schema(items, f"{path}[]", label)
        for keyword in _SAME_PATH:
            members = node.get(keyword)
            if members is not None and isinstance(members.value, list):
                for index in range(len(members.value)):
                    self._schema(members.child(index), path, label)


def _says_lifecycle(value: dict[str, Any]) -> bool:
    return any(key in value for key in LIFECYCLE_KEYS)


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)
