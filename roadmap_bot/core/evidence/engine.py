"""Run every built-in evidence check over a RepoSnapshot (the checks: ``registry.ALL_CHECKS``).

How to add a check: ``docs/ARCHITECTURE.md`` ("How to add … a check").
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from roadmap_bot.core.evidence import registry
from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.fingerprints import EMPTY, Boilerplate
from roadmap_bot.core.evidence.result import CheckResult, result_from_json, result_to_json
from roadmap_bot.core.evidence.snapshot import Expired, RepoSnapshot
from roadmap_bot.core.evidence.techs import Catalog, detect_facts
from roadmap_bot.errors import OverBudget

__all__ = [
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
# 3: readme does not count a known template's or the origin's README text (fingerprints);
#    docker counts Dockerfile-dev, docker/…/Dockerfile*, docker-compose-dev.yml and the like.
# (A user's own fingerprints are not a version: results cached with other ones carry another
# ``CachedEvidence.known`` digest, see ``rules.collect.known_heads``.)
EVIDENCE_VERSION = 3

_TRUNCATED = " (the file list was truncated, so this may be incomplete)"


def run_checks(
    snapshot: RepoSnapshot,
    catalog: Catalog,
    *,
    only: Collection[str] | None = None,
    expired: Expired | None = None,
    boilerplate: Boilerplate = EMPTY,
) -> dict[str, CheckResult]:
    """The built-in checks plus one ``uses:<tech>`` result per detected technology.

    ``only`` (result names: ``readme``, ``uses:pytorch``, ...) limits the work to what the rules
    read: those checks, and detection of those technologies (``tech_scope``). None runs all.
    ``expired`` is asked between steps; OverBudget once the repo's time is up (``too_large``
    turns that into results). ``boilerplate``: the user's own known templates (their course's
    starter READMEs), on top of the shipped ones.
    """
    facts = replace(build_facts(snapshot, expired), boilerplate=boilerplate)
    scope = tech_scope(only, catalog)
    _stop_if(expired, "technologies")
    techs = detect_facts(facts, catalog if scope is None else catalog.subset(scope))
    facts = replace(facts, techs=techs)
    results: dict[str, CheckResult] = {}
    for check in _checks_for(only):
        _stop_if(expired, check.name)
        results[check.name] = check.run(facts)
    results.update((r.name, r) for r in techs.values())
    if snapshot.truncated:
        results = {
            name: r if r.passed else replace(r, reason=r.reason + _TRUNCATED)
            for name, r in results.items()
        }
    return dict(sorted(results.items()))


def _stop_if(expired: Expired | None, step: str) -> None:
    if expired is not None and expired():
        raise OverBudget(step)


TOO_LARGE = "too large to check"


def too_large(repo: str, why: str, names: Collection[str]) -> dict[str, CheckResult]:
    """The results of a repo that was not read or checked within its budget: each result
    ``names`` asks for is unknown (so no rule holds on it), saying so in words."""
    reason = f"{repo} is {TOO_LARGE} ({why}); it is checked again at its next commit"
    return {
        key: CheckResult(key, False, (), f"{key}: {reason}", unknown=True) for key in sorted(names)
    }


def tech_scope(only: Collection[str] | None, catalog: Catalog) -> frozenset[str] | None:
    """The technologies ``run_checks(only=...)`` detects: None for all of them."""
    if only is None:
        return None
    wanted = {catalog.resolve(k[5:]) or k[5:] for k in only if k.startswith("uses:")}
    read = {tech for check in _checks_for(only) for tech in check.techs}
    return frozenset(wanted | read)


def _checks_for(only: Collection[str] | None) -> list[Check]:
    """The checks ``only`` asks for (all of them for None) and the checks they need, in
    ``ALL_CHECKS`` order."""
    if only is None:
        return list(registry.ALL_CHECKS)
    names = {name for name in only if registry.find_check(name) is not None}
    pending = list(names)
    while pending:
        check = registry.find_check(pending.pop())
        for need in check.needs if check is not None else ():
            if need not in names:
                names.add(need)
                pending.append(need)
    return [check for check in registry.ALL_CHECKS if check.name in names]


def results_to_json(results: Mapping[str, CheckResult]) -> dict[str, Any]:
    """A repo's results in the JSON form cached in the state file."""
    return {name: result_to_json(r) for name, r in results.items()}


def results_from_json(data: Mapping[str, Any]) -> dict[str, CheckResult]:
    """Read a repo's cached results back (EvidenceError when the cache is damaged)."""
    return {name: result_from_json(d) for name, d in data.items()}
