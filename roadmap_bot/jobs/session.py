"""Build the pieces a run needs from the environment: workspace, tracker, providers, options.

A GitHub run opens one connection (a ``Transport``: config, HTTP session, retries, rate-limit
waits, write pacing, counting) and hands it to the client and to the snapshot providers, which
are built once for the run; the session closes it and reads what it cost."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from roadmap_bot.adapters.actions_env import ActionsOutput, RunContext
from roadmap_bot.adapters.evidence.git import git_hosts_from_env
from roadmap_bot.adapters.evidence.router import Router
from roadmap_bot.adapters.evidence.setup import Setup, git_cache_dir
from roadmap_bot.adapters.github import (
    ApiStats,
    GitHubClient,
    GitHubConfig,
    mask_token,
)
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.workspace import GitHubWorkspace, LocalWorkspace, Workspace
from roadmap_bot.core.evidence.fingerprints import user_file
from roadmap_bot.core.evidence.snapshot import Progress, SnapshotProvider
from roadmap_bot.errors import UsageError


@dataclass
class Session:
    """Everything one run talks to, and how to report what it cost."""

    workspace: Workspace
    tracker: GitHubClient | None
    providers: SnapshotProvider  # every kind of linked repo (the router), built once a run
    context: RunContext
    output: ActionsOutput
    config: str
    repo_slug: str | None
    connection: Transport | None = None  # the run's one connection to GitHub; None offline
    progress: Progress | None = None  # hears of repos read (a terminal's progress bar)

    def stats(self) -> ApiStats | None:
        return None if self.connection is None else self.connection.stats()


def offline_session(
    config: Path, env: Mapping[str, str], *, on_progress: Progress | None = None
) -> Session:
    """Local files; local-path and git-URL links; no GitHub at all."""
    context = RunContext.from_env(env)
    root = config.parent if str(config.parent) else Path(".")

    setup = Setup(
        base_dir=root,
        git_cache=git_cache_dir(env),
        hosts=git_hosts_from_env(env),
        allow_local=True,  # one's own machine: file:// links are as local as paths
    )
    return Session(
        workspace=LocalWorkspace(root),
        tracker=None,
        providers=Router(setup),
        context=context,
        output=ActionsOutput(context),
        config=config.name,
        repo_slug=context.repository,
        progress=on_progress,
    )


@contextmanager
def github_session(
    config: str,
    env: Mapping[str, str],
    *,
    repo: str | None = None,
    token: str | None = None,
    tune: Callable[[GitHubConfig], GitHubConfig] | None = None,
    on_progress: Progress | None = None,
) -> Iterator[Session]:
    """The roadmap repo on GitHub (files via the Git Data API) and GitHub-linked evidence.

    ``tune`` adjusts the GitHub config read from ``env`` (tests set ``min_write_interval=0``).
    """
    context = RunContext.from_env(env)
    slug = repo or context.repository
    if not slug:
        raise UsageError("which repository? pass --repo owner/name or set GITHUB_REPOSITORY")
    gh_config = GitHubConfig.from_env(env, token=token)
    if tune is not None:
        gh_config = tune(gh_config)
    if not gh_config.token:
        raise UsageError(
            "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN); to work on local files without one, "
            "run `roadmap-bot sync --offline`"
        )
    mask_token(gh_config)
    hints, listings = workspace_hints(config), workspace_listings(config)
    transport = Transport(gh_config)
    client = GitHubClient(transport, slug, files=(hints, listings))
    setup = Setup(
        base_dir=Path(env.get("GITHUB_WORKSPACE") or "."),
        git_cache=git_cache_dir(env),
        hosts=git_hosts_from_env(env),
        connect=lambda: transport,
    )
    try:
        yield Session(
            workspace=GitHubWorkspace(client, hints=hints, listings=listings),
            tracker=client,
            providers=Router(setup),
            context=context,
            output=ActionsOutput(context),
            config=config,
            repo_slug=slug,
            connection=transport,
            progress=on_progress,
        )
    finally:
        client.close()
        transport.close()


def workspace_hints(config: str) -> list[str]:
    """The files a run reads, at their default places: fetched with the head in one query."""
    base = PurePosixPath(config).parent
    return [
        config,
        str(base / "roadmap.state.json"),
        str(base / "README.md"),
        str(base / ".github/roadmap-templates"),
        user_file(config),
    ]


def workspace_listings(config: str) -> list[str]:
    """The folders whose blob ids tell a write what changed (the default badges folders)."""
    base = PurePosixPath(config).parent
    return [str(base / ".github/roadmap"), str(base / ".github/roadmap/repos")]


def environment() -> Mapping[str, str]:
    """The process environment, read here at the edge only."""
    return os.environ
