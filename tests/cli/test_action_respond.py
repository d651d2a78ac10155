"""End to end as Actions runs it: issue_comment commands and issues closed/reopened.

The deliveries come from GitHub's published examples, reshaped to the fake's issues and comments
and validated against GitHub's webhook schemas (``tests/support/respond.py`` builds them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakegithub.fake import FakeGitHub
from tests.support.action import ActionRun, run_action, writes
from tests.support.respond import (
    NOTES_README,
    OWNER,
    PEOPLE,
    REPO,
    ROADMAP,
    STRANGER,
    comment_payload,
    issue_payload,
    reactions,
    replies_to,
    state_of,
)

SCHEDULE = {"schedule": "17 6 * * *"}


@pytest.fixture
def fake(fake_github: FakeGitHub, tmp_path: Path) -> FakeGitHub:
    """The roadmap repo after its first scheduled run: #1 is python's issue, #2 git's."""
    fake_github.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# My roadmap\n"})
    for login, permission in PEOPLE.items():
        fake_github.add_collaborator(REPO, login, permission)
    fake_github.add_user(STRANGER)
    fake_github.add_repo("ada/rag-notes", files={"README.md": NOTES_README})
    first = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)
    assert first.code == 0, first.log
    assert first.json_output("opened") == [1, 2]
    fake_github.reset_requests()
    return fake_github


def comment(
    fake: FakeGitHub,
    tmp_path: Path,
    number: int,
    body: str,
    *,
    user: str = OWNER,
    with_: dict[str, str] | None = None,
) -> ActionRun:
    """Post ``body`` on issue ``number`` as ``user``, then run the action for that delivery."""
    payload = comment_payload(fake, number, body, user=user)
    fake.reset_requests()
    return run_action(fake, tmp_path, event="issue_comment", payload=payload, with_=with_)


def last_comment_id(fake: FakeGitHub, number: int) -> int:
    ours = [c for c in fake.comments(REPO, number) if not c["user"]["login"].endswith("[bot]")]
    return int(ours[-1]["id"])


def head_message(fake: FakeGitHub) -> str:
    return fake.pygithub().get_repo(REPO).get_git_commit(fake.head(REPO)).message


def test_a_done_comment_ticks_commits_replies_and_closes_the_items_issue(
    fake_github_checked: FakeGitHub, fake: FakeGitHub, tmp_path: Path
) -> None:
    # fake_github_checked: every REST exchange of the run must match GitHub's OpenAPI description
    run = comment(fake, tmp_path, 1, "/done phase0.python finished the course")

    assert run.code == 0, run.log
    comment_id = last_comment_id(fake, 1)
    assert reactions(fake, comment_id) == ["eyes", "+1"]
    (reply,) = replies_to(fake, 1, comment_id)
    assert "ticked `phase0.python`" in reply
    assert "phase0.python" in state_of(fake).ticks
    assert head_message(fake) == f"roadmap-bot: commands of comment {comment_id} by @ada [skip ci]"
    assert {i["number"]: i["state"] for i in fake.issues(REPO)}[1] == "closed"
    assert run.json_output("ticked") == ["phase0.python"]
    assert run.json_output("closed") == [1]
    assert run.outputs["progress"] == "25"
    assert "comment by @ada on #1" in run.summary and "1/4 (25%)" in run.summary
    assert "- ticked: `phase0.python`" in run.summary and "- replied: " in run.summary
    assert "::group::roadmap-bot: comment by @ada on #1" in run.stdout


def test_the_same_delivery_twice_answers_once(fake: FakeGitHub, tmp_path: Path) -> None:
    payload = comment_payload(fake, 1, "/done phase0.python", user=OWNER)
    assert run_action(fake, tmp_path, event="issue_comment", payload=payload).code == 0
    head = fake.head(REPO)
    fake.reset_requests()

    again = run_action(fake, tmp_path, event="issue_comment", payload=payload)

    assert again.code == 0, again.log
    assert writes(fake) == []
    assert fake.head(REPO) == head
    assert len(replies_to(fake, 1, int(payload["comment"]["id"]))) == 1
    assert again.json_output("ticked") == []


def test_a_stranger_is_answered_but_changes_nothing(fake: FakeGitHub, tmp_path: Path) -> None:
    head = fake.head(REPO)

    run = comment(fake, tmp_path, 2, "/done phase0.git", user=STRANGER)

    assert run.code == 0, run.log
    comment_id = last_comment_id(fake, 2)
    assert reactions(fake, comment_id) == ["eyes", "confused"]
    assert len(replies_to(fake, 2, comment_id)) == 1
    assert fake.head(REPO) == head
    assert "phase0.git" not in state_of(fake).ticks
    assert run.json_output("ticked") == []


def test_closing_an_items_issue_as_completed_ticks_it_and_reopening_takes_it_back(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    closed = issue_payload(fake, 2, "completed", actor=OWNER)
    fake.reset_requests()

    run = run_action(fake, tmp_path, event="issues", payload=closed)

    assert run.code == 0, run.log
    assert "phase0.git" in state_of(fake).ticks
    assert run.json_output("ticked") == ["phase0.git"]
    assert "issue #2 closed as completed by @ada" in run.summary
    assert "issue #2 completed by @ada" in head_message(fake)

    reopened = issue_payload(fake, 2, "reopened", actor=OWNER)
    fake.reset_requests()
    back = run_action(fake, tmp_path, event="issues", payload=reopened)

    assert back.code == 0, back.log
    assert "phase0.git" not in state_of(fake).ticks
    assert "- unticked: `phase0.git`" in back.summary
    assert back.outputs["progress"] == "0"


def test_a_dry_run_comment_shows_the_reply_and_touches_nothing(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    head = fake.head(REPO)

    run = comment(
        fake, tmp_path, 1, "/done phase0.python", with_={"dry-run": "true", "badges-dir": "b"}
    )

    assert run.code == 0, run.log
    assert writes(fake) == []
    assert fake.head(REPO) == head
    assert reactions(fake, last_comment_id(fake, 1)) == []
    assert "dry run" in run.summary and "<summary>reply (dry run)</summary>" in run.summary


def test_the_open_issues_input_holds_in_command_runs_as_in_scheduled_ones(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    # settings.open_issues is 2: without the input, ticking #1's item would open the next topic
    run = comment(fake, tmp_path, 1, "/done phase0.python", with_={"open-issues": "1"})

    assert run.code == 0, run.log
    assert run.json_output("closed") == [1] and run.json_output("opened") == []
    topics = [i for i in fake.issues(REPO) if "roadmap-bot:item=" in (i["body"] or "")]
    assert [i["number"] for i in topics if i["state"] == "open"] == [2]
    again = run_action(
        fake, tmp_path, event="schedule", payload=SCHEDULE, with_={"open-issues": "1"}
    )
    assert again.code == 0 and again.json_output("opened") == []  # no flip-flop between runs


def test_a_scheduled_run_answers_a_command_whose_own_run_never_happened(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    fake.add_comment(REPO, 2, body="/done phase0.git", user=OWNER)  # its run was dropped
    comment_id = last_comment_id(fake, 2)

    run = run_action(fake, tmp_path, event="schedule", payload=SCHEDULE)

    assert run.code == 0, run.log
    assert len(replies_to(fake, 2, comment_id)) == 1
    assert reactions(fake, comment_id) == ["eyes", "+1"]
    assert "phase0.git" in state_of(fake).ticks
    assert "::group::roadmap-bot: unanswered commands" in run.stdout
    assert run.outputs["progress"] == "25"


def test_a_scheduled_run_answers_a_command_buried_under_a_busy_week_and_says_when_it_stopped(
    fake: FakeGitHub, tmp_path: Path
) -> None:
    waiting = fake.add_comment(REPO, 1, body="/done phase0.python", user=OWNER)
    for i in range(3050):  # more than the scan's 30 requests of 100 comments
        fake.add_comment(REPO, 2, body=f"chat {i}", user=STRANGER)

    run = run_action(fake, tmp_path, event="schedule", payload=SCHEDULE)

    assert run.code == 0, run.log
    assert len(replies_to(fake, 1, waiting["id"])) == 1
    assert "phase0.python" in state_of(fake).ticks
    assert "### Comment commands answered first" in run.summary
    assert "the comment scan stopped at its bound of 30 requests (3000 comments" in run.summary
    assert "::warning::the comment scan stopped at its bound of 30 requests" in run.stdout
