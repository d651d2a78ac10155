"""Plain values for GitHub issues and comments as the planner sees them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IssueInfo:
    """An issue of the roadmap repo (only what the planner needs)."""

    number: int
    title: str
    body: str
    state: str  # "open" | "closed"
    state_reason: str | None = None  # "completed" | "not_planned" | "reopened" | None
    labels: tuple[str, ...] = ()
    url: str = ""
    author: str = ""
    updated_at: str = ""  # ISO-8601 UTC: any change (comment, edit, label, state); "" unknown
    editor: str = ""  # who last edited the body (a bot as ``name[bot]``); "" never or unknown


@dataclass(frozen=True, slots=True)
class CommentInfo:
    """An issue comment (only what the command handler needs)."""

    id: int
    issue_number: int
    body: str
    author: str
    author_type: str  # "User" | "Bot" | "Organization"
    url: str = ""
    created_at: str = ""
