"""Issue #18, users' own fingerprints on the fake GitHub: a course's handout the learner copied
(no fork, no template) is not their prose once ``.github/roadmap-boilerplate.json`` (made by
``roadmap-bot fingerprints``) holds it; the file is read with roadmap.yaml, and changing it
re-checks repos whose HEAD did not move, once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.evidence import fingerprints as fp
from roadmap_bot.core.evidence.checks.readme import readme_words
from tests.fakegithub import FakeGitHub

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
          - id: houses
            title: "Project: House prices"
            repos: [ada/houses]
            rule: {require: [readme, tests]}
"""
README = "# Me\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n"
HANDOUT = (
    "# Week 3 project: predicting house prices\n\n"
    "In this project you load the housing data, explore it with pandas and train a linear "
    "regression model. Split the data into training and test sets before you look at it, "
    "report the mean absolute error of your model on the test set, and write down which "
    "features helped most. Submit the notebook and a short summary of what you learned by "
    "Friday; the teaching assistants review every submission within a week.\n"
)
PRINTS = fp.dump(
    [fp.fingerprint("ml-course", "https://example.com/ml-course", readme_words(HANDOUT))]
)
USER_FILE = ".github/roadmap-boilerplate.json"


@pytest.fixture
def env(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo("ada/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": README})
    fake_github.add_repo("ada/houses", files={"README.md": HANDOUT + "\nMy attempt.\n"})
    workflow_env("ada/roadmap")
    yield fake_github


def readme_result(fake: FakeGitHub) -> dict[str, Any]:
    state = json.loads(fake.files("ada/roadmap")["roadmap.state.json"])
    result: dict[str, Any] = state["evidence"]["ada/houses"]["results"]["readme"]
    return result


def reads_of_linked_repos(fake: FakeGitHub) -> list[str]:
    return [r.operation for r in fake.requests if r.operation in ("RoadmapTrees", "RoadmapTexts")]


def test_the_handout_counts_as_the_learners_prose_without_the_file(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    assert readme_result(env)["passed"] is True


def test_adding_the_file_rechecks_the_unmoved_repo_once_and_names_the_course(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0
    head = env.head("ada/houses")
    env.commit("ada/roadmap", {USER_FILE: PRINTS})
    env.reset_requests()
    assert main(["sync"]) == 0
    assert env.head("ada/houses") == head and reads_of_linked_repos(env)  # read again
    result = readme_result(env)
    assert result["passed"] is False
    assert "2 of " in result["reason"] and "the rest is from ml-course's README" in result["reason"]
    env.reset_requests()
    assert main(["sync"]) == 0  # the same file: the cached results hold
    assert reads_of_linked_repos(env) == []
    assert [r for r in env.requests if r.is_write] == []


def test_the_file_rides_the_roadmap_files_query(env: FakeGitHub) -> None:
    env.commit("ada/roadmap", {USER_FILE: PRINTS})
    assert main(["sync"]) == 0
    env.reset_requests()
    assert main(["sync"]) == 0
    assert [r for r in env.requests if r.is_write] == []
    assert not [r for r in env.requests if "roadmap-boilerplate" in r.path]  # no REST read of it
    assert len(env.requests) == 2  # as a warm run without the file


def test_a_bad_file_stops_the_run_with_its_location(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    env.commit("ada/roadmap", {USER_FILE: '{"version": 9}'})
    assert main(["sync"]) == 2
    err = capsys.readouterr().err
    assert f"{USER_FILE}:1:1: not a fingerprint file" in err and "Traceback" not in err
