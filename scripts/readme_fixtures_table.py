"""The per-fixture table of issue 15's closing note: for each real-README fixture (and the seed),
its boxes, the items and ticks imported, lines kept as prose or notes, lines not kept, whether
import → render → import gives the same roadmap.yaml, and how many of its markdown blocks the
render keeps in order (the bot's additions aside). Run from the repository root:

    python scripts/readme_fixtures_table.py
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from roadmap_bot.core.importer.markdown import import_markdown  # noqa: E402
from roadmap_bot.core.importer.mojibake import repair  # noqa: E402
from roadmap_bot.core.importer.yamldump import dump_roadmap  # noqa: E402
from roadmap_bot.core.model import Skip, State, Tick, TickSource  # noqa: E402
from roadmap_bot.core.render.readme import render_block  # noqa: E402
from roadmap_bot.core.schema import load_roadmap  # noqa: E402
from tests.support.render_shape import block_shape  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "readmes"
AT = "2026-01-01T00:00:00Z"


def row(name: str, text: str, source: str, boxes: object) -> str:
    result = import_markdown(text, default_title="README")
    roadmap = load_roadmap(dump_roadmap(result.data))
    state = State(
        ticks={i: Tick(TickSource.MANUAL, AT, "me", "x") for i in result.ticked},
        skips={i: Skip(AT, "me") for i in result.skipped},
    )
    block = render_block(roadmap, state)
    again = import_markdown(block, default_title="README")
    fixed = dump_roadmap(again.data) == dump_roadmap(result.data)
    want, got = block_shape(text), block_shape(block)
    matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    same = sum(size for _, _, size in matcher.get_matching_blocks())
    kept = len({line for k in result.kept for line in k.lines})
    items = sum(1 for _ in roadmap.items())
    short = source.replace("https://github.com/", "").split("/blob/")[0]
    share = f"{same}/{len(want)} ({100 * same / max(len(want), 1):.0f}%)"
    return (
        f"| {name} | {short} | {boxes} | {items} | {len(result.ticked)} | {kept} | "
        f"{len(result.unplaced)} | {'yes' if fixed else 'NO'} | {share} |"
    )


def main() -> None:
    manifest = yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))
    print(
        "| fixture | modelled on | boxes | items | ticks | lines kept as prose/notes | "
        "unplaced | fixed point | blocks kept in order |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, figures in sorted(manifest["fixtures"].items()):
        path = FIXTURES / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            print(row(name, text, figures["source"], figures["boxes"]))
    seed = (FIXTURES.parent / "seed_roadmap.md").read_text(encoding="utf-8")
    print(row("seed (repaired)", repair(seed).text, "the project's seed roadmap", 75))


if __name__ == "__main__":
    main()
