"""The job summary and the terminal report say what happened to the bot's issues."""

from __future__ import annotations

from roadmap_bot.core.model import State
from roadmap_bot.core.planning.plan import Plan
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.summary import RunFacts, job_summary, terminal_report
from tests.support.helpers import shipped_roadmap


def test_parked_and_reopened_issues_are_reported_apart_from_closed_ones() -> None:
    roadmap = shipped_roadmap()
    progress = roadmap_progress(roadmap, State())
    facts = RunFacts(
        closed=(("phase0.python", 1),), parked=(("phase0.git", 4),), reopened=(("phase0.sql", 2),)
    )
    plan = Plan(new_state=State())
    summary = job_summary(plan, progress, facts, titles={})
    assert "- closed #1 for `phase0.python`" in summary
    assert "- parked #4 for `phase0.git` (the window of open issues is full" in summary
    assert "- reopened #2 for `phase0.sql` (a slot in the window freed)" in summary
    report = terminal_report(plan, progress, facts)
    assert "parked #4 for phase0.git" in report and "reopened #2 for phase0.sql" in report
