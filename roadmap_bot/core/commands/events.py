"""GitHub event payload (a parsed dict) → one typed event the bot acts on, or Ignored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from roadmap_bot.core.commands.permissions import is_bot
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.planning.bot_issues import bot_item_id, is_parked
from roadmap_bot.core.planning.issues import index_issues
from roadmap_bot.errors import PayloadError


@dataclass(frozen=True, slots=True)
class CommentCreated:
    """A new comment on an issue or pull request of the roadmap repo (never a bot's)."""

    repo: str  # owner/name
    issue_number: int
    comment: CommentInfo


@dataclass(frozen=True, slots=True)
class IssueClosed:
    """An issue was closed; ``state_reason`` is "completed", "not_planned", ... or None."""

    repo: str
    number: int
    state_reason: str | None
    body: str
    labels: tuple[str, ...]
    actor: str  # who closed it
    actor_type: str = "User"
    title: str = ""


@dataclass(frozen=True, slots=True)
class IssueReopened:
    """A closed issue was opened again."""

    repo: str
    number: int
    state_reason: str | None
    body: str
    labels: tuple[str, ...]
    actor: str
    actor_type: str = "User"
    title: str = ""


@dataclass(frozen=True, slots=True)
class IssueEdited:
    """An issue's body was edited by a person (the dashboard's boxes are read from it);
    ``body_from`` is ``changes.body.from``, the body before."""

    repo: str
    number: int
    body: str
    body_from: str
    actor: str
    actor_type: str = "User"
    title: str = ""


@dataclass(frozen=True, slots=True)
class Scheduled:
    """A cron run; ``cron`` is the schedule that fired, when the payload says."""

    cron: str = ""


@dataclass(frozen=True, slots=True)
class Dispatched:
    """A manual run (workflow_dispatch); input values as the text GitHub shows for them."""

    inputs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Ignored:
    """An event the bot does nothing for, and why (for the log)."""

    reason: str


Event = (
    CommentCreated | IssueClosed | IssueReopened | IssueEdited | Scheduled | Dispatched | Ignored
)


def event_from_payload(event_name: str, payload: Mapping[str, Any]) -> Event:
    """Turn ``$GITHUB_EVENT_NAME`` and the parsed ``$GITHUB_EVENT_PATH`` into an Event.

    Unknown keys are ignored and optional ones may be missing or null, since real deliveries
    gain fields over time; a missing field every delivery has raises PayloadError.
    """
    if not isinstance(payload, Mapping):
        raise PayloadError(
            f"the {event_name} event payload is {type(payload).__name__}, not a JSON object; "
            "pass the file GitHub wrote to $GITHUB_EVENT_PATH"
        )
    action = payload.get("action") if isinstance(payload.get("action"), str) else None
    if event_name == "issue_comment":
        if action != "created":
            return Ignored(f"issue_comment {action}: only new comments are read")
        return _comment_created(payload)
    if event_name == "issues":
        if action == "edited":
            return _issue_edited(payload)
        if action not in {"closed", "reopened"}:
            return Ignored(f"issues {action}: only closing and reopening matter")
        return _issue_event(payload, closed=action == "closed")
    if event_name == "schedule":
        cron = payload.get("schedule")
        return Scheduled(cron if isinstance(cron, str) else "")
    if event_name == "workflow_dispatch":
        inputs = payload.get("inputs")
        pairs = inputs.items() if isinstance(inputs, Mapping) else ()
        return Dispatched(MappingProxyType({str(k): _input_text(v) for k, v in pairs}))
    return Ignored(f"{event_name or 'an unnamed'} event: roadmap-bot does not act on it")


class IssueChange(StrEnum):
    """What a person did to a bot-opened item issue: tick, skip, or undo either."""

    COMPLETED = "completed"
    NOT_PLANNED = "not_planned"
    REOPENED = "reopened"


@dataclass(frozen=True, slots=True)
class ItemIssueEvent:
    """A close or reopen of the issue the bot opened for ``item_id``."""

    item_id: str
    change: IssueChange
    issue: IssueInfo
    actor: str
    actor_type: str


def item_issue_event(
    event: IssueClosed | IssueReopened,
    issues: Sequence[IssueInfo],
    *,
    bot_login: str,
    item_ids: Iterable[str] = (),
) -> ItemIssueEvent | Ignored:
    """Judge a close or reopen against the issues as they are now (``issues``: all of them).

    It counts only for the issue the planner tracks for an item (written by ``bot_login``, the
    account the token acts as, the lowest-numbered one with the item's marker), when the issue
    is still in the state the event reports (a replayed or overtaken event means nothing), and
    when no bot did it. With a personal token the bot's own closes come back as the person's:
    a close on a tick or a skip repeats what the state says (no change); a close that parked the
    issue for the window is recognised by its marker and ignored. With ``item_ids`` (the
    roadmap's), an issue whose marker names an id that nesting changed counts for the item.
    """
    if is_bot(event.actor, event.actor_type):
        return Ignored(f"issue #{event.number} changed by the bot {event.actor}")
    issue = next((i for i in issues if i.number == event.number), None)
    index = index_issues(issues, bot_login=bot_login, item_ids=list(item_ids))
    item_id = bot_item_id(issue, bot_login) if issue else None
    item_id = index.renamed.get(event.number, item_id)  # a marker an id change left behind
    kept = index.by_item.get(item_id or "")
    if issue is None or item_id is None or kept is None or kept.number != issue.number:
        return Ignored(f"issue #{event.number} is not the bot's issue of a roadmap item")
    if isinstance(event, IssueClosed) and is_parked(issue.body):
        return Ignored(
            f"issue #{event.number} was closed by roadmap-bot to keep the window of open issues"
        )
    if isinstance(event, IssueReopened):
        change = IssueChange.REOPENED if issue.state == "open" else None
    else:
        reason = issue.state_reason if issue.state == "closed" else None
        known = reason == event.state_reason and reason in {"completed", "not_planned"}
        change = IssueChange(reason) if known and reason else None
    if change is None:
        return Ignored(f"issue #{event.number} is no longer as the event says (stale or replayed)")
    return ItemIssueEvent(item_id, change, issue, event.actor, event.actor_type)


def _comment_created(payload: Mapping[str, Any]) -> Event:
    issue = _object(payload, "issue", "issue_comment")
    comment = _object(payload, "comment", "issue_comment")
    user = _mapping(comment.get("user"))
    author, author_type = _text(user.get("login")), _text(user.get("type"), "User")
    if is_bot(author, author_type):
        return Ignored(f"comment by the bot {author or 'account'}: bots are never obeyed")
    number = _number(issue, "number", "issue.number", "issue_comment")
    info = CommentInfo(
        id=_number(comment, "id", "comment.id", "issue_comment"),
        issue_number=number,
        body=_text(comment.get("body")),
        author=author,
        author_type=author_type,
        url=_text(comment.get("html_url")),
        created_at=_text(comment.get("created_at")),
    )
    return CommentCreated(
        repo=_repo(payload, "issue_comment"),
        issue_number=number,
        comment=info,
    )


def _issue_event(payload: Mapping[str, Any], *, closed: bool) -> Event:
    issue = _object(payload, "issue", "issues")
    sender = _mapping(payload.get("sender"))
    reason = issue.get("state_reason")
    kind = IssueClosed if closed else IssueReopened
    return kind(
        repo=_repo(payload, "issues"),
        number=_number(issue, "number", "issue.number", "issues"),
        state_reason=reason if isinstance(reason, str) and reason else None,
        body=_text(issue.get("body")),
        labels=_labels(issue.get("labels")),
        actor=_text(sender.get("login")),
        actor_type=_text(sender.get("type"), "User"),
        title=_text(issue.get("title")),
    )


def _issue_edited(payload: Mapping[str, Any]) -> Event:
    """An edit's delivery: the body now and before; a bot's own edit (the dashboard re-rendered)
    and an edit of the title alone are ignored here, before any request."""
    issue = _object(payload, "issue", "issues")
    sender = _mapping(payload.get("sender"))
    actor, actor_type = _text(sender.get("login")), _text(sender.get("type"), "User")
    number = _number(issue, "number", "issue.number", "issues")
    if is_bot(actor, actor_type):
        return Ignored(f"issue #{number} edited by the bot {actor or 'account'}")
    before = _mapping(_mapping(payload.get("changes")).get("body")).get("from")
    if not isinstance(before, str):
        return Ignored(f"issues edited: the body of #{number} did not change")
    return IssueEdited(
        repo=_repo(payload, "issues"),
        number=number,
        body=_text(issue.get("body")),
        body_from=before,
        actor=actor,
        actor_type=actor_type,
        title=_text(issue.get("title")),
    )


def _repo(payload: Mapping[str, Any], event: str) -> str:
    repo = _object(payload, "repository", event)
    full_name = repo.get("full_name")
    if isinstance(full_name, str) and full_name.count("/") == 1:
        return full_name
    owner, name = _mapping(repo.get("owner")).get("login"), repo.get("name")
    if isinstance(owner, str) and isinstance(name, str) and owner and name:
        return f"{owner}/{name}"
    raise _missing("repository.full_name", event)


def _object(payload: Mapping[str, Any], key: str, event: str) -> Mapping[str, Any]:
    value = payload.get(key)
    if not isinstance(value, Mapping):
        raise _missing(key, event)
    return value


def _number(mapping: Mapping[str, Any], key: str, path: str, event: str) -> int:
    value = mapping.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _missing(path, event)
    return value


def _missing(path: str, event: str) -> PayloadError:
    return PayloadError(
        f"the {event} event payload has no usable {path}, which every GitHub delivery has; "
        f"run roadmap-bot from a workflow triggered by `{event}`, or pass a payload GitHub wrote"
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _labels(value: Any) -> tuple[str, ...]:
    """Label names from ``[{"name": ...}]`` (or plain strings, as some tools write them)."""
    if not isinstance(value, list | tuple):
        return ()
    names = (label.get("name") if isinstance(label, Mapping) else label for label in value)
    return tuple(name for name in names if isinstance(name, str) and name)


def _input_text(value: Any) -> str:
    """Show an input as GitHub's ``github.event.inputs`` does: booleans as true/false."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
