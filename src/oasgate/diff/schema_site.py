"""Where a schema sits on the wire, and how findings name it.

A :class:`SchemaSite` carries the side of the wire, the rule site (the prefix of the
rule ids: ``request-body``, ``response-property``...) and the words a message uses for
the place ("response property 'Pet.id'"). Nested sites are derived from it as the
comparison descends into properties, items and subschemas.
"""

from __future__ import annotations

from msgspec import Struct

from oasgate.catalogue import SiteName
from oasgate.catalogue.ids import (
    SITE_REQUEST_BODY,
    SITE_REQUEST_PARAMETER,
    SITE_REQUEST_PARAMETER_PROPERTY,
    SITE_REQUEST_PROPERTY,
    SITE_RESPONSE_BODY,
    SITE_RESPONSE_HEADER,
    SITE_RESPONSE_PROPERTY,
)
from oasgate.loading.document import Node
from oasgate.phrases import N_, Phrase

#: What a schema at the root of a site is called once it is a named component.
_ROOT_LABEL = {
    SITE_REQUEST_PARAMETER: N_("request parameter schema '{component}'"),
    SITE_RESPONSE_HEADER: N_("response header schema '{component}'"),
}
#: The words for a place, by side of the wire (phrases: docs/i18n.md).
_SIDE_SCHEMA = {
    "request": N_("request schema '{component}'"),
    "response": N_("response schema '{component}'"),
}
_SIDE_PROPERTY = {
    "request": N_("{context}request property '{path}'"),
    "response": N_("{context}response property '{path}'"),
}

PARAMETER_SITES = (SITE_REQUEST_PARAMETER, SITE_REQUEST_PARAMETER_PROPERTY)
#: the site of a body, and of a property inside a payload, by side of the wire
BODY_SITE = {"request": SITE_REQUEST_BODY, "response": SITE_RESPONSE_BODY}
PROPERTY_SITE = {"request": SITE_REQUEST_PROPERTY, "response": SITE_RESPONSE_PROPERTY}

#: How values at a site are written on the wire (``SchemaSite.encoding``). JSON keeps types
#: apart (``5`` is not ``"5"``); text does not, so there a string accepts every integer.
JSON = ""
#: A parameter's or header's value, and everything inside it (``in`` + ``style``).
TEXT = "text"
#: A form body (urlencoded or multipart): each top-level field travels as text.
FORM = "form"
#: One field of a form body: text itself and its repeated items, but an object inside it
#: is a JSON part (multipart) and compared as JSON.
FIELD = "field"
_VALUE_SITES = (SITE_REQUEST_PARAMETER, SITE_RESPONSE_HEADER)
_PAYLOAD_SITES = (
    SITE_REQUEST_BODY,
    SITE_REQUEST_PROPERTY,
    SITE_RESPONSE_BODY,
    SITE_RESPONSE_PROPERTY,
)
_NAMED_BY_PATH = (*_PAYLOAD_SITES, SITE_REQUEST_PARAMETER_PROPERTY)


class Union(Struct, frozen=True):
    """The two unions a pair of variants belongs to (``keyword`` ``""``: the one plain
    schema a union was wrapped from, or unwrapped into). A value one variant drops may
    live on in another (:mod:`oasgate.diff.union_values`)."""

    base: tuple[Node, ...]
    base_keyword: str
    revision: tuple[Node, ...]
    revision_keyword: str


class SchemaSite(Struct, frozen=True):
    """Where a schema sits: side of the wire, rule site name, and how to name it."""

    side: str  # "request" | "response"
    site: SiteName  # SITE_REQUEST_BODY, SITE_RESPONSE_PROPERTY...
    where: str  # human description used in messages
    path: str = ""  # property path inside the root schema
    root: str = ""  # for parameter properties: the parameter they belong to
    #: names the callback or webhook an inline schema belongs to (dropped at a component,
    #: whose name says enough and whose changes are shared by every use)
    context: str = ""
    #: how values here are written on the wire: JSON, TEXT, FORM or FIELD (see above)
    encoding: str = JSON
    #: the unions the schema here is a variant of; only an inline variant's own values
    #: are judged by it: a nested site, a qualified one, a ``not`` and a reference drop it
    #: (a component reports the same wherever it is used, and is compared once)
    union: Union | None = None

    def within(self, union: Union) -> SchemaSite:
        """The same place, as a variant of ``union``."""
        return SchemaSite(
            self.side,
            self.site,
            self.where,
            self.path,
            self.root,
            self.context,
            self.encoding,
            union,
        )

    @property
    def as_text(self) -> bool:
        """Values here travel as text: a type change is judged by the strings each type
        admits (every integer is a valid number and a valid string, docs/compatibility.md)."""
        return self.encoding in (TEXT, FIELD)

    def _inner_encoding(self, segment: str) -> str:
        """How a value inside this one is written: a parameter is text all the way down, a
        form's fields are text, and inside a field only its repeated items are."""
        if self.encoding == TEXT:
            return TEXT
        if self.encoding == FORM:
            return FIELD
        return FIELD if self.encoding == FIELD and segment == "[]" else JSON

    def nested(self, segment: str) -> SchemaSite:
        """The site of a property (or items, map values...) inside this schema."""
        if segment == "[]" and not self.path and self.site in _VALUE_SITES:
            # the items of an array parameter or header are still that parameter's values
            root = self.root or self.where
            return SchemaSite(
                self.side,
                self.site,
                Phrase("{place} items", place=self.where),
                segment,
                root,
                self.context,
                self._inner_encoding(segment),
            )
        if not self.path:
            path = segment
        elif segment.startswith("["):
            path = self.path + segment
        else:
            path = f"{self.path}.{segment}"
        if self.site in PARAMETER_SITES:
            root = self.root or (self.where if self.site == SITE_REQUEST_PARAMETER else "")
            return SchemaSite(
                self.side,
                SITE_REQUEST_PARAMETER_PROPERTY,
                Phrase("{owner} property '{path}'", owner=root, path=path)
                if root
                else Phrase("request parameter property '{path}'", path=path),
                path,
                root,
                self.context,
                self._inner_encoding(segment),
            )
        return SchemaSite(
            self.side,
            PROPERTY_SITE[self.side],
            Phrase(_SIDE_PROPERTY[self.side], context=self.context, path=path),
            path,
            context=self.context,
            encoding=self._inner_encoding(segment),
        )

    def qualified(self, label: str) -> SchemaSite:
        """The same place seen through a subschema (a variant, ``then``, ``contains``...)."""
        return SchemaSite(
            self.side,
            self.site,
            Phrase("{place} ({label})", place=self.where, label=label),
            self.path,
            self.root,
            self.context,
            self.encoding,
        )

    def entering(
        self, component: str, shared: bool = True, *, same_component: bool = True
    ) -> SchemaSite:
        """A reference was followed: names restart at the component's, so that what a shared
        component reports does not depend on which operation reached it first.

        ``shared``: both sides refer to a component. A component is one schema wherever a
        payload uses it — as a body or inside one — so bodies and properties then enter it
        at the same site: a change to ``Pet`` itself is one finding for the operations that
        return a ``Pet`` and for those that return a list of them. When only one side is a
        reference (a body that became, or stopped being, a component), the change is this
        body's and keeps its site. Parameters and headers keep their own sites.

        ``same_component``: both sides are the same component. When they are not (a
        property that now refers to another schema, or that became a reference), the
        change belongs to this place, and what is said of the schema itself names the
        property too — the reader needs ``Dialog.performedBy``, not only the name of the
        schema it now refers to. Paths inside still restart at the component: a recursive
        schema must not grow an ever longer path (the path is part of the comparison's
        memo key, which is what ends the recursion).
        """
        if not same_component and self.path and self.site in _NAMED_BY_PATH:
            return SchemaSite(
                self.side,
                self.site,
                Phrase("{place} (schema '{component}')", place=self.where, component=component),
                component,
                self.root,
                self.context,
                self.encoding,
            )
        if self.site == SITE_REQUEST_PARAMETER_PROPERTY:
            return SchemaSite(
                self.side,
                self.site,
                Phrase("request parameter property '{path}'", path=component),
                component,
                encoding=self.encoding,
            )
        if self.site in _PAYLOAD_SITES:
            site = PROPERTY_SITE[self.side] if shared else self.site
            return SchemaSite(
                self.side,
                site,
                Phrase(_SIDE_SCHEMA[self.side], component=component),
                component,
                encoding=self.encoding,
            )
        label = _ROOT_LABEL.get(self.site, _SIDE_SCHEMA[self.side])
        return SchemaSite(
            self.side,
            self.site,
            Phrase(label, component=component),
            component,
            encoding=self.encoding,
        )
