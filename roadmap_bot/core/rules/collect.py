"""Turn snapshot outcomes into check results per repo, reusing results cached by HEAD commit."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from roadmap_bot.core.evidence.engine import (
    EVIDENCE_VERSION,
    CheckResult,
    results_from_json,
    results_to_json,
    run_checks,
    tech_scope,
    too_large,
)
from roadmap_bot.core.evidence.fingerprints import EMPTY, Boilerplate
from roadmap_bot.core.evidence.snapshot import (
    Expired,
    RepoProblem,
    RepoSnapshot,
    SnapshotOutcome,
    TooLarge,
    Unchanged,
)
from roadmap_bot.core.evidence.techs import Catalog
from roadmap_bot.core.model import (
    CachedEvidence,
    Roadmap,
    Rule,
    Scope,
    SectionKind,
    State,
    linked_repos,
)
from roadmap_bot.core.rules.evaluate import extra_wanted, rule_check_keys, rule_checks
from roadmap_bot.core.rules.syntax import WHOLE_REPO, whole_repo_name
from roadmap_bot.core.rules.verdicts import needs_verdict, rule_for
from roadmap_bot.errors import EvidenceError, OverBudget

Results = dict[str, CheckResult]
README_CHECK = "readme"  # the check a user's fingerprints change


@dataclass(frozen=True, slots=True)
class Collected:
    """Evidence for the evaluation, the commits it came from, and the updated cache."""

    evidence: dict[str, Results | RepoProblem]
    heads: dict[str, str]
    cache: dict[str, CachedEvidence]
    notes: dict[str, str] = field(default_factory=dict)  # repo → provider note (renamed, ...)
    fresh: tuple[str, ...] = ()  # repos read in this run (not served from the cache)


def known_heads(
    cache: Mapping[str, CachedEvidence],
    repos: Iterable[str],
    rules: Mapping[str, list[Rule]],
    *,
    known: str = "",
) -> dict[str, str]:
    """Heads whose cached results can be reused: same evidence version, every key a rule needs,
    and a README judged with the user's fingerprints of digest ``known`` (``Boilerplate``)."""
    heads: dict[str, str] = {}
    for repo in repos:
        cached = cache.get(repo)
        if cached is None or cached.version != EVIDENCE_VERSION:
            continue
        needed = needed_keys(rules.get(repo, []))
        if cached.known != known and reads_readme(needed):
            continue
        if covers(cached, needed):
            heads[repo] = cached.head
    return heads


def reads_readme(keys: Iterable[str]) -> bool:
    """Whether these results include the readme check's (the one the fingerprints change)."""
    return any((whole_repo_name(key) or key) == README_CHECK for key in keys)


def needed_keys(rules: Iterable[Rule]) -> frozenset[str]:
    """The result names these rules read: the checks a fresh read of the repo runs."""
    return frozenset().union(*(rule_check_keys(r) for r in rules))


def covers(cached: CachedEvidence, needed: Iterable[str]) -> bool:
    """Whether the cached results answer every name: a check that ran has a result; a
    technology that was looked for and not found has none, which is an answer too."""
    for key in needed:
        if key.startswith("uses:"):
            if cached.techs is not None and key[5:] not in cached.techs:
                return False
        elif key not in cached.results:
            return False
    return True


def wanted_extra(rules: Iterable[Rule]) -> Callable[[str], bool] | None:
    """One predicate for every file a ``contains:`` requirement needs to read."""
    predicates = [p for p in (extra_wanted(r) for r in rules) if p is not None]
    if not predicates:
        return None
    return lambda path: any(p(path) for p in predicates)


def collect(
    outcomes: Mapping[str, SnapshotOutcome],
    cache: Mapping[str, CachedEvidence],
    catalog: Catalog,
    rules: Mapping[str, list[Rule]],
    *,
    deadline: Callable[[], Expired] | None = None,
    boilerplate: Boilerplate = EMPTY,
) -> Collected:
    """Check every fresh snapshot, reuse cached results for unchanged repos, keep problems.

    ``deadline()`` starts a repo's check budget and returns what the checks ask; a repo whose
    checks outlast it, or that its provider could not read in time (``TooLarge``), gets
    "too large to check" results, cached by its head like any other."""
    evidence: dict[str, Results | RepoProblem] = {}
    heads: dict[str, str] = {}
    new_cache = dict(cache)
    notes: dict[str, str] = {}
    fresh: list[str] = []
    for repo, outcome in outcomes.items():
        if isinstance(outcome, RepoProblem):
            evidence[repo] = outcome
        elif isinstance(outcome, Unchanged):
            try:
                evidence[repo] = results_from_json(cache[repo].results)
            except (KeyError, EvidenceError):
                evidence[repo] = RepoProblem(
                    repo, "error", f"{repo}: cached evidence unreadable; the next run re-reads it"
                )
                new_cache.pop(repo, None)
                continue
            heads[repo] = outcome.head
        elif isinstance(outcome, (RepoSnapshot, TooLarge)):
            needed = needed_keys(rules.get(repo, []))
            if isinstance(outcome, TooLarge):
                results = too_large_results(repo, outcome.reason, needed)
            else:
                results = _checked(
                    outcome, catalog, rules.get(repo, []), needed, deadline, boilerplate
                )
                if outcome.note:
                    notes[repo] = outcome.note
            evidence[repo] = results
            fresh.append(repo)
            if outcome.head:
                heads[repo] = outcome.head
                scope = tech_scope(needed, catalog)
                new_cache[repo] = CachedEvidence(
                    outcome.head,
                    results_to_json(results),
                    EVIDENCE_VERSION,
                    None if scope is None else tuple(sorted(scope)),
                    known=boilerplate.digest if reads_readme(needed) else "",
                )
    return Collected(evidence, heads, new_cache, notes, tuple(fresh))


def _checked(
    snapshot: RepoSnapshot,
    catalog: Catalog,
    rules: list[Rule],
    needed: frozenset[str],
    deadline: Callable[[], Expired] | None,
    boilerplate: Boilerplate,
) -> Results:
    """Only what the rules read; "too large to check" results once the budget is spent."""
    try:
        return check_snapshot(
            snapshot,
            catalog,
            rules,
            only=needed,
            expired=deadline() if deadline else None,
            boilerplate=boilerplate,
        )
    except OverBudget:
        return too_large_results(
            snapshot.repo, "checking it took longer than its time budget", needed
        )


def too_large_results(repo: str, why: str, needed: frozenset[str]) -> Results:
    """``too_large`` results, a whole-repo name (``tests~whole``) worded as its check's."""
    results = too_large(repo, why, {whole_repo_name(n) or n for n in needed})
    for name in needed:
        plain = whole_repo_name(name)
        if plain is not None:
            results[name] = results[plain]
    return {n: r for n, r in results.items() if n in needed}


def check_snapshot(
    snapshot: RepoSnapshot,
    catalog: Catalog,
    rules: Iterable[Rule],
    *,
    only: frozenset[str] | None = None,
    expired: Expired | None = None,
    boilerplate: Boilerplate = EMPTY,
) -> Results:
    """The checks (``only`` these names; None: every one) and the rules' own (path, contains,
    demo URL) over one snapshot; OverBudget once ``expired()`` says the budget is spent.
    ``boilerplate``: the user's own known templates (``run_checks``).

    A rule with ``own_work: false`` reads results of the whole repo (``tests~whole``): for a
    fork or a generated repo they are the checks run again without its origin, only when some
    rule asks for them; for any other repo they are the same results."""
    rules = list(rules)
    asked = only if only is not None else needed_keys(r for r in rules if not r.own_work)
    whole = frozenset(n for n in map(whole_repo_name, asked) if n is not None)
    plain = None if only is None else frozenset(k for k in only if whole_repo_name(k) is None)
    if plain is not None and snapshot.origin is None:
        plain |= whole  # the same results: computed once
    results = (
        {}
        if plain == frozenset()
        else run_checks(snapshot, catalog, only=plain, expired=expired, boilerplate=boilerplate)
    )
    if whole:
        source = results
        if snapshot.origin is not None:
            without = replace(snapshot, origin=None)
            source = run_checks(
                without, catalog, only=whole, expired=expired, boilerplate=boilerplate
            )
        results.update((key + WHOLE_REPO, source[key]) for key in sorted(whole) if key in source)
    for rule in rules:
        if expired is not None and expired():
            raise OverBudget("rules")
        results.update(rule_checks(snapshot, rule))
    return results


def rules_by_repo(roadmap: Roadmap, state: State) -> dict[str, list[Rule]]:
    """Repo → the rules that read it (for rule-specific checks and the files they need)."""
    out: dict[str, list[Rule]] = {}
    for phase in roadmap.phases:
        project_repos = [
            repo
            for section in phase.sections
            if section.kind is SectionKind.PROJECT
            for item in section.items
            for repo in linked_repos(item, state)
        ]
        for item in phase.items:
            rule = rule_for(item)
            if rule is None or not needs_verdict(item, state):
                continue
            repos = (
                project_repos if rule.scope is Scope.TICKED_PROJECTS else linked_repos(item, state)
            )
            for repo in repos:
                bucket = out.setdefault(repo, [])
                if rule not in bucket:
                    bucket.append(rule)
    return out
