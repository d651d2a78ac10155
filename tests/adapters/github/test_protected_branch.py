"""A default branch that refuses the bot's push: one pull request from roadmap-bot/update instead.

End to end on the fake GitHub (which answers a protected branch's ref update with GitHub's 422),
through ``roadmap-bot sync`` and ``roadmap-bot action``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roadmap_bot.adapters.github import GitHubClient, GitHubConfig
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.cli import main
from roadmap_bot.core.delivery import PULL_MARKER, UPDATE_BRANCH
from tests.fakegithub import FakeGitHub
from tests.fakegithub.faults import Fault
from tests.support.action import parse_outputs, run_action

REPO = "me/roadmap"
ROADMAP = """\
version: 1
title: Test roadmap
settings:
  open_issues: 1
{extra}phases:
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
"""
README = "# Me\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n"
PROSE = "This project trains and evaluates a model on public data, with a clear write-up. " * 3
QUALIFYING = {
    "README.md": f"# Project\n\n{PROSE}\n",
    "requirements.txt": "pandas\nscikit-learn\nmlflow\n",
    "train.py": "import mlflow\n",
    "tests/test_train.py": "def test_it():\n    assert 1\n",
}
NOT_YET = {"README.md": f"# MNIST\n\n{PROSE}\n"}
OUTPUTS = ("README.md", "roadmap.state.json", ".github/roadmap/card.svg")


def roadmap(write_mode: str | None = None) -> str:
    return ROADMAP.format(extra=f"  write_mode: {write_mode}\n" if write_mode else "")


@pytest.fixture
def env(
    fake_github: FakeGitHub,
    workflow_env: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[FakeGitHub]:
    fake_github.add_repo(REPO, files={"roadmap.yaml": roadmap(), "README.md": README})
    fake_github.add_repo("me/titanic", files=QUALIFYING)
    fake_github.add_repo("me/mnist", files=NOT_YET)
    workflow_env(REPO, summary=tmp_path / "summary.md", output=tmp_path / "output.txt")
    minutes = iter(range(60))  # each run a minute later: a re-planned tick would differ
    clock = lambda: f"2026-03-02T10:{next(minutes):02d}:00Z"  # noqa: E731
    for module in ("roadmap_bot.cli.sync", "roadmap_bot.cli.action"):
        monkeypatch.setattr(f"{module}.utc_now", clock)
    yield fake_github


def pulls(fake: FakeGitHub, state: str = "open") -> list[dict]:
    return [p for p in fake.pulls(REPO) if state in ("all", p["state"])]


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.is_write]


def outputs(tmp_path: Path) -> dict[str, str]:
    """The step outputs written so far (the last one of a name wins)."""
    path = tmp_path / "output.txt"
    return parse_outputs(path.read_text()) if path.exists() else {}


def summary(tmp_path: Path) -> str:
    path = tmp_path / "summary.md"
    return path.read_text() if path.exists() else ""


def test_a_protected_default_branch_gets_one_pull_request_with_the_change(
    env: FakeGitHub, tmp_path: Path
) -> None:
    env.protect_branch(REPO, how="pull-request")
    head = env.head(REPO)
    assert main(["sync"]) == 0
    assert env.head(REPO) == head  # main untouched
    [pull] = pulls(env)
    assert pull["head"]["ref"] == UPDATE_BRANCH and pull["base"]["ref"] == "main"
    assert PULL_MARKER in pull["body"] and "through a pull request" in pull["body"]
    proposed = env.files(REPO, UPDATE_BRANCH)
    assert all(path in proposed for path in OUTPUTS)
    assert "- [x] Project: Titanic" in proposed["README.md"].decode()
    assert "phase0.titanic" in json.loads(proposed["roadmap.state.json"])["ticks"]
    commit = env.world.repo(REPO).git.commits[pull["head"]["sha"]]
    assert commit.parents == (head,)  # one commit on top of the default branch's head


@pytest.mark.parametrize("how", ["pull-request", "status-checks", "ruleset"])
def test_every_kind_of_refusal_leads_to_the_pull_request(env: FakeGitHub, how: str) -> None:
    env.protect_branch(REPO, how=how)
    assert main(["sync"]) == 0
    assert len(pulls(env)) == 1


def test_a_second_sync_with_nothing_new_writes_nothing(env: FakeGitHub) -> None:
    env.protect_branch(REPO, how="ruleset")
    assert main(["sync"]) == 0
    branch = env.files(REPO, UPDATE_BRANCH)
    env.reset_requests()
    assert main(["sync"]) == 0  # a later clock: ticks re-planned from main would differ
    assert writes(env) == []
    assert env.files(REPO, UPDATE_BRANCH) == branch and len(pulls(env, "all")) == 1


def test_a_newer_change_updates_the_same_pull_request(env: FakeGitHub) -> None:
    env.protect_branch(REPO)
    assert main(["sync"]) == 0
    [first] = pulls(env)
    env.commit("me/mnist", QUALIFYING)  # new evidence: mnist qualifies now
    assert main(["sync"]) == 0
    [pull] = pulls(env, "all")
    assert pull["number"] == first["number"] and pull["head"]["sha"] != first["head"]["sha"]
    assert pull["body"] == first["body"]  # still says why it was opened
    state = json.loads(env.files(REPO, UPDATE_BRANCH)["roadmap.state.json"])
    assert {"phase0.titanic", "phase0.mnist"} <= set(state["ticks"])  # the first tick kept
    commit = env.world.repo(REPO).git.commits[pull["head"]["sha"]]
    assert commit.parents == (env.head(REPO),)  # replaced, on top of main: not stacked


def test_after_the_merge_the_next_run_is_back_to_normal(env: FakeGitHub) -> None:
    env.protect_branch(REPO)
    assert main(["sync"]) == 0
    [pull] = pulls(env)
    env.merge_pull(REPO, pull["number"])
    env.reset_requests()
    assert main(["sync"]) == 0
    assert writes(env) == [] and pulls(env) == []  # merged: nothing left to write
    env.unprotect_branch(REPO)
    env.commit("me/mnist", QUALIFYING)
    before = env.head(REPO)
    assert main(["sync"]) == 0
    assert env.head(REPO) != before and pulls(env) == []  # a plain commit again
    assert "phase0.mnist" in json.loads(env.files(REPO)["roadmap.state.json"])["ticks"]


def test_write_mode_pull_request_proposes_even_when_the_branch_accepts(env: FakeGitHub) -> None:
    env.commit(REPO, {"roadmap.yaml": roadmap("pull-request")})
    head = env.head(REPO)
    assert main(["sync"]) == 0
    assert env.head(REPO) == head
    [pull] = pulls(env)
    assert "write mode is `pull-request`" in pull["body"]
    env.reset_requests()
    assert main(["sync"]) == 0
    assert writes(env) == []


def test_the_summary_and_the_step_outputs_say_what_happened_and_why(
    env: FakeGitHub, tmp_path: Path
) -> None:
    env.protect_branch(REPO, how="ruleset")
    assert main(["sync"]) == 0
    [pull] = pulls(env)
    said = outputs(tmp_path)
    assert said["delivery"] == "pull-request" and said["pull-request"] == pull["html_url"]
    text = summary(tmp_path)
    assert f"opened pull request #{pull['number']} from `{UPDATE_BRANCH}`" in text
    assert "Repository rule violations found" in text  # why: GitHub's own reason
    assert main(["sync"]) == 0
    assert f"nothing new: pull request #{pull['number']}" in summary(tmp_path)
    env.commit("me/mnist", QUALIFYING)
    assert main(["sync"]) == 0
    assert f"updated pull request #{pull['number']}" in summary(tmp_path)
    assert f"its pull request #{pull['number']} is open" in summary(tmp_path)
    env.merge_pull(REPO, pull["number"])
    env.unprotect_branch(REPO)
    env.commit(REPO, {"README.md": README + "\nMore.\n"})
    assert main(["sync"]) == 0
    assert outputs(tmp_path)["delivery"] == "commit"
    assert outputs(tmp_path)["pull-request"] == ""


def test_while_the_pull_request_is_open_changes_join_it_and_once_closed_commits_resume(
    env: FakeGitHub,
) -> None:
    env.protect_branch(REPO)
    assert main(["sync"]) == 0
    env.unprotect_branch(REPO)
    env.commit("me/mnist", QUALIFYING)
    head = env.head(REPO)
    env.reset_requests()
    assert main(["sync"]) == 0
    assert env.head(REPO) == head  # no push to main is tried while the pull request is open
    assert not any(w.endswith("/git/refs/heads/main") for w in writes(env))
    [pull] = pulls(env)
    proposed = json.loads(env.files(REPO, UPDATE_BRANCH)["roadmap.state.json"])
    assert {"phase0.titanic", "phase0.mnist"} <= set(proposed["ticks"])
    env.pygithub().get_repo(REPO).get_pull(pull["number"]).edit(state="closed")
    env.commit(REPO, {"README.md": README + "\nMore.\n"})
    assert main(["sync"]) == 0
    assert env.head(REPO) != head and pulls(env) == []  # a plain commit again
    assert "More." in env.files(REPO)["README.md"].decode()


def test_a_refused_pull_request_is_explained(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    env.protect_branch(REPO)
    env.inject(Fault(match="POST /repos/*/pulls", status=403, times=-1))
    assert main(["sync"]) == 1 and pulls(env) == []
    said = capsys.readouterr().err
    assert "refused the bot's push" in said and "pull-requests: write" in said


def test_a_pull_request_another_run_opened_meanwhile_is_used_not_duplicated(
    env: FakeGitHub,
) -> None:
    gh = env.pygithub().get_repo(REPO)
    gh.create_git_ref(f"refs/heads/{UPDATE_BRANCH}", env.commit(REPO, {"x.txt": "x"}))
    env.world.repo(REPO).refs["refs/heads/main"] = (
        env.world.repo(REPO).git.commits[env.head(REPO)].parents[0]
    )
    theirs = gh.create_pull(base="main", head=UPDATE_BRANCH, title="t", body="b")
    env.inject(Fault(match="GET /repos/*/pulls", status=200, body=[], times=1))  # missed it
    config = GitHubConfig.from_env({**env.actions_env()})
    client = GitHubClient(Transport(config), REPO)
    try:
        pull, opened = client.pulls().ensure_pull(
            UPDATE_BRANCH, "main", title="roadmap", body="why", known=None
        )
    finally:
        client.close()
    assert (pull.number, opened) == (theirs.number, False) and len(pulls(env, "all")) == 1
    assert pulls(env)[0]["body"] == "why"


def test_the_action_input_write_mode_proposes_and_every_exchange_matches_github(
    fake_github_checked: FakeGitHub, tmp_path: Path
) -> None:
    fake = fake_github_checked
    fake.add_repo("ada/roadmap", files={"roadmap.yaml": roadmap(), "README.md": README})
    fake.add_repo("me/titanic", files=QUALIFYING)
    fake.add_repo("me/mnist", files=NOT_YET)
    head = fake.head("ada/roadmap")
    run = run_action(
        fake, tmp_path, event="workflow_dispatch", payload={}, with_={"write-mode": "pull-request"}
    )
    assert run.code == 0, run.log
    assert fake.head("ada/roadmap") == head
    [pull] = fake.pulls("ada/roadmap")
    assert run.outputs["delivery"] == "pull-request" and run.outputs["pull-request"]
    assert f"pull request #{pull['number']}" in run.summary
    bad = run_action(
        fake, tmp_path, event="workflow_dispatch", payload={}, with_={"write-mode": "push"}
    )
    assert bad.code == 2 and "write-mode" in bad.log


def test_commands_on_a_protected_branch_accumulate_in_the_one_pull_request(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    from tests.support.respond import OWNER, comment_payload
    from tests.support.respond import ROADMAP as TOPICS

    fake = fake_github
    fake.add_repo("ada/roadmap", files={"roadmap.yaml": TOPICS, "README.md": "# Mine\n"})
    first = run_action(fake, tmp_path, event="schedule", payload={"schedule": "17 6 * * *"})
    assert first.code == 0, first.log
    fake.protect_branch("ada/roadmap")
    for number, item in ((1, "python"), (2, "git")):
        payload = comment_payload(fake, number, f"/done {item}", user=OWNER)
        run = run_action(fake, tmp_path, event="issue_comment", payload=payload)
        assert run.code == 0, run.log
    [pull] = fake.pulls("ada/roadmap")
    ticks = json.loads(fake.files("ada/roadmap", UPDATE_BRANCH)["roadmap.state.json"])["ticks"]
    assert {"phase0.python", "phase0.git"} <= set(ticks)  # the second run kept the first's tick
    assert "phase0.python" not in fake.files("ada/roadmap")["roadmap.state.json"].decode()
    assert pull["state"] == "open"


@pytest.mark.parametrize(
    ("status", "message", "refused"),
    [
        (
            422,
            "Repository rule violations found\n\nChanges must be made through a pull request.",
            True,
        ),
        (422, "Protected branch update failed for refs/heads/main.", True),
        (422, 'Required status check "ci" is expected.', True),
        (422, "At least 1 approving review is required by reviewers with write access.", True),
        (409, "Could not update file: 2 of 2 required status checks are expected.", True),
        (422, "Update is not a fast forward", False),  # a moved branch: re-plan, not a PR
        (422, "Reference does not exist", False),
        (403, "Resource not accessible by integration", False),  # a permission, said as such
        (500, "Changes must be made through a pull request.", False),
    ],
)
def test_only_a_protection_refusal_turns_a_failed_push_into_a_pull_request(
    status: int, message: str, refused: bool
) -> None:
    from roadmap_bot.adapters.github.git_data import protection_refusal

    found = protection_refusal(status, {"message": message})
    assert (found is not None) == refused
    assert found is None or "\n" not in found


def test_the_write_mode_input_holds_for_comment_runs_too(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    from tests.support.respond import OWNER, comment_payload
    from tests.support.respond import ROADMAP as TOPICS

    fake = fake_github
    fake.add_repo("ada/roadmap", files={"roadmap.yaml": TOPICS, "README.md": "# Mine\n"})
    first = run_action(fake, tmp_path, event="schedule", payload={"schedule": "17 6 * * *"})
    assert first.code == 0, first.log
    head = fake.head("ada/roadmap")  # not protected: only the input asks for a pull request
    payload = comment_payload(fake, 1, "/done python", user=OWNER)
    run = run_action(
        fake, tmp_path, event="issue_comment", payload=payload, with_={"write-mode": "pull-request"}
    )
    assert run.code == 0, run.log
    assert fake.head("ada/roadmap") == head
    [pull] = fake.pulls("ada/roadmap")
    ticks = json.loads(fake.files("ada/roadmap", UPDATE_BRANCH)["roadmap.state.json"])["ticks"]
    assert "phase0.python" in ticks and pull["state"] == "open"
