"""Helpers that write whole example documents for rules that need more than ``paths``
(security, servers, webhooks, components, ``info.version``, Swagger 2.0)."""

from __future__ import annotations

from oasgate.catalogue.base import OK, op


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(f"{pad}{line}\n" if line.strip() else "\n" for line in text.splitlines())


def document(
    paths: str | None = None,
    *,
    extra: str = "",
    version: str = "3.0.3",
    info_version: str = "'1'",
) -> str:
    """A whole OpenAPI 3 document: ``paths`` is a paths snippet (as :func:`op` writes it,
    one ``GET /pets`` by default) and ``extra`` more top-level YAML."""
    body = op(OK) if paths is None else paths
    text = f"openapi: {version}\ninfo: {{title: t, version: {info_version}}}\npaths:\n"
    return text + _indent(body, 2) + extra


def swagger(paths: str | None = None, *, extra: str = "") -> str:
    """A whole Swagger 2.0 document."""
    body = op(OK) if paths is None else paths
    return "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n" + _indent(body, 2) + extra
