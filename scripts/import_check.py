"""Check the import of any README as issue 15 asks, without committing its text:

    python scripts/import_check.py README.md [MORE.md ...]

For each file: task boxes (a markdown-it-py count of its own), items and ticks imported, lines
not kept, whether import → render → import gives the same roadmap.yaml, how many of its blocks
the render keeps in order, and what ``import --in-place`` then ``render`` do in a scratch copy
(the text outside the block byte-identical, a second render changing nothing).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from markdown_it import MarkdownIt  # noqa: E402

from roadmap_bot.core.markers import find_block  # noqa: E402
from tests.support.round_trip import round_trip  # noqa: E402


def boxes(text: str) -> int:
    """Lines of inline text that start with a box: list items' and bare ones."""
    found = 0
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "inline":
            for line in token.content.split("\n"):
                bare = line.strip()
                if bare[:3] in ("[ ]", "[x]", "[X]") and (len(bare) == 3 or bare[3] == " "):
                    found += 1
    return found


def in_place(path: Path, text: str) -> str:
    folder = Path(tempfile.mkdtemp())
    readme = folder / "README.md"
    shutil.copyfile(path, readme)
    command = [sys.executable, "-m", "roadmap_bot", "import", str(readme), "--in-place"]
    done = subprocess.run(
        [*command, "-o", str(folder / "roadmap.yaml"), "--no-repair"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return f"refused (exit {done.returncode})"
    migrated = readme.read_text(encoding="utf-8")
    block = find_block(migrated)
    kept = (
        block is not None
        and text.startswith(migrated[: block.start])
        and text.endswith(migrated[block.end :])
    )
    subprocess.run(
        [sys.executable, "-m", "roadmap_bot", "render", "-c", str(folder)],
        capture_output=True,
        check=False,
    )
    stable = readme.read_text(encoding="utf-8") == migrated
    return f"outside {'byte-identical' if kept else 'CHANGED'}, render {'stable' if stable else 'CHANGES IT'}"


def main() -> None:
    for name in sys.argv[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        trip = round_trip(text)
        same, total = trip.blocks_kept(text)
        print(
            f"{path.name}: boxes {boxes(text)}, items {sum(1 for _ in trip.roadmap.items())}, "
            f"ticks {len(trip.first.ticked)}, not kept {len(trip.first.unplaced)}, "
            f"fixed point {'yes' if trip.fixed else 'NO'}, blocks in order {same}/{total}, "
            f"--in-place: {in_place(path, text)}"
        )


if __name__ == "__main__":
    main()
