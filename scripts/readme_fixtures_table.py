"""The per-fixture table of issue 15's closing note: for each real-README fixture (and the seed),
its boxes, the items and ticks imported, lines kept as prose or notes, lines not kept, whether
import → render → import gives the same roadmap.yaml, and how many of its markdown blocks the
render keeps in order (the bot's additions aside). Run from the repository root:

    python scripts/readme_fixtures_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from roadmap_bot.core.importer.mojibake import repair  # noqa: E402
from tests.support.round_trip import round_trip  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "readmes"


def row(name: str, text: str, source: str, boxes: object) -> str:
    trip = round_trip(text)
    same, total = trip.blocks_kept(text)
    kept = len({line for k in trip.first.kept for line in k.lines})
    items = sum(1 for _ in trip.roadmap.items())
    short = source.replace("https://github.com/", "").split("/blob/")[0]
    share = f"{same}/{total} ({100 * same / max(total, 1):.0f}%)"
    return (
        f"| {name} | {short} | {boxes} | {items} | {len(trip.first.ticked)} | {kept} | "
        f"{len(trip.first.unplaced)} | {'yes' if trip.fixed else 'NO'} | {share} |"
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
