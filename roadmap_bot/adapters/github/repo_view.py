"""One GraphQL query for what every run reads of the roadmap repo: files, issues, new comments.

A run reads roadmap.yaml, the state file, the README and the template overrides (``repo_files``),
every issue (to find the bot's, open and closed), and, before anything else, the comments of
the last days that may hold unanswered commands. Asked separately that is three or more
requests; here it is one, plus a page per further 100 issues.

The same query asks who the token acts as (``viewer { login }``): only issues that account
wrote can be the bot's. For the Actions ``GITHUB_TOKEN`` (an installation token) GitHub answers
``github-actions[bot]`` — the login REST shows as the issues' author (GraphQL's ``author`` of
those issues is a ``Bot`` named ``github-actions``, see ``issue_answers.author_of``) — while
REST ``GET /user`` is refused with 403 "Resource not accessible by integration"; for a personal
token it is the person. A run that never read the view asks with one small query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from roadmap_bot.adapters.github.graphql_post import GraphQLPoster
from roadmap_bot.adapters.github.issue_answers import (
    issue_page,
    issues_field,
    recent_comments,
    recent_fields,
)
from roadmap_bot.adapters.github.queries import Query
from roadmap_bot.adapters.github.repo_files import RepoFiles, files_query, parse_repo_files
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.errors import GitHubError

VIEWER_FIELD = "viewer { login }"
VIEWER_QUERY = Query(
    "RoadmapViewer",
    "query RoadmapViewer {\n  viewer { login }\n  rateLimit { cost remaining limit resetAt }\n}\n",
    {},
)


@dataclass(slots=True)
class RepoView:
    """The roadmap repo as one query saw it."""

    paths: tuple[str, ...]
    listings: tuple[str, ...]
    files: RepoFiles
    issues: list[IssueInfo] | None  # None: GitHub did not answer that part
    next_page: str | None  # cursor of the issues not read yet
    since: datetime | None  # the window of ``comments``
    comments: list[CommentInfo] | None  # None: not asked, or the answer may be incomplete
    viewer: str | None = None  # the login the token acts as; None: GitHub did not say


def read_view(
    poster: GraphQLPoster,
    repo: str,
    paths: Sequence[str],
    listings: Sequence[str],
    *,
    since: datetime | None,
) -> RepoView:
    owner, name = repo.split("/", 1)
    extra = [issues_field()]
    dates = {}
    if since is not None:
        extra += recent_fields("since")
        dates["since"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    # the last commit of each file read comes with it: who edited the README by hand, if anyone
    query = files_query(
        owner,
        name,
        paths,
        listings,
        extra=extra,
        dates=dates,
        top=[VIEWER_FIELD],
        histories=paths,
    )
    data, _ = poster.post(query)
    found = data.get("repository")
    files = parse_repo_files(repo, found, paths, listings, histories=paths)
    assert isinstance(found, dict)  # parse_repo_files raised otherwise
    page = issue_page(found.get("issues"))
    comments = None
    if since is not None:
        comments = recent_comments(found.get("recent"), found.get("recentPulls"), since)
    return RepoView(
        paths=tuple(paths),
        listings=tuple(listings),
        files=files,
        issues=page[0] if page else None,
        next_page=page[1] if page else None,
        since=since,
        comments=comments,
        viewer=viewer_login(data),
    )


def viewer_login(data: object) -> str | None:
    """``viewer.login`` of a GraphQL answer, when it holds a usable one."""
    viewer = data.get("viewer") if isinstance(data, dict) else None
    login = viewer.get("login") if isinstance(viewer, dict) else None
    return login if isinstance(login, str) and login.strip() else None


def read_more_issues(poster: GraphQLPoster, repo: str, view: RepoView) -> None:
    """Read the issue pages the view's query did not reach (100 a request)."""
    owner, name = repo.split("/", 1)
    while view.issues is not None and view.next_page is not None:
        document = (
            "query RoadmapIssues($owner: String!, $name: String!, $after: String!) {\n"
            f"  repository(owner: $owner, name: $name) {{ {issues_field(after='$after')} }}\n"
            "  rateLimit { cost remaining limit resetAt }\n}\n"
        )
        variables = {"owner": owner, "name": name, "after": view.next_page}
        data, _ = poster.post(Query("RoadmapIssues", document, variables))
        page = issue_page((data.get("repository") or {}).get("issues"))
        if page is None:
            raise GitHubError(f"cannot list the issues of {repo}: GitHub sent no page")
        view.issues += page[0]
        view.next_page = page[1]


class RepoReads:
    """The client's latest view, and what may still be served from it.

    Files are served once, to the next workspace refresh that asks for the same paths (a later
    refresh means "read again"); issues and comments are served until this client writes an
    issue or a comment. A commit ends the files' use; a reaction changes nothing served here.
    """

    def __init__(self, poster: GraphQLPoster, repo: str) -> None:
        self._poster, self._repo = poster, repo
        self.view: RepoView | None = None
        self.spec: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # what refreshes read
        self.unused = False  # the view's files were not handed to a refresh yet
        self.current = False  # nothing served here was written since the view was read
        self._since: datetime | None = None
        self._viewer: str | None = None  # who the token acts as, once known (never changes)

    def expect(self, paths: Sequence[str], listings: Sequence[str]) -> None:
        """Say which files a refresh reads, so a comment scan can be answered in the same query."""
        self.spec = (tuple(paths), tuple(listings))

    def files(self, paths: Sequence[str], listings: Sequence[str]) -> RepoFiles:
        spec = (tuple(paths), tuple(listings))
        view = self.view
        if view is not None and self.unused and (view.paths, view.listings) == spec:
            self.unused = False
            return view.files
        self.spec = spec
        return self._read(unused=False).files

    def issues(self, label: str | None, state: str) -> list[IssueInfo] | None:
        """Issues with ``label`` in ``state`` (open, closed, all), newest first, as REST lists
        them; None when nothing current was read (ask REST)."""
        view = self.view
        if view is None or not self.current or view.issues is None:
            return None
        read_more_issues(self._poster, self._repo, view)
        wanted = label.lower() if label else None
        return [
            i
            for i in view.issues
            if state in ("all", i.state) and (not wanted or wanted in map(str.lower, i.labels))
        ]

    def comments(self, since: datetime) -> list[CommentInfo] | None:
        """Comments updated at or after ``since``; None when the view cannot say (ask REST)."""
        if self.spec is None:
            return None
        view = self.view
        if view is None or not self.current or view.since != since:
            self._since = since
            view = self._read(unused=True)
        return None if view.comments is None else list(view.comments)

    def viewer(self) -> str:
        """The login the token acts as: learned with a view, else asked once by itself."""
        if self._viewer is None and self.view is not None:
            self._viewer = self.view.viewer
        if self._viewer is None:
            data, _ = self._poster.post(VIEWER_QUERY)
            self._viewer = viewer_login(data)
        if self._viewer is None:
            raise GitHubError(
                "GitHub did not say which account the token acts as (viewer.login), so the "
                "bot's own issues cannot be told from others'; try again in a few minutes"
            )
        return self._viewer

    def _read(self, *, unused: bool) -> RepoView:
        assert self.spec is not None
        paths, listings = self.spec
        self.view = read_view(self._poster, self._repo, paths, listings, since=self._since)
        self.unused, self.current = unused, True
        return self.view
