"""A sync over 100 linked repos on the fake GitHub: ticks, one commit, idle reruns, two runs at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from roadmap_bot.core.commands.apply import Effects
from roadmap_bot.core.model import Roadmap, State, Tick, TickSource
from roadmap_bot.jobs.sync import SyncResult
from tests.fakegithub import FakeGitHub
from tests.syncharness import (
    NOW,
    ROADMAP_REPO,
    Shape,
    end_state,
    item_id,
    new_fake,
    qualifying,
    run_sync,
    seed,
)

SHAPE = Shape(repos=100, files=20)  # 30 qualify (3 in 10); open_issues N = 3
MANUAL = "phase0.topic-1"


@pytest.fixture
def world() -> Iterator[FakeGitHub]:
    with new_fake() as fake:
        seed(fake, SHAPE)
        yield fake
    assert not fake.errors, "the fake GitHub crashed:\n" + "\n".join(fake.errors)


def ref_updates(fake: FakeGitHub) -> int:
    """Successful moves of a branch (a refused, non-fast-forward update is not one)."""
    return sum(
        1
        for r in fake.requests
        if r.method == "PATCH" and "/git/refs/" in r.path and r.status == 200
    )


def test_a_hundred_repos_thirty_qualifying_give_thirty_ticks_one_commit_n_open_issues(
    world: FakeGitHub,
) -> None:
    result = run_sync(world)
    expected = {item_id(i) for i in qualifying(SHAPE)}
    assert len(expected) == 30
    end = end_state(world)
    assert set(end.ticks) == expected
    assert all(t["source"] == "auto" and t["at"] == NOW for t in end.ticks.values())
    assert sorted(result.ticked) == sorted(expected)
    commits = [r for r in world.requests if r.method == "POST" and r.path.endswith("/git/commits")]
    assert len(commits) == 1 and ref_updates(world) == 1
    assert len(end.open_issues) == SHAPE.open_issues and end.duplicates == 0
    # the next topics are the first unticked items in roadmap order
    assert set(end.open_issues) == {item_id(3), item_id(4), item_id(5)}


def test_a_second_sync_in_a_row_sends_no_write_request(world: FakeGitHub) -> None:
    run_sync(world)
    head = world.head(ROADMAP_REPO)
    world.reset_requests()
    second = run_sync(world)
    writes = [f"{r.method} {r.path}" for r in world.requests if r.is_write]
    assert writes == []
    assert second.files_changed == [] and second.ticked == []
    assert world.head(ROADMAP_REPO) == head
    # files + every issue in one query, the linked repos' heads in another (issue 9: <= 3)
    assert [r.operation or r.path for r in world.requests] == ["RoadmapRepoFiles", "RoadmapHeads"]


def test_two_syncs_started_together_keep_one_issue_per_item_and_lose_no_update(
    world: FakeGitHub,
) -> None:
    barrier = threading.Barrier(2)
    results: dict[str, SyncResult] = {}
    failures: list[BaseException] = []

    def manual_tick(roadmap: Roadmap, state: State) -> Effects:
        tick = Tick(TickSource.MANUAL, NOW, "octocat", "/done topic-1")
        return Effects(replace(state, ticks={**state.ticks, MANUAL: tick}), (), True)

    def run(name: str) -> None:
        try:
            barrier.wait()
            results[name] = run_sync(world, mutate=manual_tick if name == "manual" else None)
        except BaseException as exc:  # reported below, with the thread's name
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("manual", "plain")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    end = end_state(world)
    assert set(end.ticks) == {item_id(i) for i in qualifying(SHAPE)} | {MANUAL}
    assert end.ticks[MANUAL]["source"] == "manual"
    assert end.duplicates == 0
    assert set(end.open_issues) == {item_id(3), item_id(4), item_id(5)}
    # one commit per run at most; whoever lost the race re-planned over the winner's commit
    assert 1 <= ref_updates(world) <= 2
    assert set(results) == {"manual", "plain"}
