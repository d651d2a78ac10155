"""respond(): closing and reopening the bot's item issues ticks, skips and undoes items."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.events import IssueClosed, IssueReopened, event_from_payload
from roadmap_bot.core.model import TickSource
from tests.fakegithub import FakeGitHub
from tests.support.respond import (
    OWNER,
    REPO,
    issue_payload,
    new_issue,
    open_topic_issues,
    readme_of,
    run,
    state_of,
    writes,
)

COMMIT = f"PATCH /repos/{REPO}/git/refs/heads/main"


@pytest.fixture
def issues(fake: FakeGitHub, github_env: dict[str, str]) -> dict[str, int]:
    """The bot's open issues: phase0.python and phase0.git."""
    return open_topic_issues(github_env)


def event(
    fake: FakeGitHub, number: int, action: str, actor: str = OWNER
) -> IssueClosed | IssueReopened:
    typed = event_from_payload("issues", issue_payload(fake, number, action, actor=actor))
    assert isinstance(typed, IssueClosed | IssueReopened)
    return typed


def html_url(fake: FakeGitHub, number: int) -> str:
    return next(i["html_url"] for i in fake.issues(REPO) if i["number"] == number)


def test_closing_as_completed_ticks_with_who_closed_it_and_the_issue(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int]
) -> None:
    number = issues["phase0.python"]
    result = run(github_env, event(fake, number, "completed", actor="wendy"))
    tick = state_of(fake).ticks["phase0.python"]
    assert (tick.source, tick.by, tick.url) == (TickSource.MANUAL, "wendy", html_url(fake, number))
    assert result.ticked == ["phase0.python"] and len(result.commits) == 1
    assert "- [x] Python basics" in readme_of(fake)


def test_closing_as_not_planned_skips_and_reopening_undoes_it(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int]
) -> None:
    number = issues["phase0.git"]
    result = run(github_env, event(fake, number, "not_planned"))
    assert result.changed("skipped") == ["phase0.git"]
    assert state_of(fake).skips["phase0.git"].url == html_url(fake, number)
    result = run(github_env, event(fake, number, "reopened"))
    assert result.changed("unskipped") == ["phase0.git"] and state_of(fake).skips == {}
    assert "- [ ] Git workflow" in readme_of(fake)


def test_reopening_undoes_a_tick_and_the_issue_stays_open(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int]
) -> None:
    number = issues["phase0.python"]
    run(github_env, event(fake, number, "completed"))
    result = run(github_env, event(fake, number, "reopened"))
    assert result.changed("unticked") == ["phase0.python"] and state_of(fake).ticks == {}
    assert next(i for i in fake.issues(REPO) if i["number"] == number)["state"] == "open"


def test_replaying_a_close_changes_nothing(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int]
) -> None:
    closed = event(fake, issues["phase0.python"], "completed")
    run(github_env, closed)
    fake.reset_requests()
    result = run(github_env, closed)
    assert writes(fake) == [] and result.ticked == [] and result.commits == []


def test_an_overtaken_close_means_nothing(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int]
) -> None:
    number = issues["phase0.python"]
    closed = event(fake, number, "completed")
    event(fake, number, "reopened")  # reopened before the close's run started
    result = run(github_env, closed)
    assert state_of(fake).ticks == {} and "stale or replayed" in " ".join(result.notes)


def test_closes_by_bots_and_closes_of_other_issues_are_ignored(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int]
) -> None:
    by_bot = event(fake, issues["phase0.python"], "completed", actor="github-actions[bot]")
    other = event(fake, new_issue(fake), "completed")
    fake.reset_requests()
    assert run(github_env, by_bot).commits == [] and run(github_env, other).commits == []
    assert writes(fake) == [] and state_of(fake).ticks == {}


@pytest.mark.parametrize("login", ["tim", "rita"])
def test_a_close_without_write_access_is_refused_once(
    fake: FakeGitHub, github_env: dict[str, str], issues: dict[str, int], login: str
) -> None:
    number = issues["phase0.python"]
    closed = event(fake, number, "completed", actor=login)
    run(github_env, closed)
    run(github_env, closed)
    refusals = [c["body"] for c in fake.comments(REPO, number) if f"@{login} closing" in c["body"]]
    assert len(refusals) == 1 and "nothing changed" in refusals[0]
    assert state_of(fake).ticks == {}
