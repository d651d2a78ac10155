"""An item whose id nesting changed keeps its issue: the planner counts the issue whose marker
names the old id as the item's (no second issue, the window holds), rewrites the marker once, and
a run after that writes nothing."""

from __future__ import annotations

from dataclasses import replace

from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.model import Item, Roadmap, Skip, State
from roadmap_bot.core.planning.bot_issues import PARKED, own_item_marker
from roadmap_bot.core.planning.issues import index_issues
from roadmap_bot.core.planning.plan import (
    CloseIssue,
    CloseReason,
    CommentIssue,
    EditIssue,
    OpenIssue,
    ReopenIssue,
)
from roadmap_bot.core.planning.text import IssueText, edits_needed, with_marker
from tests.support.planner import ROADMAP, bot_issue, manual, opened, run
from tests.support.planner_sim import BOT, IssueSim

SYNTAX, OOP = "phase0.syntax", "phase0.oop"
NEW_SYNTAX, NEW_OOP = "phase0.python.syntax", "phase0.python.oop"


def nested(roadmap: Roadmap = ROADMAP) -> Roadmap:
    """``roadmap`` with phase0's syntax and oop nested under a new parent ``python``."""
    phase = roadmap.phases[0]
    topics = phase.sections[0]
    syntax, oop, *rest = topics.items
    parent = Item(
        "python",
        "Python",
        "phase0",
        children=(replace(syntax, parent="python"), replace(oop, parent="python")),
    )
    topics = replace(topics, items=(parent, *rest))
    phase = replace(phase, sections=(topics, *phase.sections[1:]))
    return replace(roadmap, phases=(phase, *roadmap.phases[1:]))


def open_markers(sim: IssueSim) -> list[str | None]:
    return [own_item_marker(i.body) for i in sim.issue_list() if i.state == "open"]


def flat_then_nested() -> IssueSim:
    """Issues 1-3 (syntax, oop, venv) opened on the flat roadmap; then the roadmap is nested."""
    sim = IssueSim()
    run(sim)
    assert open_markers(sim) == [SYNTAX, OOP, "phase0.venv"]
    return sim


def test_an_open_issue_under_the_old_id_is_the_nested_items_no_duplicate_and_one_marker_edit() -> (
    None
):
    sim = flat_then_nested()

    p = run(sim, roadmap=nested())

    assert opened(p) == []
    assert [a for a in p.actions if not isinstance(a, EditIssue)] == []
    edits = {a.number: a for a in p.actions if isinstance(a, EditIssue)}
    assert sorted(edits) == [1, 2]
    assert edits[1].item_id == NEW_SYNTAX and own_item_marker(edits[1].body) == NEW_SYNTAX
    assert edits[2].item_id == NEW_OOP and own_item_marker(edits[2].body) == NEW_OOP
    assert open_markers(sim) == [NEW_SYNTAX, NEW_OOP, "phase0.venv"]
    assert run(sim, roadmap=nested()).actions == ()  # the next run needs no mapping


def test_the_window_counts_a_renamed_issue_once() -> None:
    sim = flat_then_nested()
    for _ in range(3):
        run(sim, roadmap=nested())
        assert len(open_markers(sim)) == ROADMAP.settings.open_issues


def test_without_the_roadmaps_ids_the_index_maps_nothing() -> None:
    issues = [bot_issue(1, SYNTAX)]
    assert index_issues(issues, bot_login=BOT).renamed == {}
    index = index_issues(issues, bot_login=BOT, item_ids=[NEW_SYNTAX, NEW_OOP])
    assert index.renamed == {1: NEW_SYNTAX} and index.by_item[NEW_SYNTAX].number == 1


def test_ticking_the_nested_item_closes_its_old_marker_issue_with_the_marker_rewritten() -> None:
    sim = flat_then_nested()
    sim.state = State(ticks={NEW_SYNTAX: manual(NEW_SYNTAX)})

    p = run(sim, roadmap=nested())

    issue_1 = [a for a in p.actions if getattr(a, "number", None) == 1]
    assert [type(a) for a in issue_1] == [EditIssue, CommentIssue, CloseIssue]
    assert issue_1[-1] == CloseIssue(1, NEW_SYNTAX, CloseReason.COMPLETED)
    assert own_item_marker(sim.issues[1].body) == NEW_SYNTAX
    assert NEW_SYNTAX not in [o.item_id for o in opened(p)]
    assert run(sim, roadmap=nested()).actions == ()


def test_skipping_the_nested_item_closes_its_old_marker_issue_as_not_planned() -> None:
    sim = flat_then_nested()
    sim.state = State(skips={NEW_OOP: Skip("2025-01-20T00:00:00Z", "octocat", "later")})
    p = run(sim, roadmap=nested())
    assert CloseIssue(2, NEW_OOP, CloseReason.NOT_PLANNED) in p.actions
    assert own_item_marker(sim.issues[2].body) == NEW_OOP
    assert NEW_OOP not in [o.item_id for o in opened(p)]


def test_a_persons_text_keeps_everything_but_the_marker() -> None:
    sim = flat_then_nested()
    mine = f"My own notes.\n\n{item_marker(SYNTAX)}\n"
    sim.issues[1] = replace(sim.issues[1], body=mine)

    run(sim, roadmap=nested())

    assert sim.issues[1].body == f"My own notes.\n\n{item_marker(NEW_SYNTAX)}\n"
    assert run(sim, roadmap=nested()).actions == ()


def test_a_closed_issue_under_the_old_id_stays_closed_and_final() -> None:
    sim = flat_then_nested()
    sim.issues[1] = replace(sim.issues[1], state="closed", state_reason="not_planned")

    p = run(sim, roadmap=nested())

    assert NEW_SYNTAX not in [o.item_id for o in opened(p)]
    assert not [a for a in p.actions if getattr(a, "number", None) == 1]  # closed: not edited
    assert run(sim, roadmap=nested()).actions == ()


def test_a_parked_issue_under_the_old_id_comes_back_with_the_new_marker() -> None:
    sim = flat_then_nested()
    parked = f"{sim.issues[2].body.rstrip(chr(10))}\n{PARKED}\n"
    sim.issues[2] = replace(sim.issues[2], body=parked, state="closed", state_reason="not_planned")

    p = run(sim, roadmap=nested())

    assert [a.number for a in p.actions if isinstance(a, ReopenIssue)] == [2]
    assert not [a for a in p.actions if isinstance(a, OpenIssue)]
    assert sim.issues[2].state == "open" and own_item_marker(sim.issues[2].body) == NEW_OOP
    assert PARKED not in sim.issues[2].body
    assert run(sim, roadmap=nested()).actions == ()


def test_a_duplicate_a_run_opened_for_the_new_id_is_closed_and_the_window_holds() -> None:
    """The state an earlier version left: the nested item got a second issue (#4)."""
    sim = flat_then_nested()
    sim.issues[4] = bot_issue(4, NEW_SYNTAX)

    p = run(sim, roadmap=nested())

    assert CloseIssue(4, NEW_SYNTAX, CloseReason.NOT_PLANNED) in p.actions
    assert opened(p) == []
    assert open_markers(sim) == [NEW_SYNTAX, NEW_OOP, "phase0.venv"]


def test_an_old_marker_in_a_stamped_body_keeps_the_stamp_vouching() -> None:
    sim = flat_then_nested()
    body = sim.issues[1].body
    swapped = with_marker(body, NEW_SYNTAX)
    assert own_item_marker(swapped) == NEW_SYNTAX
    assert _text_of(swapped) == _text_of(body).replace(item_marker(SYNTAX), item_marker(NEW_SYNTAX))
    # the bot still owns the text: a later refresh to other wanted text goes through
    wanted = IssueText(title=sim.issues[1].title, body=f"Other text\n\n{item_marker(NEW_SYNTAX)}")
    _, refreshed = edits_needed(sim.issues[1].title, swapped, wanted)
    assert refreshed is not None and "Other text" in refreshed


def test_an_old_marker_in_a_persons_text_leaves_the_stamp_as_it_was() -> None:
    body = f"mine\n\n{item_marker(SYNTAX)}\n<!-- roadmap-bot:rev=0.0 -->\n"
    swapped = with_marker(body, NEW_SYNTAX)
    assert swapped == body.replace(item_marker(SYNTAX), item_marker(NEW_SYNTAX))
    wanted = IssueText(title="t", body=f"Other text\n\n{item_marker(NEW_SYNTAX)}")
    _, body_edit = edits_needed("t", swapped, wanted)
    assert body_edit is None or body_edit.startswith("mine\n")  # a person's text stays theirs


def _text_of(body: str) -> str:
    return body.split("<!-- roadmap-bot:rev")[0]
