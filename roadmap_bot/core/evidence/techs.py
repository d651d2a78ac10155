"""The technology catalog and detection: which technologies a repo uses, and the evidence."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any, Protocol, cast

from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.manifests import Ecosystem, normalize
from roadmap_bot.core.evidence.paths import glob_to_regex
from roadmap_bot.core.evidence.pathscan import lines_containing
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.userregex import PatternSet, compile_linear, search_linear
from roadmap_bot.errors import RoadmapBotError, UserRegexError

_LIST_KEYS = ("aliases", "packages", "npm", "imports", "files", "images", "code")
_KEYS = frozenset({"display", *_LIST_KEYS})
_TECH_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class CatalogError(RoadmapBotError, ValueError):
    """The technology catalog (bundled or ``settings.technologies``) is malformed; exit 2."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One problem in catalog data; ``path`` is relative to the catalog mapping."""

    path: tuple[str | int, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Tech:
    """One technology and the signs of its use."""

    name: str
    display: str
    aliases: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    npm: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    code: tuple[str, ...] = ()


class CodeMatch(Protocol):
    def group(self, index: int = 0, /) -> str: ...


class CodePattern(Protocol):
    def search(self, text: str, /) -> CodeMatch | None: ...


def compile_code(pattern: str) -> CodePattern:
    """A ``code:`` pattern, searched in linked repos' sources: compiled with RE2 (google-re2),
    whose time is linear in the text whatever the pattern (``(a+)+$`` included), so a repo
    cannot stall detection (``core/userregex.py``, as for a rule's ``contains:``). RE2 has no
    lookarounds or backreferences: such a pattern is a ValueError saying so."""
    try:
        return cast(CodePattern, compile_linear(pattern))
    except UserRegexError as exc:
        raise ValueError(
            f"{exc} (code patterns run in linear time: no lookarounds or backreferences)"
        ) from None


def name_key(name: str) -> str:
    """Key for matching names as people write them: ``Scikit-Learn`` = ``scikit learn``."""
    return re.sub(r"[^a-z0-9&+]", "", name.lower())


@dataclass(frozen=True, slots=True)
class Catalog:
    """Technologies by canonical name, with lookup tables built once."""

    techs: Mapping[str, Tech]
    _names: dict[str, str] = field(init=False, repr=False, compare=False)
    _files: list[tuple[str, re.Pattern[str], str]] = field(init=False, repr=False, compare=False)
    _basenames: dict[str, list[str]] = field(init=False, repr=False, compare=False)
    _code: list[tuple[CodePattern, str]] = field(init=False, repr=False, compare=False)
    _code_set: PatternSet = field(init=False, repr=False, compare=False)  # _code's, at once
    _deps: dict[tuple[Ecosystem, str], list[str]] = field(init=False, repr=False, compare=False)
    _imports: dict[str, list[str]] = field(init=False, repr=False, compare=False)
    _dep_globs: list[tuple[Ecosystem, str, str]] = field(init=False, repr=False, compare=False)
    # one scan for "does any file glob's literal part occur in this path" (None: every path may)
    _file_hint: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _subsets: dict[frozenset[str], Catalog] = field(init=False, repr=False, compare=False)
    # for a few technologies: strings one of which every path their files match contains
    _file_needles: tuple[str, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        basenames: dict[str, list[str]] = {}
        files: list[tuple[str, re.Pattern[str], str]] = []
        for tech in self.techs.values():
            for alias in (tech.name, tech.display, *tech.aliases):
                names.setdefault(name_key(alias), tech.name)
            for glob in tech.files:
                if "/" not in glob and not any(c in glob for c in "*?[{"):
                    basenames.setdefault(glob, []).append(tech.name)
                else:
                    files.append((_literal_hint(glob), glob_to_regex(glob), tech.name))
        code = [(compile_code(p), t.name) for t in self.techs.values() for p in t.code]
        deps: dict[tuple[Ecosystem, str], list[str]] = {}
        dep_globs: list[tuple[Ecosystem, str, str]] = []
        for tech in self.techs.values():
            for ecosystem, declared in (
                (Ecosystem.PYPI, tech.packages),
                (Ecosystem.NPM, tech.npm),
                (Ecosystem.IMAGE, tech.images),
            ):
                for dep in declared:
                    if any(c in dep for c in "*?["):
                        dep_globs.append((ecosystem, dep, tech.name))
                    else:
                        deps.setdefault((ecosystem, dep), []).append(tech.name)
        imports: dict[str, list[str]] = {}
        for tech in self.techs.values():
            for module in tech.imports:
                imports.setdefault(module, []).append(tech.name)
        object.__setattr__(self, "_imports", imports)
        object.__setattr__(self, "_deps", deps)
        object.__setattr__(self, "_dep_globs", dep_globs)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_basenames", basenames)
        object.__setattr__(self, "_files", files)
        hints = {hint for hint, _, _ in files}
        hint = None if "" in hints else re.compile("|".join(map(re.escape, sorted(hints))) or "$^")
        object.__setattr__(self, "_file_hint", hint)
        object.__setattr__(self, "_subsets", {})
        needles = None
        if "" not in hints:
            framed = [n for name in basenames for n in (f"/{name}\n", f"\n{name}\n")]
            needles = (*framed, *sorted(hints))
        few = needles is not None and len(needles) <= _FEW_NEEDLES
        object.__setattr__(self, "_file_needles", needles if few else None)
        object.__setattr__(self, "_code", code)
        sources = [p for t in self.techs.values() for p in t.code]  # _code's order
        object.__setattr__(self, "_code_set", PatternSet(sources))

    def subset(self, names: frozenset[str]) -> Catalog:
        """The catalog of just these technologies (built once per set of names)."""
        found = self._subsets.get(names)
        if found is None:
            found = Catalog({n: t for n, t in self.techs.items() if n in names})
            self._subsets[names] = found
        return found

    def resolve(self, name: str) -> str | None:
        """The canonical name for a name or alias (``sklearn`` → ``scikit-learn``), or None."""
        return self._names.get(name_key(name))

    def techs_for(self, ecosystem: Ecosystem, name: str) -> list[str]:
        """The technologies a declared dependency stands for."""
        found = list(self._deps.get((ecosystem, name), ()))
        found += [t for e, g, t in self._dep_globs if e == ecosystem and fnmatchcase(name, g)]
        return found

    def techs_for_import(self, module: str) -> list[str]:
        """The technologies an imported module belongs to (``google.cloud.storage`` → gcp)."""
        parts = module.split(".")
        found: list[str] = []
        for end in range(1, len(parts) + 1):
            found += self._imports.get(".".join(parts[:end]), ())
        return found

    def display(self, name: str) -> str:
        tech = self.techs.get(name)
        return tech.display if tech else name

    def names(self) -> list[str]:
        """Every name and alias a rule may use, for did-you-mean suggestions."""
        return sorted({*self.techs, *(a for t in self.techs.values() for a in t.aliases)})


def _literal_hint(glob: str) -> str:
    parts = re.split(r"[*?\[\]{}]+", glob)
    return max(parts, key=len).strip("/") if parts else ""


def catalog_problems(data: object) -> list[CatalogProblem]:
    """Check catalog data (technology → spec) and say what is wrong, with key paths."""
    if not isinstance(data, Mapping):
        return [CatalogProblem((), "the technology catalog must be a mapping of name → spec")]
    problems: list[CatalogProblem] = []
    for name, spec in data.items():
        if not isinstance(name, str) or not _TECH_NAME.fullmatch(name):
            problems.append(CatalogProblem((str(name),), "technology names are lowercase words"))
            continue
        if not isinstance(spec, Mapping):
            problems.append(CatalogProblem((name,), "each technology is a mapping of keys"))
            continue
        for key, value in spec.items():
            if key not in _KEYS:
                problems.append(CatalogProblem((name, str(key)), f"unknown key '{key}'"))
            elif key == "display" and not isinstance(value, str):
                problems.append(CatalogProblem((name, key), "display must be a string"))
            elif key != "display" and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                problems.append(CatalogProblem((name, key), f"{key} must be a list of strings"))
        for index, pattern in enumerate(spec.get("code") or []):
            try:
                compile_code(str(pattern))
            except (re.error, ValueError) as exc:
                problems.append(CatalogProblem((name, "code", index), f"bad regex: {exc}"))
    return problems


def _tech(name: str, spec: Mapping[str, Any]) -> Tech:
    def items(key: str) -> tuple[str, ...]:
        return tuple(spec.get(key) or ())

    return Tech(
        name=name,
        display=spec.get("display") or name,
        aliases=items("aliases"),
        packages=tuple(normalize(p) for p in items("packages")),
        npm=tuple(p.lower() for p in items("npm")),
        imports=items("imports"),
        files=items("files"),
        images=tuple(i.lower() for i in items("images")),
        code=items("code"),
    )


def load_catalog(data: Mapping[str, Any]) -> Catalog:
    """Build a Catalog from data shaped like data/technologies.yaml; CatalogError if malformed."""
    problems = catalog_problems(data)
    if problems:
        lines = [f"{'.'.join(map(str, p.path)) or '(top)'}: {p.message}" for p in problems]
        raise CatalogError("technology catalog is invalid:\n  " + "\n  ".join(lines))
    return Catalog({name: _tech(name, spec) for name, spec in data.items()})


def merge_catalog(base: Catalog, extra: Mapping[str, Any]) -> Catalog:
    """Add or replace technologies (``settings.technologies``) on top of ``base``."""
    added = load_catalog(extra)
    return Catalog({**base.techs, **added.techs})


# --- detection -----------------------------------------------------------------------------


def detect_facts(facts: RepoFacts, catalog: Catalog) -> dict[str, CheckResult]:
    """Map each technology the repo uses to its evidence (a passed ``uses:<tech>`` result);
    ``run_checks`` shares ``facts`` with the other checks."""
    found: dict[str, list[tuple[str, str]]] = {}  # tech → [(sentence part, path)]

    def add(tech: str, what: str, path: str) -> None:
        found.setdefault(tech, []).append((what, path))

    for dep in facts.deps:
        for tech_name in catalog.techs_for(dep.ecosystem, dep.name):
            add(tech_name, f"{dep.name} in {dep.path}", dep.path)
    for path, modules in facts.imports.items():
        for module in sorted(modules):
            for tech_name in catalog.techs_for_import(module):
                add(tech_name, f"import {module} in {path}", path)
    for path, text in facts.code.items():
        for index in catalog._code_set.matching(text):  # most sources: none, in one pass
            pattern, tech_name = catalog._code[index]
            match = search_linear(pattern, text)
            if match:
                add(tech_name, f"'{match.group(0)}' in {path}", path)
    _detect_files(facts, catalog, add)
    return {
        name: _result(catalog.techs[name], evidence)
        for name, evidence in sorted(found.items())
        if name in catalog.techs
    }


_FEW_NEEDLES = 16  # beyond this many, testing each path costs less than finding each string


def _detect_files(facts: RepoFacts, catalog: Catalog, add: Any) -> None:
    basenames = catalog._basenames
    files = catalog._files
    prefilter = catalog._file_hint
    seen: dict[str, int] = {}
    needles = catalog._file_needles  # a rule's few technologies: find their paths in one go
    for path in facts.own if needles is None else lines_containing(facts.own, needles):
        name = path[path.rfind("/") + 1 :]
        hits = basenames.get(name)
        if hits:
            for tech in hits:
                _add_file(tech, path, seen, add)
        if prefilter is not None and prefilter.search(path) is None:
            continue  # the common case: no file glob can match
        for hint, pattern, tech in files:
            if hint in path and pattern.match(path):
                _add_file(tech, path, seen, add)


def _add_file(tech: str, path: str, seen: dict[str, int], add: Any) -> None:
    seen[tech] = seen.get(tech, 0) + 1
    if seen[tech] <= 3:  # enough evidence for a reason; the count is not needed
        add(tech, f"file {path}", path)


def _result(tech: Tech, evidence: list[tuple[str, str]]) -> CheckResult:
    parts = list(dict.fromkeys(what for what, _ in evidence))
    paths = tuple(dict.fromkeys(path for _, path in evidence))
    shown = "; ".join(parts[:3]) + (f"; and {len(parts) - 3} more" if len(parts) > 3 else "")
    key = f"uses:{tech.name}"
    return CheckResult(key, True, paths, f"{key}: {tech.display} — {shown}")
