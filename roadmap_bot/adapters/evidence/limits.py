"""What one linked repo may cost a provider that reads it itself (local folders, git clones)."""

from __future__ import annotations

from collections.abc import Collection

from roadmap_bot.core.evidence.snapshot import MAX_PATHS, MAX_REPO_TEXT_BYTES, MAX_TEXT_BYTES


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
