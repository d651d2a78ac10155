"""Read and check the linked repos a chunk at a time, keeping only the check results.

A snapshot holds every path of a repo and the texts read from it; 1,000 repos of a few hundred
files are ~50 MB of them. Checking each chunk as soon as it is read lets them go: what the run
keeps is the results (a few KB a repo). Each repo's checks have ``budget`` seconds (the clock is
read here, the checks only ask): past it the repo's results say it is too large to check,
and are cached by its head like any other. A later planning attempt (the branch moved under the
run) reuses the results, and reads again only repos it has no answer for, or whose results lack
a check a changed rule now needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from roadmap_bot.core.evidence.fingerprints import EMPTY, Boilerplate
from roadmap_bot.core.evidence.snapshot import (
    TIME_BUDGET,
    Expired,
    Progress,
    RepoProblem,
    SnapshotProvider,
    Wanted,
)
from roadmap_bot.core.evidence.techs import Catalog
from roadmap_bot.core.model import CachedEvidence, Rule
from roadmap_bot.core.rules.collect import Collected, Results, collect, known_heads

CHUNK = 200  # repos without a cached head (each read whole) held at once; ~1 more request a chunk
KNOWN_CHUNK = 1000  # repos with a cached head (most unchanged: a HEAD look-up each) in a chunk


@dataclass(slots=True)
class EvidenceReader:
    """Everything read in this run, across planning attempts.

    ``extra`` names the files the rules' ``contains:`` requirements read; ``progress`` hears of
    repos read, counted across chunks. Both go to the provider with each ``fetch``."""

    provider: SnapshotProvider
    extra: Wanted | None = None
    progress: Progress | None = None
    chunk: int = CHUNK
    known_chunk: int = KNOWN_CHUNK
    budget: float | None = TIME_BUDGET  # seconds of checks per repo; None: no limit
    clock: Callable[[], float] = time.monotonic
    evidence: dict[str, Results | RepoProblem] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    entries: dict[str, CachedEvidence | None] = field(default_factory=dict)  # None: drop it
    notes: dict[str, str] = field(default_factory=dict)
    fresh: dict[str, None] = field(default_factory=dict)  # an ordered set

    def collect(
        self,
        repos: Sequence[str],
        cache: Mapping[str, CachedEvidence],
        catalog: Catalog,
        rules: Mapping[str, list[Rule]],
        *,
        boilerplate: Boilerplate = EMPTY,
    ) -> Collected:
        """Evidence for ``repos``: reuse what this run has, read the rest in chunks.

        ``boilerplate`` is the user's own fingerprints: results cached with others are read
        again (``known_heads``)."""
        merged = self._cache(cache)
        known = boilerplate.digest
        todo = [r for r in repos if r not in self.evidence or self._lacks(r, merged, rules, known)]
        heads = known_heads(merged, todo, rules, known=known)
        start = 0
        for part in _chunks(todo, heads, self.chunk, max(self.chunk, self.known_chunk)):
            outcomes = self.provider.fetch(
                part,
                known_heads=heads,
                extra=self.extra,
                progress=_across(self.progress, start, len(todo)),
            )
            found = collect(
                outcomes, merged, catalog, rules, deadline=self._deadline, boilerplate=boilerplate
            )
            self._keep(found, merged)
            del outcomes  # the snapshots: only their results are kept
            merged = self._cache(cache)
            start += len(part)
        wanted = set(repos)
        return Collected(
            evidence={r: self.evidence[r] for r in repos},
            heads={r: h for r, h in self.heads.items() if r in wanted},
            cache=merged,
            notes={r: n for r, n in self.notes.items() if r in wanted},
            fresh=tuple(r for r in self.fresh if r in wanted),
        )

    def _deadline(self) -> Expired:
        """Start one repo's check budget: the checks ask the returned function between steps."""
        if self.budget is None:
            return _never
        return deadline_after(self.budget, self.clock)

    def _lacks(
        self,
        repo: str,
        cache: Mapping[str, CachedEvidence],
        rules: Mapping[str, list[Rule]],
        known: str,
    ) -> bool:
        """Whether a rule (changed since the last attempt) needs a check the results lack, or
        the user's fingerprints changed since."""
        found = self.evidence[repo]
        if isinstance(found, RepoProblem) or repo not in cache:
            return False
        return repo not in known_heads(cache, [repo], rules, known=known)

    def _keep(self, part: Collected, before: Mapping[str, CachedEvidence]) -> None:
        for repo, found in part.evidence.items():
            self.evidence[repo] = found
            entry = part.cache.get(repo)
            if entry is not before.get(repo):  # read now, or a cached entry found unreadable
                self.entries[repo] = entry
            if repo in part.heads:
                self.heads[repo] = part.heads[repo]
        self.notes.update(part.notes)
        self.fresh.update(dict.fromkeys(part.fresh))

    def _cache(self, cache: Mapping[str, CachedEvidence]) -> dict[str, CachedEvidence]:
        merged = dict(cache)
        for repo, entry in self.entries.items():
            if entry is None:
                merged.pop(repo, None)
            else:
                merged[repo] = entry
        return merged


def deadline_after(seconds: float, clock: Callable[[], float] = time.monotonic) -> Expired:
    """A function saying whether ``seconds`` have passed since this call (by ``clock``)."""
    end = clock() + seconds
    return lambda: clock() >= end


def _never() -> bool:
    return False


def _chunks(
    repos: list[str], heads: Mapping[str, str], unknown: int, size: int
) -> Iterator[list[str]]:
    """Cut ``repos`` into chunks of at most ``unknown`` repos without a cached head (each is
    read whole) and at most ``size`` repos in all: a warm run, where most heads are cached and
    unchanged, reads its few changed repos in one set of queries, a cold one 200 at a time."""
    part: list[str] = []
    fresh = 0
    for repo in repos:
        part.append(repo)
        fresh += repo not in heads
        if fresh >= max(1, unknown) or len(part) >= size:
            yield part
            part, fresh = [], 0
    if part:
        yield part


def _across(progress: Progress | None, offset: int, total: int) -> Progress | None:
    """``progress`` counting one chunk's repos after the ``offset`` read in earlier chunks."""
    if progress is None:
        return None

    def report(done: int, _chunk_total: int, repo: str) -> None:
        progress(offset + done, total, repo)

    return report
