"""Child items: ids with their parents' path, parent ticks, leaf progress, validation, render."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.model import (
    MANUAL,
    ItemStatus,
    Skip,
    State,
    Tick,
    TickSource,
    child_counts,
    item_status,
)
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.errors import ConfigError

NESTED = """\
version: 1
title: Nest
phases:
  - id: phase1
    title: One
    sections:
      - title: Projects
        kind: project
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
TICK = Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "done")
SKIP = Skip("2026-01-01T00:00:00Z", "me")


def ticks(*ids: str) -> dict[str, Tick]:
    return dict.fromkeys(ids, TICK)


def test_child_ids_carry_their_parents_path_and_the_readme_order() -> None:
    roadmap = load_roadmap(NESTED)
    assert [i.id for i in roadmap.items()] == [
        "phase1.cnn",
        "phase1.cnn.resnet",
        "phase1.cnn.vgg",
        "phase1.cnn.vgg.vgg16",
        "phase1.rnn",
    ]
    assert set(roadmap.item_index()) == {i.id for i in roadmap.items()}


def test_a_parent_has_no_rule_and_its_leaves_keep_the_section_default() -> None:
    index = load_roadmap(NESTED).item_index()
    assert index["phase1.cnn"].rule is MANUAL
    assert index["phase1.cnn.vgg"].rule is MANUAL
    assert index["phase1.cnn.resnet"].rule is not MANUAL  # a project item's default rule
    assert index["phase1.rnn"].rule is not MANUAL


def test_a_parent_is_done_when_all_its_children_are_done_or_skipped() -> None:
    index = load_roadmap(NESTED).item_index()
    cnn = index["phase1.cnn"]
    assert item_status(cnn, State(ticks=ticks("phase1.cnn.resnet"))) is ItemStatus.OPEN
    state = State(ticks=ticks("phase1.cnn.resnet"), skips={"phase1.cnn.vgg.vgg16": SKIP})
    assert item_status(index["phase1.cnn.vgg"], state) is ItemStatus.SKIPPED
    assert item_status(cnn, state) is ItemStatus.DONE
    assert child_counts(cnn, state) == (1, 1)
    both = State(ticks=ticks("phase1.cnn.resnet", "phase1.cnn.vgg.vgg16"))
    assert item_status(cnn, both) is ItemStatus.DONE
    assert child_counts(cnn, both) == (2, 2)


def test_unticking_a_child_never_unticks_a_parent_ticked_by_hand() -> None:
    index = load_roadmap(NESTED).item_index()
    cnn = index["phase1.cnn"]
    state = State(ticks=ticks("phase1.cnn", "phase1.cnn.resnet"))
    unticked = State(ticks=ticks("phase1.cnn"))
    assert item_status(cnn, state) is ItemStatus.DONE
    assert item_status(cnn, unticked) is ItemStatus.DONE
    assert item_status(index["phase1.cnn.resnet"], unticked) is ItemStatus.OPEN


def test_progress_counts_leaves_and_a_ticked_parent_counts_all_its_leaves() -> None:
    roadmap = load_roadmap(NESTED)
    assert (roadmap_progress(roadmap, State()).done, roadmap_progress(roadmap, State()).total) == (
        0,
        3,
    )
    one = roadmap_progress(roadmap, State(ticks=ticks("phase1.cnn.resnet")))
    assert (one.done, one.total) == (1, 3)
    parent = roadmap_progress(
        roadmap, State(ticks=ticks("phase1.cnn"), skips={"phase1.cnn.vgg.vgg16": SKIP})
    )
    assert (parent.done, parent.total) == (1, 2)


def test_the_readme_nests_children_under_their_parent_with_its_count() -> None:
    roadmap = load_roadmap(NESTED)
    block = render_block(roadmap, State(ticks=ticks("phase1.cnn.resnet")))
    lines = [line for line in block.splitlines() if "- [" in line]
    assert lines == [
        "- [ ] CNNs <sub>1/2</sub> <!-- phase1.cnn -->",
        "  - [x] ResNet <sub>✓ 2026-01-01</sub> <!-- phase1.cnn.resnet -->",
        "  - [ ] VGG <sub>0/1</sub> <!-- phase1.cnn.vgg -->",
        "    - [ ] VGG16 <!-- phase1.cnn.vgg.vgg16 -->",
        "- [ ] RNNs <!-- phase1.rnn -->",
    ]
    assert "**Progress:** 1/3" in block


def test_a_rule_on_a_parent_is_refused_with_its_line() -> None:
    text = NESTED.replace(
        "            title: CNNs\n", "            title: CNNs\n            rule: manual\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_roadmap(text, "r.yaml")
    assert "r.yaml:12:19: an item with child items takes no rule" in str(caught.value)


def test_a_child_slug_used_twice_in_a_phase_is_refused() -> None:
    text = NESTED.replace("id: vgg16", "id: resnet")
    with pytest.raises(ConfigError) as caught:
        load_roadmap(text, "r.yaml")
    assert "duplicate item id 'phase1.resnet'" in str(caught.value)


def test_a_rule_on_a_child_is_read_at_its_path() -> None:
    text = NESTED.replace(
        "                title: ResNet\n",
        "                title: ResNet\n                rule: {require: [readme]}\n",
    )
    resnet = load_roadmap(text).item_index()["phase1.cnn.resnet"]
    assert resnet.rule.require and not resnet.rule.manual


def test_commands_take_child_ids_and_their_short_form() -> None:
    ids = [i.id for i in load_roadmap(NESTED).items()]
    parsed = parse_comment(
        "/done phase1.cnn.resnet\n/done phase1.VGG16\n/skip phase1.cnn.vgg", known_ids=ids
    )
    assert [c.item_id for c in parsed.commands] == [
        "phase1.cnn.resnet",
        "phase1.cnn.vgg.vgg16",
        "phase1.cnn.vgg",
    ]
    assert not parsed.errors


def test_a_mistyped_child_id_gets_a_did_you_mean() -> None:
    ids = [i.id for i in load_roadmap(NESTED).items()]
    parsed = parse_comment("/done phase1.cnn.resnett", known_ids=ids)
    assert "did you mean `phase1.cnn.resnet`" in parsed.errors[0].message
