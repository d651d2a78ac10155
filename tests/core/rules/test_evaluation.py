"""Which items get a verdict, over which repos, and which repos a run must fetch."""

from __future__ import annotations

import json
from collections.abc import Iterable

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.engine import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoProblem
from roadmap_bot.core.model import PROJECT_DEFAULT, Roadmap, Skip, State, Tick, TickSource
from roadmap_bot.core.rules.collect import rules_by_repo
from roadmap_bot.core.rules.syntax import roadmap_rules
from roadmap_bot.core.rules.verdicts import evaluate_items, needs_verdict, rule_for

CATALOG = shipped_catalog()

PROJECT_CHECKS = ("readme", "tests", "tracking", "ci")
STACK_RULE = {"require": [{"uses": "pytorch"}, {"uses": "mlflow"}], "scope": "ticked-projects"}


def good(*, uses: Iterable[str] = ()) -> dict[str, CheckResult]:
    """Check results of a repo that satisfies the project rule (and uses ``uses``)."""
    results = {n: CheckResult(n, True, ("README.md",), f"{n}: present") for n in PROJECT_CHECKS}
    for tech in uses:
        name = f"uses:{tech}"
        results[name] = CheckResult(
            name, True, ("requirements.txt",), f"{name}: in requirements.txt"
        )
    return results


def bad(*, uses: Iterable[str] = ()) -> dict[str, CheckResult]:
    """Check results of a repo without tests (and with ``uses``)."""
    results = good(uses=uses)
    results["tests"] = CheckResult("tests", False, (), "tests: no test files found")
    return results


def make_roadmap(*, stack_rule: object = STACK_RULE, default_rules: dict | None = None) -> Roadmap:
    """Two phases of topics, projects (a, b, c without a repo, m manual) and a stack item,
    loaded as roadmap.yaml is: each item with its effective rule."""

    def phase(n: int) -> dict[str, object]:
        return {
            "id": f"phase{n}",
            "title": f"P{n}",
            "sections": [
                {
                    "title": "Topics",
                    "kind": "topic",
                    "items": [
                        {"id": "topic", "title": "A topic", "repos": ["octo/notes"]},
                        {
                            "id": "graded",
                            "title": "A topic with a rule",
                            "repos": ["octo/notes"],
                            "rule": {"require": ["readme"]},
                        },
                    ],
                },
                {
                    "title": "Projects",
                    "kind": "project",
                    "items": [
                        {"id": "a", "title": "Project A", "repos": [f"octo/a{n}"]},
                        {"id": "b", "title": "Project B", "repos": [f"octo/b{n}"]},
                        {"id": "c", "title": "Project C"},
                        {
                            "id": "m",
                            "title": "Manual project",
                            "repos": [f"octo/m{n}"],
                            "rule": "manual",
                        },
                    ],
                },
                {
                    "title": "Stack",
                    "kind": "stack",
                    "items": [
                        {"id": "stack", "title": "Master: PyTorch, MLflow", "rule": stack_rule}
                    ],
                },
            ],
        }

    data: dict[str, object] = {"version": 1, "title": "R", "phases": [phase(0), phase(1)]}
    if default_rules:
        data["settings"] = {"default_rules": default_rules}
    roadmap, _ = roadmap_rules(json.dumps(data), "roadmap.yaml", CATALOG)
    return roadmap


ROADMAP = make_roadmap()


def tick(source: TickSource) -> Tick:
    return Tick(source, "2025-01-01T00:00:00Z", "octocat", "done")


def test_open_project_items_with_a_linked_repo_are_evaluated_over_it() -> None:
    verdicts = evaluate_items(ROADMAP, State(), {"octo/a0": good(), "octo/b0": bad()})
    assert verdicts["phase0.a"].passed and verdicts["phase0.a"].repo == "octo/a0"
    assert not verdicts["phase0.b"].passed
    assert any("tests" in f for f in verdicts["phase0.b"].failed)


def test_an_item_with_a_rule_but_no_linked_repo_gets_no_verdict() -> None:
    verdicts = evaluate_items(ROADMAP, State(), {})
    assert "phase0.c" not in verdicts


def test_a_repo_linked_with_a_command_counts() -> None:
    state = State(links={"phase0.c": ("octo/c0",)})
    assert evaluate_items(ROADMAP, state, {"octo/c0": good()})["phase0.c"].passed


def test_manual_items_and_kinds_without_a_default_rule_get_no_verdict() -> None:
    verdicts = evaluate_items(ROADMAP, State(), {"octo/m0": good(), "octo/notes": good()})
    assert "phase0.m" not in verdicts
    assert "phase0.topic" not in verdicts
    assert verdicts["phase0.graded"].passed  # a topic with its own rule is evaluated


def test_a_default_rule_for_a_kind_from_the_settings_applies() -> None:
    roadmap = make_roadmap(default_rules={"topic": {"require": ["readme"]}})
    assert evaluate_items(roadmap, State(), {"octo/notes": good()})["phase0.topic"].passed


def test_skipped_and_manually_ticked_items_are_not_evaluated_but_auto_ticked_ones_are() -> None:
    state = State(
        ticks={"phase0.a": tick(TickSource.MANUAL), "phase0.b": tick(TickSource.AUTO)},
        skips={"phase1.a": Skip("2025-01-01T00:00:00Z", "octocat")},
    )
    evidence = {"octo/a0": good(), "octo/b0": bad(), "octo/a1": good(), "octo/b1": good()}
    verdicts = evaluate_items(ROADMAP, state, evidence)
    assert "phase0.a" not in verdicts and "phase1.a" not in verdicts
    assert not verdicts["phase0.b"].passed  # the planner flags this as a regression
    assert not needs_verdict(ROADMAP.phases[0].items[2], state)  # phase0.a: a person ticked it


def test_a_repo_problem_gives_a_verdict_with_the_problem() -> None:
    problem = RepoProblem(
        "octo/a0", "missing", "octo/a0 was not found: check the name or /unlink it"
    )
    verdict = evaluate_items(ROADMAP, State(), {"octo/a0": problem})["phase0.a"]
    assert not verdict.passed
    assert verdict.problem is not None and "not found" in verdict.problem


def test_a_repo_missing_from_the_evidence_is_reported_as_not_collected() -> None:
    verdict = evaluate_items(ROADMAP, State(), {})["phase0.a"]
    assert not verdict.passed
    assert verdict.problem is not None and "not collected" in verdict.problem


def test_a_stack_item_is_judged_over_the_repos_of_ticked_projects_of_its_phase() -> None:
    state = State(ticks={"phase0.a": tick(TickSource.MANUAL)})
    evidence = {"octo/a0": bad(uses=["pytorch"]), "octo/b0": good(uses=["mlflow"])}
    verdict = evaluate_items(ROADMAP, state, evidence)["phase0.stack"]
    assert verdict.passed  # pytorch from a ticked project, mlflow from one ticked in this run


def test_an_unticked_project_does_not_count_for_the_stack() -> None:
    evidence = {"octo/a0": good(uses=["pytorch"]), "octo/b0": bad(uses=["mlflow"])}
    verdict = evaluate_items(ROADMAP, State(), evidence)["phase0.stack"]
    assert not verdict.passed


def test_projects_of_another_phase_do_not_count_for_the_stack() -> None:
    state = State(ticks={"phase1.a": tick(TickSource.MANUAL), "phase1.b": tick(TickSource.MANUAL)})
    evidence = {"octo/a1": good(uses=["pytorch"]), "octo/b1": good(uses=["mlflow"])}
    verdicts = evaluate_items(ROADMAP, state, evidence)
    assert "phase0.stack" not in verdicts  # no ticked project in phase0: nothing to check
    assert verdicts["phase1.stack"].passed


def test_verdicts_come_in_roadmap_order() -> None:
    evidence = {
        r: good(uses=["pytorch", "mlflow"]) for r in ("octo/a0", "octo/b0", "octo/a1", "octo/notes")
    }
    assert list(evaluate_items(ROADMAP, State(), evidence)) == [
        "phase0.graded",
        "phase0.a",
        "phase0.b",
        "phase0.stack",
        "phase1.graded",
        "phase1.a",
        "phase1.b",  # its repo was not collected: a verdict with that problem
        "phase1.stack",
    ]


def test_the_repos_rules_read_are_those_of_the_items_that_need_a_verdict() -> None:
    state = State(
        ticks={"phase1.a": tick(TickSource.MANUAL), "phase0.b": tick(TickSource.AUTO)},
        links={"phase0.c": ("octo/c0", "octo/a0")},
    )
    rules = rules_by_repo(ROADMAP, state)
    assert list(rules) == [
        "octo/notes",  # phase0.graded
        "octo/a0",
        "octo/b0",  # auto-ticked: checked for regressions
        "octo/c0",
        "octo/m0",  # the stack reads every project repo of its phase
        "octo/b1",
        "octo/a1",  # phase1.a is ticked by hand, but the stack of phase1 needs its repo
        "octo/m1",
    ]
    assert rules["octo/notes"] == [ROADMAP.phases[0].items[1].rule]
    assert PROJECT_DEFAULT in rules["octo/b0"]
    assert "octo/a1" in rules and PROJECT_DEFAULT not in rules["octo/a1"]  # only the stack's


def test_rule_for_reads_manual_own_and_default_rules() -> None:
    topic, graded = ROADMAP.phases[0].sections[0].items
    assert rule_for(topic) is None
    assert rule_for(graded) is not None
    project, manual = ROADMAP.phases[0].sections[1].items[0::3]
    assert rule_for(project) == PROJECT_DEFAULT
    assert rule_for(manual) is None


def test_heads_fill_in_the_commit_a_verdict_was_made_at() -> None:
    verdict = evaluate_items(ROADMAP, State(), {"octo/a0": good()}, heads={"octo/a0": "f" * 40})
    assert verdict["phase0.a"].commit == "f" * 40
