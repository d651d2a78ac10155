"""A command collects cyclic garbage less often while it runs, and leaves the collector as it was."""

from __future__ import annotations

import gc

from roadmap_bot.cli import batch_gc, main


def test_a_command_runs_with_a_higher_threshold_and_restores_the_collector() -> None:
    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    with batch_gc():
        seen.append(gc.get_threshold())
        assert gc.get_freeze_count() > 0  # what existed before the command is left out of walks
    assert seen[0][0] >= 50_000
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_collector_is_restored_when_a_command_fails() -> None:
    before = gc.get_threshold()
    assert main(["validate", "/nonexistent/roadmap.yaml"]) != 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
