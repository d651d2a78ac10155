"""What a provider hands the evidence checks: a repo's file list and the few texts they read.

Which texts: ``wants_content`` names the *kinds* of files the checks always read (READMEs,
licences, dependency manifests, CI definitions, Dockerfiles and compose files). ``wanted_paths``
turns a file list into the exact, bounded set a provider fetches: those kinds (capped per kind,
shallowest first) plus a sample of test files (to tell real tests from stubs) and of Python
sources and notebooks (for ``import mlflow``-style evidence). The sample is the trade-off: a
repo that uses a library only in its 41st-ranked source file, and nowhere in its manifests,
is reported as not using it; the reason then says how many sources were read. Files whose
names mention a tracked library or training are ranked first so the sample finds them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from roadmap_bot.core.evidence.paths import (
    ci_system,
    is_docker_file,
    is_vendored,
    own_paths,
    sample_sources,
    sample_tests,
)
from roadmap_bot.core.evidence.pathscan import lines_containing

MAX_TEXT_BYTES = 1024 * 1024  # providers read at most this prefix of a file
MAX_MANIFEST_TEXTS = 40  # dependency manifests, shallowest first
MAX_CI_TEXTS = 30  # workflow files and other CI definitions
MAX_DOCKER_TEXTS = 10  # Dockerfiles and compose files
MAX_TEST_TEXTS = 6  # test files read to confirm they define tests
MAX_SOURCE_TEXTS = 20  # .py / .ipynb files read for imports (manifests carry most techs)
MAX_EXTRA_TEXTS = 50  # files a rule's ``contains:`` asks for
MAX_MANIFEST_DEPTH = 3  # e.g. services/api/requirements.txt
# What one repo may cost, whatever its files hold (a linked repo may be hostile):
MAX_REPO_TEXT_BYTES = 8 * 1024 * 1024  # texts read from one repo in all, in ``read_order``
MAX_PATHS = 100_000  # paths listed (GitHub's own tree listing stops here too)
TIME_BUDGET = 20.0  # seconds to read one repo, and again to check it; then it is "too large"


class ProblemKind(StrEnum):
    """Why a repo could not be snapshotted."""

    MISSING = "missing"
    NO_ACCESS = "no-access"
    EMPTY = "empty"
    ARCHIVED = "archived"
    BLOCKED = "blocked"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Origin:
    """The repository a linked repo was forked from (``fork``) or generated from (``template``),
    as it is now: for judging the learner's own work against what they started from."""

    kind: str  # "fork" | "template"
    repo: str  # owner/name
    head: str | None  # the origin's HEAD commit (its reads are cached by it)
    # path → git blob id in the origin, for the paths the linked repo has: a file with the same
    # blob id is byte for byte the origin's, not the learner's
    blobs: Mapping[str, str] = field(default_factory=dict)
    readme: str | None = None  # the origin's README text, when it has one


@dataclass(frozen=True, slots=True)
class RepoSnapshot:
    """A repo at one commit: every path, and the texts ``wanted_paths`` selected."""

    repo: str  # how the user wrote it / owner/name
    head: str | None  # HEAD commit id (None for a plain dir without git)
    paths: tuple[str, ...]  # every file path, posix, relative, sorted
    texts: Mapping[str, str] = field(default_factory=dict)  # decoded; binary/undecodable omitted
    default_branch: str | None = None
    ci_status: str | None = None  # "success" | "failure" | "pending" | None (unknown)
    truncated: bool = False  # paths is incomplete
    note: str | None = None  # e.g. "renamed from a/b", "archived"
    # ``classify(paths)`` when the provider computed it already (it chose the texts by it):
    # spares the checks a second pass over every path. None: the checks classify.
    kinds: Mapping[FileKind, tuple[str, ...]] | None = field(
        default=None, compare=False, repr=False
    )
    own: tuple[str, ...] | None = field(default=None, compare=False, repr=False)  # own_paths(paths)
    # wanted files not read, and why in words ("not a regular file", the per-repo cap, ...)
    unread: Mapping[str, str] = field(default_factory=dict)
    # path → git blob id, where the provider knows it (GitHub's tree; git's index)
    blobs: Mapping[str, str] = field(default_factory=dict)
    origin: Origin | None = None  # a fork's parent, a generated repo's template; None: neither


@dataclass(frozen=True, slots=True)
class RepoProblem:
    """A repo that could not be read; ``reason`` is a user-facing sentence saying what to do."""

    repo: str
    kind: str  # a ProblemKind value
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ProblemKind(self.kind))


@dataclass(frozen=True, slots=True)
class Unchanged:
    """HEAD equals the cached head: reuse the cached results."""

    repo: str
    head: str


@dataclass(frozen=True, slots=True)
class TooLarge:
    """A repo that could not be read or checked within its budget (``TIME_BUDGET``): every
    result it was read for fails with ``reason``, and is cached by ``head`` like any other, so
    the next run does not try again until the repo gets a new commit."""

    repo: str
    head: str | None
    reason: str  # e.g. "reading it took longer than 20 s"


# Asked between steps of a repo's checks: True once the repo's time is up. The clock behind it
# lives in the caller (jobs/reading.py, cli/check.py): the core only asks.
Expired = Callable[[], bool]

SnapshotOutcome = RepoSnapshot | RepoProblem | Unchanged | TooLarge


Wanted = Callable[[str], bool]  # the extra paths a rule's ``contains:`` reads
Progress = Callable[[int, int, str], None]  # (repos done, repos in all, the last one)


class SnapshotProvider(Protocol):
    """Builds snapshots; ``known_heads`` (repo → cached head) lets it answer ``Unchanged``;
    ``extra`` names more files to read (``wanted_paths``); ``progress`` hears of repos done."""

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]: ...


# --- which files the checks read ---------------------------------------------------------

_README = re.compile(
    r"^(?:|docs/|\.github/)readme(?:\.(?:md|markdown|mdx|rst|txt|adoc|org))?$", re.I
)
_LICENSE = re.compile(
    r"^(?:licen[sc]e|copying|unlicense)(?:[-.][\w.-]*)?(?:\.(?:md|txt|rst))?$", re.I
)
_MANIFEST_NAMES = frozenset(
    {
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "tox.ini",  # [pytest] settings: which files are tests
        "pytest.ini",
        "pipfile",
        "package.json",
        "environment.yml",
        "environment.yaml",
        "conda.yml",
        "conda.yaml",
    }
)
_ENVIRONMENT = re.compile(r"environment[\w.-]*\.ya?ml", re.I)


def _requirements_name(name: str) -> bool:
    """``*requirements*.txt|.in`` or ``environment*.yml`` (``name`` lower case); string tests, as
    ``.*requirements.*\\.txt`` backtracks over the name once per "requirements" in it."""
    stem = name[:-4] if name.endswith(".txt") else name[:-3] if name.endswith(".in") else None
    if stem is not None and "requirements" in stem:
        return True
    return _ENVIRONMENT.fullmatch(name) is not None


class FileKind(StrEnum):
    """The kinds of file whose text the checks always want."""

    README = "readme"
    LICENSE = "license"
    MANIFEST = "manifest"
    CI = "ci"
    DOCKER = "docker"


_HINTS = (
    "readme",
    "licen",
    "copying",
    "unlicense",
    "requirement",
    "environment",
    "conda",
    "pyproject",
    "setup.",
    "tox.ini",
    "pytest.ini",
    "pipfile",
    "package.json",
    "docker",
    "compose",
    "container",
    "jenkinsfile",
    ".yml",
    ".yaml",
)
_HINT = re.compile("|".join(re.escape(hint) for hint in _HINTS))  # one C-level scan per name


def file_kind(path: str) -> FileKind | None:
    """Classify ``path`` as one of the always-read kinds, or None."""
    lower = path.lower()
    name = lower.rpartition("/")[2]
    if (
        _HINT.search(name) is None
        and "requirements/" not in lower
        and not lower.startswith("licenses/")
    ):
        return None  # the common case, decided without a regex
    if is_vendored(path):
        return None
    depth = path.count("/")
    if _README.match(path):
        return FileKind.README
    if (depth == 0 and _LICENSE.match(name)) or (
        depth == 1 and lower.startswith("licenses/")  # REUSE: LICENSES/MIT.txt
    ):
        return FileKind.LICENSE
    if depth <= MAX_MANIFEST_DEPTH and (
        name in _MANIFEST_NAMES or _requirements_name(name) or _in_requirements_dir(path)
    ):
        return FileKind.MANIFEST
    if ci_system(path) is not None:
        return FileKind.CI
    if is_docker_file(path):
        return FileKind.DOCKER
    return None


_SCAN_HINTS = (*_HINTS, "requirements/", "licenses/")


def _in_requirements_dir(path: str) -> bool:
    parts = path.split("/")
    return len(parts) >= 2 and parts[-2] == "requirements" and parts[-1].endswith((".txt", ".in"))


def wants_content(path: str) -> bool:
    """Say whether the checks always read this file (see the module docstring for the caps)."""
    return file_kind(path) is not None


_CAPS = {
    FileKind.README: 10,
    FileKind.LICENSE: 5,
    FileKind.MANIFEST: MAX_MANIFEST_TEXTS,
    FileKind.CI: MAX_CI_TEXTS,
    FileKind.DOCKER: MAX_DOCKER_TEXTS,
}


def _depth_first(paths: Iterable[str]) -> list[str]:
    return sorted(paths, key=lambda p: (p.count("/"), p))


def classify(paths: Iterable[str]) -> dict[FileKind, tuple[str, ...]]:
    """The paths of each always-read kind, in the order given (vendored paths have none)."""
    by_kind: dict[FileKind, list[str]] = {}
    # only paths in which a hint of file_kind's prefilter occurs can have a kind
    for path in lines_containing(list(paths), _SCAN_HINTS, fold_case=True):
        kind = file_kind(path)
        if kind is not None:
            by_kind.setdefault(kind, []).append(path)
    return {kind: tuple(found) for kind, found in by_kind.items()}


def wanted_paths(
    paths: Sequence[str],
    *,
    extra: Callable[[str], bool] | None = None,
    kinds: Mapping[FileKind, tuple[str, ...]] | None = None,
    own: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """Choose exactly which texts a provider fetches for ``paths`` (bounded; sorted).

    ``kinds`` is ``classify(paths)`` and ``own`` is ``own_paths(paths)`` when the caller has
    them already."""
    by_kind = classify(paths) if kinds is None else kinds
    own = own_paths(paths) if own is None else own
    chosen: set[str] = set()
    for kind, found in by_kind.items():
        chosen.update(_depth_first(found)[: _CAPS[kind]])
    chosen.update(sample_tests(own, MAX_TEST_TEXTS))
    chosen.update(sample_sources(own, MAX_SOURCE_TEXTS, own=True))
    if extra is not None:
        matches = [p for p in own if extra(p)]
        chosen.update(_depth_first(matches)[:MAX_EXTRA_TEXTS])
    return tuple(sorted(chosen))


_READ_RANK = {
    FileKind.README: 0,
    FileKind.LICENSE: 1,
    FileKind.MANIFEST: 2,
    FileKind.DOCKER: 3,
    FileKind.CI: 4,
}


def read_order(paths: Iterable[str]) -> list[str]:
    """``paths`` in the order a provider reads them under ``MAX_REPO_TEXT_BYTES``: READMEs,
    licences, manifests, container and CI files first, then tests and sources; shallow first."""

    def rank(path: str) -> tuple[int, int, str]:
        kind = file_kind(path)
        return (_READ_RANK[kind] if kind is not None else 5, path.count("/"), path)

    return sorted(paths, key=rank)


def over_repo_cap(path: str) -> str:
    """Why ``path`` was not read once the repo's text budget was used."""
    return (
        f"{path} was not read: the files read before it reached the "
        f"{MAX_REPO_TEXT_BYTES // (1024 * 1024)} MB read from one repo"
    )


def cap_texts(texts: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Keep texts in ``read_order`` while they fit ``MAX_REPO_TEXT_BYTES`` (counted in
    characters, for texts a provider holds already); the rest, path → why, are unread."""
    kept: dict[str, str] = {}
    unread: dict[str, str] = {}
    left = MAX_REPO_TEXT_BYTES
    for path in read_order(texts):
        text = texts[path]
        if left <= 0:
            unread[path] = over_repo_cap(path)
            continue
        kept[path] = text if len(text) <= left else text[:left]
        left -= len(text)
    return dict(sorted(kept.items())), unread


# --- decoding ------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, *, truncated: bool = False) -> str | None:
    """Decode a file's bytes as the checks need them, or None when it is binary.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 decode as such. A NUL byte in the first
    8 KiB marks binary (git's own heuristic). Other bytes that are not UTF-8 are read as
    cp1252 (the usual source of non-UTF-8 READMEs), undecodable bytes replaced, so a Latin-1
    README still counts. ``truncated`` says ``data`` is a prefix: a cut multi-byte character at
    the end is dropped rather than treated as an error.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8", errors="replace")
    return data.decode("cp1252", errors="replace")
