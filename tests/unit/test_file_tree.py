"""Where a directory of a spec's tree really is: worked out from its parent's, one
``lstat`` per directory, and always what ``os.path.realpath`` says — through symlinks
inside and out of the tree, loops, files used as directories and paths that do not
exist — since every read's confinement to the tree is decided on it; and the same for the
files a report names (their path relative to the repository is worked out from it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oasgate.cli.report_paths import _real_path
from oasgate.loading.local_trees import FileTree, _relative


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FileTree]:
    root = tmp_path_factory.mktemp("tree")
    (root / "a" / "b" / "c").mkdir(parents=True)
    (root / "a" / "b" / "c" / "openapi.yaml").write_text("openapi: 3.0.3\n")
    (root / "file").write_text("x")
    (root / "a" / "b" / "up").symlink_to("../..")
    (root / "a" / "out").symlink_to("/etc")
    (root / "loop1").symlink_to("loop2")
    (root / "loop2").symlink_to("loop1")
    (root / "ab").symlink_to("a/b")
    return root, FileTree(str(root / "a" / "b" / "c" / "openapi.yaml"), ref_root=str(root))


_NAMES = st.sampled_from(["a", "b", "c", "up", "out", "loop1", "ab", "file", "nope", "..", "."])


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_NAMES, max_size=8).map("/".join))
def test_a_directory_is_where_realpath_says(tree: tuple[Path, FileTree], directory: str) -> None:
    root, files = tree
    expected = os.path.realpath(root / directory if directory else root)
    assert files._real_dir(directory) == expected


def test_a_directory_thousands_of_levels_deep_is_no_error(tree: tuple[Path, FileTree]) -> None:
    root, files = tree
    deep = "/".join(["nope"] * 3000)
    assert files._real_dir(deep) == os.path.realpath(root / deep)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_NAMES, min_size=1, max_size=8).map("/".join))
def test_a_file_named_in_a_report_is_where_realpath_says(
    tree: tuple[Path, FileTree], file: str
) -> None:
    root, _ = tree
    real_dirs: dict[str, str] = {}
    for _ in range(2):  # the second time from the directories already resolved
        assert _real_path(f"{root}/{file}", real_dirs) == os.path.realpath(root / file)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_NAMES, min_size=1, max_size=8).map("/".join))
def test_a_file_is_shown_relative_to_the_root_document_as_when_worked_out_whole(
    tree: tuple[Path, FileTree], key: str
) -> None:
    """Error messages name a file relative to the root document's directory; the answer
    is kept per directory, and must be the one the whole key gives — also where the
    file's name is one of the root's own directories (``a/b`` from ``a/b/c``: ``..``)."""
    _, files = tree
    for _ in range(2):  # the second time from the directory already worked out
        assert files._relative_to_root(key) == _relative(key, "a/b/c")


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_NAMES, min_size=1, max_size=8).map("/".join))
def test_a_file_has_one_key_named_from_where_its_directory_really_is(
    tree: tuple[Path, FileTree], key: str
) -> None:
    """A file reached through a directory symlink inside the tree is one key, the one its
    real directory gives (else the tree reads and parses it again under each name); a key
    whose directory really is outside the tree stays as written, and reading it refuses it."""
    root = str(tree[0].resolve())  # as the tree resolves --ref-root
    files = tree[1]
    directory, _, name = key.rpartition("/")
    real = os.path.realpath(f"{root}/{directory}")
    if not directory:
        expected = key
    elif real == root:
        expected = name
    elif real.startswith(f"{root}/"):
        expected = f"{real[len(root) + 1 :]}/{name}"
    else:
        expected = key
    for _ in range(2):  # the second time from the directory already worked out
        assert files._canonical(key) == expected
