"""Nudges through the planner: off unless ``settings.nudge_after_days``; a quiet issue (or one of
a phase past its milestone) gets one short comment with the next smallest step, on record in
the state; one a week per repository, one per period per issue; the text is safe and bounded;
the setting and the record are validated."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import Item, Resource, Roadmap, State
from roadmap_bot.core.planning.issues import index_issues
from roadmap_bot.core.planning.nudges import (
    NUDGE_MARKER,
    NUDGE_TEMPLATE,
    parse_moment,
    surplus_nudges,
)
from roadmap_bot.core.planning.plan import CloseIssue, CommentIssue, EditIssue, OpenIssue, Plan
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.rules.verdicts import evaluate_items
from roadmap_bot.core.safetext import ZWSP
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.core.state_codec import state_from_json, state_to_json
from roadmap_bot.errors import ConfigError
from tests.support.helpers import MINIMAL
from tests.support.planner import make_roadmap, manual
from tests.support.planner_sim import BOT, IssueSim

T0 = datetime(2025, 2, 1, 10, 0, tzinfo=UTC)  # phase0 ("0–3 Months" from 2025-01-01) is due 04-01
REPO = "octo/titanic"
HEAD = "abc1234def5678"
PROJECT = "phase0.titanic"


def with_nudges(roadmap: Roadmap, after: int | None = 5, open_issues: int = 10) -> Roadmap:
    settings = replace(roadmap.settings, nudge_after_days=after, open_issues=open_issues)
    return replace(roadmap, settings=settings)


ROADMAP = with_nudges(make_roadmap())


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(days: float) -> datetime:
    return T0 + timedelta(days=days)


def run(
    sim: IssueSim,
    moment: datetime,
    roadmap: Roadmap = ROADMAP,
    found: dict[str, dict[str, CheckResult]] | None = None,
    *,
    post: bool = True,
    templates: dict[str, str] | None = None,
) -> Plan:
    """One run at ``moment`` on the simulated repo: what it touches is active at ``moment``
    (with ``post=False`` its nudge is recorded but never posted: a crash after the commit)."""
    verdicts = evaluate_items(roadmap, sim.state, found or {}, heads={REPO: HEAD})
    result = plan_sync(
        roadmap,
        sim.state,
        verdicts,
        sim.issue_list(),
        now=stamp(moment),
        repo_slug="octo/roadmap",
        bot_login=BOT,
        comments=sim.bot_comments(),
        templates=templates,
        evidence=found,
        heads={REPO: HEAD},
    )
    applied = result
    if not post:
        kept = tuple(a for a in result.actions if not isinstance(a, CommentIssue))
        applied = replace(result, actions=kept)
    sim.apply(applied)
    touched = {getattr(a, "number", None) for a in applied.actions}
    for number, issue in sim.issues.items():
        if number in touched or not issue.updated_at:
            sim.issues[number] = replace(issue, updated_at=stamp(moment))
    return result


def opened(roadmap: Roadmap = ROADMAP, found: dict[str, dict[str, CheckResult]] | None = None):  # type: ignore[no-untyped-def]
    """A repo whose bot issues were opened at T0."""
    sim = IssueSim()
    first = run(sim, T0, roadmap, found)
    assert any(isinstance(a, OpenIssue) for a in first.actions)
    return sim


def nudges(p: Plan) -> list[CommentIssue]:
    return [a for a in p.actions if isinstance(a, CommentIssue) and NUDGE_MARKER in a.body]


def _by_item(sim: IssueSim) -> dict[str, IssueInfo]:
    return dict(index_issues(sim.issue_list(), bot_login=BOT).by_item)


def learner_comments(sim: IssueSim, moment: datetime) -> None:
    for number, issue in sim.issues.items():
        sim.issues[number] = replace(issue, updated_at=stamp(moment))


# -- when -------------------------------------------------------------------------------------


def test_nothing_is_nudged_unless_the_setting_is_on() -> None:
    off = with_nudges(make_roadmap(), after=None)
    sim = opened(off)
    for days in (10, 40, 70, 100):  # quiet for months, past the milestone too
        p = run(sim, day(days), off)
        assert nudges(p) == [] and not p.actions
    assert sim.state.nudged == {}


def test_a_quiet_issue_gets_one_nudge_after_the_period_on_record_in_the_state() -> None:
    sim = opened()
    assert nudges(run(sim, day(5) - timedelta(seconds=1))) == []
    p = run(sim, day(5))
    [nudge] = nudges(p)
    assert p.actions == (nudge,)
    assert p.new_state.nudged == {nudge.item_id: stamp(day(5))}
    assert nudge.item_id == "phase0.syntax"  # all equally quiet: roadmap order
    again = run(sim, day(5))  # a second run at once: nothing, and the state as it was
    assert not again.actions and again.new_state == p.new_state


def test_the_learners_activity_holds_a_nudge_off_for_a_whole_period() -> None:
    sim = opened()
    learner_comments(sim, day(3))
    assert nudges(run(sim, day(7.9))) == []
    assert len(nudges(run(sim, day(8)))) == 1


def test_an_issue_whose_activity_is_unknown_is_never_quiet() -> None:
    sim = opened()
    for number, issue in sim.issues.items():
        sim.issues[number] = replace(issue, updated_at="")
    p = plan_sync(
        ROADMAP, sim.state, {}, sim.issue_list(), now=stamp(day(30)), repo_slug=None, bot_login=BOT
    )
    assert nudges(p) == []


def test_at_most_one_nudge_a_week_per_repository_the_most_neglected_first() -> None:
    sim = opened()
    learner_comments(sim, day(1))
    number = next(i.number for i in _by_item(sim).values() if "item=phase0.git " in i.body)
    sim.issues[number] = replace(sim.issues[number], updated_at=stamp(T0))  # quiet longest
    first = nudges(run(sim, day(6)))
    assert [n.item_id for n in first] == ["phase0.git"]
    for hours in range(1, 7 * 24):  # the hourly cron: every issue quiet, but a week not over
        assert nudges(run(sim, day(6) + timedelta(hours=hours) - timedelta(seconds=1))) == []
    second = nudges(run(sim, day(13)))
    assert [n.item_id for n in second] == ["phase0.syntax"]


def test_the_bots_own_nudge_is_no_activity_but_starts_a_new_period_even_if_never_posted() -> None:
    roadmap = with_nudges(make_roadmap(), after=10, open_issues=1)  # one open issue
    sim = opened(roadmap)
    [first] = nudges(run(sim, day(10), roadmap, post=False))  # recorded; the run died
    assert sim.state.nudged == {first.item_id: stamp(day(10))}
    assert nudges(run(sim, day(19.9), roadmap)) == []  # a week on, but not a period
    [second] = nudges(run(sim, day(20), roadmap))
    assert second.item_id == first.item_id
    assert nudges(run(sim, day(29.9), roadmap)) == []  # the posted nudge: no activity of
    assert len(nudges(run(sim, day(30), roadmap))) == 1  # the learner's, one period again


def test_a_phase_past_its_milestone_nudges_even_an_active_issue_once_per_period() -> None:
    sim = opened()
    due_day = datetime(2025, 4, 1, 23, 0, tzinfo=UTC)
    learner_comments(sim, due_day - timedelta(hours=1))
    assert nudges(run(sim, due_day)) == []  # the due day itself is not past
    learner_comments(sim, due_day + timedelta(hours=1))
    [nudge] = nudges(run(sim, due_day + timedelta(hours=2)))  # 2025-04-02: past, active or not
    assert "was due on 2025-04-01" in nudge.body and "Phase 0: Foundations" in nudge.body
    learner_comments(sim, due_day + timedelta(days=7, hours=2))
    [later] = nudges(run(sim, due_day + timedelta(days=7, hours=3)))  # a week on: another issue
    assert later.item_id != nudge.item_id


def test_issues_closed_or_parked_by_this_run_and_done_items_get_no_nudge() -> None:
    sim = opened()
    fewer = with_nudges(make_roadmap(), open_issues=1)
    p = run(sim, day(30), fewer)  # the window shrinks: all but the oldest are parked now
    parked = {a.number for a in p.actions if isinstance(a, CloseIssue)}
    [nudge] = nudges(p)
    assert nudge.number not in parked and len(parked) == 5
    sim2 = opened()
    ticked = replace(
        sim2.state,
        ticks={i: manual(i) for i in _by_item(sim2) if i != "phase0.venv"},
    )
    sim2.state = ticked
    p2 = run(sim2, day(30))
    assert [n.item_id for n in nudges(p2)] == ["phase0.venv"]


# -- what it says ---------------------------------------------------------------------------


def nudge_text(roadmap: Roadmap, found: dict[str, dict[str, CheckResult]] | None = None) -> str:
    """The first nudge of a repo whose only open issue is the project's (or the first topic's)."""
    sim = opened(roadmap, found)
    [nudge] = nudges(run(sim, day(30), roadmap, found))
    return nudge.body


def only(item: Item, after: int = 5, **settings: object) -> Roadmap:
    base = make_roadmap()
    phase = base.phases[0]
    section = replace(phase.sections[0], items=(item,))
    roadmap = replace(base, phases=(replace(phase, sections=(section,)),))
    return with_nudges(roadmap, after=after)


def result(name: str, passed: bool, reason: str) -> CheckResult:
    return CheckResult(name, passed, (), reason)


def test_a_topic_nudge_names_its_first_resource_then_done_and_how_to_stop() -> None:
    tutorial = Resource("The Python Tutorial", "https://docs.python.org/3/tutorial/", "docs", "6 h")
    item = Item("syntax", "Python syntax", "phase0", resources=(tutorial,))
    body = nudge_text(only(item))
    assert "quiet for 30 days" in body
    assert "**Next:** start with [The Python Tutorial](https://docs.python.org/3/tutorial/)" in body
    assert "then comment `/done phase0.syntax` when you have learned it" in body
    assert "`nudge_after_days`" in body and "`/skip phase0.syntax`" in body
    assert body.endswith(f"\n\n{NUDGE_MARKER}\n")
    plain = nudge_text(only(Item("syntax", "Python syntax", "phase0")))
    assert "**Next:** comment `/done phase0.syntax` when you have learned it" in plain


def test_a_project_nudge_names_the_first_missing_requirement_with_its_hint() -> None:
    project = make_roadmap().item_index()[PROJECT]
    found = {
        REPO: {
            "readme": result("readme", True, "readme: README.md has 120 words of prose"),
            "tests": result("tests", False, "tests: no test files"),
            "ci": result("ci", False, "ci: no workflow"),
            "tracking": result("tracking", False, "tracking: no MLflow or W&B"),
        }
    }
    body = nudge_text(only(project), found)
    assert "**Next:** tests: no test files — add a test file" in body
    assert "(https://docs.pytest.org/en/stable/getting-started.html)" in body
    unlinked = nudge_text(only(replace(project, repos=())))
    assert "comment `/link phase0.titanic owner/repo`" in unlinked


def test_the_nudge_mentions_no_one_and_stays_short_whatever_the_title() -> None:
    title = "Learn @octocat's <b>tricks</b> <!-- roadmap-bot:nudge --> " + "very long " * 40
    body = nudge_text(only(Item("syntax", title, "phase0")))
    assert "@octocat" not in body.replace(f"@{ZWSP}", "")
    assert "<b>" not in body and body.count("<!--") == 1  # the bot's own marker only
    assert len(body) < 1_500


def test_an_overridden_nudge_template_is_used_and_the_marker_still_appended() -> None:
    roadmap = only(Item("syntax", "Python syntax", "phase0"))
    sim = opened(roadmap)
    override = {NUDGE_TEMPLATE: "Psst, {{ item.id }}: {{ step }}\n"}
    [nudge] = nudges(run(sim, day(30), roadmap, templates=override))
    assert nudge.body.startswith("Psst, phase0.syntax: comment `/done phase0.syntax`")
    assert nudge.body.endswith(f"\n\n{NUDGE_MARKER}\n")


def test_nudge_edits_nothing_else() -> None:
    sim = opened()
    p = run(sim, day(30))
    assert not [a for a in p.actions if isinstance(a, EditIssue | OpenIssue | CloseIssue)]


# -- the setting and the record ------------------------------------------------------------


def test_nudge_after_days_is_an_integer_from_1_to_365_off_by_default() -> None:
    assert load_roadmap(MINIMAL).settings.nudge_after_days is None
    text = MINIMAL.replace("version: 1\n", "version: 1\nsettings:\n  nudge_after_days: 14\n")
    assert load_roadmap(text).settings.nudge_after_days == 14
    for bad, says in (
        ("0", "less than the minimum of 1"),
        ("366", "greater than the maximum of 365"),
        ("'7'", "should be an integer, not a string"),
        ("true", "should be an integer, not a boolean"),
    ):
        wrong = MINIMAL.replace(
            "version: 1\n", f"version: 1\nsettings:\n  nudge_after_days: {bad}\n"
        )
        with pytest.raises(ConfigError) as info:
            load_roadmap(wrong, "r.yaml")
        [problem] = info.value.problems
        assert problem.file == "r.yaml" and problem.line == 3, problem
        assert "'nudge_after_days'" in problem.message and says in problem.message


def test_the_record_round_trips_and_is_absent_until_the_first_nudge() -> None:
    assert "nudged" not in state_to_json(State())
    state = State(nudged={"phase0.b": "2025-02-06T10:00:00Z", "phase0.a": "2025-01-01T00:00:00Z"})
    text = state_to_json(state)
    assert '"nudged": {\n    "phase0.a"' in text
    assert state_from_json(text, "s.json") == state


@pytest.mark.parametrize(
    "value", ['"yesterday"', '"2025-02-06"', "5", '"2025-02-06T10:00:00+01:00"']
)
def test_a_record_that_is_no_utc_timestamp_is_a_located_error(value: str) -> None:
    with pytest.raises(ConfigError) as info:
        state_from_json(f'{{"version": 1, "nudged": {{"phase0.a": {value}}}}}', "s.json")
    assert "nudged" in info.value.problems[0].message


def test_parse_moment_reads_githubs_timestamps_and_refuses_the_rest() -> None:
    assert parse_moment("2025-02-01T10:00:00Z") == T0
    assert parse_moment("") is None and parse_moment(None) is None
    assert parse_moment("not a date") is None


def test_surplus_nudges_are_the_bots_own_posted_within_a_week_of_the_one_kept() -> None:
    def comment(n: int, at: str, author: str = BOT, body: str = f"hi\n\n{NUDGE_MARKER}\n"):  # type: ignore[no-untyped-def]
        return CommentInfo(n, 1, body, author, "Bot", created_at=at)

    first = comment(1, "2025-02-01T10:00:00Z")
    twin = comment(2, "2025-02-01T10:00:00Z")  # the same second, a higher id: the newer
    stranger = comment(3, "2025-02-01T10:00:05Z", author="mallory")  # a typed marker: nothing
    plain = comment(4, "2025-02-02T10:00:00Z", body="a tick comment")
    next_week = comment(5, "2025-02-08T10:00:00Z")
    late_twin = comment(6, "2025-02-08T10:00:01Z")
    listed = [late_twin, next_week, plain, stranger, twin, first]
    assert surplus_nudges(listed, BOT) == [twin, late_twin]
    assert surplus_nudges([first, next_week], BOT) == []
