"""Parse YAML text into plain data plus the line and column of every key and value."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from roadmap_bot.errors import ConfigError, Problem

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Located:
    """Parsed YAML data with 1-based positions of values (and of mapping keys) by key path."""

    data: Any
    filename: str
    values: Mapping[Path, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of ``path`` (its key when ``key``), else of its nearest located ancestor."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Path, message: str, *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.filename, line, column, message)


# libyaml's C parser when PyYAML was built with it (it keeps line and column marks too).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` through libyaml when available (the same results, several times faster)."""
    return yaml.load(text, Loader=_Loader)


@lru_cache(maxsize=8)  # a run validates then builds from the same text: parse it once
def load_located(text: str, filename: str) -> Located:
    """Parse one YAML document; syntax errors and duplicate keys raise a located ConfigError."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise ConfigError([Problem(filename, line, column, f"YAML syntax error: {what}")]) from exc
    except yaml.YAMLError as exc:
        raise ConfigError([Problem(filename, 1, 1, f"YAML error: {exc}")]) from exc
    values: dict[Path, tuple[int, int]] = {}
    keys: dict[Path, tuple[int, int]] = {}
    problems: list[Problem] = []
    if node is None:
        return Located(None, filename, {(): (1, 1)}, {})
    data = _build(node, (), values, keys, problems, filename)
    if problems:
        raise ConfigError(problems)
    return Located(data, filename, values, keys)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(
    node: yaml.Node,
    path: Path,
    values: dict[Path, tuple[int, int]],
    keys: dict[Path, tuple[int, int]],
    problems: list[Problem],
    filename: str,
) -> Any:
    values[path] = _pos(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(filename, *_pos(key_node), "YAML merge keys (<<) are not supported")
                )
                continue
            key = _scalar(key_node)
            if not isinstance(key, str | int | bool | float) or isinstance(key, bool):
                key = str(key)
            if key in result:
                problems.append(Problem(filename, *_pos(key_node), f"duplicate key '{key}'"))
                continue
            child = (*path, key)
            keys[child] = _pos(key_node)
            result[key] = _build(value_node, child, values, keys, problems, filename)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(child, (*path, i), values, keys, problems, filename)
            for i, child in enumerate(node.value)
        ]
    return _scalar(node)


_local = threading.local()  # one constructor per thread (syncs may run side by side in tests)


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return f"<{type(node).__name__}>"
    constructor = getattr(_local, "constructor", None)
    if constructor is None:
        constructor = _local.constructor = yaml.constructor.SafeConstructor()
    try:
        value = constructor.construct_object(node, deep=True)
    finally:
        constructor.constructed_objects.clear()  # a scalar refers to nothing: keep nothing
    # Dates stay strings: roadmap.yaml is validated as JSON data.
    if not isinstance(value, str | int | float | bool | type(None)):
        return node.value
    return value
