"""A tick stored under an item's old id follows the item when roadmap.yaml nests it (or un-nests
it): the next sync keeps the tick under the new id, shows it ticked and says so; the sync after
that writes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.model import State, Tick, TickSource
from roadmap_bot.core.state_codec import state_to_json
from tests.fakegithub import FakeGitHub
from tests.support.nesting import nested
from tests.syncharness import (
    ROADMAP_REPO,
    Shape,
    end_state,
    new_fake,
    roadmap_yaml,
    run_sync,
    seed,
    write_count,
)

SHAPE = Shape(repos=0, topics=4)
FRIEND = "friend"
OLD, NEW = "phase0.topic-1", "phase0.basics.topic-1"
TICKED_TOPIC_1 = re.compile(r"^ *- \[x\] Topic 1( |$)", re.MULTILINE)


def _state_with_a_tick() -> str:
    tick = Tick(TickSource.MANUAL, "2026-01-20T10:00:00Z", FRIEND, "ticked with /done")
    return state_to_json(State(ticks={OLD: tick}))


@pytest.fixture
def world() -> Iterator[FakeGitHub]:
    with new_fake() as fake:
        seed(fake, SHAPE)
        fake.commit(ROADMAP_REPO, {"roadmap.state.json": _state_with_a_tick()}, author=FRIEND)
        run_sync(fake)  # the README's block shows Topic 1 ticked
        yield fake
    assert not fake.errors, "the fake GitHub crashed:\n" + "\n".join(fake.errors)


def test_a_tick_under_the_old_id_is_kept_under_the_nested_id_and_a_second_sync_writes_nothing(
    world: FakeGitHub,
) -> None:
    assert TICKED_TOPIC_1.search(end_state(world).readme.decode())
    grouped = nested(roadmap_yaml(SHAPE))
    world.commit(ROADMAP_REPO, {"roadmap.yaml": grouped}, message="group topics", author=FRIEND)

    result = run_sync(world)

    ticks = end_state(world).ticks
    assert OLD not in ticks and ticks[NEW]["by"] == FRIEND and ticks[NEW]["source"] == "manual"
    assert TICKED_TOPIC_1.search(end_state(world).readme.decode())
    assert [w for w in result.warnings if OLD in w and NEW in w]
    assert "roadmap.state.json" in result.files_changed
    writes = write_count(world)
    again = run_sync(world)
    assert write_count(world) == writes and not again.files_changed
    assert not [w for w in again.warnings if OLD in w]


def test_un_nesting_moves_the_tick_back(world: FakeGitHub) -> None:
    flat = roadmap_yaml(SHAPE)
    world.commit(ROADMAP_REPO, {"roadmap.yaml": nested(flat)}, author=FRIEND)
    run_sync(world)
    world.commit(ROADMAP_REPO, {"roadmap.yaml": flat}, author=FRIEND)
    result = run_sync(world)
    assert OLD in end_state(world).ticks and NEW not in end_state(world).ticks
    assert [w for w in result.warnings if f"of {NEW} under {OLD}" in w]
    assert TICKED_TOPIC_1.search(end_state(world).readme.decode())


def test_an_offline_sync_says_which_tick_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "roadmap.yaml"
    config.write_text(roadmap_yaml(SHAPE), encoding="utf-8")
    (tmp_path / "roadmap.state.json").write_text(_state_with_a_tick(), encoding="utf-8")
    assert main(["sync", "--offline", "-c", str(config)]) == 0
    config.write_text(nested(roadmap_yaml(SHAPE)), encoding="utf-8")
    capsys.readouterr()

    assert main(["sync", "--offline", "-c", str(config)]) == 0

    out = capsys.readouterr().out
    assert f"kept the tick, skip, links or nudge date of {OLD} under {NEW}" in out
    state = json.loads((tmp_path / "roadmap.state.json").read_text(encoding="utf-8"))
    assert list(state["ticks"]) == [NEW]
    assert TICKED_TOPIC_1.search((tmp_path / "README.md").read_text(encoding="utf-8"))
    assert main(["sync", "--offline", "-c", str(config)]) == 0
    assert "files: unchanged" in capsys.readouterr().out
