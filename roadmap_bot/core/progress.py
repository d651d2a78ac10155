"""Count progress per phase and overall; skipped items are left out of the totals.

Progress counts leaves: an item with children counts through its children (all of them done
when the parent itself is ticked), never as one more item."""

from __future__ import annotations

from dataclasses import dataclass

from roadmap_bot.core.model import ItemStatus, Phase, Roadmap, State, leaf_statuses

BAR_WIDTH = 10  # cells of the text progress bar in the README and replies


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    """Done and total leaf items of one phase (skipped items counted in neither)."""

    id: str
    title: str
    done: int
    total: int
    skipped: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.done >= self.total


@dataclass(frozen=True, slots=True)
class RoadmapProgress:
    """The progress of every phase, the totals and the current phase (first not complete)."""

    title: str
    phases: tuple[PhaseProgress, ...]
    current_phase_id: str | None

    @property
    def done(self) -> int:
        return sum(p.done for p in self.phases)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def phase_progress(phase: Phase, state: State) -> PhaseProgress:
    statuses = [
        status
        for section in phase.sections
        for item in section.items
        for status in leaf_statuses(item, state)
    ]
    skipped = statuses.count(ItemStatus.SKIPPED)
    return PhaseProgress(
        id=phase.id,
        title=phase.title,
        done=statuses.count(ItemStatus.DONE),
        total=len(statuses) - skipped,
        skipped=skipped,
    )


def roadmap_progress(roadmap: Roadmap, state: State) -> RoadmapProgress:
    phases = tuple(phase_progress(phase, state) for phase in roadmap.phases)
    current = next((p.id for p in phases if not p.complete), None)
    return RoadmapProgress(title=roadmap.title, phases=phases, current_phase_id=current)


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar such as ``███░░░░░░░`` (full cells rounded down, never full before done)."""
    if total <= 0:
        return "█" * width
    filled = min(width, done * width // total)
    return "█" * filled + "░" * (width - filled)
