"""``/undo`` on a parent item: its own tick is taken back; one done through its items says how."""

from __future__ import annotations

from roadmap_bot.core.commands.apply import apply_comment
from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.commands.permissions import Access, Decision
from roadmap_bot.core.commands.spec import CommandName, Origin, Result
from roadmap_bot.core.model import ItemStatus, State, Tick, TickSource, item_status
from roadmap_bot.core.schema import load_roadmap

ROADMAP = load_roadmap(
    """\
version: 1
title: Nested
phases:
  - id: phase1
    title: One
    sections:
      - title: Topics
        kind: topic
        items:
          - id: cnn
            title: Convolutional networks
            items:
              - {id: resnet, title: ResNet}
              - {id: augment, title: Augmentation}
""",
    "roadmap.yaml",
)
IDS = [item.id for item in ROADMAP.items()]
NOW = "2026-03-02T12:00:00Z"
ORIGIN = Origin("wendy", "https://github.com/ada/roadmap/issues/3#issuecomment-7", NOW, 7)
ALLOW = {name: Decision(Access.ALLOW) for name in CommandName}


def undo(item_id: str, state: State) -> tuple[State, Result, str]:
    parsed = parse_comment(f"/undo {item_id}", known_ids=IDS)
    effects = apply_comment(ROADMAP, state, parsed, access=ALLOW, origin=ORIGIN)
    (outcome,) = effects.outcomes
    return effects.state, outcome.result, outcome.message


def tick(*ids: str) -> State:
    return State(ticks={i: Tick(TickSource.MANUAL, NOW, "wendy", "/done") for i in ids})


def test_undo_of_a_parent_done_through_its_items_says_to_undo_an_item_and_changes_nothing() -> None:
    state = tick("phase1.cnn.resnet", "phase1.cnn.augment")
    parent = next(i for i in ROADMAP.items() if i.id == "phase1.cnn")
    assert item_status(parent, state) is ItemStatus.DONE
    after, result, message = undo("phase1.cnn", state)
    assert (after, result) == (state, Result.UNCHANGED)
    assert "done because its items are" in message and "/undo" in message


def test_undo_of_a_parent_ticked_itself_takes_its_own_tick_back() -> None:
    after, result, _ = undo("phase1.cnn", tick("phase1.cnn"))
    assert result is Result.APPLIED and "phase1.cnn" not in after.ticks


def test_undo_of_an_unticked_parent_with_open_items_has_nothing_to_undo() -> None:
    _, result, message = undo("phase1.cnn", tick("phase1.cnn.resnet"))
    assert result is Result.UNCHANGED and "nothing to undo" in message
