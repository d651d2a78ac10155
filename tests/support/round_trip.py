"""Import → render → import of one README, as issue 15 measures it: the first import, its
roadmap, the rendered block (ticks and skips as the README had them), the second import, and how
many of the README's blocks the render keeps in order (tests/support/render_shape.py)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from roadmap_bot.core.importer.markdown import ImportResult, import_markdown
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.model import Roadmap, Skip, State, Tick, TickSource
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.schema import load_roadmap
from tests.support.render_shape import block_shape

AT = "2026-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class RoundTrip:
    first: ImportResult
    roadmap: Roadmap
    state: State
    block: str
    again: ImportResult

    @property
    def fixed(self) -> bool:
        """The second import writes the same roadmap.yaml, byte for byte."""
        return dump_roadmap(self.again.data) == dump_roadmap(self.first.data)

    def blocks_kept(self, source: str) -> tuple[int, int]:
        """(blocks of ``source`` found in order in the render, blocks of ``source``)."""
        want, got = block_shape(source), block_shape(self.block)
        matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
        return sum(size for _, _, size in matcher.get_matching_blocks()), len(want)


def round_trip(text: str, *, default_title: str = "README") -> RoundTrip:
    first = import_markdown(text, default_title=default_title)
    roadmap = load_roadmap(dump_roadmap(first.data))
    state = State(
        ticks={i: Tick(TickSource.MANUAL, AT, "me", "x") for i in first.ticked},
        skips={i: Skip(AT, "me") for i in first.skipped},
    )
    block = render_block(roadmap, state)
    again = import_markdown(block, default_title=default_title)
    return RoundTrip(first, roadmap, state, block, again)
