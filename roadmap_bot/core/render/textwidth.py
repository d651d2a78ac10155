"""Measure and fit one line of SVG text with DejaVu Sans advance widths taken from the real font."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from importlib import resources

# Measured with DejaVu Sans (the table in data/, made by scripts/gen_font_metrics.py); Verdana has
# close metrics, and text whose width matters carries textLength so other fonts fit the same box.
FONT_FAMILY = "DejaVu Sans,Verdana,Geneva,sans-serif"
ELLIPSIS = "…"

_TABLE = "data/dejavu-sans-widths.json"
_WIDE_EM = 1.0  # East Asian wide/fullwidth characters missing from the font: one em
_EMOJI_EM = 1.3  # colour emoji fonts advance ~1.25-1.3 em (Noto Color Emoji: 2550/2000)
_ZERO_WIDTH = {"Mn", "Me", "Cf"}  # combining marks, variation selectors, format characters
_ZWJ = "\u200d"


class Weight(StrEnum):
    """The font faces the table covers."""

    REGULAR = "regular"
    BOLD = "bold"


@cache
def _widths() -> tuple[int, Mapping[Weight, Mapping[int, int]]]:
    """Load the width table shipped in the package (package data, read once)."""
    table = json.loads(resources.files("roadmap_bot").joinpath(_TABLE).read_text("utf-8"))
    faces: dict[Weight, dict[int, int]] = {}
    for weight in Weight:
        widths: dict[int, int] = {}
        for first, run in table[weight.value]:
            widths.update(zip(range(first, first + len(run)), run, strict=True))
        faces[weight] = widths
    return int(table["unitsPerEm"]), faces


def char_em(char: str, weight: Weight = Weight.REGULAR) -> float:
    """Return the advance of one character in em, estimating characters the font lacks."""
    units, faces = _widths()
    width = faces[weight].get(ord(char))
    if width is not None:
        return width / units
    if unicodedata.category(char) in _ZERO_WIDTH:
        return 0.0
    if ord(char) >= 0x1F000:
        return _EMOJI_EM
    if unicodedata.east_asian_width(char) in {"W", "F"}:
        return _WIDE_EM
    return faces[weight][ord("M")] / units  # unknown narrow glyph: as wide as "M", never clipped


def is_measured(text: str, weight: Weight = Weight.REGULAR) -> bool:
    """Tell whether every character's width comes from the font table rather than an estimate."""
    table = _widths()[1][weight]
    return all(ord(c) in table or unicodedata.category(c) in _ZERO_WIDTH for c in text)


def _advances(text: str, weight: Weight) -> list[float]:
    """Return each character's advance in em; emoji joined into one glyph count once."""
    advances: list[float] = []
    previous = ""
    pending_flag = False  # regional indicators pair up into one flag
    for char in text:
        regional = 0x1F1E6 <= ord(char) <= 0x1F1FF
        joined = (previous == _ZWJ and ord(char) >= 0x1F000) or 0x1F3FB <= ord(char) <= 0x1F3FF
        joined = joined or (regional and pending_flag)
        pending_flag = regional and not pending_flag
        advances.append(0.0 if joined else char_em(char, weight))
        previous = char
    return advances


def text_width(text: str, size: float, *, weight: Weight = Weight.REGULAR) -> float:
    """Return the width in px of ``text`` set at ``size`` px, without kerning."""
    return size * sum(_advances(text, weight))


def one_line(text: str) -> str:
    """Return ``text`` as one line that XML accepts: controls become spaces, runs of spaces one."""
    cleaned = "".join(
        " " if unicodedata.category(c) in {"Cc", "Zl", "Zp", "Cs"} or c in "\ufffe\uffff" else c
        for c in text
    )
    return " ".join(cleaned.split())


def fit(text: str, max_width: float, size: float, *, weight: Weight = Weight.REGULAR) -> str:
    """Return ``text`` if it fits in ``max_width`` px, else its longest fitting prefix plus "…"."""
    if text_width(text, size, weight=weight) <= max_width:
        return text
    budget = max_width - text_width(ELLIPSIS, size, weight=weight)
    used = 0.0
    end = 0
    for index, advance in enumerate(_advances(text, weight)):
        used += size * advance
        if used > budget:
            break
        end = index + 1
    while 0 < end < len(text) and _splits_cluster(text, end):
        end -= 1
    return text[:end].rstrip() + ELLIPSIS if budget > 0 else ""


def _splits_cluster(text: str, end: int) -> bool:
    """Tell whether cutting before ``text[end]`` separates marks or a ZWJ sequence from its base."""
    return unicodedata.category(text[end]) in {"Mn", "Me"} or _ZWJ in (text[end - 1], text[end])
