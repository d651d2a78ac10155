"""Run every built-in evidence check over a RepoSnapshot; the registry of checks lives here.

To add a check: write ``check_<name>(facts) -> CheckResult`` in a ``checks_*.py`` module (a
docstring saying exactly what passes), register it in ``_BUILTIN`` below, describe it in
``rules.CHECK_WORDS``, and add a trap and a positive repo to ``tests/evidence/corpus.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from roadmap_bot.core.evidence.checks.ci import check_ci
from roadmap_bot.core.evidence.checks.misc import (
    check_ci_passing,
    check_demo,
    check_docker,
    check_license,
    check_notebook,
    check_tracker,
    check_tracking,
)
from roadmap_bot.core.evidence.checks.readme import check_readme
from roadmap_bot.core.evidence.checks.tests import check_tests
from roadmap_bot.core.evidence.facts import RepoFacts, build_facts
from roadmap_bot.core.evidence.result import CheckResult, result_from_json, result_to_json
from roadmap_bot.core.evidence.snapshot import Expired, OverBudget, RepoSnapshot
from roadmap_bot.core.evidence.techs import Catalog, detect_facts

__all__ = [
    "CHECK_NAMES",
    "EVIDENCE_VERSION",
    "TOO_LARGE",
    "CheckResult",
    "result_from_json",
    "result_to_json",
    "results_from_json",
    "results_to_json",
    "run_checks",
    "tech_scope",
    "too_large",
]

# Bump when a check's meaning changes, so cached results (keyed by HEAD) are recomputed.
# 2: ci counts pipeline runs and CI files outside the root; tests counts configured discovery.
EVIDENCE_VERSION = 2

_BUILTIN: dict[str, Callable[[RepoFacts], CheckResult]] = {
    "readme": check_readme,
    "tests": check_tests,
    "ci": check_ci,
    "ci_passing": check_ci_passing,
    "docker": check_docker,
    "license": check_license,
    "notebook": check_notebook,
    "demo": check_demo,
}
_TRACKERS = frozenset({"mlflow", "wandb", "tracking"})
CHECK_NAMES: frozenset[str] = frozenset({*_BUILTIN, *_TRACKERS})

_TRUNCATED = " (the file list was truncated, so this may be incomplete)"


def run_checks(
    snapshot: RepoSnapshot,
    catalog: Catalog,
    *,
    only: Collection[str] | None = None,
    expired: Expired | None = None,
) -> dict[str, CheckResult]:
    """The built-in checks plus one ``uses:<tech>`` result per detected technology.

    ``only`` (result names: ``readme``, ``uses:pytorch``, ...) limits the work to what the rules
    read: those checks, and detection of those technologies (``tech_scope``). None runs all.
    ``expired`` is asked between steps; OverBudget once the repo's time is up (``too_large``
    turns that into results).
    """
    facts = build_facts(snapshot, expired)
    names = set(_BUILTIN) | _TRACKERS if only is None else _builtins_for(only)
    scope = tech_scope(only, catalog)
    _stop_if(expired, "technologies")
    techs = detect_facts(facts, catalog if scope is None else catalog.subset(scope))
    results: dict[str, CheckResult] = {}
    for name, check in _BUILTIN.items():
        if name in names:
            _stop_if(expired, name)
            results[name] = check(facts)
    for tracker in ("mlflow", "wandb"):
        if tracker in names:
            results[tracker] = check_tracker(tracker, facts, techs)
    if "tracking" in names:
        results["tracking"] = check_tracking(results["mlflow"], results["wandb"])
    results.update((r.name, r) for r in techs.values())
    if snapshot.truncated:
        results = {
            name: r if r.passed else CheckResult(r.name, r.passed, r.paths, r.reason + _TRUNCATED)
            for name, r in results.items()
        }
    return dict(sorted(results.items()))


def _stop_if(expired: Expired | None, step: str) -> None:
    if expired is not None and expired():
        raise OverBudget(step)


TOO_LARGE = "too large to check"


def too_large(repo: str, why: str, names: Collection[str]) -> dict[str, CheckResult]:
    """The results of a repo that was not read or checked within its budget: each result
    ``names`` asks for fails, saying so in words."""
    reason = f"{repo} is {TOO_LARGE} ({why}); it is checked again at its next commit"
    return {key: CheckResult(key, False, (), f"{key}: {reason}") for key in sorted(names)}


def tech_scope(only: Collection[str] | None, catalog: Catalog) -> frozenset[str] | None:
    """The technologies ``run_checks(only=...)`` detects: None for all of them."""
    if only is None:
        return None
    wanted = {catalog.resolve(k[5:]) or k[5:] for k in only if k.startswith("uses:")}
    trackers = _builtins_for(only) & {"mlflow", "wandb"}
    return frozenset(wanted | trackers)


def _builtins_for(only: Collection[str]) -> set[str]:
    names = {n for n in only if n in CHECK_NAMES}
    if "tracking" in names:
        names |= {"mlflow", "wandb"}
    return names


def results_to_json(results: Mapping[str, CheckResult]) -> dict[str, Any]:
    """A repo's results in the JSON form cached in the state file."""
    return {name: result_to_json(r) for name, r in results.items()}


def results_from_json(data: Mapping[str, Any]) -> dict[str, CheckResult]:
    """Read a repo's cached results back (EvidenceError when the cache is damaged)."""
    return {name: result_from_json(d) for name, d in data.items()}
