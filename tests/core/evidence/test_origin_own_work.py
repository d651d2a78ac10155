"""The learner's part of a fork or a generated repo: files byte for byte the origin's (same blob
id at the same path) do not count for tests, CI, tracking or Docker; ``own_work: false`` reads
results of the whole repo, computed without the origin only when a rule asks for them."""

from __future__ import annotations

import hashlib

import pytest

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.engine import run_checks
from roadmap_bot.core.evidence.facts import build_facts, inherited_paths
from roadmap_bot.core.evidence.snapshot import FileKind, Origin, RepoSnapshot, TooLarge
from roadmap_bot.core.model import Check, Rule
from roadmap_bot.core.rules.collect import check_snapshot, collect, needed_keys
from roadmap_bot.core.rules.evaluate import describe, evaluate, rule_check_keys
from roadmap_bot.core.rules.syntax import parse_rule, validate_rule

CATALOG = shipped_catalog()
WORKFLOW = "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
STARTER = {
    "README.md": "# Starter\n",
    "requirements.txt": "mlflow\n",
    "train.py": "import mlflow\n",
    "tests/test_a.py": "def test_a():\n    assert 1\n",
    "tests/test_b.py": "def test_b():\n    assert 1\n",
    ".github/workflows/ci.yml": WORKFLOW,
    "Dockerfile": "FROM python:3.11\n",
}


def oid(text: str) -> str:
    data = text.encode()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def snapshot(
    files: dict[str, str], *, origin: dict[str, str] | None, kind: str = "fork"
) -> RepoSnapshot:
    blobs = {p: oid(t) for p, t in files.items()}
    theirs = None
    if origin is not None:
        mine = {p: oid(t) for p, t in origin.items() if p in files}
        theirs = Origin(kind, "course/starter", "c0ffee", mine, origin.get("README.md"))
    return RepoSnapshot(
        "ada/starter", "abc", tuple(sorted(files)), dict(files), blobs=blobs, origin=theirs
    )


def test_files_with_the_origins_blob_id_are_inherited_others_are_the_learners() -> None:
    files = {**STARTER, "train.py": "import mlflow\nmlflow.log_metric('x', 1)\n", "new.py": ""}
    snap = snapshot(files, origin=STARTER)
    assert inherited_paths(snap) == frozenset(STARTER) - {"train.py"}
    facts = build_facts(snap)
    assert "tests/test_a.py" not in facts.own and "new.py" in facts.own
    assert facts.of_kind(FileKind.CI) == () and facts.of_kind(FileKind.DOCKER) == ()
    assert facts.of_kind(FileKind.README) == ("README.md",)  # the readme check judges its prose
    assert set(facts.code) == {"new.py", "train.py"}
    assert facts.deps == ()  # requirements.txt is the origin's


def test_without_an_origin_or_blob_ids_every_file_is_the_learners() -> None:
    assert inherited_paths(snapshot(STARTER, origin=None)) == frozenset()
    bare = RepoSnapshot("x", "abc", tuple(sorted(STARTER)), dict(STARTER))
    assert inherited_paths(bare) == frozenset()
    facts = build_facts(snapshot(STARTER, origin=None))
    assert facts.inherited == () and "tests/test_a.py" in facts.own


@pytest.mark.parametrize(("kind", "whose"), [("fork", "parent"), ("template", "template")])
def test_an_unchanged_copy_fails_tests_ci_and_tracking_saying_whose_files_they_are(
    kind: str, whose: str
) -> None:
    results = run_checks(snapshot(STARTER, origin=STARTER, kind=kind), CATALOG)
    assert not results["tests"].passed
    assert results["tests"].reason.endswith(
        f"; the 2 test files are the {whose}'s (course/starter), unchanged"
    )
    assert not results["ci"].passed
    assert results["ci"].reason.endswith(
        f"; the CI file is the {whose}'s (course/starter), unchanged"
    )
    assert not results["tracking"].passed
    assert f"the 2 files that name a tracker are the {whose}'s" in results["tracking"].reason
    assert not results["docker"].passed


def test_the_learners_own_test_and_workflow_pass() -> None:
    files = {
        **STARTER,
        "tests/test_mine.py": "def test_mine():\n    assert 2\n",
        ".github/workflows/mine.yml": WORKFLOW.replace("pytest", "pytest -q"),
    }
    results = run_checks(snapshot(files, origin=STARTER), CATALOG)
    assert results["tests"].passed and results["tests"].paths == ("tests/test_mine.py",)
    assert results["ci"].passed and results["ci"].paths == (".github/workflows/mine.yml",)


def test_own_work_false_parses_on_a_rule_and_is_validated() -> None:
    rule = parse_rule({"require": ["tests"], "own_work": False}, CATALOG)
    assert rule.own_work is False and rule_check_keys(rule) == {"tests~whole"}
    assert parse_rule({"require": ["tests"]}, CATALOG).own_work is True
    problems = validate_rule({"require": ["tests"], "own_work": "no"}, CATALOG)
    assert [p.message for p in problems] == ["own_work must be true or false"]


def test_own_work_false_reads_whole_repo_results_computed_without_the_origin() -> None:
    snap = snapshot(STARTER, origin=STARTER)
    whole = Rule((Check("tests"), Check("ci")), own_work=False)
    mine = Rule((Check("tests"),))
    results = check_snapshot(snap, CATALOG, [whole, mine], only=needed_keys([whole, mine]))
    assert set(results) == {"tests", "tests~whole", "ci~whole"}
    assert not results["tests"].passed and results["tests~whole"].passed
    assert evaluate("x", whole, {"ada/starter": results}).passed
    assert not evaluate("x", mine, {"ada/starter": results}).passed


def test_without_an_origin_whole_repo_results_are_the_same_results_computed_once() -> None:
    snap = snapshot(STARTER, origin=None)
    whole = Rule((Check("tests"),), own_work=False)
    results = check_snapshot(snap, CATALOG, [whole], only=needed_keys([whole]))
    assert results["tests~whole"] == results["tests"]
    everything = check_snapshot(snap, CATALOG, [whole])  # ``check`` runs every check
    assert everything["tests~whole"].passed and "ci" in everything


def test_an_unchanged_notebook_of_the_origin_is_not_the_learners() -> None:
    notebook = '{"cells": [{"cell_type": "code", "source": ["import pandas"]}]}'
    files = {**STARTER, "eda.ipynb": notebook}
    results = run_checks(snapshot(files, origin=files), CATALOG, only=["notebook"])
    assert not results["notebook"].passed
    assert results["notebook"].reason.endswith(
        "; the notebook is the parent's (course/starter), unchanged"
    )
    assert run_checks(snapshot(files, origin=STARTER), CATALOG, only=["notebook"])[
        "notebook"
    ].passed


def test_an_unchanged_dockerfile_of_the_origin_is_not_the_learners_and_says_so() -> None:
    results = run_checks(snapshot(STARTER, origin=STARTER), CATALOG, only=["docker"])
    assert not results["docker"].passed
    assert results["docker"].reason.endswith(
        "; the Docker file is the parent's (course/starter), unchanged"
    )
    own = {**STARTER, "Dockerfile": "FROM python:3.12\nRUN pip install -r requirements.txt\n"}
    assert run_checks(snapshot(own, origin=STARTER), CATALOG, only=["docker"])["docker"].passed


def test_an_own_work_false_rule_says_it_counts_the_shared_files() -> None:
    plain = Rule((Check("tests"),))
    whole = Rule((Check("tests"),), own_work=False)
    assert "forked or generated" not in describe(plain)
    assert describe(whole) == describe(plain) + (
        " (counting the files it shares unchanged with the repo it was forked or generated from)"
    )


def test_a_repo_too_large_to_check_words_whole_repo_results_as_their_checks() -> None:
    whole = Rule((Check("tests"),), own_work=False)
    outcome = TooLarge("ada/big", "abc", "reading it took longer than 20 s")
    found = collect({"ada/big": outcome}, {}, CATALOG, {"ada/big": [whole]})
    results = found.evidence["ada/big"]
    assert isinstance(results, dict) and set(results) == {"tests~whole"}
    assert results["tests~whole"].reason.startswith("tests: ada/big is too large to check")
    assert results["tests~whole"].unknown
