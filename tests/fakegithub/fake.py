"""FakeGitHub: the public face of the fake — seed the world, serve it, inspect what happened."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from tests.fakegithub import payloads as p
from tests.fakegithub import tracker
from tests.fakegithub.engine import Engine, Exchange, Recorded
from tests.fakegithub.faults import Fault
from tests.fakegithub.payloads import Urls
from tests.fakegithub.payloads_ci import workflow_run
from tests.fakegithub.ratelimit import RateLimits
from tests.fakegithub.records import Repo
from tests.fakegithub.server import Server
from tests.fakegithub.world import World

DEFAULT_VIEWER = "github-actions[bot]"


class FakeGitHub:
    """An in-memory GitHub served over real HTTP on 127.0.0.1 (REST + GraphQL).

    The token belongs to ``viewer`` (``github-actions[bot]``, like ``GITHUB_TOKEN``): issues,
    comments and reactions created through the API are authored by it.
    """

    def __init__(self, *, port: int = 0, viewer: str = DEFAULT_VIEWER) -> None:
        self.token = "ghs_fake" + secrets.token_hex(16)
        self._port = port
        self.world = World()
        self.world.add_user(viewer, type="Bot" if viewer.endswith("[bot]") else "User")
        self._engine = Engine(
            self.world, Urls("http://127.0.0.1:0", "http://127.0.0.1:0"), self.token, viewer
        )
        self._server: Server | None = None

    # -- serving -------------------------------------------------------------------------------
    def start(self) -> FakeGitHub:
        if self._server is None:
            self._server = Server(self._engine, self._port)
            base = f"http://127.0.0.1:{self._server.port}"
            self._engine.urls = Urls(base, base)
            self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeGitHub is not serving yet: call start() (or use `with`)")
        return self._engine.urls.api

    @property
    def graphql_url(self) -> str:
        return f"{self.api_url}/graphql"

    @property
    def server_url(self) -> str:
        self.api_url  # noqa: B018 - raises if not started
        return self._engine.urls.html

    def actions_env(self) -> dict[str, str]:
        """The ``GITHUB_*`` variables an Action would see, pointing at this fake."""
        return {
            "GITHUB_API_URL": self.api_url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "GITHUB_SERVER_URL": self.server_url,
            "GITHUB_TOKEN": self.token,
        }

    @property
    def viewer(self) -> str:
        return self._engine.viewer

    def pygithub(self, **options: Any) -> Any:
        """A PyGithub client for this fake, without PyGithub's default throttling and retries."""
        import github

        settings = {"retry": None, "seconds_between_requests": 0, "seconds_between_writes": 0}
        return github.Github(
            base_url=self.api_url, auth=github.Auth.Token(self.token), **(settings | options)
        )

    def keep_exchanges(self) -> list[Exchange]:
        """Start keeping every (request, response) pair; returns the live list."""
        if self._engine.exchanges is None:
            self._engine.exchanges = []
        return self._engine.exchanges

    # -- knobs -------------------------------------------------------------------------------
    @property
    def latency(self) -> float:
        return self._engine.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._engine.latency = seconds

    @property
    def rate_limit(self) -> RateLimits:
        """Budgets per resource: ``fake.rate_limit.set("core", remaining=0)``, ``["graphql"]``."""
        return self._engine.rate

    @property
    def requests(self) -> list[Recorded]:
        return list(self._engine.requests)

    @property
    def errors(self) -> list[str]:
        """Tracebacks of crashes inside the fake (each also answered 500); empty when healthy."""
        return list(self._engine.errors)

    def reset_requests(self) -> None:
        self._engine.requests.clear()

    def inject(self, fault: Fault) -> None:
        self._engine.faults.inject(fault)

    def clear_faults(self) -> None:
        self._engine.faults.clear()

    # -- seeding: users, repositories, git -----------------------------------------------------
    def add_user(self, login: str, *, type: str = "User") -> dict[str, Any]:
        return p.user(self._engine.urls, self.world.add_user(login, type=type))

    def add_repo(
        self,
        full_name: str,
        *,
        files: dict[str, str | bytes] | None = None,
        private: bool = False,
        archived: bool = False,
        default_branch: str = "main",
        empty: bool = False,
        description: str | None = None,
    ) -> None:
        self.world.add_repo(
            full_name,
            files=files,
            private=private,
            archived=archived,
            default_branch=default_branch,
            empty=empty,
            description=description,
        )

    def fork_repo(self, source: str, full_name: str) -> None:
        """Fork ``source`` as ``full_name`` (GitHub's ``isFork``, ``parent``)."""
        self.world.fork_repo(source, full_name)

    def generate_repo(self, template: str, full_name: str) -> None:
        """Create ``full_name`` from the template ``template`` (``templateRepository``)."""
        self.world.generate_repo(template, full_name)

    def commit(
        self,
        full_name: str,
        files: dict[str, str | bytes | None],
        *,
        message: str = "update",
        author: str | None = None,
    ) -> str:
        return self.world.commit(full_name, files, message=message, author=author)

    def head(self, full_name: str) -> str:
        return self.world.head(full_name)

    def files(self, full_name: str, ref: str | None = None) -> dict[str, bytes]:
        return self.world.files(full_name, ref)

    def set_status(self, full_name: str, sha: str, state: str, *, context: str = "ci") -> None:
        self.world.set_status(full_name, sha, state, context=context)

    def add_check_run(
        self,
        full_name: str,
        sha: str,
        *,
        name: str = "test",
        status: str = "completed",
        conclusion: str | None = "success",
    ) -> None:
        self.world.add_check_run(full_name, sha, name=name, status=status, conclusion=conclusion)

    def add_workflow_run(self, full_name: str, **kwargs: Any) -> dict[str, Any]:
        """Add an Actions run (``workflow="ci.yml", sha, status, conclusion, event``)."""
        run = self.world.add_workflow_run(full_name, **kwargs)
        with self.world.lock:
            return workflow_run(self.world, self._engine.urls, self._repo(full_name), run)

    def rename_repo(self, old_full_name: str, new_full_name: str) -> None:
        self.world.rename_repo(old_full_name, new_full_name)

    def set_access(self, full_name: str, *, visible: bool) -> None:
        with self.world.lock:
            self._repo(full_name).visible = visible

    def block(self, full_name: str) -> None:
        with self.world.lock:
            self._repo(full_name).blocked = True

    def add_collaborator(self, full_name: str, login: str, permission: str) -> None:
        self.world.add_collaborator(full_name, login, permission)

    def protect_branch(
        self, full_name: str, branch: str | None = None, *, how: str = "pull-request"
    ) -> None:
        """Refuse API pushes to ``branch`` (default branch if None): ``how`` is "pull-request",
        "status-checks" (branch protection) or "ruleset"; answers as GitHub does (422)."""
        self.world.protect_branch(full_name, branch, how=how)

    def unprotect_branch(self, full_name: str, branch: str | None = None) -> None:
        self.world.unprotect_branch(full_name, branch)

    def pulls(self, full_name: str) -> list[dict[str, Any]]:
        """Every pull request of a repository (open and closed), as ``GET /pulls/{n}`` shows it."""
        from tests.fakegithub.rest_pulls import pull_payload

        with self.world.lock:
            repo = self._repo(full_name)
            return [
                pull_payload(self.world, self._engine.urls, repo, r) for r in repo.pulls.values()
            ]

    def merge_pull(self, full_name: str, number: int, *, by: str | None = None) -> str:
        """Merge an open pull request (a merge commit on its base); returns the merge commit."""
        return self.world.merge_pull(full_name, number, by=by)

    # -- seeding and reading: the issue tracker -------------------------------------------------
    def add_issue(
        self,
        full_name: str,
        *,
        title: str,
        body: str = "",
        user: str = "octocat",
        labels: Iterable[str] = (),
        state: str = "open",
    ) -> dict[str, Any]:
        with self.world.lock:
            repo = self._repo(full_name)
            issue = tracker.add_issue(
                self.world, repo, title=title, body=body, user=user, labels=labels, state=state
            )
            return p.issue(self.world, self._engine.urls, repo, issue)

    def add_comment(
        self, full_name: str, issue_number: int, *, body: str, user: str = "octocat"
    ) -> dict[str, Any]:
        with self.world.lock:
            repo = self._repo(full_name)
            comment = tracker.add_comment(
                self.world, repo, repo.issues[issue_number], body=body, user=user
            )
            return p.comment(self.world, self._engine.urls, repo, comment)

    def issues(self, full_name: str) -> list[dict[str, Any]]:
        with self.world.lock:
            repo = self._repo(full_name)
            return [p.issue(self.world, self._engine.urls, repo, i) for i in repo.issues.values()]

    def comments(self, full_name: str, issue_number: int) -> list[dict[str, Any]]:
        with self.world.lock:
            repo = self._repo(full_name)
            chosen = [c for c in repo.comments.values() if c.issue_number == issue_number]
            return [p.comment(self.world, self._engine.urls, repo, c) for c in chosen]

    def reactions(self, full_name: str, comment_id: int) -> list[dict[str, Any]]:
        with self.world.lock:
            repo = self._repo(full_name)
            chosen = tracker.reactions_of(repo, ("comment", comment_id))
            return [p.reaction(self.world, self._engine.urls, r) for r in chosen]

    def labels(self, full_name: str) -> list[dict[str, Any]]:
        with self.world.lock:
            repo = self._repo(full_name)
            return [p.label(self._engine.urls, repo, label) for label in repo.labels.values()]

    def milestones(self, full_name: str) -> list[dict[str, Any]]:
        with self.world.lock:
            repo = self._repo(full_name)
            urls = self._engine.urls
            return [p.milestone(self.world, urls, repo, m) for m in repo.milestones.values()]

    def _repo(self, full_name: str) -> Repo:
        return self.world.repo(full_name)
