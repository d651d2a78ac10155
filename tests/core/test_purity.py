"""The core stays pure: no network, files, environment, clock or subprocess in roadmap_bot/core."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "roadmap_bot" / "core"
FORBIDDEN_MODULES = {
    "requests",
    "github",
    "subprocess",
    "socket",
    "urllib.request",
    "http.client",
    "roadmap_bot.adapters",
    "roadmap_bot.jobs",
    "roadmap_bot.cli",
    "time",
    "shutil",
    "tempfile",
}
FORBIDDEN_CALLS = {"open", "print", "input"}
FORBIDDEN_ATTRS = {
    ("os", "environ"),
    ("os", "getenv"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("os", "system"),
    ("Path", "read_text"),
    ("Path", "write_text"),
}


def core_modules() -> list[Path]:
    """Every module under core/**, subpackages included; fails rather than silently cover nothing."""
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 40, modules
    assert any(len(p.relative_to(CORE).parts) > 2 for p in modules), "no module of core/*/*/ found"
    return modules


def module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, tree: ast.AST) -> list[str]:
    """The absolute names a module imports, relative imports (``from ..x import y``) resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.append(module)
            if not node.module:  # from . import x: x is a module
                names += [f"{module}.{a.name}" for a in node.names]
    return names


def test_core_modules_covers_every_subpackage() -> None:
    modules = core_modules()
    packages = {p.parent for p in CORE.rglob("__init__.py")}
    assert packages <= {p.parent for p in modules}
    assert CORE / "evidence" / "checks" in packages


def test_relative_imports_are_resolved() -> None:
    path = CORE / "evidence" / "checks" / "ci.py"
    tree = ast.parse("from ...model import Item\nfrom .. import facts\nfrom .... import cli\n")
    assert imported_names(path, tree) == [
        "roadmap_bot.core.model",
        "roadmap_bot.core.evidence",
        "roadmap_bot.core.evidence.facts",
        "roadmap_bot",
        "roadmap_bot.cli",
    ]


def test_core_imports_no_io_modules() -> None:
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name in imported_names(path, tree):
            if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES):
                offenders.append(f"{path.relative_to(CORE)}: imports {name}")
    assert offenders == []


def test_core_calls_no_io_functions() -> None:
    offenders = []
    for path in core_modules():
        where = path.relative_to(CORE)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FORBIDDEN_CALLS
            ):
                offenders.append(f"{where}:{node.lineno}: {node.func.id}()")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in FORBIDDEN_ATTRS
            ):
                offenders.append(f"{where}:{node.lineno}: {node.value.id}.{node.attr}")
    assert offenders == []
