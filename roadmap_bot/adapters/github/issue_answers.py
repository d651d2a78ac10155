"""Issues and comments read by GraphQL, as the same plain values the REST payloads give.

GraphQL spells a few things differently from REST; these readers undo that so callers cannot
tell the two apart: states and state reasons are upper-case enums (``CLOSED``, ``NOT_PLANNED``),
an app's login has no ``[bot]`` suffix (REST: ``github-actions[bot]``, GraphQL: a ``Bot`` named
``github-actions``), and a comment's REST ``id`` is ``fullDatabaseId`` (a BigInt sent as a string;
``databaseId`` is a 32-bit Int that newer ids overflow).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from roadmap_bot.core.issues import CommentInfo, IssueInfo

ISSUES_PAGE = 100  # issues per page of the full listing (GitHub's maximum)
RECENT_ISSUES = 50  # issues updated in the look-back window, read with their last comments
RECENT_COMMENTS = 50  # last comments read of each of those issues
RECENT_PULLS = 20  # pull requests (their conversation comments are issue comments too)

_AUTHOR = "author { __typename login }"
ISSUE_FIELDS = (
    f"number title body state stateReason url updatedAt {_AUTHOR} editor {{ __typename login }} "
    "labels(first: 100) { nodes { name } }"
)
COMMENT_FIELDS = f"fullDatabaseId databaseId body url createdAt updatedAt {_AUTHOR}"
_COMMENTS = (
    f"comments(last: {RECENT_COMMENTS}) {{ pageInfo {{ hasPreviousPage }} "
    f"nodes {{ {COMMENT_FIELDS} }} }}"
)


def issues_field(*, after: str | None = None) -> str:
    """Every issue (open and closed, not pull requests), newest first, as REST lists them."""
    cursor = f", after: {after}" if after else ""
    return (
        f"issues: issues(first: {ISSUES_PAGE}{cursor}, "
        "orderBy: {field: CREATED_AT, direction: DESC}) "
        f"{{ pageInfo {{ hasNextPage endCursor }} nodes {{ {ISSUE_FIELDS} }} }}"
    )


def recent_fields(since_variable: str) -> list[str]:
    """Issues and pull requests updated since ``$since``, with their last comments."""
    return [
        f"recent: issues(first: {RECENT_ISSUES}, filterBy: {{since: ${since_variable}}}, "
        "orderBy: {field: UPDATED_AT, direction: DESC}) "
        f"{{ pageInfo {{ hasNextPage }} nodes {{ number {_COMMENTS} }} }}",
        f"recentPulls: pullRequests(first: {RECENT_PULLS}, "
        "orderBy: {field: UPDATED_AT, direction: DESC}) "
        f"{{ pageInfo {{ hasNextPage }} nodes {{ number updatedAt {_COMMENTS} }} }}",
    ]


def issue_page(node: Any) -> tuple[list[IssueInfo], str | None] | None:
    """One page of ``issues_field``: the issues and the cursor of the next page (None: last)."""
    if not isinstance(node, Mapping):
        return None
    issues = [issue_from_graphql(n) for n in node.get("nodes") or () if isinstance(n, Mapping)]
    info = node.get("pageInfo") or {}
    return issues, (str(info["endCursor"]) if info.get("hasNextPage") else None)


def issue_from_graphql(node: Mapping[str, Any]) -> IssueInfo:
    reason = node.get("stateReason")
    return IssueInfo(
        number=int(node["number"]),
        title=str(node.get("title") or ""),
        body=str(node.get("body") or ""),
        state=str(node.get("state") or "OPEN").lower(),
        state_reason=str(reason).lower() if reason else None,
        labels=tuple(
            str(label["name"])
            for label in (node.get("labels") or {}).get("nodes") or ()
            if isinstance(label, Mapping)
        ),
        url=str(node.get("url") or ""),
        author=author_of(node.get("author"))[0],
        updated_at=str(node.get("updatedAt") or ""),
        editor=author_of(node.get("editor"))[0],
    )


def comment_from_graphql(node: Mapping[str, Any], issue_number: int) -> CommentInfo:
    login, kind = author_of(node.get("author"))
    return CommentInfo(
        id=int(node.get("fullDatabaseId") or node.get("databaseId") or 0),
        issue_number=issue_number,
        body=str(node.get("body") or ""),
        author=login,
        author_type=kind,
        url=str(node.get("url") or ""),
        created_at=str(node.get("createdAt") or ""),
    )


def author_of(actor: Any) -> tuple[str, str]:
    """(login as REST spells it, REST ``user.type``); a deleted account is ("", "User")."""
    if not isinstance(actor, Mapping):
        return "", "User"
    login = str(actor.get("login") or "")
    kind = str(actor.get("__typename") or "User")
    if kind == "Bot":
        return (login if login.endswith("[bot]") else f"{login}[bot]"), "Bot"
    return login, "Organization" if kind == "Organization" else "User"


def recent_comments(issues: Any, pulls: Any, since: datetime) -> list[CommentInfo] | None:
    """Comments updated at or after ``since``, oldest first, as ``GET /issues/comments?since=``
    lists them; None when the answer may have missed some (then ask REST)."""
    if not isinstance(issues, Mapping) or not isinstance(pulls, Mapping):
        return None
    if (issues.get("pageInfo") or {}).get("hasNextPage"):
        return None  # more issues changed in the window than one query reads
    pull_nodes = [n for n in pulls.get("nodes") or () if isinstance(n, Mapping)]
    if (pulls.get("pageInfo") or {}).get("hasNextPage") and (
        not pull_nodes or _moment(pull_nodes[-1].get("updatedAt")) >= since
    ):
        return None
    found: list[CommentInfo] = []
    for owner in [*(issues.get("nodes") or ()), *pull_nodes]:
        if not isinstance(owner, Mapping):
            continue
        connection = owner.get("comments") or {}
        nodes = [n for n in connection.get("nodes") or () if isinstance(n, Mapping)]
        if (connection.get("pageInfo") or {}).get("hasPreviousPage") and (
            not nodes or _moment(nodes[0].get("createdAt")) >= since
        ):
            return None  # older comments of this issue were written in the window too
        number = int(owner["number"])
        found += [
            comment_from_graphql(n, number)
            for n in nodes
            if _moment(n.get("updatedAt") or n.get("createdAt")) >= since
        ]
    return sorted(found, key=lambda c: (c.created_at, c.id))


def _moment(value: Any) -> datetime:
    return datetime.fromisoformat(str(value or "1970-01-01T00:00:00Z").replace("Z", "+00:00"))
