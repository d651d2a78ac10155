"""Route each linked repo to the snapshot provider for its kind: local path, git URL or GitHub."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from roadmap_bot.adapters.evidence.git import GitUrlProvider, git_hosts_from_env
from roadmap_bot.adapters.evidence.local import LocalDirProvider
from roadmap_bot.core.evidence.snapshot import RepoProblem, SnapshotOutcome, SnapshotProvider
from roadmap_bot.core.repos import RepoKind, parse_repo

Progress = Callable[[int, int, str], None]  # (repos done, repos in all, the last one)

OFFLINE_GITHUB = (
    "{repo}: GitHub repos are read by `roadmap-bot sync` with a token; offline mode reads local "
    "paths and git URLs only"
)


class Router:
    """A SnapshotProvider that sends each repo to the provider of its kind, in one batch per kind."""

    def __init__(
        self,
        *,
        base_dir: Path,
        git_cache: Path,
        github: SnapshotProvider | None = None,
        extra: Callable[[str], bool] | None = None,
        on_progress: Progress | None = None,
        allow_local_git: bool = False,
    ) -> None:
        """``allow_local_git``: read ``file://`` URLs and git hosts on internal addresses (only
        ``sync --offline`` on one's own machine sets it; see ``evidence_git``)."""
        self.local = LocalDirProvider(base_dir, extra=extra)
        self.git = GitUrlProvider(
            git_cache,
            extra=extra,
            hosts=git_hosts_from_env(os.environ),
            allow_local=allow_local_git,
        )
        self.github = github
        self.on_progress = on_progress

    def fetch(
        self, repos: Sequence[str], *, known_heads: Mapping[str, str]
    ) -> dict[str, SnapshotOutcome]:
        groups: dict[RepoKind, list[str]] = {}
        outcomes: dict[str, SnapshotOutcome] = {}
        for repo in repos:
            ref = parse_repo(repo)
            if ref is None:
                outcomes[repo] = RepoProblem(repo, "error", f"{repo}: not a repo reference")
                continue
            groups.setdefault(ref.kind, []).append(repo)
        total = len(repos)
        for kind, members in groups.items():
            provider = self._provider(kind)
            if provider is None:
                for repo in members:
                    outcomes[repo] = RepoProblem(
                        repo, "no-access", OFFLINE_GITHUB.format(repo=repo)
                    )
            elif kind is RepoKind.GITHUB or self.on_progress is None:
                outcomes.update(_github_keys(kind, members, provider, known_heads))
            else:  # local and git repos are read one by one anyway: report each
                for repo in members:
                    outcomes.update(provider.fetch([repo], known_heads=known_heads))
                    self.on_progress(len(outcomes), total, repo)
            if self.on_progress is not None:
                self.on_progress(len(outcomes), total, members[-1])
        return {repo: outcomes[repo] for repo in repos}

    def _provider(self, kind: RepoKind) -> SnapshotProvider | None:
        if kind is RepoKind.LOCAL:
            return self.local
        if kind is RepoKind.GIT:
            return self.git
        return self.github


def _github_keys(
    kind: RepoKind,
    members: list[str],
    provider: SnapshotProvider,
    known_heads: Mapping[str, str],
) -> dict[str, SnapshotOutcome]:
    """Fetch; GitHub refs written as URLs are fetched as owner/name and mapped back."""
    if kind is not RepoKind.GITHUB:
        return provider.fetch(members, known_heads=known_heads)
    names = {repo: parse_repo(repo).value for repo in members}  # type: ignore[union-attr]
    heads = {names[r]: h for r, h in known_heads.items() if r in names}
    fetched = provider.fetch(sorted(set(names.values())), known_heads=heads)
    return {repo: fetched[name] for repo, name in names.items()}
