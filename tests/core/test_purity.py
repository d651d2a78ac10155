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
    return sorted(CORE.rglob("*.py"))


def test_core_imports_no_io_modules() -> None:
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES):
                    offenders.append(f"{path.name}: imports {name}")
    assert offenders == []


def test_core_calls_no_io_functions() -> None:
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in FORBIDDEN_CALLS
            ):
                offenders.append(f"{path.name}:{node.lineno}: {node.func.id}()")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in FORBIDDEN_ATTRS
            ):
                offenders.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert offenders == []
