"""Path rules shared by the checks: vendored dirs, globs, test-file names, text sampling."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from enum import IntEnum
from functools import lru_cache

from roadmap_bot.core.pathscan import lines_containing

# Directories whose files are not the repo author's own work.
VENDORED_DIRS = frozenset(
    {
        "node_modules",
        ".venv",
        "venv",
        "site-packages",
        "dist-packages",
        "vendor",
        "third_party",
        "third-party",
        "thirdparty",
        "bower_components",
        ".tox",
        ".nox",
        ".eggs",
        "__pycache__",
        ".ipynb_checkpoints",
        ".git",
        ".mypy_cache",
        ".pytest_cache",
    }
)


_VENDORED_MARKS = tuple(f"{name}/" for name in sorted(VENDORED_DIRS))


def is_vendored(path: str) -> bool:
    """Say whether ``path`` lies in a dependency or tool directory (node_modules, .venv, ...)."""
    if "/" not in path:
        return False
    return not VENDORED_DIRS.isdisjoint(path.split("/")[:-1])


def own_paths(paths: Iterable[str]) -> list[str]:
    """Keep the paths that are the author's own (not vendored)."""
    listed = list(paths)
    suspects = set(lines_containing(listed, _VENDORED_MARKS))
    if not suspects:
        return listed  # the common case, found by a few C-level scans instead of a split a path
    return [p for p in listed if p not in suspects or not is_vendored(p)]


@lru_cache(maxsize=512)
def glob_to_regex(glob: str) -> re.Pattern[str]:
    """Compile a glob: ``*`` within a name, ``**`` across dirs, ``?``, ``[abc]``, ``{a,b}``.

    A glob without ``/`` matches a file name at any depth (as in .gitignore); one with ``/``
    is anchored at the repo root.
    """
    glob = glob.strip().removeprefix("./")
    anchored = "/" in glob.rstrip("/")
    out: list[str] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = glob.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = glob[i + 1 : end].replace("\\", "\\\\")
                out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                i = end
        elif c == "{":
            end = glob.find("}", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                options = glob[i + 1 : end].split(",")
                out.append("(?:" + "|".join(re.escape(o) for o in options) + ")")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    body = "".join(out)
    if glob.endswith("/"):
        body += ".*"
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}$")


def match_glob(glob: str, paths: Iterable[str]) -> list[str]:
    """Return the own (non-vendored) paths matching ``glob``."""
    pattern = glob_to_regex(glob)
    return [p for p in own_paths(paths) if pattern.match(p)]


class NamedAsTest(IntEnum):
    """How surely a file name marks a test file (lower is surer)."""

    IN_TEST_DIR = 0  # collected by name and inside tests/, test/, __tests__/, src/test/
    COLLECTED = 1  # a runner collects it by name (test_x.py, x.test.ts, x_test.go)
    CONTENT_ONLY = 2  # test.py, tests.py, testing.py: a test only if its text defines tests


_PY_TEST = re.compile(r"(?:^|/)(?:test_[^/]*|[^/]+_test)\.py$")
_PY_MAYBE = re.compile(r"(?:^|/)test[^/]*\.py$")  # unittest's default discovery pattern
_OTHER_TEST = re.compile(
    r"\.(?:test|spec)\.[cm]?[jt]sx?$"  # Jest / Vitest / Mocha
    r"|(?:^|/)__tests__/[^/]+\.[cm]?[jt]sx?$"
    r"|_test\.go$"
    r"|(?:^|/)src/test/(?:java|kotlin|scala|groovy)/.+\.(?:java|kt|kts|scala|groovy)$"
    r"|(?:^|/)tests/[^/]+\.rs$"  # Rust integration tests
    r"|(?:^|/)(?:spec|test)/(?:.+/)?[^/]+_(?:spec|test)\.rb$"
    r"|(?:^|/)tests/testthat/test[^/]*\.[rR]$"
    r"|(?:^|/)test/runtests\.jl$"
)
_TEST_DIR = re.compile(r"(?:^|/)(?:tests?|__tests__|spec|testing)/|(?:^|/)src/test/")


def classify_test_file(path: str) -> NamedAsTest | None:
    """Classify a path by name as a test file (notebooks and vendored files never are)."""
    if _PY_TEST.search(path) or _OTHER_TEST.search(path):
        if is_vendored(path):
            return None
        return NamedAsTest.IN_TEST_DIR if _TEST_DIR.search(path) else NamedAsTest.COLLECTED
    if _PY_MAYBE.search(path) and not is_vendored(path):
        return NamedAsTest.CONTENT_ONLY
    return None


def candidate_test_files(paths: Iterable[str]) -> dict[str, NamedAsTest]:
    """Map every path that may be a test file to how surely its name says so."""
    found: dict[str, NamedAsTest] = {}
    for path in paths:
        if "test" in path or "spec" in path:  # every test file's name has one
            kind = classify_test_file(path)
            if kind is not None:
                found[path] = kind
    return found


def sample_tests(paths: Sequence[str], limit: int) -> list[str]:
    """Choose up to ``limit`` test files to read: surest names first, then shallowest."""
    found = candidate_test_files(paths)
    ranked = sorted(found, key=lambda p: (found[p], p.count("/"), p))
    return ranked[:limit]


# matched against the lower-cased name: re.I makes the search ~3x slower
_SOURCE_FIRST = re.compile(r"mlflow|wandb|track|experiment|train|finetun|fine_tun")
_SOURCE_NEXT = re.compile(r"(?:^|/)(?:main|app|run[^/]*|pipeline[^/]*|model[^/]*)\.py$|\.ipynb$")


def sample_sources(paths: Sequence[str], limit: int, *, own: bool = False) -> list[str]:
    """Choose up to ``limit`` .py/.ipynb files to read for imports, most telling first
    (``own``: ``paths`` are known to hold no vendored path)."""
    ranked: list[tuple[int, int, str]] = []
    append = ranked.append
    first, after = _SOURCE_FIRST.search, _SOURCE_NEXT.search
    sources = [p for p in paths if p.endswith((".py", ".ipynb"))]
    for path in sources if own else own_paths(sources):
        if path.endswith("__init__.py"):
            continue
        if ("test" in path or "spec" in path) and classify_test_file(path) is not None:
            continue
        score = 0 if first(path[path.rfind("/") + 1 :].lower()) else 1 if after(path) else 2
        append((score, path.count("/"), path))
    return [path for _, _, path in heapq.nsmallest(limit, ranked)]
