"""``check BASE REVISION`` tells two documents from two trees without the monorepo scanner
when both arguments are plain files (D80); the answer must be the scanner's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oasgate.cli.check_many import _plain_files, tree_arguments
from oasgate.many.sides import is_tree

KINDS = ("file", "directory", "link-to-file", "link-to-directory", "dangling-link", "missing")


def _make(root: Path, kind: str) -> str:
    path = root / f"{kind}.yaml"
    if kind == "file":
        path.write_text("openapi: 3.0.3\n", encoding="utf-8")
    elif kind == "directory":
        path.mkdir()
    elif kind.startswith("link") or kind == "dangling-link":
        target = root / f"target-of-{kind}"
        if kind == "link-to-file":
            target.write_text("openapi: 3.0.3\n", encoding="utf-8")
        elif kind == "link-to-directory":
            target.mkdir()
        path.symlink_to(target)
    return str(path)


@pytest.mark.skipif(os.name != "posix", reason="symlinks made by an unprivileged user")
@pytest.mark.parametrize("kind", KINDS)
def test_a_plain_file_is_one_the_scanner_calls_a_document(tmp_path: Path, kind: str) -> None:
    argument = _make(tmp_path, kind)
    if _plain_files(argument):
        assert not is_tree(argument)


@pytest.mark.parametrize("argument", ["-", "api/*.yaml", "origin/main:api/", "missing.yaml"])
def test_what_is_not_a_plain_file_is_left_to_the_scanner(argument: str) -> None:
    assert _plain_files(argument) is (argument == "-")


@pytest.mark.skipif(os.name != "posix", reason="symlinks made by an unprivileged user")
@pytest.mark.parametrize("base_kind", KINDS)
@pytest.mark.parametrize("revision_kind", KINDS)
def test_the_shortcut_gives_the_scanner_s_answer(
    tmp_path: Path, base_kind: str, revision_kind: str
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "r").mkdir()
    base, revision = _make(tmp_path / "b", base_kind), _make(tmp_path / "r", revision_kind)
    both = [is_tree(base), is_tree(revision)]
    if not any(both):
        assert tree_arguments(base, revision, None) is None
    elif all(both):
        assert tree_arguments(base, revision, None) == (base, revision)
