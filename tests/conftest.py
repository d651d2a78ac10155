"""Shared pytest configuration: fixtures live in helper packages under tests/."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fakegithub.pytest_plugin"]


@pytest.fixture(autouse=True, scope="session")
def _bot_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Git clones and caches of a test run go to this session's tmp dir, never to
    ~/.cache/roadmap-bot (ROADMAP_BOT_CACHE_DIR; subprocesses inherit it)."""
    cache = tmp_path_factory.mktemp("roadmap-bot-cache")
    before = os.environ.get("ROADMAP_BOT_CACHE_DIR")
    os.environ["ROADMAP_BOT_CACHE_DIR"] = str(cache)
    yield cache
    if before is None:
        os.environ.pop("ROADMAP_BOT_CACHE_DIR", None)
    else:
        os.environ["ROADMAP_BOT_CACHE_DIR"] = before


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Print the convergence figures before pytest's closing line (which CI reads last)."""
    import sys

    module = sys.modules.get("tests.support.convergence")
    summary = getattr(module, "convergence_summary", None)
    line = summary() if summary else None
    if line:
        terminalreporter.write_line(line)  # type: ignore[attr-defined]
