"""``assert_linear`` (CPU time on n and 4n of a repeated fragment) and the fragments, settings
and catalog the linear-time tests of every parser share."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.boundedtoml import dotted_parts_ok, load_toml
from roadmap_bot.core.evidence.checks.docker import dockerfile_base
from roadmap_bot.core.evidence.checks.license import declared_license, license_name
from roadmap_bot.core.evidence.checks.readme import count_readme
from roadmap_bot.core.evidence.containers import parse_compose, parse_dockerfile
from roadmap_bot.core.evidence.engine import run_checks
from roadmap_bot.core.evidence.facts import read_notebook
from roadmap_bot.core.evidence.manifests import (
    parse_environment,
    parse_package_json,
    parse_pipfile,
    parse_pyproject,
    parse_setup_cfg,
    parse_setup_py,
)
from roadmap_bot.core.evidence.pep508 import parse_requirements, pip_install_names, requirement_name
from roadmap_bot.core.evidence.snapshot import RepoSnapshot

LINEAR_SLACK = 3.0  # x4 input may cost up to 12x (quadratic: 16x, and seconds)


CONSTANT = 0.05  # seconds, for timer noise on tiny inputs


SIZE = 20_000  # characters of the smaller input


TOKENS = (
    *"[]()<>!-#:=*`~_.,'\"{}&|;@/\\ \t\n\r",
    "a",
    "A",
    "0",
    "\u3000",
    "├",
    "<!--",
    "-->",
    "](",
    "![",
    "http://",
    "https://a.",
    ".streamlit",
    "---",
    "FROM ",
    "--x ",
    "import ",
    "from a import ",
    "pip install ",
    "#egg=",
    "services:",
    "license=",
    "install_requires=[",
    "mlflow",
    "report_to=",
    "&a ",
    "*a ",
    "- ",
    "a.",
    '"a".',
    "[a]",
    "a = 1",
    "\\\n",
)


def cpu(fn: Callable[[str], object], text: str) -> float:
    """Least CPU time of three runs, with the cyclic GC off while timed: a full collection
    walks every object the whole test process holds, which says nothing about ``fn`` (and no
    explicit collection either: in the full suite each took seconds)."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            fn(text)
            best = min(best, time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


def assert_linear(fn: Callable[[str], object], unit: str, size: int = SIZE) -> None:
    small = unit * max(1, size // len(unit))
    big = small * 4
    t_small, t_big = cpu(fn, small), cpu(fn, big)
    assert t_big <= 4 * LINEAR_SLACK * t_small + CONSTANT, (
        f"{getattr(fn, '__name__', fn)} on {unit!r}: {len(small):,} chars {t_small:.3f}s, "
        f"{len(big):,} chars {t_big:.3f}s"
    )


units = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map("".join)


FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


CATALOG = shipped_catalog()


def _checks_on(path: str) -> Callable[[str], object]:
    def run(text: str) -> object:
        files = {path: text}
        snapshot = RepoSnapshot("r", "h", tuple(sorted(files)), files)
        return run_checks(snapshot, CATALOG)

    run.__name__ = f"run_checks[{path}]"
    return run


PATHS = (
    "README.md",
    "Dockerfile",
    "docker-compose.yml",
    "requirements.txt",
    "pyproject.toml",
    "Pipfile",
    "setup.py",
    "setup.cfg",
    "environment.yml",
    "package.json",
    "LICENSE",
    "train.py",
    "analysis.ipynb",
)


PARSERS: tuple[Callable[[str], object], ...] = (
    count_readme,
    parse_dockerfile,
    dockerfile_base,
    parse_compose,
    parse_requirements,
    pip_install_names,
    requirement_name,
    parse_pyproject,
    parse_pipfile,
    parse_setup_py,
    parse_setup_cfg,
    parse_environment,
    parse_package_json,
    license_name,
    read_notebook,
    load_toml,
    dotted_parts_ok,
    lambda text: declared_license("setup.cfg", text),
)
