"""How the parts of an operation read on the wire: which side of it the API reads, and
whether a parameter or header travels as text.

Inside a callback or a webhook the API is the client — it sends the request and reads
the response — so those operations are walked *mirrored*: what the API sends is judged
by the response-side rules (widening breaks), what it reads by the request-side rules
(narrowing breaks).
"""

from __future__ import annotations

from msgspec import Struct

from oasgate.diff.schema_site import FORM, JSON, TEXT
from oasgate.loading.document import Node
from oasgate.phrases import Phrase


class Wire(Struct, frozen=True):
    """How an operation's parts read on the wire: normally the API reads the request and
    sends the response; in a callback or webhook (``mirrored``) it is the other way round.
    ``prefix`` names the callback in messages."""

    mirrored: bool = False
    prefix: str = ""

    @property
    def request_side(self) -> str:
        return "response" if self.mirrored else "request"

    @property
    def response_side(self) -> str:
        return "request" if self.mirrored else "response"

    def where(self, text: str) -> str:
        return Phrase("{context}{place}", context=self.prefix, place=text) if self.prefix else text


#: an operation the API serves (not a callback or a webhook)
DIRECT = Wire()


def serialised_as(old: Node, new: Node) -> str:
    """A parameter or header travels as text unless it is described by ``content`` (then
    its value is written in that media type, JSON most often): TEXT only when both are."""
    described = any(isinstance(node.value.get("content"), dict) for node in (old, new))
    if described and all(_form_query_string(node) for node in (old, new)):
        return FORM
    return JSON if described else TEXT


def _form_query_string(node: Node) -> bool:
    """An OpenAPI 3.2 ``in: querystring`` parameter written as a form: its fields travel
    as text, as a form body's do."""
    content = node.value.get("content")
    return (
        node.value.get("in") == "querystring"
        and isinstance(content, dict)
        and any(
            str(name).partition(";")[0].strip().lower() == "application/x-www-form-urlencoded"
            for name in content
        )
    )
