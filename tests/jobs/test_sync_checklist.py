"""End to end on the fake GitHub: a project issue's live checklist flips from ⬜ to ✅ as evidence
is added to the linked repo across runs, with one body edit per change and none when nothing
changed; the person's own text in the body survives every edit; a warm run writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.planning.text import CHECKLIST_END, CHECKLIST_START
from tests.fakegithub import FakeGitHub
from tests.fakegithub import tracker as fake_tracker
from tests.support.markers import find_item_marker

ROADMAP = """\
version: 1
title: Test roadmap
settings:
  open_issues: 2
phases:
  - id: phase0
    title: Projects first
    sections:
      - title: Projects
        kind: project
        items:
          - id: mnist
            title: "Project: MNIST"
            repos: [me/mnist]
            rule: {require: [readme, tests, ci, docker]}
      - title: Topics
        items:
          - id: python
            title: Python basics
"""
PROSE = (
    "This project trains and evaluates a model on public data, with a clear write-up of every step. "
    * 3
)
TEST_FILE = {"tests/test_net.py": "def test_net():\n    assert 1\n"}
WORKFLOW = {
    ".github/workflows/ci.yml": (
        "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: pytest\n"
    )
}
MINE = "My own notes: start with a small CNN.\n"


@pytest.fixture
def env(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo("me/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": "# Me\n"})
    fake_github.add_repo("me/mnist", files={"README.md": f"# MNIST\n\n{PROSE}\n"})
    workflow_env("me/roadmap")
    yield fake_github


def project_issue(fake: FakeGitHub) -> dict[str, object]:
    [issue] = [
        i for i in fake.issues("me/roadmap") if find_item_marker(i.get("body")) == "phase0.mnist"
    ]
    return issue


def section(body: str) -> str:
    start, end = body.index(CHECKLIST_START), body.index(CHECKLIST_END)
    return body[start:end]


def edit_by_hand(fake: FakeGitHub, number: int, body: str) -> None:
    """The person edits the issue body in the browser."""
    with fake.world.lock:
        repo = fake.world.repo("me/roadmap")
        fake_tracker.update_issue(fake.world, repo, repo.issues[number], {"body": body}, actor="me")


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.is_write]


def sync_and_writes(fake: FakeGitHub, *, issues_only: bool = False) -> list[str]:
    """Run a sync; its write requests (with ``issues_only``: to issues, not the state commit
    that records the linked repo's new HEAD)."""
    fake.reset_requests()
    assert main(["sync"]) == 0
    return [w for w in writes(fake) if not issues_only or "/issues" in w]


def test_the_checklist_flips_as_evidence_is_added_one_edit_per_change_keeping_the_persons_text(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0
    issue = project_issue(env)
    number, body = int(str(issue["number"])), str(issue["body"])
    first = section(body)
    assert "- ✅ readme:" in first
    assert "- ⬜ tests:" in first and "docs.pytest.org" in first
    assert "- ⬜ ci:" in first and "docs.github.com/en/actions" in first
    assert "- ⬜ docker:" in first

    # the person adds their own text above the commands: the bot's whole-body refresh stops
    edit_by_hand(env, number, body.replace("### Commands", f"{MINE}\n### Commands"))
    assert sync_and_writes(env) == []  # nothing changed: no write at all

    # a test file: one edit, the tests line flips, the person's text stays
    env.commit("me/mnist", TEST_FILE)
    assert sync_and_writes(env, issues_only=True) == [f"PATCH /repos/me/roadmap/issues/{number}"]
    body = str(project_issue(env)["body"])
    assert MINE in body
    assert "- ✅ tests:" in section(body) and "- ⬜ ci:" in section(body)
    assert sync_and_writes(env) == []

    # a CI workflow: one more edit, the ci line flips, still the person's text
    env.commit("me/mnist", WORKFLOW)
    assert sync_and_writes(env, issues_only=True) == [f"PATCH /repos/me/roadmap/issues/{number}"]
    body = str(project_issue(env)["body"])
    assert MINE in body
    assert "- ✅ ci:" in section(body) and "- ⬜ docker:" in section(body)
    assert sync_and_writes(env) == []
    assert project_issue(env)["state"] == "open"  # docker is still missing


def test_a_warm_run_with_a_checklist_costs_two_requests_and_writes_nothing(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0
    assert main(["sync"]) == 0
    env.reset_requests()
    assert main(["sync"]) == 0
    assert writes(env) == []
    assert len(env.requests) == 2, [f"{r.method} {r.path} {r.operation}" for r in env.requests]


def test_an_untouched_issue_is_refreshed_whole_with_its_new_checklist(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    number = int(str(project_issue(env)["number"]))
    env.commit("me/mnist", TEST_FILE)
    assert sync_and_writes(env, issues_only=True) == [f"PATCH /repos/me/roadmap/issues/{number}"]
    assert "- ✅ tests:" in section(str(project_issue(env)["body"]))
