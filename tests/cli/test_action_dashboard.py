"""End to end as Actions runs it: the ``issues`` ``edited`` delivery of the dashboard.

A write collaborator's ticked box ticks the item, a read-only user's changes nothing and is
answered once, the bot's own edit is not even a run (the workflow's `if:`) and, delivered
anyway, changes nothing. The deliveries are GitHub's published ``issues`` ``edited`` example,
reshaped to the fake's issue and validated against GitHub's webhook schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roadmap_bot.core.planning.dashboard import DASHBOARD_MARKER
from tests.cli.test_action_workflow_if import evaluate, job_condition
from tests.fakegithub import tracker
from tests.fakegithub.fake import FakeGitHub
from tests.support.action import run_action, writes
from tests.support.refdata import webhook_example
from tests.support.respond import (
    OWNER,
    PEOPLE,
    REPO,
    ROADMAP,
    _set_issue,
    _set_repo,
    _set_user,
    state_of,
    validate,
)

SCHEDULE = {"schedule": "17 6 * * *"}


@pytest.fixture
def fake(fake_github: FakeGitHub, tmp_path: Path) -> FakeGitHub:
    """The roadmap repo after its first scheduled run: topic issues #1 and #2, the dashboard."""
    fake_github.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# My roadmap\n"})
    for login, permission in PEOPLE.items():
        fake_github.add_collaborator(REPO, login, permission)
    first = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)
    assert first.code == 0, first.log
    assert first.json_output("opened") == [1, 2]  # the dashboard is not a topic issue
    fake_github.reset_requests()
    return fake_github


def dashboard(fake: FakeGitHub) -> dict[str, Any]:
    [issue] = [i for i in fake.issues(REPO) if DASHBOARD_MARKER in str(i.get("body") or "")]
    return issue


def toggle(body: str, item_id: str) -> str:
    line = next(line for line in body.splitlines() if line.endswith(f"<!-- {item_id} -->"))
    flipped = (
        line.replace("- [ ] ", "- [x] ", 1)
        if "- [ ] " in line
        else line.replace("- [x] ", "- [ ] ", 1)
    )
    return body.replace(line, flipped)


def edited_payload(fake: FakeGitHub, number: int, body: str, *, actor: str) -> dict[str, Any]:
    """Edit issue ``number``'s body as ``actor`` in the fake; return the ``issues`` delivery."""
    with fake.world.lock:
        repo = fake.world.repo(REPO)
        before = repo.issues[number].body or ""
        tracker.update_issue(fake.world, repo, repo.issues[number], {"body": body}, actor=actor)
    issue = next(i for i in fake.issues(REPO) if i["number"] == number)
    payload = webhook_example("issues", "edited")
    payload["changes"] = {"body": {"from": before}}
    _set_repo(payload)
    _set_issue(payload["issue"], issue)
    _set_user(payload["sender"], actor)
    validate(payload, "issues-edited")
    return payload


def test_a_write_collaborator_ticks_a_box_and_the_item_is_ticked(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    board = dashboard(fake)
    number = int(board["number"])
    payload = edited_payload(fake, number, toggle(str(board["body"]), "phase0.rag"), actor="wendy")
    assert evaluate(job_condition(), {"github": {"event_name": "issues", "event": payload}})

    run = run_action(fake, tmp_path, event="issues", payload=payload)

    assert run.code == 0, run.log
    assert state_of(fake).ticks["phase0.rag"].by == "wendy"
    assert run.json_output("ticked") == ["phase0.rag"]
    assert "- [x] Retrieval-augmented generation <!-- phase0.rag -->" in dashboard(fake)["body"]
    again = run_action(fake, tmp_path, event="schedule", payload=SCHEDULE)
    assert again.code == 0, again.log
    fake.reset_requests()
    assert run_action(fake, tmp_path, event="schedule", payload=SCHEDULE).code == 0
    assert writes(fake) == []


def test_a_read_only_users_box_changes_nothing_and_is_answered_once(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    board = dashboard(fake)
    number, before = int(board["number"]), str(board["body"])
    head = fake.head(REPO)
    payload = edited_payload(fake, number, toggle(before, "phase0.git"), actor="rita")

    run = run_action(fake, tmp_path, event="issues", payload=payload)

    assert run.code == 0, run.log
    assert "phase0.git" not in state_of(fake).ticks
    assert fake.head(REPO) == head
    assert dashboard(fake)["body"] == before
    [answer] = [c["body"] for c in fake.comments(REPO, number)]
    assert "`rita`" in answer and "nothing changed" in answer
    # the same delivery again (a retried webhook): no second answer, no write
    fake.reset_requests()
    assert run_action(fake, tmp_path, event="issues", payload=payload).code == 0
    assert writes(fake) == []


def test_the_bots_own_edit_is_skipped_by_the_workflow_and_changes_nothing_when_delivered(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    board = dashboard(fake)
    number, before = int(board["number"]), str(board["body"])
    payload = edited_payload(fake, number, toggle(before, "phase0.git"), actor=fake.viewer)
    payload["sender"].update(login=fake.viewer, type="Bot")
    assert not evaluate(job_condition(), {"github": {"event_name": "issues", "event": payload}})
    fake.reset_requests()

    run = run_action(fake, tmp_path, event="issues", payload=payload)

    assert run.code == 0, run.log
    assert "phase0.git" not in state_of(fake).ticks
    assert writes(fake) == []


def test_the_workflow_runs_only_for_edits_of_the_dashboard(fake: FakeGitHub) -> None:
    payload = edited_payload(fake, 1, "My own notes", actor=OWNER)
    assert not evaluate(job_condition(), {"github": {"event_name": "issues", "event": payload}})


def test_an_edit_that_changes_no_box_is_not_read(fake: FakeGitHub, tmp_path: Path) -> None:
    board = dashboard(fake)
    text = str(board["body"]).replace("### Commands", "My note\n\n### Commands")
    payload = edited_payload(fake, int(board["number"]), text, actor=OWNER)
    fake.reset_requests()

    run = run_action(fake, tmp_path, event="issues", payload=payload)

    assert run.code == 0, run.log
    assert writes(fake) == []
    # only the run's one look for unanswered commands: no sync, no issue listing
    assert [r.operation for r in fake.requests] == ["RoadmapRepoFiles"]
