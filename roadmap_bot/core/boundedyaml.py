"""YAML from people who may not mean well, loaded with bounds on bytes, nodes, depth and aliases.

PyYAML shares an aliased node instead of copying it, so a 400-byte "billion laughs" file loads
quickly into a structure that *walks* as billions of nodes: every later traversal (a check looking
for ``run:`` steps, a dependency scan) then takes minutes and gigabytes. Aliases are legitimate in
CI files (GitLab's ``<<: *defaults``), so they are not refused outright: the node graph is composed
first (linear in the text), its *expanded* size is counted once per distinct node, and a document
whose expansion exceeds ``max_nodes`` (or that nests deeper than ``max_depth``, or refers to
itself) is refused with a :class:`BoundedYamlError` before anything is constructed.
"""

from __future__ import annotations

from typing import Any

import yaml

from roadmap_bot.errors import BoundedYamlError

# libyaml's C parser when PyYAML was built with it (linear, and several times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_BYTES = 512 * 1024  # a CI file or environment.yml larger than this is not parsed
MAX_YAML_NODES = 100_000  # scalars + collections after expanding every alias
MAX_YAML_DEPTH = 64  # nesting of collections


def load_bounded(
    text: str,
    *,
    max_bytes: int = MAX_YAML_BYTES,
    max_nodes: int = MAX_YAML_NODES,
    max_depth: int = MAX_YAML_DEPTH,
) -> Any:
    """Load one YAML document (safe types only) or raise :class:`BoundedYamlError`.

    Syntax errors raise ``BoundedYamlError`` too, so a caller handles one exception.
    """
    if len(text) > max_bytes:  # characters ≥ bytes/4; a cheap first cut before encoding
        raise BoundedYamlError(f"larger than {max_bytes // 1024} KB")
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise BoundedYamlError(f"larger than {max_bytes // 1024} KB")
    check_depth(text, max_depth)
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise BoundedYamlError(f"not valid YAML ({_first_line(exc)})") from None
        if node is None:
            return None
        expanded_size(node, max_nodes=max_nodes, max_depth=max_depth)
        try:
            return loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise BoundedYamlError(f"not valid YAML ({_first_line(exc)})") from None
    finally:
        loader.dispose()


def check_depth(text: str, max_depth: int) -> None:
    """Refuse nesting deeper than ``max_depth`` before composing (see ``nests_deeper``); a
    syntax error is left for the loader to report."""
    if nests_deeper(text, max_depth):
        raise BoundedYamlError(f"nested deeper than {max_depth} levels")


def nests_deeper(text: str, max_depth: int) -> bool:
    """Whether the parser's events nest collections deeper than ``max_depth``. libyaml's parser
    keeps an explicit stack, but PyYAML's C composer recurses on the C stack: a document of
    100,000 ``[`` crashed the interpreter (segmentation fault). A syntax error: False."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    return True
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        return past_libyaml_depth(exc)
    return False


def past_libyaml_depth(exc: yaml.YAMLError) -> bool:
    """Whether ``exc`` is libyaml's own nesting limit (1,000 flow levels, since PyYAML 6.0.4's
    wheels): its scanner looks ahead for a simple key and stops there before the parser has
    handed over the events that pass ``max_depth``."""
    return "maximum nesting depth" in str(exc)


def expanded_size(root: yaml.Node, *, max_nodes: int, max_depth: int) -> int:
    """Count the nodes ``root`` stands for with every alias expanded; raise past the bounds.

    Iterative and memoised per distinct node, so the work is linear in the composed graph (which
    is linear in the text) however large the expansion would be.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    # (node, depth, children pushed?)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, expanded = stack.pop()
        key = id(node)
        if expanded:
            on_path.discard(key)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > max_nodes:
                raise BoundedYamlError(
                    f"expands to more than {max_nodes:,} values (YAML aliases used as a bomb?)"
                )
            size[key] = total
            continue
        if key in size:
            continue
        if key in on_path:
            raise BoundedYamlError("an alias refers to the value that contains it")
        if depth > max_depth:
            raise BoundedYamlError(f"nested deeper than {max_depth} levels")
        children = _children(node)
        if not children:
            size[key] = 1
            continue
        on_path.add(key)
        stack.append((node, depth, True))
        for child in children:
            if id(child) in on_path:
                raise BoundedYamlError("an alias refers to the value that contains it")
            if id(child) not in size:
                stack.append((child, depth + 1, False))
    return size[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
