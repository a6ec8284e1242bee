"""Rules about operations as a whole and their parameters beyond existence: renames and
moves, trailing slashes, operationId and tags, parameter serialisation, and the
removal of component schemas."""

from __future__ import annotations

from collections.abc import Iterator

from oasgate.catalogue.base import OK, B, C, Example, I, Kind, Rule, Side, W, op
from oasgate.catalogue.examples import document, swagger

_ARRAY_PARAM = (
    "parameters: [{name: ids, in: query, %sschema: {type: array, items: {type: integer}}}]\n" + OK
)
_FLAG_PARAM = "parameters: [{name: q, in: query, %sschema: {type: string}}]\n" + OK


def rules() -> Iterator[Rule]:
    yield from _paths_and_operations()
    yield from _parameters()
    yield from _components()


def _paths_and_operations() -> Iterator[Rule]:
    get_pet = "operationId: getPet\n" + OK
    yield Rule(
        "path-trailing-slash-changed",
        Side.NONE,
        W,
        "a path gained or lost its trailing slash",
        "path {old} is now written {new}",
        Example(op(OK), op(OK, path="/pets/")),
        Example(op(OK), op("description: all pets\n" + OK)),
        rationale="OpenAPI treats /pets and /pets/ as distinct paths, and many servers do "
        "too (strict routing), while others redirect — and a redirect can drop a request "
        "body or turn a POST into a GET. oasgate pairs the two paths (so nothing is "
        "reported as removed) and warns, because whether clients feel it depends on the "
        "server.",
    )
    yield Rule(
        "operation-renamed",
        Side.NONE,
        B,
        "an operation moved to another path or method (same operationId)",
        "operation {old} (operationId '{operation_id}') moved to {new}",
        Example(op(get_pet, path="/pets/{id}"), op(get_pet, path="/animals/{id}")),
        Example(op(OK, path="/pets/{id}"), op(OK, path="/animals/{id}")),
        rationale="The operation still exists, but clients call the old path or method and "
        "get 404 or 405. Reported once, naming both, instead of a removal and an unrelated "
        "addition; the moved operation is then compared with its old self. Only pairs "
        "whose operationId is unique on both sides.",
    )
    yield Rule(
        "operation-id-added",
        Side.NONE,
        I,
        "an operation was given an operationId",
        "operationId '{new}' added",
        Example(op(OK), op("operationId: listPets\n" + OK)),
        Example(
            op("operationId: listPets\n" + OK),
            op("operationId: listPets\ndescription: all pets\n" + OK),
        ),
        aliases=("api-operation-id-added",),
        rationale="Nothing changes on the wire; generated SDKs get a stable method name.",
    )
    yield Rule(
        "operation-id-removed",
        Side.NONE,
        W,
        "an operation's operationId was removed",
        "operationId '{old}' removed",
        Example(op("operationId: listPets\n" + OK), op(OK)),
        Example(op(OK), op("operationId: listPets\n" + OK)),
        aliases=("api-operation-id-removed",),
        rationale="Nothing changes on the wire, but SDK generators name methods after the "
        "operationId: a regenerated client loses the method its callers use. oasdiff "
        "reports this as information; we warn, because it breaks code built from the "
        "document.",
    )
    yield Rule(
        "operation-id-changed",
        Side.NONE,
        W,
        "an operation's operationId changed",
        "operationId changed from '{old}' to '{new}'",
        Example(op("operationId: listPets\n" + OK), op("operationId: getPets\n" + OK)),
        Example(op(OK), op("operationId: getPets\n" + OK)),
        rationale="Nothing changes on the wire, but generated SDK methods are renamed and "
        "links (operationId references) may dangle.",
    )
    yield Rule(
        "operation-tag-added",
        Side.NONE,
        I,
        "an operation got a new tag",
        "tag '{tag}' added",
        Example(op("tags: [pets]\n" + OK), op("tags: [pets, animals]\n" + OK)),
        Example(op("tags: [pets, animals]\n" + OK), op("tags: [animals, pets]\n" + OK)),
        aliases=("api-tag-added",),
        rationale="Tags group operations in documentation and SDKs; nothing changes on the "
        "wire. Reordering tags is not a change.",
    )
    yield Rule(
        "operation-tag-removed",
        Side.NONE,
        I,
        "an operation lost a tag",
        "tag '{tag}' removed",
        Example(op("tags: [pets, animals]\n" + OK), op("tags: [pets]\n" + OK)),
        Example(op("tags: [pets, animals]\n" + OK), op("tags: [animals, pets]\n" + OK)),
        aliases=("api-tag-removed",),
        rationale="Nothing changes on the wire; SDKs that group methods by tag may move "
        "the method to another class, which is worth knowing but not a break of the API.",
    )


def _parameters() -> Iterator[Rule]:
    q = "parameters: [{name: q, in: query, schema: {type: string}}]\n" + OK
    yield Rule(
        "request-parameter-renamed",
        Side.REQUEST,
        B,
        "a parameter was renamed (same location, same schema)",
        "{location} parameter '{old}' renamed to '{new}'",
        Example(op(q), op(q.replace("name: q", "name: query"))),
        Example(
            op(q), op(q.replace("name: q", "name: query").replace("type: string", "type: integer"))
        ),
        rationale="Clients keep sending the old name, which the server no longer reads. "
        "Reported once, naming both, instead of a removal and an unrelated addition. Only "
        "unambiguous pairs count: one parameter gone and exactly one with the same location "
        "and the same schema new. Path parameters are matched by position, so renaming "
        "{id} to {petId} is not a change at all.",
    )
    yield Rule(
        "request-parameter-serialization-changed",
        Side.REQUEST,
        B,
        "a parameter is serialised differently (style, explode, collectionFormat)",
        "{where}: serialisation changed from {old} to {new}",
        Example(op(_ARRAY_PARAM % "explode: false, "), op(_ARRAY_PARAM % "")),
        Example(op(_ARRAY_PARAM % "explode: true, "), op(_ARRAY_PARAM % "")),
        rationale="ids=1,2 and ids=1&ids=2 are different requests: a server that parses "
        "one form reads the other wrongly. Compared as written on the wire, so defaults "
        "count (style form explodes by default) and Swagger 2.0 collectionFormat maps to "
        "style and explode (csv is form without explode, multi is form exploded, ssv and "
        "pipes are spaceDelimited and pipeDelimited). For a primitive value outside the "
        "path every style writes the same thing, so only path parameters compare there.",
    )
    yield Rule(
        "request-parameter-allow-empty-value-removed",
        Side.REQUEST,
        B,
        "a parameter no longer accepts an empty value",
        "{where} no longer allows an empty value",
        Example(op(_FLAG_PARAM % "allowEmptyValue: true, "), op(_FLAG_PARAM % "")),
        Example(op(_FLAG_PARAM % ""), op(_FLAG_PARAM % "allowEmptyValue: true, ")),
        rationale="Clients that send ?q= are rejected.",
    )
    yield Rule(
        "request-parameter-allow-empty-value-added",
        Side.REQUEST,
        C,
        "a parameter now accepts an empty value",
        "{where} now allows an empty value",
        Example(op(_FLAG_PARAM % ""), op(_FLAG_PARAM % "allowEmptyValue: true, ")),
        Example(op(_FLAG_PARAM % "allowEmptyValue: true, "), op(_FLAG_PARAM % "")),
        rationale="The request side only got wider.",
    )
    yield Rule(
        "request-parameter-allow-reserved-removed",
        Side.REQUEST,
        W,
        "a parameter no longer allows unencoded reserved characters",
        "{where} no longer allows reserved characters",
        Example(op(_FLAG_PARAM % "allowReserved: true, "), op(_FLAG_PARAM % "")),
        Example(op(_FLAG_PARAM % ""), op(_FLAG_PARAM % "allowReserved: true, ")),
        rationale="Clients that send reserved characters such as / or ? unencoded may now "
        "be parsed differently; clients that percent-encode are unaffected, hence a warning.",
    )
    yield Rule(
        "request-parameter-allow-reserved-added",
        Side.REQUEST,
        C,
        "a parameter now allows unencoded reserved characters",
        "{where} now allows reserved characters",
        Example(op(_FLAG_PARAM % ""), op(_FLAG_PARAM % "allowReserved: true, ")),
        Example(op(_FLAG_PARAM % "allowReserved: true, "), op(_FLAG_PARAM % "")),
        rationale="Percent-encoded values are still understood; the request side only got wider.",
    )
    csv = "parameters: [{name: ids, in: query, type: array, items: {type: integer}%s}]\n" + OK
    yield Rule(
        "request-parameter-collection-format-changed",
        Side.REQUEST,
        B,
        "Swagger 2.0: an array parameter's collectionFormat changed",
        "{where}: collectionFormat changed from {old} to {new}",
        Example(swagger(op(csv % "")), swagger(op(csv % ", collectionFormat: multi"))),
        Example(swagger(op(csv % "")), swagger(op(csv % ", collectionFormat: csv"))),
        rationale="The Swagger 2.0 name of a serialisation change: ids=1,2 and ids=1&ids=2 "
        "are different requests. Reported under this id when both sides are Swagger 2.0, "
        "so the message speaks the document's language.",
    )


def _components() -> Iterator[Rule]:
    schemas = "components:\n  schemas:\n    Pet: {type: object}\n    Owner: {type: object}\n"
    yield Rule(
        "component-schema-removed",
        Side.NONE,
        I,
        "a schema was removed from components (or Swagger 2.0 definitions)",
        "component schema '{schema}' removed",
        Example(
            document(extra=schemas),
            document(extra=schemas.replace("    Owner: {type: object}\n", "")),
        ),
        Example(
            document(extra=schemas),
            document(extra=schemas.replace("Owner: {type: object}", "Owner: {type: string}")),
        ),
        aliases=("api-schema-removed",),
        rationale="A component schema is not on the wire by itself: where an operation used "
        "it, that operation's changes are reported where they happen. The removal is listed "
        "for SDK users, whose generated type disappears.",
        kind=Kind.CHANGE,
    )
