"""A spec's history built commit by commit, with the dates of each commit set.

A dozen commits of ``api/openapi.yaml`` (issue 21): an API added, an operation
deprecated without a date, removed too early, restored, another deprecated and removed
after the deprecation window (six months), a parameter renamed, a README commit that
does not touch the spec, release tags; then a query parameter, a component parameter
(``$ref``) and a component schema's property deprecated without a date, the parameter
removed too early and the others after the window. Committer and author dates are set per commit
(``GIT_COMMITTER_DATE``), so every date the log and the lifecycle policy read is known.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.acceptance.gitrepo import clean_env

SPEC = "api/openapi.yaml"


def _operation(
    method: str,
    summary: str,
    *,
    deprecated: bool = False,
    param: str = "",
    param_deprecated: bool = False,
    offset: bool = False,
    pet: bool = False,
) -> str:
    lines = [f"    {method}:", f"      summary: {summary}"]
    if deprecated:
        lines.append("      deprecated: true")
    if param or offset:
        lines.append("      parameters:")
    if param:
        flag = ", deprecated: true" if param_deprecated else ""
        lines.append(f"        - {{name: {param}, in: query, schema: {{type: integer}}{flag}}}")
    if offset:
        lines.append("        - $ref: '#/components/parameters/Offset'")
    lines.append("      responses:")
    if pet:
        lines += [
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            "              schema: {$ref: '#/components/schemas/Pet'}",
        ]
    else:
        lines.append("        '200': {description: ok}")
    return "\n".join(lines)


def _components(offset: str | None, nickname: str | None) -> list[str]:
    """The paging parameter and the Pet schema, each ``live``, ``deprecated`` or None."""
    lines = ["components:"]
    if offset is not None:
        flag = ", deprecated: true" if offset == "deprecated" else ""
        lines += [
            "  parameters:",
            f"    Offset: {{name: offset, in: query, schema: {{type: integer}}{flag}}}",
        ]
    lines += [
        "  schemas:",
        "    Pet:",
        "      type: object",
        "      properties:",
        "        name: {type: string}",
    ]
    if nickname is not None:
        flag = ", deprecated: true" if nickname == "deprecated" else ""
        lines.append(f"        nickname: {{type: string{flag}}}")
    return lines


def spec(
    version: str,
    *,
    owners: str | None = "live",
    stores: str | None = "live",
    post_pets: bool = False,
    pets_param: str = "limit",
    pets_description: str = "",
    pets_param_state: str | None = "live",
    paging: bool = False,
    offset: str | None = "live",
    nickname: str | None = "live",
) -> str:
    """The document at one commit: ``owners``/``stores``, the ``pets_param``, and with
    ``paging`` the ``offset`` component parameter and the Pet schema's ``nickname`` are
    ``live``, ``deprecated`` or None (removed)."""
    paths = [
        "  /pets:",
        _operation(
            "get",
            "List pets",
            param=pets_param if pets_param_state is not None else "",
            param_deprecated=pets_param_state == "deprecated",
            offset=paging and offset is not None,
            pet=paging,
        ),
    ]
    if pets_description:
        paths.insert(1, f"    description: {pets_description}")
    if post_pets:
        paths.append(_operation("post", "Add a pet"))
    for path, state in (("/owners", owners), ("/stores", stores)):
        if state is not None:
            paths += [f"  {path}:", _operation("get", path[1:], deprecated=state == "deprecated")]
    components = _components(offset, nickname) if paging else []
    return "\n".join(
        [
            "openapi: 3.0.3",
            f"info: {{title: Pets, version: '{version}'}}",
            "paths:",
            *paths,
            *components,
            "",
        ]
    )


def _paged(
    version: str,
    *,
    pets_param_state: str | None = "live",
    offset: str | None = "live",
    nickname: str | None = "live",
) -> str:
    """The last commits: /owners and /stores gone, GET /pets paged and returning a Pet."""
    return spec(
        version,
        post_pets=True,
        owners=None,
        stores=None,
        pets_param="size",
        pets_param_state=pets_param_state,
        paging=True,
        offset=offset,
        nickname=nickname,
    )


#: (committer date, subject, document or None for a commit that leaves it alone, tag)
HISTORY: tuple[tuple[str, str, str | None, str | None], ...] = (
    ("2025-01-10T10:00:00Z", "Add the pets API", spec("1.0.0"), "v1.0.0"),
    ("2025-02-01T10:00:00Z", "Add POST /pets", spec("1.1.0", post_pets=True), None),
    (
        "2025-03-01T10:00:00Z",
        "Deprecate GET /owners",
        spec("1.2.0", post_pets=True, owners="deprecated"),
        "v1.2.0",
    ),
    (
        "2025-03-15T10:00:00Z",
        "Deprecate GET /stores",
        spec("1.2.1", post_pets=True, owners="deprecated", stores="deprecated"),
        None,
    ),
    (
        "2025-04-01T10:00:00Z",
        "Remove GET /owners",
        spec("1.3.0", post_pets=True, owners=None, stores="deprecated"),
        None,
    ),
    (
        "2025-04-02T10:00:00Z",
        "Restore GET /owners: too early",
        spec("1.3.1", post_pets=True, owners="deprecated", stores="deprecated"),
        "v1.3.1",
    ),
    (
        "2025-05-01T10:00:00Z",
        "Rename the limit parameter",
        spec("2.0.0", post_pets=True, owners="deprecated", stores="deprecated", pets_param="size"),
        "v2.0.0",
    ),
    ("2025-06-01T10:00:00Z", "Update the README", None, None),
    (
        "2025-10-01T10:00:00Z",
        "Remove GET /stores after its window",
        spec("2.1.0", post_pets=True, owners="deprecated", stores=None, pets_param="size"),
        "v2.1.0",
    ),
    (
        "2025-10-02T10:00:00Z",
        "Describe /pets",
        spec(
            "2.1.0",
            post_pets=True,
            owners="deprecated",
            stores=None,
            pets_param="size",
            pets_description="Every pet",
        ),
        None,
    ),
    (
        "2025-11-01T10:00:00Z",
        "Remove GET /owners after its window",
        spec("2.2.0", post_pets=True, owners=None, stores=None, pets_param="size"),
        "v2.2.0",
    ),
    ("2025-11-02T10:00:00Z", "Tag a pre-release", None, "v3.0.0-rc.1"),
    ("2025-11-10T10:00:00Z", "Add paging and the Pet schema", _paged("2.3.0"), None),
    (
        "2025-12-01T10:00:00Z",
        "Deprecate size, offset and nickname",
        _paged("2.4.0", pets_param_state="deprecated", offset="deprecated", nickname="deprecated"),
        None,
    ),
    (
        "2026-01-05T10:00:00Z",
        "Remove the size parameter: too early",
        _paged("2.5.0", pets_param_state=None, offset="deprecated", nickname="deprecated"),
        None,
    ),
    (
        "2026-06-15T10:00:00Z",
        "Remove offset and nickname after the window",
        _paged("2.6.0", pets_param_state=None, offset=None, nickname=None),
        None,
    ),
)


def _git(cwd: Path, *args: str, date: str | None = None) -> str:
    extra = {"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {}
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=clean_env(**extra),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def build(root: Path) -> dict[str, str]:
    """The repository at ``root``; returns each commit's subject → its full id."""
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    (root / "api").mkdir()
    ids: dict[str, str] = {}
    for date, subject, document, tag in HISTORY:
        if document is not None:
            (root / SPEC).write_text(document, encoding="utf-8")
        else:
            readme = root / "README.md"
            readme.write_text(readme.read_text() + "." if readme.exists() else "# Pets\n")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "--allow-empty", "-m", subject, date=date)
        ids[subject] = _git(root, "rev-parse", "HEAD").strip()
        if tag:
            _git(root, "tag", tag)
    return ids
