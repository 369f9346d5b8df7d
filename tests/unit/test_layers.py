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


FEATURES = sorted(p.name for p in (ROOT / "app").iterdir() if (p / "__init__.py").exists())


def _feature_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "app" and len(parts) > 1 and parts[1] in FEATURES else None


def _surface(feature: str) -> set[str]:
    tree = ast.parse((ROOT / "app" / feature / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return {ast.literal_eval(e) for e in node.value.elts}  # type: ignore[attr-defined]
    return set()


def test_features_talk_through_their_public_surface() -> None:
    """Another feature, the edge or the composition imports a feature only from its package, and
    only what its `__init__` lists in `__all__` (modules of its own are the feature's business)."""
    surfaces = {feature: _surface(feature) for feature in FEATURES}
    offenders = []
    for name, path in _modules().items():
        mine = _feature_of(name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
                continue
            target = _feature_of(node.module + ".x") if node.module.count(".") == 1 else _feature_of(node.module)
            if node.module == "app":
                for alias in node.names:
                    if alias.name in FEATURES and alias.name != mine:
                        aliases[alias.asname or alias.name] = alias.name
                continue
            if target is None or target == mine:
                continue
            if node.module != f"app.{target}":
                offenders.append(f"{name}:{node.lineno} imports {node.module} (not app.{target})")
                continue
            offenders += [f"{name}:{node.lineno} {target}.{a.name} is not in its __all__"
                          for a in node.names if a.name not in surfaces[target]]
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                feature = aliases[node.value.id]
                if node.attr not in surfaces[feature]:
                    offenders.append(f"{name}:{node.lineno} {feature}.{node.attr} is not in its __all__")
    assert offenders == [], "reaching into a feature:\n" + "\n".join(sorted(set(offenders)))
