"""Builders for the planner tests: a small roadmap, verdicts (``passed``, ``failed``), bot issues,
runs of ``plan_sync`` and ``changes_nothing``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.model import (
    PROJECT_DEFAULT,
    Item,
    Phase,
    Roadmap,
    Section,
    SectionKind,
    Settings,
    State,
    Tick,
    TickSource,
)
from roadmap_bot.core.planning.plan import (
    OpenIssue,
    Plan,
)
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.rules.verdict import Verdict
from tests.support.markers import find_item_marker
from tests.support.planner_sim import BOT, IssueSim

NOW = "2025-02-01T10:00:00Z"


TOPICS0 = {
    "syntax": "Python: Syntax and core concepts",
    "oop": "Python: Object-Oriented Programming (OOP)",
    "venv": "Python: `virtualenv` for environment management",
    "modules": "Python: Using and creating modules",
    "git": "Git & GitHub: Core workflow",
}


def _items(phase_id: str, titles: Mapping[str, str], **extra: object) -> tuple[Item, ...]:
    return tuple(Item(slug, title, phase_id, **extra) for slug, title in titles.items())  # type: ignore[arg-type]


def make_roadmap(*, open_issues: int = 3, start: str | None = "2025-01-01") -> Roadmap:
    phase0 = Phase(
        id="phase0",
        title="Foundations",
        duration="0–3 Months",
        goal="Prepare programming, math, and data foundations.",
        sections=(
            Section("Topics to Learn", SectionKind.TOPIC, _items("phase0", TOPICS0), emoji="🧠"),
            Section(
                "Mini Projects",
                SectionKind.PROJECT,
                (
                    Item(
                        "titanic",
                        "Project: Titanic survival classifier",
                        "phase0",
                        repos=("octo/titanic",),
                        rule=PROJECT_DEFAULT,  # as roadmap.yaml loads a project item without one
                    ),
                ),
            ),
        ),
    )
    phase1 = Phase(
        id="phase1",
        title="Core ML",
        duration="3–6 Months",
        sections=(
            Section(
                "Topics",
                SectionKind.TOPIC,
                _items("phase1", {"supervised": "Supervised Learning", "metrics": "Evaluation"}),
            ),
        ),
    )
    return Roadmap(
        title="My AI Learning Journey",
        phases=(phase0, phase1),
        settings=Settings(open_issues=open_issues, start=start),
    )


ROADMAP = make_roadmap()


IDS0 = [f"phase0.{slug}" for slug in TOPICS0] + ["phase0.titanic"]


def passed(item_id: str) -> Verdict:
    return Verdict(
        item_id,
        True,
        repo="octo/titanic",
        commit="abc1234def5678",
        checks=("readme", "tests"),
        reasons=("readme: README.md has 40 lines of text", "tests: 3 test files under tests/"),
    )


def failed(item_id: str, problem: str | None = None) -> Verdict:
    return Verdict(
        item_id, False, repo="octo/titanic", failed=("tests: no test files",), problem=problem
    )


def manual(item_id: str) -> Tick:
    return Tick(TickSource.MANUAL, "2025-01-20T00:00:00Z", "octocat", "finished the course")


def auto(item_id: str) -> Tick:
    return Tick(
        TickSource.AUTO, "2025-01-20T00:00:00Z", "roadmap-bot", "tests pass", repo="octo/titanic"
    )


def plan(
    state: State | None = None,
    verdicts: Mapping[str, Verdict] | None = None,
    issues: Sequence[IssueInfo] = (),
    roadmap: Roadmap = ROADMAP,
    **kwargs: object,
) -> Plan:
    return plan_sync(
        roadmap,
        state or State(),
        verdicts or {},
        issues,
        now=NOW,
        repo_slug="octo/roadmap",
        **{"bot_login": BOT, **kwargs},  # type: ignore[arg-type]
    )


def run(
    sim: IssueSim, verdicts: Mapping[str, Verdict] | None = None, roadmap: Roadmap = ROADMAP
) -> Plan:
    """One scheduled run: plan on the simulated repo, then apply the plan to it."""
    result = plan(sim.state, verdicts, sim.issue_list(), roadmap, comments=sim.bot_comments())
    sim.apply(result)
    return result


def opened(p: Plan) -> list[OpenIssue]:
    return [a for a in p.actions if isinstance(a, OpenIssue)]


def open_items(sim: IssueSim) -> list[str]:
    return [find_item_marker(i.body) or "" for i in sim.issue_list() if i.state == "open"]


def bot_issue(number: int, item_id: str, state: str = "open", **kw: object) -> IssueInfo:
    body = f"Learn it.\n\n{item_marker(item_id)}\n"
    kw = {"author": BOT, **kw}
    return IssueInfo(number=number, title=f"[x] {item_id}", body=body, state=state, **kw)  # type: ignore[arg-type]


def _retitled(title: str) -> Roadmap:
    phase = ROADMAP.phases[0]
    items = (replace(phase.sections[0].items[0], title=title), *phase.sections[0].items[1:])
    topics = replace(phase.sections[0], items=items)
    return replace(
        ROADMAP, phases=(replace(phase, sections=(topics, phase.sections[1])), ROADMAP.phases[1])
    )


def changes_nothing(plan: Plan) -> bool:
    """The run changes nothing: no new tick and no action (reports do not count)."""
    return not plan.ticked and not plan.actions
