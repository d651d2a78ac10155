"""Facts every check shares, computed once per snapshot: own paths, dependencies, code, imports."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from roadmap_bot.core.boundedtoml import load_toml
from roadmap_bot.core.evidence.fingerprints import EMPTY, Boilerplate
from roadmap_bot.core.evidence.manifests import (
    TOML_MANIFESTS,
    Dependency,
    TomlDocument,
    manifest_dependencies,
    unreadable_reason,
)
from roadmap_bot.core.evidence.paths import own_paths
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import Expired, FileKind, RepoSnapshot, classify, file_kind
from roadmap_bot.errors import OverBudget

_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.M)
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w. \t,]*))",
    re.M,
)


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """A snapshot plus what the checks derive from it, so no check redoes the work."""

    snapshot: RepoSnapshot
    own: tuple[str, ...]  # paths outside vendored dirs
    deps: tuple[Dependency, ...]  # from every manifest text read
    code: Mapping[str, str]  # .py / .ipynb path → code (comments dropped; notebook code cells)
    imports: Mapping[str, frozenset[str]]  # path → modules imported that are not the repo's own
    by_kind: Mapping[FileKind, tuple[str, ...]]  # own paths of each always-read kind
    sources: tuple[str, ...] = ()  # own .py / .ipynb paths, read or not
    notebooks: Mapping[str, bool | None] = field(default_factory=dict)  # read .ipynb → has code
    # path → why it was not read or gave nothing (snapshot.unread, and manifests refused)
    unreadable: Mapping[str, str] = field(default_factory=dict)
    # each pyproject.toml and Pipfile read → its document (None: invalid or refused), parsed once
    toml: Mapping[str, TomlDocument | None] = field(default_factory=dict)
    # catalog technology → its ``uses:`` result; ``run_checks`` sets it before the checks run
    techs: Mapping[str, CheckResult] = field(default_factory=dict)
    # files byte for byte the origin's (a fork's parent, a generated repo's template): not the
    # learner's, so left out of ``own``, ``code``, ``deps`` and the CI and Docker kinds
    inherited: tuple[str, ...] = ()
    # the roadmap repo's own fingerprints (``fingerprints.USER_FILE``): more text not the author's
    boilerplate: Boilerplate = EMPTY

    def of_kind(self, kind: FileKind) -> tuple[str, ...]:
        return self.by_kind.get(kind, ())

    def note_inherited(
        self, result: CheckResult, paths: Sequence[str], noun: str, plural: str = ""
    ) -> CheckResult:
        """``result``, when it failed and the origin holds ``paths`` it would have counted,
        saying so: "tests: no test files; the 3 test files are the parent's (course/repo),
        unchanged" (``noun`` singular; ``plural`` when not ``noun`` + "s")."""
        origin = self.snapshot.origin
        if result.passed or not paths or origin is None:
            return result
        n = len(paths)
        what = f"the {noun}" if n == 1 else f"the {n} {plural or noun + 's'}"
        whose = "template" if origin.kind == "template" else "parent"
        verb = "is" if n == 1 else "are"
        note = f"; {what} {verb} the {whose}'s ({origin.repo}), unchanged"
        return replace(result, reason=result.reason + note)

    @property
    def sources_read(self) -> int:
        return len(self.code)

    @property
    def sources_total(self) -> int:
        return len(self.sources)


def build_facts(snapshot: RepoSnapshot, expired: Expired | None = None) -> RepoFacts:
    """Derive the shared facts from ``snapshot`` (parses each text at most once; ``techs`` is
    left empty, for ``run_checks`` to fill in).

    ``expired`` is asked before each text: OverBudget once it says the repo's time is up."""
    own = tuple(own_paths(snapshot.paths)) if snapshot.own is None else snapshot.own
    kinds = classify(own) if snapshot.kinds is None else snapshot.kinds
    inherited = inherited_paths(snapshot)
    if inherited:
        own = tuple(p for p in own if p not in inherited)
        kinds = {
            kind: found
            if kind not in _LEARNERS_ONLY
            else tuple(p for p in found if p not in inherited)
            for kind, found in kinds.items()
        }
    deps: list[Dependency] = []
    code: dict[str, str] = {}
    notebooks: dict[str, bool | None] = {}
    unreadable = dict(snapshot.unread)
    toml: dict[str, TomlDocument | None] = {}
    for path, text in sorted(snapshot.texts.items()):
        if expired is not None and expired():
            raise OverBudget(path)
        if path.rsplit("/", 1)[-1].lower() in TOML_MANIFESTS:
            toml[path] = load_toml(text)  # an inherited one too: test settings count as written
        if path in inherited:
            continue
        kind = file_kind(path)
        if kind in (FileKind.MANIFEST, FileKind.DOCKER):
            found = manifest_dependencies(path, text, toml)
            deps += found
            why = None if found else unreadable_reason(path, text, toml)
            if why is not None:
                unreadable[path] = why
        if path.endswith(".py"):
            code[path] = _COMMENT_LINE.sub("", text)
        elif path.endswith(".ipynb"):
            code[path], notebooks[path] = read_notebook(text)
    sources = tuple(p for p in own if p.endswith((".py", ".ipynb")))
    local = _local_modules(sources)
    imports = {path: _imports(path, text, local) for path, text in code.items()}
    return RepoFacts(
        snapshot,
        own,
        tuple(deps),
        code,
        imports,
        kinds,
        sources,
        notebooks,
        unreadable,
        toml,
        inherited=tuple(sorted(inherited)),
    )


# The kinds judged on the learner's files only; a README is judged by its own prose (the readme
# check subtracts the origin's README), licences and manifests whoever wrote them.
_LEARNERS_ONLY = frozenset({FileKind.CI, FileKind.DOCKER})


def inherited_paths(snapshot: RepoSnapshot) -> frozenset[str]:
    """The paths whose blob id equals the origin's at the same path: byte for byte the origin's
    files, not the learner's (none when the snapshot has no origin or no blob ids)."""
    origin = snapshot.origin
    if origin is None or not origin.blobs or not snapshot.blobs:
        return frozenset()
    theirs = origin.blobs
    return frozenset(p for p, oid in snapshot.blobs.items() if theirs.get(p) == oid)


def read_notebook(text: str) -> tuple[str, bool | None]:
    """A notebook's code cells, joined, and whether any holds code; a notebook cut short (not
    JSON) falls back to its raw text, and whether it has code is then unknown (None)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text.replace("\\n", "\n").replace('\\"', '"'), None
    code = _cells_code(data)
    return code, bool(code.strip())


def _cells_code(data: object) -> str:
    """The code cells of a parsed notebook, joined, comment lines dropped."""
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        worksheets = data.get("worksheets") if isinstance(data, dict) else None  # nbformat 3
        cells = [c for w in worksheets or [] if isinstance(w, dict) for c in w.get("cells", [])]
    parts: list[str] = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            parts.append("".join(source) if isinstance(source, list) else str(source))
    return _COMMENT_LINE.sub("", "\n".join(parts))


def _local_modules(own: tuple[str, ...]) -> dict[str, set[str]]:
    """Map a directory to the module names importable from it: .py stems, and packages.

    A directory without ``__init__.py`` is left out: an installed package of the same name
    wins over such a namespace directory, so ``import mlflow`` next to ``mlflow/`` scripts
    still imports MLflow.
    """
    names: dict[str, set[str]] = {}
    for path in own:
        if not path.endswith(".py"):
            continue
        parent, _, name = path.rpartition("/")
        if name == "__init__.py":
            grand, _, package = parent.rpartition("/")
            if package:
                names.setdefault(grand, set()).add(package)
        else:
            names.setdefault(parent, set()).add(name[:-3])
    return names


def _imports(path: str, text: str, local: dict[str, set[str]]) -> frozenset[str]:
    here = path.rsplit("/", 1)[0] if "/" in path else ""
    own_names = local.get(here, set()) | local.get("", set()) | local.get("src", set())
    found: set[str] = set()
    for match in _IMPORT.finditer(text):
        if match.group(1):
            modules = [match.group(1)]
        else:
            modules = [m.strip().split()[0] for m in match.group(2).split(",") if m.strip()]
        for module in modules:
            if module.split(".")[0] not in own_names:
                found.add(module)
    return frozenset(found)
