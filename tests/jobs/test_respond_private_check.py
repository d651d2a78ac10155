"""``/check`` on an item linked to a private repo: in a public roadmap repo, a reader without
write access gets the verdict only (no file names, evidence sentences or commit); the owner and
collaborators with write get everything, and so does everyone in a private roadmap repo."""

from __future__ import annotations

import pytest

from tests.fakegithub import FakeGitHub
from tests.support.respond import (
    NOTES_README,
    OWNER,
    REPO,
    STRANGER,
    comment_event,
    new_issue,
    replies_to,
    run,
    seed,
)

SECRET = "ada/secret-notes"
SECRET_FILE = "README.md"


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    seed(fake_github)
    fake_github.add_repo(SECRET, files={SECRET_FILE: NOTES_README}, private=True)
    fake_github.add_repo("ada/public-notes", files={"README.md": NOTES_README})
    return fake_github


def ask(fake: FakeGitHub, env: dict[str, str], body: str, *, user: str = OWNER) -> str:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, body, user=user)
    result = run(env, event)
    assert result.exit_code == 0, result.notes
    (reply,) = replies_to(fake, number, comment_id)
    return reply


def link(fake: FakeGitHub, env: dict[str, str], repo: str) -> None:
    ask(fake, env, f"/link phase0.rag {repo}")


@pytest.mark.parametrize("reader", [STRANGER, "rita", "tim"])  # no access, read, triage
def test_a_readers_check_of_an_item_linked_to_a_private_repo_gets_the_verdict_only(
    fake: FakeGitHub, github_env: dict[str, str], reader: str
) -> None:
    link(fake, github_env, SECRET)
    reply = ask(fake, github_env, "/check phase0.rag", user=reader)
    assert "The rule **holds**." in reply
    assert SECRET_FILE not in reply and "readme:" not in reply
    assert fake.head(SECRET)[:7] not in reply and "/commit/" not in reply
    assert "only people with write access to this repository see which files" in reply


@pytest.mark.parametrize("reader", [OWNER, "wendy", "max"])  # owner, write, maintain
def test_the_owner_and_writers_get_the_evidence_of_a_private_repo(
    fake: FakeGitHub, github_env: dict[str, str], reader: str
) -> None:
    link(fake, github_env, SECRET)
    reply = ask(fake, github_env, "/check phase0.rag", user=reader)
    assert "- ✔️ readme: README.md has" in reply
    assert f"/{SECRET}/commit/{fake.head(SECRET)}" in reply


def test_a_strangers_check_of_an_item_linked_to_a_public_repo_shows_the_evidence(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    link(fake, github_env, "ada/public-notes")
    reply = ask(fake, github_env, "/check phase0.rag", user=STRANGER)
    assert "- ✔️ readme: README.md has" in reply and "only people with write" not in reply


def test_a_strangers_check_with_one_private_repo_among_public_ones_gets_the_verdict_only(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    link(fake, github_env, "ada/public-notes")
    link(fake, github_env, SECRET)
    reply = ask(fake, github_env, "/check phase0.rag", user=STRANGER)
    assert SECRET_FILE not in reply and "only people with write" in reply


def test_in_a_private_roadmap_repo_every_reader_gets_the_evidence(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    with fake.world.lock:
        fake.world.repo(REPO).private = True
    link(fake, github_env, SECRET)
    reply = ask(fake, github_env, "/check phase0.rag", user="rita")
    assert "- ✔️ readme: README.md has" in reply
