"""The issue simulator (tests/support/planner_sim.py): it carries out a plan as GitHub would and
refuses what GitHub would refuse."""

from __future__ import annotations

import pytest

from roadmap_bot.core.model import State
from roadmap_bot.core.planning.plan import (
    CloseIssue,
    CloseReason,
    CommentIssue,
    EnsureLabel,
    EnsureMilestone,
    OpenIssue,
    Plan,
)
from tests.support.planner_sim import IssueSim, _issue


def test_sim_opens_issues_with_the_next_number_once_labels_and_milestone_exist() -> None:
    sim = IssueSim.with_issues([_issue(4)])
    sim.apply(
        Plan(
            State(),
            actions=(
                EnsureLabel("roadmap", "1d76db", "d"),
                EnsureMilestone("Phase 0: A", None),
                OpenIssue("phase0.a", "[phase0] A", "body", ("roadmap",), "Phase 0: A"),
            ),
        )
    )
    assert sim.issues[5].title == "[phase0] A"
    assert sim.issue_milestones[5] == "Phase 0: A"


def test_sim_refuses_labels_nobody_ensured() -> None:
    with pytest.raises(AssertionError, match="ensured"):
        IssueSim().apply(Plan(State(), actions=(OpenIssue("a.b", "t", "b", ("roadmap",), None),)))


def test_sim_refuses_to_act_on_a_closed_issue() -> None:
    sim = IssueSim.with_issues([_issue(1, "closed")])
    with pytest.raises(AssertionError, match="already closed"):
        sim.apply(Plan(State(), actions=(CloseIssue(1, "a.b"),)))


def test_sim_records_comments_closes_and_the_new_state() -> None:
    sim = IssueSim.with_issues([_issue(1)])
    state = State(skips={})
    sim.apply(
        Plan(
            state,
            actions=(CommentIssue(1, "a.b", "hi"), CloseIssue(1, "a.b", CloseReason.NOT_PLANNED)),
        )
    )
    assert [c.body for c in sim.comments] == ["hi"]
    assert sim.issues[1].state == "closed"
    assert sim.issues[1].state_reason == "not_planned"
    assert sim.state is state
