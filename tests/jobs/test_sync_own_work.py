"""Issue #18 done-when, on the fake GitHub: a fork (or a repo generated from a template) ticks
only on the learner's own work; ``own_work: false`` judges it whole; a warm run costs nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from roadmap_bot.cli import main
from tests.fakegithub import FakeGitHub
from tests.support.markers import find_item_marker

ROADMAP = """\
version: 1
title: Course
phases:
  - id: phase0
    title: Projects
    sections:
      - title: Projects
        kind: project
        items:
          - id: titanic
            title: "Project: Titanic"
            repos: [ada/titanic]
"""
README = "# Me\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n"
COURSE_PROSE = (
    "This starter trains and evaluates a model on the Titanic data, with a clear write-up of "
    "every step for the students of the course. "
) * 3
WORKFLOW = (
    "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - run: pytest\n"
)
# A course's starter that passes every check of a project item on its own.
STARTER = {
    "README.md": f"# Titanic starter\n\n{COURSE_PROSE}\n",
    "requirements.txt": "pandas\nscikit-learn\nmlflow\n",
    "train.py": "import mlflow\n",
    "tests/test_train.py": "def test_it():\n    assert 1\n",
    "tests/test_data.py": "def test_data():\n    assert 1\n",
    "tests/test_model.py": "def test_model():\n    assert 1\n",
    ".github/workflows/ci.yml": WORKFLOW,
}
LEARNER_SECTION = (
    "\n## What I did\n\n"
    + "I engineered family-size and cabin-deck features, tuned a gradient boosting model with "
    "five-fold cross-validation, and wrote up why the deck feature mattered less than I hoped. " * 2
)
# The learner's own work on top: a README section, one new test, a workflow of their own.
LEARNERS = {
    "README.md": STARTER["README.md"] + LEARNER_SECTION,
    "tests/test_features.py": "def test_family_size():\n    assert 2 + 1 == 3\n",
    ".github/workflows/lint.yml": WORKFLOW.replace("pytest", "ruff check . && pytest"),
}


@pytest.fixture
def env(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo("ada/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": README})
    fake_github.add_repo("course/titanic", files=STARTER)
    workflow_env("ada/roadmap")
    yield fake_github


def state_of(fake: FakeGitHub) -> dict:
    return json.loads(fake.files("ada/roadmap")["roadmap.state.json"])


def test_the_starter_itself_ticks(env: FakeGitHub) -> None:
    env.commit("ada/roadmap", {"roadmap.yaml": ROADMAP.replace("ada/titanic", "course/titanic")})
    assert main(["sync"]) == 0
    assert "phase0.titanic" in state_of(env)["ticks"]


@pytest.mark.parametrize("how", ["fork", "template"])
def test_an_unchanged_fork_or_generated_repo_ticks_nothing_and_says_why(
    env: FakeGitHub, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if how == "fork":
        env.fork_repo("course/titanic", "ada/titanic")
    else:
        env.generate_repo("course/titanic", "ada/titanic")
    assert main(["sync"]) == 0
    assert "phase0.titanic" not in state_of(env)["ticks"]
    (why,) = [x for x in capsys.readouterr().out.splitlines() if "not yet phase0.titanic" in x]
    whose = "parent" if how == "fork" else "template"
    assert f"the 3 test files are the {whose}'s (course/titanic), unchanged" in why
    assert f"the CI file is the {whose}'s (course/titanic), unchanged" in why
    assert f"the 2 files that name a tracker are the {whose}'s (course/titanic), unchanged" in why
    assert "course/titanic's README" in why  # the readme check subtracts the origin's README
    assert "phase0.titanic" in [find_item_marker(i.get("body")) for i in env.issues("ada/roadmap")]


@pytest.mark.parametrize("how", ["fork", "template"])
def test_the_learners_own_readme_section_test_and_workflow_tick_it(
    env: FakeGitHub, how: str
) -> None:
    if how == "fork":
        env.fork_repo("course/titanic", "ada/titanic")
    else:
        env.generate_repo("course/titanic", "ada/titanic")
    env.commit("ada/titanic", LEARNERS, author="ada")
    assert main(["sync"]) == 0
    tick = state_of(env)["ticks"]["phase0.titanic"]
    assert tick["repo"] == "ada/titanic" and tick["commit"] == env.head("ada/titanic")
    assert {"readme", "tests"} <= set(tick["checks"])
    assert "ci" in tick["checks"]


def test_own_work_false_on_the_item_judges_the_fork_whole(env: FakeGitHub) -> None:
    env.fork_repo("course/titanic", "ada/titanic")
    yaml = ROADMAP.replace(
        "repos: [ada/titanic]", "repos: [ada/titanic]\n            own_work: false"
    )
    env.commit("ada/roadmap", {"roadmap.yaml": yaml})
    assert main(["sync"]) == 0
    assert "phase0.titanic" in state_of(env)["ticks"]


def test_own_work_false_on_the_rule_judges_the_fork_whole(env: FakeGitHub) -> None:
    env.generate_repo("course/titanic", "ada/titanic")
    rule = "\n            rule: {require: [tests, ci], own_work: false}"
    yaml = ROADMAP.replace("repos: [ada/titanic]", "repos: [ada/titanic]" + rule)
    env.commit("ada/roadmap", {"roadmap.yaml": yaml})
    assert main(["sync"]) == 0
    assert "phase0.titanic" in state_of(env)["ticks"]


def test_a_warm_run_costs_no_extra_request(env: FakeGitHub) -> None:
    env.fork_repo("course/titanic", "ada/titanic")
    assert main(["sync"]) == 0
    cold = [r.operation for r in env.requests if r.operation == "RoadmapTrees"]
    assert len(cold) == 2  # the linked repo's tree, then its parent's: one query each
    env.reset_requests()
    assert main(["sync"]) == 0
    assert [r for r in env.requests if r.is_write] == []
    assert sum(r.operation == "RoadmapHeads" for r in env.requests) == 1
    assert not any(r.operation in ("RoadmapTrees", "RoadmapTexts") for r in env.requests)
    assert len(env.requests) <= 5  # as for a repo that is no fork (test_sync_github)


def test_whole_repo_results_are_cached_too_a_warm_run_reads_nothing(env: FakeGitHub) -> None:
    env.fork_repo("course/titanic", "ada/titanic")
    yaml = ROADMAP.replace(
        "repos: [ada/titanic]", "repos: [ada/titanic]\n            own_work: false"
    )
    env.commit("ada/roadmap", {"roadmap.yaml": yaml})
    assert main(["sync"]) == 0
    cached = state_of(env)["evidence"]["ada/titanic"]["results"]
    assert {"readme~whole", "tests~whole"} <= set(cached) and "tests" not in cached
    env.reset_requests()
    assert main(["sync"]) == 0
    assert not any(r.operation in ("RoadmapTrees", "RoadmapTexts") for r in env.requests)
    assert [r for r in env.requests if r.is_write] == []


def test_a_parent_that_moves_while_the_fork_does_not_costs_nothing_and_changes_nothing(
    env: FakeGitHub,
) -> None:
    env.fork_repo("course/titanic", "ada/titanic")
    assert main(["sync"]) == 0
    before = state_of(env)["evidence"]["ada/titanic"]
    env.commit("course/titanic", {"tests/test_data.py": "def test_data():\n    assert 2\n"})
    env.reset_requests()
    assert main(["sync"]) == 0
    assert not any(r.operation in ("RoadmapTrees", "RoadmapTexts") for r in env.requests)
    assert state_of(env)["evidence"]["ada/titanic"] == before  # cached by the fork's HEAD
