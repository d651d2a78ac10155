"""respond(): who may run which command — owner, maintain, write, triage, read, stranger, bot."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.events import Ignored, event_from_payload
from tests.fakegithub import FakeGitHub, Fault
from tests.support.respond import (
    BOT,
    OWNER,
    REPO,
    STRANGER,
    comment_event,
    comment_payload,
    new_issue,
    reactions,
    replies_to,
    run,
    state_of,
    writes,
)

COMMIT = f"PATCH /repos/{REPO}/git/refs/heads/main"
# login → (allowed to change the roadmap, what the refusal says they have)
WHO = {
    OWNER: (True, ""),
    "max": (True, ""),  # maintain
    "wendy": (True, ""),  # write
    "tim": (False, "you have the triage role"),
    "rita": (False, "you have the read role"),
    STRANGER: (False, "you have the read role"),  # public repo: everyone may read
}


@pytest.mark.parametrize("login", list(WHO))
@pytest.mark.parametrize(
    "body",
    [
        "/done phase0.python",
        "/undo phase0.python",
        "/skip phase0.git",
        "/unskip phase0.git",
        "/link phase0.rag ada/tiny",
        "/unlink phase0.rag ada/tiny",
        "/next",
    ],
)
def test_changing_commands_need_write_maintain_admin_or_ownership(
    fake: FakeGitHub, github_env: dict[str, str], login: str, body: str
) -> None:
    allowed, has = WHO[login]
    number = new_issue(fake, user=login)
    event, comment_id = comment_event(fake, number, body, user=login)
    before = state_of(fake)
    run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    if allowed:
        assert reactions(fake, comment_id)[0] == "eyes" and "🚫" not in reply
        return
    assert reactions(fake, comment_id) == ["eyes", "confused"]
    assert reply.startswith(f"@{login} some of this did not go through.")
    assert f"🚫 `{body}` — `{body.split()[0]}` changes the roadmap" in reply and has in reply
    assert state_of(fake) == before and not fake.issues(REPO)[1:]  # no issue opened either


@pytest.mark.parametrize("login", list(WHO))
def test_read_only_commands_are_answered_for_anyone(
    fake: FakeGitHub, github_env: dict[str, str], login: str
) -> None:
    number = new_issue(fake, user=login)
    event, comment_id = comment_event(fake, number, "/status\n/check phase0.rag\n/help", user=login)
    fake.reset_requests()
    run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    assert reply.startswith(f"@{login} done.") and "### Progress" in reply
    assert reactions(fake, comment_id) == ["eyes", "+1"]
    assert COMMIT not in writes(fake)


def test_the_permission_look_up_sends_the_collaborator_api_only_for_changing_commands(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake, user="wendy")
    event, _ = comment_event(fake, number, "/status", user="wendy")
    fake.reset_requests()
    run(github_env, event)
    assert not [r for r in fake.requests if r.path.endswith("/permission")]
    event, _ = comment_event(fake, number, "/done phase0.python", user="wendy")
    fake.reset_requests()
    run(github_env, event)
    looked_up = [r.path for r in fake.requests if r.path.endswith("/permission")]
    assert looked_up == [f"/repos/{REPO}/collaborators/wendy/permission"]


def test_a_failed_look_up_refuses_changes_but_serves_the_owner_and_read_only_commands(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake.inject(Fault(match=f"GET /repos/{REPO}/collaborators/*", status=502, times=-1))
    number = new_issue(fake, user="wendy")
    event, comment_id = comment_event(fake, number, "/done phase0.python\n/status", user="wendy")
    result = run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    assert "I could not look up your access to this repository" in reply
    assert "💬 `/status` — progress below" in reply
    assert state_of(fake).ticks == {} and result.exit_code == 0
    event, _ = comment_event(fake, number, "/done phase0.python")  # the owner needs no look-up
    run(github_env, event)
    assert "phase0.python" in state_of(fake).ticks


def test_comments_by_bots_are_ignored_entirely(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    payload = comment_payload(fake, number, "/done phase0.python\n/status", user=BOT)
    event = event_from_payload("issue_comment", payload)
    assert isinstance(event, Ignored)
    fake.reset_requests()
    result = run(github_env, event)
    assert writes(fake) == [] and result.answered == [] and result.replies == []
    # nor is a bot's comment picked up later as an unanswered command
    event, comment_id = comment_event(fake, number, "/status")
    result = run(github_env, event)
    assert result.answered == [comment_id]
    assert reactions(fake, int(payload["comment"]["id"])) == []


def test_a_reply_marker_forged_by_a_stranger_does_not_silence_a_command(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/done phase0.python", user=OWNER)
    fake.add_comment(
        REPO, number, body=f"<!-- roadmap-bot:reply-to={waiting['id']} -->", user=STRANGER
    )
    event, _ = comment_event(fake, number, "/status")
    result = run(github_env, event)
    assert result.answered[0] == waiting["id"] and "phase0.python" in state_of(fake).ticks
