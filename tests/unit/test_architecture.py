"""The import rule of ``docs/architecture.md``, checked on the code.

Every module of ``src/oasgate`` belongs to a layer; a module may import its own layer and
the layers below it, never one above. Within the package no two modules import each other,
directly or round a longer loop. Imports are read from the source (``ast``) wherever they
stand — at the top, inside a function, under ``TYPE_CHECKING`` — because each is a
dependency a reader has to follow.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "oasgate"

#: Bottom to top. A module's layer is that of the longest prefix of its dotted name listed.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "oasgate.errors",
        "oasgate.findings",
        "oasgate.regex",
        "oasgate.globs",
        "oasgate.version",
        "oasgate.raw_difference",
        "oasgate.capabilities",
        "oasgate.phrases",
        "oasgate.i18n",
    ),
    ("oasgate.catalogue",),
    ("oasgate.loading",),
    ("oasgate.model",),
    ("oasgate.diff",),
    ("oasgate.policy",),
    (
        "oasgate.config",
        "oasgate.config_source",
        "oasgate.config_build",
        "oasgate.config_revision",
        "oasgate.gitbase",
    ),
    (
        "oasgate.grouping",
        "oasgate.engine",
        "oasgate.arguments",
        "oasgate.witness",
        "oasgate.history",
    ),
    ("oasgate.report",),
    ("oasgate.many",),
    (
        "oasgate.cli",
        "oasgate.action",
        "oasgate.action_comment",
        "oasgate.precommit",
        "oasgate.mcp_server",
        "oasgate.__main__",
        "oasgate",
    ),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    best, best_length = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    assert best >= 0, f"{module} has no layer: add it to LAYERS and to docs/architecture.md"
    return best


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported oasgate module, line) for every import in PATH."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "oasgate":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "oasgate":
                continue
            for alias in node.names:
                # `from oasgate.report import text` imports the module oasgate.report.text
                submodule = f"{node.module}.{alias.name}"
                yield (submodule if submodule in known else node.module), node.lineno


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        graph[name] = {target for target, _ in imports(path, known) if target != name}
    return graph


def test_no_module_imports_a_higher_layer() -> None:
    found = modules()
    known = set(found)
    upward = []
    for name, path in found.items():
        for target, line in imports(path, known):
            if layer_of(target) > layer_of(name):
                rel = path.relative_to(REPO)
                upward.append(f"{rel}:{line}: {name} (layer {layer_of(name)}) imports {target}")
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_no_import_cycles() -> None:
    graph = import_graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target.startswith(node + "."):
                continue  # a package's __init__ naming its own modules (lazy dispatch)
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target in graph and state.get(target) is None:
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node, [])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer_of(name)
