"""REST payloads (plain dicts) → the plain values the planner and commands use."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from github.GithubObject import GithubObject

from roadmap_bot.core.issues import CommentInfo, IssueInfo

ROLES = ("admin", "maintain", "write", "triage", "read")
# user.permissions flags, strongest first, and the role each one means
_FLAGS = (("admin", "admin"), ("maintain", "maintain"), ("push", "write"), ("triage", "triage"))
_FLAGS_READ = (("pull", "read"),)


def raw(obj: GithubObject) -> dict[str, Any]:
    """The payload PyGithub parsed, without the extra GET a lazy object's ``raw_data`` may send."""
    return GithubObject.raw_data.fget(obj)  # type: ignore[attr-defined]


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
    """The collaborator's role from ``get-collaborator-permission-level``.

    ``permission`` maps maintain → write and triage → read (GitHub docs), so it cannot tell
    them apart: use ``role_name`` when it is a base role, else the ``user.permissions`` flags
    (custom roles), and ``permission`` only as the last resort.
    """
    role = data.get("role_name")
    if role in ROLES:
        return str(role)
    flags = (data.get("user") or {}).get("permissions") or {}
    for flag, name in _FLAGS + _FLAGS_READ:
        if flags.get(flag):
            return name
    permission = data.get("permission")
    return str(permission) if permission in ("admin", "write", "read") else "none"


def parse_since(since: str | None) -> datetime | None:
    """An ISO-8601 timestamp (``Z`` allowed) as an aware datetime."""
    if since is None:
        return None
    return datetime.fromisoformat(since.replace("Z", "+00:00"))
