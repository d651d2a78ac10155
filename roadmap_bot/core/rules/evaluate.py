"""Evidence rules: evaluate an item's parsed rule into a Verdict, and describe it.

The rule language (an item's ``rule:``, or ``settings.default_rules.<section kind>``)::

    rule: manual                      # never ticked automatically
    rule: [readme, tests]             # short for {require: [readme, tests]}
    rule:
      require:                        # every entry must hold
        - readme                      # a built-in check (registry.ALL_CHECKS)
        - {any: [tracking, ci]}       # at least one entry holds
        - {all: [docker, license]}    # every entry holds (useful inside any:)
        - {uses: pytorch}             # a catalog technology or alias; a list means each one
        - {path: "notebooks/*.ipynb"} # a file matches the glob (no "/": any depth)
        - {contains: {path: "src/**/*.py", pattern: "import mlflow"}}  # a regex in such a file
        - {demo: "https://my.app"}    # a README links this URL
      scope: own                      # own (default) | ticked-projects

``scope: own`` — the item's linked repos; the rule holds when ONE repo satisfies all of it.
``scope: ticked-projects`` — the repos linked to ticked project items of the same phase; each
requirement may be met by a different repo (stack items: "each named tech is used somewhere").
Defaults: ``project`` items need readme + tests + any of tracking/ci; other kinds are manual
unless a rule is given. Rules are validated and parsed once, when the roadmap loads
(``core/rules/syntax.py``): each item carries its effective rule (``Item.rule``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from roadmap_bot.core.evidence.checks.generic import (
    check_contains,
    check_demo_url,
    check_path,
    globs_predicate,
)
from roadmap_bot.core.evidence.engine import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoProblem, RepoSnapshot
from roadmap_bot.core.evidence.techs import name_key
from roadmap_bot.core.model import (
    AllOf,
    AnyOf,
    Contains,
    Demo,
    PathGlob,
    Requirement,
    Rule,
    Scope,
    Uses,
)
from roadmap_bot.core.rules.syntax import WHOLE_REPO, requirement_key, result_key
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.rules.wording import describe_requirement


def describe(rule: Rule) -> str:
    """The rule in plain words for issue bodies."""
    if rule.manual:
        return "ticked by hand only (comment `/done <item>` or close the issue)"
    plural = rule.scope is Scope.TICKED_PROJECTS
    subject = "the repos of this phase's ticked projects together" if plural else "a linked repo"
    phrase = describe_requirement(AllOf(rule.require), plural=plural)
    whole = (
        ""
        if rule.own_work
        else " (counting the files it shares unchanged with the repo it was forked or generated from)"
    )
    return f"ticked automatically when {subject} {phrase}{whole}"


# --- checks a rule adds ---------------------------------------------------------------------


def _leaves(requirements: Sequence[Requirement]) -> list[Requirement]:
    found: list[Requirement] = []
    for req in requirements:
        if isinstance(req, (AnyOf, AllOf)):
            found += _leaves(req.parts)
        else:
            found.append(req)
    return found


def extra_wanted(rule: Rule) -> Callable[[str], bool] | None:
    """Paths whose text the rule's ``contains:`` needs (pass to ``wanted_paths(extra=...)``)."""
    globs = [r.glob for r in _leaves(rule.require) if isinstance(r, Contains)]
    return globs_predicate(globs) if globs else None


def rule_checks(snapshot: RepoSnapshot, rule: Rule) -> dict[str, CheckResult]:
    """Results of the rule's own checks (path/contains/demo URL), to merge with run_checks'."""
    results: dict[str, CheckResult] = {}
    for req in _leaves(rule.require):
        if isinstance(req, PathGlob):
            result = check_path(snapshot, req.glob)
        elif isinstance(req, Contains):
            result = check_contains(snapshot, req.glob, req.pattern)
        elif isinstance(req, Demo):
            result = check_demo_url(snapshot, req.url)
        else:
            continue
        results[result.name] = result
    return results


def rule_check_keys(rule: Rule) -> frozenset[str]:
    """The result names the rule reads (a cache lacking one must be recomputed); under
    ``own_work: false`` its checks' and technologies' whole-repo results (``tests~whole``)."""
    return frozenset(result_key(r, own_work=rule.own_work) for r in _leaves(rule.require))


# --- evaluation -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Outcome:
    passed: bool
    names: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    failed_names: tuple[str, ...] = ()  # the check each ``failed`` sentence is about


def _group_key(req: Requirement) -> str:
    """The name a requirement's failure goes under: its check, or ``any(a, b)`` for a group."""
    if isinstance(req, AnyOf):
        return f"any({', '.join(_group_key(p) for p in req.parts)})"
    if isinstance(req, AllOf):
        return f"all({', '.join(_group_key(p) for p in req.parts)})"
    return requirement_key(req)


def _eval(req: Requirement, results: Mapping[str, CheckResult], own_work: bool = True) -> _Outcome:
    """``req`` over one repo's results; ``own_work`` False reads the whole-repo results."""
    if isinstance(req, AllOf):
        parts = [_eval(p, results, own_work) for p in req.parts]
        return _Outcome(
            all(p.passed for p in parts),
            tuple(n for p in parts for n in p.names),
            tuple(r for p in parts for r in p.reasons),
            tuple(f for p in parts for f in p.failed),
            tuple(n for p in parts for n in p.failed_names),
        )
    if isinstance(req, AnyOf):
        parts = [_eval(p, results, own_work) for p in req.parts]
        for part in parts:
            if part.passed:
                return part
        because = "; ".join(f for p in parts for f in p.failed)
        return _Outcome(
            False,
            failed=(f"needs one of these to pass — {because}",),
            failed_names=(_group_key(req),),
        )
    key = requirement_key(req)
    result = results.get(result_key(req, own_work=own_work))
    if result is None and isinstance(req, Uses):  # parsed without a catalog: "PyTorch"
        want = name_key(req.tech)
        whole = not own_work
        result = next(
            (
                r
                for n, r in results.items()
                if n.startswith("uses:")
                and n.endswith(WHOLE_REPO) == whole
                and name_key(n[5 : len(n) - len(WHOLE_REPO) if whole else None]) == want
            ),
            None,
        )
    if result is None:
        if isinstance(req, Uses):
            missing = f"{key}: {req.display} not found in manifests, imports or files"
        else:
            missing = f"{key}: not checked yet for this commit"
        return _Outcome(False, failed=(missing,), failed_names=(key,))
    if result.passed:
        return _Outcome(True, (key,), (result.reason,))
    return _Outcome(False, failed=(result.reason,), failed_names=(key,))


def evaluate(
    item_id: str,
    rule: Rule,
    evidence: Mapping[str, Mapping[str, CheckResult] | RepoProblem],
    *,
    heads: Mapping[str, str] | None = None,
) -> Verdict:
    """Evaluate ``rule`` over the repos' results; ``heads`` (repo → commit) fills Verdict.commit."""
    heads = heads or {}
    if rule.manual:
        return Verdict(item_id, False, problem="this item is ticked by hand only")
    problems = [p for p in evidence.values() if isinstance(p, RepoProblem)]
    results = {repo: r for repo, r in evidence.items() if not isinstance(r, RepoProblem)}
    if not results:
        if problems:
            return Verdict(item_id, False, problem=" ".join(p.reason for p in problems))
        if rule.scope is Scope.TICKED_PROJECTS:
            return Verdict(
                item_id, False, problem="no ticked project of this phase has a linked repo yet"
            )
        return Verdict(
            item_id,
            False,
            problem=f"no linked repo: comment `/link {item_id} owner/name` or add `repos:` to the item",
        )
    noted = tuple(p.reason for p in problems)
    if rule.scope is Scope.TICKED_PROJECTS:
        return _evaluate_union(item_id, rule, results, heads, noted)
    outcomes = {repo: _eval(AllOf(rule.require), r, rule.own_work) for repo, r in results.items()}
    for repo, outcome in outcomes.items():
        if outcome.passed:
            return Verdict(item_id, True, repo, heads.get(repo), outcome.names, outcome.reasons)
    prefix = len(outcomes) > 1
    repo, best = max(outcomes.items(), key=lambda kv: len(kv[1].names))
    failed = tuple(f"{repo}: {f}" if prefix else f for f in best.failed)
    return Verdict(
        item_id,
        False,
        repo,
        heads.get(repo),
        best.names,
        best.reasons,
        failed + noted,
        failed_checks=best.failed_names + ("repo",) * len(noted),
    )


def _evaluate_union(
    item_id: str,
    rule: Rule,
    results: Mapping[str, Mapping[str, CheckResult]],
    heads: Mapping[str, str],
    noted: tuple[str, ...],
) -> Verdict:
    names: list[str] = []
    reasons: list[str] = []
    failed: list[str] = []
    failed_names: list[str] = []
    used: list[str] = []
    for req in _leaves_for_union(rule.require):
        outcomes = [(repo, _eval(req, r, rule.own_work)) for repo, r in results.items()]
        hit = next(((repo, o) for repo, o in outcomes if o.passed), None)
        if hit is None:
            words = describe_requirement(req, plural=False)
            failed.append(f"no repo of a ticked project {words}")
            failed_names.append(_group_key(req))
            continue
        repo, outcome = hit
        used.append(repo)
        names += outcome.names
        reasons += [f"{repo}: {r}" for r in outcome.reasons]
    single = used[0] if used and len(set(used)) == 1 else None
    commit = heads.get(single) if single else None
    passed = not failed
    return Verdict(
        item_id,
        passed,
        single,
        commit,
        tuple(names),
        tuple(reasons),
        tuple(failed) + noted,
        failed_checks=tuple(failed_names) + ("repo",) * len(noted),
    )


def _leaves_for_union(requirements: Sequence[Requirement]) -> list[Requirement]:
    """Split top-level ``all`` and multi-tech ``uses`` so each part may come from another repo."""
    parts: list[Requirement] = []
    for req in requirements:
        if isinstance(req, AllOf):
            parts += _leaves_for_union(req.parts)
        else:
            parts.append(req)
    return parts
