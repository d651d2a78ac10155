"""Render the README block (and the whole roadmap document) from the roadmap and its state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.core.markers import replace_block
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    State,
    item_status,
    linked_repos,
)
from roadmap_bot.core.progress import PhaseProgress, roadmap_progress
from roadmap_bot.core.repos import RepoKind, parse_repo
from roadmap_bot.core.templating import template_env

README_TEMPLATE = "readme.md.j2"
BAR_WIDTH = 10


@dataclass(frozen=True, slots=True)
class ItemView:
    """One checklist line as the template shows it."""

    id: str
    title: str
    status: str
    checked: bool
    date: str | None
    evidence: str | None  # markdown link to the proof (repo or comment)
    notes: str | None


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar such as ``███░░░░░░░`` (full cells rounded down, never full before done)."""
    if total <= 0:
        return "█" * width
    filled = min(width, done * width // total)
    return "█" * filled + "░" * (width - filled)


def render_block(
    roadmap: Roadmap,
    state: State,
    *,
    server_url: str = "https://github.com",
    badges: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """Render the markdown that stands between the README markers."""
    progress = roadmap_progress(roadmap, state)
    by_phase: dict[str, PhaseProgress] = {p.id: p for p in progress.phases}
    phases = [
        {
            "phase": phase,
            "heading": phase_heading(phase),
            "progress": by_phase[phase.id],
            "bar": progress_bar(by_phase[phase.id].done, by_phase[phase.id].total),
            "current": phase.id == progress.current_phase_id,
            "sections": [
                {
                    "section": section,
                    "entries": [_view(i, state, server_url) for i in section.items],
                }
                for section in phase.sections
            ],
        }
        for phase in roadmap.phases
    ]
    template = template_env(overrides).get_template(README_TEMPLATE)
    text = template.render(
        roadmap=roadmap,
        progress=progress,
        overall_bar=progress_bar(progress.done, progress.total),
        phases=phases,
        badges=badges,
    )
    return _tidy(text)


def phase_heading(phase: Phase) -> str:
    """``Phase 0: Foundations (0–3 Months)`` for numbered ids, else the title (and duration)."""
    number = re.fullmatch(r"phase(\d+)", phase.id)
    title = phase.title
    if number and not title.lower().startswith("phase"):
        title = f"Phase {number.group(1)}: {title}"
    return f"{title} ({phase.duration})" if phase.duration else title


def render_readme(existing: str, block: str) -> str:
    """Put the block into the existing README; everything outside the markers is kept."""
    return replace_block(existing, block)


def _view(item: Item, state: State, server_url: str) -> ItemView:
    status = item_status(item, state)
    tick = state.ticks.get(item.id)
    date = tick.at[:10] if tick and status is ItemStatus.DONE else None
    evidence = None
    if tick and tick.repo:
        evidence = f"[{_repo_label(tick.repo)}]({_repo_url(tick.repo, server_url)})"
    elif tick and tick.url:
        evidence = f"[note]({tick.url})"
    elif status is ItemStatus.OPEN and linked_repos(item, state):
        repo = linked_repos(item, state)[0]
        evidence = f"[{_repo_label(repo)}]({_repo_url(repo, server_url)})"
    return ItemView(
        id=item.id,
        title=item.title,
        status=status.value,
        checked=status is ItemStatus.DONE,
        date=date,
        evidence=evidence,
        notes=item.notes,
    )


def _repo_label(repo: str) -> str:
    ref = parse_repo(repo)
    return ref.value if ref else repo


def _repo_url(repo: str, server_url: str) -> str:
    ref = parse_repo(repo)
    if ref is not None and ref.kind is RepoKind.GITHUB:
        return f"{server_url.rstrip('/')}/{ref.value}"
    if (
        ref is not None
        and ref.kind is RepoKind.GIT
        and ref.value.startswith(("http://", "https://"))
    ):
        return ref.value.removesuffix(".git")
    return repo.replace(" ", "%20")


def _tidy(text: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines so output is stable."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"
