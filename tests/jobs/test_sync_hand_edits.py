"""A two-way README on the fake GitHub: boxes ticked and unticked by hand in the bot's block."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.fakegithub import FakeGitHub
from tests.syncharness import (
    ROADMAP_REPO,
    Shape,
    end_state,
    item_id,
    make_qualify,
    new_fake,
    run_sync,
    seed,
    write_count,
)

SHAPE = Shape(repos=10, files=5)  # projects 0, 1 and 2 qualify; 3 does not
TOPIC = "phase0.topic-1"
TITLES = {TOPIC: "Topic 1", item_id(3): "Project 3"}
FRIEND = "friend"


@pytest.fixture
def world() -> Iterator[FakeGitHub]:
    with new_fake() as fake:
        seed(fake, SHAPE)
        run_sync(fake)  # the bot's block is in the README now
        yield fake
    assert not fake.errors, "the fake GitHub crashed:\n" + "\n".join(fake.errors)


def flip_box(fake: FakeGitHub, item: str, *, author: str = FRIEND) -> str:
    """Commit the README with ``item``'s box flipped by ``author``; return the commit."""
    text = fake.files(ROADMAP_REPO)["README.md"].decode()
    lines = text.split("\n")
    box_line = re.compile(rf"- \[[ x]\] {re.escape(TITLES[item])}( |$)")
    (n,) = [n for n, line in enumerate(lines) if box_line.match(line)]
    box = "[ ]" if "[x]" in lines[n] else "[x]"
    lines[n] = re.sub(r"\[[ x]\]", box, lines[n], count=1)
    return fake.commit(
        ROADMAP_REPO, {"README.md": "\n".join(lines)}, message="Update README.md", author=author
    )


def test_a_hand_tick_committed_by_another_author_is_kept_and_credited(world: FakeGitHub) -> None:
    sha = flip_box(world, TOPIC)
    result = run_sync(world)
    tick = end_state(world).ticks[TOPIC]
    assert tick["source"] == "manual" and tick["by"] == FRIEND and tick["commit"] == sha
    assert tick["url"].endswith(f"/commit/{sha}")
    assert any(
        f"ticked {TOPIC} by hand ({FRIEND}, commit {sha[:7]}" in x for x in result.from_readme
    )
    readme = world.files(ROADMAP_REPO)["README.md"].decode()
    assert re.search(r"^- \[x\] Topic 1( |$)", readme, re.MULTILINE)
    writes = write_count(world)
    again = run_sync(world)  # idempotent: nothing read, nothing written
    assert write_count(world) == writes and not again.from_readme and not again.files_changed


def test_a_hand_untick_takes_the_manual_tick_back(world: FakeGitHub) -> None:
    flip_box(world, TOPIC)
    run_sync(world)
    flip_box(world, TOPIC, author="other")
    result = run_sync(world)
    assert TOPIC not in end_state(world).ticks
    assert any(f"unticked {TOPIC} by hand (other," in x for x in result.from_readme)
    writes = write_count(world)
    run_sync(world)
    assert write_count(world) == writes


def test_a_hand_tick_of_an_item_the_same_run_ticks_gives_one_tick(world: FakeGitHub) -> None:
    project = item_id(3)
    assert project not in end_state(world).ticks
    make_qualify(world, 3)  # its evidence now holds: this run would tick it automatically
    sha = flip_box(world, project)
    result = run_sync(world)
    end = end_state(world)
    assert end.ticks[project]["source"] == "manual" and end.ticks[project]["commit"] == sha
    assert project not in result.ticked  # not ticked a second time from evidence
    assert end.tick_comments.get(project, 0) <= 1
    readme = world.files(ROADMAP_REPO)["README.md"].decode()
    assert len(re.findall(r"- \[x\] Project 3( |$)", readme, re.MULTILINE)) == 1


def test_a_readme_edited_only_by_the_bot_gives_nothing(world: FakeGitHub) -> None:
    writes = write_count(world)
    result = run_sync(world)
    assert not result.from_readme and write_count(world) == writes


def test_other_hand_edits_are_reported_and_left_to_roadmap_yaml(world: FakeGitHub) -> None:
    text = world.files(ROADMAP_REPO)["README.md"].decode()
    edited = text.replace("**Goal:** Ship small projects.", "**Goal:** Ship big projects.")
    assert edited != text
    world.commit(ROADMAP_REPO, {"README.md": edited}, message="goal", author=FRIEND)
    result = run_sync(world)
    assert any(
        "differs from what roadmap.yaml renders" in x and "big" in x for x in result.from_readme
    )
    assert "Ship small projects." in world.files(ROADMAP_REPO)["README.md"].decode()
