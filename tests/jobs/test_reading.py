"""EvidenceReader: linked repos read and checked a chunk at a time, results reused across attempts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.snapshot import (
    Progress,
    RepoProblem,
    RepoSnapshot,
    SnapshotOutcome,
    Unchanged,
    Wanted,
)
from roadmap_bot.core.rules.collect import collect
from roadmap_bot.core.rules.syntax import parse_rule
from roadmap_bot.jobs.reading import EvidenceReader

CATALOG = shipped_catalog()
PLAIN = parse_rule(["readme", "tests"], CATALOG)
CONTAINS = parse_rule([{"contains": {"path": "*.py", "pattern": "mlflow"}}], CATALOG)


class Repos:
    """A SnapshotProvider over in-memory repos; records every fetch and reports progress."""

    def __init__(self, count: int) -> None:
        self.repos = {f"o/r{i}": self.snapshot(f"o/r{i}", i) for i in range(count)}
        self.repos["o/gone"] = RepoProblem("o/gone", "missing", "o/gone was not found")
        self.calls: list[list[str]] = []

    @staticmethod
    def snapshot(repo: str, i: int) -> RepoSnapshot:
        texts = {"README.md": "A project. " * 20, "train.py": "import mlflow\n" if i % 2 else ""}
        if i % 3 == 0:
            texts["tests/test_a.py"] = "def test_a():\n    assert 1\n"
        return RepoSnapshot(repo, f"head{i}", tuple(sorted(texts)), texts)

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]:
        self.calls.append(list(repos))
        out: dict[str, SnapshotOutcome] = {}
        for repo in repos:
            found = self.repos[repo]
            if isinstance(found, RepoSnapshot) and known_heads.get(repo) == found.head:
                out[repo] = Unchanged(repo, found.head)
            else:
                out[repo] = found
        if progress is not None:
            progress(len(out), len(repos), repos[-1])
        return out


def test_reading_in_chunks_gives_what_reading_at_once_gives() -> None:
    source = Repos(25)
    repos = sorted(source.repos)
    rules = {r: [PLAIN] for r in repos}
    whole = collect(source.fetch(repos, known_heads={}), {}, CATALOG, rules)
    reader = EvidenceReader(Repos(25), chunk=4)
    chunked = reader.collect(repos, {}, CATALOG, rules)
    assert chunked == whole
    assert [len(c) for c in reader.provider.calls] == [4] * 6 + [2]  # type: ignore[attr-defined]
    assert isinstance(chunked.evidence["o/gone"], RepoProblem)


def test_no_snapshot_is_kept_after_its_chunk_is_checked() -> None:
    reader = EvidenceReader(Repos(10), chunk=3)
    repos = sorted(reader.provider.repos)  # type: ignore[attr-defined]
    reader.collect(repos, {}, CATALOG, {r: [PLAIN] for r in repos})
    kept = [reader.evidence, reader.heads, reader.entries, reader.notes, reader.fresh]
    assert not any(isinstance(v, RepoSnapshot) for part in kept for v in part.values())


def test_progress_counts_across_chunks() -> None:
    heard: list[tuple[int, int]] = []
    source = Repos(9)
    reader = EvidenceReader(
        source, chunk=4, progress=lambda done, total, _: heard.append((done, total))
    )
    repos = sorted(source.repos)
    reader.collect(repos, {}, CATALOG, {r: [PLAIN] for r in repos})
    assert heard == [(4, 10), (8, 10), (10, 10)]


def test_a_second_attempt_reads_only_repos_it_has_no_answer_for() -> None:
    source = Repos(6)
    reader = EvidenceReader(source, chunk=4)
    first = sorted(source.repos)[:4]
    reader.collect(first, {}, CATALOG, {r: [PLAIN] for r in first})
    source.calls.clear()
    everything = sorted(source.repos)
    again = reader.collect(everything, {}, CATALOG, {r: [PLAIN] for r in everything})
    assert source.calls == [everything[4:]]
    assert set(again.evidence) == set(everything)
    assert set(again.cache) == {r for r in everything if r != "o/gone"}


def test_a_rule_needing_a_check_the_results_lack_reads_that_repo_again() -> None:
    source = Repos(3)
    reader = EvidenceReader(source)
    repos = ["o/r0", "o/r1", "o/r2"]
    reader.collect(repos, {}, CATALOG, {r: [PLAIN] for r in repos})
    source.calls.clear()
    rules = {"o/r0": [PLAIN], "o/r1": [PLAIN, CONTAINS], "o/r2": [PLAIN]}
    again = reader.collect(repos, {}, CATALOG, rules)
    assert source.calls == [["o/r1"]]
    found = again.evidence["o/r1"]
    assert not isinstance(found, RepoProblem)
    assert any(key.startswith("contains:") and r.passed for key, r in found.items())


def test_repos_with_an_unchanged_head_are_served_from_the_cache() -> None:
    source = Repos(4)
    repos = sorted(r for r in source.repos if r != "o/gone")
    rules = {r: [PLAIN] for r in repos}
    cold = EvidenceReader(source).collect(repos, {}, CATALOG, rules)
    warm = EvidenceReader(source).collect(repos, cold.cache, CATALOG, rules)
    assert warm.evidence == cold.evidence and warm.fresh == () and warm.cache == cold.cache


def test_repos_with_cached_heads_are_read_in_bigger_chunks_than_unknown_ones() -> None:
    source = Repos(9)
    repos = sorted(source.repos)  # 9 repos and o/gone
    rules = {r: [PLAIN] for r in repos}
    cold = EvidenceReader(source, chunk=3, known_chunk=100)
    cached = cold.collect(repos, {}, CATALOG, rules).cache
    assert [len(c) for c in source.calls] == [3, 3, 3, 1]  # nothing cached: 3 at a time
    source.calls.clear()
    EvidenceReader(source, chunk=3, known_chunk=100).collect(repos, cached, CATALOG, rules)
    assert [len(c) for c in source.calls] == [10]  # 9 cached heads and 1 unknown: one chunk
    source.calls.clear()
    EvidenceReader(source, chunk=3, known_chunk=4).collect(repos, cached, CATALOG, rules)
    assert [len(c) for c in source.calls] == [4, 4, 2]  # but never more than known_chunk


def test_only_the_checks_the_rules_read_are_cached_and_a_new_one_reads_the_repo_again() -> None:
    source = Repos(2)
    repos = ["o/r0", "o/r1"]
    first = EvidenceReader(source).collect(repos, {}, CATALOG, {r: [PLAIN] for r in repos})
    entry = first.cache["o/r1"]
    assert set(entry.results) == {"readme", "tests"} and entry.techs == ()
    source.calls.clear()
    torch = parse_rule([{"uses": "pytorch"}], CATALOG)
    rules = {"o/r0": [PLAIN], "o/r1": [PLAIN, torch]}
    again = EvidenceReader(source).collect(repos, first.cache, CATALOG, rules)
    assert source.calls == [["o/r0", "o/r1"]]  # o/r0 answers Unchanged from its cached head
    assert again.fresh == ("o/r1",)  # o/r0's cached answer covers its rule; o/r1's does not
    assert again.cache["o/r1"].techs == ("pytorch",)
