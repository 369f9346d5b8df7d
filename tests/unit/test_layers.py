"""The packages form layers: no import cycle between them, and no import hidden inside a function
to dodge one. Read from the source (module-level imports; `if TYPE_CHECKING:` blocks are types
only and left out); every import inside a function must be one of the allowed lazy ones (the
sandboxes, which production must never load, and uvloop, which may be absent)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "miniprogram_api", "dashboard", "public_site", "payment_channels", "pdfs", "config")
LAZY_ALLOWED = ("sandboxes", "uvloop")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


def _unit(module: str) -> str:
    """What the layers are made of: a feature of app (app.payments), an app module (app.clock),
    or a top-level package (payment_channels)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "app" and len(parts) > 1 else parts[0]


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        found += [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
    return found


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.module is None or node.level:
        return []
    return [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]


def _graph() -> dict[str, dict[str, str]]:
    modules = _modules()
    graph: dict[str, dict[str, str]] = defaultdict(dict)
    for name, path in modules.items():
        for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _targets(node):
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and _unit(target) != _unit(name):
                    graph[_unit(name)].setdefault(_unit(target), f"{name} imports {target}")
                    break
    return graph


def _cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for vertex in list(graph):
        if vertex not in index:
            visit(vertex)
    return found


def test_no_import_cycle_between_packages() -> None:
    graph = _graph()
    cycles = _cycles(graph)
    why = [f"{a} → {b}: {graph[a][b]}" for cycle in cycles for a in cycle for b in cycle if b in graph.get(a, {})]
    assert cycles == [], "import cycles:\n" + "\n".join(why)


def test_no_import_inside_a_function_but_the_lazy_ones() -> None:
    hidden = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    targets = _targets(node) or ["(relative)"]
                    if not any(t == lazy or t.startswith(lazy + ".") for t in targets for lazy in LAZY_ALLOWED):
                        hidden.append(f"{name}:{node.lineno} {targets[-1]}")
    assert hidden == [], "imports inside functions:\n" + "\n".join(hidden)


def test_the_cycle_check_can_fail() -> None:
    assert _cycles({"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b": ""}, "b": {}}) == []
