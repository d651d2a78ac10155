"""respond() when GitHub refuses a side request: the run says what it could not do, replies
once, and never answers on an unsure read; events about another repository are ignored."""

from __future__ import annotations

from roadmap_bot.core.commands.events import event_from_payload
from roadmap_bot.jobs.respond.comments import handle_pending
from tests.fakegithub import FakeGitHub
from tests.fakegithub.faults import Fault
from tests.support.respond import (
    BOT,
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


def test_an_event_about_another_repository_is_ignored_with_a_note(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    payload = comment_payload(fake, number, "/done phase0.python")
    payload["repository"]["full_name"] = "eve/other"
    result = run(github_env, event_from_payload("issue_comment", payload))
    assert result.notes == [f"the event is about eve/other, not {REPO}: ignored"]
    assert result.exit_code == 0 and result.answered == []
    assert replies_to(fake, number, int(payload["comment"]["id"])) == []
    assert reactions(fake, int(payload["comment"]["id"])) == []
    assert "phase0.python" not in state_of(fake).ticks


def test_a_refused_reaction_is_noted_and_the_command_still_carried_out(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    fake.inject(
        Fault(match=f"POST /repos/{REPO}/issues/comments/*/reactions", status=502, times=-1)
    )
    result = run(github_env, event)
    assert result.answered == [comment_id] and len(replies_to(fake, number, comment_id)) == 1
    assert "phase0.python" in state_of(fake).ticks
    noted = [n for n in result.notes if n.startswith(f"could not react to comment {comment_id}:")]
    assert len(noted) == 2  # 👀 and 👍
    assert reactions(fake, comment_id) == []


def test_an_unreadable_issue_before_replying_leaves_the_comment_for_the_next_run(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    fake.inject(Fault(match=f"GET /repos/{REPO}/issues/{number}/comments", status=502))
    result = run(github_env, event)
    assert result.exit_code == 1 and result.answered == []
    assert any(f"could not re-read the replies to comment {comment_id}" in n for n in result.notes)
    assert replies_to(fake, number, comment_id) == []
    assert "phase0.python" not in state_of(fake).ticks
    later = run(github_env, event)
    assert later.answered == [comment_id] and len(replies_to(fake, number, comment_id)) == 1


def test_an_unreadable_issue_after_replying_keeps_the_reply_posted(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    fake.inject(Fault(match=f"GET /repos/{REPO}/issues/{number}/comments", status=502, after=2))
    result = run(github_env, event)
    assert result.answered == [comment_id] and len(replies_to(fake, number, comment_id)) == 1
    assert any(
        n.startswith(f"could not re-read the replies to {comment_id}:") for n in result.notes
    )
    assert "phase0.python" in state_of(fake).ticks


def test_a_duplicate_reply_that_cannot_be_deleted_is_noted_and_both_stay(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    command = fake.add_comment(REPO, number, body="/status", user=OWNER)
    marker = f"<!-- roadmap-bot:reply-to={command['id']} -->"
    first = fake.add_comment(REPO, number, body=f"first\n\n{marker}\n", user=BOT)
    second = fake.add_comment(REPO, number, body=f"second\n\n{marker}\n", user=BOT)
    fake.inject(Fault(match=f"DELETE /repos/{REPO}/issues/comments/*", status=502, times=-1))
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.deleted == [] and result.answered == []
    assert any(
        n.startswith(f"could not delete the duplicate reply {second['id']}:") for n in result.notes
    )
    kept = [c["id"] for c in fake.comments(REPO, number) if marker in c["body"]]
    assert kept == [first["id"], second["id"]]


def test_a_linked_repo_whose_visibility_cannot_be_read_counts_as_not_public(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    setup = new_issue(fake)
    event, _ = comment_event(
        fake, setup, "/link phase0.rag ada/rag-notes\n/link phase0.git ada/rag-notes"
    )
    run(github_env, event)
    fake.inject(Fault(match="GET /repos/ada/rag-notes", status=502, times=-1))
    number = new_issue(fake)
    event, comment_id = comment_event(
        fake, number, "/check phase0.rag\n/check phase0.git", user=STRANGER
    )
    assert run(github_env, event).exit_code == 0
    (reply,) = replies_to(fake, number, comment_id)
    assert "only people with write access to this repository see which files" in reply
    assert "readme:" not in reply


def test_a_command_whose_commit_fails_is_answered_as_not_saved(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    fake.inject(Fault(match=f"PATCH /repos/{REPO}/git/refs/*", status=502, times=-1))
    result = run(github_env, event)
    assert result.exit_code == 1 and "phase0.python" not in state_of(fake).ticks
    (reply,) = replies_to(fake, number, comment_id)
    assert "— not saved" in reply
    assert reactions(fake, comment_id) == ["eyes", "confused"]
