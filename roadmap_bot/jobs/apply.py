"""Carry out a Plan's issue actions through an issue tracker; decides nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.planning.bot_issues import bot_item_id
from roadmap_bot.core.planning.dashboard import DASHBOARD_ID, fill_pending, is_dashboard
from roadmap_bot.core.planning.issues import duplicate_comment
from roadmap_bot.core.planning.plan import (
    Action,
    CloseIssue,
    CommentIssue,
    EditIssue,
    EnsureLabel,
    EnsureMilestone,
    OpenIssue,
    ReopenIssue,
    describe_action,
)
from roadmap_bot.errors import GitHubError


class Tracker(Protocol):
    """The issue operations a sync needs (GitHubClient has them)."""

    def list_issues(self, *, label: str | None = ..., state: str = ...) -> list[IssueInfo]: ...

    def list_comments(
        self, *, since: str | None = None, issue_number: int | None = None
    ) -> list[CommentInfo]: ...

    def create_issue(
        self, *, title: str, body: str, labels: Sequence[str], milestone: int | None
    ) -> IssueInfo: ...

    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        labels: Sequence[str] | None = None,
    ) -> None: ...

    def close_issue(self, number: int, *, reason: str) -> None: ...

    def reopen_issue(self, number: int) -> None: ...

    def identity(self) -> str:
        """The login the token acts as (issues it writes are authored by it), asked once."""
        ...

    def comment(self, number: int, body: str) -> CommentInfo: ...

    def delete_comment(self, comment_id: int) -> bool:
        """Delete a comment; False when it was gone already (another run deleted it)."""
        ...

    def ensure_label(self, name: str, *, color: str, description: str) -> None: ...

    def ensure_milestone(self, title: str, *, due_on: str | None) -> int: ...

    def pin_issue(self, number: int) -> None:
        """Pin the issue to the repository's issue list (GitHub allows three)."""
        ...

    def permission(self, login: str) -> str:
        """admin, maintain, write, triage, read or none; raises when GitHub cannot say."""
        ...


@dataclass(slots=True)
class Applied:
    """What the tracker did, for the report and the step outputs."""

    opened: list[tuple[str, int]] = field(default_factory=list)  # (item id, issue number)
    closed: list[tuple[str, int]] = field(default_factory=list)
    reopened: list[tuple[str, int]] = field(default_factory=list)  # parked, back in the window
    parked: list[tuple[str, int]] = field(default_factory=list)  # closed to keep the window
    commented: list[tuple[str, int]] = field(default_factory=list)
    edited: list[tuple[str, int]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    dashboard: int | None = None  # the dashboard issue this run opened
    warnings: list[str] = field(default_factory=list)  # what failed without failing the run


def apply_actions(tracker: Tracker, actions: Sequence[Action]) -> Applied:
    """Run the actions in order; a milestone's title is resolved to its number on the way, and
    the number of an issue opened on the way where a later body names it (the dashboard).

    The dashboard (``DASHBOARD_ID``) is not one of the opened or closed items' issues."""
    applied = Applied()
    milestones: dict[str, int] = {}
    numbers: dict[str, int] = {}  # item id → the issue this run opened
    for action in actions:
        applied.log.append(describe_action(action))
        if (
            isinstance(action, OpenIssue | EditIssue)
            and action.item_id == DASHBOARD_ID  # only its body names issues opened on the way
            and action.body is not None
            and numbers
        ):
            action = replace(action, body=fill_pending(action.body, numbers))
        match action:
            case EnsureLabel(name=name, color=color, description=description):
                tracker.ensure_label(name, color=color, description=description)
            case EnsureMilestone(title=title, due_on=due_on):
                milestones[title] = tracker.ensure_milestone(title, due_on=due_on)
            case OpenIssue(item_id=item_id, title=title, body=body, labels=labels, milestone=m):
                number = milestones.get(m) if m else None
                if m and number is None:
                    number = tracker.ensure_milestone(m, due_on=None)
                issue = tracker.create_issue(
                    title=title, body=body, labels=labels, milestone=number
                )
                numbers[item_id] = issue.number
                if item_id == DASHBOARD_ID:
                    applied.dashboard = issue.number
                else:
                    applied.opened.append((item_id, issue.number))
                if action.pin:
                    _pin(tracker, issue.number, applied)
            case EditIssue(number=number, item_id=item_id, title=title, body=body):
                tracker.edit_issue(number, title=title, body=body)
                applied.edited.append((item_id, number))
            case CommentIssue(number=number, item_id=item_id, body=body):
                tracker.comment(number, body)
                applied.commented.append((item_id, number))
            case CloseIssue(number=number, item_id=item_id, reason=reason, parked=parked):
                tracker.close_issue(number, reason=str(reason))
                if item_id != DASHBOARD_ID:
                    (applied.parked if parked else applied.closed).append((item_id, number))
            case ReopenIssue(number=number, item_id=item_id, title=title, body=body):
                if title is not None or body is not None:
                    tracker.edit_issue(number, title=title, body=body)
                tracker.reopen_issue(number)
                applied.reopened.append((item_id, number))
    if numbers:
        close_duplicates(tracker, set(numbers))
    return applied


def _pin(tracker: Tracker, number: int, applied: Applied) -> None:
    """Pin a new issue; GitHub pins at most three per repository, so a refusal is a warning."""
    try:
        tracker.pin_issue(number)
    except GitHubError as exc:
        applied.warnings.append(f"could not pin issue #{number} (the dashboard): {exc}")


def close_duplicates(tracker: Tracker, item_ids: set[str]) -> list[int]:
    """Close open bot issues that repeat an item's marker (two runs at once), keeping the lowest.

    Only issues the token's own account wrote count: a stranger's issue carrying a marker is
    never closed (nor does it make the bot close its own)."""
    seen: dict[str, int] = {}
    closed: list[int] = []
    own = tracker.identity()
    for issue in sorted(tracker.list_issues(label=None, state="open"), key=lambda i: i.number):
        item_id = DASHBOARD_ID if is_dashboard(issue, own) else bot_item_id(issue, own)
        if item_id is None or item_id not in item_ids:
            continue
        if item_id not in seen:
            seen[item_id] = issue.number
            continue
        kept = seen[item_id]
        tracker.comment(issue.number, duplicate_comment(kept))
        tracker.close_issue(issue.number, reason="not_planned")
        closed.append(issue.number)
    return closed
