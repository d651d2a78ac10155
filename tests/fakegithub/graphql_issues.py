"""GraphQL issues, issue comments, labels and pull requests of a ``Repository``, over the tracker.

Follows github.com where the behaviour is known:
- ``issues``/``pullRequests`` without ``orderBy`` list oldest first (CREATED_AT ASC); comments
  list in creation order; labels of an issue in label-creation order (``LabelOrder`` default).
- ``states`` and ``labels`` (top level or in ``filterBy``) keep issues matching ANY of the values
  (GraphQL label filtering is OR, unlike REST's AND); ``filterBy.since`` keeps issues updated at
  or after it.
- Ids are the REST ones: ``databaseId`` = REST ``id``, ``fullDatabaseId`` the same as a BigInt
  string, ``id`` = REST ``node_id``; ``url`` = REST ``html_url``.
- A bot author is a ``Bot`` whose login has no ``[bot]`` suffix (REST ``github-actions[bot]`` is
  GraphQL ``github-actions``), with its page under ``/apps/``.
- ``stateReason`` says ``NOT_PLANNED`` for a duplicate unless ``enableDuplicate: true``.
The world models no pull requests (no record marks an issue as one), so ``pullRequests`` is an
empty connection and ``pullRequest(number:)`` is NOT_FOUND.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, NoReturn
from urllib.parse import quote

from graphql import GraphQLError

from tests.fakegithub.graphql_connection import connection
from tests.fakegithub.payloads import Urls, association, node_id
from tests.fakegithub.records import Comment, Issue, Label, Milestone, Repo
from tests.fakegithub.world import World, iso

Node = dict[str, Any]
_PAGE = ("first", "last", "after", "before")


class IssueGraph:
    """Builds the tracker fields of one repository's GraphQL ``Repository`` object."""

    def __init__(
        self, world: World, urls: Urls, repo: Repo, repository: Callable[[], Node]
    ) -> None:
        self.world, self.urls, self.repo, self.repository = world, urls, repo, repository
        self._comments: dict[int, list[Comment]] | None = None

    def fields(self) -> Node:
        """The ``Repository`` fields this module serves."""
        return {
            "hasIssuesEnabled": True,
            "issues": self._issues,
            "issue": lambda info, number: self.issue(self._issue_record(number, "an Issue")),
            "issueOrPullRequest": lambda info, number: self.issue(
                self._issue_record(number, "an issue or pull request")
            ),
            "pullRequests": self._pull_requests,
            "pullRequest": lambda info, number: _not_found("a PullRequest", number),
            "labels": self._repo_labels,
            "label": lambda info, name: self._label_named(name),
        }

    # -- Repository fields -------------------------------------------------------------------
    def _issues(
        self,
        info: Any,
        states: list[str] | None = None,
        labels: list[str] | None = None,
        filterBy: dict[str, Any] | None = None,
        orderBy: dict[str, str] | None = None,
        **page: Any,
    ) -> Node:
        wanted = _Filter(states, labels, filterBy or {}, self.repo.milestones)
        chosen = [i for i in self.repo.issues.values() if wanted.keeps(i)]
        field, descending = _order(orderBy)
        key: Callable[[Issue], tuple[Any, int]] = {
            "CREATED_AT": lambda i: (i.created_at, i.number),
            "UPDATED_AT": lambda i: (i.updated_at, i.number),
            "COMMENTS": lambda i: (len(self._comments_of(i.number)), i.number),
        }[field]
        chosen.sort(key=key, reverse=descending)
        return connection(chosen, self.issue, **_page(page))

    def _pull_requests(self, info: Any, **args: Any) -> Node:
        # No record is a pull request; every argument (states, labels, orderBy, refs) is valid
        # and filters nothing out of nothing.
        return connection([], dict, **_page(args))

    def _issue_record(self, number: int, kind: str) -> Issue:
        record = self.repo.issues.get(number)
        return record if record is not None else _not_found(kind, number)

    def _repo_labels(
        self,
        info: Any,
        orderBy: dict[str, str] | None = None,
        query: str | None = None,
        **page: Any,
    ) -> Node:
        chosen = [
            label
            for label in self.repo.labels.values()
            if not query or query.lower() in f"{label.name} {label.description or ''}".lower()
        ]
        return connection(_sorted_labels(chosen, orderBy), self.label, **_page(page))

    def _label_named(self, name: str) -> Node | None:
        record = self.repo.labels.get(name.lower())
        return self.label(record) if record else None

    # -- objects ------------------------------------------------------------------------------
    def issue(self, record: Issue) -> Node:
        path = f"/{self.repo.full_name}/issues/{record.number}"
        milestone = self.repo.milestones.get(record.milestone) if record.milestone else None
        return {
            "__typename": "Issue",
            "id": node_id("Issue", record.id),
            "databaseId": record.id,
            "fullDatabaseId": str(record.id),
            "number": record.number,
            "title": record.title,
            "body": record.body or "",
            "state": record.state.upper(),
            "stateReason": lambda info, enableDuplicate=False: _state_reason(
                record.state_reason, enableDuplicate
            ),
            "closed": record.state == "closed",
            "closedAt": record.closed_at,
            "createdAt": record.created_at,
            "updatedAt": record.updated_at,
            "publishedAt": record.created_at,
            "locked": record.locked,
            "url": f"{self.urls.html}{path}",
            "resourcePath": path,
            "author": self.actor(record.user),
            "authorAssociation": association(self.world, self.repo, record.user),
            "editor": self.actor(record.editor) if record.editor else None,
            "isPinned": record.number in self.repo.pinned,
            "milestone": self.milestone(milestone) if milestone else None,
            "repository": lambda info: self.repository(),
            "labels": lambda info, orderBy=None, **page: connection(
                _sorted_labels([self.repo.labels[n.lower()] for n in record.labels], orderBy),
                self.label,
                **_page(page),
            ),
            "assignees": lambda info, **page: connection(
                record.assignees, self.actor, **_page(page)
            ),
            "comments": lambda info, orderBy=None, **page: self._issue_comments(
                record.number, orderBy, page
            ),
        }

    def _comments_of(self, number: int) -> list[Comment]:
        """An issue's comments in creation order (indexed once per repository object)."""
        if self._comments is None:
            self._comments = {}
            for comment in sorted(self.repo.comments.values(), key=lambda c: c.id):
                self._comments.setdefault(comment.issue_number, []).append(comment)
        return self._comments.get(number, [])

    def _issue_comments(self, number: int, order: dict[str, str] | None, page: dict) -> Node:
        chosen = list(self._comments_of(number))
        if order is not None:  # IssueCommentOrderField has only UPDATED_AT
            chosen.sort(key=lambda c: (c.updated_at, c.id), reverse=order["direction"] == "DESC")
        return connection(chosen, self.comment, **_page(page))

    def comment(self, record: Comment) -> Node:
        path = f"/{self.repo.full_name}/issues/{record.issue_number}#issuecomment-{record.id}"
        return {
            "__typename": "IssueComment",
            "id": node_id("IssueComment", record.id),
            "databaseId": record.id,
            "fullDatabaseId": str(record.id),
            "body": record.body,
            "url": f"{self.urls.html}{path}",
            "resourcePath": path,
            "createdAt": record.created_at,
            "updatedAt": record.updated_at,
            "publishedAt": record.created_at,
            "includesCreatedEdit": False,
            "isMinimized": False,
            "minimizedReason": None,
            "author": self.actor(record.user),
            "authorAssociation": association(self.world, self.repo, record.user),
            "issue": lambda info: self.issue(self.repo.issues[record.issue_number]),
            "pullRequest": None,  # the world has no pull requests
            "repository": lambda info: self.repository(),
        }

    def actor(self, login: str) -> Node:
        """A ``User``, or a ``Bot`` under its app slug (no ``[bot]`` suffix), as GraphQL names them."""
        user = self.world.user(login)
        kind = user.type if user.type in ("Bot", "Organization") else "User"
        name = user.login.removesuffix("[bot]") if kind == "Bot" else user.login
        path = f"/apps/{name}" if kind == "Bot" else f"/{name}"
        avatar = f"{self.urls.html}/avatars/u/{user.id}?v=4"
        return {
            "__typename": kind,
            "id": node_id(user.type, user.id),
            "databaseId": user.id,
            "login": name,
            "url": f"{self.urls.html}{path}",
            "resourcePath": path,
            "avatarUrl": lambda info, size=None: avatar + (f"&s={size}" if size else ""),
        }

    def label(self, record: Label) -> Node:
        path = f"/{self.repo.full_name}/labels/{quote(record.name, safe='')}"
        return {
            "__typename": "Label",
            "id": node_id("Label", record.id),
            "name": record.name,
            "color": record.color,
            "description": record.description,
            "isDefault": record.default,
            "url": f"{self.urls.html}{path}",
            "resourcePath": path,
            "repository": lambda info: self.repository(),
        }

    def milestone(self, record: Milestone) -> Node:
        path = f"/{self.repo.full_name}/milestone/{record.number}"
        return {
            "__typename": "Milestone",
            "id": node_id("Milestone", record.id),
            "number": record.number,
            "title": record.title,
            "description": record.description,
            "state": record.state.upper(),
            "closed": record.state == "closed",
            "closedAt": record.closed_at,
            "createdAt": record.created_at,
            "updatedAt": record.updated_at,
            "dueOn": record.due_on,
            "url": f"{self.urls.html}{path}",
            "resourcePath": path,
        }


class _Filter:
    """``states``, ``labels`` and ``filterBy`` of ``Repository.issues``."""

    def __init__(
        self,
        states: list[str] | None,
        labels: list[str] | None,
        by: dict[str, Any],
        milestones: dict[int, Milestone],
    ) -> None:
        if by.get("mentioned") is not None or by.get("viewerSubscribed"):
            raise GraphQLError(
                "the fake GitHub does not model IssueFilters.mentioned/viewerSubscribed; "
                "add it to tests/fakegithub/graphql_issues.py"
            )
        self.states = [_lower(states), _lower(by.get("states"))]
        self.labels = [_lower(labels), _lower(by.get("labels"))]
        self.by, self.milestones = by, milestones
        self.since = _since(by["since"]) if by.get("since") is not None else None

    def keeps(self, issue: Issue) -> bool:
        have = {n.lower() for n in issue.labels}
        if any(s and issue.state not in s for s in self.states):
            return False
        if any(wanted and not have & wanted for wanted in self.labels):
            return False
        if self.since and issue.updated_at < self.since:
            return False
        by = self.by
        if by.get("createdBy") and issue.user.lower() != by["createdBy"].lower():
            return False
        if "assignee" in by and not _matches(by["assignee"], [a.lower() for a in issue.assignees]):
            return False
        mile = self.milestones.get(issue.milestone) if issue.milestone else None
        if "milestone" in by and not _matches(by["milestone"], [str(mile.id)] if mile else []):
            return False
        numbers = [str(mile.number)] if mile else []
        return "milestoneNumber" not in by or _matches(by["milestoneNumber"], numbers)


def _matches(wanted: str | None, have: list[str]) -> bool:
    """GitHub's assignee/milestone filter: null = none, ``*`` = any, else that one."""
    if wanted is None:
        return not have
    if wanted == "*":
        return bool(have)
    return wanted.lower() in have


def _lower(values: Iterable[str] | None) -> set[str]:
    return {v.lower() for v in values or ()}


def _since(raw: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise GraphQLError(
            f"Argument 'since' on InputObject 'IssueFilters' has an invalid value ({raw!r}). "
            "Expected type 'DateTime'."
        ) from exc
    return iso(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _order(order: dict[str, str] | None) -> tuple[str, bool]:
    if order is None:
        return "CREATED_AT", False
    return order["field"], order["direction"] == "DESC"


def _sorted_labels(labels: list[Label], order: dict[str, str] | None) -> list[Label]:
    field, descending = _order(order)
    key = (lambda x: (x.name.lower(), x.id)) if field == "NAME" else (lambda x: (x.id, 0))
    return sorted(labels, key=key, reverse=descending)


def _state_reason(reason: str | None, enable_duplicate: bool) -> str | None:
    if reason is None:
        return None
    if reason == "duplicate" and not enable_duplicate:
        return "NOT_PLANNED"
    return reason.upper()


def _not_found(kind: str, number: int) -> NoReturn:
    raise GraphQLError(
        f"Could not resolve to {kind} with the number of {number}.",
        extensions={"type": "NOT_FOUND"},
    )


def _page(args: dict[str, Any]) -> dict[str, Any]:
    return {k: args.get(k) for k in _PAGE}
