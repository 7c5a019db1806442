"""The import graph has one direction: no layer imports Dagster unless it is the wiring, and no
two top-level packages import each other (directly or round a longer cycle).

Every import statement counts, including those inside functions (deferred imports are still
dependencies).
"""

from __future__ import annotations

import ast
from pathlib import Path

from settings.paths import PROJECT_ROOT

PACKAGES = (
    "chainseg",
    "settings",
    "generator",
    "ingestion",
    "expectations",
    "publication",
    "orchestration",
    "benchmarks",
    "pictures",
    "decisions",
    "history",
    "playbooks",
)
#: packages that must run without Dagster (the CI gate, plain-Python ingestion, the BI
#: publication, the pictures of the marts, the settings, what-if, the history backfill, the
#: playbooks)
DAGSTER_FREE = (
    "settings",
    "ingestion",
    "expectations",
    "publication",
    "pictures",
    "decisions",
    "history",
    "playbooks",
)


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def _package_imports(root: Path = PROJECT_ROOT) -> dict[str, dict[str, set[str]]]:
    """package → {imported top-level module → files importing it}."""
    graph: dict[str, dict[str, set[str]]] = {}
    for package in PACKAGES:
        edges: dict[str, set[str]] = {}
        for path in sorted((root / package).rglob("*.py")):
            for module in _imported_modules(path):
                edges.setdefault(module.split(".")[0], set()).add(str(path.relative_to(root)))
        graph[package] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle among the packages, each once (as found from its smallest member)."""
    found: list[list[str]] = []

    def walk(start: str, node: str, trail: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                found.append([*trail, start])
            elif nxt > start and nxt not in trail:
                walk(start, nxt, [*trail, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return found


def test_dagster_free_packages_import_no_dagster():
    graph = _package_imports()

    offenders = {
        package: sorted(files)
        for package in DAGSTER_FREE
        for module, files in graph[package].items()
        if module == "dagster" or module.startswith("dagster_")
    }

    assert offenders == {}


def test_no_import_cycle_between_top_level_packages():
    graph = _package_imports()
    package_graph = {
        package: {m for m in edges if m in PACKAGES and m != package}
        for package, edges in graph.items()
    }

    assert _cycles(package_graph) == []


def test_settings_import_no_layer():
    graph = _package_imports()

    assert {m for m in graph["settings"] if m in PACKAGES and m != "settings"} == set()


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
