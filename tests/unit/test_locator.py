"""Tests for :mod:`oasgate.loading.locate.locator`: exact positions for tricky YAML and JSON, and a
differential check of the layout fast path against the exact index on real documents.

``Locator._fast_position`` gives the fast path's answer (None when it gives up) and
``Locator._exact_position`` the exact index's, so each half is checked separately;
``position`` is what callers use.  The small real spec pairs in ``tests/data/corpus``
(with their licences) are checked; the whole corpus runs when ``OASGATE_CORPUS`` points at it.
"""

from __future__ import annotations

import json
import os
import random
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
import yaml_rs

from oasgate.loading.locate.locator import Locator

DATA = Path(__file__).resolve().parents[1] / "data" / "corpus"
Path_ = tuple[str | int, ...]


def yaml_doc(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def fast_and_exact(text: str, path: Path_, *, is_json: bool = False) -> tuple[Any, Any, Any]:
    locator = Locator(text, is_json=is_json)
    fast = locator._fast_position(path)
    exact = Locator(text, is_json=is_json)._exact_position(path)
    return fast, exact, Locator(text, is_json=is_json).position(path)


def assert_at(
    text: str, path: Path_, expected: tuple[int, int] | None, *, is_json: bool = False
) -> None:
    """Both halves agree with ``expected`` (the fast path may also give up)."""
    fast, exact, combined = fast_and_exact(text, path, is_json=is_json)
    assert combined == expected
    assert exact == expected
    assert fast in (None, expected)


def assert_fast_at(
    text: str, path: Path_, expected: tuple[int, int], *, is_json: bool = False
) -> None:
    """The fast path itself answers, and rightly (on text the real parser accepts)."""
    if is_json:
        orjson.loads(text)
    else:  # oasgate keeps the last of duplicate keys (and reports them)
        yaml_rs.loads(text, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.LastWins)
    fast, exact, combined = fast_and_exact(text, path, is_json=is_json)
    assert (fast, exact, combined) == (expected, expected, expected)


def assert_fallback_at(
    text: str, path: Path_, expected: tuple[int, int] | None, *, is_json: bool = False
) -> None:
    """The fast path gives up and the exact index answers."""
    fast, exact, combined = fast_and_exact(text, path, is_json=is_json)
    assert fast is None
    assert (exact, combined) == (expected, expected)


# --------------------------------------------------------------------------------------
# YAML: block style (fast path)

PETS = yaml_doc(
    """
    openapi: 3.0.3
    info:
      title: Pets
      version: '1'
    paths:
      "/pets/{id}":
        get:
          parameters:
          - name: id
            in: path
          -   name: verbose
              in: query
          responses:
            '200':
              description: ok
            404:
              description: missing
    """
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), (1, 1)),
        (("openapi",), (1, 1)),
        (("info", "version"), (4, 3)),
        (("paths", "/pets/{id}"), (6, 3)),
        (("paths", "/pets/{id}", "get", "parameters"), (8, 7)),
        (("paths", "/pets/{id}", "get", "parameters", 0), (9, 7)),
        (("paths", "/pets/{id}", "get", "parameters", 0, "name"), (9, 9)),
        (("paths", "/pets/{id}", "get", "parameters", 0, "in"), (10, 9)),
        (("paths", "/pets/{id}", "get", "parameters", "1"), (11, 7)),
        (("paths", "/pets/{id}", "get", "parameters", 1, "name"), (11, 11)),
        (("paths", "/pets/{id}", "get", "parameters", 1, "in"), (12, 11)),
        (("paths", "/pets/{id}", "get", "responses", "200"), (14, 9)),
        (("paths", "/pets/{id}", "get", "responses", "200", "description"), (15, 11)),
        (("paths", "/pets/{id}", "get", "responses", 404), (16, 9)),
        (("paths", "/pets/{id}", "get", "responses", "404", "description"), (17, 11)),
    ],
)
def test_block_yaml_positions(path: Path_, expected: tuple[int, int]) -> None:
    assert_fast_at(PETS, path, expected)


@pytest.mark.parametrize(
    "path",
    [
        ("nope",),
        ("info", "title", "x"),  # into a scalar
        ("paths", "/pets/{id}", "get", "parameters", 2),  # past the end
        ("paths", "/pets/{id}", "get", "parameters", -1),
        ("paths", "/pets/{id}", "get", "parameters", "01"),
        ("paths", "/pets/{id}", "get", "parameters", "name"),  # a key into a sequence
        ("paths", "/pets/{id}", "get", "responses", 0),
    ],
)
def test_missing_paths_are_none(path: Path_) -> None:
    assert Locator(PETS, is_json=False).position(path) is None


def test_document_header_directives_and_comments() -> None:
    text = (
        "%YAML 1.2\n# leading comment\n---   # start\n\n# more\nopenapi: 3.1.0\ninfo:\n  title: t\n"
    )
    assert_fast_at(text, (), (6, 1))
    assert_fast_at(text, ("info", "title"), (8, 3))


def test_block_scalar_content_that_looks_like_keys() -> None:
    text = yaml_doc(
        """
        a:
          description: |
            b: not a key
            c:
              d: still text
          c: 1
          b:
            d: 2
          folded: >-
            - not an item
          e: 3
        """
    )
    assert_fast_at(text, ("a", "c"), (6, 3))
    assert_fast_at(text, ("a", "b", "d"), (8, 5))
    assert_fast_at(text, ("a", "e"), (11, 3))
    assert Locator(text, is_json=False).position(("a", "description", "b")) is None


def test_block_scalar_with_indentation_indicator() -> None:
    text = "a:\n  s: |2\n      x: 1\n  t: 2\n"
    assert_fast_at(text, ("a", "t"), (4, 3))


def test_multi_line_plain_and_quoted_scalars() -> None:
    text = yaml_doc(
        """
        a:
          plain: first line
            - looks like an item
          quoted: "first
            b: looks like one
            end"
          single: 'it''s
            c: more'
          key: found
          b: too
        """
    )
    assert_fast_at(text, ("a", "key"), (9, 3))
    assert_fast_at(text, ("a", "b"), (10, 3))
    assert_fast_at(text, ("a", "single"), (7, 3))


def test_keys_that_need_quoting() -> None:
    text = yaml_doc(
        """
        "/pets/{id}": 1
        '200': 2
        "a:b": 3
        'c #d': 4
        e#f: 5
        "x y": 6
        'it''s': 7
        "tab\\there": 8
        "caf\\u00e9": 9
        "quote\\"d": 10
        ? explicit
        : 11
        """
    )
    assert_at(text, ("/pets/{id}",), (1, 1))
    assert_at(text, ("200",), (2, 1))
    assert_at(text, ("a:b",), (3, 1))
    assert_at(text, ("c #d",), (4, 1))
    assert_at(text, ("e#f",), (5, 1))
    assert_at(text, ("x y",), (6, 1))
    assert_at(text, ("it's",), (7, 1))
    assert_at(text, ("tab\there",), (8, 1))
    assert_at(text, ("café",), (9, 1))
    assert_at(text, ('quote"d',), (10, 1))
    assert_fallback_at(text, ("explicit",), (11, 3))  # a '?' complex key


def test_keys_written_with_other_quoting_than_expected() -> None:
    text = 'a:\n  \'name\': 1\n  "type": 2\n  plain: 3\n  "\\x41": 4\n'
    assert_fast_at(text, ("a", "name"), (2, 3))
    assert_fast_at(text, ("a", "type"), (3, 3))
    assert_fast_at(text, ("a", "plain"), (4, 3))
    assert_fast_at(text, ("a", "A"), (5, 3))


def test_plain_key_with_spaces_before_colon() -> None:
    assert_fast_at("a:\n  key   : 1\n  b: 2\n", ("a", "key"), (2, 3))


def test_int_and_string_keys_written_alike() -> None:
    text = "codes:\n  200: int\n  '200': str\n"
    # Both spell "200": the token's type decides (an int token names the plain key).
    assert_fallback_at(text, ("codes", 200), (2, 3))
    assert_fallback_at(text, ("codes", "200"), (3, 3))


def test_keys_resolved_to_other_types() -> None:
    text = "0x10: hex\ntrue: yes\n1.5: float\n"
    parsed: Any = yaml_rs.loads(text)
    assert parsed == {16: "hex", True: "yes", 1.5: "float"}
    assert_at(text, (16,), (1, 1))
    assert_at(text, (True,), (2, 1))
    assert_at(text, ("true",), (2, 1))
    assert_at(text, ("1.5",), (3, 1))


def test_tokens_of_other_key_types() -> None:
    # Callers pass parsed keys as they are; yaml_rs reads these as float, None and str.
    text = "1.5: float\nnull: none\nyes: word\nlist:\n- a\n"
    parsed: Any = yaml_rs.loads(text)
    assert parsed == {1.5: "float", None: "none", "yes": "word", "list": ["a"]}
    locator = Locator(text, is_json=False)
    assert locator.position((1.5,)) == (1, 1)  # type: ignore[arg-type]
    assert locator.position((None,)) == (2, 1)  # type: ignore[arg-type]
    assert locator.position(("yes",)) == (3, 1)
    assert locator.position(("list", 1.5)) is None  # type: ignore[arg-type]
    assert locator.position(("list", True)) is None


def test_duplicate_keys_point_at_the_last_one() -> None:
    # yaml_rs can be told to keep the last value (oasgate does, and reports the duplicate).
    text = "a:\n  x: 1\n  y: 2\n  x: 3\nb: 4\n"
    assert_fallback_at(text, ("a", "x"), (4, 3))
    assert_fast_at(text, ("a", "y"), (3, 3))


def test_compact_and_nested_sequences() -> None:
    text = yaml_doc(
        """
        top:
        - - a
          - b
        -
          # a comment between the dash and its content
          k: v
        - &anchor
          k2: v2
        -   x: 1
            y: 2
        after: 1
        """
    )
    assert_fast_at(text, ("top", 0), (2, 1))
    assert_fast_at(text, ("top", 0, 1), (3, 3))
    assert_fast_at(text, ("top", 1), (4, 1))
    assert_fast_at(text, ("top", 1, "k"), (6, 3))
    assert_fast_at(text, ("top", 2, "k2"), (8, 3))
    assert_fast_at(text, ("top", 3, "y"), (10, 5))
    assert_fast_at(text, ("after",), (11, 1))


def test_comment_lines_less_indented_do_not_end_a_mapping() -> None:
    text = "a:\n  b:\n# comment\n    c: 1\n  # another\n    d: 2\n  e: 3\n"
    assert_fast_at(text, ("a", "b", "d"), (6, 5))
    assert_fast_at(text, ("a", "e"), (7, 3))


def test_many_keys_switch_from_search_to_enumeration() -> None:
    keys = [f"key{i}" for i in range(40)]
    text = "m:\n" + "".join(f"  {key}:\n    v: {i}\n" for i, key in enumerate(keys))
    locator = Locator(text, is_json=False)
    for i, key in enumerate(keys):
        assert locator._fast_position(("m", key, "v")) == (3 + 2 * i, 5)
        assert locator.position(("m", key)) == (2 + 2 * i, 3)


def test_root_sequence_and_indented_root() -> None:
    assert_fast_at("- a\n- b: 1\n  c: 2\n", (1, "c"), (3, 3))
    assert_fast_at("  a: 1\n  b: 2\n", ("b",), (2, 3))


# --------------------------------------------------------------------------------------
# YAML: line ends, byte-order mark, columns


def test_crlf_line_ends() -> None:
    text = PETS.replace("\n", "\r\n")
    assert_fast_at(text, ("paths", "/pets/{id}", "get", "responses", "200"), (14, 9))


def test_lone_cr_line_ends() -> None:
    assert_fast_at("a:\r  b: 1\r  c: 2\r", ("a", "c"), (3, 3))


def test_byte_order_mark_is_not_a_column() -> None:
    text = "\ufeffa: 1\nb:\n  c: 2\n"
    assert_fast_at(text, ("a",), (1, 1))
    assert_fast_at(text, ("b", "c"), (3, 3))
    # yaml_rs keeps the mark in the first key; the locator accepts that spelling too.
    assert Locator(text, is_json=False).position(("\ufeffa",)) == (1, 1)


def test_columns_count_code_points() -> None:
    text = "a:\n  - \U0001f600: 1\n    é: 2\nb: [\U0001f600, é, x]\n"
    assert_at(text, ("a", 0, "é"), (3, 5))
    assert_at(text, ("b", 2), (4, 11))


def test_line_separators_inside_strings_are_not_line_breaks() -> None:
    # PyYAML counts U+2028 as a line break; positions do not.
    text = 'a: "x\u2028y"\nb: 1\n'
    assert_at(text, ("b",), (2, 1))


# --------------------------------------------------------------------------------------
# YAML: flow style and other constructs the fast path leaves to the exact index


def test_single_line_flow_collections() -> None:
    text = "info: {title: t, 'version': \"1\", x-y: [a, 'b c', {d: e}]}\nenum: [one, two]\n"
    assert_fast_at(text, ("info", "title"), (1, 8))
    assert_fast_at(text, ("info", "version"), (1, 18))
    assert_fast_at(text, ("info", "x-y", 1), (1, 43))
    assert_fast_at(text, ("info", "x-y", 2), (1, 50))
    assert_fast_at(text, ("info", "x-y", 2, "d"), (1, 51))
    assert_fast_at(text, ("enum", 1), (2, 13))


def test_multi_line_flow_collection_falls_back() -> None:
    text = yaml_doc(
        """
        example: {
          "a": [1,
            2],
          "b": {"c": true}
        }
        next: 1
        """
    )
    assert_fallback_at(text, ("example", "a", 1), (3, 5))
    assert_fallback_at(text, ("example", "b", "c"), (4, 9))
    assert_fast_at(text, ("next",), (6, 1))


def test_flow_root_document() -> None:
    text = "{openapi: 3.0.0, info: {title: t}}\n"
    assert_fallback_at(text, ("info", "title"), (1, 25))


def test_aliases_point_at_the_anchored_node() -> None:
    text = yaml_doc(
        """
        base: &b
          x: 1
        other: *b
        merged:
          <<: *b
          y: 2
        """
    )
    parsed: Any = yaml_rs.loads(text)
    assert parsed["merged"]["<<"] == {"x": 1}
    assert_fallback_at(text, ("other", "x"), (2, 3))
    assert_fallback_at(text, ("merged", "<<", "x"), (2, 3))
    assert_fast_at(text, ("merged", "y"), (6, 3))


def test_document_end_marker() -> None:
    text = "a: 1\nb:\n  c: 2\n...\n"
    assert_fast_at(text, ("b", "c"), (3, 3))
    assert_fast_at(text, ("a",), (1, 1))
    assert_fallback_at(text, ("x",), None)


def test_text_pyyaml_cannot_compose() -> None:
    # yaml_rs accepts a tab after '-', PyYAML does not: where the fast path gives up the
    # answer is None rather than an exception.
    text = "a:\n  -\tx: 1\n"
    assert yaml_rs.loads(text) == {"a": [{"x": 1}]}
    assert Locator(text, is_json=False).position(("a", 0)) == (2, 3)
    assert Locator(text, is_json=False).position(("a", 0, "x")) is None


def test_keys_of_a_later_document_are_not_found() -> None:
    text = "a: 1\n---\nb: 2\n"
    assert Locator(text, is_json=False).position(("b",)) is None
    assert Locator(text, is_json=False).position(("a",)) == (1, 1)


def test_empty_document() -> None:
    assert Locator("", is_json=False).position(()) == (1, 1)
    assert Locator("# nothing\n", is_json=False).position(("a",)) is None


def test_json_text_in_a_yaml_file() -> None:
    text = '{\n  "a": {\n    "b": [\n      1,\n      2\n    ]\n  }\n}\n'
    assert_fast_at(text, ("a", "b", 1), (5, 7))


# --------------------------------------------------------------------------------------
# JSON

PRETTY = json.dumps(
    {"openapi": "3.0.0", "paths": {"/a/b": {"get": {"tags": ["x", "y"], "responses": {}}}}},
    indent=2,
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), (1, 1)),
        (("openapi",), (2, 3)),
        (("paths", "/a/b"), (4, 5)),
        (("paths", "/a/b", "get"), (5, 7)),
        (("paths", "/a/b", "get", "tags"), (6, 9)),
        (("paths", "/a/b", "get", "tags", 0), (7, 11)),
        (("paths", "/a/b", "get", "tags", "1"), (8, 11)),
        (("paths", "/a/b", "get", "responses"), (10, 9)),
    ],
)
def test_pretty_json_positions(path: Path_, expected: tuple[int, int]) -> None:
    assert_fast_at(PRETTY, path, expected, is_json=True)


@pytest.mark.parametrize("indent", [4, "\t"])
def test_other_indentations(indent: int | str) -> None:
    text = json.dumps({"a": {"b": [1, {"c": 2}]}}, indent=indent)
    width = 4 if indent == 4 else 1
    assert_fast_at(text, ("a", "b", 1, "c"), (6, 4 * width + 1), is_json=True)


def test_jackson_layout() -> None:
    text = textwrap.dedent(
        """\
        {
          "servers" : [ {
            "url" : "https://one"
          }, {
            "url" : "https://two",
            "vars" : [ ]
          } ],
          "tags" : [ "a", "b" ],
          "empty" : { }
        }"""
    )
    assert_fast_at(text, ("servers", 0), (2, 17), is_json=True)
    assert_fast_at(text, ("servers", 1), (4, 6), is_json=True)
    assert_fast_at(text, ("servers", 1, "url"), (5, 5), is_json=True)
    assert_fast_at(text, ("servers", 1, "vars"), (6, 5), is_json=True)
    assert_fast_at(text, ("tags",), (8, 3), is_json=True)
    assert_at(text, ("tags", 1), (8, 19), is_json=True)  # inside an inline array
    assert Locator(text, is_json=True).position(("empty", "x")) is None


def test_escaped_json_keys() -> None:
    text = '{\n  "a\\/b": {\n    "\\u00e9": 1,\n    "q\\"": 2\n  }\n}'
    assert_fast_at(text, ("a/b", "é"), (3, 5), is_json=True)
    assert_fast_at(text, ("a/b", 'q"'), (4, 5), is_json=True)


def test_minified_json_uses_the_exact_scanner() -> None:
    text = '{"a":{"b":[10,{"c":"x"}]},"d":[]}'
    assert_fallback_at(text, ("a", "b", 1, "c"), (1, 16), is_json=True)
    assert_fallback_at(text, ("d",), (1, 27), is_json=True)
    assert Locator(text, is_json=True).position(("d", 0)) is None


def test_odd_layout_is_not_trusted() -> None:
    # "y" is a member of "a", although it starts a line at the root's indentation.
    text = '{\n  "a": {"x": 1,\n  "y": 2},\n  "c": 3\n}'
    assert_fallback_at(text, ("a", "y"), (3, 3), is_json=True)
    assert Locator(text, is_json=True).position(("y",)) is None
    text = '{\n  "a": {\n  "y": 2\n  },\n  "c": 3\n}'
    assert_fallback_at(text, ("a", "y"), (3, 3), is_json=True)


def test_json_duplicate_keys_point_at_the_last_one() -> None:
    text = '{\n  "a": 1,\n  "b": 2,\n  "a": 3\n}'
    assert orjson.loads(text) == {"a": 3, "b": 2}
    assert_fallback_at(text, ("a",), (4, 3), is_json=True)


def test_json_crlf_and_root_array() -> None:
    text = json.dumps([{"a": 1}, [2, 3]], indent=2).replace("\n", "\r\n")
    assert_fast_at(text, (0, "a"), (3, 5), is_json=True)
    assert_fast_at(text, (1, 1), (7, 5), is_json=True)


def test_invalid_json_is_not_located() -> None:
    assert Locator('{"a": [1, }', is_json=True).position(("a", 0)) is None


# JSON read from its UTF-8 bytes without decoding them (Locator.for_utf8_json)


def byte_locator(text: str) -> Locator:
    raw = text.encode("utf-8")
    return Locator.for_utf8_json(raw, lambda: raw.decode("utf-8-sig"))


def test_utf8_bytes_give_code_point_columns() -> None:
    text = '{\n  "a": {"é😀ü": 1, "b": 2},\n  "c": ["ß", {"d": 3}]\n}'
    located = byte_locator(text)
    decoded = Locator(text, is_json=True)
    for path in [("a",), ("a", "b"), ("c",), ("c", 1), ("c", 1, "d")]:
        assert located.position(path) == decoded.position(path), path
    assert located.position(("a", "b")) == (2, 19)  # 3 characters, 9 bytes, before it
    assert located.position(("c", 1, "d")) == (3, 15)


def test_utf8_bytes_with_non_ascii_keys_raw_or_escaped() -> None:
    text = '{\n  "é": {\n    "\\u00fc": 1,\n    "ñ": 2\n  }\n}'
    located = byte_locator(text)
    assert located.position(("é",)) == (2, 3)
    assert located.position(("é", "ü")) == (3, 5)  # written escaped
    assert located.position(("é", "ñ")) == (4, 5)
    assert located.position(("é", "x")) is None


def test_utf8_bytes_byte_order_mark_crlf_and_minified() -> None:
    text = "\ufeff" + json.dumps({"a": {"b": "ü"}, "c": 1}, indent=2).replace("\n", "\r\n")
    assert byte_locator(text).position(("c",)) == (5, 3)
    minified = '{"ä":"ö","b":[1,{"c":"€"}],"d":2}'
    located = byte_locator(minified)
    assert located.position(("b", 1, "c")) == (1, 18)
    assert located.position(("d",)) == (1, 28)


def check_bytes_against_text(text: str, data: Any) -> None:
    """The byte view of a JSON text answers every node path like the decoded text."""
    located, decoded = byte_locator(text), Locator(text, is_json=True)
    for path in node_paths(data):
        assert located.position(path) == decoded.position(path), path


# --------------------------------------------------------------------------------------
# Differential: the fast path never disagrees with the exact index

MAX_PATHS = 20_000


def node_paths(data: Any, limit: int = MAX_PATHS) -> list[Path_]:
    """Every node path of parsed data (a deterministic sample when there are more)."""
    found: list[Path_] = []
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        found.append(path)
        if isinstance(value, dict):
            for key, child in value.items():
                token = key if isinstance(key, (str, int)) else str(key)
                stack.append(((*path, token), child))
        elif isinstance(value, list):
            stack.extend(((*path, i), child) for i, child in enumerate(value))
    if len(found) > limit:
        found = random.Random(0).sample(found, limit)
    return found


def check_fast_against_exact(text: str, data: Any, *, is_json: bool) -> float:
    """Assert the fast path agrees with the exact index wherever it answers and that
    every path is found; return the share of paths the fast path answered."""
    fast_locator = Locator(text, is_json=is_json)
    exact_locator = Locator(text, is_json=is_json)
    paths = node_paths(data)
    answered = 0
    for path in paths:
        exact = exact_locator._exact_position(path)
        assert exact is not None, path
        fast = fast_locator._fast_position(path)
        if fast is not None:
            answered += 1
            assert fast == exact, path
    return answered / len(paths)


def spec_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.is_file():
            yield path


def parse(path: Path) -> tuple[str, Any, bool]:
    text = path.read_text(encoding="utf-8-sig")
    is_json = path.suffix == ".json"
    return text, orjson.loads(text) if is_json else yaml_rs.loads(text), is_json


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir() if p.is_dir()))
def test_bundled_real_documents(name: str) -> None:
    for spec in spec_files(DATA / name):
        text, data, is_json = parse(spec)
        assert check_fast_against_exact(text, data, is_json=is_json) > 0.95
        if is_json:
            check_bytes_against_text(text, data)


CORPUS = os.environ.get("OASGATE_CORPUS")
CORPUS_DIRS = (
    sorted(p for p in Path(CORPUS).iterdir() if p.is_dir())
    if CORPUS and Path(CORPUS).is_dir()
    else []
)


@pytest.mark.skipif(not CORPUS_DIRS, reason="set OASGATE_CORPUS to a corpus directory")
@pytest.mark.parametrize("folder", CORPUS_DIRS, ids=lambda p: p.name)
def test_corpus_documents(folder: Path) -> None:
    for spec in spec_files(folder):
        text, data, is_json = parse(spec)
        check_fast_against_exact(text, data, is_json=is_json)
        if is_json:
            check_bytes_against_text(text, data)


# Generated documents: keys and values chosen to be awkward for an indentation-based
# reader, written by PyYAML and json in several styles.

AWKWARD_KEYS = [
    "plain",
    "/pets/{id}",
    "200",
    "a: b",
    "a:b",
    "c #d",
    "e#f",
    "- dash",
    "-dash",
    "? q",
    "it's",
    'say "hi"',
    " lead",
    "trail ",
    "true",
    "null",
    "~",
    "é",
    "\U0001f600",
    "multi\nline",
    "tab\tkey",
    "",
    "<<",
    "&anchor",
    "*alias",
    "[x]",
    "{y}",
    "|",
    ">",
    "%p",
    "@at",
]
AWKWARD_VALUES: list[Any] = [
    "plain text",
    "key: value",
    "line one\nline two\n  indented: yes\n",
    "  leading spaces",
    "trailing \n",
    "# not a comment",
    "- not an item",
    "quote's",
    'double "quoted"',
    "x" * 120 + " " + "y: z " * 20,
    "",
    None,
    True,
    12,
    1.5,
    "12",
    "é \U0001f600",
    "\t tab",
]


def awkward_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth >= 5 or roll < 0.35:
        return rng.choice(AWKWARD_VALUES)
    if roll < 0.7:
        keys = rng.sample(AWKWARD_KEYS, rng.randint(0, 6))
        return {key: awkward_value(rng, depth + 1) for key in keys}
    return [awkward_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def awkward_documents() -> Iterator[tuple[str, str, bool]]:
    for seed in range(12):
        rng = random.Random(seed)
        data = {f"root{i}": awkward_value(rng, 0) for i in range(6)}
        for width in (40, 1000):
            yield f"yaml-block-{seed}-{width}", yaml.safe_dump(data, width=width), False
        yield f"yaml-unicode-{seed}", yaml.safe_dump(data, allow_unicode=True), False
        yield f"yaml-flow-{seed}", yaml.safe_dump(data, default_flow_style=True), False
        yield f"yaml-compact-{seed}", yaml.safe_dump(data, indent=4, sort_keys=False), False
        yield f"json-2-{seed}", json.dumps(data, indent=2), True
        yield f"json-tab-{seed}", json.dumps(data, indent="\t", ensure_ascii=False), True
        yield f"json-min-{seed}", json.dumps(data, separators=(",", ":")), True


AWKWARD = list(awkward_documents())


@pytest.mark.parametrize(("text", "is_json"), [d[1:] for d in AWKWARD], ids=[d[0] for d in AWKWARD])
def test_generated_awkward_documents(text: str, is_json: bool) -> None:
    data = orjson.loads(text) if is_json else yaml_rs.loads(text)
    check_fast_against_exact(text, data, is_json=is_json)


def reindented(text: str, rng: random.Random) -> str:
    """Pretty JSON with a few lines moved left or right: still JSON, laid out wrongly."""
    lines = text.split("\n")
    for index in rng.sample(range(1, len(lines)), min(len(lines) - 1, rng.randint(1, 4))):
        content = lines[index].lstrip(" ")
        width = len(lines[index]) - len(content)
        lines[index] = " " * max(0, width + rng.choice((-4, -2, -1, 1, 2))) + content
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(60))
def test_misindented_json_is_located_rightly_or_left_to_the_exact_index(seed: int) -> None:
    """A member indented deeper than its siblings, after a scalar or a closing line, was
    passed over by the layout's search for the lines indented like the members, and the
    items after it were numbered one too low (a finding pointed at the wrong line)."""
    rng = random.Random(seed)
    data = {f"root{i}": awkward_value(rng, 0) for i in range(4)}
    text = reindented(json.dumps(data, indent=2), rng)
    check_fast_against_exact(text, orjson.loads(text), is_json=True)


def test_an_item_indented_deeper_than_its_siblings_is_not_skipped() -> None:
    text = '{\n  "a": [\n    {\n      "x": 1\n    },\n     [],\n    "k",\n    "m"\n  ]\n}'
    assert orjson.loads(text)["a"][2] == "k"
    assert_at(text, ("a", 2), (7, 5), is_json=True)


def test_a_closing_line_indented_deeper_than_its_opener_is_not_passed_over() -> None:
    """Item 0's ``]`` is one column right of its ``[``: the next line indented like the
    items is item 1, not a closer. Jumping from an opener to the next line that starts
    with its closer at its indentation (a search tried for speed, D104) lands on item 2's
    ``]`` and numbers item 1 as part of item 0; only reading every line indented like the
    items sees it."""
    text = (
        '{\n  "a": [\n    [\n      "x"\n     ],\n    {\n      "k": 1\n    },\n'
        '    [\n      "y"\n    ]\n  ]\n}'
    )
    assert orjson.loads(text)["a"][1] == {"k": 1}
    assert_fallback_at(text, ("a", 1), (6, 5), is_json=True)
    assert_fallback_at(text, ("a", 2, 0), (10, 7), is_json=True)


def test_fast_path_covers_generated_documents() -> None:
    """The awkward documents do not simply drive the fast path into giving up (it does
    leave subtrees under explicit ``? key`` entries, which PyYAML writes for empty and
    multi-line keys, to the exact index)."""
    block_yaml = sorted(
        check_fast_against_exact(text, yaml_rs.loads(text), is_json=False)
        for name, text, _ in AWKWARD
        if name.startswith(("yaml-block", "yaml-compact", "yaml-unicode"))
    )
    assert block_yaml[len(block_yaml) // 2] > 0.75
    pretty_json = [
        check_fast_against_exact(text, orjson.loads(text), is_json=True)
        for name, text, _ in AWKWARD
        if name.startswith(("json-2", "json-tab"))
    ]
    assert min(pretty_json) == 1.0


def line_offset(text: str, position: tuple[int, int]) -> int:
    line, column = position
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


@pytest.mark.parametrize("seed", range(6))
def test_exact_json_scanner_on_minified_text(seed: int) -> None:
    """Independent check of the exact JSON scanner: in minified text, the source at the
    position of a member is its key and value as json.dumps writes them, and at an item
    it is the item."""
    rng = random.Random(seed)
    data = {f"root{i}": awkward_value(rng, 0) for i in range(6)}

    def dump(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)

    text = dump(data)
    locator = Locator(text, is_json=True)
    for path in node_paths(data):
        position = locator.position(path)
        assert position is not None and position[0] == 1
        parent: Any = data
        for token in path[:-1]:
            parent = parent[token]
        source = text[line_offset(text, position) :]
        if not path:
            assert source.startswith(dump(data))
        elif isinstance(parent, dict):
            assert source.startswith(dump(path[-1]) + ":" + dump(parent[path[-1]]))
        else:
            assert source.startswith(dump(parent[path[-1]]))


@pytest.mark.parametrize("seed", range(6))
def test_exact_yaml_index_on_flow_text(seed: int) -> None:
    """Independent check of the exact YAML index on flow-style text (where the fast path
    mostly gives up): the first scalar token read at a mapping entry's position is its key,
    and the text at an item's position reads back as the item."""
    rng = random.Random(seed)
    data = {f"root{i}": awkward_value(rng, 0) for i in range(6)}
    text = yaml.safe_dump(data, default_flow_style=True, width=10_000)
    locator = Locator(text, is_json=False)
    for path in node_paths(data):
        position = locator.position(path)
        assert position is not None
        if not path:
            continue
        source = text[line_offset(text, position) :]
        if isinstance(path[-1], str):
            tokens = yaml.scan("{" + source)
            key = next(t for t in tokens if isinstance(t, yaml.ScalarToken))
            assert key.value == path[-1]
        else:
            parent: Any = data
            for token in path[:-1]:
                parent = parent[token]
            item = parent[path[-1]]
            if isinstance(item, (dict, list)):
                assert source[0] == ("{" if isinstance(item, dict) else "[")
                continue
            scalar = next(t for t in yaml.scan("[" + source) if isinstance(t, yaml.ScalarToken))
            read = yaml.safe_load(scalar.value) if scalar.plain else scalar.value
            assert read == item


# -- text the finders cannot follow: a clean answer, never a traceback ---------------------

#: A chain of compact entries (``- - - … "x"``) that ``--max-depth 1000`` lets through: the
#: YAML layout follows it by recursion, past the interpreter's stack.
DEEP_CHAIN = "openapi: 3.0.3\na:\n  'b': 1\n  c:\n  " + "- " * 995 + '"x"\n  d: 2\n'


def test_text_nested_past_the_stack_has_no_position_rather_than_a_traceback() -> None:
    locator = Locator(DEEP_CHAIN, is_json=False)
    assert locator.position(("a", "b")) is None  # its mapping cannot be enumerated
    assert locator.position(("a", "c", 0, 0, 0)) is None
    assert locator.position(("a", "d")) == (6, 3)  # found without the enumeration


def test_a_report_on_text_nested_past_the_stack_still_names_the_pointer(tmp_path: Path) -> None:
    """``SourceFile.position`` once caught every exception to survive such text; now the
    locator answers None itself, and the location keeps its pointer without a line (as
    before), while a bug in the locator would surface instead of losing positions."""
    from oasgate.loading.document import Document
    from oasgate.loading.limits import Limits
    from oasgate.loading.trees import open_tree

    spec = tmp_path / "openapi.yaml"
    spec.write_text(DEEP_CHAIN)
    limits = Limits(max_depth=1000)
    document = Document(open_tree(str(spec), limits=limits), limits=limits)
    location = document.location(document.root.file, ("a", "b"))
    assert (location.pointer, location.line, location.column) == ("/a/b", None, None)
    assert document.location(document.root.file, ("a", "d")).line == 6


@pytest.mark.parametrize("is_json", [False, True])
def test_an_index_of_thousands_of_digits_names_no_item(is_json: bool) -> None:
    """``int()`` refuses a string of more than 4,300 digits; no sequence has such an item."""
    text = '{"a": [1]}' if is_json else "a:\n- 1\n"
    assert Locator(text, is_json=is_json).position(("a", "9" * 5000)) is None


def test_an_escape_naming_no_character_is_left_to_the_exact_index() -> None:
    """``\\UFFFFFFFF`` names no code point: the fast path gives up (yaml_rs refuses such
    text, so the exact index finds nothing either) instead of failing in ``chr``."""
    text = 'a:\n  "\\UFFFFFFFF": 1\n  "b": 2\n'
    assert Locator(text, is_json=False).position(("a", "b")) is None
