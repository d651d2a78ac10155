"""Parse YAML text into plain data plus the line and column of every key and value."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from roadmap_bot.core.boundedyaml import expanded_size, nests_deeper, past_libyaml_depth
from roadmap_bot.errors import BoundedYamlError, ConfigError, Problem

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


# roadmap.yaml needs no alias expanding to much: the shipped 75-item roadmap is ~800 values and
# a 1,000-item one ~15,000. A 381-byte "billion laughs" file expands to billions.
MAX_VALUES = 200_000  # scalars + collections with every alias expanded
MAX_DEPTH = 64  # nesting of lists and mappings (a rule's any/all nest a few levels)


@lru_cache(maxsize=8)  # a run validates then builds from the same text: parse it once
def load_located(text: str, filename: str) -> Located:
    """Parse one YAML document; syntax errors and duplicate keys raise a located ConfigError.

    Aliases are allowed while the document they expand to stays under ``MAX_VALUES`` values and
    ``MAX_DEPTH`` levels; an alias bomb or an alias inside the value it names is a located
    error, found before anything is built."""
    if len(text) >= _CAN_NEST_DEEPLY and nests_deeper(text, MAX_DEPTH):
        # before composing: PyYAML's C composer recurses on the C stack, and 100,000 nested
        # '[' crash the interpreter (no RecursionError to catch)
        raise ConfigError([_expansion_problem(text, filename)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if mark and _tab_in_indent(text, mark.line):  # PyYAML's words mean nothing to a learner
            what = "a tab in the indentation; indent with spaces, not tabs"
        raise ConfigError([Problem(filename, line, column, f"YAML syntax error: {what}")]) from exc
    except yaml.YAMLError as exc:
        raise ConfigError([Problem(filename, 1, 1, f"YAML error: {exc}")]) from exc
    values: dict[Path, tuple[int, int]] = {}
    keys: dict[Path, tuple[int, int]] = {}
    problems: list[Problem] = []
    if node is None:
        return Located(None, filename, {(): (1, 1)}, {})
    try:
        expanded_size(node, max_nodes=MAX_VALUES, max_depth=MAX_DEPTH)
    except BoundedYamlError:
        raise ConfigError([_expansion_problem(text, filename)]) from None
    data = _build(node, (), values, keys, problems, filename)
    if problems:
        raise ConfigError(problems)
    return Located(data, filename, values, keys)


_CAN_NEST_DEEPLY = 4 * MAX_DEPTH  # a shorter text cannot nest deep enough to matter here


def _tab_in_indent(text: str, line: int) -> bool:
    """Whether line ``line`` (0-based) starts with blanks that include a tab."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    row = text[start : end if end >= 0 else len(text)]
    return "\t" in row[: len(row) - len(row.lstrip(" \t"))]


def _expansion_problem(text: str, filename: str) -> Problem:
    """Where the document passes MAX_DEPTH or MAX_VALUES, or where an alias names a value that
    contains it: one pass over the parser's events (iterative, linear in the text). The text
    parsed before (it composed, or parsed past MAX_DEPTH), so the events here do too; libyaml's
    own nesting limit may stop the parse first, and then the text says where MAX_DEPTH passed."""
    frames: list[list[Any]] = []  # open collections: [anchor, expanded size so far]
    ended = [0]  # the offset where the last event ended
    try:
        return _walk_expansion(text, filename, frames, ended)
    except yaml.YAMLError as exc:
        if not past_libyaml_depth(exc):
            raise
    message = f"nested deeper than {MAX_DEPTH} levels"
    return _flow_opener(text, filename, ended[0], MAX_DEPTH + 1 - len(frames), message)


def _flow_opener(text: str, filename: str, start: int, count: int, message: str) -> Problem:
    """``message`` at the ``count``-th ``[`` or ``{`` from ``start`` outside quoted text."""
    quote, escaped = "", False
    for at in range(start, len(text)):
        char = text[at]
        if escaped:
            escaped = False
        elif quote:
            quote = "" if char == quote else quote
            escaped = char == "\\" and quote == '"'
        elif char in "\"'":
            quote = char
        elif char in "[{":
            count -= 1
            if count <= 0:
                line = text.count("\n", 0, at)
                return Problem(filename, line + 1, at - text.rfind("\n", 0, at), message)
    return Problem(filename, 1, 1, message)


def _walk_expansion(text: str, filename: str, frames: list[list[Any]], ended: list[int]) -> Problem:
    anchors: dict[str, int] = {}  # anchor → expanded size of its value
    collections = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    for event in yaml.parse(text, Loader=_Loader):
        ended[0] = event.end_mark.index if event.end_mark else ended[0]
        mark = event.start_mark
        size = 0
        if isinstance(event, collections):
            if len(frames) >= MAX_DEPTH:
                return _at(filename, mark, f"nested deeper than {MAX_DEPTH} levels")
            frames.append([event.anchor, 1])
        elif isinstance(event, ends) and frames:
            anchor, size = frames.pop()
            if anchor is not None:
                anchors[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(frame[0] == event.anchor for frame in frames):
                message = (
                    f"the alias *{event.anchor} is inside the value &{event.anchor} names, "
                    "so it never ends; write the value out"
                )
                return _at(filename, mark, message)
            size = anchors.get(str(event.anchor), 1)
        if size and frames:
            frames[-1][1] += size
            if sum(frame[1] for frame in frames) > MAX_VALUES:
                message = (
                    f"YAML aliases expand the file past {MAX_VALUES:,} values here (an alias "
                    "bomb?); write the values out or use fewer aliases"
                )
                return _at(filename, mark, message)
    # an alias that nests a value deeper than the text does
    message = f"nested deeper than {MAX_DEPTH} levels, or YAML aliases that expand too far"
    return Problem(filename, 1, 1, message)


def _at(filename: str, mark: Any, message: str) -> Problem:
    return Problem(filename, mark.line + 1, mark.column + 1, message)


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
    values[path] = _pos(node)  # expanded_size bounded the depth, aliases included
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(filename, *_pos(key_node), "YAML merge keys (<<) are not supported")
                )
                continue
            key = _scalar(key_node, problems, filename)
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
    return _scalar(node, problems, filename)


_local = threading.local()  # one constructor per thread (syncs may run side by side in tests)


def _scalar(node: yaml.Node, problems: list[Problem], filename: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return f"<{type(node).__name__}>"
    constructor = getattr(_local, "constructor", None)
    if constructor is None:
        constructor = _local.constructor = yaml.constructor.SafeConstructor()
    try:
        value = constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, AttributeError) as exc:
        # a 5,000-digit number (Python's int-string limit), a bad !!binary or !!float, a
        # !!timestamp that is no date (PyYAML fails on it with an AttributeError) …
        problems.append(Problem(filename, *_pos(node), _scalar_message(node, exc)))
        return node.value
    finally:
        constructor.constructed_objects.clear()  # a scalar refers to nothing: keep nothing
    # Dates stay strings: roadmap.yaml is validated as JSON data.
    if not isinstance(value, str | int | float | bool | type(None)):
        return node.value
    return value


def _scalar_message(node: yaml.ScalarNode, exc: BaseException) -> str:
    if node.tag == "tag:yaml.org,2002:int":
        digits = sum(c.isdigit() for c in node.value)
        return f"a number of {digits:,} digits is too long to read; quote it to make it text"
    if node.tag == "tag:yaml.org,2002:timestamp":
        return "cannot read this value (a !!timestamp is a date such as 2024-05-01)"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0][:200]
    return f"cannot read this value ({problem})"
