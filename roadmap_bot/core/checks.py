"""Run every built-in evidence check over a RepoSnapshot; the registry of checks lives here.

To add a check: write ``check_<name>(facts) -> CheckResult`` in a ``checks_*.py`` module (a
docstring saying exactly what passes), register it in ``_BUILTIN`` below, describe it in
``rules.CHECK_WORDS``, and add a trap and a positive repo to ``tests/evidence/corpus.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from roadmap_bot.core.checks_ci import check_ci
from roadmap_bot.core.checks_facts import RepoFacts, build_facts
from roadmap_bot.core.checks_misc import (
    check_ci_passing,
    check_demo,
    check_docker,
    check_license,
    check_notebook,
    check_tracker,
    check_tracking,
)
from roadmap_bot.core.checks_readme import check_readme
from roadmap_bot.core.checks_result import CheckResult, result_from_json, result_to_json
from roadmap_bot.core.checks_tests import check_tests
from roadmap_bot.core.snapshot import RepoSnapshot
from roadmap_bot.core.techs import Catalog, detect_facts

__all__ = [
    "CHECK_NAMES",
    "EVIDENCE_VERSION",
    "CheckResult",
    "result_from_json",
    "result_to_json",
    "results_from_json",
    "results_to_json",
    "run_checks",
]

# Bump when a check's meaning changes, so cached results (keyed by HEAD) are recomputed.
EVIDENCE_VERSION = 1

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
CHECK_NAMES: frozenset[str] = frozenset({*_BUILTIN, "mlflow", "wandb", "tracking"})

_TRUNCATED = " (the file list was truncated, so this may be incomplete)"


def run_checks(snapshot: RepoSnapshot, catalog: Catalog) -> dict[str, CheckResult]:
    """All built-in checks plus one ``uses:<tech>`` result per detected technology."""
    facts = build_facts(snapshot)
    techs = detect_facts(facts, catalog)
    results = {name: check(facts) for name, check in _BUILTIN.items()}
    results["mlflow"] = check_tracker("mlflow", facts, techs)
    results["wandb"] = check_tracker("wandb", facts, techs)
    results["tracking"] = check_tracking(results["mlflow"], results["wandb"])
    results.update((r.name, r) for r in techs.values())
    if snapshot.truncated:
        results = {
            name: r if r.passed else CheckResult(r.name, r.passed, r.paths, r.reason + _TRUNCATED)
            for name, r in results.items()
        }
    return dict(sorted(results.items()))


def results_to_json(results: Mapping[str, CheckResult]) -> dict[str, Any]:
    """A repo's results in the JSON form cached in the state file."""
    return {name: result_to_json(r) for name, r in results.items()}


def results_from_json(data: Mapping[str, Any]) -> dict[str, CheckResult]:
    """Read a repo's cached results back (EvidenceError when the cache is damaged)."""
    return {name: result_from_json(d) for name, d in data.items()}
