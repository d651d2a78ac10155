"""Write roadmap data as readable YAML: fixed key order, block text for multi-line strings."""

from __future__ import annotations

import re
from typing import Any

import yaml

KEY_ORDER = (
    "version",
    "id",
    "title",
    "url",
    "duration",
    "goal",
    "emoji",
    "kind",
    "time",
    "paid",
    "intro",
    "prose",
    "settings",
    "notes",
    "repos",
    "resources",
    "rule",
    "done",
    "sections",
    "items",
    "phases",
    "outro",
)
SCHEMA_COMMENT = "# yaml-language-server: $schema={schema}\n"


class _Dumper(yaml.SafeDumper):
    """A SafeDumper that indents lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# C0/C1 control characters but tab and newline: roadmap.yaml refuses them (they would reach the
# README and issues as terminal escapes or invisible bytes), so text imported from a README that
# holds one (a stray ESC sequence pasted from a terminal) is written without it.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    value = _CONTROLS.sub("", value)
    style = "|" if "\n" in value else None
    if style:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        rank = {key: i for i, key in enumerate(KEY_ORDER)}
        keys = sorted(value, key=lambda k: (rank.get(k, len(KEY_ORDER)), str(k)))
        return {k: _ordered(value[k]) for k in keys}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def dump_roadmap(data: dict[str, Any], *, schema: str | None = None) -> str:
    """Serialise roadmap data; ``schema`` adds the editor's ``$schema`` comment line."""
    body = yaml.dump(
        _ordered(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return (SCHEMA_COMMENT.format(schema=schema) if schema else "") + body
