"""The domain values: Roadmap → Phase → Section → Item with its parsed Rule, and the State.

A rule's syntax (validation, technology aliases) lives in ``core/rules/syntax.py``; the parsed
rule it builds is part of the model, so every item carries its effective rule from the load on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from roadmap_bot.errors import RoadmapBotError


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


class Scope(StrEnum):
    """Whose repos a rule looks at."""

    OWN = "own"
    TICKED_PROJECTS = "ticked-projects"


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # a built-in check


@dataclass(frozen=True, slots=True)
class Uses:
    tech: str  # canonical catalog name
    display: str


@dataclass(frozen=True, slots=True)
class PathGlob:
    glob: str


@dataclass(frozen=True, slots=True)
class Contains:
    glob: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Demo:
    url: str


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Requirement, ...]


Requirement = Check | Uses | PathGlob | Contains | Demo | AnyOf | AllOf


@dataclass(frozen=True, slots=True)
class Rule:
    """A parsed rule: every requirement must hold, within ``scope``; or manual only."""

    require: tuple[Requirement, ...] = ()
    scope: Scope = Scope.OWN
    manual: bool = False
    # False: judge the whole repo, also the files a fork's parent or a generated repo's template
    # holds unchanged (for learners who extend a starter on purpose); True: the learner's part
    own_work: bool = True


MANUAL = Rule(manual=True)
# Project items without a rule of their own (and no settings.default_rules.project).
PROJECT_DEFAULT = Rule(
    (Check("readme"), Check("tests"), AnyOf((Check("tracking"), Check("ci")))),
)


def default_rule(kind: SectionKind, defaults: Mapping[str, Rule]) -> Rule:
    """The rule of an item of ``kind`` without its own: settings', else project's, else manual."""
    found = defaults.get(str(kind))
    if found is not None:
        return found
    return PROJECT_DEFAULT if kind is SectionKind.PROJECT else MANUAL


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule; ``path`` is relative to the rule's YAML node."""

    path: tuple[str | int, ...]
    message: str


class RuleError(RoadmapBotError):
    """A rule that does not parse; exit 2. Validate first to get located problems."""

    exit_code = 2

    def __init__(self, problems: list[RuleProblem]) -> None:
        where = ".".join(map(str, problems[0].path)) or "rule"
        super().__init__(f"invalid rule ({where}): {problems[0].message}")
        self.problems = problems


def build_rule(raw: object, uses: Callable[[str], Uses] | None = None) -> Rule:
    """Build the Rule of a rule as written in YAML, without judging its contents.

    ``core/rules/syntax.parse_rule`` validates first and passes ``uses``, which resolves
    technology aliases; without it a name is only lower-cased. A shape that cannot be built
    raises RuleError."""
    resolve = uses or _plain_uses
    try:
        if raw == "manual":
            return MANUAL
        if isinstance(raw, list):
            return Rule(tuple(_requirement(r, resolve) for r in raw))
        if isinstance(raw, Mapping) and isinstance(raw["require"], list):
            scope = Scope(raw.get("scope", "own"))
            own_work = raw.get("own_work", True) is not False
            return Rule(
                tuple(_requirement(r, resolve) for r in raw["require"]), scope, False, own_work
            )
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    raise RuleError(
        [RuleProblem((), "a rule is `manual`, a list of requirements, or {require: [...]}")]
    )


def _plain_uses(name: str) -> Uses:
    return Uses(name.strip().lower(), name)


def _requirement(raw: object, uses: Callable[[str], Uses]) -> Requirement:
    if isinstance(raw, str):
        return Check(raw)
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise TypeError(raw)
    ((key, value),) = raw.items()
    if key in ("any", "all"):
        if not isinstance(value, list):
            raise TypeError(value)
        parts = tuple(_requirement(r, uses) for r in value)
        return AnyOf(parts) if key == "any" else AllOf(parts)
    if key == "uses":
        found = [uses(n) for n in (value if isinstance(value, list) else [value])]
        return found[0] if len(found) == 1 else AllOf(tuple(found))
    if key == "path":
        return PathGlob(str(value))
    if key == "contains":
        return Contains(str(value["path"]), str(value["pattern"]))
    if key == "demo":
        return Demo(str(value))
    raise KeyError(key)


# What a resource is (``kind`` in roadmap.yaml): the JSON Schema's enum lists the same words.
RESOURCE_KINDS = ("docs", "course", "book", "video", "paper", "tutorial", "article", "tool")
# its bounds, the same in the JSON Schema (``validate``) and in the texts that show resources
MAX_RESOURCES = 10  # an item's resources (an issue lists them all)
RESOURCE_TITLE_MAX = 200
RESOURCE_TIME_MAX = 40
RESOURCE_URL_MAX = 2000


@dataclass(frozen=True, slots=True)
class Resource:
    """Something to learn an item from: a title, an absolute https URL (``validate`` checks
    it), what it is (one of RESOURCE_KINDS), a short time estimate ("2 h") and whether it
    costs money (shown as "(paid)": no paywall without saying so)."""

    title: str
    url: str
    kind: str | None = None
    time: str | None = None
    paid: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One checklist line, maybe with child items (``items:`` under it in roadmap.yaml).

    ``slug`` is unique within its phase, children included; ``id`` is ``phaseN.slug`` for an
    item of a section and ``phaseN.parent.slug`` for a child (its parents' slugs in between:
    ``phase1.cnn.resnet``). An item with children is a parent: it has no evidence rule of its
    own and counts as done when all its children are done or skipped (see ``item_status``)."""

    slug: str
    title: str
    phase_id: str
    notes: str | None = None
    repos: tuple[str, ...] = ()
    rule: Rule = MANUAL  # the effective rule: its own, else its section kind's default
    done: bool = False  # `done: true` written by the user in roadmap.yaml: a manual tick
    children: tuple[Item, ...] = ()
    parent: str | None = None  # the parents' slugs, dotted (``cnn``), for a child item
    resources: tuple[Resource, ...] = ()  # what to learn it from (issues list them)

    @property
    def id(self) -> str:
        if self.parent:
            return f"{self.phase_id}.{self.parent}.{self.slug}"
        return f"{self.phase_id}.{self.slug}"

    def walk(self) -> Iterator[Item]:
        """This item, then its children's trees, in the order the README lists them."""
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[Item]:
        """The items under this one without children of their own (itself when it has none)."""
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


@dataclass(frozen=True, slots=True)
class Section:
    """A group of items of one kind, e.g. "🧠 Topics to Learn", with its prose (markdown).

    An empty title is a phase's items written under no heading of their own; a section may
    hold prose and no items (a heading of links or notes inside a phase)."""

    title: str
    kind: SectionKind
    items: tuple[Item, ...]
    emoji: str | None = None
    prose: str | None = None
    level: int | None = None  # its heading's level (``###`` = 3); None: one below its phase's

    @property
    def heading(self) -> str:
        return f"{self.emoji} {self.title}" if self.emoji else self.title


@dataclass(frozen=True, slots=True)
class Phase:
    """A stage of the roadmap with its sections and prose; it may hold prose and no items."""

    id: str
    title: str
    sections: tuple[Section, ...]
    duration: str | None = None
    goal: str | None = None
    prose: str | None = None
    level: int = 2  # its heading's level (``##`` = 2)

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of the phase, parents before their children (the README's order)."""
        return tuple(
            item for section in self.sections for top in section.items for item in top.walk()
        )


# "Phase 2", "Week 3:", "1. …", "🚀 Stage 4": the number a heading shows first (at most 9 digits)
_VISIBLE_NUMBER = re.compile(
    r"[^\w]*(?:(?:phase|stage|step|part|level|month|week|day|module|unit|chapter)\s*)?"
    r"(\d{1,9})(?![\d.]\d)(?!\d)",
    re.IGNORECASE,
)


def visible_number(title: str) -> int | None:
    """The number a phase heading starts with ("Phase 1: …", "1. …"), or None."""
    found = _VISIBLE_NUMBER.match(title)
    return int(found.group(1)) if found else None


def phase_heading(phase: Phase) -> str:
    """The phase's heading: ``Phase 0: Foundations (0–3 Months)`` for a ``phaseN`` id whose
    title shows no number N of its own (nor starts with "Phase"), else the title as written,
    with the duration in parentheses when there is one."""
    number = re.fullmatch(r"phase(\d+)", phase.id)
    title = phase.title
    if (
        number
        and not title.lower().startswith("phase")
        and visible_number(title) != int(number.group(1))
    ):
        title = f"Phase {number.group(1)}: {title}"
    return f"{title} ({phase.duration})" if phase.duration else title


@dataclass(frozen=True, slots=True)
class Settings:
    """Roadmap-wide settings from roadmap.yaml's ``settings:`` block."""

    open_issues: int = 3
    start: str | None = None  # ISO date the roadmap started; milestones' due dates count from it
    badges_dir: str = ".github/roadmap"
    state_file: str = "roadmap.state.json"
    readme: str = "README.md"
    write_mode: str = "commit"  # "commit" | "pull-request" (core/delivery.py WRITE_MODES)
    show_ids: bool = False  # the README shows each item's id (the commands take them)
    show_title: bool = True  # the README block starts with the roadmap's title as a heading
    show_resources: bool = False  # the README shows each item's resources, folded
    dashboard: bool = True  # one pinned issue the bot keeps current (planning/dashboard.py)
    nudge_after_days: int | None = None  # opt-in nudges on quiet issues (planning/nudges.py)


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
    # the digest of the user's own fingerprints the README was judged with ("" for none)
    known: str = ""


@dataclass(frozen=True, slots=True)
class State:
    """Everything the bot owns, kept in the state file next to roadmap.yaml."""

    ticks: Mapping[str, Tick] = field(default_factory=dict)
    skips: Mapping[str, Skip] = field(default_factory=dict)
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # item id → extra repos
    evidence: Mapping[str, CachedEvidence] = field(default_factory=dict)  # repo → cache
    handled_comments: tuple[int, ...] = ()  # comment ids already answered (bounded, newest last)
    nudged: Mapping[str, str] = field(default_factory=dict)  # item id → when last nudged (ISO)


def item_status(item: Item, state: State) -> ItemStatus:
    """Combine roadmap.yaml and the state into one status; a tick wins over a skip.

    A parent (an item with children) is done when ticked itself, or when all its children are
    done or skipped (skipped when all are skipped). Its own tick never depends on its children:
    unticking a child leaves a parent ticked by hand ticked."""
    if item.done or item.id in state.ticks:
        return ItemStatus.DONE
    if item.id in state.skips:
        return ItemStatus.SKIPPED
    if item.children:
        below = {item_status(child, state) for child in item.children}
        if ItemStatus.OPEN not in below:
            return ItemStatus.DONE if ItemStatus.DONE in below else ItemStatus.SKIPPED
    return ItemStatus.OPEN


def leaf_statuses(item: Item, state: State) -> Iterator[ItemStatus]:
    """The status of each leaf under ``item`` (itself when it has no children) as progress
    counts it: a leaf under a parent ticked or skipped itself shares that parent's status."""
    if not item.children:
        yield item_status(item, state)
        return
    if item.done or item.id in state.ticks or item.id in state.skips:
        own = ItemStatus.DONE if item.done or item.id in state.ticks else ItemStatus.SKIPPED
        for leaf in item.leaves():
            found = item_status(leaf, state)
            yield found if found is ItemStatus.SKIPPED and own is ItemStatus.DONE else own
        return
    for child in item.children:
        yield from leaf_statuses(child, state)


def child_counts(item: Item, state: State) -> tuple[int, int]:
    """A parent's ``n/m``: its leaves done, and its leaves not skipped (as progress counts)."""
    statuses = list(leaf_statuses(item, state))
    return statuses.count(ItemStatus.DONE), len(statuses) - statuses.count(ItemStatus.SKIPPED)


def linked_repos(item: Item, state: State) -> tuple[str, ...]:
    """The repos of roadmap.yaml, then those added with ``/link``, without repeats."""
    seen: dict[str, None] = dict.fromkeys(item.repos)
    seen.update(dict.fromkeys(state.links.get(item.id, ())))
    return tuple(seen)
