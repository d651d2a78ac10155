"""One respond run's context, shared by comment commands and issue events: the session, the
clock value, the result being filled, the policy's look-ups (roles, cached), and the sync."""

from __future__ import annotations

from collections.abc import Sequence

from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.core.commands.permissions import Decision, Role, decide
from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import Outcome, Result
from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.errors import RoadmapBotError
from roadmap_bot.jobs.respond.result import RespondResult
from roadmap_bot.jobs.roles import role_of
from roadmap_bot.jobs.session import Session
from roadmap_bot.jobs.sync import Mutation, Overrides, SyncOptions, SyncResult, sync


class Run:
    """One run's context: the session, the clock value, caches of issues, roles, visibility."""

    def __init__(
        self,
        session: Session,
        tracker: GitHubClient,
        *,
        now: str,
        dry_run: bool,
        result: RespondResult,
        settings: Overrides | None = None,
    ) -> None:
        self.session, self.tracker, self.now, self.dry = session, tracker, now, dry_run
        self.result = result
        self.settings = settings or Overrides()
        self.owner = (session.repo_slug or "/").split("/")[0]
        self.roles: dict[str, Role | None] = {}
        self.visibility: dict[str, str | None] = {}  # repo (lower case) → public/private/…
        self._issues: dict[int, IssueInfo] | None = None

    @property
    def issues(self) -> dict[int, IssueInfo]:
        """The repo's issues, listed on first use (a run with nothing to answer never asks)."""
        if self._issues is None:
            listed = self.tracker.list_issues(label=None, state="all")
            self._issues = {i.number: i for i in listed}
        return self._issues

    def may_change(self, login: str) -> bool:
        """The owner, or someone with write access or more."""
        role = self._role(login)
        return login.lower() == self.owner.lower() or (role is not None and role >= Role.WRITE)

    def _role(self, login: str) -> Role | None:
        if login not in self.roles:
            self.roles[login] = role_of(self.tracker, login)  # None: the policy fails closed
        return self.roles[login]

    def decide(self, name: str, login: str, login_type: str) -> Decision:
        needs_role = not SPECS[name].read_only and login.lower() != self.owner.lower()
        role = self._role(login) if needs_role else None
        return decide(name, author=login, author_type=login_type, repo_owner=self.owner, role=role)

    def sync(
        self, mutate: Mutation, what: str, *, dry_run: bool = False
    ) -> tuple[SyncResult | None, str | None]:
        """Sync with ``mutate`` applied to the state read; the result, or why it failed."""
        options = SyncOptions.of(
            self.session,
            now=self.now,
            dry_run=self.dry or dry_run,
            commit_message=f"roadmap-bot: {what} [skip ci]",
            overrides=self.settings,
        )
        session = self.session
        try:
            synced = sync(
                session.workspace, session.tracker, session.providers, options, mutate=mutate
            )
        except RoadmapBotError as exc:
            self.fail(f"{what}: {exc}")
            return None, str(exc)
        return synced, None

    def record(self, outcomes: Sequence[Outcome], synced: SyncResult | None) -> None:
        """Add what the commands applied and what the sync did to the result."""
        for outcome in outcomes:
            spec = SPECS.get(outcome.name or "")
            if outcome.result is Result.APPLIED and spec and spec.result and outcome.item_id:
                self.result.changed(spec.result).append(outcome.item_id)
        if synced is None:
            return
        self.result.ticked.extend(t.item_id for t in synced.plan.ticked)
        self.result.opened.extend(synced.applied.opened)
        self.result.closed.extend(synced.applied.closed)
        self.result.parked.extend(synced.applied.parked)
        self.result.reopened.extend(synced.applied.reopened)
        commit = commit_of(self.session, synced)
        if commit:
            self.result.commits.append(commit)

    def fail(self, message: str) -> None:
        self.result.notes.append(message)
        self.result.exit_code = 1


def commit_of(session: Session, synced: SyncResult | None) -> str | None:
    """The commit ``synced`` wrote, if it wrote one."""
    if synced is None or not synced.files_changed or synced.plan is None:
        return None
    commit = getattr(session.workspace, "commit", None)
    return commit if isinstance(commit, str) else None
