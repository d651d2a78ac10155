"""Evaluate every item's evidence rule over its repos: which repos to fetch, then the verdicts.

Which items get a verdict: open items (not done, not skipped) with a rule — their own ``rule:`` or
the default for their section kind — and items the bot ticked automatically (tick source AUTO),
so the planner can flag a regression when their evidence no longer holds. Items ticked by a person
(a command or ``done: true``) and skipped items are not evaluated.

An item with a rule but no linked repo gets **no verdict**: there is nothing to check yet, and a
"no linked repo" problem on every future project would drown the real problems in the run report
(the issue body already tells the user to ``/link`` a repo). A linked repo whose evidence was not
collected is evaluated as a RepoProblem, so the verdict says why it could not be checked.

Rules with scope ``ticked-projects`` (stack items: "Master: PyTorch, Scikit-learn, MLflow") are
evaluated last, over the union of the repos linked to the project items of the same phase that are
ticked: in the state, with ``done: true`` in roadmap.yaml, or by a passing verdict in this run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set

from roadmap_bot.core.evidence.engine import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoProblem
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    Rule,
    Scope,
    SectionKind,
    State,
    TickSource,
    item_status,
    linked_repos,
)
from roadmap_bot.core.rules.evaluate import evaluate
from roadmap_bot.core.rules.verdict import Verdict

Evidence = Mapping[str, Mapping[str, CheckResult] | RepoProblem]

NOT_COLLECTED = (
    "its evidence was not collected in this run (it may have been skipped after an earlier "
    "error); the next run checks it again"
)


def rule_for(item: Item) -> Rule | None:
    """The rule evidence can tick ``item`` by (its own, else its kind's default, parsed when the
    roadmap loaded); None means ticked by hand only."""
    return None if item.rule.manual else item.rule


def needs_verdict(item: Item, state: State) -> bool:
    """Open items, and items the bot ticked (to spot regressions), are evaluated."""
    status = item_status(item, state)
    if status is ItemStatus.OPEN:
        return True
    tick = state.ticks.get(item.id)
    return (
        status is ItemStatus.DONE
        and not item.done
        and tick is not None
        and (tick.source is TickSource.AUTO)
    )


def evaluate_items(
    roadmap: Roadmap,
    state: State,
    evidence: Evidence,
    *,
    heads: Mapping[str, str] | None = None,
) -> dict[str, Verdict]:
    """Every evaluated item id → its verdict, in roadmap order (see the module docstring).

    ``heads`` (repo → commit) fills each verdict's commit.
    """
    verdicts: dict[str, Verdict] = {}
    deferred: list[tuple[Phase, Item, Rule]] = []
    for phase, item, rule in _rules(roadmap, state):
        if rule.scope is Scope.TICKED_PROJECTS:
            deferred.append((phase, item, rule))
            continue
        repos = linked_repos(item, state)
        if repos:
            verdicts[item.id] = evaluate(item.id, rule, _evidence_for(repos, evidence), heads=heads)
    for phase, item, rule in deferred:
        ticked = {i for i, v in verdicts.items() if v.passed}
        repos = _project_repos(phase, state, ticked_now=ticked)
        if repos:
            verdicts[item.id] = evaluate(item.id, rule, _evidence_for(repos, evidence), heads=heads)
    order = {item.id: n for n, item in enumerate(roadmap.items())}
    return dict(sorted(verdicts.items(), key=lambda kv: order[kv[0]]))


def _rules(roadmap: Roadmap, state: State) -> Iterator[tuple[Phase, Item, Rule]]:
    for phase in roadmap.phases:
        for item in phase.items:
            rule = rule_for(item)
            if rule is not None and needs_verdict(item, state):
                yield phase, item, rule


def _project_repos(phase: Phase, state: State, *, ticked_now: Set[str]) -> tuple[str, ...]:
    """Repos of the phase's project items that are ticked, or open and in ``ticked_now``."""
    repos: dict[str, None] = {}
    for section in phase.sections:
        if section.kind is not SectionKind.PROJECT:
            continue
        for item in (i for top in section.items for i in top.walk()):
            status = item_status(item, state)
            if status is ItemStatus.DONE or (status is ItemStatus.OPEN and item.id in ticked_now):
                repos.update(dict.fromkeys(linked_repos(item, state)))
    return tuple(repos)


def _evidence_for(repos: tuple[str, ...], evidence: Evidence) -> Evidence:
    return {
        repo: evidence[repo]
        if repo in evidence
        else RepoProblem(repo=repo, kind="error", reason=f"{repo}: {NOT_COLLECTED}")
        for repo in repos
    }
