"""The mutation fuzzer: real specs, damaged by hypothesis, must never crash oasgate.

Seeds are the specs bundled in the repository (``tests/data/corpus``, ``examples``, the
rule cases under ``tests/rules``) and, when ``OASGATE_CORPUS`` names the shared corpus,
small subtrees of its large specs (one path item with the components it reaches). Each
example takes a seed, applies one to four mutations to make the revision (and sometimes
one or two to the base): a key deleted, list items duplicated or reordered, a value
replaced by a hostile one (a ~4,300-digit integer, NaN, infinities, control characters,
deep lists, a ``$ref`` to nothing, to itself or round a cycle, a value of the wrong
type), a ``type`` changed, ``enum`` values added or removed, ``required`` toggled, a
schema wrapped in ``allOf``/``oneOf``/``anyOf``, the ``openapi``/``swagger`` version
changed, a path template parameter renamed. The pair is written (YAML or JSON) and
compared in process through the Python API. The property:

- the outcome is a :class:`~oasgate.Report` or an :class:`~oasgate.OasgateError` with a
  message — any other exception is a bug, shrunk by hypothesis to a small reproduction;
- the report renders in every output format;
- the same pair compared again gives a byte-identical JSON report (or the same error);
- no example runs longer than the hang guard (``HANG_SECONDS``, a ``SIGALRM`` timer).

The default run is 200 derandomized examples (well under a minute). The long mode:
``OASGATE_FUZZ_LONG=1`` (with ``OASGATE_FUZZ_EXAMPLES`` examples, default 50,000, and
random seeds; ``--hypothesis-seed=N`` replays one), usually with
``OASGATE_CORPUS=/work/shared/corpus`` for the subtrees of the large specs.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import oasgate
from oasgate.errors import OasgateError
from oasgate.loading.parsing import parse_text
from oasgate.report import Format

REPO = Path(__file__).resolve().parents[2]
LONG = os.environ.get("OASGATE_FUZZ_LONG", "") not in ("", "0")
EXAMPLES = int(os.environ.get("OASGATE_FUZZ_EXAMPLES", "50000")) if LONG else 200
#: the hang guard: an example (two loads and checks, every format rendered) taking longer
#: than this is a hang. Generous: the machine is shared and the seeds are small.
HANG_SECONDS = 20
#: subtrees taken from each large corpus spec (path items spread evenly over the spec)
SUBTREES_PER_SPEC = 40
#: a subtree whose JSON is larger than this is skipped: each example stays small and fast
MAX_SUBTREE_BYTES = 40_000
TODAY = "2026-03-01"

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the SIGALRM guard bounds an example; no timed assertion
    database=None,
    derandomize=not LONG,
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no slow "explain"
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# -- seeds ---------------------------------------------------------------------------------


def _parse(path: Path) -> Any:
    return parse_text(path.read_text(encoding="utf-8"), path.name).data


def _bundled() -> dict[str, Any]:
    files = sorted((REPO / "tests" / "data" / "corpus").glob("*/*.*"))
    files += sorted((REPO / "examples").rglob("*.yaml"))
    files += sorted((REPO / "tests" / "rules").rglob("base.yaml"))
    files += sorted((REPO / "tests" / "rules").rglob("revision.yaml"))
    seeds: dict[str, Any] = {}
    for path in files:
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        try:
            data = _parse(path)
        except OasgateError:
            continue
        if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
            seeds[str(path.relative_to(REPO))] = data
    return seeds


def _pointer_parts(ref: str) -> list[str] | None:
    if not ref.startswith("#/"):
        return None
    return [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _subtree(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The spec reduced to one path item and the components it reaches (transitively)."""
    out: dict[str, Any] = {k: spec[k] for k in ("openapi", "swagger", "info") if k in spec}
    out["paths"] = {path: spec["paths"][path]}
    pending = list(_refs(out["paths"]))
    seen: set[tuple[str, ...]] = set()
    while pending:
        parts = _pointer_parts(pending.pop())
        if not parts:
            continue
        prefix = tuple(parts[: 3 if parts[0] == "components" else 2])
        if prefix in seen or prefix[0] == "paths":
            continue
        seen.add(prefix)
        source: Any = spec
        target: Any = out
        for i, part in enumerate(prefix):
            if not isinstance(source, dict) or part not in source:
                break
            source = source[part]
            if i == len(prefix) - 1:
                target[part] = source
                pending.extend(_refs(source))
            else:
                target = target.setdefault(part, {})
    return out


def _large() -> dict[str, Any]:
    root = os.environ.get("OASGATE_CORPUS")
    if not root:
        return {}
    seeds: dict[str, Any] = {}
    for folder in sorted(Path(root).iterdir()):
        for path in sorted(folder.glob("*.*")):  # single-file specs only
            if path.stem not in ("base", "revision") or path.suffix not in (".yaml", ".json"):
                continue
            try:
                spec = _parse(path)
            except OasgateError:
                continue
            paths = spec.get("paths") if isinstance(spec, dict) else None
            if not isinstance(paths, dict) or not paths:
                continue
            names = sorted(paths)
            step = max(1, len(names) // SUBTREES_PER_SPEC)
            for name in names[::step][:SUBTREES_PER_SPEC]:
                subtree = _subtree(spec, name)
                if len(json.dumps(subtree)) <= MAX_SUBTREE_BYTES:
                    seeds[f"{folder.name}/{path.name}#{name}"] = subtree
    return seeds


@functools.lru_cache(maxsize=1)
def seeds() -> tuple[tuple[str, Any], ...]:
    """Every seed, parsed once per session."""
    return tuple(sorted({**_bundled(), **_large()}.items()))


# -- mutations -----------------------------------------------------------------------------


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


#: stands for a list nested 1-60 levels deep (the depth is drawn)
NESTED = object()
HOSTILE: list[Any] = [
    10**4299 + 7,  # 4,300 digits: the longest integer Python converts
    -(10**4300),  # one digit more
    2**63,
    -(2**64) - 1,
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    5e-324,
    -0.0,
    "",
    " ",
    "\x00",
    "\x1b[2J\x1b]52;c;aGk=\x07",
    "\u202eevil",
    "\ufeffbom",
    "\x85\u2028\u2029",
    "é😀\u0301",
    "{id}",
    "#/components",
    "x" * 5000,
    NESTED,
    [],
    {},
    "str",
    0,
    1,
    -1,
    True,
    False,
    None,
    1.5,
    [1, "a", None, {}],
    {"a": 1},
    {"type": "object"},
    {"$ref": "#"},
    {"$ref": ""},
    {"$ref": "#/components/schemas/Missing"},
    {"$ref": "#/definitions/Missing"},
    {"$ref": "#/components/schemas/%zz~2"},
    {"$ref": "missing.yaml#/Pet"},
    {"$ref": "https://example.invalid/spec.yaml"},
    {"$ref": 7},
    {"$ref": "#/paths"},
]
TYPES: list[Any] = [
    "string",
    "integer",
    "number",
    "boolean",
    "array",
    "object",
    "null",
    "file",
    "bogus",
    ["string", "null"],
    ["integer", "string"],
    [],
    7,
]
VERSIONS: list[Any] = [
    "3.0.0",
    "3.0.3",
    "3.1.0",
    "3.1.1",
    "3.2.0",
    "2.0",
    "4.0.0",
    "3",
    "",
    3.0,
    2,
    None,
]
OPERATIONS = [
    "delete",
    "duplicate",
    "reorder",
    "hostile",
    "ref-self",
    "ref-cycle",
    "type",
    "enum",
    "required",
    "wrap",
    "version",
    "rename-template",
]


def _escape(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _choose_path(data: st.DataObject, doc: Any) -> list[Any]:
    """A path from the root into ``doc``: descend while hypothesis says so."""
    path: list[Any] = []
    node = doc
    while isinstance(node, (dict, list)) and node and data.draw(st.integers(0, 4)) > 0:
        key: Any = (
            data.draw(st.sampled_from(sorted(node, key=str)))
            if isinstance(node, dict)
            else data.draw(st.integers(0, len(node) - 1))
        )
        path.append(key)
        node = node[key]
    return path


def _get(doc: Any, path: list[Any]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _resolves(doc: Any, path: list[Any]) -> bool:
    for key in path:
        in_dict = isinstance(doc, dict) and key in doc
        in_list = isinstance(doc, list) and isinstance(key, int) and key < len(doc)
        if not (in_dict or in_list):
            return False
        doc = doc[key]
    return True


def _set(doc: Any, path: list[Any], value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


def _mutate(data: st.DataObject, doc: Any) -> Any:
    """``doc`` with one mutation applied (in place where possible; the result is returned)."""
    op = data.draw(st.sampled_from(OPERATIONS))
    if op == "version":
        if isinstance(doc, dict):
            key = data.draw(st.sampled_from(["openapi", "swagger"]))
            if data.draw(st.booleans()) and key in doc:
                del doc[key]
            else:
                doc[key] = data.draw(st.sampled_from(VERSIONS))
        return doc
    if op == "rename-template":
        paths = doc.get("paths") if isinstance(doc, dict) else None
        if isinstance(paths, dict):
            templated = sorted(p for p in paths if isinstance(p, str) and "{" in p)
            if templated:
                old = data.draw(st.sampled_from(templated))
                new_name = data.draw(st.sampled_from(["id", "renamed", "", "a}b", "{x}", "é"]))
                new = re.sub(r"\{[^}]*\}", "{" + new_name + "}", old, count=1)
                doc["paths"] = {(new if k == old else k): v for k, v in paths.items()}
        return doc
    path = _choose_path(data, doc)
    node = _get(doc, path)
    if op == "delete":
        if isinstance(node, dict) and node:
            del node[data.draw(st.sampled_from(sorted(node, key=str)))]
        elif isinstance(node, list) and node:
            del node[data.draw(st.integers(0, len(node) - 1))]
        elif path:
            parent = _get(doc, path[:-1])
            del parent[path[-1]]
        return doc
    if op == "duplicate":
        if isinstance(node, list) and node:
            index = data.draw(st.integers(0, len(node) - 1))
            node.insert(index, copy.deepcopy(node[index]))
        return doc
    if op == "reorder":
        if isinstance(node, list):
            node[:] = data.draw(st.permutations(node))
        elif isinstance(node, dict):
            order = data.draw(st.permutations(list(node)))
            items = [(k, node[k]) for k in order]
            node.clear()
            node.update(items)
        return doc
    if op == "hostile":
        value = data.draw(st.sampled_from(HOSTILE))
        if value is NESTED:
            value = _nested(data.draw(st.integers(1, 60)))
        return _set(doc, path, copy.deepcopy(value))
    if op == "ref-self":
        return _set(doc, path, {"$ref": "#/" + "/".join(_escape(p) for p in path)})
    if op == "ref-cycle":
        if isinstance(doc, dict):
            if "swagger" in doc:
                home, prefix = doc.setdefault("definitions", {}), "#/definitions/"
            else:
                components = doc.setdefault("components", {})
                if not isinstance(components, dict):
                    return doc
                home, prefix = components.setdefault("schemas", {}), "#/components/schemas/"
            if isinstance(home, dict):
                home["CycleA"] = {"$ref": prefix + "CycleB"}
                home["CycleB"] = data.draw(
                    st.sampled_from(
                        [
                            {"$ref": prefix + "CycleA"},
                            {"allOf": [{"$ref": prefix + "CycleA"}]},
                            {"type": "object", "properties": {"a": {"$ref": prefix + "CycleA"}}},
                        ]
                    )
                )
                if path and _resolves(doc, path):  # the cycle may have replaced it
                    return _set(doc, path, {"$ref": prefix + "CycleA"})
        return doc
    if op == "type":
        if isinstance(node, dict):
            node["type"] = copy.deepcopy(data.draw(st.sampled_from(TYPES)))
        return doc
    if op == "enum":
        if isinstance(node, dict):
            enum = node.get("enum")
            if isinstance(enum, list) and enum and data.draw(st.booleans()):
                del enum[data.draw(st.integers(0, len(enum) - 1))]
            elif isinstance(enum, list):
                enum.append(
                    copy.deepcopy(
                        data.draw(
                            st.sampled_from(
                                [v for v in HOSTILE[:21] if v is not NESTED] + ["new", 42]
                            )
                        )
                    )
                )
            else:
                node["enum"] = copy.deepcopy(
                    data.draw(st.sampled_from([["a", "b"], [1, 2], [], [None], "a", [{}], [[1]]]))
                )
        return doc
    if op == "required":
        if isinstance(node, dict):
            required = node.get("required")
            if isinstance(required, bool):
                node["required"] = not required
            elif isinstance(required, list) and required and data.draw(st.booleans()):
                del required[data.draw(st.integers(0, len(required) - 1))]
            elif isinstance(required, list):
                props = node.get("properties")
                names = sorted(props, key=str) if isinstance(props, dict) else []
                required.append(data.draw(st.sampled_from([*names, "ghost"])))
            else:
                node["required"] = data.draw(st.sampled_from([True, False, ["ghost"], []]))
        return doc
    # wrap
    keyword = data.draw(st.sampled_from(["allOf", "oneOf", "anyOf"]))
    extra = data.draw(st.sampled_from([[], [{"type": "string"}], [copy.deepcopy(node)]]))
    return _set(doc, path, {keyword: [node, *extra]})


def _mutated(data: st.DataObject, doc: Any, least: int, most: int) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(least, most))):
        doc = _mutate(data, doc)
    return doc


# -- running a pair ------------------------------------------------------------------------


class Hang(Exception):
    """An example ran past the hang guard."""


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):  # Windows: no timer signal; the guard is for hangs only
        yield
        return

    def _fire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"example still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, _fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


@contextmanager
def _any_integer_length() -> Iterator[None]:
    """Python refuses to write integers past 4,300 digits; the fuzzer must write them."""
    if not hasattr(sys, "set_int_max_str_digits"):  # Python 3.10 before 3.10.7: no limit
        yield
        return
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(limit)


def _text(doc: Any, form: str) -> str:
    with _any_integer_length():
        if form == "json":
            return json.dumps(doc, ensure_ascii=False, indent=1)
        return yaml.dump(
            doc, Dumper=_NoAliases, allow_unicode=form == "yaml-unicode", sort_keys=False
        )


def _outcome(base: Path, revision: Path) -> str:
    """The JSON report of the pair (every other format rendered too), or the error line."""
    try:
        report = oasgate.check(oasgate.load(str(base)), oasgate.load(str(revision)), today=TODAY)
    except OasgateError as error:
        message = str(error)
        assert message.strip(), "an OasgateError without a message"
        return "error: " + message
    rendered = {fmt: oasgate.render(report, fmt.value) for fmt in Format}
    return rendered[Format.JSON]


STATS = {"examples": 0, "errors": 0, "reports": 0}


@functools.lru_cache(maxsize=1)
def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="oasgate-fuzz-"))


@FUZZ
@given(data=st.data())
def test_mutated_pairs_never_crash(data: st.DataObject) -> None:
    name, seed = data.draw(st.sampled_from(seeds()), label="seed")
    base = _mutated(data, seed, 0, 2) if data.draw(st.integers(0, 3)) == 0 else seed
    revision = _mutated(data, seed, 1, 4)
    forms = ["json", "yaml", "yaml-unicode"]
    base_form = data.draw(st.sampled_from(forms))
    revision_form = data.draw(st.sampled_from(forms))
    folder = _workdir()
    base_file = folder / ("base.json" if base_form == "json" else "base.yaml")
    revision_file = folder / ("revision.json" if revision_form == "json" else "revision.yaml")
    for stale in folder.iterdir():
        stale.unlink()
    base_file.write_text(_text(base, base_form), encoding="utf-8")
    revision_file.write_text(_text(revision, revision_form), encoding="utf-8")
    with hang_guard(HANG_SECONDS):
        first = _outcome(base_file, revision_file)
        second = _outcome(base_file, revision_file)
    assert first == second, f"two runs of {name} differ"
    STATS["examples"] += 1
    STATS["errors" if first.startswith("error: ") else "reports"] += 1


def test_seeds_are_found() -> None:
    names = [name for name, _ in seeds()]
    assert any(n.startswith("tests/data/corpus/") for n in names)
    assert any(n.startswith("examples/") for n in names)
    assert any(n.startswith("tests/rules/") for n in names)
    if os.environ.get("OASGATE_CORPUS"):
        assert any("#/" in n for n in names)


def teardown_module() -> None:
    if _workdir.cache_info().currsize:
        shutil.rmtree(_workdir(), ignore_errors=True)
    if LONG:
        print(f"\nmutation fuzz: {STATS}")
