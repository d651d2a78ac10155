"""The comment scan in a busy week: every comment of the look-back window is read (page by page,
bounded by requests, with the bound said out loud), edits follow one policy, a replayed old
delivery finds its earlier reply however many comments came after it, and duplicate replies
are deleted, the oldest kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from roadmap_bot.core.commands.events import event_from_payload
from roadmap_bot.jobs.respond import comments as respond_module
from roadmap_bot.jobs.respond.comments import handle_pending
from tests.fakegithub import FakeGitHub, tracker
from tests.support.respond import (
    NOW,
    OWNER,
    REPO,
    STRANGER,
    comment_event,
    comment_payload,
    new_issue,
    reactions,
    replies_to,
    run,
    session_for,
    state_of,
)

BOT = "github-actions[bot]"  # the fake's token identity
TEN_DAYS_AGO = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)  # NOW is 2026-03-02T12:00Z


@contextmanager
def clock_at(fake: FakeGitHub, moment: datetime) -> Iterator[None]:
    """Comments written inside the block are dated ``moment``."""
    clock = fake.world.clock
    fake.world.clock = lambda: moment
    try:
        yield
    finally:
        fake.world.clock = clock


def edit(fake: FakeGitHub, comment_id: int, body: str) -> None:
    """The comment's author edits it now (GitHub keeps created_at, moves updated_at)."""
    with fake.world.lock:
        comment = fake.world.repo(REPO).comments[comment_id]
        tracker.update_comment(fake.world, comment, body)


def chatter(fake: FakeGitHub, number: int, count: int) -> None:
    for i in range(count):
        fake.add_comment(REPO, number, body=f"thanks, message {i}", user=STRANGER)


# -- a busy week ------------------------------------------------------------------------------


def test_a_command_older_than_the_newest_100_comments_of_the_window_is_answered(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/done phase0.python", user=OWNER)
    chatter(fake, new_issue(fake, "Chat"), 120)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [waiting["id"]] and result.scan_complete
    assert len(replies_to(fake, number, waiting["id"])) == 1
    assert "phase0.python" in state_of(fake).ticks


def test_a_command_among_120_comments_spread_over_60_issues_is_answered(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/status", user=OWNER)
    for _ in range(60):
        chatter(fake, new_issue(fake, "Chat"), 2)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [waiting["id"]]


def test_a_scan_that_reaches_its_request_bound_says_so_and_still_answers_what_it_read(
    fake: FakeGitHub, github_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(respond_module, "SCAN_PAGES", 1)
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/status", user=OWNER)
    chatter(fake, number, 150)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert not result.scan_complete and result.answered == [waiting["id"]]
    (note,) = [n for n in result.notes if "bound" in n]
    assert "stopped at its bound of 1 requests (100 comments since 2026-02-23T12:00:00Z)" in note
    listings = [r for r in fake.requests if r.path == f"/repos/{REPO}/issues/comments"]
    assert len(listings) == 1  # the bound is on requests: nothing read past it


# -- edited comments ---------------------------------------------------------------------------


def test_an_old_comment_edited_within_the_window_is_not_obeyed_and_the_notes_say_so(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    with clock_at(fake, TEN_DAYS_AGO):
        number = new_issue(fake)
        old = fake.add_comment(REPO, number, body="Looks good.", user=OWNER)
    edit(fake, old["id"], "Looks good.\n/done phase0.python")
    fake.add_comment(REPO, number, body="Any news?", user=STRANGER)  # the issue is active again
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [] and replies_to(fake, number, old["id"]) == []
    assert "phase0.python" not in state_of(fake).ticks
    (note,) = result.notes
    assert "written before the 7-day window were edited within it" in note
    assert old["html_url"] in note


def test_an_old_answered_command_edited_weeks_later_is_not_answered_again(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    with clock_at(fake, TEN_DAYS_AGO):
        number = new_issue(fake)
        old = fake.add_comment(REPO, number, body="/skip phase0.git", user=OWNER)
        marker = f"<!-- roadmap-bot:reply-to={old['id']} -->"
        fake.add_comment(REPO, number, body=f"@ada done.\n\n{marker}\n", user=BOT)
    edit(fake, old["id"], "/skip phase0.git\n/done phase0.python")
    fake.add_comment(REPO, number, body="Any news?", user=STRANGER)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [] and len(replies_to(fake, number, old["id"])) == 1
    assert state_of(fake).ticks == {}


def test_a_comment_edited_before_its_answer_is_answered_with_its_edited_text(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/done phase0.pyton", user=OWNER)
    edit(fake, waiting["id"], "/done phase0.python")
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [waiting["id"]] and "phase0.python" in state_of(fake).ticks


def test_an_answered_comment_edited_in_the_window_is_not_answered_again(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    run(github_env, event)
    edit(fake, comment_id, "/done phase0.python\n/skip phase0.git")
    result = run(github_env, event)
    assert result.answered == [] and len(replies_to(fake, number, comment_id)) == 1
    assert state_of(fake).skips == {}


# -- replayed deliveries -----------------------------------------------------------------------


def test_an_old_delivery_replayed_after_150_newer_comments_gets_no_second_reply(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    payload = comment_payload(fake, number, "/done phase0.python")
    event = event_from_payload("issue_comment", payload)
    comment_id = int(payload["comment"]["id"])
    run(github_env, event)
    chatter(fake, number, 150)
    state = state_of(fake)
    result = run(github_env, event)  # GitHub redelivers it (or someone presses "Redeliver")
    assert result.answered == [] and result.replies == []
    assert len(replies_to(fake, number, comment_id)) == 1 and state_of(fake) == state
    assert reactions(fake, comment_id) == ["eyes", "+1"]


def test_a_delivery_replayed_after_the_window_gets_no_second_reply(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    with clock_at(fake, TEN_DAYS_AGO):
        number = new_issue(fake)
        payload = comment_payload(fake, number, "/status")
        marker = f"<!-- roadmap-bot:reply-to={payload['comment']['id']} -->"
        fake.add_comment(REPO, number, body=f"@ada done.\n\n{marker}\n", user=BOT)
    result = run(github_env, event_from_payload("issue_comment", payload))
    assert result.answered == [] and result.replies == []
    assert len(replies_to(fake, number, int(payload["comment"]["id"]))) == 1


def test_an_unanswered_delivery_replayed_after_the_window_is_answered_once(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    with clock_at(fake, TEN_DAYS_AGO):
        number = new_issue(fake)
        payload = comment_payload(fake, number, "/status")
    event = event_from_payload("issue_comment", payload)
    assert run(github_env, event).answered == [int(payload["comment"]["id"])]
    assert run(github_env, event).answered == []
    assert len(replies_to(fake, number, int(payload["comment"]["id"]))) == 1


# -- duplicate replies -------------------------------------------------------------------------


def test_a_duplicate_reply_found_by_a_later_run_is_deleted_and_the_oldest_kept(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    command = fake.add_comment(REPO, number, body="/status", user=OWNER)
    marker = f"<!-- roadmap-bot:reply-to={command['id']} -->"
    first = fake.add_comment(REPO, number, body=f"first\n\n{marker}\n", user=BOT)
    second = fake.add_comment(REPO, number, body=f"second\n\n{marker}\n", user=BOT)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert [c["id"] for c in fake.comments(REPO, number) if marker in c["body"]] == [first["id"]]
    assert result.deleted == [second["id"]] and result.answered == []


def test_a_strangers_copy_of_a_reply_marker_is_neither_deleted_nor_taken_as_the_answer(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    command = fake.add_comment(REPO, number, body="/status", user=OWNER)
    marker = f"<!-- roadmap-bot:reply-to={command['id']} -->"
    planted = fake.add_comment(REPO, number, body=f"ha\n\n{marker}\n", user=STRANGER)
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [command["id"]]
    assert planted["id"] in [c["id"] for c in fake.comments(REPO, number)]
    assert len(replies_to(fake, number, command["id"])) == 2  # the stranger's and the bot's
    assert result.deleted == []
