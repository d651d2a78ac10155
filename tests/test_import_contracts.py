"""The import guards: the contracts in pyproject's [tool.importlinter] hold, and no module of
roadmap_bot takes part in an import cycle (not only between siblings, which is what the
``acyclic_siblings`` contract sees, but also between a package and its own modules)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
CORE = ROOT / "roadmap_bot" / "core"


def test_import_contracts_hold() -> None:
    # lint_imports prints the broken contracts; pytest shows them when this fails.
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == 0


def test_no_import_cycle_between_any_two_modules() -> None:
    graph = grimp.build_graph("roadmap_bot", cache_dir=None)
    cycles: set[tuple[str, ...]] = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycle = (importer, *back[:-1])
                start = cycle.index(min(cycle))  # one entry per cycle, whichever module found it
                cycles.add(cycle[start:] + cycle[:start])
    assert sorted(" -> ".join((*c, c[0])) for c in cycles) == []


def test_core_order_contract_names_every_core_base_module_and_subpackage() -> None:
    # The contract is exhaustive (import-linter refuses a core child it does not place); this
    # checks the same from the files, so a new core module cannot slip past a loosened contract.
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (core,) = [c for c in config["contracts"] if c["id"] == "core-order"]
    assert core["exhaustive"] is True
    placed = {
        name.strip() for layer in core["layers"] for name in layer.replace("|", ":").split(":")
    }
    children = {p.stem for p in CORE.glob("*.py") if p.stem != "__init__"}
    children |= {p.parent.name for p in CORE.glob("*/__init__.py")}
    assert children == placed
