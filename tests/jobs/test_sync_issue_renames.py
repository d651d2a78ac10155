"""Nesting items whose topic issues are open, on the fake GitHub: the issues stay the items'.

The sync after the nesting opens no second issue for the nested ids, keeps the open issues
within ``open_issues``, rewrites each old issue's hidden marker to the new id once, and the sync
after that writes nothing. Two syncs at once, or one killed after any single write and rerun,
end as the fault-free run does."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from roadmap_bot.core.model import State, Tick, TickSource
from roadmap_bot.core.planning.bot_issues import own_item_marker
from roadmap_bot.core.planning.dashboard import DASHBOARD_MARKER
from roadmap_bot.core.state_codec import state_to_json
from roadmap_bot.jobs.sync import SyncResult
from tests.fakegithub import FakeGitHub
from tests.support.convergence import assert_clean_end, cli_run
from tests.support.nesting import nested
from tests.syncharness import (
    ROADMAP_REPO,
    CrashAfterWrites,
    EndState,
    Shape,
    end_state,
    new_fake,
    roadmap_yaml,
    run_sync,
    seed,
    write_count,
)

SHAPE = Shape(repos=0, files=10, topics=4, open_issues=3)  # phase0.topic-0 … topic-3
FRIEND = "friend"
RENAMED = {"phase0.topic-0": "phase0.basics.topic-0", "phase0.topic-1": "phase0.basics.topic-1"}
AFTER = {*RENAMED.values(), "phase0.topic-2"}  # the items whose issues are open after nesting


def nested_world(fake: FakeGitHub) -> FakeGitHub:
    """Issues of topic-0, topic-1 and topic-2 opened on the flat roadmap; then a person nests
    topic-0 and topic-1 under a new parent ``basics``."""
    seed(fake, SHAPE)
    run_sync(fake)
    assert open_markers(fake) == {"phase0.topic-0", "phase0.topic-1", "phase0.topic-2"}
    fake.commit(
        ROADMAP_REPO,
        {"roadmap.yaml": nested(roadmap_yaml(SHAPE))},
        message="group topics",
        author=FRIEND,
    )
    return fake


def issues(fake: FakeGitHub) -> list[dict[str, Any]]:
    """The item issues (the dashboard, an issue of its own, is tested on its own)."""
    found = [i for i in fake.issues(ROADMAP_REPO) if DASHBOARD_MARKER not in (i["body"] or "")]
    return sorted(found, key=lambda i: int(i["number"]))


def open_markers(fake: FakeGitHub) -> set[str | None]:
    return {own_item_marker(i["body"]) for i in issues(fake) if i["state"] == "open"}


def assert_window(fake: FakeGitHub) -> None:
    opened = [i for i in issues(fake) if i["state"] == "open"]
    assert len(opened) <= SHAPE.open_issues, [own_item_marker(i["body"]) for i in opened]


def assert_renamed_in_place(fake: FakeGitHub) -> None:
    """Issues 1-3 are still the only ones; 1 and 2 now carry the nested ids."""
    markers = {int(i["number"]): own_item_marker(i["body"]) for i in issues(fake)}
    assert markers == {
        1: RENAMED["phase0.topic-0"],
        2: RENAMED["phase0.topic-1"],
        3: "phase0.topic-2",
    }
    assert open_markers(fake) == AFTER


@pytest.fixture
def world() -> Iterator[FakeGitHub]:
    with new_fake() as fake:
        yield nested_world(fake)
    assert not fake.errors, "the fake GitHub crashed:\n" + "\n".join(fake.errors)


def test_nesting_items_with_open_issues_opens_no_duplicate_and_rewrites_their_markers_once(
    world: FakeGitHub,
) -> None:
    run_sync(world)

    assert_window(world)
    assert_renamed_in_place(world)
    assert end_state(world).duplicates == 0
    writes = write_count(world)
    again = run_sync(world)
    assert write_count(world) == writes and not again.files_changed
    assert_window(world)
    assert_renamed_in_place(world)


def test_ticking_a_nested_item_closes_its_renamed_issue_and_the_next_topic_opens(
    world: FakeGitHub,
) -> None:
    run_sync(world)
    tick = Tick(TickSource.MANUAL, "2026-01-20T10:00:00Z", FRIEND, "ticked with /done")
    state = state_to_json(State(ticks={RENAMED["phase0.topic-0"]: tick}))
    world.commit(ROADMAP_REPO, {"roadmap.state.json": state}, author=FRIEND)

    run_sync(world)

    first = issues(world)[0]
    assert first["state"] == "closed" and first["state_reason"] == "completed"
    assert open_markers(world) == {RENAMED["phase0.topic-1"], "phase0.topic-2", "phase0.topic-3"}
    assert end_state(world).duplicates == 0 and len(issues(world)) == 4
    writes = write_count(world)
    run_sync(world)
    assert write_count(world) == writes


def test_two_syncs_at_once_after_nesting_open_no_duplicate() -> None:
    with new_fake() as fake:
        nested_world(fake)
        barrier = threading.Barrier(2)
        results: list[SyncResult] = []
        failures: list[BaseException] = []

        def run() -> None:
            try:
                barrier.wait()
                results.append(run_sync(fake))
            except BaseException as exc:  # reported below
                failures.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures
        assert len(results) == 2
        assert_window(fake)
        assert_renamed_in_place(fake)
        run_sync(fake)  # whatever the race left over, the next run tidies (here: nothing)
        writes = write_count(fake)
        run_sync(fake)
        assert write_count(fake) == writes
    assert not fake.errors, fake.errors


def served_nested_world() -> FakeGitHub:
    return nested_world(new_fake().start())


def test_a_crash_after_any_single_write_of_the_renaming_run_converges_to_the_fault_free_end() -> (
    None
):
    fake = served_nested_world()
    try:
        probe: list[CrashAfterWrites] = []
        code, err = cli_run(fake, probe=probe)
        assert code == 0, err
        expected: EndState = end_state(fake)
        assert_renamed_in_place(fake)
    finally:
        fake.stop()
    writes = probe[0].writes
    assert writes >= 3  # the README's commit and two marker edits at least
    for after in range(1, writes + 1):
        fake = served_nested_world()
        try:
            code, err = cli_run(fake, crash_after=after)
            assert_clean_end(code, err)
            assert_window(fake)
            code, err = cli_run(fake)  # the clean rerun
            assert code == 0, err
            end = end_state(fake)
            assert end.open_issues == expected.open_issues, after
            assert end.all_issues == expected.all_issues, after
            assert end.files == expected.files, after
            assert_window(fake)
            assert_renamed_in_place(fake)
            before = write_count(fake)
            assert cli_run(fake)[0] == 0
            assert write_count(fake) == before, after  # and the run after that writes nothing
        finally:
            fake.stop()
