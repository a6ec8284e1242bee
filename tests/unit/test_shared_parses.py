"""A file both sides hold byte for byte is parsed once per run, and only where sharing its
parse cannot hide a change: a file whose ``$ref``s reach other files is parsed per side."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import oasgate
from oasgate.loading.canonical import dump
from oasgate.loading.limits import DEFAULT_LIMITS
from oasgate.loading.parsing import ParsedText
from oasgate.loading.refscan import ref_strings
from oasgate.loading.shared_parses import SharedParses, self_contained
from oasgate.loading.sources import SourceText
from oasgate.model.opening import Opening

ROOT = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml'}
  /owners:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/owner.yaml'}
"""
PET = "type: object\nproperties:\n  id: {$ref: '#/definitions/id'}\ndefinitions:\n  id: {type: string}\n"
OWNER = "type: object\nproperties:\n  name: {$ref: 'name.yaml'}\n"


def _sides(tmp_path: Path, base_name: str, revision_name: str) -> tuple[str, str]:
    roots = []
    for side, name in (("base", base_name), ("revision", revision_name)):
        folder = tmp_path / side
        (folder / "schemas").mkdir(parents=True)
        (folder / "openapi.yaml").write_text(ROOT)
        (folder / "schemas" / "pet.yaml").write_text(PET)
        (folder / "schemas" / "owner.yaml").write_text(OWNER)  # the same bytes, but it
        (folder / "schemas" / "name.yaml").write_text(name)  # reaches a file that differs
        roots.append(str(folder / "openapi.yaml"))
    return roots[0], roots[1]


def test_a_change_behind_an_unchanged_file_is_still_found(tmp_path: Path) -> None:
    base, revision = _sides(tmp_path, "type: string\n", "type: integer\n")
    report = oasgate.check(base, revision)
    [finding] = report.findings
    assert finding.rule == "response-property-type-changed"
    assert finding.message == "response schema 'name': type changed from string to integer"
    assert finding.location.file.endswith("revision/schemas/name.yaml")


def test_an_identical_self_contained_file_is_parsed_once(tmp_path: Path) -> None:
    base, revision = _sides(tmp_path, "type: string\n", "type: string\n")
    with Opening() as opening:
        old = opening.open(base)
        new = opening.open(revision)
    pet = "schemas/pet.yaml"
    assert old.document.parsed(pet) is new.document.parsed(pet)
    owner = "schemas/owner.yaml"  # reaches another file: parsed on each side
    assert old.document.parsed(owner) is not new.document.parsed(owner)
    assert old.document.parsed(owner) == new.document.parsed(owner)


def test_a_parse_is_shared_only_under_the_same_limits() -> None:
    parses = SharedParses()
    source = SourceText("a.yaml", "a.yaml", PET.encode())
    first = parses.parse(source, limits=DEFAULT_LIMITS)
    assert parses.parse(source, limits=DEFAULT_LIMITS) is first
    tighter = DEFAULT_LIMITS.replace(max_depth=3)
    assert parses.parse(source, limits=tighter) is not first
    assert parses.parse(source, limits=DEFAULT_LIMITS, check_nesting=False) is not first
    assert (parses.parsed, parses.reused) == (3, 1)


_REFS = st.sampled_from(["#/a", "#", "", "a.yaml", "a.yaml#/b", '#"', '"#', "\\#", "\n#", "ｘ"])
_VALUES: st.SearchStrategy[object] = st.recursive(
    st.one_of(st.none(), st.integers(), _REFS),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["$ref", "a", '"$ref"', "$re"]), children, max_size=3),
    ),
    max_leaves=12,
)


@given(_VALUES)
def test_a_file_is_self_contained_when_every_ref_starts_with_a_hash(value: object) -> None:
    parsed = ParsedText(value, is_json=True)
    refs = ref_strings(dump(value))
    assert self_contained(parsed) == all(ref.startswith("#") for ref in refs)
