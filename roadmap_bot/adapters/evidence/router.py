"""Route each linked repo to the snapshot provider that claims it: one entry per provider.

A provider is one module exposing ``claims`` (given a parsed link, the name it reads that repo
under, or None when the repo is not its kind) and ``build`` (the provider, from the run's
``Setup``; None when this run cannot read that kind), and one ``Entry`` in ``ENTRIES``. The
first entry that claims a repo reads it; ``cli/check.py`` picks its provider from the same
table. Each provider is built once a run, when the first repo of its kind is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from roadmap_bot.adapters.evidence import git, github, local
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.core.evidence.snapshot import (
    Progress,
    RepoProblem,
    SnapshotOutcome,
    SnapshotProvider,
    Wanted,
)
from roadmap_bot.core.repos import RepoRef, parse_repo

OFFLINE_GITHUB = (
    "{repo}: GitHub repos are read by `roadmap-bot sync` with a token; offline mode reads local "
    "paths and git URLs only"
)
NOT_READ = "{repo}: no provider reads this kind of repo in this run"


@dataclass(frozen=True, slots=True)
class Entry:
    """One provider in the router's table."""

    name: str
    claims: Callable[[RepoRef], str | None]  # the name it reads a link under; None: not its
    build: Callable[[Setup], SnapshotProvider | None]  # None: this run cannot read the kind
    unavailable: str = NOT_READ  # the reason given for its repos when ``build`` gave None


ENTRIES: tuple[Entry, ...] = (
    Entry("github", github.claims, github.build, unavailable=OFFLINE_GITHUB),
    Entry("git", git.claims, git.build),
    Entry("local", local.claims, local.build),
)


def entry_for(ref: RepoRef, entries: Sequence[Entry] | None = None) -> tuple[Entry, str] | None:
    """The entry that claims ``ref`` and the name it reads it under, or None."""
    for entry in ENTRIES if entries is None else entries:
        name = entry.claims(ref)
        if name is not None:
            return entry, name
    return None


class Router:
    """A SnapshotProvider that sends each repo to the provider of its entry, in one batch per
    provider; each provider is built the first time a repo of its kind is read."""

    def __init__(self, setup: Setup, entries: Sequence[Entry] | None = None) -> None:
        self.setup = setup
        self.entries = ENTRIES if entries is None else tuple(entries)
        self._built: dict[str, SnapshotProvider | None] = {}

    def provider(self, entry: Entry) -> SnapshotProvider | None:
        if entry.name not in self._built:
            self._built[entry.name] = entry.build(self.setup)
        return self._built[entry.name]

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]:
        groups: dict[str, tuple[Entry, dict[str, str]]] = {}  # entry → repo → name it reads
        outcomes: dict[str, SnapshotOutcome] = {}
        for repo in repos:
            ref = parse_repo(repo)
            found = None if ref is None else entry_for(ref, self.entries)
            if found is None:
                outcomes[repo] = RepoProblem(repo, "error", f"{repo}: not a repo reference")
                continue
            entry, name = found
            groups.setdefault(entry.name, (entry, {}))[1][repo] = name
        total = len(repos)
        for entry, names in groups.values():
            provider = self.provider(entry)
            if provider is None:
                for repo in names:
                    outcomes[repo] = RepoProblem(
                        repo, "no-access", entry.unavailable.format(repo=repo)
                    )
                if progress is not None:
                    progress(len(outcomes), total, list(names)[-1])
                continue
            heads = {names[r]: h for r, h in known_heads.items() if r in names}
            fetched = provider.fetch(
                sorted(set(names.values())),
                known_heads=heads,
                extra=extra,
                progress=_after(progress, len(outcomes), total),
            )
            outcomes.update({repo: fetched[name] for repo, name in names.items()})
        return {repo: outcomes[repo] for repo in repos}


def _after(progress: Progress | None, offset: int, total: int) -> Progress | None:
    """``progress`` counting a provider's repos after the ``offset`` already done."""
    if progress is None:
        return None

    def report(done: int, _part: int, repo: str) -> None:
        progress(offset + done, total, repo)

    return report
