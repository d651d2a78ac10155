"""Every corpus repo through both providers and the CLI: pass/fail and the reason's key words."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.adapters.evidence.git import GitUrlProvider
from roadmap_bot.adapters.evidence.local import LocalDirProvider
from roadmap_bot.cli import main
from roadmap_bot.core.evidence.engine import CheckResult, run_checks, tech_scope
from roadmap_bot.core.evidence.snapshot import ProblemKind, RepoProblem, RepoSnapshot
from tests.evidence.corpus import CASES, GOOD_README, PY_TEST, Case
from tests.evidence.repos import BIG_FILES, big_tree, git, make_git_repo, write_tree

PROVIDERS = ("local", "git", "cli")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each case as a plain directory and as a git repo (file:// URL), made once."""
    base = tmp_path_factory.mktemp("corpus")
    made = {}
    for case in CASES:
        plain = write_tree(base / "plain" / case.name, case.files)
        url = make_git_repo(base / "git" / case.name, case.files)
        made[case.name] = (plain, url)
    return made


@pytest.fixture(scope="module")
def git_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("git-cache")


def from_check_json(d: dict[str, Any]) -> CheckResult:
    """One result of ``check --json`` (check-result.schema.json) as a CheckResult: the reason
    is given there without the check's name in front, the status as a word."""
    return CheckResult(
        d["name"],
        d["passed"],
        tuple(d["paths"]),
        f"{d['name']}: {d['reason']}",
        unknown=d["status"] == "unknown",
    )


def results_via(provider: str, plain: Path, url: str, cache: Path) -> dict[str, CheckResult]:
    """Run every check on a repo through the named provider (or the CLI's JSON output)."""
    if provider == "cli":
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["check", str(plain), "--json"])
        assert code == 0
        data = json.loads(out.getvalue())
        results = {n: from_check_json(d) for n, d in data["checks"].items()}
        results.update({f"uses:{n}": from_check_json(d) for n, d in data["technologies"].items()})
        return results
    if provider == "local":
        outcome = LocalDirProvider(plain.parent).fetch([plain.name], known_heads={})[plain.name]
    else:
        outcome = GitUrlProvider(cache, allow_local=True).fetch([url], known_heads={})[url]
    assert isinstance(outcome, RepoSnapshot), outcome
    return run_checks(outcome, shipped_catalog())


@pytest.fixture(scope="module")
def routed(
    corpus: dict[str, tuple[Path, str]], git_cache: Path
) -> dict[tuple[str, str], dict[str, CheckResult]]:
    """Every case's results through every route, computed once for the module."""
    return {
        (case.name, provider): results_via(provider, *corpus[case.name], git_cache)
        for case in CASES
        for provider in PROVIDERS
    }


def assert_case(case: Case, results: dict[str, CheckResult]) -> None:
    for check, (passed, words) in case.expect.items():
        result = results[check]
        assert result.passed is passed, f"{case.name}: {result.reason}"
        for word in words:
            assert word in result.reason, f"{case.name}: {word!r} not in {result.reason!r}"
    detected = {n.removeprefix("uses:") for n in results if n.startswith("uses:")}
    assert case.techs <= detected, f"{case.name}: missing {case.techs - detected}"
    assert not (case.not_techs & detected), f"{case.name}: wrongly {case.not_techs & detected}"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus_case_is_judged_as_a_careful_reviewer_would(
    case: Case, provider: str, routed: dict[tuple[str, str], dict[str, CheckResult]]
) -> None:
    assert_case(case, routed[case.name, provider])


def test_the_three_routes_agree_on_every_result(
    routed: dict[tuple[str, str], dict[str, CheckResult]],
) -> None:
    for case in CASES:
        local, via_git, via_cli = (routed[case.name, p] for p in PROVIDERS)
        assert local == via_git == via_cli, case.name


def test_an_empty_repo_is_a_problem_that_says_so_for_both_providers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    url = make_git_repo(tmp_path / "empty-git", {})
    local = LocalDirProvider(tmp_path).fetch(["empty"], known_heads={})["empty"]
    remote = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch([url], known_heads={})[url]
    for outcome in (local, remote):
        assert isinstance(outcome, RepoProblem)
        assert outcome.kind is ProblemKind.EMPTY
        assert "empty" in outcome.reason or "no files" in outcome.reason
    assert main(["check", str(tmp_path / "empty")]) == 1
    assert "no files" in capsys.readouterr().err


BIG_REAL = {
    "README.md": GOOD_README,
    "requirements.txt": "mlflow\nscikit-learn\n",
    "deep/a/b/c/tests/test_deep.py": PY_TEST,
    ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest\n",
}


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = big_tree(tmp_path_factory.mktemp("big") / "tree", BIG_REAL)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "uploadpack.allowFilter", "true")
    git(root, "config", "uploadpack.allowAnySHA1InWant", "true")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "big")
    return root, root.resolve().as_uri()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_100k_file_tree_is_checked_whole_and_reads_only_the_wanted_texts(
    provider: str,
    big_repo: tuple[Path, str],
    git_cache: Path,
) -> None:
    root, url = big_repo
    results = results_via(provider, root, url, git_cache)
    assert results["readme"].passed
    assert results["tests"].passed and "deep/a/b/c/tests/" in results["tests"].reason
    assert results["ci"].passed and results["mlflow"].passed
    assert "uses:scikit-learn" in results


def test_the_100k_tree_snapshot_lists_every_file_and_reads_each_wanted_file_once(
    big_repo: tuple[Path, str],
) -> None:
    root, _ = big_repo
    provider = LocalDirProvider(root.parent)
    snapshot = provider.fetch([root.name], known_heads={})[root.name]
    assert isinstance(snapshot, RepoSnapshot)
    assert len(snapshot.paths) == BIG_FILES
    assert len(provider.reads) == len(set(provider.reads)) <= 10
    assert set(BIG_REAL) <= set(snapshot.texts)


ONLY = (
    frozenset({"readme", "tests", "ci", "mlflow"}),  # the default project rule
    frozenset({"tracking", "uses:pytorch", "uses:fastapi"}),
    frozenset({"docker", "license", "uses:jupyter", "uses:dvc", "uses:terraform"}),
    frozenset(),
)


@pytest.mark.parametrize("only", ONLY, ids=lambda o: ",".join(sorted(o)) or "nothing")
def test_running_only_the_checks_a_rule_reads_gives_those_results_of_a_full_run(
    corpus: dict[str, tuple[Path, str]], only: frozenset[str]
) -> None:
    catalog = shipped_catalog()
    for case in CASES:
        plain, _ = corpus[case.name]
        outcome = LocalDirProvider(plain.parent).fetch([plain.name], known_heads={})[plain.name]
        assert isinstance(outcome, RepoSnapshot), outcome
        full = run_checks(outcome, catalog)
        partial = run_checks(outcome, catalog, only=only)
        scope = tech_scope(only, catalog)
        assert scope is not None
        asked = {k for k in full if k in only or (k.startswith("uses:") and k[5:] in scope)}
        if "tracking" in only:
            asked |= {"mlflow", "wandb"}
        assert partial == {k: full[k] for k in sorted(asked)}, case.name
