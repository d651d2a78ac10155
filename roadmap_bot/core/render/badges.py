"""Progress badges: shields.io endpoint JSON and self-contained flat SVGs, plus the roadmap card."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import orjson
from markupsafe import Markup

from roadmap_bot.core.model import Item, ItemStatus, Roadmap, State, item_status, linked_repos
from roadmap_bot.core.progress import PhaseProgress, RoadmapProgress, roadmap_progress
from roadmap_bot.core.render.badge_links import (
    REPOS_DIR,
    check_repo_slug,
    phase_file_stem,
    repo_file_stem,
    repos_index,
)
from roadmap_bot.core.render.card import CARD_DARK, CARD_LIGHT, card_svg
from roadmap_bot.core.render.svg import render_svg
from roadmap_bot.core.render.textwidth import FONT_FAMILY, fit, is_measured, one_line, text_width
from roadmap_bot.core.repos import RepoKind, parse_repo

BADGE_FONT_SIZE = 11  # shields' flat style: 11px text, 20px high, 5px padding each side
BADGE_PADDING = 5
LABEL_MAX_WIDTH = 160.0  # px of text; longer phase titles are cut with "…"
MESSAGE_MAX_WIDTH = 240.0
CACHE_SECONDS = 600  # shields re-reads the JSON at most every 10 minutes (its minimum is 300)


class BadgeColor(StrEnum):
    """shields.io's named colours; ``hex`` is the value shields draws for each."""

    BRIGHTGREEN = "brightgreen"
    GREEN = "green"
    YELLOWGREEN = "yellowgreen"
    YELLOW = "yellow"
    ORANGE = "orange"
    LIGHTGREY = "lightgrey"

    @property
    def hex(self) -> str:
        return _HEX[self]


# badge-maker's named colours (badges/shields badge-maker/lib/color.js).
_HEX = {
    BadgeColor.BRIGHTGREEN: "#4c1",
    BadgeColor.GREEN: "#97ca00",
    BadgeColor.YELLOWGREEN: "#a4a61d",
    BadgeColor.YELLOW: "#dfb317",
    BadgeColor.ORANGE: "#fe7d37",
    BadgeColor.LIGHTGREY: "#9f9f9f",
}


def progress_color(done: int, total: int) -> BadgeColor:
    """Colour a share of done items.

    The scale: nothing to do or nothing done → lightgrey; under 25% → orange; under 50% → yellow;
    under 75% → yellowgreen; under 100% → green; everything done → brightgreen. Red is never
    used: an unstarted roadmap is not an error.
    """
    if total <= 0 or done <= 0:
        return BadgeColor.LIGHTGREY
    if done >= total:
        return BadgeColor.BRIGHTGREEN
    for share, color in (
        (0.25, BadgeColor.ORANGE),
        (0.5, BadgeColor.YELLOW),
        (0.75, BadgeColor.YELLOWGREEN),
    ):
        if done < share * total:
            return color
    return BadgeColor.GREEN


@dataclass(frozen=True, slots=True)
class Badge:
    """One badge: the grey label on the left, the coloured message on the right."""

    label: str
    message: str
    color: BadgeColor


def endpoint_json(badge: Badge) -> bytes:
    """Return the badge as a shields.io endpoint response (https://shields.io/badges/endpoint-badge).

    shields rejects unknown keys (services/endpoint-common.js), so a link back to the roadmap
    cannot live here: it wraps the image in the markdown instead (see badge_links.py).
    """
    badge = _one_line(badge)
    data = {
        "schemaVersion": 1,
        "label": badge.label,
        "message": badge.message,
        "color": badge.color.value,
        "cacheSeconds": CACHE_SECONDS,
    }
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"  # = json.dumps(indent=2)


def badge_svg(badge: Badge, overrides: Mapping[str, str] | None = None) -> bytes:
    """Return the badge as a flat SVG that needs no fonts, images or services from outside."""
    badge = _one_line(badge)
    label_width = math.ceil(text_width(badge.label, BADGE_FONT_SIZE))
    message_width = math.ceil(text_width(badge.message, BADGE_FONT_SIZE))
    left = label_width + 2 * BADGE_PADDING
    right = message_width + 2 * BADGE_PADDING
    text_color, shadow_color = _text_colors(badge.color.hex)
    return render_svg(
        "badge.svg.j2",
        overrides,
        badge=badge,
        width=left + right,
        left=left,
        right=right,
        label_x=left / 2,
        label_length=_text_length(badge.label, label_width),
        message_x=left + right / 2,
        message_length=_text_length(badge.message, message_width),
        color=badge.color.hex,
        text_color=text_color,
        shadow_color=shadow_color,
        font_family=FONT_FAMILY,
        font_size=BADGE_FONT_SIZE,
    )


def _one_line(badge: Badge) -> Badge:
    """Make both texts one XML-safe line; shields requires a message, so "–" stands in."""
    return Badge(one_line(badge.label), one_line(badge.message) or "–", badge.color)


def _text_length(text: str, width: int) -> Markup:
    """Pin measured text to its box (any fallback font then fits); leave estimated text alone."""
    return Markup(f' textLength="{width}"') if is_measured(text) else Markup("")


def _text_colors(background: str) -> tuple[str, str]:
    """Pick white text on dark backgrounds, dark text on light ones, as shields does (0.69)."""
    digits = background.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    brightness = (299 * red + 587 * green + 114 * blue) / 255_000
    return ("#fff", "#010101") if brightness <= 0.69 else ("#333", "#ccc")


def _share(done: int, total: int) -> str:
    return f"{round(100 * done / total)}% · {done}/{total}" if total else "no items"


def progress_badge(progress: RoadmapProgress) -> Badge:
    """Overall progress: ``roadmap | 42% · 17/40``."""
    return Badge("roadmap", _share(progress.done, progress.total), _color(progress))


def phase_badge(phase: PhaseProgress) -> Badge:
    """One phase: ``<phase title> | 25% · 3/12``."""
    label = fit(one_line(phase.title) or phase.id, LABEL_MAX_WIDTH, BADGE_FONT_SIZE)
    return Badge(label, _share(phase.done, phase.total), progress_color(phase.done, phase.total))


def current_badge(progress: RoadmapProgress) -> Badge:
    """The phase being worked on: ``current phase | <title> · 3/12``, or ``complete ✓``."""
    current = next((p for p in progress.phases if p.id == progress.current_phase_id), None)
    if current is None:
        return Badge("current phase", "complete ✓", BadgeColor.BRIGHTGREEN)
    counts = f" · {current.done}/{current.total}"
    room = MESSAGE_MAX_WIDTH - text_width(counts, BADGE_FONT_SIZE)
    title = fit(one_line(current.title) or current.id, room, BADGE_FONT_SIZE)
    return Badge("current phase", title + counts, progress_color(current.done, current.total))


def _color(progress: RoadmapProgress) -> BadgeColor:
    return progress_color(progress.done, progress.total)


def repo_items(roadmap: Roadmap, state: State) -> dict[str, tuple[Item, ...]]:
    """Map each linked GitHub repo (``owner/name``, lower case) to its items in roadmap order."""
    found: dict[str, list[Item]] = {}
    for item in roadmap.items():
        for text in linked_repos(item, state):
            ref = parse_repo(text)
            if ref is not None and ref.kind is RepoKind.GITHUB:
                found.setdefault(ref.value.lower(), []).append(item)
    return {repo: tuple(items) for repo, items in sorted(found.items())}


def repo_badge(items: Iterable[Item], state: State) -> Badge:
    """A project repo's badge: ``roadmap | phase1.tabular ✓`` (up to three items, else a count)."""
    statuses = [(item, item_status(item, state)) for item in items]
    done = sum(status is ItemStatus.DONE for _, status in statuses)
    counted = sum(status is not ItemStatus.SKIPPED for _, status in statuses)
    if len(statuses) == 1:
        item, status = statuses[0]
        message = f"{item.id} {_MARKS[status]}" if status is ItemStatus.DONE else None
        message = message or f"{item.id} · {_WORDS[status]}"
    elif len(statuses) <= 3:
        message = ", ".join(f"{item.id} {_MARKS[status]}" for item, status in statuses)
    else:
        message = f"{done}/{counted} items ✓"
    message = fit(message, MESSAGE_MAX_WIDTH, BADGE_FONT_SIZE)
    return Badge("roadmap", message, progress_color(done, counted))


_MARKS = {ItemStatus.DONE: "✓", ItemStatus.OPEN: "○", ItemStatus.SKIPPED: "–"}
_WORDS = {ItemStatus.DONE: "done", ItemStatus.OPEN: "in progress", ItemStatus.SKIPPED: "skipped"}


def _both(stem: str, badge: Badge, overrides: Mapping[str, str] | None) -> dict[str, bytes]:
    return {f"{stem}.json": endpoint_json(badge), f"{stem}.svg": badge_svg(badge, overrides)}


def badge_files(
    roadmap: Roadmap,
    state: State,
    *,
    today: str,
    roadmap_url: str | None = None,
    repo_slug: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """Render every badge file, keyed by its path inside the badges folder.

    ``today`` is the last-update date the card shows. With ``repo_slug`` (the roadmap's own
    ``owner/name``), ``repos/README.md`` lists the markdown each linked project pastes to show its
    badge, linking to ``roadmap_url`` (default: the roadmap repo on GitHub).
    """
    if repo_slug is not None:
        check_repo_slug(repo_slug)
    progress = roadmap_progress(roadmap, state)
    files = _both("progress", progress_badge(progress), overrides)
    files |= _both("current", current_badge(progress), overrides)
    for phase in progress.phases:
        files |= _both(phase_file_stem(phase.id), phase_badge(phase), overrides)
    repos = repo_items(roadmap, state)
    for repo, items in repos.items():
        files |= _both(repo_file_stem(repo), repo_badge(items, state), overrides)
    if repos and repo_slug:
        index = repos_index(
            tuple(repos),
            badges_dir=roadmap.settings.badges_dir,
            repo_slug=repo_slug,
            roadmap_url=roadmap_url,
        )
        files[f"{REPOS_DIR}/README.md"] = index.encode()
    files["card.svg"] = card_svg(progress, today=today, theme=CARD_LIGHT, overrides=overrides)
    files["card-dark.svg"] = card_svg(progress, today=today, theme=CARD_DARK, overrides=overrides)
    return dict(sorted(files.items()))


def last_activity_date(state: State) -> str | None:
    """Return the date (YYYY-MM-DD) of the newest tick or skip, the card's natural "updated"."""
    stamps = [tick.at for tick in state.ticks.values()] + [s.at for s in state.skips.values()]
    return max(stamps)[:10] if stamps else None
