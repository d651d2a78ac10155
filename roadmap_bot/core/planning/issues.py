"""The issue side of a sync: find the bot's issues by marker, close ticked ones, open the next.

Matching is by the hidden item marker, never by title or label, so an issue a person retitled
or relabelled is still found (the runner must list issues without a label filter) — and only in
issues the token's own account wrote (``bot_issues``): a marker anyone else types means nothing.
Of two issues with the same marker the lowest number is kept and acted on; the others are
reported, and closed while open. A closed bot issue is final: its item never gets another issue
from the planner, even when a person closed it while the item is still open (closing means what
the commands say) — except an issue the bot itself parked for the window (below).

The window: after every run at most ``settings.open_issues`` bot issues of open items are open.
When more are (a person reopened one, say), the issues reopened (by a person, or by the bot
when a slot freed) are kept first, then the oldest; the newest others are parked: closed as not
planned with a comment and the ``PARKED`` marker, and reopened, in roadmap order, when a slot
frees. An issue reopened by hand is never closed for the window, even when those alone exceed it.

The tick comment is not posted twice: it carries ``tick_marker(item_id)`` and the planner receives
the comments of the issues a plan would comment on (``comments``: jobs/sync.py plans once without
them, lists those issues' comments, and plans again). A run that crashed between comment and
close therefore only closes on the rerun.

An item whose id nesting or un-nesting changed (``phase1.resnet`` → ``phase1.cnn.resnet``) keeps
its issue: a marker naming an id that is no item any more counts for the one item
``renames.renamed_ids`` maps it to (same phase, same last slug), so the window counts the issue
once and no second issue is opened. The open ones are brought up to date once: their marker is
rewritten to the new id (with the refreshed text when the body is still the bot's, alone in a
person's text), so the next run needs no mapping and writes nothing. Closed issues are not
edited; the mapping keeps them the item's (a person's close stays final, a parked one reopens
with the new marker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    State,
    item_status,
    linked_repos,
)
from roadmap_bot.core.planning.bot_issues import (
    PARKED,
    bot_item_id,
    is_parked,
    own_item_marker,
    without_parked,
)
from roadmap_bot.core.planning.milestones import due_on as due_timestamp
from roadmap_bot.core.planning.milestones import milestone_title, phase_due_dates
from roadmap_bot.core.planning.plan import (
    Action,
    CloseIssue,
    CloseReason,
    CommentIssue,
    DuplicateIssue,
    EditIssue,
    EnsureLabel,
    EnsureMilestone,
    OpenIssue,
    ReopenIssue,
)
from roadmap_bot.core.planning.text import (
    LABEL,
    LABEL_COLOR,
    IssueText,
    RuleWords,
    edits_needed,
    has_tick_comment,
    issue_text,
    label_description,
    phase_label_color,
    section_of,
    tick_comment,
    with_marker,
)
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.renames import renamed_ids

if TYPE_CHECKING:  # type hints only: a no-op run never imports jinja2
    import jinja2

RuleLookup = Callable[[Item], RuleWords | None]  # None: the item is ticked by hand only
# an item and its issue's checklist section now (None: none, or no issue yet) → the section to
# write, markers included ("" for none): ``checklist.section_for`` through the planner
ChecklistLookup = Callable[[Item, str | None], str]
WINDOW_TEMPLATE = "window_close.md.j2"


def window_marker(item_id: str) -> str:
    """The hidden marker of the comment posted when an issue is parked for the window."""
    return f"<!-- roadmap-bot:window={item_id} -->"


def duplicate_marker(kept: int) -> str:
    """The hidden marker of the comment that closes a duplicate of issue ``kept``."""
    return f"<!-- roadmap-bot:duplicate-of={kept} -->"


@dataclass(frozen=True, slots=True)
class IssueIndex:
    """The bot's issues by item id (the lowest-numbered per marker) and the duplicates."""

    by_item: Mapping[str, IssueInfo]
    duplicates: tuple[DuplicateIssue, ...]
    open_duplicates: tuple[DuplicateIssue, ...] = ()  # those still open
    # issue number → the item id its marker stands for now (the marker names an id nesting changed)
    renamed: Mapping[int, str] = field(default_factory=dict)


def index_issues(
    issues: Sequence[IssueInfo], *, bot_login: str, item_ids: Iterable[str] = ()
) -> IssueIndex:
    """Group the bot's issues by their item marker: issues ``bot_login`` (the account the
    token acts as) wrote, with the marker the bot appends; every other issue is not the bot's.

    With ``item_ids`` (the roadmap's), a marker naming an id that is no item counts for the item
    ``renamed_ids`` maps it to (an id nesting or un-nesting changed), listed in ``renamed``."""
    own = [
        (issue, item_id)
        for issue in sorted(issues, key=lambda i: i.number)
        if (item_id := bot_item_id(issue, bot_login)) is not None
    ]
    ids = tuple(item_ids)
    targets = renamed_ids(ids, {item_id for _, item_id in own}) if ids else {}
    by_item: dict[str, IssueInfo] = {}
    duplicates: list[DuplicateIssue] = []
    still_open: list[DuplicateIssue] = []
    renamed: dict[int, str] = {}
    for issue, marked in own:
        item_id = targets.get(marked, marked)
        if item_id != marked:
            renamed[issue.number] = item_id
        kept = by_item.setdefault(item_id, issue)
        if kept is not issue:
            duplicate = DuplicateIssue(item_id=item_id, kept=kept.number, duplicate=issue.number)
            duplicates.append(duplicate)
            if issue.state == "open":
                still_open.append(duplicate)
    return IssueIndex(
        by_item=by_item,
        duplicates=tuple(duplicates),
        open_duplicates=tuple(still_open),
        renamed=renamed,
    )


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
    checklist: ChecklistLookup = field(default=lambda _item, _current: "")


def issue_actions(roadmap: Roadmap, inputs: IssueInputs) -> tuple[Action, ...]:
    """Close, park, edit, reopen and open issues; labels and milestones first, only for issues
    being opened. At most ``settings.open_issues`` bot issues of open items stay open."""
    state, index = inputs.state, inputs.index
    current = roadmap_progress(roadmap, state).current_phase_id
    due = phase_due_dates(roadmap)
    limit = roadmap.settings.open_issues
    closing: list[Action] = [
        a for d in index.open_duplicates for a in close_duplicate(d, inputs.comments)
    ]
    window: list[tuple[Phase, Item, IssueInfo]] = []  # open issues of open items, any phase
    for phase, item in _walk(roadmap):
        status = item_status(item, state)
        issue = index.by_item.get(item.id)
        if issue is None or issue.state != "open":
            continue
        if status is ItemStatus.DONE:
            closing.extend(_marker_edit(item, issue, inputs))
            closing.extend(_close_on_tick(item, issue, inputs))
        elif status is ItemStatus.SKIPPED:
            closing.extend(_marker_edit(item, issue, inputs))
            closing.append(CloseIssue(issue.number, item.id, CloseReason.NOT_PLANNED))
        else:
            window.append((phase, item, issue))
    kept = _kept_in_window([issue for _, _, issue in window], limit)
    editing: list[Action] = []
    for phase, item, issue in window:
        wanted = _text(phase, item, due, inputs, issue)
        if issue.number not in kept:
            closing.extend(_park(item, issue, wanted, limit, inputs))
            continue
        title, body = _edits(issue, wanted, inputs)
        if title is not None or body is not None:
            editing.append(EditIssue(issue.number, item.id, title=title, body=body))
    opening = _next_topics(roadmap, current, limit - len(kept), due, inputs)
    new = [o for o in opening if isinstance(o, OpenIssue)]
    return (*_ensure(roadmap, new, due), *closing, *editing, *opening)


def _kept_in_window(issues: Sequence[IssueInfo], limit: int) -> set[int]:
    """The open issues the window keeps: reopened ones first (never parked), then the oldest."""
    reopened = sorted(i.number for i in issues if i.state_reason == "reopened")
    others = sorted(i.number for i in issues if i.state_reason != "reopened")
    return set(reopened + others[: max(0, limit - len(reopened))])


def _park(
    item: Item, issue: IssueInfo, wanted: IssueText, limit: int, inputs: IssueInputs
) -> Iterator[Action]:
    """Mark the issue parked (so its close is never read as a person's skip), say why, close.

    The parked marker's line is added after the text and its stamp, so the stamp still vouches
    for the text (``_edits`` reads bodies without that line)."""
    title, body = _edits(issue, wanted, inputs)
    current = issue.body if body is None else body
    if not is_parked(current):
        body = f"{current.rstrip(chr(10))}\n{PARKED}\n"
    if title is not None or body is not None:
        yield EditIssue(issue.number, item.id, title=title, body=body)
    marker_text = window_marker(item.id)
    if not any(c.issue_number == issue.number and marker_text in c.body for c in inputs.comments):
        text = inputs.env.get_template(WINDOW_TEMPLATE).render(item_id=item.id, limit=limit)
        yield CommentIssue(issue.number, item.id, f"{text.rstrip()}\n\n{marker_text}\n")
    yield CloseIssue(issue.number, item.id, CloseReason.NOT_PLANNED, parked=True)


def duplicate_comment(kept: int) -> str:
    """What a duplicate issue is told before it is closed (its marker makes it said once)."""
    return f"Duplicate of #{kept} (two runs opened it at once).\n\n{duplicate_marker(kept)}\n"


def close_duplicate(duplicate: DuplicateIssue, comments: Sequence[CommentInfo]) -> Iterator[Action]:
    """Say once (its marker in ``comments``, the bot's own) that it is a duplicate, and close it."""
    number, marker = duplicate.duplicate, duplicate_marker(duplicate.kept)
    if not any(c.issue_number == number and marker in c.body for c in comments):
        yield CommentIssue(number, duplicate.item_id, duplicate_comment(duplicate.kept))
    yield CloseIssue(number, duplicate.item_id, CloseReason.NOT_PLANNED)


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
) -> list[OpenIssue | ReopenIssue]:
    """The first open items of the current phase that never had an issue, or whose issue the bot
    parked for the window (reopened), up to ``slots``."""
    phase = next((p for p in roadmap.phases if p.id == current), None)
    if phase is None or slots <= 0:
        return []
    opening: list[OpenIssue | ReopenIssue] = []
    for item in phase.items:
        if len(opening) >= slots:
            break
        if item.children or item_status(item, inputs.state) is not ItemStatus.OPEN:
            continue  # a parent is done through its children: they get the issues
        issue = inputs.index.by_item.get(item.id)
        if issue is not None:
            if issue.state == "closed" and is_parked(issue.body):
                wanted = _text(phase, item, due, inputs, issue)
                opening.append(_unpark(item, issue, wanted, inputs))
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


def _unpark(item: Item, issue: IssueInfo, wanted: IssueText, inputs: IssueInputs) -> ReopenIssue:
    """Reopen a parked issue with the text it should have now, the parked marker gone."""
    title, body = _edits(issue, wanted, inputs)
    return ReopenIssue(issue.number, item.id, title=title, body=body)


def _edits(
    issue: IssueInfo, wanted: IssueText, inputs: IssueInputs
) -> tuple[str | None, str | None]:
    """``edits_needed`` on the body without a parked marker's line, which goes in any case
    (from a person's text too: nothing else of it is changed), and a marker naming the id the
    item had before nesting changed it rewritten to the new one (in a person's text too)."""
    base = without_parked(issue.body)
    title, body = edits_needed(issue.title, base, wanted)
    if body is None and base != issue.body:
        body = base
    new_id = inputs.index.renamed.get(issue.number)
    if new_id is not None:
        current = base if body is None else body
        if own_item_marker(current) != new_id:
            body = with_marker(current, new_id)
    return title, body


def _marker_edit(item: Item, issue: IssueInfo, inputs: IssueInputs) -> Iterator[Action]:
    """Before an issue whose marker names the item's old id is closed: the marker rewritten to
    the item's id, nothing else of the body changed."""
    if inputs.index.renamed.get(issue.number) == item.id:
        yield EditIssue(issue.number, item.id, body=with_marker(issue.body, item.id))


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
    phase: Phase,
    item: Item,
    due: Mapping[str, date | None],
    inputs: IssueInputs,
    issue: IssueInfo | None = None,
) -> IssueText:
    """The text the item's issue should have; its checklist keeps the date ``issue``'s section
    says while its lines are the same (so an unchanged checklist is no edit)."""
    day = due[phase.id]
    section = inputs.checklist(item, section_of(issue.body) if issue else None)
    return issue_text(
        inputs.env,
        item=item,
        phase=phase,
        milestone=milestone_title(phase),
        due=day.isoformat() if day else None,
        rule=inputs.rule_words(item),
        repos=linked_repos(item, inputs.state),
        repo_slug=inputs.repo_slug,
        checklist=section,
    )


def _walk(roadmap: Roadmap) -> Iterator[tuple[Phase, Item]]:
    for phase in roadmap.phases:
        for item in phase.items:
            yield phase, item
