"""A two-way README: hand ticks, unticks and other hand edits found in the bot's block."""

from __future__ import annotations

import pytest

from roadmap_bot.core.markers import END, START
from roadmap_bot.core.model import ItemStatus, Roadmap, State, Tick, TickSource, item_status
from roadmap_bot.core.render.files import Layout, rendered_readme
from roadmap_bot.core.render.hand_edits import (
    HAND_REASON,
    FileCommit,
    HandEdits,
    apply_hand_edits,
    by_bot,
    find_hand_edits,
)
from tests.support.linear import assert_linear
from tests.support.planner import make_roadmap
from tests.support.readme_edits import flip_box, hide_ids

ROADMAP = make_roadmap()
SUPERVISED = next(i.id for i in ROADMAP.items() if i.title == "Supervised Learning")
METRICS = next(i.id for i in ROADMAP.items() if i.title == "Evaluation")
USER_TEXT = "# My learning\n\nWritten by me.\n"
AUTO = Tick(TickSource.AUTO, "2026-01-02T00:00:00Z", "roadmap-bot", "evidence", repo="octo/x")
COMMIT = FileCommit(
    "abcdef1234567890", "friend", "A Friend", "2026-03-01T10:00:00Z", "tick", "https://x/c/1"
)


def render(state: State, roadmap: Roadmap = ROADMAP) -> str:
    return rendered_readme(
        roadmap, state, layout=Layout(), readme_current=USER_TEXT, repo_slug="octo/roadmap"
    )


def items(state: State, roadmap: Roadmap = ROADMAP) -> list[tuple[str, bool]]:
    return [(i.id, item_status(i, state) is ItemStatus.DONE) for i in roadmap.items()]


def flip(text: str, item_id: str) -> tuple[str, int]:
    """Flip the box of ``item_id``'s line (found by its title, shown with or without its id)."""
    return flip_box(text, ROADMAP.item_index()[item_id].title)


def test_a_box_ticked_by_hand_is_found_with_its_line() -> None:
    state = State()
    expected = render(state)
    edited, line = flip(expected, SUPERVISED)
    found = find_hand_edits(edited, expected, items(state))
    assert found.ticked == ((SUPERVISED, line),)
    assert not found.unticked and not found.edited and not found.removed and not found.warning


def test_a_box_unticked_by_hand_is_found() -> None:
    state = State(ticks={METRICS: AUTO})
    expected = render(state)
    edited, line = flip(expected, METRICS)
    found = find_hand_edits(edited, expected, items(state))
    assert found.unticked == ((METRICS, line),) and not found.ticked and not found.edited


def test_the_readme_as_the_bot_wrote_it_has_no_hand_edit() -> None:
    state = State(ticks={METRICS: AUTO})
    expected = render(state)
    found = find_hand_edits(expected, expected, items(state))
    assert found == type(found)()


def test_boxes_are_matched_without_ids_by_their_text_and_position() -> None:
    state = State()
    expected = render(state)
    edited, line = flip(expected, SUPERVISED)
    found = find_hand_edits(hide_ids(edited), hide_ids(expected), items(state))
    assert found.ticked == ((SUPERVISED, line),)
    # the title edited as well: matched by position (as many boxes as the render), reported
    retitled = hide_ids(edited).replace("Supervised Learning", "Supervised learning, done")
    found = find_hand_edits(retitled, hide_ids(expected), items(state))
    assert found.ticked == ((SUPERVISED, line),)
    assert [e.line for e in found.edited] == [line]


def test_a_box_is_found_by_the_id_its_line_hides_when_its_text_and_place_changed() -> None:
    state = State()
    expected = render(state)
    assert f"<!-- {SUPERVISED} -->" in expected  # ids are hidden by default, not left out
    edited, _ = flip(expected, SUPERVISED)
    lines = edited.split("\n")
    metrics_line = next(n for n, line in enumerate(lines) if f"<!-- {METRICS} -->" in line)
    del lines[metrics_line]  # a box removed: positions no longer tell
    retitled = "\n".join(lines).replace("Supervised Learning", "Supervised learning, done")
    found = find_hand_edits(retitled, expected, items(state))
    assert [item_id for item_id, _ in found.ticked] == [SUPERVISED]
    assert found.removed == 1


def test_empty_markers_waiting_for_the_first_render_are_no_hand_edit() -> None:
    expected = render(State())
    empty = f"{USER_TEXT}\n{START}\n{END}\n"
    assert find_hand_edits(empty, expected, items(State())) == HandEdits()


def test_other_hand_edits_are_reported_with_their_lines_and_removed_lines_counted() -> None:
    state = State()
    expected = render(state)
    lines = expected.split("\n")
    goal = next(n for n, t in enumerate(lines) if t.startswith("**Goal:**"))
    lines[goal] = "**Goal:** my own goal"
    lines.insert(goal + 1, "A note I added.")
    assert lines[-3] == "---"
    del lines[-3]  # a rendered line deleted by hand (the rule after the last phase)
    found = find_hand_edits("\n".join(lines), expected, items(state))
    assert [(e.line, e.text) for e in found.edited] == [
        (goal + 1, "**Goal:** my own goal"),
        (goal + 2, "A note I added."),
    ]
    assert found.removed == 2 and not found.ticked and not found.unticked


def test_text_outside_the_block_is_not_a_hand_edit() -> None:
    state = State()
    expected = render(state)
    found = find_hand_edits(
        expected.replace("Written by me.", "Rewritten."), expected, items(state)
    )
    assert not found.edited and not found.removed


@pytest.mark.parametrize(
    ("readme", "says"),
    [
        (f"{START}\n- [x] a\n", "no <!-- roadmap:end --> follows"),
        (f"{START}\n- [x] a\n{START}\n{END}\n", "2 start and 1 end"),
        (f"{START}\n- [x] a\n```\n{END}\n```\n", "no <!-- roadmap:end --> follows"),
        (f"{END}\n{START}\n", "comes before"),
    ],
    ids=["start-without-end", "two-starts", "end-in-code-block", "end-before-start"],
)
def test_broken_markers_give_a_warning_and_no_change(readme: str, says: str) -> None:
    state = State()
    found = find_hand_edits(readme, render(state), items(state))
    assert found.warning and says in found.warning and "not read" in found.warning
    assert not found.ticked and not found.unticked and not found.edited


def test_a_readme_without_block_has_no_hand_edit() -> None:
    state = State()
    found = find_hand_edits(USER_TEXT + "- [x] mine\n", render(state), items(state))
    assert found == type(found)()


def test_boxes_that_cannot_be_told_from_items_are_not_read() -> None:
    state = State()
    expected = render(state)
    # a template override that shows a box per item twice, without ids: nothing is guessed
    doubled = hide_ids(expected).replace("- [ ] Supervised", "- [ ] extra\n- [ ] Supervised")
    edited = doubled.replace("- [ ] Supervised", "- [x] Supervised")
    found = find_hand_edits(edited, doubled, items(state))
    assert found.warning and "boxes" in found.warning and not found.ticked


def test_hand_ticks_become_manual_ticks_credited_to_the_commit() -> None:
    state = State(ticks={METRICS: AUTO})
    expected = render(state)
    edited, tick_line = flip(expected, SUPERVISED)
    edited, untick_line = flip(edited, METRICS)
    found = find_hand_edits(edited, expected, items(state))
    new, lines = apply_hand_edits(ROADMAP, state, found, COMMIT, now="2026-04-01T00:00:00Z")
    mark = new.ticks[SUPERVISED]
    assert mark.source is TickSource.MANUAL and mark.by == "friend"
    assert (mark.at, mark.commit, mark.url, mark.reason) == (
        COMMIT.date,
        COMMIT.oid,
        COMMIT.url,
        HAND_REASON,
    )
    assert METRICS not in new.ticks
    assert lines == (
        f"README line {tick_line}: ticked {SUPERVISED} by hand (friend, commit abcdef1, "
        f"2026-03-01): kept as a manual tick",
        f"README line {untick_line}: unticked {METRICS} by hand (friend, commit abcdef1, "
        f"2026-03-01): tick taken back",
    )


def test_a_hand_tick_of_an_item_already_ticked_changes_nothing() -> None:
    state = State()
    expected = render(state)
    edited, _ = flip(expected, SUPERVISED)
    found = find_hand_edits(edited, expected, items(state))
    already = State(ticks={SUPERVISED: AUTO})
    new, lines = apply_hand_edits(ROADMAP, already, found, None, now="2026-04-01T00:00:00Z")
    assert new == already and "already ticked" in lines[0]


def test_the_author_name_is_stored_only_as_plain_characters() -> None:
    hostile = FileCommit("a" * 40, None, "@everyone [x](javascript:1) <b>", None)
    assert hostile.who == "everyone xjavascript1 b"
    assert FileCommit("a" * 40, None, "<>", None).who == "unknown"


def test_the_bots_own_commit_is_no_hand_edit() -> None:
    bot = FileCommit("b" * 40, None, "github-actions[bot]", None)
    assert by_bot(bot, "github-actions[bot]")
    assert not by_bot(COMMIT, "github-actions[bot]")
    assert not by_bot(None, "github-actions[bot]") and not by_bot(bot, "")


@pytest.mark.parametrize(
    "unit",
    [
        "- [x] a <sub>`x`</sub>\n",
        "- [ ] same\n",
        "[ ]",
        " " * 7 + "\n",
        "<sub>`<sub>`",
        "1234567890. [x] b\n",
        "> - [X]",
    ],
)
def test_reading_hand_edits_is_linear_on_hostile_blocks(unit: str) -> None:
    state = State()
    expected = render(state)
    known = items(state)

    def read(body: str) -> object:
        return find_hand_edits(f"{START}\n{body}\n{END}\n", expected, known)

    assert_linear(read, unit, size=20_000)
