"""`roadmap-bot sync` end to end against the fake GitHub: ticks, issues, one commit, idempotence."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from roadmap_bot.cli import main
from tests.fakegithub import FakeGitHub
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
          - id: titanic
            title: "Project: Titanic"
            repos: [me/titanic]
          - id: mnist
            title: "Project: MNIST"
            repos: [me/mnist]
      - title: Topics
        items:
          - id: python
            title: Python basics
  - id: phase1
    title: Later
    sections:
      - title: Topics
        items:
          - id: later
            title: Later topic
"""
README = "# Me\n\nHand-written intro.\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n\nFooter ✓\n"
PROSE = (
    "This project trains and evaluates a model on public data, with a clear write-up of every step. "
    * 3
)
QUALIFYING = {
    "README.md": f"# Titanic\n\n{PROSE}\n",
    "requirements.txt": "pandas\nscikit-learn\nmlflow\n",
    "train.py": "import mlflow\n",
    "tests/test_train.py": "def test_it():\n    assert 1\n",
}
NOT_YET = {"README.md": f"# MNIST\n\n{PROSE}\n", "mnist.ipynb": "{}"}


@pytest.fixture
def env(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo("me/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": README})
    fake_github.add_repo("me/titanic", files=QUALIFYING)
    fake_github.add_repo("me/mnist", files=NOT_YET)
    workflow_env("me/roadmap")
    yield fake_github


def state_of(fake: FakeGitHub) -> dict:
    return json.loads(fake.files("me/roadmap")["roadmap.state.json"])


def bot_issues(fake: FakeGitHub) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for issue in fake.issues("me/roadmap"):
        item = find_item_marker(issue.get("body"))
        if item:
            out.setdefault(item, []).append(issue)
    return out


def test_sync_ticks_the_qualifying_project_opens_next_issues_and_commits_once(
    env: FakeGitHub,
) -> None:
    head = env.head("me/roadmap")
    assert main(["sync"]) == 0
    state = state_of(env)
    tick = state["ticks"]["phase0.titanic"]
    assert (
        tick["source"] == "auto"
        and tick["repo"] == "me/titanic"
        and tick["commit"] == env.head("me/titanic")
    )
    assert set(tick["checks"]) >= {"readme", "tests", "tracking"}
    assert "phase0.mnist" not in state["ticks"]
    issues = bot_issues(env)
    assert sorted(issues) == ["phase0.mnist", "phase0.python"]  # N=2, current phase, roadmap order
    assert all(len(v) == 1 and v[0]["state"] == "open" for v in issues.values())
    commits = [r for r in env.requests if r.method == "POST" and r.path.endswith("/git/commits")]
    assert len(commits) == 1
    files = env.files("me/roadmap")
    readme = files["README.md"].decode()
    assert readme.startswith("# Me\n\nHand-written intro.\n\n<!-- roadmap:start -->\n")
    assert readme.endswith("<!-- roadmap:end -->\n\nFooter ✓\n")
    assert "- [x] Project: Titanic" in readme
    assert ".github/roadmap/card.svg" in files
    assert env.head("me/roadmap") != head


def test_a_second_sync_sends_no_write_request(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    env.reset_requests()
    assert main(["sync"]) == 0
    writes = [f"{r.method} {r.path}" for r in env.requests if r.is_write]
    assert writes == []
    heads = [r for r in env.requests if r.operation == "RoadmapHeads"]
    assert len(heads) == 1 and not any(r.operation == "RoadmapTrees" for r in env.requests)
    assert len(env.requests) <= 5  # repo files + heads + issues (+ the pending-comment scan)


def test_new_evidence_ticks_the_item_and_closes_its_issue_with_one_comment(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    number = bot_issues(env)["phase0.mnist"][0]["number"]
    env.commit(
        "me/mnist",
        {
            "tests/test_net.py": "def test_net():\n    assert 1\n",
            ".github/workflows/ci.yml": "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
        },
    )
    assert main(["sync"]) == 0
    assert "phase0.mnist" in state_of(env)["ticks"]
    issue = next(i for i in env.issues("me/roadmap") if i["number"] == number)
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    assert len(env.comments("me/roadmap", number)) == 1
    assert main(["sync"]) == 0
    assert len(env.comments("me/roadmap", number)) == 1


def test_dry_run_writes_nothing_and_prints_the_plan(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "tick phase0.titanic" in out and "open issue for phase0.mnist" in out
    assert [r for r in env.requests if r.is_write] == []


def test_a_missing_linked_repo_is_an_explained_result_not_a_crash(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    env.commit(
        "me/roadmap", {"roadmap.yaml": ROADMAP.replace("repos: [me/mnist]", "repos: [me/gone]")}
    )
    assert main(["sync"]) == 0
    out = capsys.readouterr().out
    assert "cannot check phase0.mnist" in out and "me/gone" in out
    assert "phase0.titanic" in state_of(env)["ticks"]


def test_a_broken_roadmap_yaml_exits_2_with_its_line(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    env.commit(
        "me/roadmap",
        {"roadmap.yaml": ROADMAP.replace("phase1\n    title: Later", "phase1\n    titel: Later")},
    )
    assert main(["sync"]) == 2
    err = capsys.readouterr().err
    assert "roadmap.yaml:23:5: unknown key 'titel' — did you mean 'title'?" in err
    assert [r for r in env.requests if r.is_write] == []


def test_the_token_never_appears_in_output(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0
    captured = capsys.readouterr()
    assert env.token not in captured.out + captured.err
