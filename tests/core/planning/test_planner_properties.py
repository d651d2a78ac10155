"""Properties of the planner over random roadmaps, states, verdicts, issues and comments."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.model import (
    PROJECT_DEFAULT,
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    Section,
    SectionKind,
    Settings,
    Skip,
    State,
    Tick,
    TickSource,
    item_status,
)
from roadmap_bot.core.planning.bot_issues import PARKED, bot_item_id, is_parked
from roadmap_bot.core.planning.issues import index_issues
from roadmap_bot.core.planning.milestones import milestone_title
from roadmap_bot.core.planning.plan import CloseIssue, CommentIssue, OpenIssue, Plan, ReopenIssue
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.planning.text import issue_text, tick_marker
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.templating import template_env
from tests.support.planner import changes_nothing
from tests.support.planner_sim import BOT, IssueSim

NOW = "2025-03-01T00:00:00Z"
DURATIONS = [None, "0–3 Months", "3–6 Months", "2 weeks", "Ongoing", "1-2 years"]
ENV = template_env()


@st.composite
def roadmaps(draw: st.DrawFn) -> Roadmap:
    phases = []
    for p in range(draw(st.integers(1, 3))):
        pid = f"phase{p}"
        topics = tuple(Item(f"t{n}", f"Topic {p}.{n}", pid) for n in range(draw(st.integers(1, 4))))
        projects = tuple(
            Item(f"p{n}", f"Project {p}.{n}", pid, repos=(f"octo/p{p}{n}",), rule=PROJECT_DEFAULT)
            for n in range(draw(st.integers(0, 2)))
        )
        sections = [Section("Topics", SectionKind.TOPIC, topics)]
        if projects:
            sections.append(Section("Projects", SectionKind.PROJECT, projects))
        phases.append(
            Phase(pid, f"Title {p}", tuple(sections), duration=draw(st.sampled_from(DURATIONS)))
        )
    settings = Settings(
        open_issues=draw(st.integers(0, 4)),
        start=draw(st.sampled_from([None, "2025-01-31"])),
    )
    return Roadmap(title="R", phases=tuple(phases), settings=settings)


def _tick(source: TickSource) -> Tick:
    return Tick(source, "2025-01-01T00:00:00Z", "octocat", "done", repo="octo/x", commit="c" * 40)


@st.composite
def states(draw: st.DrawFn, roadmap: Roadmap) -> State:
    ticks, skips = {}, {}
    for item in roadmap.items():
        kind = draw(st.sampled_from(["open", "manual", "auto", "skip", "auto+skip"]))
        if kind in {"manual", "auto", "auto+skip"}:
            ticks[item.id] = _tick(TickSource.MANUAL if kind == "manual" else TickSource.AUTO)
        if kind in {"skip", "auto+skip"}:
            skips[item.id] = Skip("2025-01-01T00:00:00Z", "octocat", "known")
    return State(ticks=ticks, skips=skips)


@st.composite
def verdict_maps(draw: st.DrawFn, roadmap: Roadmap) -> dict[str, Verdict]:
    verdicts = {}
    for item in roadmap.items():
        kind = draw(st.sampled_from(["none", "passed", "failed", "problem"]))
        if kind == "passed":
            verdicts[item.id] = Verdict(
                item.id, True, "octo/x", "d" * 40, ("readme",), ("readme: ok",)
            )
        elif kind == "failed":
            verdicts[item.id] = Verdict(item.id, False, failed=("tests: none",))
        elif kind == "problem":
            verdicts[item.id] = Verdict(item.id, False, problem="octo/x was not found")
    return verdicts


@st.composite
def issue_sets(draw: st.DrawFn, roadmap: Roadmap) -> tuple[list[IssueInfo], list[CommentInfo]]:
    items = list(roadmap.items())
    phases = {p.id: p for p in roadmap.phases}
    numbers = draw(st.lists(st.integers(1, 40), unique=True, max_size=8))
    issues, comments = [], []
    for number in numbers:
        item = draw(st.sampled_from(items))
        body_kind = draw(
            st.sampled_from(["marker", "none", "stamped", "stale", "edited", "parked"])
        )
        title = draw(st.sampled_from([f"[{item.phase_id}] {item.title}", "my title"]))
        if body_kind in {"stamped", "stale", "edited", "parked"}:
            shown = replace(item, title=item.title + " (old)") if body_kind == "stale" else item
            text = issue_text(
                ENV,
                item=shown,
                phase=phases[item.phase_id],
                milestone=milestone_title(phases[item.phase_id]),
                due=None,
                rule=None,
                repos=(),
                repo_slug=None,
            )
            body = text.body if body_kind != "edited" else "My notes\n" + text.body
            if body_kind == "parked":  # closed by the bot for the window, waiting for a slot
                body = body.replace("\n<!-- roadmap-bot:rev", f"\n{PARKED}\n<!-- roadmap-bot:rev")
            title = draw(st.sampled_from([text.title, title]))
        else:
            body = {"marker": f"notes\n{item_marker(item.id)}", "none": "no marker"}[body_kind]
        state = draw(st.sampled_from(["open", "closed"]))
        author = draw(st.sampled_from([BOT, BOT, "mallory"]))  # a stranger may type markers too
        reason = draw(st.sampled_from([None, "reopened"])) if state == "open" else None
        issues.append(IssueInfo(number, title, body, state, reason, author=author))
        if draw(st.booleans()):
            marker = tick_marker(draw(st.sampled_from(items)).id)
            comments.append(CommentInfo(len(comments) + 1, number, f"hi {marker}", "bot", "Bot"))
    return issues, comments


def _plan(roadmap: Roadmap, sim: IssueSim, verdicts: dict[str, Verdict]) -> Plan:
    return plan_sync(
        roadmap,
        sim.state,
        verdicts,
        sim.issue_list(),
        now=NOW,
        repo_slug="octo/roadmap",
        bot_login=BOT,
        comments=sim.bot_comments(),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_replanning_after_applying_a_plan_gives_an_empty_plan(data: st.DataObject) -> None:
    roadmap = data.draw(roadmaps())
    verdicts = data.draw(verdict_maps(roadmap))
    issues, comments = data.draw(issue_sets(roadmap))
    sim = IssueSim.with_issues(issues, comments)
    sim.state = data.draw(states(roadmap))

    first = _plan(roadmap, sim, verdicts)
    sim.apply(first)  # the simulator fails on any action a real executor could not carry out
    second = _plan(roadmap, sim, verdicts)

    assert second.actions == ()
    assert second.ticked == ()
    assert second.new_state == first.new_state
    assert changes_nothing(second)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_plan_keeps_the_rules_of_the_game(data: st.DataObject) -> None:
    roadmap = data.draw(roadmaps())
    verdicts = data.draw(verdict_maps(roadmap))
    issues, comments = data.draw(issue_sets(roadmap))
    state = data.draw(states(roadmap))
    sim = IssueSim.with_issues(issues, comments)
    sim.state = state
    p = _plan(roadmap, sim, verdicts)

    # Ticks are only ever added.
    assert all(p.new_state.ticks[item_id] == tick for item_id, tick in state.ticks.items())
    # No item that ever had a bot issue gets another one; closed issues are never touched but
    # to reopen one the bot parked for the window; another account's issue is never touched.
    had_issue = {bot_item_id(i, BOT) for i in issues}
    opened = [a.item_id for a in p.actions if isinstance(a, OpenIssue)]
    assert not had_issue.intersection(opened)
    closed = {i.number for i in issues if i.state == "closed"}
    parked = {i.number for i in issues if i.state == "closed" and is_parked(i.body)}
    touched = [a for a in p.actions if getattr(a, "number", None) in closed]
    assert all(isinstance(a, ReopenIssue) and a.number in parked for a in touched)
    strangers = {i.number for i in issues if i.author != BOT}
    assert not [a for a in p.actions if getattr(a, "number", None) in strangers]
    # At most one comment per issue, and only right before closing it.
    commented = [a.number for a in p.actions if isinstance(a, CommentIssue)]
    assert len(commented) == len(set(commented))
    closes = {a.number for a in p.actions if isinstance(a, CloseIssue)}
    assert set(commented) <= closes
    # New issues only for open items of the current phase, and never beyond the limit.
    current = roadmap_progress(roadmap, p.new_state).current_phase_id
    index = roadmap.item_index()
    assert all(index[i].phase_id == current for i in opened)
    assert all(item_status(index[i], p.new_state) is ItemStatus.OPEN for i in opened)
    assert len(opened) <= roadmap.settings.open_issues
    # The window: afterwards at most open_issues bot issues of open items are open, or as many
    # as a person reopened (never closed for the window).
    limit = roadmap.settings.open_issues
    before = index_issues(issues, bot_login=BOT).by_item
    reopened = [
        i
        for item_id, i in before.items()
        if i.state == "open"
        and i.state_reason == "reopened"
        and item_id in index
        and item_status(index[item_id], p.new_state) is ItemStatus.OPEN
    ]
    sim.apply(p)
    after = index_issues(sim.issue_list(), bot_login=BOT).by_item
    open_after = [
        i
        for item_id, i in after.items()
        if i.state == "open"
        and item_id in index
        and item_status(index[item_id], p.new_state) is ItemStatus.OPEN
    ]
    assert len(open_after) <= max(limit, len(reopened)), (open_after, limit)
    assert all(i.number in {o.number for o in open_after} for i in reopened)
    open_current = {
        item_id
        for i in sim.issue_list()
        if i.state == "open"
        and (item_id := bot_item_id(i, BOT)) in index
        and index[item_id].phase_id == current
        and item_status(index[item_id], p.new_state) is ItemStatus.OPEN
    }
    if opened:
        assert len(open_current) <= roadmap.settings.open_issues
