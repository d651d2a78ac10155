"""The Plan a sync run carries out: plain action values, what changed, and what to report."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from roadmap_bot.core.model import State


class ActionKind(StrEnum):
    """The closed set of things the executor can be asked to do."""

    ENSURE_LABEL = "ensure-label"
    ENSURE_MILESTONE = "ensure-milestone"
    OPEN_ISSUE = "open-issue"
    EDIT_ISSUE = "edit-issue"
    COMMENT_ISSUE = "comment-issue"
    CLOSE_ISSUE = "close-issue"
    REOPEN_ISSUE = "reopen-issue"


class CloseReason(StrEnum):
    """GitHub's ``state_reason`` for a closed issue."""

    COMPLETED = "completed"
    NOT_PLANNED = "not_planned"


@dataclass(frozen=True, slots=True)
class EnsureLabel:
    """Create the label when the repo lacks it (an existing label is left as the user styled it)."""

    kind: ClassVar[ActionKind] = ActionKind.ENSURE_LABEL
    name: str
    color: str  # six hex digits, no '#'
    description: str


@dataclass(frozen=True, slots=True)
class EnsureMilestone:
    """Create the milestone when the repo lacks one with this title."""

    kind: ClassVar[ActionKind] = ActionKind.ENSURE_MILESTONE
    title: str
    due_on: str | None  # "YYYY-MM-DDT12:00:00Z" (see milestones.due_on) or None


@dataclass(frozen=True, slots=True)
class OpenIssue:
    """Open the bot issue of one roadmap item; ``milestone`` is a title from an EnsureMilestone.

    ``item_id`` is ``dashboard.DASHBOARD_ID`` for the dashboard, opened with ``pin`` (pinned
    once, when it is opened; a failed pin is a warning)."""

    kind: ClassVar[ActionKind] = ActionKind.OPEN_ISSUE
    item_id: str
    title: str
    body: str
    labels: tuple[str, ...]
    milestone: str | None
    pin: bool = False


@dataclass(frozen=True, slots=True)
class EditIssue:
    """Change an open bot issue; fields left None stay as they are."""

    kind: ClassVar[ActionKind] = ActionKind.EDIT_ISSUE
    number: int
    item_id: str
    title: str | None = None
    body: str | None = None


@dataclass(frozen=True, slots=True)
class CommentIssue:
    """Post a comment (its body carries a hidden marker, so the next plan knows it was posted)."""

    kind: ClassVar[ActionKind] = ActionKind.COMMENT_ISSUE
    number: int
    item_id: str
    body: str


@dataclass(frozen=True, slots=True)
class CloseIssue:
    """Close an issue with a state reason."""

    kind: ClassVar[ActionKind] = ActionKind.CLOSE_ISSUE
    number: int
    item_id: str
    reason: CloseReason = CloseReason.COMPLETED
    parked: bool = False  # closed to keep the window of open issues, reopened when a slot frees


@dataclass(frozen=True, slots=True)
class ReopenIssue:
    """Reopen an issue the bot closed to keep the window, now that a slot is free; ``title`` and
    ``body`` (None: unchanged) are written first, so the parked marker is gone once it is open."""

    kind: ClassVar[ActionKind] = ActionKind.REOPEN_ISSUE
    number: int
    item_id: str
    title: str | None = None
    body: str | None = None


Action = (
    EnsureLabel | EnsureMilestone | OpenIssue | EditIssue | CommentIssue | CloseIssue | ReopenIssue
)


@dataclass(frozen=True, slots=True)
class TickedItem:
    """An item this run ticks from evidence."""

    item_id: str
    title: str
    reasons: tuple[str, ...]
    repo: str | None = None
    commit: str | None = None


@dataclass(frozen=True, slots=True)
class Regression:
    """An auto-ticked item whose evidence fails now; flagged only: automation never unticks."""

    item_id: str
    title: str
    failed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FailingItem:
    """An open item whose rule does not hold yet, with the checks that failed."""

    item_id: str
    title: str
    failed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemProblem:
    """An item whose evidence could not be checked, and why."""

    item_id: str
    title: str
    problem: str


@dataclass(frozen=True, slots=True)
class DuplicateIssue:
    """A second issue carrying an item's marker; the lowest-numbered one is kept and acted on."""

    item_id: str
    kept: int
    duplicate: int


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything one sync run decided; ``actions`` run in order (comment before close)."""

    new_state: State
    ticked: tuple[TickedItem, ...] = ()
    regressions: tuple[Regression, ...] = ()
    failing: tuple[FailingItem, ...] = ()
    problems: tuple[ItemProblem, ...] = ()
    duplicates: tuple[DuplicateIssue, ...] = ()
    actions: tuple[Action, ...] = ()


def describe_action(action: Action) -> str:
    """One line for one action, as ``--dry-run`` prints it."""
    match action:
        case EnsureLabel(name=name, color=color):
            return f"ensure label {name!r} (#{color})"
        case EnsureMilestone(title=title, due_on=due):
            return f"ensure milestone {title!r}" + (f" due {due[:10]}" if due else "")
        case OpenIssue(item_id=item_id, title=title, labels=labels, milestone=milestone, pin=pin):
            extra = f" labels {', '.join(labels)}" + (
                f"; milestone {milestone!r}" if milestone else ""
            )
            if pin:
                return f"open and pin issue for {item_id}: {title!r}"
            return f"open issue for {item_id}: {title!r} ({extra.strip()})"
        case EditIssue(number=number, item_id=item_id, title=title, body=body):
            parts = [
                name for name, value in (("title", title), ("body", body)) if value is not None
            ]
            return f"edit issue #{number} ({item_id}): update {' and '.join(parts)}"
        case CommentIssue(number=number, item_id=item_id):
            return f"comment on issue #{number} ({item_id})"
        case CloseIssue(number=number, item_id=item_id, reason=reason):
            return f"close issue #{number} ({item_id}) as {reason}"
        case ReopenIssue(number=number, item_id=item_id):
            return f"reopen issue #{number} ({item_id}): a slot of the open-issue window is free"
    raise AssertionError(f"unknown action {action!r}")  # pragma: no cover


def describe_plan(plan: Plan) -> str:
    """The plan as text for ``--dry-run``, one line each: ticks, actions, then what needs a look."""
    lines = [f"tick {t.item_id}: {'; '.join(t.reasons) or 'rule holds'}" for t in plan.ticked]
    lines += [describe_action(a) for a in plan.actions]
    lines += [
        f"regression {r.item_id} (kept ticked): {'; '.join(r.failed)}" for r in plan.regressions
    ]
    lines += [f"not yet {f.item_id}: {'; '.join(f.failed)}" for f in plan.failing]
    lines += [f"cannot check {p.item_id}: {p.problem}" for p in plan.problems]
    lines += [
        f"duplicate issue #{d.duplicate} for {d.item_id} (acting on #{d.kept} only)"
        for d in plan.duplicates
    ]
    return "\n".join(lines or ["nothing to do"])
