"""GitHubClient.scan_comments, delete_comment and repo_visibility against the fake GitHub (the
usual paths' REST traffic checked against GitHub's OpenAPI description): comment listings read
page by page through ``Link`` headers, bounded by requests and saying when the bound cut them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.errors import GitHubError
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"
START = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    ticks = itertools.count()
    fake_github.world.clock = lambda: START + timedelta(seconds=next(ticks))
    fake_github.add_repo(REPO, files={"README.md": "# Roadmap\n"})
    fake_github.add_repo("ada/closed", files={"README.md": "# x\n"}, private=True)
    return fake_github


@pytest.fixture
def checked(fake: FakeGitHub, fake_github_checked: FakeGitHub) -> FakeGitHub:
    """The same fake, its traffic checked against GitHub's OpenAPI description at the end."""
    return fake


@pytest.fixture
def client(fake: FakeGitHub, github_env: dict[str, str]) -> GitHubClient:
    time = FakeTime()
    transport = Transport(
        config_for(github_env), sleep=time.sleep, clock=time.clock, rand=time.rand
    )
    return GitHubClient(transport, REPO)


def listings(fake: FakeGitHub, path: str) -> int:
    return sum(1 for r in fake.requests if r.method == "GET" and r.path == path)


def test_one_issues_comments_are_read_page_by_page_up_to_the_bound(
    checked: FakeGitHub, client: GitHubClient
) -> None:
    fake = checked
    number = int(fake.add_issue(REPO, title="Chat")["number"])
    ids = [fake.add_comment(REPO, number, body=f"c{i}")["id"] for i in range(250)]
    path = f"/repos/{REPO}/issues/{number}/comments"
    fake.reset_requests()
    cut = client.scan_comments(since="2026-03-01T00:00:00Z", issue_number=number, max_pages=2)
    assert not cut.complete and cut.pages == 2 and [c.id for c in cut.comments] == ids[:200]
    assert listings(fake, path) == 2
    whole = client.scan_comments(since="2026-03-01T00:00:00Z", issue_number=number, max_pages=3)
    assert whole.complete and [c.id for c in whole.comments] == ids
    assert {c.issue_number for c in whole.comments} == {number}
    assert listings(fake, path) == 5


def test_the_repos_comments_are_read_oldest_first_from_since_on(
    checked: FakeGitHub, client: GitHubClient
) -> None:
    fake = checked
    numbers = [int(fake.add_issue(REPO, title=f"i{i}")["number"]) for i in range(3)]
    ids = [fake.add_comment(REPO, numbers[i % 3], body=f"c{i}")["id"] for i in range(130)]
    since = "2026-03-01T00:00:10Z"  # the clock ticks a second per record: skips the first few
    scan = client.scan_comments(since=since, max_pages=5)
    assert scan.complete and scan.pages == 2
    assert [c.id for c in scan.comments] == ids[-len(scan.comments) :]
    expected = [numbers[i % 3] for i in range(130)][-len(scan.comments) :]
    assert len(scan.comments) < 130 and [c.issue_number for c in scan.comments] == expected


def test_a_next_page_link_to_another_host_is_not_followed(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    number = int(fake.add_issue(REPO, title="Chat")["number"])
    page = [fake.add_comment(REPO, number, body="hi")]
    fake.inject(
        Fault(
            f"GET /repos/{REPO}/issues/{number}/comments",
            status=200,
            body=page,
            headers={"link": '<https://evil.example/steal?page=2>; rel="next"'},
        )
    )
    with pytest.raises(GitHubError, match="next-page link points to another host"):
        client.scan_comments(since="2026-03-01T00:00:00Z", issue_number=number, max_pages=3)


@pytest.mark.parametrize("body", [{"message": "odd"}, [{"body": "no id"}]])
def test_a_malformed_comment_page_is_an_explained_error(
    fake: FakeGitHub, client: GitHubClient, body: object
) -> None:
    number = int(fake.add_issue(REPO, title="Chat")["number"])
    fake.inject(Fault(f"GET /repos/{REPO}/issues/{number}/comments", status=200, body=body))
    with pytest.raises(GitHubError, match="listing comments of issue #1"):
        client.scan_comments(since="2026-03-01T00:00:00Z", issue_number=number, max_pages=3)


def test_deleting_a_comment_removes_it_and_its_reactions(
    checked: FakeGitHub, client: GitHubClient
) -> None:
    number = int(checked.add_issue(REPO, title="Chat")["number"])
    posted = client.comment(number, "a reply")
    client.add_reaction(posted.id, "eyes")
    assert client.delete_comment(posted.id) is True
    assert checked.comments(REPO, number) == [] and checked.reactions(REPO, posted.id) == []


def test_deleting_a_comment_another_run_deleted_says_it_was_gone(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    number = int(fake.add_issue(REPO, title="Chat")["number"])
    posted = client.comment(number, "a reply")
    assert client.delete_comment(posted.id) is True
    assert client.delete_comment(posted.id) is False  # GitHub: 404 (its OpenAPI lists only 204)


def test_repo_visibility_is_public_private_or_unknown(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    assert client.repo_visibility(REPO) == "public"
    assert client.repo_visibility("ada/closed") == "private"
    assert client.repo_visibility("ada/nowhere") is None
    assert client.repo_visibility("not a repo") is None
