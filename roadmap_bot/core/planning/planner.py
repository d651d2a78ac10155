"""Decide one sync run: ticks from verdicts, what to report, and the issue actions; no I/O.

The policy, in one place:
- An open item whose verdict passed is ticked (source AUTO, by ``roadmap-bot``, with the repo,
  commit, passed checks and reasons). Skipped items are never ticked by evidence.
- Automation never removes a tick: an auto-ticked item whose evidence now fails is reported as a
  regression and stays ticked. Items ticked by a person are not judged at all.
- Issues: see ``planner_issues`` (the bot's own issues by marker, close on tick, the window of
  open issues, the next topics).
- Re-planning on what applying a plan produced gives an empty plan; output order is roadmap order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Roadmap,
    Scope,
    State,
    Tick,
    TickSource,
    item_status,
)
from roadmap_bot.core.planning.bot_issues import same_login
from roadmap_bot.core.planning.checklist import Evidence, checklist, phase_projects, section_for
from roadmap_bot.core.planning.dashboard import DashboardInputs, dashboard_actions
from roadmap_bot.core.planning.issues import IssueInputs, index_issues, issue_actions
from roadmap_bot.core.planning.nudges import NudgeFacts, with_nudges
from roadmap_bot.core.planning.plan import FailingItem, ItemProblem, Plan, Regression, TickedItem
from roadmap_bot.core.planning.text import BOT_LOGIN, RuleWords
from roadmap_bot.core.rules.evaluate import describe
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.rules.verdicts import rule_for
from roadmap_bot.core.templating import template_env


@dataclass(frozen=True, slots=True)
class Reports:
    """What a run tells a person without acting on it."""

    regressions: tuple[Regression, ...]
    failing: tuple[FailingItem, ...]
    problems: tuple[ItemProblem, ...]


def plan_sync(
    roadmap: Roadmap,
    state: State,
    verdicts: Mapping[str, Verdict],
    issues: Sequence[IssueInfo],
    *,
    now: str,
    repo_slug: str | None,
    bot_login: str,
    comments: Sequence[CommentInfo] = (),
    templates: Mapping[str, str] | None = None,
    evidence: Evidence | None = None,
    heads: Mapping[str, str] | None = None,
    dashboard: DashboardInputs | None = None,
) -> Plan:
    """Return everything this run should do; apply it with the executor or print it (dry run).

    ``issues``: every issue of the roadmap repo, open and closed, without a label filter.
    ``bot_login``: the account the run's token acts as (``github-actions[bot]`` with the Actions
    token, the person with a personal token); only issues it wrote can be the bot's.
    ``comments``: the comments on the bot issues the plan comments on (a first plan without them
    says which), so a tick comment already posted is not posted again. ``templates``: user overrides, name → text.
    ``evidence`` and ``heads``: the check results per repo and the HEADs the verdicts were made
    from, for each linked repo's lines of an issue's checklist (without them: the verdict's repo).
    ``dashboard``: the dashboard's inputs (the commands, a refusal to answer); without them no
    dashboard action is planned (``dashboard.dashboard_actions``, after the other actions).
    """
    ticked = tick_items(roadmap, state, verdicts)
    new_ticks = {t.item_id: _tick(verdicts[t.item_id], now) for t in ticked}
    new_state = replace(state, ticks={**state.ticks, **new_ticks}) if new_ticks else state
    reports = report(roadmap, state, verdicts)
    index = index_issues(issues, bot_login=bot_login, item_ids=[i.id for i in roadmap.items()])
    # the bot's hidden comment markers count only in its own comments: a stranger's comment
    # carrying one must not stop a tick, window or duplicate comment being posted
    comments = [c for c in comments if same_login(c.author, bot_login)]

    def rule_words(item: Item) -> RuleWords | None:
        rule = rule_for(item)
        return None if rule is None else RuleWords(describe(rule), str(rule.scope))

    def checklist_of(item: Item, current: str | None) -> str:
        rule = rule_for(item)
        if rule is None:
            return ""
        stack = rule.scope is Scope.TICKED_PROJECTS
        projects = phase_projects(roadmap, item, new_state) if stack else ()
        made = checklist(
            item, rule, new_state, verdicts.get(item.id), evidence, heads, projects=projects
        )
        return section_for(made, current, today=now[:10])

    inputs = IssueInputs(
        state=new_state,
        index=index,
        comments=comments,
        fresh_reasons={t.item_id: t.reasons for t in ticked},
        rule_words=rule_words,
        env=template_env(templates),
        repo_slug=repo_slug,
        checklist=checklist_of,
    )
    # a nudge (opt-in) after the other actions, on record in the state this run writes first
    nudged, actions = with_nudges(
        roadmap,
        new_state,
        index.by_item,
        issue_actions(roadmap, inputs),
        NudgeFacts(now, verdicts, evidence, heads),
        inputs.env,
    )
    if dashboard is not None:
        actions += dashboard_actions(
            roadmap,
            nudged,
            issues,
            actions,
            reports.regressions,
            bot_login=bot_login,
            inputs=dashboard,
            comments=comments,
            env=inputs.env,
            by_item=index.by_item,
        )
    return Plan(
        new_state=nudged,
        ticked=ticked,
        regressions=reports.regressions,
        failing=reports.failing,
        problems=reports.problems,
        duplicates=index.duplicates,
        actions=actions,
    )


def tick_items(
    roadmap: Roadmap, state: State, verdicts: Mapping[str, Verdict]
) -> tuple[TickedItem, ...]:
    """The open items whose verdict passed, in roadmap order."""
    return tuple(
        TickedItem(
            item_id=item.id,
            title=item.title,
            reasons=verdict.reasons,
            repo=verdict.repo,
            commit=verdict.commit,
        )
        for item in roadmap.items()
        if (verdict := verdicts.get(item.id)) is not None
        and verdict.passed
        and item_status(item, state) is ItemStatus.OPEN
    )


def report(roadmap: Roadmap, state: State, verdicts: Mapping[str, Verdict]) -> Reports:
    """Regressions (auto ticks now failing), failing open items and items that could not be checked."""
    regressions: list[Regression] = []
    failing: list[FailingItem] = []
    problems: list[ItemProblem] = []
    for item in roadmap.items():
        verdict = verdicts.get(item.id)
        if verdict is None or verdict.passed:
            continue
        status = item_status(item, state)
        tick = state.ticks.get(item.id)
        auto = (
            status is ItemStatus.DONE and not item.done and tick and tick.source is TickSource.AUTO
        )
        if status is not ItemStatus.OPEN and not auto:
            continue  # ticked by a person or skipped: not the evidence's call
        if verdict.problem is not None:
            problems.append(ItemProblem(item.id, item.title, verdict.problem))
        elif auto:
            regressions.append(Regression(item.id, item.title, verdict.failed))
        else:
            failing.append(FailingItem(item.id, item.title, verdict.failed))
    return Reports(tuple(regressions), tuple(failing), tuple(problems))


def _tick(verdict: Verdict, now: str) -> Tick:
    return Tick(
        source=TickSource.AUTO,
        at=now,
        by=BOT_LOGIN,
        reason="; ".join(verdict.reasons) or "its evidence rule holds",
        repo=verdict.repo,
        commit=verdict.commit,
        checks=verdict.checks,
    )
