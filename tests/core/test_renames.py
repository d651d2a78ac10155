"""core/renames.py: ticks, skips and links stored under an id that nesting or un-nesting
changed follow the item to its new id, when exactly one item of the phase has its last slug and
that item has no entry of its own."""

from __future__ import annotations

from roadmap_bot.core.model import Skip, State, Tick, TickSource
from roadmap_bot.core.renames import follow_renames, renamed_ids
from tests.support.linear import assert_linear


def _tick(by: str = "me") -> Tick:
    return Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", by, "done")


def _skip() -> Skip:
    return Skip("2026-01-01T00:00:00Z", "me", "not for me")


NESTED = ["phase1.cnn", "phase1.cnn.resnet", "phase1.cnn.vgg", "phase2.resnet"]


def test_a_tick_skip_and_link_under_a_flat_id_move_to_the_nested_item() -> None:
    state = State(
        ticks={"phase1.resnet": _tick()},
        skips={"phase1.vgg": _skip()},
        links={"phase1.resnet": ("me/resnet",)},
    )
    moved, moves = follow_renames(NESTED, state)
    assert moved.ticks == {"phase1.cnn.resnet": _tick()}
    assert moved.skips == {"phase1.cnn.vgg": _skip()}
    assert moved.links == {"phase1.cnn.resnet": ("me/resnet",)}
    assert moves == [("phase1.resnet", "phase1.cnn.resnet"), ("phase1.vgg", "phase1.cnn.vgg")]


def test_a_nudge_record_follows_the_item_so_its_period_still_holds() -> None:
    state = State(nudged={"phase1.vgg": "2026-03-05T09:00:00Z"})
    moved, moves = follow_renames(NESTED, state)
    assert moved.nudged == {"phase1.cnn.vgg": "2026-03-05T09:00:00Z"}
    assert moves == [("phase1.vgg", "phase1.cnn.vgg")]


def test_un_nesting_moves_the_tick_back_to_the_flat_id() -> None:
    state = State(ticks={"phase1.cnn.resnet": _tick()})
    moved, moves = follow_renames(["phase1.resnet", "phase1.vgg"], state)
    assert moved.ticks == {"phase1.resnet": _tick()} and moves == [
        ("phase1.cnn.resnet", "phase1.resnet")
    ]


def test_a_move_deeper_or_to_another_parent_follows_the_last_slug() -> None:
    state = State(ticks={"phase1.cnn.resnet": _tick()})
    moved, _ = follow_renames(["phase1.vision.cnn.resnet"], state)
    assert list(moved.ticks) == ["phase1.vision.cnn.resnet"]


def test_only_an_item_of_the_same_phase_qualifies() -> None:
    state = State(ticks={"phase3.resnet": _tick()})
    moved, moves = follow_renames(NESTED, state)
    assert moved is state and moves == []


def test_several_items_with_the_last_slug_are_ambiguous_and_nothing_moves() -> None:
    # slugs are unique within a phase in a valid roadmap; the function does not rely on it
    state = State(ticks={"phase1.resnet": _tick()})
    moved, moves = follow_renames(["phase1.cnn.resnet", "phase1.old.resnet"], state)
    assert moved is state and moves == []


def test_two_old_ids_claiming_one_item_move_neither() -> None:
    state = State(ticks={"phase1.resnet": _tick("a"), "phase1.x.resnet": _tick("b")})
    moved, moves = follow_renames(NESTED, state)
    assert moved is state and moves == []


def test_an_entry_of_the_new_id_is_never_overwritten() -> None:
    own = _tick("own")
    state = State(
        ticks={"phase1.resnet": _tick("old"), "phase1.cnn.resnet": own},
        links={"phase1.resnet": ("me/resnet",)},
    )
    moved, moves = follow_renames(NESTED, state)
    assert moved.ticks == {"phase1.resnet": _tick("old"), "phase1.cnn.resnet": own}
    # the link has no entry under the new id: it moves (kinds are judged one by one)
    assert moved.links == {"phase1.cnn.resnet": ("me/resnet",)}
    assert moves == [("phase1.resnet", "phase1.cnn.resnet")]


def test_entries_of_existing_items_and_unknown_ids_stay_as_they_are() -> None:
    state = State(
        ticks={"phase1.cnn.vgg": _tick(), "phase1.gone": _tick(), "weird": _tick()},
        handled_comments=(1, 2),
    )
    moved, moves = follow_renames(NESTED, state)
    assert moved is state and moves == []


def test_a_second_pass_moves_nothing() -> None:
    state = State(ticks={"phase1.resnet": _tick()}, skips={"phase1.vgg": _skip()})
    once, _ = follow_renames(NESTED, state)
    twice, moves = follow_renames(NESTED, once)
    assert twice is once and moves == []


def test_the_order_of_the_entries_is_kept() -> None:
    state = State(ticks={"phase2.resnet": _tick(), "phase1.resnet": _tick(), "phase1.cnn": _tick()})
    moved, _ = follow_renames(NESTED, state)
    assert list(moved.ticks) == ["phase2.resnet", "phase1.cnn.resnet", "phase1.cnn"]


def test_renamed_ids_maps_only_ids_that_name_no_item_to_their_one_namesake() -> None:
    # what an issue marker under an old id could use too (the state is not needed)
    olds = ["phase1.resnet", "phase1.cnn", "phase3.vgg", "phase1.gone", "weird"]
    assert renamed_ids(NESTED, olds) == {"phase1.resnet": "phase1.cnn.resnet"}


def _world(n: int) -> tuple[list[str], State]:
    ids = [f"phase{i % 7}.group-{i % 50}.item-{i}" for i in range(n)]
    ticks = {f"phase{i % 7}.item-{i}": _tick() for i in range(0, n, 2)}
    links = {f"phase{i % 7}.item-{i}": ("me/x",) for i in range(1, n, 3)}
    return ids, State(ticks=ticks, links=links)


def test_five_thousand_items_with_half_of_them_moved_take_linear_time() -> None:
    ids, state = _world(5_000)
    moved, moves = follow_renames(ids, state)
    assert len(moves) == len(state.ticks) + sum(1 for k in state.links if k not in state.ticks)
    assert all(key in set(ids) for key in moved.ticks)

    def run(text: str) -> object:
        return follow_renames(*_world(len(text)))

    assert_linear(run, "x", size=5_000)
