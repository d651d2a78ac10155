"""The run's summary and report say what was taken from the README and what was left."""

from __future__ import annotations

from roadmap_bot.core.model import State
from roadmap_bot.core.planning.plan import Plan
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.summary import RunFacts, job_summary, terminal_report
from tests.support.helpers import shipped_roadmap


def test_hand_ticks_and_hand_edits_are_listed_in_the_summary_and_the_report() -> None:
    progress = roadmap_progress(shipped_roadmap(), State())
    taken = "README.md line 30: ticked phase0.git by hand (@octo, commit abc1234, 2026-03-01)"
    left = "README.md line 9 differs from what roadmap.yaml renders and is replaced: '<b>x</b>'"
    facts = RunFacts(from_readme=(taken, left))
    plan = Plan(new_state=State())
    summary = job_summary(plan, progress, facts, titles={})
    assert "### ✍️ Edited by hand in the README" in summary
    assert "phase0.git by hand" in summary and "<b>" not in summary and "@octo" not in summary
    report = terminal_report(plan, progress, facts)
    assert f"from the README: {taken}" in report and f"from the README: {left}" in report
