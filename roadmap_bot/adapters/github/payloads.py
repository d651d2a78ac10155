"""REST payloads (plain dicts) → the plain values the planner and commands use."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from github.Issue import Issue
from github.IssueComment import IssueComment
from github.NamedUser import NamedUser
from github.Organization import Organization
from github.PullRequest import PullRequest

from roadmap_bot.core.commands.permissions import role_from_permission
from roadmap_bot.core.issues import CommentInfo, IssueInfo


def issue_data(issue: Issue) -> dict[str, Any]:
    """The fields ``issue_info`` reads, from a PyGithub issue's public attributes.

    Only for an issue PyGithub built from a whole answer (a create's): reading an attribute the
    answer lacked would make a lazy object send a GET."""
    return {
        "number": issue.number,
        "title": issue.title,
        "body": issue.body,
        "state": issue.state,
        "state_reason": issue.state_reason,
        "labels": [label.name for label in issue.labels],
        "html_url": issue.html_url,
        "user": _user(issue.user),
    }


def comment_data(comment: IssueComment) -> dict[str, Any]:
    """The fields ``comment_info`` reads, from a PyGithub comment's public attributes (a
    listed comment has them all, so reading them sends nothing)."""
    return {
        "id": comment.id,
        "body": comment.body,
        "user": _user(comment.user),
        "html_url": comment.html_url,
        "created_at": stamp(comment.created_at),
        "issue_url": comment.issue_url,
    }


def pull_data(pull: PullRequest) -> dict[str, Any]:
    """A pull request's number, link, title and body from its public attributes."""
    return {
        "number": pull.number,
        "html_url": pull.html_url,
        "title": pull.title,
        "body": pull.body,
    }


def stamp(moment: datetime | None) -> str:
    """A timestamp as GitHub writes it (``2024-05-01T12:00:00Z``); "" for None."""
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _user(user: NamedUser | Organization | None) -> dict[str, Any]:
    return {} if user is None else {"login": user.login, "type": user.type}


def issue_info(data: Mapping[str, Any]) -> IssueInfo:
    """An issue payload as an IssueInfo."""
    return IssueInfo(
        number=int(data["number"]),
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        state=str(data.get("state") or "open"),
        state_reason=data.get("state_reason"),
        labels=tuple(
            str(label["name"] if isinstance(label, Mapping) else label)
            for label in data.get("labels") or ()
        ),
        url=str(data.get("html_url") or ""),
        author=str((data.get("user") or {}).get("login") or ""),
        updated_at=str(data.get("updated_at") or ""),
    )


def comment_info(data: Mapping[str, Any], issue_number: int | None = None) -> CommentInfo:
    """An issue comment payload as a CommentInfo (the issue number comes from ``issue_url``)."""
    user = data.get("user") or {}
    number = issue_number
    if number is None:
        number = int(str(data.get("issue_url") or "0").rstrip("/").rsplit("/", 1)[-1] or 0)
    return CommentInfo(
        id=int(data["id"]),
        issue_number=number,
        body=str(data.get("body") or ""),
        author=str(user.get("login") or ""),
        author_type=str(user.get("type") or "User"),
        url=str(data.get("html_url") or ""),
        created_at=str(data.get("created_at") or ""),
    )


def role_of(data: Mapping[str, Any]) -> str:
    """The collaborator's role from ``get-collaborator-permission-level``, as its label (``none``
    when the answer says nothing usable); the reading is ``core``'s ``role_from_permission``."""
    role = role_from_permission(data)
    return role.label if role is not None else "none"


def parse_since(since: str | None) -> datetime | None:
    """An ISO-8601 timestamp (``Z`` allowed) as an aware datetime."""
    if since is None:
        return None
    return datetime.fromisoformat(since.replace("Z", "+00:00"))
