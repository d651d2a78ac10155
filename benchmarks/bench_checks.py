"""Benchmark the evidence checks on a 100,000-file repo (a measurement, not a timed test).

Prints: the time of ``run_checks`` (every check plus technology detection) over an in-memory
100k-path snapshot, the time to choose the wanted texts, and — for a real 100k-file tree on
disk read through ``LocalDirProvider`` — how many files were read and whether any was read
twice. Run: ``python benchmarks/bench_checks.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.adapters.evidence.local import LocalDirProvider
from roadmap_bot.core.evidence.engine import run_checks
from roadmap_bot.core.evidence.snapshot import RepoSnapshot, wanted_paths

N = 100_000


def realistic_paths() -> list[str]:
    """A monorepo-like mix: sources, tests, vendored deps, data, notebooks, docs, manifests."""
    paths = [
        "README.md",
        "LICENSE",
        "pyproject.toml",
        "requirements.txt",
        "Dockerfile",
        ".github/workflows/ci.yml",
        ".github/workflows/stale.yml",
        "web/package.json",
    ]
    shares = [
        (30_000, lambda i: f"src/pkg{i % 300}/module_{i}.py"),
        (10_000, lambda i: f"tests/unit/group{i % 100}/test_case_{i}.py"),
        (20_000, lambda i: f"web/node_modules/dep{i % 500}/lib/file{i}.test.js"),
        (20_000, lambda i: f"data/raw/part{i % 200}/sample_{i}.{'csv' if i % 2 else 'png'}"),
        (5_000, lambda i: f"notebooks/exp{i % 50}/analysis_{i}.ipynb"),
    ]
    for count, make in shares:
        paths += [make(i) for i in range(count)]
    paths += [f"docs/section{i % 100}/page_{i}.md" for i in range(N - len(paths))]
    return sorted(paths)


def text_for(path: str) -> str:
    if path.endswith(".py"):
        return "import numpy as np\nimport torch\nimport mlflow\n\n\ndef test_x():\n    assert np\n"
    if path.endswith(".ipynb"):
        return '{"cells": [{"cell_type": "code", "source": ["import pandas as pd\\n"]}]}'
    if path.endswith(".yml"):
        return "on: [push]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest\n"
    if path == "README.md":
        return "# Big\n\n" + "This monorepo trains and serves many models for the team. " * 10
    if path.endswith(".toml"):
        return '[project]\ndependencies = ["fastapi", "scikit-learn"]\n'
    if path == "LICENSE":
        return "MIT License\n\nPermission is hereby granted, free of charge, to any person\n"
    if path.endswith(".json"):
        return '{"dependencies": {"openai": "4"}}'
    return "torch\nmlflow\n" if path.endswith(".txt") else "FROM python:3.11\n"


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_in_memory() -> None:
    paths = tuple(realistic_paths())
    catalog = shipped_catalog()
    chosen = wanted_paths(paths)
    snapshot = RepoSnapshot("bench/monorepo", "0" * 40, paths, {p: text_for(p) for p in chosen})
    results = run_checks(snapshot, catalog)
    checks_s = best_of(3, lambda: run_checks(snapshot, catalog))
    wanted_s = best_of(3, lambda: wanted_paths(paths))
    passed = sorted(n for n, r in results.items() if r.passed and not n.startswith("uses:"))
    print(f"snapshot: {len(paths):,} paths, {len(chosen)} texts wanted")
    print(
        f"run_checks (all checks + {sum(n.startswith('uses:') for n in results)} techs): "
        f"{checks_s:.3f} s (best of 3, one core)"
    )
    print(f"wanted_paths: {wanted_s:.3f} s")
    print(f"passed: {', '.join(passed)}")


def bench_on_disk() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        for path in realistic_paths():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text_for(path) if "node_modules" not in path else "")
        provider = LocalDirProvider(Path(tmp))
        start = time.perf_counter()
        snapshot = provider.fetch(["repo"], known_heads={})["repo"]
        fetch_s = time.perf_counter() - start
        assert isinstance(snapshot, RepoSnapshot)
        reads = provider.reads
        print(
            f"LocalDirProvider on disk: {len(snapshot.paths):,} files listed in {fetch_s:.2f} s; "
            f"{len(reads)} files read, {len(reads) - len(set(reads))} read twice"
        )


if __name__ == "__main__":
    bench_in_memory()
    if "--no-disk" not in sys.argv:
        bench_on_disk()
