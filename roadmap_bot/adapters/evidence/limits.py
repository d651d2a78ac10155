"""What one linked repo may cost a provider that reads it itself (local folders, git clones)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from roadmap_bot.core.evidence.snapshot import (
    MAX_PATHS,
    MAX_REPO_TEXT_BYTES,
    MAX_TEXT_BYTES,
    Progress,
    SnapshotOutcome,
    Wanted,
)

ReadOne = Callable[[str, str | None, Wanted | None], SnapshotOutcome]  # repo, known head, extra


def each_repo(
    read_one: ReadOne,
    repos: Sequence[str],
    known_heads: Mapping[str, str],
    extra: Wanted | None,
    progress: Progress | None,
) -> dict[str, SnapshotOutcome]:
    """``fetch`` for a provider that reads repos one at a time: each outcome, progress after each."""
    outcomes: dict[str, SnapshotOutcome] = {}
    for repo in repos:
        outcomes[repo] = read_one(repo, known_heads.get(repo), extra)
        if progress is not None:
            progress(len(outcomes), len(repos), repo)
    return outcomes


def cap_paths(paths: Collection[str]) -> tuple[tuple[str, ...], bool]:
    """At most ``MAX_PATHS`` of ``paths`` (the shallowest kept), sorted, and whether any were
    dropped."""
    if len(paths) <= MAX_PATHS:
        return tuple(sorted(paths)), False
    kept = sorted(paths, key=lambda p: (p.count("/"), p))[:MAX_PATHS]
    return tuple(sorted(kept)), True


class ByteBudget:
    """The bytes still to be read from one repo: ``MAX_REPO_TEXT_BYTES`` in all, at most
    ``MAX_TEXT_BYTES`` of any one file, spent in ``read_order``."""

    def __init__(self) -> None:
        self.left = MAX_REPO_TEXT_BYTES

    def next_limit(self) -> int:
        """How many bytes the next file may give; 0 once the repo's budget is spent."""
        return max(0, min(MAX_TEXT_BYTES, self.left))

    def spend(self, size: int) -> None:
        self.left -= size
