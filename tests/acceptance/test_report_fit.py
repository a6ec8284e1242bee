"""The OpenSearch corpus pair, whose Markdown comment was over 100,000 characters, fits a
GitHub comment and still lists every error (docs/reports.md, "markdown"). Runs when
``OASGATE_CORPUS`` points at the corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

GITHUB_COMMENT_LIMIT = 65_536
CORPUS = os.environ.get("OASGATE_CORPUS")
PAIRS = sorted(Path(CORPUS).glob("opensearch*")) if CORPUS and Path(CORPUS).is_dir() else []


@pytest.mark.skipif(not PAIRS, reason="needs OASGATE_CORPUS with the OpenSearch pair")
def test_opensearch_markdown_fits_a_comment_and_lists_every_error(tmp_path: Path) -> None:
    folder = PAIRS[0]
    entry = (folder / "ENTRY.txt").read_text().strip()
    result = run_cli(
        "check",
        str(folder / "base" / entry),
        str(folder / "revision" / entry),
        f"--ref-root={folder}",
        f"--path-base={folder}",
        f"--format=markdown={tmp_path / 'comment.md'}",
        f"--format=json={tmp_path / 'report.json'}",
        cwd=tmp_path,
    )
    assert result.exit_code == 1, result.stderr
    comment = (tmp_path / "comment.md").read_text(encoding="utf-8")
    report = json.loads((tmp_path / "report.json").read_text())
    assert len(comment) <= GITHUB_COMMENT_LIMIT
    errors = [f for f in report["findings"] if f["severity"] == "error" and not f.get("ignored")]
    assert len(errors) > 100
    error_rows = [line for line in comment.splitlines() if line.startswith("| 🔴 error |")]
    assert len(error_rows) == len(errors)
    shown = sorted(row.split(" | ")[3].strip("`") for row in error_rows)
    assert shown == sorted(finding["id"] for finding in errors)
    assert "more not shown" in comment
    assert str(folder) not in comment
