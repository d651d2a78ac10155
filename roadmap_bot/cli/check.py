"""``roadmap-bot check TARGET``: every evidence check and detected technology, with reasons."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.adapters.evidence.router import entry_for
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.core.evidence.engine import (
    TOO_LARGE,
    CheckResult,
)
from roadmap_bot.core.evidence.fingerprints import (
    EMPTY,
    USER_FILE,
    USER_FILE_MAX_BYTES,
    Boilerplate,
    user_boilerplate,
)
from roadmap_bot.core.evidence.registry import check_names
from roadmap_bot.core.evidence.snapshot import (
    TIME_BUDGET,
    ProblemKind,
    RepoProblem,
    RepoSnapshot,
    SnapshotProvider,
    TooLarge,
    Wanted,
)
from roadmap_bot.core.evidence.techs import Catalog
from roadmap_bot.core.model import Rule, RuleError
from roadmap_bot.core.repos import REPO_HELP, RepoKind, RepoRef, parse_repo
from roadmap_bot.core.rules.collect import check_snapshot, too_large_results
from roadmap_bot.core.rules.evaluate import describe, evaluate, extra_wanted, rule_check_keys
from roadmap_bot.core.rules.syntax import parse_rule, whole_repo_name
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.errors import EvidenceError, OverBudget, UsageError
from roadmap_bot.jobs.reading import deadline_after

if TYPE_CHECKING:
    from roadmap_bot.adapters.github.http import Transport

EPILOG = (
    "exit codes: 0 the checks ran (and the --rule holds, when given); 1 the --rule does not "
    "hold, or the repo could not be read (or was too large to check in time); 2 bad input (target, rule, or a path/URL that "
    "does not exist)"
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        help="show the evidence found in a repo (local path or git URL)",
        description="Run every evidence check on a repo and list the technologies it uses, "
        "each with the reason; with --rule, evaluate that rule too.",
        epilog=EPILOG,
    )
    parser.add_argument("target", help=f"the repo: {REPO_HELP}")
    parser.add_argument(
        "--rule",
        metavar="YAML",
        help="a rule as in roadmap.yaml, e.g. '[readme, tests, {any: [tracking, ci]}]'",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="where git URLs are cloned (default: $ROADMAP_BOT_CACHE_DIR/git, else "
        "$XDG_CACHE_HOME/roadmap-bot/git)",
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=TIME_BUDGET,
        metavar="SECONDS",
        help=f"give up reading, and again checking, the repo after this long and report it "
        f"as too large to check (default: {TIME_BUDGET:g})",
    )
    parser.add_argument(
        "--boilerplate",
        type=Path,
        default=None,
        metavar="FILE",
        help="your own template fingerprints (made by `roadmap-bot fingerprints`; a sync reads "
        f"{USER_FILE} next to roadmap.yaml): README text they hold is not the author's",
    )
    parser.set_defaults(handler=run)


def target_ref(target: str) -> RepoRef:
    """Parse TARGET; an existing folder always counts as a local path, even when its name
    also reads as ``owner/name`` (``projects/mnist``): what is on this machine wins."""
    ref = parse_repo(target)
    typed = target.strip()
    short = ref is None or (ref.kind is RepoKind.GITHUB and ref.value == typed)
    if short and typed and Path(typed).is_dir():
        return RepoRef(RepoKind.LOCAL, typed)
    if ref is None:
        raise UsageError(f"'{target}' is not a repo reference: {REPO_HELP}")
    return ref


def has_token() -> bool:
    """Whether the environment holds a GitHub token (GITHUB_TOKEN, GH_TOKEN, ...)."""
    from roadmap_bot.adapters.github import GitHubConfig

    return bool(GitHubConfig.from_env(os.environ).token)


def anonymous_ref(target: str, ref: RepoRef) -> RepoRef | None:
    """A github.com URL typed without a token in the environment: read it by git, as any
    public repo can be (None when ``ref`` is not such a URL, or a token is set)."""
    typed = target.strip()
    if ref.kind is not RepoKind.GITHUB or ref.value == typed or has_token():
        return None
    return RepoRef(RepoKind.GIT, typed)


def default_cache_dir() -> Path:
    """Where ``check`` clones git URLs: where ``sync`` does (``evidence.setup.git_cache_dir``)."""
    from roadmap_bot.adapters.evidence.setup import git_cache_dir

    return git_cache_dir(os.environ)


def provider_for(
    ref: RepoRef, *, cache_dir: Path | None = None, budget: float | None = TIME_BUDGET
) -> SnapshotProvider:
    """The provider the router's table (``adapters/evidence/router.ENTRIES``) has for ``ref``.

    A git URL given to ``check`` is one the user typed: any host, ``file://`` and internal
    addresses are read (links in a roadmap are held to the host list: ``evidence_git``)."""
    found = entry_for(ref)
    if found is None:
        raise UsageError(f"{ref.value}: not a repo reference; {REPO_HELP}")
    entry = found[0]
    setup = Setup(
        base_dir=Path.cwd(),
        git_cache=cache_dir or default_cache_dir(),
        hosts=None,
        allow_local=True,
        budget=budget,
        connect=lambda: github_connection(ref),
    )
    provider = entry.build(setup)
    if provider is None:
        raise UsageError(entry.unavailable.format(repo=ref.value))
    return provider


def github_connection(ref: RepoRef) -> Transport:
    """A connection to GitHub with the token from the environment (to read ``ref`` there)."""
    from roadmap_bot.adapters.github import GitHubConfig, mask_token
    from roadmap_bot.adapters.github.http import Transport

    config = GitHubConfig.from_env(os.environ)
    if not config.token:
        raise UsageError(
            f"checking {ref.value} on GitHub needs a token: set GITHUB_TOKEN (or GH_TOKEN); "
            f"a public repo can be checked by its URL without one "
            f"(roadmap-bot check https://github.com/{ref.value})"
        )
    mask_token(config)
    return Transport(config)


def parse_rule_option(text: str, catalog: Catalog) -> Rule:
    """Read ``--rule``: YAML text, validated against the checks and the catalog."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"--rule is not valid YAML: {' '.join(str(exc).split())}") from exc
    try:
        rule = parse_rule(raw, catalog)
    except RuleError as exc:
        lines = [f"{'.'.join(map(str, p.path)) or 'rule'}: {p.message}" for p in exc.problems]
        raise UsageError("--rule is invalid:\n  " + "\n  ".join(lines)) from None
    if rule.manual:
        raise UsageError("--rule manual never ticks automatically; give requirements to check")
    return rule


def snapshot_of(
    ref: RepoRef,
    provider: SnapshotProvider,
    extra: Wanted | None = None,
    *,
    anonymous: bool = False,
) -> RepoSnapshot | TooLarge:
    """The repo's snapshot; ``anonymous``: a github.com URL read by git without a token, which
    GitHub answers for a private repo as for a missing one."""
    outcome = provider.fetch([ref.value], known_heads={}, extra=extra)[ref.value]
    if anonymous and isinstance(outcome, RepoProblem) and outcome.kind in _UNREADABLE:
        raise UsageError(
            f"{ref.shown}: not readable without a token: if the repo is private, set "
            f"GITHUB_TOKEN (or GH_TOKEN) to a token that can read it and run this again; "
            f"if it is public, check the URL"
        )
    if isinstance(outcome, RepoProblem):
        if outcome.kind is ProblemKind.MISSING:
            raise UsageError(outcome.reason)
        raise EvidenceError(outcome.reason)
    if not isinstance(outcome, (RepoSnapshot, TooLarge)):  # Unchanged needs known heads
        raise EvidenceError(f"{ref.value}: the provider returned no snapshot")
    return outcome


_UNREADABLE = (ProblemKind.NO_ACCESS, ProblemKind.MISSING)


def run(args: argparse.Namespace) -> int:
    catalog = shipped_catalog()
    ref = target_ref(args.target)
    rule = parse_rule_option(args.rule, catalog) if args.rule is not None else None
    extra = extra_wanted(rule) if rule else None
    budget = getattr(args, "time_budget", TIME_BUDGET)
    known = _boilerplate(getattr(args, "boilerplate", None))  # a bad file fails before any read
    anonymous = anonymous_ref(args.target, ref)
    provider = provider_for(anonymous or ref, cache_dir=args.cache_dir, budget=budget)
    outcome = snapshot_of(anonymous or ref, provider, extra, anonymous=anonymous is not None)
    results: dict[str, CheckResult] = {}
    large = outcome.reason if isinstance(outcome, TooLarge) else None
    if isinstance(outcome, RepoSnapshot):
        try:
            rules = [rule] if rule is not None else []
            results = check_snapshot(
                outcome,
                catalog,
                rules,
                expired=deadline_after(budget),
                boilerplate=known,
            )
        except OverBudget:
            large = f"checking it took longer than {budget:g} s"
    snapshot = outcome if isinstance(outcome, RepoSnapshot) else None
    if large is not None or snapshot is None:
        snapshot = RepoSnapshot(ref.value, outcome.head, (), {}, note=TOO_LARGE)
        names = {*check_names(), *(rule_check_keys(rule) if rule is not None else ())}
        names |= {whole_repo_name(n) or n for n in names}  # shown once (``_distinct``)
        results = too_large_results(ref.value, large or TOO_LARGE, frozenset(names))
    verdict = None
    if rule is not None:
        heads = {ref.value: snapshot.head} if snapshot.head else {}
        verdict = evaluate(ref.value, rule, {ref.value: results}, heads=heads)
    if args.json:
        print(json.dumps(_as_json(snapshot, results, rule, verdict), indent=2, ensure_ascii=False))
    else:
        print(_as_text(snapshot, results, rule, verdict))
    if large is not None:
        return 1  # the repo could not be read (in time)
    return 1 if verdict is not None and not verdict.passed else 0


def _boilerplate(path: Path | None) -> Boilerplate:
    """The fingerprints of ``--boilerplate FILE`` (EMPTY without it)."""
    if path is None:
        return EMPTY
    try:
        with path.open("rb") as handle:
            raw = handle.read(USER_FILE_MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"--boilerplate {path}: {exc.strerror or exc}") from exc
    return user_boilerplate(raw, str(path))


CHECK_JSON_VERSION = 1  # roadmap_bot/data/check-result.schema.json; docs/USAGE.md § check


def _as_json(
    snapshot: RepoSnapshot,
    results: dict[str, CheckResult],
    rule: Rule | None,
    verdict: Verdict | None,
) -> dict[str, Any]:
    """The shape ``check-result.schema.json`` describes (``version`` 1)."""
    results = _distinct(results)
    return {
        "version": CHECK_JSON_VERSION,
        "repo": snapshot.repo,
        "head": snapshot.head,
        "default_branch": snapshot.default_branch,
        "note": snapshot.note,
        "files": len(snapshot.paths),
        "checks": {n: _result_json(r) for n, r in results.items() if not n.startswith("uses:")},
        "technologies": {
            n.removeprefix("uses:"): _result_json(r)
            for n, r in results.items()
            if n.startswith("uses:")
        },
        "rule": describe(rule) if rule else None,
        "verdict": None if verdict is None else _verdict_json(verdict, snapshot.repo),
    }


def _distinct(results: dict[str, CheckResult]) -> dict[str, CheckResult]:
    """Without the whole-repo results (``own_work: false``) that say what the result of the
    learner's part says (any repo that is no fork nor generated from a template)."""
    return {
        n: r
        for n, r in results.items()
        if (plain := whole_repo_name(n)) is None or results.get(plain) != r
    }


def _result_json(result: CheckResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "status": result.status,
        "passed": result.passed,
        "paths": list(result.paths),
        "reason": result.because,
    }


def _verdict_json(verdict: Verdict, repo: str) -> dict[str, Any]:
    failed_checks = verdict.failed_checks or ("",) * len(verdict.failed)
    return {
        "passed": verdict.passed,
        "checks": list(verdict.checks),
        "reasons": [
            {"check": name, "reason": _sentence(text, name, repo)}
            for name, text in zip(verdict.checks, verdict.reasons, strict=False)
        ],
        "failed": [
            {"check": name, "reason": _sentence(text, name, repo)}
            for name, text in zip(failed_checks, verdict.failed, strict=False)
        ],
        "problem": verdict.problem,
    }


def _sentence(text: str, check: str, repo: str) -> str:
    """A verdict's sentence without the repo and check names in front (given beside it)."""
    return text.removeprefix(f"{repo}: ").removeprefix(f"{check}: ")


def _word(result: CheckResult | None) -> str:
    if result is None:
        return "FAIL"
    return {"pass": "pass", "fail": "FAIL", "unknown": "unknown"}[result.status]


def _as_text(
    snapshot: RepoSnapshot,
    results: dict[str, CheckResult],
    rule: Rule | None,
    verdict: Verdict | None,
) -> str:
    results = _distinct(results)
    head = (snapshot.head or "no commit")[:12]
    extra = f", {snapshot.note}" if snapshot.note else ""
    lines = [f"{snapshot.repo} @ {head} ({len(snapshot.paths)} files{extra})", "checks:"]
    for name, result in results.items():
        if not name.startswith("uses:"):
            lines.append(f"  {_word(result)}  {name}: {result.because}")
    techs = [r for n, r in results.items() if n.startswith("uses:")]
    lines.append(f"technologies: {len(techs) or 'none detected'}")
    lines += [f"  {r.name}: {r.because}" for r in techs]
    if rule is not None and verdict is not None:
        lines.append(f"rule: {describe(rule)}")
        lines.append(f"verdict: {'PASS' if verdict.passed else 'FAIL'}")
        lines += [f"  pass  {r}" for r in verdict.reasons]
        failed_checks = verdict.failed_checks or ("",) * len(verdict.failed)
        lines += [
            f"  {_word(results.get(name))}  {r}"
            for name, r in zip(failed_checks, verdict.failed, strict=False)
        ]
        if verdict.problem:
            lines.append(f"  {verdict.problem}")
    return "\n".join(lines)
