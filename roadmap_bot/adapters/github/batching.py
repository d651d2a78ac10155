"""Cut work into batches, and split a batch GitHub gave up on until the parts succeed."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from roadmap_bot.errors import GitHubError

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def pack(
    items: Sequence[T], *, count: int, budget: int, weight: Callable[[T], int]
) -> Iterator[list[T]]:
    """Groups of at most ``count`` items whose weights add up to at most ``budget``."""
    group: list[T] = []
    total = 0
    for item in items:
        if group and (len(group) >= count or total + weight(item) > budget):
            yield group
            group, total = [], 0
        group.append(item)
        total += weight(item)
    if group:
        yield group


def run_split(
    batch: list[T],
    run: Callable[[list[T]], None],
    *,
    splittable: Callable[[GitHubError], bool],
    single_failed: Callable[[T, GitHubError], None],
) -> None:
    """Run ``batch``; when GitHub gives up on it (a timeout, a 5xx), run each half on its own.

    Failures that smaller batches cannot help (401, rate limits) propagate. A single item
    that still fails goes to ``single_failed``, so one bad repo cannot sink the others.
    """
    try:
        run(batch)
        return
    except GitHubError as exc:
        if not splittable(exc):
            raise
        failure = exc
    if len(batch) == 1:
        single_failed(batch[0], failure)
        return
    half = len(batch) // 2
    for part in (batch[:half], batch[half:]):
        run_split(part, run, splittable=splittable, single_failed=single_failed)
