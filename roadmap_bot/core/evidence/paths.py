"""Path rules shared by the checks: vendored dirs, globs, test-file names, text sampling."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from enum import IntEnum
from functools import lru_cache
from typing import cast

from roadmap_bot.core.evidence.pathscan import lines_containing
from roadmap_bot.core.userregex import compile_linear
from roadmap_bot.errors import UserRegexError

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


_MAX_BRACE_VARIANTS = 64  # {a,b}{c,d}... expanded up to this many globs; past it, inline


@lru_cache(maxsize=512)
def glob_to_regex(glob: str) -> re.Pattern[str]:
    """Compile a glob: ``*`` within a name, ``**`` across dirs, ``?``, ``[abc]``, ``{a,b}``.

    A glob without ``/`` matches a file name at any depth (as in .gitignore); one with ``/``
    is anchored at the repo root.

    Matching is linear in the path, whatever the glob: a ``*`` followed by more of the same
    name commits to the first place what follows it fits (an atomic group), as does a ``**/``
    followed by whole names and another ``**/``; in both cases no later place could match
    more (``*a*a*a*b`` against a long name of ``a`` took minutes with plain backtracking).
    """
    glob = glob.strip().removeprefix("./")
    anchored = "/" in glob.rstrip("/")
    tokens = _glob_tokens(glob)
    variants = _expand_alternatives(tokens)
    if variants is None:  # too many {..} combinations: alternatives inline, nothing atomic, so
        # RE2 (linear whatever the pattern) runs it: with plain re, {a,b}x7 then *a*a*a*a*b took
        # 6.9 s on a 93-character name
        body = _glob_body(tokens, anchored, atomic=False)
        try:
            return cast("re.Pattern[str]", compile_linear(f"^(?:{body})$"))
        except UserRegexError:  # past RE2's pattern bound: a glob that matches nothing
            return re.compile(r"(?!)")
    else:
        body = "|".join(_glob_body(v, anchored, atomic=True) for v in variants)
    return re.compile(f"^(?:{body})$")


# tokens: a regex for one character (or an inline alternative), or one of these markers
_STAR, _ANY, _SLASH = "*", "**", "/"
_Token = str | tuple[str, ...]  # a str is a marker or a regex; a tuple lists {a,b} options


def _glob_tokens(glob: str) -> list[_Token]:
    out: list[_Token] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**", i):
            out.append(_ANY)
            i += 2
            continue
        if c in "*/":
            out.append(c)
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
                out.append(tuple(glob[i + 1 : end].split(",")))
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return out


def _literal_tokens(text: str) -> list[_Token]:
    return [_SLASH if c == "/" else re.escape(c) for c in text]


def _expand_alternatives(tokens: list[_Token]) -> list[list[_Token]] | None:
    """Every glob ``{a,b}`` options spell out (options are literal text), or None past the cap."""
    variants: list[list[_Token]] = [[]]
    for token in tokens:
        if isinstance(token, tuple):
            if len(variants) * len(token) > _MAX_BRACE_VARIANTS:
                return None
            variants = [v + _literal_tokens(option) for v in variants for option in token]
        else:
            for v in variants:
                v.append(token)
    return variants


def _glob_body(tokens: list[_Token], anchored: bool, *, atomic: bool) -> str:
    """The regex for one brace-free glob (see ``glob_to_regex`` for when a group is atomic)."""
    segments: list[list[_Token]] = [[]]
    for token in tokens:
        if token == _SLASH:
            segments.append([])
        else:
            segments[-1].append(token)
    if len(segments) > 1 and not segments[-1]:  # "docs/": everything under docs
        segments[-1] = [_ANY]
    if not anchored:
        segments.insert(0, [_ANY])
    out: list[str] = []
    run: list[str] = []  # names since the last ** (or the start)
    after_globstar = False
    for i, segment in enumerate(segments):
        if segment != [_ANY]:
            run.append(_name_regex(segment, atomic=atomic))
            continue
        if i == len(segments) - 1:  # a final ** matches the rest, files in subdirs included
            out.append(_join_run(run, after_globstar, closed=True, atomic=atomic) + ".*")
            return "".join(out)
        if after_globstar or run:
            out.append(_join_run(run, after_globstar, closed=True, atomic=atomic))
        run = []
        after_globstar = True
    out.append(_join_run(run, after_globstar, closed=False, atomic=atomic))
    return "".join(out)


def _join_run(run: list[str], after_globstar: bool, *, closed: bool, atomic: bool) -> str:
    """Names joined by ``/`` (``closed``: with the ``/`` that ends the last), after ``**/``
    when ``after_globstar``. Followed by another ``**`` (``closed``), the earliest place the
    names fit is as good as any later one, so the group is atomic."""
    names = "/".join(run) + ("/" if closed and run else "")
    if not after_globstar or names.startswith(".*"):  # "**/**x": the .* covers the dirs too
        return names
    if closed and atomic:
        return f"(?>(?:[^/]*/)*?{names})"
    return f"(?:[^/]*/)*{names}"


def _name_regex(segment: list[_Token], *, atomic: bool) -> str:
    """One name of a glob (no ``/``): stars that more stars follow are atomic groups."""
    pieces: list[list[str]] = [[]]  # pieces[0]: before the first star; then star + what follows
    stars: list[str] = []
    for token in segment:
        if token in (_STAR, _ANY):
            stars.append("[^/]*" if token == _STAR else ".*")
            pieces.append([])
        elif isinstance(token, tuple):
            pieces[-1].append("(?:" + "|".join(re.escape(o) for o in token) + ")")
        else:
            pieces[-1].append(token)
    out = ["".join(pieces[0])]
    for j, star in enumerate(stars):
        chunk = "".join(pieces[j + 1])
        # a star followed by more of the name and then another star: the earliest end of
        # ``star chunk`` leaves the next star everything a later one would, as long as a
        # ``[^/]*`` (which cannot reach past the name) precedes it or ``.*`` follows
        nxt = stars[j + 1] if j + 1 < len(stars) else None
        if atomic and nxt is not None and (star == "[^/]*" or nxt == ".*"):
            out.append(f"(?>{star}?{chunk})")
        else:
            out.append(star + chunk)
    return "".join(out)


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
# Each alternative starts at a "/" (or the start) and reads one name at most: linear in the path.
_OTHER_TEST = re.compile(
    r"\.(?:test|spec)\.[cm]?[jt]sx?$"  # Jest / Vitest / Mocha
    r"|(?:^|/)__tests__/[^/]+\.[cm]?[jt]sx?$"
    r"|_test\.go$"
    r"|(?:^|/)tests/[^/]+\.rs$"  # Rust integration tests
    r"|(?:^|/)tests/testthat/test[^/]*\.[rR]$"
    r"|(?:^|/)test/runtests\.jl$"
)
# JVM tests under src/test/<language>/, and RSpec/minitest files under a spec/ or test/ dir, are
# decided in two linear steps (a single regex with ".+" between the two went quadratic on paths
# repeating the directory names).
_JVM_TEST_DIR = re.compile(r"(?:^|/)src/test/(?:java|kotlin|scala|groovy)/")
_JVM_SUFFIXES = (".java", ".kt", ".kts", ".scala", ".groovy")
_RUBY_TEST_NAME = re.compile(r"[^/]+_(?:spec|test)\.rb")
_TEST_DIR = re.compile(r"(?:^|/)(?:tests?|__tests__|spec|testing)/|(?:^|/)src/test/")


def _named_as_test(path: str) -> bool:
    if _PY_TEST.search(path) or _OTHER_TEST.search(path):
        return True
    if path.endswith(_JVM_SUFFIXES):
        found = _JVM_TEST_DIR.search(path)
        if found is not None:
            rest = path[found.end() :]
            return any(rest.endswith(s) and len(rest) > len(s) for s in _JVM_SUFFIXES)
    if path.endswith(".rb"):
        folder, _, name = path.rpartition("/")
        if _RUBY_TEST_NAME.fullmatch(name):
            return not {"spec", "test"}.isdisjoint(folder.split("/"))
    return False


def classify_test_file(path: str) -> NamedAsTest | None:
    """Classify a path by name as a test file (notebooks and vendored files never are)."""
    if _named_as_test(path):
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


# --- CI definitions ---------------------------------------------------------------------------

# Files a CI service reads at these exact places (lower-cased), and which service.
_CI_AT_ROOT = {
    ".gitlab-ci.yml": "GitLab CI",
    ".travis.yml": "Travis CI",
    ".circleci/config.yml": "CircleCI",
    "azure-pipelines.yml": "Azure Pipelines",
    "azure-pipelines.yaml": "Azure Pipelines",
    ".azure-pipelines.yml": "Azure Pipelines",
    "bitbucket-pipelines.yml": "Bitbucket Pipelines",
    ".drone.yml": "Drone",
    "appveyor.yml": "AppVeyor",
    ".appveyor.yml": "AppVeyor",
    ".buildkite/pipeline.yml": "Buildkite",
    ".buildkite/pipeline.yaml": "Buildkite",
    ".woodpecker.yml": "Woodpecker",
    ".woodpecker.yaml": "Woodpecker",
    ".cirrus.yml": "Cirrus CI",
    ".semaphore/semaphore.yml": "Semaphore",
    "cloudbuild.yaml": "Cloud Build",
    "cloudbuild.yml": "Cloud Build",
    "buildspec.yml": "AWS CodeBuild",
    "bitrise.yml": "Bitrise",
    "codefresh.yml": "Codefresh",
}
# Folders whose YAML files are pipelines (GitHub-style workflows for Gitea and Forgejo).
_CI_FOLDERS = {
    ".github/workflows/": "GitHub Actions",
    ".gitea/workflows/": "Gitea Actions",
    ".forgejo/workflows/": "Forgejo Actions",
    ".woodpecker/": "Woodpecker",
    ".azure-pipelines/": "Azure Pipelines",
    "azure-pipelines/": "Azure Pipelines",
}
GITHUB_STYLE_CI = frozenset({"GitHub Actions", "Gitea Actions", "Forgejo Actions"})
MAX_CI_DEPTH = 3  # a Jenkinsfile or azure-pipelines.yml in a subfolder: ci/Jenkinsfile


def ci_system(path: str) -> str | None:
    """The CI service that runs ``path`` as a pipeline definition, or None.

    Besides the root files, a Jenkinsfile (``Jenkinsfile``, ``Jenkinsfile.ci``,
    ``build.jenkinsfile``) or ``azure-pipelines.yml`` up to ``MAX_CI_DEPTH`` folders deep counts
    (both services take a script path), and GitLab CI fragments (``.gitlab/**.yml``,
    ``*.gitlab-ci.yml``) are "GitLab CI include" files: they run only when ``.gitlab-ci.yml``
    includes them, so ``checks_ci`` follows the includes instead of judging them alone.
    """
    lower = path.lower()
    system = _CI_AT_ROOT.get(lower)
    if system is not None:
        return system
    name = lower.rpartition("/")[2]
    yaml_file = name.endswith((".yml", ".yaml"))
    if yaml_file and "/" in path:
        for prefix, system in _CI_FOLDERS.items():  # these folder names are case-sensitive
            if path.startswith(prefix) and "/" not in path[len(prefix) :]:
                return system
    depth = lower.count("/")
    if depth > MAX_CI_DEPTH:
        return None
    if name == "jenkinsfile" or name.startswith("jenkinsfile.") or name.endswith(".jenkinsfile"):
        return "Jenkins"
    if name in ("azure-pipelines.yml", "azure-pipelines.yaml"):
        return "Azure Pipelines"
    if yaml_file and (lower.startswith(".gitlab/") or name.endswith(".gitlab-ci.yml")):
        return GITLAB_INCLUDE
    return None


GITLAB_INCLUDE = "GitLab CI include"


# --- container definitions --------------------------------------------------------------------

MAX_DOCKER_DEPTH = 3  # a Dockerfile or compose file this many folders deep at most
MAX_DOCKER_DIR_DEPTH = 6  # ... or this deep under a folder named for containers
_DOCKER_DIRS = frozenset({"docker", "dockerfiles", ".docker", "containers", ".devcontainer"})
# Every alternative reads one name (no "/"): linear in the path. Names a reviewer reads as a
# container definition, in any case: Dockerfile, Dockerfile.gpu, Dockerfile-dev, Dockerfile_prod,
# api.Dockerfile, Containerfile(.x), compose.yaml, docker-compose.yml, docker-compose.prod.yml,
# docker-compose-dev.yaml, compose.override.yml.
_DOCKER_NAME = re.compile(
    r"(?:docker|container)file(?:[._-][\w.-]*)?|[\w.-]+\.(?:docker|container)file"
    r"|(?:docker-)?compose(?:[._-][\w.-]*)?\.ya?ml",
    re.I,
)


# Dockerfile.dockerignore is an ignore list; dockerfile-guide.md, Dockerfile.png are about one
_NOT_DOCKER_SUFFIXES = (
    ".dockerignore",
    ".md",
    ".markdown",
    ".rst",
    ".txt",
    ".adoc",
    ".html",
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".svg",
    ".gif",
    ".py",
    ".sh",
    ".json",
)


def is_docker_file(path: str) -> bool:
    """Say whether ``path`` names a Dockerfile or compose file a reviewer would count: one of
    the names above up to ``MAX_DOCKER_DEPTH`` folders deep, or up to ``MAX_DOCKER_DIR_DEPTH``
    under a ``docker/`` (``dockerfiles/``, ``containers/``, ...) folder. Not a
    ``Dockerfile.dockerignore`` (an ignore list) nor a document or script about one
    (``dockerfile-guide.md``). Vendored paths are left to the caller."""
    folder, _, name = path.rpartition("/")
    if _DOCKER_NAME.fullmatch(name) is None or name.lower().endswith(_NOT_DOCKER_SUFFIXES):
        return False
    depth = path.count("/")
    if depth <= MAX_DOCKER_DEPTH:
        return True
    return depth <= MAX_DOCKER_DIR_DEPTH and not _DOCKER_DIRS.isdisjoint(
        part.lower() for part in folder.split("/")
    )
