"""The fixture READMEs' manifest tells the truth: its box, tick and nesting figures match the files.

The manifest's figures came from a line-based script (tests/fixtures/readmes/count_boxes.py);
this test counts again with an independent counter walking markdown-it-py's token stream, so a
figure that only one way of reading markdown produces fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
READMES = FIXTURES / "readmes"
MANIFEST = READMES / "manifest.yaml"

_LEADING_BOX = re.compile(r"^\[([ xX])\](?:\s+(.*))?$", re.DOTALL)
_BARE_BOX = re.compile(r"^\[([ xX])\]\s+(\S.*)$")
_CELL_BOXES = {"[ ]": False, "[x]": True, "[X]": True}


@dataclass
class _Tally:
    boxes: int = 0
    ticked: int = 0
    nested: int = 0

    def add(self, mark: str, depth: int) -> None:
        self.boxes += 1
        self.ticked += mark != " "
        self.nested = max(self.nested, depth)


@dataclass
class _Item:
    awaiting_text: bool = True
    is_task: bool = False
    extra: list[str] = field(default_factory=list)


def _legend(rest: str | None) -> bool:
    return rest is not None and rest.lstrip().startswith("=")


def count_with_tokens(text: str) -> _Tally:
    """Boxes, ticks and task nesting as markdown-it-py's GFM-like parse sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tally = _Tally()
    items: list[_Item] = []
    in_cell = False
    for token in tokens:
        if token.type == "list_item_open":
            if items:
                items[-1].awaiting_text = False
            items.append(_Item())
        elif token.type == "list_item_close":
            items.pop()
        elif token.type in ("td_open", "th_open"):
            in_cell = True
        elif token.type in ("td_close", "th_close"):
            in_cell = False
        elif token.type == "inline":
            depth = sum(1 for item in items if item.is_task)
            if in_cell:
                mark = _CELL_BOXES.get(token.content.strip())
                if mark is not None:
                    tally.add("x" if mark else " ", max(depth, 1))
                continue
            lines = token.content.split("\n")
            if items and items[-1].awaiting_text:
                items[-1].awaiting_text = False
                first = _LEADING_BOX.match(lines[0])
                if first and not _legend(first.group(2)):
                    items[-1].is_task = True
                    depth += 1
                    tally.add(first.group(1), depth)
                lines = lines[1:]
            for line in lines:
                bare = _BARE_BOX.match(line)
                if bare and not _legend(bare.group(2)):
                    tally.add(bare.group(1), max(depth, 1))
    return tally


def _manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _entries() -> list[tuple[str, dict[str, Any]]]:
    fixtures = _manifest()["fixtures"]
    assert isinstance(fixtures, dict)
    return sorted(fixtures.items())


def _path(name: str) -> Path:
    return FIXTURES / name if name == "seed_roadmap.md" else READMES / name


def test_manifest_lists_every_fixture_readme_and_the_seed() -> None:
    listed = {name for name, _ in _entries()}
    on_disk = {path.name for path in READMES.glob("*.md")}
    assert listed == on_disk | {"seed_roadmap.md"}


def test_manifest_models_at_least_fourteen_real_readmes() -> None:
    sources = {entry["source"] for name, entry in _entries() if name != "seed_roadmap.md"}
    assert len(sources) >= 14
    assert all(source.startswith("https://github.com/") for source in sources)


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[name for name, _ in _entries()])
def test_manifest_figures_match_a_token_stream_count(name: str, entry: dict[str, Any]) -> None:
    text = _path(name).read_text(encoding="utf-8")
    tally = count_with_tokens(text)
    assert (tally.boxes, tally.ticked, tally.nested) == (
        entry["boxes"],
        entry["ticked"],
        entry["nested"],
    )
    assert entry["shape"].strip()
    assert 50 <= len(text.splitlines()) <= 400


@pytest.mark.parametrize(
    ("markdown", "boxes", "ticked", "nested"),
    [
        ("- [ ] a\n- [x] b\n", 2, 1, 1),
        ("[ ] bare\n[X] bare too\n", 2, 1, 1),
        ("[ ] = todo\n- [x] = done\n", 0, 0, 0),
        ("```\n- [ ] in code\n```\n", 0, 0, 0),
        ("Mark with `[ ]` in text.\n", 0, 0, 0),
        ("| a | b |\n| - | - |\n| [x] | [ ] |\n", 2, 1, 1),
        ("- [~] partial\n  - [x] child\n", 1, 1, 1),
        ("- [ ] a\n  - note\n    - [ ] b\n      - [x] c\n", 3, 1, 3),
    ],
)
def test_token_counter_reads_each_box_shape(
    markdown: str, boxes: int, ticked: int, nested: int
) -> None:
    tally = count_with_tokens(markdown)
    assert (tally.boxes, tally.ticked, tally.nested) == (boxes, ticked, nested)
