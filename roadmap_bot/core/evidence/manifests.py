"""Read declared dependencies from manifests: requirements, pyproject, setup, conda, npm, Docker."""

from __future__ import annotations

import ast
import configparser
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from roadmap_bot.core.boundedtoml import MAX_KEY_PARTS, dotted_parts_ok, load_toml
from roadmap_bot.core.boundedyaml import load_bounded
from roadmap_bot.core.evidence.containers import image_name, parse_compose, parse_dockerfile
from roadmap_bot.core.evidence.pep508 import (
    normalize,
    parse_requirements,
    pip_install_names,
    requirement_name,
)
from roadmap_bot.errors import BoundedYamlError

__all__ = [
    "Dependency",
    "Ecosystem",
    "image_name",
    "manifest_dependencies",
    "normalize",
    "parse_requirements",
    "pip_install_names",
    "requirement_name",
    "toml_documents",
]

TomlDocument = dict[str, Any]
TOML_MANIFESTS = frozenset({"pyproject.toml", "pipfile"})  # file names, lower case


class Ecosystem(StrEnum):
    """Where a dependency name lives."""

    PYPI = "pypi"  # PyPI and conda names, normalised as PEP 503 says
    NPM = "npm"
    IMAGE = "image"  # a container image, registry and tag stripped


@dataclass(frozen=True, slots=True)
class Dependency:
    """One declared dependency and the file that declares it."""

    name: str
    ecosystem: Ecosystem
    path: str


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def toml_documents(texts: Mapping[str, str]) -> dict[str, TomlDocument | None]:
    """Each pyproject.toml and Pipfile of ``texts``, parsed once through ``boundedtoml`` (None:
    not valid TOML, or refused); ``build_facts`` keeps them for every check that reads one."""
    return {
        path: load_toml(text)
        for path, text in texts.items()
        if path.rsplit("/", 1)[-1].lower() in TOML_MANIFESTS
    }


def _toml(
    path: str, text: str, docs: Mapping[str, TomlDocument | None] | None
) -> TomlDocument | None:
    return docs[path] if docs is not None and path in docs else load_toml(text)


def parse_pyproject(text: str) -> list[str]:
    """PEP 621 dependencies and optional dependencies, PEP 735 groups, Poetry, PDM and uv."""
    return pyproject_dependencies(load_toml(text))


def pyproject_dependencies(data: TomlDocument | None) -> list[str]:
    """``parse_pyproject`` of an already parsed pyproject.toml (None: none could be parsed)."""
    if data is None:
        return []
    project = _table(data, "project")
    specs = list(_strings(project.get("dependencies", [])))
    specs += _strings(project.get("optional-dependencies", {}))
    groups = _table(data, "dependency-groups").values()
    specs += [s for group in groups if isinstance(group, list) for s in group if isinstance(s, str)]
    tool = _table(data, "tool")
    specs += _strings(_table(tool, "pdm").get("dev-dependencies", {}))
    specs += _strings(_table(tool, "uv").get("dev-dependencies", []))
    names = [n for n in map(requirement_name, specs) if n]
    poetry = _table(tool, "poetry")
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [_table(g, "dependencies") for g in _table(poetry, "group").values()]
    for table in tables:
        if isinstance(table, dict):
            names += [normalize(k) for k in table if k.lower() != "python"]
    return names


def _table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


_SETUP_KEYWORDS = frozenset({"install_requires", "extras_require", "tests_require"})


def parse_setup_py(text: str) -> list[str]:
    """``install_requires``/``extras_require`` of a setup.py, read without running it."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [
            n
            for s in _install_requires_lists(text)
            for q in re.findall(r"[\"']([^\"']+)[\"']", s)
            if (n := requirement_name(q))
        ]
    budget = [MAX_SETUP_STRINGS]
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in _SETUP_KEYWORDS:
                    names += [
                        n
                        for s in _literal_strings(keyword.value, assigned, budget)
                        if (n := requirement_name(s))
                    ]
    return names


MAX_SETUP_STRINGS = 10_000  # nodes a setup.py's requirement lists may expand to, names included
_INSTALL_REQUIRES = re.compile(r"install_requires\s*=\s*\[")


def _install_requires_lists(text: str) -> Iterator[str]:
    """The text inside each ``install_requires=[...]`` of a setup.py that is not Python.

    One pass: each list ends at the next ``]``; an unclosed one ends the search (a regex
    ``\\[(.*?)\\]`` rescanned the rest of the file from each of 5,000 unclosed lists)."""
    pos = 0
    while (start := _INSTALL_REQUIRES.search(text, pos)) is not None:
        end = text.find("]", start.end())
        if end < 0:
            return
        yield text[start.end() : end]
        pos = end + 1


def _literal_strings(
    node: ast.AST, assigned: Mapping[str, ast.AST], budget: list[int], depth: int = 0
) -> Iterator[str]:
    """String literals in ``node``, following names assigned at module level (bounded: lists of
    names of lists of names multiply, so every node visited spends one of ``budget``)."""
    budget[0] -= 1
    if depth > 5 or budget[0] < 0:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for elt in node.elts:
            yield from _literal_strings(elt, assigned, budget, depth + 1)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _literal_strings(value, assigned, budget, depth + 1)
    elif isinstance(node, ast.BinOp):
        yield from _literal_strings(node.left, assigned, budget, depth + 1)
        yield from _literal_strings(node.right, assigned, budget, depth + 1)
    elif isinstance(node, ast.Name) and node.id in assigned:
        yield from _literal_strings(assigned[node.id], assigned, budget, depth + 1)


def parse_setup_cfg(text: str) -> list[str]:
    """``[options] install_requires`` and ``[options.extras_require]`` of a setup.cfg."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        # configparser's option pattern (``.*?\\s*[=:]``) is quadratic in a run of blanks
        # inside a line (a line of 40,000 spaces: 10 s); one blank there means the same
        parser.read_string(_INNER_BLANKS.sub(" ", text))
    except configparser.Error:
        return []
    values: list[str] = []
    if parser.has_section("options"):
        for key in ("install_requires", "tests_require"):
            values.append(parser.get("options", key, fallback=""))
    if parser.has_section("options.extras_require"):
        values += [v for _, v in parser.items("options.extras_require")]
    return [n for v in values for line in v.splitlines() if (n := requirement_name(line))]


_INNER_BLANKS = re.compile(r"(?<=\S)[^\S\n]{2,}")


def parse_pipfile(text: str) -> list[str]:
    """``[packages]`` and ``[dev-packages]`` of a Pipfile."""
    return pipfile_dependencies(load_toml(text))


def pipfile_dependencies(data: TomlDocument | None) -> list[str]:
    """``parse_pipfile`` of an already parsed Pipfile (None: none could be parsed)."""
    if data is None:
        return []
    return [normalize(k) for key in ("packages", "dev-packages") for k in _table(data, key)]


_CONDA_SPEC = re.compile(r"^(?:[\w.-]+::)?([A-Za-z0-9][A-Za-z0-9._-]*)")


def parse_environment(text: str) -> list[str]:
    """Conda names and ``pip:`` requirements of an environment.yml."""
    data = _yaml(text)
    deps = data.get("dependencies") if isinstance(data, dict) else None
    names: list[str] = []
    for dep in deps if isinstance(deps, list) else []:
        if isinstance(dep, str):
            match = _CONDA_SPEC.match(dep.strip())
            if match:
                names.append(normalize(match.group(1)))
        elif isinstance(dep, dict):
            names += [n for s in _strings(dep.get("pip", [])) if (n := requirement_name(s))]
    return names


def parse_package_json(text: str) -> list[str]:
    """Dependency names of every kind in a package.json."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if not isinstance(data, dict):
        return []
    keys = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
    return [name.lower() for key in keys for name in _table(data, key)]


def _yaml(text: str) -> Any:
    """A linked repo's YAML, or None when it is invalid or refused (an alias bomb, too deep,
    too large: see ``boundedyaml``)."""
    try:
        return load_bounded(text)
    except BoundedYamlError:
        return None


def unreadable_reason(
    path: str, text: str, toml: Mapping[str, TomlDocument | None] | None = None
) -> str | None:
    """Why a YAML or TOML manifest gave nothing: refused (an alias bomb, a key of thousands of
    parts, too deep or too large) or invalid; None when it loads. Asked only of manifests that
    declared no dependency, so a file that reads well costs nothing more. ``toml``: the
    repo's TOML documents already parsed (``toml_documents``), so none is parsed again."""
    name = path.rsplit("/", 1)[-1].lower()
    if name in TOML_MANIFESTS:
        if _toml(path, text, toml) is not None:
            return None
        if not dotted_parts_ok(text):
            return f"{path} was not read: a dotted key of more than {MAX_KEY_PARTS} parts"
        return f"{path} is not valid TOML"
    if name.endswith((".yml", ".yaml")):
        try:
            load_bounded(text)
        except BoundedYamlError as exc:
            return f"{path} was not read: {exc}"
    return None


def manifest_dependencies(
    path: str, text: str, toml: Mapping[str, TomlDocument | None] | None = None
) -> list[Dependency]:
    """Every dependency ``path`` declares, by the file's name; unknown kinds give none.

    ``toml``: the repo's TOML documents already parsed (``toml_documents``), so none is parsed
    again."""
    name = path.rsplit("/", 1)[-1].lower()
    py: Iterable[str] = ()
    npm: Iterable[str] = ()
    images: Iterable[str] = ()
    if name == "pyproject.toml":
        py = pyproject_dependencies(_toml(path, text, toml))
    elif name == "setup.py":
        py = parse_setup_py(text)
    elif name == "setup.cfg":
        py = parse_setup_cfg(text)
    elif name == "pipfile":
        py = pipfile_dependencies(_toml(path, text, toml))
    elif name == "package.json":
        npm = parse_package_json(text)
    elif name.endswith((".yml", ".yaml")) and ("environment" in name or name.startswith("conda")):
        py = parse_environment(text)
    elif "compose" in name and name.endswith((".yml", ".yaml")):
        images = parse_compose(text)
    elif "dockerfile" in name or name == "containerfile":
        images, py = parse_dockerfile(text)
    elif name.endswith((".txt", ".in")):
        py = parse_requirements(text)
    deps = [Dependency(n, Ecosystem.PYPI, path) for n in py]
    deps += [Dependency(n, Ecosystem.NPM, path) for n in npm]
    deps += [Dependency(n, Ecosystem.IMAGE, path) for n in images]
    return deps
