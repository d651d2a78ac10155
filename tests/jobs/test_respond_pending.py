"""respond() and handle_pending(): replays answer nothing twice, and no command is ever lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from roadmap_bot.jobs.respond.comments import LOOKBACK_DAYS, MAX_PER_RUN, handle_pending
from tests.fakegithub import FakeGitHub, Fault
from tests.support.respond import (
    NOW,
    OWNER,
    REPO,
    comment_event,
    new_issue,
    reactions,
    replies_to,
    run,
    session_for,
    state_of,
    writes,
)

COMMIT = f"PATCH /repos/{REPO}/git/refs/heads/main"


@pytest.mark.parametrize("body", ["/done phase0.python\n/link phase0.rag ada/tiny", "/status"])
def test_replaying_the_same_event_changes_nothing_and_posts_no_second_reply(
    fake: FakeGitHub, github_env: dict[str, str], body: str
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, body)
    run(github_env, event)
    state = state_of(fake)
    fake.reset_requests()
    result = run(github_env, event)
    assert writes(fake) == [] and result.answered == [] and result.replies == []
    assert len(replies_to(fake, number, comment_id)) == 1 and state_of(fake) == state


def test_an_earlier_unanswered_command_is_answered_first_by_the_next_run(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    first = fake.add_comment(REPO, number, body="/done phase0.python", user=OWNER)  # run cancelled
    event, second = comment_event(fake, number, "/skip phase0.git")
    fake.reset_requests()
    result = run(github_env, event)
    assert result.answered == [first["id"], second]
    assert writes(fake).count(COMMIT) == 2  # one commit per comment
    state = state_of(fake)
    assert "phase0.python" in state.ticks and "phase0.git" in state.skips
    assert set(state.handled_comments) == {first["id"], second}
    for comment_id in (first["id"], second):
        assert len(replies_to(fake, number, comment_id)) == 1
        assert reactions(fake, comment_id) == ["eyes", "+1"]


def test_the_sync_answers_pending_commands_too(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/status", user=OWNER)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [waiting["id"]] and result.exit_code == 0
    assert len(replies_to(fake, number, waiting["id"])) == 1


def test_the_look_back_is_bounded_in_time_and_per_run(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    clock = fake.world.clock
    fake.world.clock = lambda: datetime(2026, 2, 20, tzinfo=UTC)  # 10 days before NOW
    old = fake.add_comment(REPO, number, body="/status", user=OWNER)
    fake.world.clock = clock
    waiting = [fake.add_comment(REPO, number, body="/help", user=OWNER)["id"] for _ in range(12)]
    event, current = comment_event(fake, number, "/status")
    result = run(github_env, event)
    assert LOOKBACK_DAYS == 7 and old["id"] not in result.answered
    assert result.answered == [*waiting[: MAX_PER_RUN - 1], current]  # the event's own comes last
    result = run(github_env, event)
    assert result.answered == waiting[MAX_PER_RUN - 1 :]


def test_a_reply_that_failed_after_the_commit_is_posted_later_without_a_second_change(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    fake.inject(Fault(match=f"POST /repos/{REPO}/issues/{number}/comments", status=502))
    failed = run(github_env, event)
    assert failed.exit_code == 1 and replies_to(fake, number, comment_id) == []
    assert "phase0.python" in state_of(fake).ticks
    state = state_of(fake)
    fake.reset_requests()
    later = run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    assert "already carried out by an earlier run" in reply
    assert COMMIT not in writes(fake) and state_of(fake) == state and later.exit_code == 0
