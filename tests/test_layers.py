"""sitegen's imports point one way, down the pipeline (seeds -> convert -> content -> site -> views ->
render -> write; build, watch, serve, deploy and cli wrap them): no two modules import each other,
directly or around a circle, not even for type hints; nothing imports the command line."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in PACKAGE.rglob("*.py")}


def _imported(module: str, node: ast.ImportFrom | ast.Import, package: bool) -> set[str]:
    """The sitegen modules one import statement loads (anywhere in the file: lazy imports count)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in MODULES}
    if node.level:
        base = module.split(".")[: len(module.split(".")) + (1 if package else 0) - node.level]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    found = {f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names}
    return {m for m in found if m in MODULES and m != module}


def graph() -> dict[str, set[str]]:
    """Each module's imports: a copy of the one parse of the package this run makes (the files do not
    change while the tests run; the parse took ~0.9 s of CPU a call, six calls a run: ci50)."""
    return {module: set(deps) for module, deps in _parsed().items()}


@cache
def _parsed() -> dict[str, set[str]]:
    out = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out[module] = set().union(*[_imported(module, n, path.name == "__init__.py") for n in ast.walk(tree)
                                    if isinstance(n, (ast.Import, ast.ImportFrom))])
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_checker_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_relative_lazy_and_type_only_imports():
    edges = graph()
    assert "sitegen.content" in edges["sitegen.site"]          # from .content import ...
    assert "sitegen.convert" in edges["sitegen.pipeline"]      # a lazy import inside a function
    assert "sitegen.build" in edges["sitegen.pipeline"]        # a lazy import inside a function
    assert "sitegen.write" in edges["sitegen.deploy.folder"]   # from ..write import ...


def test_no_module_imports_another_that_imports_it_back():
    assert cycles(graph()) == []


def test_nothing_imports_the_command_line():
    assert [m for m, deps in graph().items() if "sitegen.cli" in deps] == []


def test_the_model_knows_nothing_of_the_stages_after_it():
    later = {"sitegen.views", "sitegen.render", "sitegen.build", "sitegen.watch", "sitegen.serve",
             "sitegen.deploy", "sitegen.pipeline", "sitegen.cli", "sitegen.write"}
    for module in ("sitegen.config", "sitegen.content", "sitegen.site"):
        assert graph()[module] & later == set(), module
