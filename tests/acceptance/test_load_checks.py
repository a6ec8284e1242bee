"""The load checks (every ``$ref`` resolves, structural diagnostics) give the same
verdict in a forked child as in the process itself: same exit code, same error line,
same diagnostics — and the parent falls back to doing them itself when the child
cannot answer."""

from __future__ import annotations

import datetime
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

import oasgate
from oasgate import capabilities
from oasgate.engine import check_opened, load
from oasgate.errors import OasgateError
from oasgate.loading.document import Document
from oasgate.loading.trees import open_tree
from oasgate.model.load_checks import MIN_BACKGROUND_BYTES, PendingChecks
from oasgate.model.opening import Opening
from oasgate.model.swagger2 import open_model
from oasgate.policy.settings import Config
from tests.conftest import run_cli

#: where the checks may run in a child (Linux); elsewhere they run inline, tested beside
FORKS = pytest.mark.skipif(not capabilities.FORK_CHECKS, reason="checks are forked on Linux only")


def nested_schema(levels: int, leaf: str) -> str:
    """JSON of an object schema with a property inside a property ... ``levels`` times
    (two levels of nesting each), on one line: deeper than :mod:`json` writes."""
    opening = '{"type": "object", "properties": {"p": '
    return opening * levels + f'{{"type": "{leaf}"}}' + "}}" * levels


def big_spec(
    *,
    dangling: bool = False,
    problems: bool = False,
    paths: int = 2500,
    item: str | None = None,
) -> str:
    """A JSON spec above the background threshold, optionally broken or untidy; every
    operation returns the ``Item`` schema (``item``, JSON text; else an empty object)."""
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Big", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {"Item": "@item@" if item else {"type": "object", "properties": {}}}
        },
    }
    for number in range(paths):
        operation: dict[str, Any] = {
            "operationId": "dup" if problems and number < 3 else f"op{number}",
            "description": "x" * 300,
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Item"},
                        }
                    },
                }
            },
        }
        if problems and number == 7:
            del operation["responses"]["200"]["description"]
        spec["paths"][f"/items{number}"] = {"get": operation}
    if dangling:
        schema = spec["paths"]["/items1200"]["get"]["responses"]["200"]["content"]
        schema["application/json"]["schema"] = {"$ref": "#/components/schemas/Gone"}
    text = json.dumps(spec, indent=2)
    return text.replace('"@item@"', item) if item else text


def write(tmp_path: Path, name: str, text: str) -> Path:
    assert (len(text) > MIN_BACKGROUND_BYTES) == ("small" not in name)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def both_ways(*args: str) -> tuple[Any, Any]:
    forked = run_cli(*args, env={"OASGATE_NO_FORK": None})
    inline = run_cli(*args, env={"OASGATE_NO_FORK": "1"})
    return forked, inline


@FORKS
def test_a_dangling_ref_fails_alike_with_and_without_the_child(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", big_spec(dangling=True))
    revision = write(tmp_path, "revision.json", big_spec())
    forked, inline = both_ways("check", str(base), str(revision))
    assert forked.exit_code == inline.exit_code == 2
    assert forked.stderr == inline.stderr
    assert "#/components/schemas/Gone" in forked.stderr
    assert "base.json:" in forked.stderr
    assert forked.stdout == inline.stdout == ""


@FORKS
def test_a_broken_base_is_reported_before_a_broken_revision(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", big_spec(dangling=True))
    revision = write(tmp_path, "small-revision.json", "{ not json")
    forked, inline = both_ways("check", str(base), str(revision))
    assert forked.exit_code == inline.exit_code == 2
    assert forked.stderr == inline.stderr
    assert "base.json" in forked.stderr and "Gone" in forked.stderr


@FORKS
@pytest.mark.parametrize(
    ("base_levels", "revision_levels", "refused"),
    [(495, 495, "base.json"), (100, 200, "revision.json")],
    ids=["deep-on-both-sides", "deep-beyond-what-is-compared"],
)
def test_nesting_too_deep_is_refused_alike_with_and_without_the_child(
    tmp_path: Path, base_levels: int, revision_levels: int, refused: str
) -> None:
    # The children check the nesting while the parent compares. Deep on both sides,
    # the comparison runs out of stack first (a RecursionError); the depth error must
    # still be the one reported, the base's first, exactly as a sequential run does.
    base = write(tmp_path, "base.json", big_spec(item=nested_schema(base_levels, "string")))
    deep = nested_schema(revision_levels, "integer")
    revision = write(tmp_path, "revision.json", big_spec(item=deep))
    forked, inline = both_ways("check", str(base), str(revision))
    assert forked.exit_code == inline.exit_code == 2
    assert forked.stderr == inline.stderr
    assert f"{refused}: nesting deeper than 256 levels is refused" in forked.stderr
    assert "Traceback" not in forked.stderr
    assert forked.stdout == ""


@FORKS
def test_the_deferred_depth_check_gives_the_parse_time_error(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", big_spec(item=nested_schema(200, "string")))
    with pytest.raises(OasgateError) as inline:
        load(str(path))
    with pytest.raises(OasgateError) as forked, Opening(background=True) as opening:
        model = opening.open(str(path))  # no error yet: the child is checking
        assert opening.checking(model)
    assert str(forked.value) == str(inline.value)
    assert "nesting deeper than 256 levels" in str(inline.value)


@FORKS
def test_diagnostics_are_the_same_from_the_child(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", big_spec(problems=True))
    revision = write(tmp_path, "revision.json", big_spec(problems=True, paths=2400))
    forked, inline = both_ways("check", str(base), str(revision), "--format", "json")
    assert forked.exit_code == inline.exit_code == 1  # paths removed
    assert forked.stdout == inline.stdout
    codes = [d["code"] for d in json.loads(forked.stdout)["diagnostics"]]
    assert "duplicate-operation-id" in codes
    assert "response-missing-description" in codes


@FORKS
def test_pending_checks_match_the_inline_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", big_spec(problems=True))
    expected = load(str(path)).diagnostics
    with Opening(background=True) as opening:
        model = opening.open(str(path))
        assert opening.checking(model)
        with opening.comparing():
            pass
        assert not opening.checking(model)
        assert model.diagnostics == expected
    assert [d.code for d in expected].count("duplicate-operation-id") == 2


@FORKS
def test_a_failed_comparison_gives_way_to_the_checks_error(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", big_spec(dangling=True))
    with pytest.raises(OasgateError, match="Gone"), Opening(background=True) as opening:
        opening.open(str(path))
        with opening.comparing():
            raise RuntimeError("what the comparison met")


@FORKS
def test_the_first_document_opened_speaks_first(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", big_spec(dangling=True))
    revision = write(tmp_path, "revision.json", big_spec(dangling=True))
    with pytest.raises(OasgateError, match=r"base\.json"), Opening(background=True) as opening:
        opening.open(str(base))
        opening.open(str(revision))  # its checks are abandoned: the base's error ends the run
        opening.open(str(tmp_path / "missing.json"))  # fails, after the base's own error


@FORKS
def test_a_child_that_dies_silently_makes_the_parent_check_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", big_spec(dangling=True))
    document = Document(open_tree(str(path)), defer_depth_check=True)
    model = open_model(document)
    real = PendingChecks.start(model)  # no error yet: the child is checking
    assert real is not None
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os._exit(0)  # a child that dies without a word
    os.close(write_fd)
    with pytest.raises(OasgateError, match="Gone") as inline:
        PendingChecks(model, pid, read_fd).finish()
    with pytest.raises(OasgateError, match="Gone") as forked:
        real.finish()
    assert str(inline.value) == str(forked.value)


def test_no_child_for_small_documents_or_beside_threads(tmp_path: Path) -> None:
    small = write(tmp_path, "small.json", big_spec(paths=5))
    assert not PendingChecks.worth_a_child(load(str(small)))
    big = write(tmp_path, "big.json", big_spec())
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Opening(background=True) as opening:
            model = opening.open(str(big))
            assert not opening.checking(model)  # checked inline instead
            assert model.diagnostics == []
    finally:
        stop.set()
        other.join()


def test_settle_and_background_are_deprecated_no_ops(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.json", big_spec(problems=True))
    expected = load(str(path)).diagnostics
    with pytest.deprecated_call():
        model = oasgate.load(str(path), background=True)
    assert model.diagnostics == expected  # checked before load returned
    with pytest.deprecated_call():
        oasgate.settle(model)
    assert model.diagnostics == expected
    assert "settle" not in oasgate.__all__


def invalid_spec(paths: int) -> str:
    """``big_spec`` with problems the OpenAPI schema itself rejects (``--strict``'s):
    a response without its description, an operation id that is a number."""
    text = big_spec(problems=True, paths=paths)
    return text.replace('"operationId": "op4"', '"operationId": 4', 1)


@FORKS
@pytest.mark.parametrize("size", ["big", "small"])
def test_strict_validation_is_the_same_from_a_child(tmp_path: Path, size: str) -> None:
    # --strict validates each document in a child beside the comparison, a small one too
    paths = 2500 if size == "big" else 20
    prefix = "" if size == "big" else "small-"
    base = write(tmp_path, f"{prefix}base.json", invalid_spec(paths))
    revision = write(tmp_path, f"{prefix}revision.json", invalid_spec(paths - 1))
    forked, inline = both_ways("check", str(base), str(revision), "--strict", "--format", "json")
    assert forked.exit_code == inline.exit_code == 1
    assert forked.stdout == inline.stdout
    assert forked.stderr == inline.stderr
    messages = [d["message"] for d in json.loads(forked.stdout)["diagnostics"]]
    assert any("4 is not of type 'string'" in message for message in messages), messages


@FORKS
def test_strict_validation_of_a_swagger_2_document_from_a_child(tmp_path: Path) -> None:
    spec = (
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /pets: {get: {operationId: 4, responses: {'200': {description: ok}}}}\n"
    )
    base = write(tmp_path, "small-base.yaml", spec)
    revision = write(tmp_path, "small-revision.yaml", spec.replace("/pets", "/cats"))
    forked, inline = both_ways("check", str(base), str(revision), "--strict", "--format", "json")
    assert forked.exit_code == inline.exit_code == 1, forked.stderr
    assert forked.stdout == inline.stdout
    assert json.loads(forked.stdout)["diagnostics"]


@FORKS
def test_a_document_validated_in_a_child_has_the_errors_validating_it_here_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oasgate.model import load_checks
    from oasgate.model.validation import schema_diagnostics

    path = write(tmp_path, "small-spec.json", invalid_spec(20))
    expected = schema_diagnostics(load(str(path)))
    assert expected
    with Opening(background=True, validate=True) as opening:
        model = opening.open(str(path))
        assert opening.checking(model)  # small, but validated in a child
    assert model.validated == expected
    # a child that cannot validate (it stops on anything) leaves the validation to the run
    monkeypatch.setattr(load_checks, "_validated", lambda model: None)
    today = datetime.date(2026, 1, 1)
    reports = []
    for opening in (Opening(background=True, validate=True), Opening()):
        with opening:
            model = opening.open(str(path))
            reports.append(
                check_opened(opening, model, model, settings=Config(), today=today, strict=True)
            )
        assert model.validated is None
    assert reports[0].diagnostics == reports[1].diagnostics
    assert any(d in expected for d in reports[0].diagnostics)
