"""The issue side of a sync: find the bot's issues by marker, close ticked ones, open the next.

Matching is by the hidden item marker only, never by title or label, so an issue a person
retitled or relabelled is still found (the runner must list issues without a label filter).
Of two issues with the same marker the lowest number is kept and acted on; the others are
reported. A closed bot issue is final: its item never gets another issue from the planner, even
when a person closed it while the item is still open (closing means what the commands say).

The tick comment is not posted twice: it carries ``tick_marker(item_id)`` and the planner receives
the comments of the open bot issues (``comments``; fetch them for ``open_bot_issue_numbers``). A
run that crashed between comment and close therefore only closes on the rerun.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import jinja2

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.markers import find_item_marker
from roadmap_bot.core.milestones import due_on as due_timestamp
from roadmap_bot.core.milestones import milestone_title, phase_due_dates
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    State,
    item_status,
    linked_repos,
)
from roadmap_bot.core.plan import (
    Action,
    CloseIssue,
    CloseReason,
    CommentIssue,
    DuplicateIssue,
    EditIssue,
    EnsureLabel,
    EnsureMilestone,
    OpenIssue,
)
from roadmap_bot.core.planner_text import (
    LABEL,
    LABEL_COLOR,
    IssueText,
    RuleWords,
    edits_needed,
    has_tick_comment,
    issue_text,
    label_description,
    phase_label_color,
    tick_comment,
)
from roadmap_bot.core.progress import roadmap_progress

RuleLookup = Callable[[Item], RuleWords | None]  # None: the item is ticked by hand only


@dataclass(frozen=True, slots=True)
class IssueIndex:
    """The bot's issues by item id (the lowest-numbered per marker) and the duplicates."""

    by_item: Mapping[str, IssueInfo]
    duplicates: tuple[DuplicateIssue, ...]
    open_counts: Mapping[str, int]  # open issues per item, duplicates included


def index_issues(issues: Sequence[IssueInfo]) -> IssueIndex:
    """Group issues by their item marker; issues without one are not the bot's."""
    by_item: dict[str, IssueInfo] = {}
    duplicates: list[DuplicateIssue] = []
    open_counts: dict[str, int] = {}
    for issue in sorted(issues, key=lambda i: i.number):
        item_id = find_item_marker(issue.body)
        if item_id is None:
            continue
        open_counts[item_id] = open_counts.get(item_id, 0) + (issue.state == "open")
        kept = by_item.setdefault(item_id, issue)
        if kept is not issue:
            duplicates.append(
                DuplicateIssue(item_id=item_id, kept=kept.number, duplicate=issue.number)
            )
    return IssueIndex(by_item=by_item, duplicates=tuple(duplicates), open_counts=open_counts)


def open_bot_issue_numbers(issues: Sequence[IssueInfo]) -> list[int]:
    """The open bot issues whose comments ``plan_sync`` needs (to find its tick comments)."""
    return sorted(i.number for i in index_issues(issues).by_item.values() if i.state == "open")


@dataclass(frozen=True, slots=True)
class IssueInputs:
    """What the issue planning reads besides the roadmap: all plain values."""

    state: State  # the state after this run's ticks
    index: IssueIndex
    comments: Sequence[CommentInfo]
    fresh_reasons: Mapping[str, tuple[str, ...]]  # item id → reasons of a tick made this run
    rule_words: RuleLookup
    env: jinja2.Environment
    repo_slug: str | None


def issue_actions(roadmap: Roadmap, inputs: IssueInputs) -> tuple[Action, ...]:
    """Close, edit and open issues; labels and milestones first, only for issues being opened."""
    state, index = inputs.state, inputs.index
    current = roadmap_progress(roadmap, state).current_phase_id
    due = phase_due_dates(roadmap)
    closing: list[Action] = []
    editing: list[Action] = []
    active = 0  # open issues (duplicates too) of open items in the current phase
    for phase, item in _walk(roadmap):
        status = item_status(item, state)
        if status is ItemStatus.OPEN and phase.id == current:
            active += index.open_counts.get(item.id, 0)
        issue = index.by_item.get(item.id)
        if issue is None or issue.state != "open":
            continue
        if status is ItemStatus.DONE:
            closing.extend(_close_on_tick(item, issue, inputs))
        elif status is ItemStatus.SKIPPED:
            closing.append(CloseIssue(issue.number, item.id, CloseReason.NOT_PLANNED))
        else:
            wanted = _text(phase, item, due, inputs)
            title, body = edits_needed(issue.title, issue.body, wanted)
            if title is not None or body is not None:
                editing.append(EditIssue(issue.number, item.id, title=title, body=body))
    slots = roadmap.settings.open_issues - active
    opening = _next_topics(roadmap, current, slots, due, inputs)
    return (*_ensure(roadmap, opening, due), *closing, *editing, *opening)


def _close_on_tick(item: Item, issue: IssueInfo, inputs: IssueInputs) -> Iterator[Action]:
    if not has_tick_comment(inputs.comments, issue.number, item.id):
        tick = inputs.state.ticks.get(item.id)
        reasons = inputs.fresh_reasons.get(item.id) or (
            (tick.reason,) if tick and tick.reason else ()
        )
        body = tick_comment(inputs.env, item=item, tick=tick, reasons=reasons)
        yield CommentIssue(issue.number, item.id, body)
    yield CloseIssue(issue.number, item.id, CloseReason.COMPLETED)


def _next_topics(
    roadmap: Roadmap,
    current: str | None,
    slots: int,
    due: Mapping[str, date | None],
    inputs: IssueInputs,
) -> list[OpenIssue]:
    """The first open items of the current phase that never had an issue, up to ``slots``."""
    phase = next((p for p in roadmap.phases if p.id == current), None)
    if phase is None or slots <= 0:
        return []
    opening: list[OpenIssue] = []
    for item in phase.items:
        if len(opening) >= slots:
            break
        if (
            item.id in inputs.index.by_item
            or item_status(item, inputs.state) is not ItemStatus.OPEN
        ):
            continue
        text = _text(phase, item, due, inputs)
        opening.append(
            OpenIssue(
                item_id=item.id,
                title=text.title,
                body=text.body,
                labels=(LABEL, phase.id),
                milestone=milestone_title(phase),
            )
        )
    return opening


def _ensure(
    roadmap: Roadmap, opening: Sequence[OpenIssue], due: Mapping[str, date | None]
) -> list[Action]:
    if not opening:
        return []
    phase_ids = {o.labels[1] for o in opening}
    actions: list[Action] = [
        EnsureLabel(LABEL, LABEL_COLOR, "A next topic of the roadmap, opened by roadmap-bot")
    ]
    milestones: list[Action] = []
    for n, phase in enumerate(roadmap.phases):
        if phase.id not in phase_ids:
            continue
        title = milestone_title(phase)
        actions.append(EnsureLabel(phase.id, phase_label_color(n), label_description(title)))
        day = due[phase.id]
        milestones.append(EnsureMilestone(title, due_timestamp(day) if day else None))
    return actions + milestones


def _text(
    phase: Phase, item: Item, due: Mapping[str, date | None], inputs: IssueInputs
) -> IssueText:
    day = due[phase.id]
    return issue_text(
        inputs.env,
        item=item,
        phase=phase,
        milestone=milestone_title(phase),
        due=day.isoformat() if day else None,
        rule=inputs.rule_words(item),
        repos=linked_repos(item, inputs.state),
        repo_slug=inputs.repo_slug,
    )


def _walk(roadmap: Roadmap) -> Iterator[tuple[Phase, Item]]:
    for phase in roadmap.phases:
        for item in phase.items:
            yield phase, item
