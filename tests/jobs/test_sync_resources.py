"""End to end on the fake GitHub: items' resources reach their issues (topic and project) and,
with settings.show_resources, the README; a warm run writes nothing; a resource added to
roadmap.yaml is one edit of the item's issue, then nothing again."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from roadmap_bot.cli import main
from tests.fakegithub import FakeGitHub
from tests.support.markers import find_item_marker

ROADMAP = """\
version: 1
title: Test roadmap
settings:
  open_issues: 3
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Topics
        items:
          - id: python
            title: Python basics
            resources:
              - title: The Python Tutorial
                url: https://docs.python.org/3/tutorial/
                kind: docs
                time: 6 h
          - id: sql
            title: SQL basics
      - title: Projects
        kind: project
        items:
          - id: mnist
            title: "Project: MNIST"
            repos: [me/mnist]
            resources:
              - title: "PyTorch: Training a classifier @someone"
                url: https://pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html
                kind: tutorial
                paid: false
"""
ADDED = """\
              - title: SQLBolt
                url: https://sqlbolt.com/
                kind: tutorial
                time: 3 h
"""
PYTHON = "- [The Python Tutorial](https://docs.python.org/3/tutorial/) · docs · ⏱ 6 h"


@pytest.fixture
def env(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo("me/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": "# Me\n"})
    fake_github.add_repo("me/mnist", files={"README.md": "# MNIST\n"})
    workflow_env("me/roadmap")
    yield fake_github


def issue_of(fake: FakeGitHub, item_id: str) -> dict[str, object]:
    [issue] = [i for i in fake.issues("me/roadmap") if find_item_marker(i.get("body")) == item_id]
    return issue


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.is_write]


def sync_and_writes(fake: FakeGitHub) -> list[str]:
    fake.reset_requests()
    assert main(["sync"]) == 0
    return writes(fake)


def readme(fake: FakeGitHub) -> str:
    return fake.files("me/roadmap")["README.md"].decode("utf-8")


def test_topic_and_project_issues_list_their_resources_and_a_warm_run_writes_nothing(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0
    topic = str(issue_of(env, "phase0.python")["body"])
    assert f"### Learn\n{PYTHON}\n" in topic
    project = str(issue_of(env, "phase0.mnist")["body"])
    assert "[PyTorch: Training a classifier @\u200bsomeone](https://pytorch.org/" in project
    assert "### Learn" not in str(issue_of(env, "phase0.sql")["body"])
    assert "Resources" not in readme(env)  # show_resources is off by default
    assert sync_and_writes(env) == []
    env.reset_requests()
    assert main(["sync"]) == 0
    assert len(env.requests) == 2  # the warm run's two reads, as without resources


def test_a_resource_added_to_roadmap_yaml_is_one_edit_of_its_issue_then_none(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0
    number = int(str(issue_of(env, "phase0.sql")["number"]))
    added = ROADMAP.replace(
        "            title: SQL basics\n",
        f"            title: SQL basics\n            resources:\n{ADDED}",
    )
    env.commit("me/roadmap", {"roadmap.yaml": added})
    found = sync_and_writes(env)
    items = {
        f"/issues/{i['number']}"
        for i in env.issues("me/roadmap")
        if find_item_marker(i.get("body"))
    }
    to_items = [w for w in found if any(w.endswith(n) or f"{n}/" in w for n in items)]
    assert to_items == [f"PATCH /repos/me/roadmap/issues/{number}"]
    assert "[SQLBolt](https://sqlbolt.com/) · tutorial · ⏱ 3 h" in str(
        issue_of(env, "phase0.sql")["body"]
    )
    assert sync_and_writes(env) == []


def test_show_resources_folds_them_in_the_readme_and_the_next_run_keeps_it(
    env: FakeGitHub,
) -> None:
    shown = ROADMAP.replace("  open_issues: 3\n", "  open_issues: 3\n  show_resources: true\n")
    env.commit("me/roadmap", {"roadmap.yaml": shown})
    assert main(["sync"]) == 0
    text = readme(env)
    assert f"  <details><summary>Resources</summary>\n\n  {PYTHON}\n\n  </details>" in text
    assert sync_and_writes(env) == []  # no hand edit seen, no churn
