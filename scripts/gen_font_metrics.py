"""Write roadmap_bot/data/dejavu-sans-widths.json: DejaVu Sans advance widths from the real font.

Run once (and again only when the font version changes):

    apt-get install fonts-dejavu-core && pip install fonttools
    python scripts/gen_font_metrics.py [--font-dir /usr/share/fonts/truetype/dejavu]

The table maps every Basic Multilingual Plane code point the font covers to its advance width in
font units (``unitsPerEm`` per em), for the regular and the bold face. Consecutive code points are
stored as runs ``[first_code_point, [width, ...]]`` to keep the file small. Kerning is not stored:
the SVGs switch it off (``font-kerning: none``) so the renderer and the table agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "roadmap_bot" / "data" / "dejavu-sans-widths.json"
FACES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def advance_runs(font: TTFont) -> list[tuple[int, list[int]]]:
    """Return the font's BMP advance widths as runs of consecutive code points."""
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {cp: hmtx[name][0] for cp, name in cmap.items() if 0x20 <= cp <= 0xFFFD}
    runs: list[tuple[int, list[int]]] = []
    for cp in sorted(widths):
        if runs and runs[-1][0] + len(runs[-1][1]) == cp:
            runs[-1][1].append(widths[cp])
        else:
            runs.append((cp, [widths[cp]]))
    return runs


def font_version(font: TTFont) -> str:
    return str(font["name"].getDebugName(5) or "unknown")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font-dir", type=Path, default=Path("/usr/share/fonts/truetype/dejavu"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table: dict[str, object] = {"family": "DejaVu Sans"}
    for face, filename in FACES.items():
        path = args.font_dir / filename
        if not path.is_file():
            print(
                f"{path} not found: install fonts-dejavu-core or pass --font-dir", file=sys.stderr
            )
            return 2
        font = TTFont(path)
        table["unitsPerEm"] = font["head"].unitsPerEm
        table[f"{face}Version"] = font_version(font)
        table[face] = advance_runs(font)
    text = json.dumps(table, separators=(",", ":"))
    args.out.write_text(text.replace("],[", "],\n[") + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
