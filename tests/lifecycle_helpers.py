"""Small builders for lifecycle tests: documents with annotated elements, and a runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import oasgate
from oasgate.config import load_config
from oasgate.findings import Finding, Report
from oasgate.policy.settings import Config

OK = "responses: {'200': {description: ok}}"


def doc(paths: str, info: str = "") -> str:
    extra = f", {info}" if info else ""
    body = "".join(f"  {line}\n" for line in paths.splitlines())
    return f"openapi: 3.0.3\ninfo: {{title: t, version: '1'{extra}}}\npaths:\n{body}"


def lifecycle(**fields: str) -> str:
    inner = ", ".join(f"{key}: {value}" for key, value in fields.items())
    return f"x-lifecycle: {{{inner}}}"


def response_props(props: str, annotation: str = "") -> str:
    """GET /pets returning an object with ``props`` (flow style); ``annotation`` on the op."""
    extra = f", {annotation}" if annotation else ""
    schema = "{type: object, properties: {" + props + "}}"
    return (
        "/pets:\n  get: {responses: {'200': {description: ok, content: "
        "{application/json: {schema: " + schema + "}}}}" + extra + "}"
    )


def run(
    tmp_path: Path,
    base: str,
    revision: str,
    *,
    today: str = "2026-03-01",
    config: Config | dict[str, Any] | None = None,
) -> Report:
    folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / "base.yaml").write_text(base, encoding="utf-8")
    (folder / "revision.yaml").write_text(revision, encoding="utf-8")
    if isinstance(config, dict):
        import yaml

        (folder / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        config = load_config(folder / "config.yaml")
    return oasgate.check(
        str(folder / "base.yaml"), str(folder / "revision.yaml"), today=today, config=config
    )


def by_rule(report: Report) -> dict[str, Finding]:
    return {finding.rule: finding for finding in report.findings}


def rules(report: Report) -> set[str]:
    return {finding.rule for finding in report.findings}
