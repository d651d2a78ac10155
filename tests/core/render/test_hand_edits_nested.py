"""The two-way README with child items: indented boxes are matched to their items."""

from __future__ import annotations

from roadmap_bot.core.model import ItemStatus, Roadmap, State, Tick, TickSource, item_status
from roadmap_bot.core.render.files import Layout, rendered_readme
from roadmap_bot.core.render.hand_edits import FileCommit, apply_hand_edits, find_hand_edits
from roadmap_bot.core.schema import load_roadmap
from tests.support.readme_edits import flip_box, hide_ids

ROADMAP = load_roadmap(
    """\
version: 1
title: Nest
phases:
  - id: phase1
    title: One
    sections:
      - title: Topics
        items:
          - id: cnn
            title: CNNs
            items:
              - id: resnet
                title: ResNet
              - id: vgg
                title: VGG
                items:
                  - id: vgg16
                    title: VGG16
          - id: rnn
            title: RNNs
"""
)
COMMIT = FileCommit("abcdef1234567890", "friend", "A Friend", "2026-03-01T10:00:00Z", "t", "u")
TICK = Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "done")


def render(state: State, roadmap: Roadmap = ROADMAP) -> str:
    return rendered_readme(
        roadmap, state, layout=Layout(), readme_current="# Mine\n", repo_slug="octo/roadmap"
    )


def items(state: State) -> list[tuple[str, bool]]:
    return [(i.id, item_status(i, state) is ItemStatus.DONE) for i in ROADMAP.items()]


def test_an_indented_child_box_ticked_by_hand_is_found_with_its_id_and_line() -> None:
    state = State()
    expected = render(state)
    edited, line = flip_box(expected, "VGG16")
    assert edited.split("\n")[line - 1].startswith("    - [x] VGG16")
    found = find_hand_edits(edited, expected, items(state))
    assert found.ticked == (("phase1.cnn.vgg.vgg16", line),)
    assert not found.unticked and not found.edited and not found.warning


def test_child_boxes_are_matched_without_ids_by_their_text_and_position() -> None:
    state = State()
    expected = render(state)
    edited, line = flip_box(expected, "ResNet")
    found = find_hand_edits(hide_ids(edited), hide_ids(expected), items(state))
    assert found.ticked == (("phase1.cnn.resnet", line),)
    assert not found.edited


def test_a_parent_box_ticked_by_hand_is_a_manual_tick_of_the_parent() -> None:
    state = State()
    expected = render(state)
    edited, line = flip_box(expected, "CNNs")
    found = find_hand_edits(edited, expected, items(state))
    assert found.ticked == (("phase1.cnn", line),)
    after, _ = apply_hand_edits(ROADMAP, state, found, COMMIT, now="2026-03-02T00:00:00Z")
    assert set(after.ticks) == {"phase1.cnn"}
    assert render(after).count("- [x]") == 1  # the children stay open; the parent shows n/m


def test_children_ticked_by_hand_tick_their_parent_in_the_next_render() -> None:
    state = State(ticks={"phase1.cnn.resnet": TICK})
    expected = render(state)
    edited, _ = flip_box(expected, "VGG16")
    found = find_hand_edits(edited, expected, items(state))
    after, _ = apply_hand_edits(ROADMAP, state, found, COMMIT, now="2026-03-02T00:00:00Z")
    assert "phase1.cnn" not in after.ticks
    shown = render(after)
    assert "- [x] CNNs <sub>2/2</sub> <!-- phase1.cnn -->" in shown
    assert "  - [x] VGG <sub>1/1</sub> <!-- phase1.cnn.vgg -->" in shown


def test_a_child_unticked_by_hand_leaves_its_parent_ticked_by_hand_ticked() -> None:
    state = State(ticks={"phase1.cnn": TICK, "phase1.cnn.resnet": TICK})
    expected = render(state)
    edited, line = flip_box(expected, "ResNet")
    found = find_hand_edits(edited, expected, items(state))
    assert found.unticked == (("phase1.cnn.resnet", line),)
    after, _ = apply_hand_edits(ROADMAP, state, found, COMMIT, now="2026-03-02T00:00:00Z")
    assert set(after.ticks) == {"phase1.cnn"}
    assert "- [x] CNNs" in render(after)
