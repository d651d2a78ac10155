"""Run syncs on the fake in this process: sessions that never sleep, the CLI, simulated crashes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.actions_env import ActionsOutput, RunContext
from roadmap_bot.adapters.evidence.router import Router
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.adapters.github import GitHubClient, GitHubConfig
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.workspace import GitHubWorkspace
from roadmap_bot.core.evidence.snapshot import Progress
from roadmap_bot.jobs.session import Session, workspace_hints, workspace_listings
from roadmap_bot.jobs.sync import Mutation, SyncOptions, SyncResult, sync
from tests.fakegithub import FakeGitHub
from tests.syncharness.world import NOW, ROADMAP_REPO


def fake_env(fake: FakeGitHub) -> dict[str, str]:
    """The GITHUB_* variables an Action would see, pointing at ``fake``, for the roadmap repo."""
    return {**fake.actions_env(), "GITHUB_REPOSITORY": ROADMAP_REPO}


def github_config(env: Mapping[str, str], **overrides: Any) -> GitHubConfig:
    """The run's config read from ``env``, with no write spacing (tests and benchmarks)."""
    return replace(GitHubConfig.from_env(env), min_write_interval=0.0, **overrides)


class NoWait:
    """Retry and rate-limit sleeps that return at once, with a clock that jumps by them."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


Wrap = Callable[[GitHubClient], Any]  # wraps the client the workspace and tracker use


@contextmanager
def session_for(
    config: GitHubConfig,
    repo: str = ROADMAP_REPO,
    *,
    wait: NoWait | None = None,
    wrap: Wrap | None = None,
    git_cache: Path | None = None,
    on_progress: Progress | None = None,
) -> Iterator[Session]:
    """What ``roadmap_bot.jobs.session.github_session`` builds, from a given config and sleep."""
    timing: dict[str, Any] = {"sleep": wait.sleep, "clock": wait.clock} if wait else {}
    hints, listings = workspace_hints("roadmap.yaml"), workspace_listings("roadmap.yaml")
    transport = Transport(config, **timing)
    client = GitHubClient(transport, repo, files=(hints, listings))
    cache = git_cache or Path("/nonexistent/roadmap-bot-git-cache")
    setup = Setup(base_dir=Path("."), git_cache=cache, connect=lambda: transport)
    front = wrap(client) if wrap else client
    context = RunContext.from_env({"GITHUB_REPOSITORY": repo})
    try:
        yield Session(
            workspace=GitHubWorkspace(front, hints=hints, listings=listings),
            tracker=front,
            providers=Router(setup),
            context=context,
            output=ActionsOutput(context),
            config="roadmap.yaml",
            repo_slug=repo,
            connection=transport,
            progress=on_progress,
        )
    finally:
        client.close()
        transport.close()


def cli_session(
    *, wait: NoWait | None = None, wrap: Wrap | None = None, **config: Any
) -> Callable[..., Any]:
    """A stand-in for ``github_session`` (same call) that never sleeps, for ``cli.sync``.

    The real one builds its clients with ``time.sleep``: retry backoff and a 403's
    ``retry-after`` would really wait. ``tune`` is ignored (``config`` says what to change).
    """

    @contextmanager
    def github_session(
        path: str,
        env: Mapping[str, str],
        *,
        repo: str | None = None,
        token: str | None = None,
        tune: Any = None,
        on_progress: Progress | None = None,
    ) -> Iterator[Session]:
        slug = repo or env.get("GITHUB_REPOSITORY") or ROADMAP_REPO
        settings = github_config(env, **config)
        with session_for(settings, slug, wait=wait, wrap=wrap, on_progress=on_progress) as session:
            session.config = path
            yield session

    return github_session


def run_sync(
    fake: FakeGitHub,
    *,
    mutate: Mutation | None = None,
    wait: NoWait | None = None,
    **config: Any,
) -> SyncResult:
    """One sync in this process through the runner, as ``roadmap-bot sync`` would run it."""
    options = SyncOptions(now=NOW, repo_slug=ROADMAP_REPO, server_url=fake.server_url)
    with session_for(github_config(fake_env(fake), **config), wait=wait or NoWait()) as session:
        return sync(session.workspace, session.tracker, session.providers, options, mutate=mutate)


# -- crashes ------------------------------------------------------------------------------------


class SimulatedCrash(BaseException):
    """The process died here (kill -9): a BaseException so no ``except Exception`` swallows it."""


WRITE_METHODS = frozenset(
    {
        "create_issue",
        "edit_issue",
        "close_issue",
        "reopen_issue",
        "comment",
        "ensure_label",
        "commit_changed",
        "ensure_milestone",
    }
)


class CrashAfterWrites:
    """The client, except that the process 'dies' right after its ``after``-th write operation.

    A write operation is a client call that sent at least one write request (the fake's record
    says so: ``ensure_label`` for an existing label writes nothing). ``commit_changed`` counts as
    one: a crash between its blob/tree/commit requests and the ref update leaves only unreachable
    objects, the same state as a crash before it, which a dropped ref update covers.
    """

    def __init__(self, client: GitHubClient, fake: FakeGitHub, after: int) -> None:
        self._client = client
        self._fake = fake
        self.after = after
        self.writes = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if name not in WRITE_METHODS:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            before = write_count(self._fake)
            result = attribute(*args, **kwargs)
            if write_count(self._fake) > before:
                self.writes += 1
                if self.writes == self.after:
                    raise SimulatedCrash(f"crash after write operation {self.writes} ({name})")
            return result

        return call


def write_count(fake: FakeGitHub) -> int:
    return sum(1 for r in fake.requests if r.kind == "rest_write" and r.status != 0)
