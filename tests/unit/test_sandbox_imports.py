"""Production code names the simulators only where the sandbox profile builds them: each channel's
declaration names its simulator by a "module:function" path under sandboxes/, loaded only when a
sandbox is built (`ChannelSpec.build_sandbox`); the commands (app/__main__.py) import upstream's
inside a function. So importing any production module never loads them (read from the source,
without importing it)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_PACKAGES = ("app", "miniprogram_api", "payment_channels", "dashboard", "public_site", "pdfs", "config")
BUILDERS = {"app/__main__.py"}


def _is_sandboxes(module: str | None) -> bool:
    return module is not None and (module == "sandboxes" or module.startswith("sandboxes."))


def _names_sandboxes(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(_is_sandboxes(alias.name) for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and _is_sandboxes(node.module)
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return name in ("import_module", "__import__") and _is_sandboxes(str(node.args[0].value))
    return False


def sandbox_imports(tree: ast.AST, in_function: bool = False) -> Iterator[tuple[int, bool]]:
    """(line, inside a function) of every import of `sandboxes` in `tree`."""
    for node in ast.iter_child_nodes(tree):
        if _names_sandboxes(node):
            yield getattr(node, "lineno", 0), in_function
        lazy = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        yield from sandbox_imports(node, lazy)


def _production_sources() -> Iterator[tuple[str, ast.AST]]:
    for package in PRODUCTION_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_production_code_imports_the_sandboxes_only_lazily_where_it_builds_them() -> None:
    offending = []
    for path, tree in _production_sources():
        for line, lazy in sandbox_imports(tree):
            if path not in BUILDERS:
                offending.append(f"{path}:{line}: production code imports sandboxes")
            elif not lazy:
                offending.append(f"{path}:{line}: at module level (import it inside the function that builds it)")
    assert offending == []


def test_the_builders_do_import_them_lazily() -> None:
    found = {path: list(sandbox_imports(tree)) for path, tree in _production_sources() if path in BUILDERS}
    assert all(found[path] and all(lazy for _, lazy in found[path]) for path in BUILDERS), found


def test_the_walk_finds_every_form_of_import() -> None:
    source = ("import sandboxes\nfrom sandboxes.bank import BankSandbox\nimport os, sandboxes.alipay as a\n"
              "import sandboxes_not\nfrom . import sandboxes\n"
              "def build():\n    from sandboxes import upstream\n    importlib.import_module('sandboxes.bank')\n"
              "class C:\n    import sandboxes.wechat_pay\n")
    assert list(sandbox_imports(ast.parse(source))) == [(1, False), (2, False), (3, False), (7, True), (8, True),
                                                        (10, False)]


def test_each_channel_names_its_simulator_under_sandboxes() -> None:
    from payment_channels.registry import CHANNELS

    for spec in CHANNELS.values():
        for path in (spec.sandbox, spec.sandbox_http):
            module, _, function = path.partition(":")
            assert _is_sandboxes(module) and function, (spec.name, path)
