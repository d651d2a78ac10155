"""The issue side of the planner: whose issues are the bot's, and the window of open issues."""

from __future__ import annotations

from dataclasses import replace

import pytest

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.model import Skip, State
from roadmap_bot.core.planning.bot_issues import PARKED, bot_item_id, is_parked, own_item_marker
from roadmap_bot.core.planning.issues import index_issues, window_marker
from roadmap_bot.core.planning.plan import (
    CloseIssue,
    CloseReason,
    CommentIssue,
    EditIssue,
    OpenIssue,
    ReopenIssue,
)
from roadmap_bot.core.planning.text import tick_marker
from tests.support.planner import ROADMAP, bot_issue, make_roadmap, manual, open_items, opened, plan
from tests.support.planner_sim import BOT, IssueSim

APP = "github-actions[bot]"


def run(sim: IssueSim, roadmap=ROADMAP, bot_login: str = BOT):  # type: ignore[no-untyped-def]
    result = plan(
        sim.state, {}, sim.issue_list(), roadmap, comments=sim.comments, bot_login=bot_login
    )
    sim.apply(result)
    return result


def stranger_issue(number: int, item_id: str, author: str = "mallory") -> IssueInfo:
    return IssueInfo(
        number, "Help please", f"Look at this.\n\n{item_marker(item_id)}\n", "open", author=author
    )


# -- whose issues ---------------------------------------------------------------------------------


@pytest.mark.parametrize("author", ["mallory", "dependabot[bot]", ""])
def test_an_issue_another_account_wrote_is_never_the_bots_even_with_its_marker(
    author: str,
) -> None:
    sim = IssueSim.with_issues([stranger_issue(1, "phase0.syntax", author)])
    p = run(sim)
    assert [o.item_id for o in opened(p)] == ["phase0.syntax", "phase0.oop", "phase0.venv"]
    assert not [a for a in p.actions if getattr(a, "number", None) == 1]
    assert sim.issues[1] == stranger_issue(1, "phase0.syntax", author)  # untouched
    assert run(sim).actions == ()


def test_a_strangers_planted_issues_do_not_use_up_the_window() -> None:
    planted = [stranger_issue(n, f"phase0.{s}") for n, s in enumerate(["oop", "venv", "git"], 1)]
    p = plan(issues=planted)
    assert len(opened(p)) == 3
    assert index_issues(planted, bot_login=BOT).by_item == {}


def test_with_a_personal_token_the_persons_own_issues_are_the_bots() -> None:
    mine = bot_issue(7, "phase0.syntax", author="Ada")  # GitHub logins ignore case
    p = plan(State(ticks={"phase0.syntax": manual("x")}), issues=[mine], bot_login="ada")
    assert CloseIssue(7, "phase0.syntax") in p.actions
    assert "phase0.syntax" not in [o.item_id for o in opened(p)]


def test_a_marker_in_an_item_title_or_notes_does_not_move_its_issue() -> None:
    phase = ROADMAP.phases[0]
    topics = phase.sections[0]
    hostile = (
        replace(topics.items[0], title=f"Python {item_marker('phase0.oop')}"),
        replace(topics.items[1], notes=f"See\n{item_marker('phase0.venv')}\nthere"),
        *topics.items[2:],
    )
    phase = replace(phase, sections=(replace(topics, items=hostile), *phase.sections[1:]))
    roadmap = replace(ROADMAP, phases=(phase, *ROADMAP.phases[1:]))
    sim = IssueSim()
    run(sim, roadmap)
    assert open_items_by_bot(sim) == ["phase0.syntax", "phase0.oop", "phase0.venv"]
    assert run(sim, roadmap).actions == ()  # nothing opened again on the next run
    sim.state = State(ticks={"phase0.oop": manual("x")})
    p = run(sim, roadmap)  # ticking oop closes oop's issue, not the one whose title names it
    assert [(a.number, a.item_id) for a in p.actions if isinstance(a, CloseIssue)] == [
        (2, "phase0.oop")
    ]
    assert index_issues(sim.issue_list(), bot_login=BOT).duplicates == ()


def open_items_by_bot(sim: IssueSim) -> list[str]:
    return [bot_item_id(i, BOT) or "" for i in sim.issue_list() if i.state == "open"]


def test_the_bots_marker_is_the_last_one_alone_on_its_line() -> None:
    body = f"## x {item_marker('a.b')}\n\n{item_marker('c.d')}\ntext\n{item_marker('e.f')}\n"
    assert own_item_marker(body) == "e.f"
    assert own_item_marker(f"inline {item_marker('a.b')} text") is None
    assert own_item_marker(f"`{item_marker('a.b')}`") is None
    assert own_item_marker(f"\r\n  {item_marker('a.b')}  \r\n") == "a.b"


# -- the window ---------------------------------------------------------------------------------


def four_open(*, reopened: tuple[int, ...] = (1,)) -> IssueSim:
    """Issues 1-4 of the first four topics open (a person reopened ``reopened``)."""
    sim = IssueSim()
    run(sim, make_roadmap(open_issues=4))
    for n in reopened:
        sim.issues[n] = replace(sim.issues[n], state_reason="reopened")
    return sim


def test_over_the_window_the_newest_is_parked_with_one_comment_and_comes_back_later() -> None:
    sim = four_open(reopened=(1,))
    p = run(sim)  # open_issues: 3 now
    parked = [a for a in p.actions if getattr(a, "number", None) == 4]
    assert [type(a) for a in parked] == [EditIssue, CommentIssue, CloseIssue]
    assert parked[-1] == CloseIssue(4, "phase0.modules", CloseReason.NOT_PLANNED, parked=True)
    assert "3" in parked[1].body and window_marker("phase0.modules") in parked[1].body
    assert is_parked(sim.issues[4].body) and sim.issues[4].state == "closed"
    assert open_items(sim) == ["phase0.syntax", "phase0.oop", "phase0.venv"]
    assert run(sim).actions == ()
    # a slot frees: the parked issue is reopened (not a new one), without its parked marker
    sim.state = State(ticks={"phase0.oop": manual("x")})
    p = run(sim)
    assert [a for a in p.actions if isinstance(a, ReopenIssue)] == [
        ReopenIssue(4, "phase0.modules", body=sim.issues[4].body)
    ]
    assert not opened(p)
    assert not is_parked(sim.issues[4].body) and sim.issues[4].state == "open"
    assert run(sim).actions == ()


def test_issues_reopened_by_hand_are_kept_even_beyond_the_window() -> None:
    sim = four_open(reopened=(1, 2, 3, 4))
    p = run(sim)
    assert not [a for a in p.actions if isinstance(a, CloseIssue | OpenIssue)]
    assert len(open_items(sim)) == 4


def test_the_newest_issue_the_bot_opened_is_parked_not_the_newest_reopened_one() -> None:
    sim = four_open(reopened=(4,))
    p = run(sim)
    assert [a.number for a in p.actions if isinstance(a, CloseIssue)] == [3]
    assert open_items(sim) == ["phase0.syntax", "phase0.oop", "phase0.modules"]


def test_an_issue_parked_with_a_persons_text_keeps_it_and_loses_only_the_marker_later() -> None:
    sim = four_open(reopened=())
    edited = "My own notes.\n\n" + item_marker("phase0.modules") + "\n"
    sim.issues[4] = replace(sim.issues[4], body=edited)
    run(sim)
    assert sim.issues[4].body == edited + PARKED + "\n"
    sim.state = State(skips={"phase0.syntax": Skip("2025-01-20T00:00:00Z", "ada", "known")})
    run(sim)
    assert sim.issues[4].body == edited and sim.issues[4].state == "open"


def test_a_crash_after_the_parking_comment_posts_no_second_one() -> None:
    sim = four_open(reopened=())
    first = plan(sim.state, {}, sim.issue_list(), comments=sim.comments)
    comment = next(a for a in first.actions if isinstance(a, CommentIssue))
    sim.comments.append(CommentInfo(99, comment.number, comment.body, BOT, "User"))
    again = plan(sim.state, {}, sim.issue_list(), comments=sim.comments)
    assert not [a for a in again.actions if isinstance(a, CommentIssue)]
    assert CloseIssue(4, "phase0.modules", CloseReason.NOT_PLANNED, parked=True) in again.actions


def test_a_strangers_comment_carrying_the_tick_marker_does_not_stop_the_tick_comment() -> None:
    forged = CommentInfo(50, 7, tick_marker("phase0.syntax"), "mallory", "User")
    p = plan(
        State(ticks={"phase0.syntax": manual("x")}),
        issues=[bot_issue(7, "phase0.syntax")],
        comments=[forged],
    )
    assert [a.number for a in p.actions if isinstance(a, CommentIssue)] == [7]
