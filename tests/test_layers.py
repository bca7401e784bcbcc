"""The package's layers: every module imports only from its own layer or those below it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "pipeline"
LAYERS = (  # from the bottom up, as the package's docstring draws them
    ("pipeline.errors", "pipeline.files"),
    ("pipeline.model",),
    ("pipeline.read",),
    ("pipeline.context",),
    ("pipeline.render",),
    ("pipeline.writers",),
    ("pipeline.build",),
    ("pipeline.cli", "pipeline.__main__"),
)


def module_name(path: Path) -> str:
    """Return the dotted name of a module of the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[str]:
    """Yield every module of the package that `path` imports, at any depth of its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("pipeline"))
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = (
                (f"{base}.{node.module}" if node.module else base)
                if node.level
                else (node.module or "")
            )
            if module.startswith("pipeline"):
                submodules = [
                    f"{module}.{a.name}" for a in node.names if _exists(f"{module}.{a.name}")
                ]
                if len(submodules) < len(node.names):  # names of the module itself
                    yield module
                yield from submodules


def _exists(module: str) -> bool:
    """Return whether `module` is a module or package of the package."""
    path = PACKAGE.parent / module.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").is_file()


def layer(module: str) -> int:
    """Return the layer of a module of the package."""
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no layer; add it to LAYERS and the docstring")


def graph() -> dict[str, set[str]]:
    """Return each module of the package with the modules it imports."""
    return {
        module_name(path): {m for m in imports(path) if m != "pipeline"}
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_imports_one_of_a_higher_layer() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_there_are_no_circular_imports() -> None:
    edges = graph()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(edges.get(module, ())):
            if target in path:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(edges):
        if module not in done:
            visit(module, [module])
    assert cycles == []


def test_no_format_names_a_module_at_the_top_of_the_package() -> None:
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "context", "errors", "files"]
