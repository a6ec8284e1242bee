"""Reading a spec file: its bytes whole, whatever its size against the limit, and no more
memory asked for than the file holds (a multi-file spec reads thousands of small files)."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oasgate.errors import OasgateError
from oasgate.loading.safe_files import read_regular_file


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=3000), st.integers(min_value=0, max_value=4000))
def test_a_file_is_read_whole_or_refused_at_the_limit(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, limit: int
) -> None:
    path = tmp_path_factory.mktemp("read") / "spec.yaml"
    path.write_bytes(content)
    if len(content) > limit:
        with pytest.raises(OasgateError, match="more than the limit"):
            read_regular_file(str(path), limit=limit, display="spec.yaml")
    else:
        assert read_regular_file(str(path), limit=limit, display="spec.yaml") == content


def test_a_small_file_does_not_reserve_the_whole_limit(tmp_path: Path) -> None:
    # DigitalOcean's spec is 1,710 files of about a kilobyte; each read used to reserve
    # a 64 MiB buffer (the limit is 128 MiB): a map and an unmap of the kernel per file
    path = tmp_path / "part.yaml"
    path.write_bytes(b"type: object\n" * 80)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        data = read_regular_file(str(path), limit=128 * 1024 * 1024, display="part.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == path.read_bytes()
    assert peak < 64 * 1024


def test_a_file_that_grows_while_it_is_read_is_still_bounded(tmp_path: Path) -> None:
    # the size is read first; a file that has more by the time it is read is read on,
    # up to the limit, never past it
    path = tmp_path / "growing.yaml"
    path.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:
        info = real_fstat(descriptor)
        fields = list(info)
        fields[6] = 10  # st_size as it was before the file grew
        return os.stat_result(fields)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fstat", stale_fstat)
        assert read_regular_file(str(path), limit=1000, display="g.yaml") == b"a" * 100
        with pytest.raises(OasgateError, match="more than the limit"):
            read_regular_file(str(path), limit=50, display="g.yaml")


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW on this system")
def test_a_symlink_put_where_a_regular_file_was_seen_is_refused(tmp_path: Path) -> None:
    """A file tree reads a file its own ``lstat`` saw as regular without asking ``stat``
    again; a symlink put there since (to a secret outside the tree) is not followed."""
    (tmp_path / "secret").write_text("password")
    (tmp_path / "spec.yaml").symlink_to(tmp_path / "secret")
    path = str(tmp_path / "spec.yaml")
    assert read_regular_file(path, limit=100, display="spec.yaml") == b"password"
    with pytest.raises(OasgateError, match="cannot read") as refused:
        read_regular_file(path, limit=100, display="spec.yaml", seen_regular=True)
    assert refused.value.file == "spec.yaml"


def test_a_file_seen_regular_is_read_whole_and_refused_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"openapi: 3.0.3\n")
    read = str(path)
    assert read_regular_file(read, limit=100, display="s", seen_regular=True) == b"openapi: 3.0.3\n"
    with pytest.raises(OasgateError, match="15 bytes, more than the limit of 10"):
        read_regular_file(read, limit=10, display="s", seen_regular=True)
