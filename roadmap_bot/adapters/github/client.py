"""The narrow GitHub write interface the sync and the commands use (PyGithub underneath)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import github
from github import GithubException
from github.IssueComment import IssueComment

from roadmap_bot.adapters.github import git_data, milestone_race
from roadmap_bot.adapters.github.comment_pages import CommentScan, comment_pages, read_pages
from roadmap_bot.adapters.github.errors import from_pygithub, malformed_answer
from roadmap_bot.adapters.github.graphql_post import GraphQLPoster
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.payloads import (
    comment_data,
    comment_info,
    issue_data,
    issue_info,
    parse_since,
    role_of,
)
from roadmap_bot.adapters.github.pulls import PullRequests
from roadmap_bot.adapters.github.pygithub_setup import make_github, sending_through
from roadmap_bot.adapters.github.queries import Query
from roadmap_bot.adapters.github.repo_files import RepoFiles
from roadmap_bot.adapters.github.repo_view import RepoReads
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.errors import GitHubError, UsageError

T = TypeVar("T")
CLOSE_REASONS = ("completed", "not_planned")


class GitHubClient:
    """Issues, comments, reactions, labels, milestones and commits of one repository."""

    def __init__(
        self,
        transport: Transport,
        repo: str,
        *,
        files: tuple[Sequence[str], Sequence[str]] | None = None,
    ) -> None:
        """Send through ``transport``, the run's one connection (its opener closes it);
        ``files``: (paths, folders) a workspace refresh reads, read with the comment scan."""
        self._config = transport.config
        self._name = repo
        self._transport = transport
        self._github = make_github(self._transport)
        self._repo = self._github.get_repo(repo)  # lazy: no request until one is needed
        self._labels: set[str] | None = None
        self._milestones: dict[str, int] | None = None
        self._node_ids: dict[int, str] = {}  # issue number → node id, of the issues it opened
        self._reads = RepoReads(GraphQLPoster(self._transport), repo)
        if files is not None:
            self._reads.expect(*files)

    def close(self) -> None:
        self._github.close()

    def _call(self, what: str, action: Callable[[], T]) -> T:
        """Run one PyGithub action through the Transport; map its failures to our errors, with
        the token scrubbed."""
        try:
            with sending_through(self._transport):
                return action()
        except GithubException as exc:
            error = from_pygithub(exc, what=f"{what} in {self._name}")
            message, status = self._config.scrub(str(error)), error.status
            raise type(error)(message, status=status) from self._safe_cause(exc)
        except GitHubError as exc:
            said = str(exc)  # the Transport's errors already start with ``what``: say it once
            said = said[len(what) :] if said.startswith(what) else f": {said}"
            message = self._config.scrub(f"{what} in {self._name}{said}")
            raise type(exc)(message, status=exc.status) from self._safe_cause(exc)
        except (
            KeyError,
            TypeError,
            AttributeError,
            ValueError,
            IndexError,
            github.BadAttributeException,
        ) as exc:
            # A 2xx answer whose JSON is not the shape GitHub documents (a proxy's page, a
            # truncated or altered body): explained, never a traceback.
            raise malformed_answer(what=f"{what} in {self._name}", detail=exc) from None

    def _safe_cause(self, exc: Exception) -> Exception | None:
        """Chain the cause unless its text holds the token (GitHub echoing it back)."""
        token = self._config.token
        return None if token and token in repr(exc) + str(exc) else exc

    # -- issues ----------------------------------------------------------------------------

    def list_issues(self, *, label: str | None = "roadmap", state: str = "all") -> list[IssueInfo]:
        """Issues (not pull requests) with ``label`` in ``state`` (open, closed or all)."""
        known = self._call("listing issues", lambda: self._reads.issues(label, state))
        if known is not None:  # read with the roadmap files, and nothing written since
            return known
        params = {"state": state} | ({"labels": label} if label else {})

        def listing() -> list[IssueInfo]:
            # over the Transport: a listed issue's ``pull_request`` key is absent for issues,
            # and PyGithub would send a GET per issue to complete that attribute
            path = f"/repos/{self._name}/issues"
            payloads, _, _ = read_pages(
                self._transport, path, params, max_pages=None, what="listing issues", noun="issues"
            )
            return [
                issue_info(p)
                for p in payloads
                if isinstance(p, Mapping) and not p.get("pull_request")
            ]

        return self._call("listing issues", listing)

    def create_issue(
        self, *, title: str, body: str, labels: Sequence[str], milestone: int | None
    ) -> IssueInfo:
        """Open an issue; ``milestone`` is a milestone number from ``ensure_milestone``."""

        def create() -> IssueInfo:
            extra: dict[str, Any] = {}
            if milestone is not None:
                extra["milestone"] = self._repo.get_milestone(milestone)  # lazy, no request
            issue = self._repo.create_issue(title=title, body=body, labels=list(labels), **extra)
            info = issue_info(issue_data(issue))
            node_id = issue.node_id  # in the answer: no request
            if isinstance(node_id, str) and node_id:
                self._node_ids[info.number] = node_id
            return info

        self._reads.current = False
        return self._call(f"creating issue {title!r}", create)

    def edit_issue(
        self,
        number: int,
        *,
        title: str | None = None,
        body: str | None = None,
        labels: Sequence[str] | None = None,
    ) -> None:
        """Change an issue's title, body or labels (None leaves a field as it is)."""
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = title
        if body is not None:
            changes["body"] = body
        if labels is not None:
            changes["labels"] = list(labels)
        if changes:
            self._reads.current = False
            self._call(f"editing issue #{number}", lambda: self._issue(number).edit(**changes))

    def close_issue(self, number: int, *, reason: str) -> None:
        """Close an issue as ``completed`` or ``not_planned``."""
        if reason not in CLOSE_REASONS:
            raise UsageError(f"close reason must be one of {', '.join(CLOSE_REASONS)}: {reason!r}")
        self._reads.current = False
        self._call(
            f"closing issue #{number}",
            lambda: self._issue(number).edit(state="closed", state_reason=reason),
        )

    def reopen_issue(self, number: int) -> None:
        self._reads.current = False
        self._call(f"reopening issue #{number}", lambda: self._issue(number).edit(state="open"))

    def pin_issue(self, number: int) -> None:
        """Pin issue ``number`` (GraphQL ``pinIssue``; GitHub pins at most three per repository,
        and says so as an error, raised here as a GitHubError). One request for an issue this
        client opened (its node id came with the answer), two for another."""

        def pin() -> None:
            node_id = self._node_ids.get(number) or str(self._issue(number).node_id)
            query = Query(
                "PinIssue",
                "mutation PinIssue($id: ID!) { pinIssue(input: {issueId: $id}) "
                "{ issue { number } } }",
                {"id": node_id},
            )
            data, errors = GraphQLPoster(self._transport).post(query)
            if errors or not isinstance(data.get("pinIssue"), Mapping):
                messages = "; ".join(str(e.get("message", "")) for e in errors.values())
                raise GitHubError(f"GitHub did not pin it: {messages or 'no answer'}")

        self._reads.current = False
        self._call(f"pinning issue #{number}", pin)

    def _issue(self, number: int) -> Any:
        return self._repo.get_issue(number)  # lazy, no request

    # -- comments and reactions -------------------------------------------------------------

    def comment(self, number: int, body: str) -> CommentInfo:
        """Post a comment on issue ``number``."""
        self._reads.current = False
        return self._call(
            f"commenting on issue #{number}",
            lambda: comment_info(comment_data(self._issue(number).create_comment(body)), number),
        )

    def list_comments(
        self, *, since: str | None = None, issue_number: int | None = None
    ) -> list[CommentInfo]:
        """Comments of one issue, or of the whole repo, updated at or after ``since`` (ISO)."""
        try:
            moment = parse_since(since)
        except ValueError as exc:
            raise UsageError(f"since must be an ISO-8601 timestamp, got {since!r}") from exc
        kwargs: dict[str, Any] = {} if moment is None else {"since": moment}
        if issue_number is None and moment is not None:
            recent = self._call("listing comments", lambda: self._reads.comments(moment))
            if recent is not None:  # read with the roadmap files in one query
                return recent
        if issue_number is not None:
            source = self._issue(issue_number).get_comments(**kwargs)
        else:
            source = self._repo.get_issues_comments(sort="created", direction="asc", **kwargs)
        return self._call(
            "listing comments",
            lambda: [comment_info(comment_data(c), issue_number) for c in source],
        )

    def scan_comments(
        self, *, since: str, max_pages: int, issue_number: int | None = None
    ) -> CommentScan:
        """Comments updated at or after ``since`` (ISO), oldest first, reading at most
        ``max_pages`` pages of 100; ``complete`` says whether the listing reached its end.

        The whole repo's comments may come from the query that read the roadmap files (when
        that answer is complete); one issue's comments are always read afresh, so a check made
        just before a write sees what other runs wrote meanwhile."""
        try:
            moment = parse_since(since)
        except ValueError as exc:
            raise UsageError(f"since must be an ISO-8601 timestamp, got {since!r}") from exc
        assert moment is not None
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        if issue_number is None:
            recent = self._call("listing comments", lambda: self._reads.comments(moment))
            if recent is not None:  # read with the roadmap files in one query, complete
                return CommentScan(recent, True, 0)
            path = f"/repos/{self._name}/issues/comments"
            params = {"since": stamp, "sort": "created", "direction": "asc"}
        else:
            path = f"/repos/{self._name}/issues/{int(issue_number)}/comments"
            params = {"since": stamp}
        where = "" if issue_number is None else f" of issue #{issue_number}"
        return self._call(
            f"listing comments{where}",
            lambda: comment_pages(
                self._transport,
                path,
                params,
                max_pages=max_pages,
                issue_number=issue_number,
                what=f"listing comments{where}",
            ),
        )

    def delete_comment(self, comment_id: int) -> bool:
        """Delete a comment; False when it was gone already (404: another run deleted it)."""
        self._reads.current = False
        try:
            self._call(f"deleting comment {comment_id}", lambda: self._comment(comment_id).delete())
        except GitHubError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def _comment(self, comment_id: int) -> IssueComment:
        url = f"{self._repo.url}/issues/comments/{comment_id}"
        return IssueComment(self._github.requester, url=url)  # lazy, no request

    def add_reaction(self, comment_id: int, content: str) -> None:
        """React to a comment (an existing identical reaction is fine)."""
        self._call(
            f"reacting to comment {comment_id}",
            lambda: self._comment(comment_id).create_reaction(content),
        )

    # -- who may do what --------------------------------------------------------------------

    def permission(self, login: str) -> str:
        """admin, maintain, write, triage, read or none; raises when GitHub cannot say."""
        path = f"{self._repo.url}/collaborators/{urllib.parse.quote(login, safe='')}"

        def lookup() -> str:
            try:
                _, data = self._github.requester.requestJsonAndCheck("GET", f"{path}/permission")
            except github.UnknownObjectException:
                return "none"  # no such user: nobody's role (callers fail closed either way)
            return role_of(data)

        return self._call(f"reading the permission of {login}", lookup)

    def repo_visibility(self, full_name: str) -> str | None:
        """``public``, ``private`` or ``internal`` for a repo the token can see; None when it
        cannot see it or GitHub does not say (callers treat None as not public)."""
        owner, _, name = full_name.partition("/")
        if not owner or not name or "/" in name:
            return None
        path = f"/repos/{urllib.parse.quote(owner, safe='')}/{urllib.parse.quote(name, safe='')}"

        def lookup() -> str | None:
            try:
                _, data = self._github.requester.requestJsonAndCheck("GET", path)
            except github.UnknownObjectException:
                return None
            visibility = data.get("visibility") if isinstance(data, Mapping) else None
            if isinstance(visibility, str) and visibility:
                return visibility.lower()
            private = data.get("private") if isinstance(data, Mapping) else None
            return None if not isinstance(private, bool) else ("private" if private else "public")

        return self._call(f"reading the visibility of {full_name}", lookup)

    # -- labels and milestones --------------------------------------------------------------

    def ensure_label(self, name: str, *, color: str, description: str) -> None:
        """Create the label unless the repo has it (one listing per client, then cached)."""
        if self._labels is None:
            self._labels = self._call(
                "listing labels",
                lambda: {label.name.lower() for label in self._repo.get_labels()},
            )
        if name.lower() in self._labels:
            return
        try:
            self._call(
                f"creating label {name!r}",
                lambda: self._repo.create_label(name, color.lstrip("#"), description),
            )
        except GitHubError as exc:
            if exc.status != 422:  # 422 already_exists: created meanwhile, which is fine
                raise
        self._labels.add(name.lower())

    def ensure_milestone(self, title: str, *, due_on: str | None) -> int:
        """The number of the milestone titled ``title``, created (with ``due_on``) if missing.

        A 422 ``already_exists`` (another run created it meanwhile) re-reads the milestones and
        uses that one; see ``milestone_race``."""
        if self._milestones is None:
            self._milestones = milestone_race.listed(self._call, self._repo)
        if title in self._milestones:
            return self._milestones[title]
        extra: dict[str, Any] = {}
        if due_on is not None:
            try:
                extra["due_on"] = parse_since(due_on if "T" in due_on else f"{due_on}T00:00:00Z")
            except ValueError as exc:
                raise UsageError(f"due_on must be an ISO date, got {due_on!r}") from exc
        try:
            created = self._call(
                f"creating milestone {title!r}",
                lambda: int(self._repo.create_milestone(title, **extra).number),
            )
        except GitHubError as exc:
            if exc.status != 422:
                raise
            self._milestones = milestone_race.listed(self._call, self._repo)
            created = milestone_race.existing(self._milestones, title, exc)
        self._milestones[title] = created
        return self._milestones[title]

    def identity(self) -> str:
        """The login the token acts as, learned with the roadmap files' query (or asked once)."""
        return self._call("asking which account the token acts as", self._reads.viewer)

    # -- files and commits (git_data) -------------------------------------------------------

    def default_branch_head(self) -> tuple[str, str]:
        """(branch, sha) of the default branch now."""
        return self._call("reading the default branch", lambda: git_data.head(self._repo))

    def read_file(self, path: str, *, ref: str | None = None) -> bytes | None:
        """A file's bytes at ``ref`` (default branch when None), or None when it does not exist."""
        return self._call(f"reading {path}", lambda: git_data.read_file(self._repo, path, ref))

    def commit_changed(
        self, files: Mapping[str, bytes | None], *, message: str, parent: str
    ) -> tuple[str, list[str]]:
        """One commit on the default branch over ``parent``; None deletes; returns the new head
        and the paths that changed (none: no commit made, and ``parent`` is returned).

        Unchanged files are skipped. A branch that moved since ``parent`` raises ConflictError:
        re-read, re-plan, retry. Never forced.
        """
        self._reads.unused = False
        return self._call(
            "committing files", lambda: git_data.commit(self._repo, files, message, parent)
        )

    def pulls(self) -> PullRequests:
        """The bot's branch and pull request, for a default branch that refuses its push."""
        return PullRequests(self._repo, self._name.split("/", 1)[0], self._call)

    def read_files(self, paths: Sequence[str], *, listings: Sequence[str] = ()) -> RepoFiles:
        """Pin the default branch's head and read ``paths`` (and list ``listings``) in one query.

        The same query lists the issues (and the recent comments, once a scan asked for them),
        which ``list_issues`` and ``list_comments`` then serve until this client writes one.
        """
        return self._call("reading the roadmap files", lambda: self._reads.files(paths, listings))
