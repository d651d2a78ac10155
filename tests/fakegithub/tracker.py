"""Issue-tracker operations on a repository: issues, comments, reactions, labels, milestones."""

from __future__ import annotations

from collections.abc import Iterable

from tests.fakegithub.records import Comment, Issue, Label, Milestone, Reaction, Repo
from tests.fakegithub.world import World

ISSUE_STATES = ("open", "closed")
STATE_REASONS = ("completed", "not_planned", "duplicate", "reopened")


class Conflict(ValueError):
    """The object already exists (GitHub answers 422 ``already_exists``)."""


def add_issue(
    world: World,
    repo: Repo,
    *,
    title: str,
    body: str | None = "",
    user: str = "octocat",
    labels: Iterable[str] = (),
    state: str = "open",
    milestone: int | None = None,
    assignees: Iterable[str] = (),
) -> Issue:
    if state not in ISSUE_STATES:
        raise ValueError(f"state must be one of {ISSUE_STATES}, not {state!r}")
    world.user(user)
    now = world.now()
    issue = Issue(world.new_id(), repo.next_number, title, body, user, now, now)
    repo.next_number += 1
    issue.labels = [ensure_label(world, repo, name).name for name in labels]
    issue.milestone = milestone
    issue.assignees = list(assignees)
    repo.issues[issue.number] = issue
    if state == "closed":
        update_issue(world, repo, issue, {"state": "closed"}, actor=user)
    return issue


def update_issue(world: World, repo: Repo, issue: Issue, changes: dict, *, actor: str) -> None:
    """Apply a PATCH-style change set; closing/reopening sets ``state_reason`` like GitHub."""
    now = world.now()
    if "title" in changes and changes["title"] is not None:
        issue.title = str(changes["title"])
    if "body" in changes:
        if changes["body"] != issue.body:
            issue.editor = actor
        issue.body = changes["body"]
    if "labels" in changes and changes["labels"] is not None:
        names = [x["name"] if isinstance(x, dict) else str(x) for x in changes["labels"]]
        issue.labels = [ensure_label(world, repo, n).name for n in names]
    if "milestone" in changes:
        issue.milestone = changes["milestone"]
    if "assignees" in changes and changes["assignees"] is not None:
        issue.assignees = list(changes["assignees"])
    state = changes.get("state")
    reason = changes.get("state_reason")
    if state == "closed" and issue.state != "closed":
        issue.state, issue.closed_at, issue.closed_by = "closed", now, actor
        issue.state_reason = reason or "completed"
    elif state == "open" and issue.state != "open":
        issue.state, issue.closed_at, issue.closed_by = "open", None, None
        issue.state_reason = "reopened"
    elif reason is not None and issue.state == "closed":
        issue.state_reason = reason
    issue.updated_at = now


def add_comment(world: World, repo: Repo, issue: Issue, *, body: str, user: str) -> Comment:
    world.user(user)
    now = world.now()
    comment = Comment(world.new_id(), issue.number, body, user, now, now)
    repo.comments[comment.id] = comment
    issue.updated_at = now
    return comment


def update_comment(world: World, comment: Comment, body: str) -> None:
    comment.body = body
    comment.updated_at = world.now()


def comment_count(repo: Repo, number: int) -> int:
    return sum(c.issue_number == number for c in repo.comments.values())


def add_reaction(
    world: World, repo: Repo, subject: tuple[str, int], *, content: str, user: str
) -> tuple[Reaction, bool]:
    """Add a reaction; an identical one (same user, content, subject) is returned, not doubled."""
    for reaction in repo.reactions.values():
        if (reaction.subject, reaction.content, reaction.user.lower()) == (
            subject,
            content,
            user.lower(),
        ):
            return reaction, False
    world.user(user)
    reaction = Reaction(world.new_id(), subject, content, user, world.now())
    repo.reactions[reaction.id] = reaction
    return reaction, True


def reactions_of(repo: Repo, subject: tuple[str, int]) -> list[Reaction]:
    return [r for r in repo.reactions.values() if r.subject == subject]


def ensure_label(world: World, repo: Repo, name: str) -> Label:
    """Return the label, creating it with GitHub's default colour (adding to an issue does)."""
    return repo.labels.get(name.lower()) or create_label(world, repo, name=name)


def create_label(
    world: World, repo: Repo, *, name: str, color: str = "ededed", description: str | None = None
) -> Label:
    if name.lower() in repo.labels:
        raise Conflict(f"label {name!r} already exists")
    label = Label(world.new_id(), name, color.lstrip("#").lower(), description)
    repo.labels[name.lower()] = label
    return label


def create_milestone(
    world: World,
    repo: Repo,
    *,
    title: str,
    creator: str,
    state: str = "open",
    description: str | None = None,
    due_on: str | None = None,
) -> Milestone:
    if any(m.title == title for m in repo.milestones.values()):
        raise Conflict(f"milestone {title!r} already exists")
    now = world.now()
    number = max(repo.milestones, default=0) + 1
    milestone = Milestone(world.new_id(), number, title, creator, now, now, state)
    milestone.description, milestone.due_on = description, due_on
    milestone.closed_at = now if state == "closed" else None
    repo.milestones[number] = milestone
    return milestone
