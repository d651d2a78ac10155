"""The domain values: Roadmap → Phase → Section → Item, and the bot's State of ticks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SectionKind(StrEnum):
    """What a section's items are; decides the default evidence rule and how issues read."""

    TOPIC = "topic"
    PROJECT = "project"
    STACK = "stack"
    ACTION = "action"
    CHECKLIST = "checklist"
    ROLE = "role"


class TickSource(StrEnum):
    """Who ticked an item: a person (comment, issue close, roadmap.yaml) or the evidence engine."""

    MANUAL = "manual"
    AUTO = "auto"


class ItemStatus(StrEnum):
    """Where an item stands once roadmap.yaml and the state are combined."""

    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Item:
    """One checklist line. ``slug`` is unique within its phase; ``id`` is ``phaseN.slug``."""

    slug: str
    title: str
    phase_id: str
    notes: str | None = None
    repos: tuple[str, ...] = ()
    rule: Mapping[str, Any] | None = None  # raw rule; its language lives in core/rules/evaluate.py
    done: bool = False  # `done: true` written by the user in roadmap.yaml: a manual tick

    @property
    def id(self) -> str:
        return f"{self.phase_id}.{self.slug}"


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of items of one kind, e.g. "🧠 Topics to Learn"."""

    title: str
    kind: SectionKind
    items: tuple[Item, ...]
    emoji: str | None = None

    @property
    def heading(self) -> str:
        return f"{self.emoji} {self.title}" if self.emoji else self.title


@dataclass(frozen=True, slots=True)
class Phase:
    """A stage of the roadmap with its sections."""

    id: str
    title: str
    sections: tuple[Section, ...]
    duration: str | None = None
    goal: str | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True, slots=True)
class Settings:
    """Roadmap-wide settings from roadmap.yaml's ``settings:`` block."""

    open_issues: int = 3
    start: str | None = None  # ISO date the roadmap started; milestones' due dates count from it
    badges_dir: str = ".github/roadmap"
    state_file: str = "roadmap.state.json"
    readme: str = "README.md"
    write_mode: str = "commit"  # "commit" | "pull-request" (core/delivery.py WRITE_MODES)
    default_rules: Mapping[str, Any] = field(default_factory=dict)  # section kind → raw rule
    technologies: Mapping[str, Any] = field(default_factory=dict)  # additions to the catalog


@dataclass(frozen=True, slots=True)
class Roadmap:
    """The whole roadmap as written in roadmap.yaml."""

    title: str
    phases: tuple[Phase, ...]
    intro: str | None = None
    outro: str | None = None
    settings: Settings = field(default_factory=Settings)

    def items(self) -> Iterator[Item]:
        for phase in self.phases:
            yield from phase.items

    def item_index(self) -> dict[str, Item]:
        return {item.id: item for item in self.items()}

    def section_of(self, item_id: str) -> Section | None:
        for phase in self.phases:
            for section in phase.sections:
                if any(item.id == item_id for item in section.items):
                    return section
        return None


@dataclass(frozen=True, slots=True)
class Tick:
    """Why an item counts as done: who or what ticked it, when, and the proof."""

    source: TickSource
    at: str  # ISO-8601 UTC timestamp
    by: str  # a login ("octocat") or "roadmap-bot"
    reason: str
    url: str | None = None  # the comment or issue that ticked it
    repo: str | None = None  # auto ticks: the repo whose evidence held
    commit: str | None = None  # auto ticks: the commit checked
    checks: tuple[str, ...] = ()  # auto ticks: the checks that passed


@dataclass(frozen=True, slots=True)
class Skip:
    """An item marked not planned: shown as skipped, left out of progress."""

    at: str
    by: str
    reason: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class CachedEvidence:
    """The last evidence results for one repo, valid while its HEAD stays at ``head``."""

    head: str
    results: Mapping[str, Any]  # JSON-able check results, shape owned by the evidence engine
    version: int = 1  # the evidence engine's EVIDENCE_VERSION when these results were computed
    # the technologies looked for (None: every one the catalog has); absent from ``results``
    # and in here means "looked for, not used"
    techs: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class State:
    """Everything the bot owns, kept in the state file next to roadmap.yaml."""

    ticks: Mapping[str, Tick] = field(default_factory=dict)
    skips: Mapping[str, Skip] = field(default_factory=dict)
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # item id → extra repos
    evidence: Mapping[str, CachedEvidence] = field(default_factory=dict)  # repo → cache
    handled_comments: tuple[int, ...] = ()  # comment ids already answered (bounded, newest last)


def item_status(item: Item, state: State) -> ItemStatus:
    """Combine roadmap.yaml and the state into one status; a tick wins over a skip."""
    if item.done or item.id in state.ticks:
        return ItemStatus.DONE
    if item.id in state.skips:
        return ItemStatus.SKIPPED
    return ItemStatus.OPEN


def linked_repos(item: Item, state: State) -> tuple[str, ...]:
    """The repos of roadmap.yaml, then those added with ``/link``, without repeats."""
    seen: dict[str, None] = dict.fromkeys(item.repos)
    seen.update(dict.fromkeys(state.links.get(item.id, ())))
    return tuple(seen)
