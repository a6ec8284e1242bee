"""Rewrites of an OpenAPI document (2.0, 3.0, 3.1) that must not change what it means.

They work on the parsed tree (dicts and lists, as ``json``/YAML give it) and never change
the input; each returns a new tree. Used by ``tests/acceptance/test_metamorphic.py`` (docs/compatibility.md
"Invariance", issue 13) and by ``python -m tests.metamorphic`` (find which rewrite site of a
real spec makes the engine report something: see :func:`culprits`).

- :func:`reorder` — every order-insensitive list (``allOf``/``oneOf``/``anyOf`` members,
  ``enum`` values, ``required`` names, ``type`` lists, ``parameters``, an operation's
  ``tags``, ``security`` alternatives and their scopes) and the keys of every mapping
  reordered: shuffled by a :class:`random.Random`, or all reversed. Data is left alone
  inside: ``example``/``examples``/``default``/``const``/enum members/``x-*`` keep their
  lists (their mappings' keys may move: JSON objects have no order). ``servers``,
  ``prefixItems``, tuple ``items`` and any list not named above keep their order; so does a
  list a ``$ref`` points into by position.
- :func:`inline_ref` — a non-recursive component schema copied over its ``$ref`` uses;
  :func:`extract_schema` — an inline schema moved into the components behind a ``$ref``.
- :func:`to_31` — a 3.0 document restated in 3.1 spellings (``nullable``, boolean
  ``exclusiveMinimum``/``exclusiveMaximum``, schema ``example``).
- :func:`to_32` — a 3.1 document restated as 3.2 (only ``openapi`` changes: 3.2 renamed
  nothing a 3.1 document can hold), a 3.0 document through :func:`to_31` first.

Which parts of a tree are schemas, OpenAPI objects, maps of names, or free data is worked
out by :func:`_child_role` from the keys alone — enough for these rewrites, and
conservative where unsure (an unknown key's value is data: its lists are not reordered).
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

Pointer = tuple[Any, ...]

# -- roles ---------------------------------------------------------------------------------

DOC = "object"  # an OpenAPI object with fixed fields (the root, an operation, a response…)
OBJECT = "object"
SCHEMA = "schema"
SCHEMAS = "schemas"  # name -> schema (properties, components/schemas, definitions…)
NAMES = "names"  # name -> OpenAPI object (paths, responses, content, headers…)
DATA = "data"  # free-form values: examples, defaults, extensions
SECURITY = "security"  # a list of requirement objects
REQUIREMENT = "requirement"  # scheme name -> list of scopes

#: Lists whose order carries no meaning, by the key that holds them.
ORDER_FREE = {
    SCHEMA: {"allOf", "oneOf", "anyOf", "enum", "required", "type"},
    # schema keywords too: a file of a multi-file spec is walked as an object when its
    # role is not known, and no OpenAPI object has fields with these names
    OBJECT: {"parameters", "enum", "required", "tags", "allOf", "oneOf", "anyOf", "type"},
}
_DATA_KEYS = {"example", "examples", "default", "const", "value", "links"}
_SCHEMA_ONLY = {"allOf", "oneOf", "anyOf", "additionalProperties", "not", "if", "then", "else"}
_SCHEMA_MAPS = {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}
_SCHEMA_LISTS = {"allOf", "oneOf", "anyOf", "prefixItems"}
_SCHEMA_CHILDREN = {
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
}
_SCHEMA_OBJECTS = {"discriminator", "xml", "externalDocs"}
_NAME_MAPS = {
    "paths",
    "webhooks",
    "responses",
    "content",
    "headers",
    "encoding",
    "callbacks",
    "securitySchemes",
    "securityDefinitions",
    "requestBodies",
    "pathItems",
    "variables",
}


def _child_role(role: str, key: Any, value: Any) -> str:
    """The role of ``value``, found under ``key`` in a node of role ``role``."""
    if role == DATA:
        return DATA
    if role == SCHEMAS:
        return SCHEMA
    if role == NAMES:
        return OBJECT
    if role == SECURITY:
        return REQUIREMENT
    if role == REQUIREMENT:
        return DATA  # a scope list's names
    if isinstance(key, int):
        return role  # the members of a list have its role (set by the list's key)
    if key.startswith("x-"):
        return DATA
    if role == SCHEMA:
        if key in _SCHEMA_MAPS:
            return SCHEMAS if isinstance(value, dict) else DATA
        if key in _SCHEMA_LISTS or key in _SCHEMA_CHILDREN:
            return SCHEMA
        if key in _SCHEMA_OBJECTS:
            return OBJECT
        return DATA  # enum members, example(s), default, const, unknown keywords
    # an OpenAPI object
    if key in _DATA_KEYS:
        return DATA
    if key in ("schema", "items") or key in _SCHEMA_ONLY:
        return SCHEMA
    if key in ("schemas", "definitions") or (key == "properties" and isinstance(value, dict)):
        return SCHEMAS
    if key == "security":
        return SECURITY
    if key in ("enum", "required", "type") or (key == "tags" and _all_strings(value)):
        return DATA
    if key in _NAME_MAPS or (key == "parameters" and isinstance(value, dict)):
        return NAMES
    return OBJECT


def _all_strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _order_free(role: str, key: Any, value: Any) -> bool:
    """Whether the list ``value`` under ``key`` may be reordered."""
    if role in (SECURITY, REQUIREMENT):
        return True
    if not isinstance(key, str):
        return False
    if role == SCHEMA:
        return key in ORDER_FREE[SCHEMA]
    if role == OBJECT:
        if key == "tags":
            return _all_strings(value)
        if key == "security":
            return True
        return key in ORDER_FREE[OBJECT]
    return False


# -- $ref bookkeeping ----------------------------------------------------------------------


def decode_pointer(fragment: str) -> Pointer:
    """A ``$ref``'s fragment as tokens: a URI fragment, so percent-decoded first
    (``#/paths/~1a~1%7Bid%7D/get/parameters/2``, codat.io's spelling of ``{id}``)."""
    fragment = unquote(fragment)
    if not fragment or fragment == "/":
        return () if not fragment else ("",)
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in fragment.lstrip("/").split("/"))


def encode_pointer(tokens: Pointer) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def walk(node: Any, role: str = DOC, pointer: Pointer = ()) -> Iterator[tuple[Pointer, str, Any]]:
    """Every node with its pointer and role (data nodes included, once, as a whole)."""
    yield pointer, role, node
    if role == DATA:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, _child_role(role, key, value), (*pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, role, (*pointer, index))


def refs(tree: Any) -> Iterator[tuple[Pointer, str]]:
    """Every ``$ref`` outside data: the pointer of its object and the reference."""
    for pointer, role, node in walk(tree):
        if role != DATA and isinstance(node, dict) and isinstance(node.get("$ref"), str):
            yield pointer, node["$ref"]


def _ref_targets(trees: dict[str, Any]) -> set[Pointer]:
    """Pointers that references name (fragments only, whatever file: conservative)."""
    targets: set[Pointer] = set()
    for tree in trees.values():
        for _, ref in refs(tree):
            _, _, fragment = ref.partition("#")
            targets.add(decode_pointer(fragment))
    return targets


def _list_pinned(targets: set[Pointer]) -> set[Pointer]:
    """Lists a reference points into by position: their order must stay. Tokens are
    strings, as a reference writes them (compared with :func:`_as_written`)."""
    pinned: set[Pointer] = set()
    for target in targets:
        for i, token in enumerate(target):
            if isinstance(token, str) and token.isdigit():
                pinned.add(target[:i])
    return pinned


# -- (a) reordering ------------------------------------------------------------------------

Site = tuple[Pointer, str]  # (pointer, "list" | "map")


def reorder_sites(tree: Any, pinned: set[Pointer] | None = None) -> list[Site]:
    """Where :func:`reorder` may change the order: lists and mappings of two or more."""
    pinned = _list_pinned(_ref_targets({"": tree})) if pinned is None else pinned
    sites: list[Site] = []

    def visit(node: Any, role: str, pointer: Pointer, free: bool) -> None:
        if isinstance(node, dict):
            if len(node) > 1:
                sites.append((pointer, "map"))
            for key, value in node.items():
                child_free = (
                    role != DATA and isinstance(value, list) and _order_free(role, key, value)
                )
                visit(value, _child_role(role, key, value), (*pointer, key), child_free)
        elif isinstance(node, list):
            if free and len(node) > 1 and _as_written(pointer) not in pinned:
                sites.append((pointer, "list"))
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    visit(value, role, (*pointer, index), False)

    visit(tree, DOC, (), False)
    return sites


def _as_written(pointer: Pointer) -> Pointer:
    """A pointer's tokens as a reference writes them: a list index is text there
    (``…/oneOf/0/allOf/1``, fulfillment.com's reference into another variant)."""
    return tuple(str(token) for token in pointer)


Permute = Callable[[Site, list[Any]], list[Any]]


def permuter(rng: random.Random | None, mode: str = "shuffle") -> Permute:
    """``shuffle`` (needs ``rng``), ``reverse``, or ``mixed`` (each site: keep, reverse
    or shuffle, drawn from ``rng``)."""

    def permute(site: Site, items: list[Any]) -> list[Any]:
        chosen = mode
        if mode == "mixed":
            assert rng is not None
            chosen = rng.choice(("keep", "reverse", "shuffle"))
        if chosen == "reverse":
            return items[::-1]
        if chosen == "shuffle":
            assert rng is not None
            items = list(items)
            rng.shuffle(items)
            return items
        return items

    return permute


def reorder(
    tree: Any,
    permute: Permute,
    *,
    only: set[Site] | None = None,
    pinned: set[Pointer] | None = None,
) -> Any:
    """A copy of ``tree`` with every order-free list and every mapping permuted by
    ``permute`` (restricted to the sites in ``only`` when given)."""
    allowed = set(reorder_sites(tree, pinned)) if only is None else only
    sites_of_lists = {p for p, kind in allowed if kind == "list"}
    sites_of_maps = {p for p, kind in allowed if kind == "map"}

    def rebuild(node: Any, role: str, pointer: Pointer) -> Any:
        if isinstance(node, dict):
            items = [
                (k, rebuild(v, _child_role(role, k, v), (*pointer, k))) for k, v in node.items()
            ]
            if pointer in sites_of_maps:
                items = permute((pointer, "map"), items)
            return dict(items)
        if isinstance(node, list):
            member_role = role
            members = [rebuild(v, member_role, (*pointer, i)) for i, v in enumerate(node)]
            if pointer in sites_of_lists:
                members = permute((pointer, "list"), members)
            return members
        return node

    return rebuild(tree, DOC, ())


# -- (b) inlining and extracting -----------------------------------------------------------


def _schema_home(tree: Any) -> tuple[Pointer, str]:
    """Where named schemas live: (pointer of the map, $ref prefix)."""
    if "swagger" in tree:
        return ("definitions",), "#/definitions/"
    return ("components", "schemas"), "#/components/schemas/"


def _get(tree: Any, pointer: Pointer) -> Any:
    for token in pointer:
        tree = tree[token] if isinstance(tree, dict) else tree[int(token)]
    return tree


def _schema_graph(tree: Any, prefix: str) -> dict[str, set[str]]:
    """Component schema name -> the names its local references lead to directly."""
    home, _ = _schema_home(tree)
    graph: dict[str, set[str]] = {}
    for name, schema in _get(tree, home).items():
        graph[name] = {
            ref[len(prefix) :].split("/")[0].replace("~1", "/").replace("~0", "~")
            for _, ref in refs(schema)
            if ref.startswith(prefix)
        }
    return graph


def _reachable(graph: dict[str, set[str]], name: str) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _only_local_refs(tree: Any) -> bool:
    return all(ref.startswith("#") for _, ref in refs(tree))


def inline_candidates(tree: Any) -> list[str]:
    """Component schemas that are used by a plain ``$ref`` and are not recursive (nor
    reach a schema with ``$id``/``$anchor``/``$dynamicRef``)."""
    home, prefix = _schema_home(tree)
    try:
        schemas = _get(tree, home)
    except (KeyError, TypeError, IndexError):
        return []
    if not isinstance(schemas, dict) or not _only_local_refs(tree):
        return []
    used = {ref[len(prefix) :] for pointer, ref in refs(tree) if ref.startswith(prefix) and pointer}
    graph = _schema_graph(tree, prefix)
    names = []
    for name, schema in schemas.items():
        token = str(name).replace("~", "~0").replace("/", "~1")
        if token not in used or not isinstance(schema, dict):
            continue
        if name in _reachable(graph, name):
            continue
        if _has_dynamic(schema):
            continue
        names.append(name)
    return names


_DYNAMIC = frozenset(("$id", "$anchor", "$dynamicRef", "$dynamicAnchor"))


def _has_dynamic(schema: Any) -> bool:
    return any(
        isinstance(node, dict) and not _DYNAMIC.isdisjoint(node)
        for _, role, node in walk(schema, SCHEMA)
        if role != DATA
    )


def inline_ref(tree: Any, name: str, rng: random.Random | None = None) -> Any:
    """A copy of ``tree`` where plain ``{$ref: <name>}`` uses (all of them, or a random
    non-empty subset with ``rng``) are replaced by a copy of the schema. The component
    stays (other references, and references into it, still resolve)."""
    home, prefix = _schema_home(tree)
    target = prefix + str(name).replace("~", "~0").replace("/", "~1")
    result = copy.deepcopy(tree)
    content = _get(result, (*home, name))
    uses = [
        pointer
        for pointer, ref in refs(result)
        if ref == target
        and len(_get(result, pointer)) == 1
        and pointer[: len(home) + 1] != (*home, name)
    ]
    if rng is not None and len(uses) > 1:
        uses = rng.sample(uses, rng.randint(1, len(uses)))
    for pointer in uses:
        parent = _get(result, pointer[:-1])
        parent[pointer[-1]] = copy.deepcopy(content)
    return result


def extract_candidates(tree: Any) -> list[Pointer]:
    """Inline schemas (not references, not already named) that can move into the
    components: nothing points into them, no ``$id``/``$anchor`` inside."""
    if not _only_local_refs(tree):
        return []
    home, _ = _schema_home(tree)
    pointed_into = {t[:i] for t in _ref_targets({"": tree}) for i in range(len(t) + 1)}
    dynamic = {
        tuple(map(str, pointer[:i]))
        for pointer, role, node in walk(tree)
        if role != DATA and isinstance(node, dict) and _DYNAMIC.intersection(node)
        for i in range(len(pointer) + 1)
    }
    candidates = []
    for pointer, role, node in walk(tree):
        if role != SCHEMA or not isinstance(node, dict) or "$ref" in node or not node:
            continue
        if (
            pointer[:1] != ("definitions",)
            and "schema" not in pointer
            and pointer[:1] != ("components",)
        ):
            continue  # Swagger 2.0's parameter and header `items` are not schemas
        if len(pointer) == len(home) + 1 and pointer[: len(home)] == home:
            continue  # already a named schema
        if tuple(map(str, pointer)) in pointed_into or tuple(map(str, pointer)) in dynamic:
            continue
        candidates.append(pointer)
    return candidates


def extract_schema(tree: Any, pointer: Pointer) -> Any:
    """A copy of ``tree`` with the schema at ``pointer`` moved to a fresh name in the
    components and a ``$ref`` in its place."""
    home, prefix = _schema_home(tree)
    result = copy.deepcopy(tree)
    container: Any = result
    for token in home:
        container = container.setdefault(token, {})
    name = "Extracted"
    n = 0
    while name in container:
        n += 1
        name = f"Extracted{n}"
    parent = _get(result, pointer[:-1])
    container[name] = parent[pointer[-1]]
    parent[pointer[-1]] = {"$ref": prefix + name}
    return result


# -- (c) 3.0 -> 3.1 spellings --------------------------------------------------------------

_ANNOTATIONS = ("description", "title", "readOnly", "writeOnly", "deprecated", "default")


def is_30(tree: Any) -> bool:
    return isinstance(tree.get("openapi"), str) and tree["openapi"].startswith("3.0")


def is_31(tree: Any) -> bool:
    return isinstance(tree.get("openapi"), str) and tree["openapi"].startswith("3.1")


def to_32(tree: Any) -> Any:
    """A 3.1 (or 3.0) document restated as OpenAPI 3.2.0. Every 3.1 field means the same in
    3.2 (3.2 only adds fields, and deprecates ``example``/``value`` beside the new
    ``dataValue`` without changing them), so a 3.1 document needs its version alone; a 3.0
    one is first restated in 3.1 spellings."""
    out = to_31(tree) if is_30(tree) else copy.copy(tree)
    out["openapi"] = "3.2.0"
    return out


def to_31(tree: Any) -> Any:
    """A 3.0 document restated as 3.1: ``openapi: 3.1.0``; in schemas ``nullable: true``
    becomes ``null`` in the type list (an enum stays as it is: beside an enum without null,
    3.0.3's ``nullable`` and 3.1's type list both still refuse null, D65) or, without a
    ``type``, a ``{type: 'null'}`` variant added to the schema's own ``anyOf``/``oneOf``, or
    else an ``anyOf`` of the schema and ``{type: 'null'}``; a ``nullable`` with nothing
    beside it but annotations (an ``allOf`` member ``{nullable: true}``) is kept as it is; ``exclusiveMinimum: true`` +
    ``minimum: n`` becomes ``exclusiveMinimum: n`` (same for maximum); ``example`` becomes
    ``examples: [example]``. What is written beside a ``$ref`` (ignored by 3.0, applied by
    3.1) is dropped, unless a reference points into it (dnd5eapi.co's ``#/paths/…/schema/
    allOf/3/…`` names a sibling of a ``$ref``): then the node stays as written."""
    addressed = {
        tuple(decode_pointer(ref.partition("#")[2])) for _, ref in refs(tree) if "#" in ref
    }
    inside = {target[:length] for target in addressed for length in range(len(target))}

    def schema(node: Any, pointer: tuple[str, ...]) -> Any:
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            if pointer in inside:
                return node
            # 3.0 ignores what is written beside a reference (asana's ``{$ref: UserCompact,
            # nullable: true}`` is not nullable); 3.1 applies it: only the annotations stay
            return {
                k: v for k, v in node.items() if k in ("$ref", "description", "title", "deprecated")
            }
        out: dict[str, Any] = {}
        for key, value in node.items():
            role = _child_role(SCHEMA, key, value)
            here = (*pointer, key)
            if role == SCHEMA:
                value = (
                    [schema(v, (*here, str(i))) for i, v in enumerate(value)]
                    if isinstance(value, list)
                    else schema(value, here)
                )
            elif role == SCHEMAS:
                value = {k: schema(v, (*here, k)) for k, v in value.items()}
            out[key] = value
        for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            flag = out.get(bound)
            if flag is True and limit in out:
                out[bound] = out.pop(limit)
            elif flag is False or flag is True:  # true without a bound means nothing
                del out[bound]
        if "example" in out and "examples" not in out:
            out["examples"] = [out.pop("example")]
        kind = out.get("type")
        nullable = out.get("nullable")
        if isinstance(kind, str) or nullable is None:
            out.pop("nullable", None)
            if nullable is True:
                # an enum without null keeps refusing null in both (OpenAPI 3.0.3, D65)
                out["type"] = [kind, "null"]
            return out
        rest = [
            k
            for k in out
            if k not in _ANNOTATIONS
            and k not in ("nullable", "examples", "externalDocs", "xml")
            and not k.startswith("x-")
        ]
        enum = out.get("enum")
        if nullable is True and isinstance(enum, list) and None not in enum:
            # an enum without null keeps refusing it (3.0.3, D65): nothing to restate
            del out["nullable"]
            return out
        unions = [k for k in rest if k in ("anyOf", "oneOf")]
        if nullable is True and len(unions) == 1 and set(rest) <= {unions[0], "discriminator"}:
            # the discriminator goes with the union it picks a variant of (airflow's
            # ScheduleInterval)
            del out["nullable"]
            out[unions[0]] = [*out[unions[0]], {"type": "null"}]
        elif nullable is True and rest:
            del out["nullable"]
            kept = {k: out.pop(k) for k in _ANNOTATIONS if k in out}
            out = {**kept, "anyOf": [out, {"type": "null"}]}
        # else: `nullable` alone (an allOf member saying "the whole may be null", or
        # `nullable: false` without a type) has no local 3.1 spelling: it is kept
        return out

    def rebuild(node: Any, role: str, pointer: tuple[str, ...]) -> Any:
        if role == SCHEMA:
            return schema(node, pointer)
        if role == DATA:
            return node
        if isinstance(node, dict):
            return {k: rebuild(v, _child_role(role, k, v), (*pointer, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [rebuild(v, role, (*pointer, str(i))) for i, v in enumerate(node)]
        return node

    result = rebuild(tree, DOC, ())
    result["openapi"] = "3.1.0"
    return result


# -- finding which rewrite site makes the engine report something ----------------------------

# ``python -m tests.metamorphic SPEC [--ref-root DIR] [--culprits N]`` loads SPEC, compares it
# with its fully reversed copy (every site of :func:`reorder_sites` reversed), prints the
# findings grouped by (rule, message), and with ``--culprits`` narrows the reversal down to
# single sites (or the smallest group found) that give findings on their own.


def _load(path: str, ref_root: str | None) -> tuple[Any, dict[str, Any], str]:
    import oasgate

    model = oasgate.load(path, ref_root=ref_root)
    document = model.document
    return model, {k: document.parsed(k) for k in document.file_keys()}, document.root.file


def _model_of(trees: dict[str, Any], root: str) -> Any:
    import orjson

    from oasgate.errors import OasgateError
    from oasgate.loading.document import Document
    from oasgate.loading.sources import SourceText
    from oasgate.model.swagger2 import open_model

    class Tree:
        root_key = root

        def key_for_url(self, url: str) -> str | None:
            return None

        def read(self, key: str) -> SourceText:
            if key not in trees:
                raise OasgateError("no such file", file=key)
            try:
                raw = orjson.dumps(trees[key], option=orjson.OPT_NON_STR_KEYS)
            except TypeError:  # an integer beyond 64 bits, or deeper than orjson writes
                raw = json.dumps(trees[key], default=str).encode()
            return SourceText(key, key, raw)

    document = Document(Tree())
    model = open_model(document)
    document.verify_references()
    return model


FileSite = tuple[str, Site]  # (file key, site)


def _reversed_at(trees: dict[str, Any], sites: list[FileSite]) -> dict[str, Any]:
    by_file: dict[str, set[Site]] = {}
    for key, site in sites:
        by_file.setdefault(key, set()).add(site)
    reverse = permuter(None, "reverse")
    return {
        key: reorder(tree, reverse, only=by_file[key]) if key in by_file else tree
        for key, tree in trees.items()
    }


def culprits(
    model: Any,
    trees: dict[str, Any],
    root: str,
    limit: int,
    log: Callable[[str], None],
    under: tuple[str, ...] = (),
) -> list[tuple[list[FileSite], list[Any]]]:
    """Single reversal sites (or small groups) that give findings on their own; with
    ``under``, only the sites whose pointer starts with those tokens."""
    import oasgate

    pinned = _list_pinned(_ref_targets(trees))
    sites: list[FileSite] = [
        (key, site)
        for key, tree in trees.items()
        for site in reorder_sites(tree, pinned)
        if tuple(map(str, site[0][: len(under)])) == under
    ]
    checks = 0

    def findings(subset: list[FileSite]) -> list[Any]:
        nonlocal checks
        checks += 1
        return list(oasgate.check(model, _model_of(_reversed_at(trees, subset), root)).findings)

    found: list[tuple[list[FileSite], list[Any]]] = []
    remaining = sites
    current = findings(remaining)
    while current and len(found) < limit:
        # first guess: the sites at or below the first finding's pointer
        first = current[0]
        where = first.revision or first.base
        subset = remaining
        if where is not None and where.pointer:
            tokens = tuple(
                t.replace("~1", "/").replace("~0", "~") for t in where.pointer.split("/")[1:]
            )
            near = [s for s in remaining if tuple(map(str, s[1][0][: len(tokens)])) == tokens]
            if near and findings(near):
                subset = near
        while len(subset) > 1:
            half = len(subset) // 2
            left, right = subset[:half], subset[half:]
            if findings(left):
                subset = left
            elif findings(right):
                subset = right
            else:
                subset = _ddmin(subset, lambda sub: bool(findings(sub)))
                break  # the sites only give findings together: the smallest such group
        result = findings(subset)
        found.append((subset, result))
        log(
            f"[{checks} checks] {len(subset)} site(s) {subset[:3]}: "
            + "; ".join(f"{f.rule}: {f.message}" for f in result[:3])
        )
        taken = set(subset)
        remaining = [s for s in remaining if s not in taken]
        current = findings(remaining)
    return found


def _ddmin(items: list[Any], fails: Callable[[list[Any]], bool]) -> list[Any]:
    """A 1-minimal sublist of ``items`` that still ``fails`` (Zeller's delta debugging)."""
    n = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // n)
        parts = [items[i : i + chunk] for i in range(0, len(items), chunk)]
        for index in range(len(parts)):
            complement = [x for j, part in enumerate(parts) if j != index for x in part]
            if fails(parts[index]):
                items, n = parts[index], 2
                break
            if fails(complement):
                items, n = complement, max(n - 1, 2)
                break
        else:
            if n >= len(items):
                return items
            n = min(n * 2, len(items))
    return items


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    from collections import Counter

    import oasgate

    parser = argparse.ArgumentParser(prog="python -m tests.metamorphic")
    parser.add_argument("spec")
    parser.add_argument("--ref-root")
    parser.add_argument("--culprits", type=int, default=0, help="find up to N culprit sites")
    parser.add_argument("--under", default="", help="only sites below this JSON pointer")
    parser.add_argument(
        "--rewrite", choices=["reverse", "to-3.1", "inline", "extract"], default="reverse"
    )
    args = parser.parse_args(argv)
    model, trees, root = _load(args.spec, args.ref_root)

    def show(label: str, findings: Any) -> None:
        counts = Counter(f"{f.severity.value} {f.rule}: {f.message}" for f in findings)
        print(f"{label}: {len(findings)} findings, {len(counts)} distinct")
        for text, n in counts.most_common():
            print(f"  {n}× {text}")

    if args.rewrite == "reverse":
        pinned = _list_pinned(_ref_targets(trees))
        reverse = permuter(None, "reverse")
        copy_ = {k: reorder(t, reverse, pinned=pinned) for k, t in trees.items()}
        show("reversed", oasgate.check(model, _model_of(copy_, root)).findings)
        if args.culprits:
            for subset, findings in culprits(
                model,
                trees,
                root,
                args.culprits,
                lambda s: print(s, file=sys.stderr),
                decode_pointer(args.under),
            ):
                print(f"\nsite(s): {[(k, encode_pointer(s[0]), s[1]) for k, s in subset][:20]}")
                show("  alone", findings)
    elif args.rewrite == "to-3.1":
        restated = _model_of({**trees, root: to_31(trees[root])}, root)
        show("3.0 -> 3.1", oasgate.check(model, restated).findings)
        show("3.1 -> 3.0", oasgate.check(restated, model).findings)
    elif args.rewrite == "inline":
        for name in inline_candidates(trees[root]):
            copy_ = _model_of({**trees, root: inline_ref(trees[root], name)}, root)
            findings = oasgate.check(model, copy_).findings
            if findings:
                show(f"inline {name}", findings)
    else:
        for pointer in extract_candidates(trees[root]):
            copy_ = _model_of({**trees, root: extract_schema(trees[root], pointer)}, root)
            findings = oasgate.check(model, copy_).findings
            if findings:
                show(f"extract {encode_pointer(pointer)}", findings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
