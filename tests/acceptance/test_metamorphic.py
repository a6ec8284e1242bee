"""Metamorphic properties on real specs (docs/compatibility.md "Invariance", issue 13).

How a document is written never changes a verdict. For every real spec this checks:

1. the document against a copy with its order-free lists and mappings reordered
   (:func:`tests.metamorphic.reorder`) has no findings;
2. ``BASE → reordered(REVISION)`` has the same findings as ``BASE → REVISION``, compared
   as multisets of (rule, fingerprint, message);
3. the document against a copy with a ``$ref``'d schema inlined and/or an inline schema
   extracted into the components has no findings (single-file specs);
4. a 3.0 document against itself restated in 3.1 spellings has no findings, both ways
   (single-file specs);
5. a multi-file spec against a copy of itself, the two in sibling directories under one
   reference root (``oasgate check api/v1/… api/v2/…`` in a repository), has no findings;
6. ``BASE → REVISION`` of a multi-file pair laid out in sibling directories under one
   reference root has the findings of the two sides read each under its own root.

The specs: every real document in ``tests/data`` and ``examples/``; the whole corpus when
``OASGATE_CORPUS`` points at it; the real specs ``scripts/fetch_real_specs.py`` fetches
(GitHub webhooks, GHES 3.12→3.16, Netlify, Dialogporten) when ``OASGATE_REAL_SPECS``
points at its cache (``bench/.cache/real``) — never in the default run. Hypothesis picks
the permutations and rewrite sites: ``OASGATE_FUZZ_EXAMPLES`` examples per document and
property (default 20; e.g. 500 for a long run), derandomised and without a database.

(Document, property) pairs that fail with today's engine are listed in ``KNOWN_FAILURES``
and marked ``xfail(strict=True)``: one that starts to pass fails the run, so the entry is
removed when the engine is fixed.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import oasgate
from oasgate.findings import Report
from oasgate.loading.document import Document
from oasgate.model.spec import SpecModel
from oasgate.model.swagger2 import open_model
from tests import metamorphic as mm
from tests.acceptance.test_properties import MemoryTree
from tests.conftest import DATA, REPO

EXAMPLES = int(os.environ.get("OASGATE_FUZZ_EXAMPLES", "20"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    # no shrinking: a seed shrinks to nothing meaningful, and each try on a real spec costs
    # seconds; `python -m tests.metamorphic SPEC --culprits N` narrows a failure down instead
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


# -- the specs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    id: str
    path: Path
    ref_root: Path | None = None  # multi-file specs

    @property
    def multi_file(self) -> bool:
        return self.ref_root is not None


@dataclass(frozen=True)
class Pair:
    id: str
    base: Spec
    revision: Spec


def _corpus_pairs(root: Path, label: str) -> list[Pair]:
    """Pairs laid out as the shared corpus is (``tests/acceptance/test_corpus.py``)."""
    pairs = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name = f"{label}{folder.name}"
        entry_file = folder / "ENTRY.txt"
        if entry_file.exists():
            entry = entry_file.read_text().strip()
            base = Spec(f"{name}/base", folder / "base" / entry, folder / "base")
            revision = Spec(f"{name}/revision", folder / "revision" / entry, folder / "revision")
        else:
            sides = sorted(folder.glob("base.*")) + sorted(folder.glob("revision.*"))
            if len(sides) != 2:
                continue
            base, revision = Spec(f"{name}/base", sides[0]), Spec(f"{name}/revision", sides[1])
        pairs.append(Pair(name, base, revision))
    return pairs


def _local() -> tuple[list[Spec], list[Pair]]:
    pairs = _corpus_pairs(DATA / "corpus", "")
    conversions = DATA / "conversions"
    alertmanager = conversions / "alertmanager"
    pairs.append(
        Pair(
            "conversions/alertmanager",
            Spec("conversions/alertmanager/base", alertmanager / "base.openapi3.yaml"),
            Spec("conversions/alertmanager/revision", alertmanager / "revision.openapi3.yaml"),
        )
    )
    examples = REPO / "examples"
    for base, revision in (
        ("petstore/base.yaml", "petstore/revision.yaml"),
        ("openapi-3.2/base.yaml", "openapi-3.2/revision.yaml"),
        ("policies/single-version/api.yaml", "policies/single-version/api-next.yaml"),
        ("policies/five-stage/billing-v1.yaml", "policies/five-stage/billing-v1-next.yaml"),
        (
            "policies/two-live-versions/contract-v3.yaml",
            "policies/two-live-versions/contract-v4.yaml",
        ),
    ):
        pairs.append(
            Pair(
                base.rsplit("/", 1)[0],
                Spec(f"examples/{base}", examples / base),
                Spec(f"examples/{revision}", examples / revision),
            )
        )
    in_pairs = {s.path for p in pairs for s in (p.base, p.revision)}
    singles = [
        Spec(f"{path.relative_to(REPO).parent.as_posix()}/{path.name}", path)
        for folder in (conversions / "petstore", examples)
        for path in sorted(folder.rglob("*.yaml"))
        if path not in in_pairs
    ]
    return [s for p in pairs for s in (p.base, p.revision)] + singles, pairs


def _external() -> list[Pair]:
    pairs: list[Pair] = []
    for variable, label in (("OASGATE_CORPUS", "corpus:"), ("OASGATE_REAL_SPECS", "real:")):
        root = os.environ.get(variable)
        if root and Path(root).is_dir():
            pairs += _corpus_pairs(Path(root), label)
    return pairs


LOCAL_SPECS, LOCAL_PAIRS = _local()
EXTERNAL_PAIRS = _external()
PAIRS = LOCAL_PAIRS + EXTERNAL_PAIRS
SPECS = LOCAL_SPECS + [s for p in EXTERNAL_PAIRS for s in (p.base, p.revision)]


@dataclass
class Loaded:
    model: SpecModel
    trees: dict[str, Any]  # file key -> parsed data
    root: str

    @property
    def tree(self) -> Any:
        return self.trees[self.root]


@cache
def loaded(spec: Spec) -> Loaded:
    model = oasgate.load(str(spec.path), ref_root=str(spec.ref_root) if spec.ref_root else None)
    document = model.document
    trees = {key: document.parsed(key) for key in document.file_keys()}
    return Loaded(model, trees, document.root.file)


def _dumps(tree: Any) -> bytes:
    try:
        return orjson.dumps(tree, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # deeper than orjson writes, or a date YAML gave
        return json.dumps(tree, default=str).encode()


def model_of(trees: dict[str, Any], root: str) -> SpecModel:
    texts = {key: _dumps(tree).decode() for key, tree in trees.items()}
    document = Document(MemoryTree(texts, root))
    model = open_model(document)
    document.verify_references()
    return model


def rewritten(spec: Spec, trees: dict[str, Any]) -> SpecModel:
    return model_of(trees, loaded(spec).root)


def described(report: Report, limit: int = 15) -> str:
    counts = Counter(f"{f.severity.value} {f.rule}: {f.message}" for f in report.findings)
    lines = [f"{len(report.findings)} findings"] + [
        f"  {n}× {text}" for text, n in counts.most_common(limit)
    ]
    return "\n".join(lines)


def _key(spec: Spec | Pair, prop: str) -> tuple[str, str]:
    return (prop, spec.id)


# -- known failures with today's engine (see META_FAILURES.md for the causes) --------------

#: (property, document or pair id) -> the cause, in a few words. Strict for the specs of the
#: default run; for the corpus and the real specs (where 20 examples may or may not hit the
#: failing site) an unexpected pass is reported but does not fail the run.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def _params(items: list[Any], prop: str) -> list[Any]:
    params = []
    for item in items:
        reason = KNOWN_FAILURES.get(_key(item, prop))
        strict = not item.id.startswith(("corpus:", "real:"))
        marks = [pytest.mark.xfail(strict=strict, reason=reason)] if reason else []
        params.append(pytest.param(item, id=item.id, marks=marks))
    return params


def _single_file(specs: list[Spec]) -> list[Spec]:
    return [s for s in specs if not s.multi_file]


def _version_30(specs: list[Spec]) -> list[Spec]:
    return [s for s in _single_file(specs) if mm.is_30(loaded_tree_head(s))]


def loaded_tree_head(spec: Spec) -> dict[str, Any]:
    """The version fields only, without loading the model (collection stays cheap)."""
    head = spec.path.read_bytes()[:4096].decode("utf-8-sig", "replace")
    for line in head.splitlines():
        text = line.strip().strip(",").replace('"', "").replace("'", "")
        if text.startswith("openapi:"):
            return {"openapi": text.partition(":")[2].strip()}
        if text.startswith("swagger:"):
            return {"swagger": text.partition(":")[2].strip()}
    return {}


MODES = st.sampled_from(["reverse", "shuffle", "mixed"])
# A seed, not st.randoms(): a real spec has tens of thousands of sites, and every draw of a
# hypothesis-backed Random goes through its buffer (slow, and the buffer overruns).
RANDOMS = st.integers(0, 2**32 - 1).map(random.Random)


def reordered(spec: Spec, mode: str, rng: random.Random) -> dict[str, Any]:
    state = loaded(spec)
    pinned = mm._list_pinned(mm._ref_targets(state.trees))
    permute = mm.permuter(rng, mode)
    return {key: mm.reorder(tree, permute, pinned=pinned) for key, tree in state.trees.items()}


# -- 1. a reordered copy -----------------------------------------------------------------------


@pytest.mark.parametrize("spec", _params(SPECS, "reorder"))
@SETTINGS
@given(mode=MODES, rng=RANDOMS)
def test_a_reordered_copy_has_no_findings(spec: Spec, mode: str, rng: random.Random) -> None:
    copy = rewritten(spec, reordered(spec, mode, rng))
    report = oasgate.check(loaded(spec).model, copy)
    assert report.findings == (), described(report)


# -- 2. a reordered revision -----------------------------------------------------------------


@cache
def _pair_findings(pair: Pair) -> Counter[tuple[str, str, str]]:
    return _identities(oasgate.check(loaded(pair.base).model, loaded(pair.revision).model))


def _identities(report: Report) -> Counter[tuple[str, str, str]]:
    return Counter((f.rule, f.fingerprint, f.message) for f in report.findings)


@pytest.mark.parametrize("pair", _params(PAIRS, "pair-reorder"))
@SETTINGS
@given(mode=MODES, rng=RANDOMS)
def test_a_reordered_revision_gives_the_same_findings(
    pair: Pair, mode: str, rng: random.Random
) -> None:
    expected = _pair_findings(pair)
    copy = rewritten(pair.revision, reordered(pair.revision, mode, rng))
    got = _identities(oasgate.check(loaded(pair.base).model, copy))
    missing, extra = expected - got, got - expected
    assert not missing and not extra, "\n".join(
        [f"{sum(missing.values())} missing, {sum(extra.values())} extra"]
        + [f"  - {r}: {m} [{fp}]" for r, fp, m in sorted(missing)[:10]]
        + [f"  + {r}: {m} [{fp}]" for r, fp, m in sorted(extra)[:10]]
    )


# -- 3. inlined and extracted schemas ----------------------------------------------------------


@cache
def _candidates(spec: Spec) -> tuple[list[str], list[mm.Pointer]]:
    tree = loaded(spec).tree
    return mm.inline_candidates(tree), mm.extract_candidates(tree)


def refactored(spec: Spec, inline: int | None, extract: int | None, rng: random.Random) -> Any:
    names, pointers = _candidates(spec)
    tree = loaded(spec).tree
    if extract is not None and pointers:
        tree = mm.extract_schema(tree, pointers[extract % len(pointers)])
    if inline is not None and names:
        tree = mm.inline_ref(tree, names[inline % len(names)], rng)
    return tree


@pytest.mark.parametrize("spec", _params(_single_file(SPECS), "inline-extract"))
@SETTINGS
@given(
    inline=st.none() | st.integers(0, 10_000),
    extract=st.none() | st.integers(0, 10_000),
    rng=RANDOMS,
)
def test_inlined_or_extracted_schemas_give_no_findings(
    spec: Spec, inline: int | None, extract: int | None, rng: random.Random
) -> None:
    names, pointers = _candidates(spec)
    if not names and not pointers:
        return
    state = loaded(spec)
    copy = rewritten(spec, {state.root: refactored(spec, inline, extract, rng)})
    report = oasgate.check(state.model, copy)
    assert report.findings == (), described(report)


# -- 4. 3.0 spellings restated as 3.1 ------------------------------------------------------------


@pytest.mark.parametrize("spec", _params(_version_30(SPECS), "to-3.1"))
def test_31_spellings_of_a_30_document_give_no_findings(spec: Spec) -> None:
    state = loaded(spec)
    restated = rewritten(spec, {state.root: mm.to_31(state.tree)})
    forward = oasgate.check(state.model, restated)
    backward = oasgate.check(restated, state.model)
    assert (forward.findings, backward.findings) == ((), ()), (
        f"3.0 → 3.1: {described(forward)}\n3.1 → 3.0: {described(backward)}"
    )


# -- 5 and 6. sides in sibling directories under one reference root ------------------------------

#: Where a side is put under the shared root ("" — at the root itself, as read on its own).
FOLDERS = ("", "v1", "v2", "api/v2", "revision/copy")
LAYOUTS = st.tuples(st.sampled_from(FOLDERS), st.sampled_from(FOLDERS)).filter(
    lambda layout: layout[0] != layout[1]
)
#: a few layouts are enough (each costs a whole comparison of the pair); more in a long run
RELOCATIONS = settings(SETTINGS, max_examples=max(1, EXAMPLES // 4))


@cache
def relocated(spec: Spec, folder: str) -> SpecModel:
    """The spec with every file moved below ``folder`` (its relative ``$ref``s unchanged)."""
    state = loaded(spec)
    prefix = f"{folder}/" if folder else ""
    return model_of({prefix + key: tree for key, tree in state.trees.items()}, prefix + state.root)


def _multi_file(items: list[Any]) -> list[Any]:
    return [i for i in items if (i.base if isinstance(i, Pair) else i).multi_file]


@pytest.mark.parametrize("spec", _params(_multi_file(SPECS), "relocate"))
@RELOCATIONS
@given(layout=LAYOUTS)
def test_a_copy_in_a_sibling_directory_has_no_findings(spec: Spec, layout: tuple[str, str]) -> None:
    report = oasgate.check(relocated(spec, layout[0]), relocated(spec, layout[1]))
    assert report.findings == (), described(report)


@pytest.mark.parametrize("pair", _params(_multi_file(PAIRS), "pair-relocate"))
@RELOCATIONS
@given(layout=LAYOUTS)
def test_sides_in_sibling_directories_give_the_same_findings(
    pair: Pair, layout: tuple[str, str]
) -> None:
    expected = _pair_findings(pair)
    report = oasgate.check(relocated(pair.base, layout[0]), relocated(pair.revision, layout[1]))
    got = _identities(report)
    missing, extra = expected - got, got - expected
    assert not missing and not extra, "\n".join(
        [f"{sum(missing.values())} missing, {sum(extra.values())} extra"]
        + [f"  - {r}: {m} [{fp}]" for r, fp, m in sorted(missing)[:10]]
        + [f"  + {r}: {m} [{fp}]" for r, fp, m in sorted(extra)[:10]]
    )


# -- the rewrites themselves ---------------------------------------------------------------------


def test_reorder_leaves_data_and_ordered_lists_alone() -> None:
    tree = {
        "openapi": "3.1.0",
        "servers": [{"url": "a"}, {"url": "b"}],
        "paths": {
            "/p": {
                "get": {
                    "tags": ["a", "b"],
                    "parameters": [{"name": "a", "in": "query"}, {"name": "b", "in": "query"}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": ["string", "null"],
                                        "enum": [[1, 2], [3, 4]],
                                        "prefixItems": [{"type": "string"}, {"type": "integer"}],
                                        "properties": {
                                            "enum": {"type": "string"},
                                            "required": {"type": "array", "default": [1, 2]},
                                        },
                                        "required": ["enum", "required"],
                                        "example": {"list": [1, 2], "x": 1},
                                        "x-list": [1, 2],
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    out = mm.reorder(tree, mm.permuter(None, "reverse"))
    schema = out["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert out["servers"] == tree["servers"]
    assert out["paths"]["/p"]["get"]["tags"] == ["b", "a"]
    assert [p["name"] for p in out["paths"]["/p"]["get"]["parameters"]] == ["b", "a"]
    assert schema["type"] == ["null", "string"]
    assert schema["enum"] == [[3, 4], [1, 2]]  # members reordered, their contents not
    assert schema["prefixItems"] == [{"type": "string"}, {"type": "integer"}]
    assert schema["required"] == ["required", "enum"]
    assert schema["properties"]["required"]["default"] == [1, 2]
    assert schema["example"]["list"] == [1, 2]
    assert list(schema["example"]) == ["x", "list"]
    assert schema["x-list"] == [1, 2]
    assert list(schema) == list(
        reversed(
            list(
                tree["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"][
                    "schema"
                ]
            )
        )
    )


def test_reorder_keeps_a_list_a_reference_points_into() -> None:
    tree = {
        "openapi": "3.0.3",
        "paths": {
            "/p": {
                "parameters": [{"name": "a", "in": "query"}, {"name": "b", "in": "query"}],
                "get": {"parameters": [{"$ref": "#/paths/~1p/parameters/1"}]},
            }
        },
    }
    out = mm.reorder(tree, mm.permuter(None, "reverse"))
    assert out["paths"]["/p"]["parameters"] == tree["paths"]["/p"]["parameters"]


def test_reorder_keeps_lists_a_reference_points_into_below_an_index() -> None:
    """fulfillment.com's ``…/schema/oneOf/0/allOf/1`` (a list inside a list item) and
    codat.io's percent-encoded template (``/a/%7Bid%7D``): both lists keep their order."""
    body = {"oneOf": [{"allOf": [{"title": "A"}, {"title": "B"}]}, {"allOf": [{"title": "C"}]}]}
    tree = {
        "openapi": "3.0.3",
        "paths": {
            "/a/{id}": {
                "get": {
                    "parameters": [{"name": "x", "in": "query"}, {"name": "y", "in": "query"}],
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                },
                "post": {
                    "parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/1"}],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "$ref": "#/paths/~1a~1%7Bid%7D/get/requestBody/content/"
                                    "application~1json/schema/oneOf/0/allOf/1"
                                }
                            }
                        }
                    },
                },
            }
        },
    }
    out = mm.reorder(tree, mm.permuter(None, "reverse"))
    get = out["paths"]["/a/{id}"]["get"]
    assert get["parameters"] == tree["paths"]["/a/{id}"]["get"]["parameters"]
    assert get["requestBody"]["content"]["application/json"]["schema"] == body


def test_to_31_spellings() -> None:
    tree = {
        "openapi": "3.0.3",
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "n": {
                            "type": "integer",
                            "nullable": True,
                            "minimum": 1,
                            "exclusiveMinimum": True,
                        },
                        "e": {"type": "string", "enum": ["a"], "nullable": True, "example": "a"},
                        "r": {
                            "allOf": [{"$ref": "#/components/schemas/B"}],
                            "nullable": True,
                            "description": "d",
                        },
                    },
                },
                "B": {"type": "string"},
            }
        },
    }
    # nytimes.com's GeoFacet: no type, an enum without null: 3.0.3 still refuses null
    tree["components"]["schemas"]["A"]["properties"]["g"] = {
        "enum": [""],
        "nullable": True,
        "oneOf": [{"type": "array", "items": {}}, {"type": "string"}],
    }
    # a reference with siblings: 3.0 ignores them (asana's {$ref, nullable: true})
    tree["components"]["schemas"]["A"]["properties"]["s"] = {
        "$ref": "#/components/schemas/B",
        "nullable": True,
        "readOnly": True,
        "description": "kept",
        "deprecated": True,
    }
    # dnd5eapi.co: a reference points into what is written beside a $ref: it stays
    tree["components"]["schemas"]["A"]["properties"]["t"] = {
        "$ref": "#/components/schemas/B",
        "allOf": {"3": {"properties": {"x": {}}}},
    }
    tree["components"]["schemas"]["A"]["properties"]["u"] = {
        "$ref": "#/components/schemas/A/properties/t/allOf/3/properties/x"
    }
    props = mm.to_31(tree)["components"]["schemas"]["A"]["properties"]
    assert props["t"] == tree["components"]["schemas"]["A"]["properties"]["t"]
    assert props["g"] == {
        "enum": [""],
        "oneOf": [{"type": "array", "items": {}}, {"type": "string"}],
    }
    assert props["s"] == {
        "$ref": "#/components/schemas/B",
        "description": "kept",
        "deprecated": True,
    }
    assert props["n"] == {"type": ["integer", "null"], "exclusiveMinimum": 1}
    assert props["e"] == {"type": ["string", "null"], "enum": ["a"], "examples": ["a"]}
    assert props["r"] == {
        "description": "d",
        "anyOf": [{"allOf": [{"$ref": "#/components/schemas/B"}]}, {"type": "null"}],
    }


def test_inline_and_extract() -> None:
    tree = {
        "openapi": "3.0.3",
        "paths": {
            "/p": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/A"}}
                            },
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/B"}}},
            }
        },
    }
    assert mm.inline_candidates(tree) == ["A"]  # B is recursive
    inlined = mm.inline_ref(tree, "A")
    media = inlined["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == tree["components"]["schemas"]["A"]
    pointers = mm.extract_candidates(tree)
    assert ("components", "schemas", "A") not in pointers
    extracted = mm.extract_schema(
        inlined, ("paths", "/p", "get", "responses", "200", "content", "application/json", "schema")
    )
    media = extracted["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/Extracted"}
    assert extracted["components"]["schemas"]["Extracted"] == tree["components"]["schemas"]["A"]


def test_reorder_permutes_security_alternatives_and_scopes() -> None:
    tree = {
        "swagger": "2.0",
        "security": [{"a": ["r", "w"]}, {"b": []}],
        "paths": {
            "/p": {
                "get": {
                    "parameters": [
                        {"name": "q", "in": "query", "type": "array", "items": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    out = mm.reorder(tree, mm.permuter(None, "reverse"))
    assert out["security"] == [{"b": []}, {"a": ["w", "r"]}]
    # a Swagger 2.0 parameter's `items` is not a schema: it cannot become a $ref
    assert mm.extract_candidates(tree) == []


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.id) for s in LOCAL_SPECS])
def test_the_rewrites_change_every_local_spec(spec: Spec) -> None:
    """The properties are not vacuous: each rewrite really changes the text."""
    state = loaded(spec)
    original = _dumps(state.tree)
    assert _dumps(reordered(spec, "reverse", random.Random(0))[state.root]) != original
    names, pointers = _candidates(spec)
    if names:
        assert _dumps(mm.inline_ref(state.tree, names[0])) != original
    if pointers:
        assert _dumps(mm.extract_schema(state.tree, pointers[0])) != original
    if mm.is_30(state.tree):
        assert _dumps(mm.to_31(state.tree)) != original
