"""The roadmap card: one 500px-wide SVG with the overall percent and a bar per phase."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.core.progress import PhaseProgress, RoadmapProgress
from roadmap_bot.core.render.svg import render_svg
from roadmap_bot.core.render.textwidth import (
    FONT_FAMILY,
    Weight,
    fit,
    is_measured,
    one_line,
    text_width,
)

WIDTH = 500
PAD = 20
HEADER = 70  # title, summary line; the first phase row starts here
ROW = 24
FOOTER = 32
TITLE_SIZE = 18
PERCENT_SIZE = 28
TEXT_SIZE = 12
SMALL_SIZE = 11
PERCENT_GAP = 16  # between the title or summary and the big percent in the top-right corner
LABEL_X = 32
LABEL_MAX = 168.0
BAR_X = 212
BAR_WIDTH = 200
BAR_HEIGHT = 8
COUNT_X = WIDTH - PAD  # right edge of "done/total"


@dataclass(frozen=True, slots=True)
class CardTheme:
    """The card's colours; GitHub's Primer palette for its light and dark themes."""

    name: str
    background: str
    border: str
    text: str
    muted: str
    track: str
    done: str  # bars of complete phases
    current: str  # the current phase's bar and marker
    upcoming: str  # bars of later phases
    highlight: str  # the current phase's row background


CARD_LIGHT = CardTheme(
    name="light",
    background="#ffffff",
    border="#d0d7de",
    text="#1f2328",
    muted="#656d76",
    track="#eaeef2",
    done="#1a7f37",
    current="#0969da",
    upcoming="#8c959f",
    highlight="#ddf4ff",
)
CARD_DARK = CardTheme(
    name="dark",
    background="#0d1117",
    border="#30363d",
    text="#e6edf3",
    muted="#8d96a0",
    track="#21262d",
    done="#3fb950",
    current="#2f81f7",
    upcoming="#6e7681",
    highlight="#121d2f",
)


@dataclass(frozen=True, slots=True)
class Line:
    """Text fitted to its box, and the textLength that pins it there in any fallback font.

    ``length`` is None when the width is partly estimated (emoji, CJK): pinning a guess would
    stretch or squeeze the text, so such text keeps its natural width inside a roomy estimate.
    """

    text: str
    length: float | None


@dataclass(frozen=True, slots=True)
class PhaseRow:
    """One phase's row: label, bar geometry (px) and count, laid out for the template."""

    label: Line
    y: float  # the row's vertical centre
    fill: float  # width of the coloured part of the bar
    count: str
    color: str
    current: bool


def card_height(phases: int) -> int:
    """Return the card's height for ``phases`` rows (an empty roadmap keeps one row of space)."""
    return HEADER + ROW * max(phases, 1) + FOOTER


def _line(text: str, max_width: float, size: float, weight: Weight = Weight.REGULAR) -> Line:
    fitted = fit(one_line(text), max_width, size, weight=weight)
    exact = is_measured(fitted, weight)
    return Line(fitted, round(text_width(fitted, size, weight=weight), 1) if exact else None)


def _row(index: int, phase: PhaseProgress, current_id: str | None, theme: CardTheme) -> PhaseRow:
    current = phase.id == current_id
    weight = Weight.BOLD if current else Weight.REGULAR
    share = phase.done / phase.total if phase.total else 0.0
    if phase.total and phase.complete:
        color, count = theme.done, f"{phase.done}/{phase.total} ✓"
    else:
        color, count = (theme.current if current else theme.upcoming), f"{phase.done}/{phase.total}"
    return PhaseRow(
        label=_line(phase.title or phase.id, LABEL_MAX, TEXT_SIZE, weight),
        y=HEADER + ROW * index + ROW / 2,
        fill=round(BAR_WIDTH * min(share, 1.0), 2),
        count=count,
        color=color,
        current=current,
    )


def card_svg(
    progress: RoadmapProgress,
    *,
    today: str,
    theme: CardTheme,
    overrides: Mapping[str, str] | None = None,
) -> bytes:
    """Render the card for ``progress``; ``today`` is the last-update date it shows."""
    rows = [_row(i, p, progress.current_phase_id, theme) for i, p in enumerate(progress.phases)]
    current = next((p for p in progress.phases if p.id == progress.current_phase_id), None)
    summary = f"{progress.done} of {progress.total} items done"
    if current is not None:
        summary += f" · now: {one_line(current.title) or current.id}"
    elif progress.phases and progress.total:
        summary += " · complete"
    title = one_line(progress.title) or "Roadmap"
    percent = f"{progress.percent}%" if progress.total else "–"
    room = WIDTH - 2 * PAD - PERCENT_GAP - text_width(percent, PERCENT_SIZE, weight=Weight.BOLD)
    return render_svg(
        "card.svg.j2",
        overrides,
        theme=theme,
        width=WIDTH,
        height=card_height(len(rows)),
        pad=PAD,
        font_family=FONT_FAMILY,
        title=_line(title, room, TITLE_SIZE, Weight.BOLD),
        summary=_line(summary, room, TEXT_SIZE),
        percent=percent,
        accessible=f"{title}: {progress.percent}% done, {summary}, updated {one_line(today)}",
        rows=rows,
        empty_y=HEADER + ROW / 2,
        label_x=LABEL_X,
        bar_x=BAR_X,
        bar_width=BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        count_x=COUNT_X,
        updated=f"Updated {one_line(today)}",
        sizes={
            "title": TITLE_SIZE,
            "percent": PERCENT_SIZE,
            "text": TEXT_SIZE,
            "small": SMALL_SIZE,
        },
    )
