"""Nudges over a simulated month: random learner activity, random ``nudge_after_days``, random
milestone dates, several open issues, an hourly cron plus extra runs from events, and comments
that sometimes never get posted (a crash after the state commit). Each run's nudge is fed back:
the posted comment moves the issue's activity, the state carries the record.

Checked against the simulation's own bookkeeping (not the module's):
- at most one nudge in any 7 days for the repository;
- at most one nudge per issue per period (``nudge_after_days``);
- never a nudge to an issue the learner was active on within the period, unless its phase is
  past its milestone's due date (the due day itself is not past: from the next UTC day on);
- none at all when the setting is off; the same inputs give the same nudges;
- and not vacuous: a run that may nudge (a week since the last one, an issue quiet for the
  period and not nudged within it) does nudge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.planning.milestones import phase_due_dates
from roadmap_bot.core.planning.nudges import NUDGE_MARKER, NudgeFacts, with_nudges
from roadmap_bot.core.planning.plan import CommentIssue, EditIssue
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.templating import template_env
from tests.support.planner import bot_issue, make_roadmap
from tests.support.planner_sim import BOT

MONTH_START = datetime(2025, 3, 1, tzinfo=UTC)
MONTH = timedelta(days=30)
WEEK = timedelta(days=7)
HOURS = int(MONTH / timedelta(hours=1))
ENV = template_env()
ITEMS = ("syntax", "oop", "venv", "modules", "git")  # phase0's topics (make_roadmap)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Month:
    """One simulated month of a repository; ``nudges`` are the posted ones, (when, item id)."""

    roadmap: Roadmap
    after: int | None
    issues: dict[str, IssueInfo]
    learner: dict[str, list[datetime]]  # item id → times the learner was active, sorted
    initial: dict[str, datetime]  # item id → the issue's last activity before the month
    state: State = field(default_factory=State)
    nudges: list[tuple[datetime, str]] = field(default_factory=list)
    planned: list[tuple[datetime, str]] = field(default_factory=list)  # posted or lost
    missed: list[datetime] = field(default_factory=list)  # runs that could nudge and did not
    planner: bool = False  # each run is the whole planner (plan_sync), not the nudge step alone


def roadmap_with(after: int | None, due_offset_days: int | None, open_issues: int = 3) -> Roadmap:
    """make_roadmap's phase0 ("0–3 Months") due ``due_offset_days`` after the month starts
    (None: no ``settings.start``, so no phase has a due date)."""
    if due_offset_days is None:
        roadmap = make_roadmap(start=None, open_issues=open_issues)
        return replace(roadmap, settings=replace(roadmap.settings, nudge_after_days=after))
    due = (MONTH_START + timedelta(days=due_offset_days)).date()
    months = due.year * 12 + due.month - 1 - 3
    start = date(months // 12, months % 12 + 1, due.day)
    roadmap = make_roadmap(start=start.isoformat(), open_issues=open_issues)
    assert phase_due_dates(roadmap)["phase0"] == due
    return replace(roadmap, settings=replace(roadmap.settings, nudge_after_days=after))


def simulate(
    after: int | None,
    due_offset_days: int | None,
    open_count: int,
    quiet_before: Sequence[int],
    activity: Sequence[tuple[int, int]],
    extra_runs: Sequence[int],
    lost: Sequence[int],
    planner: bool = False,
) -> Month:
    """``quiet_before``: hours before the month each issue was last active; ``activity``:
    (minute of the month, issue) the learner comments; ``extra_runs``: minutes of event runs
    (each also run twice at once: the second must do nothing); ``lost``: which nudges (by
    count) are recorded but never posted. With ``planner`` each run is ``plan_sync`` over the
    bot's issues (the window full: nothing opens), its cron every 6 hours (it costs more)."""
    ids = [f"phase0.{slug}" for slug in ITEMS[:open_count]]
    initial = {
        item_id: MONTH_START - timedelta(hours=quiet_before[n % len(quiet_before)])
        for n, item_id in enumerate(ids)
    }
    issues = {
        item_id: bot_issue(n + 1, item_id, updated_at=stamp(initial[item_id]))
        for n, item_id in enumerate(ids)
    }
    roadmap = roadmap_with(after, due_offset_days, open_issues=open_count)
    month = Month(roadmap, after, issues, {i: [] for i in ids}, initial, planner=planner)
    events: list[tuple[datetime, int, str]] = [
        (MONTH_START + timedelta(minutes=m), 0, ids[i % len(ids)]) for m, i in activity
    ]
    every = 6 if planner else 1
    events += [(MONTH_START + timedelta(hours=h), 1, "cron") for h in range(0, HOURS, every)]
    events += [(MONTH_START + timedelta(minutes=m), 1, "event") for m in extra_runs]
    for moment, kind, what in sorted(events):
        if kind == 0:  # the learner comments: the issue's activity moves
            month.learner[what].append(moment)
            month.issues[what] = replace(month.issues[what], updated_at=stamp(moment))
            continue
        _run(month, moment, lost)
        if what == "event":  # a second run at once, over the first's state (as a run that
            # lost the commit race re-plans): it must do nothing
            before = (month.state, len(month.planned))
            _run(month, moment, lost)
            assert (month.state, len(month.planned)) == before
    return month


def _run(month: Month, moment: datetime, lost: Sequence[int]) -> None:
    could = _may_nudge(month, moment)
    if month.planner:
        issues = sorted(month.issues.values(), key=lambda i: i.number)
        plan = plan_sync(
            month.roadmap, month.state, {}, issues, now=stamp(moment), repo_slug=None, bot_login=BOT
        )
        state, actions = plan.new_state, plan.actions
        for edit in (a for a in actions if isinstance(a, EditIssue)):  # the bot's own edits
            item_id = edit.item_id  # are activity too (its updated_at moves)
            month.issues[item_id] = replace(month.issues[item_id], updated_at=stamp(moment))
        actions = tuple(a for a in actions if not isinstance(a, EditIssue))
    else:
        state, actions = with_nudges(
            month.roadmap, month.state, month.issues, (), NudgeFacts(stamp(moment), {}), ENV
        )
    comments = [a for a in actions if isinstance(a, CommentIssue)]
    assert len(actions) == len(comments) <= 1, actions
    if could and not comments:
        month.missed.append(moment)
    month.state = state
    for comment in comments:
        assert comment.body.endswith(f"{NUDGE_MARKER}\n")
        assert state.nudged[comment.item_id] == stamp(moment)
        month.planned.append((moment, comment.item_id))
        if len(month.planned) - 1 in lost:
            continue  # the state was committed, the run died before posting
        month.nudges.append((moment, comment.item_id))
        issue = month.issues[comment.item_id]
        assert issue.number == comment.number
        month.issues[comment.item_id] = replace(issue, updated_at=stamp(moment))


def _may_nudge(month: Month, moment: datetime) -> bool:
    """The oracle for "this run should nudge", from the simulation's own records."""
    if month.after is None or any(moment - t < WEEK for t, _ in month.planned):
        return False
    period = timedelta(days=month.after)
    for item_id, issue in month.issues.items():
        last = [t for t, i in month.planned if i == item_id]
        if last and moment - last[-1] < period:
            continue
        active = datetime.fromisoformat(issue.updated_at.replace("Z", "+00:00"))
        if moment - active >= period or _overdue(month, moment):
            return True
    return False


def _overdue(month: Month, moment: datetime) -> bool:
    due = phase_due_dates(month.roadmap)["phase0"]
    return due is not None and moment.date() > due


def _last_learner(month: Month, item_id: str, moment: datetime) -> datetime:
    """The learner's last activity on the issue at ``moment`` (before the month: the issue's)."""
    before = [t for t in month.learner[item_id] if t <= moment]
    return before[-1] if before else month.initial[item_id]


MONTHS = st.fixed_dictionaries(
    {
        "after": st.integers(1, 30),
        "due_offset_days": st.one_of(st.none(), st.integers(-10, 60)),  # None: no milestone
        "open_count": st.integers(2, 5),
        "quiet_before": st.lists(st.integers(0, 24 * 40), min_size=1, max_size=5),
        "activity": st.lists(
            st.tuples(st.integers(0, 30 * 24 * 60 - 1), st.integers(0, 4)), max_size=120
        ),
        "extra_runs": st.lists(st.integers(0, 30 * 24 * 60 - 1), max_size=15),
        "lost": st.lists(st.integers(0, 5), max_size=2),
    }
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(MONTHS)
def test_nudges_over_a_month_never_exceed_one_a_week_one_per_period_and_spare_the_active(
    args: dict[str, Any],
) -> None:
    assert_the_rates_hold(simulate(**args), lost=args["lost"])


@settings(max_examples=8, deadline=None, derandomize=True)
@given(MONTHS)
def test_the_whole_planner_fed_back_run_after_run_keeps_the_same_rates(
    args: dict[str, Any],
) -> None:
    assert_the_rates_hold(simulate(**args, planner=True), lost=args["lost"])


def assert_the_rates_hold(month: Month, *, lost: Sequence[int]) -> None:
    assert month.after is not None
    period = timedelta(days=month.after)
    planned = [t for t, _ in month.planned]
    assert all(b - a >= WEEK for a, b in pairwise(planned))
    for item_id in month.issues:
        mine = [t for t, i in month.planned if i == item_id]
        assert all(b - a >= period for a, b in pairwise(mine))
    for moment, item_id in month.planned:
        if _overdue(month, moment):
            continue
        active = _last_learner(month, item_id, moment)
        assert moment - active >= period, (item_id, moment, active)
    assert month.missed == []  # and not vacuous: every run that may nudge does
    assert [t for t, _ in month.nudges] == [
        t for n, (t, _) in enumerate(month.planned) if n not in lost
    ]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(MONTHS)
def test_a_simulated_month_is_deterministic_and_silent_with_the_setting_off(
    args: dict[str, Any],
) -> None:
    month, again = simulate(**args), simulate(**args)
    assert again.planned == month.planned and again.state == month.state
    off = simulate(**{**args, "after": None})
    assert off.planned == [] and off.state == State()
