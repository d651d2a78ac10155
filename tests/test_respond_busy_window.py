"""The comment scan in a busy week: every comment of the look-back window is read (page by page,
bounded by requests, with the bound said out loud), edits follow one policy, and a replayed old
delivery finds its earlier reply however many comments came after it."""

from __future__ import annotations

from tests.fakegithub import FakeGitHub
from tests.test_respond_support import (
    NOW,
    OWNER,
    REPO,
    new_issue,
    replies_to,
    seed,
    session_for,
)
from roadmap_bot.respond import handle_pending

import pytest


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    seed(fake_github)
    return fake_github


def test_a_command_older_than_the_newest_100_comments_of_the_window_is_answered(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    waiting = fake.add_comment(REPO, number, body="/status", user=OWNER)
    chat = new_issue(fake, "Chat")
    for i in range(120):
        fake.add_comment(REPO, chat, body=f"message {i}", user="sam")
    with session_for(github_env) as session:
        result = handle_pending(session, now=NOW)
    assert result.answered == [waiting["id"]]
    assert len(replies_to(fake, number, waiting["id"])) == 1
