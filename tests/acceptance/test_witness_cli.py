"""``oasgate check --explain`` as a user runs it: witnesses in the report, the same bytes
whatever the interpreter's hash seed, and nothing new without the flag."""

from __future__ import annotations

import jsonschema
import pytest

from tests.conftest import DATA, REPO, run_cli

PAIRS = {
    "petstore": (REPO / "examples/petstore/base.yaml", REPO / "examples/petstore/revision.yaml"),
    "scalar": (
        DATA / "corpus/scalar-galaxy-oas31/base.yaml",
        DATA / "corpus/scalar-galaxy-oas31/revision.yaml",
    ),
}


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_explain_is_byte_identical_across_hash_seeds(pair: str) -> None:
    base, revision = PAIRS[pair]
    runs = [
        run_cli(
            "check",
            str(base),
            str(revision),
            "--explain",
            "--format",
            "json",
            env={"PYTHONHASHSEED": seed},
        )
        for seed in ("0", "4242")
    ]
    assert runs[0].exit_code == runs[1].exit_code == 1, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    report = runs[0].json()
    schema = __import__("json").loads((REPO / "src/oasgate/report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert any(f.get("witness", {}).get("found") for f in report["findings"])


def test_without_explain_no_witness_in_any_report() -> None:
    base, revision = PAIRS["petstore"]
    shown = {
        "json": '"witness"',
        "markdown": "Witnesses (",
        "sarif": '"witness"',
        "text": "witness:",
    }
    for form, mark in shown.items():
        done = run_cli("check", str(base), str(revision), "--format", form)
        assert done.exit_code == 1 and mark not in done.stdout, form
        explained = run_cli("check", str(base), str(revision), "--format", form, "--explain")
        assert mark in explained.stdout, form
