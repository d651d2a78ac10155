"""A stack item's checklist (``scope: ticked-projects``) names the ticked projects whose repos
count, and for each technology still missing, the project not ticked yet whose repo already
has it ("counts once this project is ticked"), else where to add it."""

from __future__ import annotations

from dataclasses import replace

from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.model import (
    AnyOf,
    Check,
    Item,
    Roadmap,
    Rule,
    Scope,
    Section,
    SectionKind,
    State,
    Tick,
    TickSource,
    Uses,
)
from roadmap_bot.core.planning.checklist import phase_projects
from roadmap_bot.core.planning.plan import OpenIssue
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.rules.verdicts import evaluate_items
from tests.support.planner import NOW, make_roadmap

RULE = Rule((Uses("pytorch", "PyTorch"), Uses("mlflow", "MLflow")), Scope.TICKED_PROJECTS)


def roadmap(rule: Rule = RULE) -> Roadmap:
    base = make_roadmap(open_issues=20)
    phase0 = base.phases[0]
    projects = phase0.sections[1]
    sentiment = replace(
        projects.items[0], slug="sentiment", title="Project: Sentiment", repos=("octo/sentiment",)
    )
    stack = Section(
        "Stack",
        SectionKind.STACK,
        (Item("stack", "Master: PyTorch, MLflow", "phase0", rule=rule),),
    )
    phase0 = replace(
        phase0,
        sections=(phase0.sections[0], replace(projects, items=(*projects.items, sentiment)), stack),
    )
    return replace(base, phases=(phase0, *base.phases[1:]))


def found(name: str, passed: bool) -> CheckResult:
    return CheckResult(name, passed, (), f"{name}: {'found' if passed else 'not found'}")


TICKED = State(ticks={"phase0.titanic": Tick(TickSource.MANUAL, NOW, "octo", "/done")})


def stack_body(
    evidence: dict[str, dict[str, CheckResult]], state: State = TICKED, rule: Rule = RULE
) -> str:
    road = roadmap(rule)
    verdicts = evaluate_items(road, state, evidence)
    plan = plan_sync(
        road, state, verdicts, [], now=NOW, repo_slug="octo/r", bot_login="bot", evidence=evidence
    )
    opened = [a for a in plan.actions if isinstance(a, OpenIssue) and a.item_id == "phase0.stack"]
    assert len(opened) == 1
    return opened[0].body


def test_it_names_the_ticked_projects_and_the_unticked_one_that_would_count() -> None:
    body = stack_body(
        {
            "octo/titanic": {"uses:pytorch": found("uses:pytorch", True)},
            "octo/sentiment": {"uses:mlflow": found("uses:mlflow", True)},
        }
    )
    assert (
        "The ticked projects' repos together (Project: Titanic survival classifier (`octo/titanic`)):"
        in body
    )
    line = next(li for li in body.splitlines() if li.startswith("- ⬜") and "MLflow" in li)
    assert (
        "; it would count once Project: Sentiment (`phase0.sentiment`, `octo/sentiment`) is ticked"
        in line
    )
    assert any(li.startswith("- ✅") and "pytorch" in li for li in body.splitlines())


def test_with_no_project_holding_it_it_says_to_add_it_to_a_ticked_projects_repo() -> None:
    body = stack_body(
        {
            "octo/titanic": {"uses:pytorch": found("uses:pytorch", True)},
            "octo/sentiment": {"uses:mlflow": found("uses:mlflow", False)},
        }
    )
    line = next(li for li in body.splitlines() if li.startswith("- ⬜") and "MLflow" in li)
    assert line.endswith("; in a ticked project's repo") and "would count" not in line


def test_phase_projects_lists_every_project_of_the_items_phase_with_its_tick() -> None:
    road = roadmap()
    stack = road.phases[0].sections[2].items[0]
    projects = phase_projects(road, stack, TICKED)
    assert [(p.item_id, p.ticked, p.repos) for p in projects] == [
        ("phase0.titanic", True, ("octo/titanic",)),
        ("phase0.sentiment", False, ("octo/sentiment",)),
    ]
    other = road.phases[1].items[0]
    assert phase_projects(road, other, TICKED) == ()


WOULD = "; it would count once Project: Sentiment (`phase0.sentiment`, `octo/sentiment`) is ticked"


def missing(body: str) -> list[str]:
    return [li for li in body.splitlines() if li.startswith("- ⬜")]


def test_an_any_group_the_unticked_projects_repo_meets_names_that_project() -> None:
    rule = replace(
        RULE,
        require=(Uses("pytorch", "PyTorch"), AnyOf((Uses("mlflow", "MLflow"), Check("docker")))),
    )
    body = stack_body(
        {
            "octo/titanic": {
                "uses:pytorch": found("uses:pytorch", True),
                "docker": found("docker", False),
            },
            "octo/sentiment": {
                "uses:mlflow": found("uses:mlflow", True),
                "docker": found("docker", False),
            },
        },
        rule=rule,
    )
    [line] = missing(body)
    assert line.endswith(WOULD)


def test_with_own_work_false_the_whole_repo_results_name_the_project_too() -> None:
    rule = replace(RULE, own_work=False)
    body = stack_body(
        {
            "octo/titanic": {"uses:pytorch~whole": found("uses:pytorch~whole", True)},
            "octo/sentiment": {"uses:mlflow~whole": found("uses:mlflow~whole", True)},
        },
        rule=rule,
    )
    [line] = missing(body)
    assert "MLflow" in line and line.endswith(WOULD)
