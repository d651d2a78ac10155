"""Badges and the card as a browser draws them: headless Chromium screenshots and pixel samples."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.badges import BadgeColor
from roadmap_bot.core.render.card import (
    BAR_WIDTH,
    BAR_X,
    CARD_DARK,
    CARD_LIGHT,
    HEADER,
    ROW,
    CardTheme,
)
from roadmap_bot.core.render.textwidth import Weight, text_width
from tests.support.badges import sample_files, sample_roadmap, sample_state

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

# Strings whose natural width (no textLength) the browser measures against our font table.
WIDTH_SAMPLES = [
    ("roadmap", 11, Weight.REGULAR),
    ("57% · 4/7", 11, Weight.REGULAR),
    ("AVATAR Wave Type WAW", 11, Weight.REGULAR),  # kerning pairs: the SVGs turn kerning off
    ("Classical ML & tabular data", 12, Weight.BOLD),
    ("Größe, Ärger, ça, œuvre ✓ …", 12, Weight.REGULAR),
    ("ML Engineer Roadmap", 18, Weight.BOLD),
]


def chromium(*args: str, timeout: float = 60) -> str:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def data_url(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@needs_chromium
def test_screenshot_of_badges_and_both_cards(tmp_path: Path) -> None:
    files = sample_files()
    badges = " ".join(
        f'<img src="{data_url(files[n])}">'
        for n in ("progress.svg", "current.svg", "phase0.svg", "repos/alice__titanic.svg")
    )
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body style="margin:0">'
        f'<div style="background:#fff;padding:16px">{badges}<br><br>'
        f'<img src="{data_url(files["card.svg"])}"></div>'
        f'<div style="background:#0d1117;padding:16px"><img src="{data_url(files["card-dark.svg"])}">'
        "</div></body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "badges.png"
    chromium(f"--screenshot={shot}", "--window-size=560,560", page.as_uri())
    assert png_size(shot) == (560, 560)
    assert shot.stat().st_size > 10_000  # a blank page compresses to a few hundred bytes
    if keep := os.environ.get("BADGES_PNG_DIR"):  # to look at the rendering yourself
        shutil.copy(shot, Path(keep) / shot.name)


def sample_script(samples: dict[str, list[tuple[int, int]]]) -> str:
    """JS that draws each <img id=NAME> on a canvas and reads the pixels at the given points."""
    return f"""
    const samples = {json.dumps(samples)};
    const widths = {json.dumps([[t, s, w.value] for t, s, w in WIDTH_SAMPLES])};
    window.onload = () => {{
      const out = {{pixels: {{}}, widths: []}};
      for (const [id, points] of Object.entries(samples)) {{
        const img = document.getElementById(id);
        const canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0);
        out.pixels[id] = points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data));
      }}
      const svg = document.getElementById("measure");
      for (const [text, size, weight] of widths) {{
        const el = document.createElementNS("http://www.w3.org/2000/svg", "text");
        el.setAttribute("font-family", "DejaVu Sans,Verdana,Geneva,sans-serif");
        el.setAttribute("font-size", size); el.setAttribute("font-weight", weight);
        el.setAttribute("y", 20); el.textContent = text; svg.appendChild(el);
        out.widths.push(el.getComputedTextLength());
      }}
      document.getElementById("out").textContent = JSON.stringify(out);
    }};
    """


def measure(
    tmp_path: Path, samples: dict[str, list[tuple[int, int]]], files: dict[str, bytes] | None = None
) -> dict[str, Any]:
    """Load the SVGs as images in Chromium, sample pixels and measure WIDTH_SAMPLES' widths."""
    files = files or {}
    images = "".join(
        f'<img id="{id_}" src="{data_url(files[name])}">'
        for id_, name in (
            ("card", "card.svg"),
            ("dark", "card-dark.svg"),
            ("badge", "progress.svg"),
        )
        if id_ in samples
    )
    page = tmp_path / "measure.html"
    page.write_text(
        f"<html><body>{images}"
        '<svg id="measure" xmlns="http://www.w3.org/2000/svg" width="600" height="40">'
        "<style>text{font-kerning:none}</style></svg>"
        f'<pre id="out"></pre><script>{sample_script(samples)}</script></body></html>',
        encoding="utf-8",
    )
    dom = chromium("--dump-dom", "--virtual-time-budget=5000", page.as_uri())
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert found and found.group(1), dom[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


def card_points() -> tuple[list[tuple[int, int]], list[str]]:
    """Points inside each phase bar's fill and empty track, from the progress (not the SVG)."""
    progress = roadmap_progress(sample_roadmap(), sample_state())
    points: list[tuple[int, int]] = [(4, 4)]
    kinds = ["background"]
    for index, phase in enumerate(progress.phases):
        y = int(HEADER + ROW * index + ROW / 2)
        fill = BAR_WIDTH * phase.done / phase.total if phase.total else 0.0
        if fill >= 6:
            points.append((int(BAR_X + fill / 2), y))
            kinds.append(bar_kind(fill, phase.id == progress.current_phase_id))
        if fill <= BAR_WIDTH - 6:
            points.append((int(BAR_X + (fill + BAR_WIDTH) / 2), y))
            kinds.append("track")
    return points, kinds


def bar_kind(fill: float, current: bool) -> str:
    """The theme colour a bar's fill should have: done, current or upcoming."""
    if fill >= BAR_WIDTH - 1:
        return "done"
    return "current" if current else "upcoming"


def hex_rgb(color: str) -> list[int]:
    digits = color.lstrip("#")
    digits = "".join(d * 2 for d in digits) if len(digits) == 3 else digits
    return [int(digits[i : i + 2], 16) for i in (0, 2, 4)]


@needs_chromium
def test_bars_and_badge_colours_as_chromium_draws_them(tmp_path: Path) -> None:
    files = sample_files()
    points, kinds = card_points()
    badge = ET.fromstring(files["progress.svg"])
    badge_point = (int(badge.get("width", "0")) - 3, 10)
    samples = {"card": points, "dark": points, "badge": [badge_point]}
    result = measure(tmp_path, samples, files)

    def check(name: str, theme: CardTheme) -> None:
        for (x, y), kind, pixel in zip(points, kinds, result["pixels"][name], strict=True):
            expected = hex_rgb(getattr(theme, kind))
            assert max(abs(a - b) for a, b in zip(pixel[:3], expected, strict=True)) <= 3, (
                name,
                kind,
                (x, y),
                pixel,
            )

    check("card", CARD_LIGHT)
    check("dark", CARD_DARK)
    # The badge's right half: the progress colour under shields' 10% gradient overlay.
    pixel = result["pixels"]["badge"][0][:3]
    expected = hex_rgb(BadgeColor.YELLOWGREEN.hex)
    assert max(abs(a - b) for a, b in zip(pixel, expected, strict=True)) <= 16, pixel


def dejavu_installed() -> bool:
    """Tell whether fontconfig resolves "DejaVu Sans" to the real font (the table's source)."""
    if shutil.which("fc-match") is None:
        return False
    found = subprocess.run(["fc-match", "DejaVu Sans"], capture_output=True, text=True, check=False)
    return found.stdout.startswith("DejaVuSans")


@needs_chromium
@pytest.mark.skipif(
    not dejavu_installed(), reason="DejaVu Sans is not installed (fonts-dejavu-core)"
)
def test_chromium_sets_text_exactly_as_wide_as_the_font_table_says(tmp_path: Path) -> None:
    result = measure(tmp_path, {})
    for (text, size, weight), measured in zip(WIDTH_SAMPLES, result["widths"], strict=True):
        assert text_width(text, size, weight=weight) == pytest.approx(measured, rel=0.005), text
