"""The roadmap files, every issue and the recent comments in one GraphQL query (issue 9).

A client told which files a run reads answers ``list_issues`` and the comment scan from the
same query as the files, and must give exactly what the REST listings give.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.workspace import GitHubWorkspace
from tests.fakegithub import FakeGitHub
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"
HINTS = ["roadmap.yaml", "roadmap.state.json", "README.md", ".github/roadmap-templates"]
LISTINGS = [".github/roadmap"]
SINCE = "2026-01-08T00:00:00Z"


class Clock:
    """The fake's clock: moves only when told."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def days(self, n: float) -> None:
        self.now += timedelta(days=n)


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_repo(REPO, files={"README.md": "# Roadmap\n", "roadmap.yaml": "v: 1\n"})
    return fake_github


@pytest.fixture
def clock(fake: FakeGitHub) -> Clock:
    fake.world.clock = ticking = Clock()
    return ticking


def make_client(github_env: dict[str, str], *, view: bool) -> GitHubClient:
    time = FakeTime()
    transport = Transport(
        config_for(github_env), sleep=time.sleep, clock=time.clock, rand=time.rand
    )
    return GitHubClient(transport, REPO, files=(HINTS, LISTINGS) if view else None)


def seed_tracker(fake: FakeGitHub, clock: Clock) -> None:
    """Issues of every kind, and comments before and inside the 7-day window."""
    topic = fake.add_issue(REPO, title="Learn RAG", body="<!-- x -->", labels=("roadmap", "P1"))
    fake.add_issue(REPO, title="Old topic", labels=("roadmap",), state="closed")
    fake.add_issue(REPO, title="A bug", user="bob")
    bot = fake.add_issue(REPO, title="Bot topic", user="github-actions[bot]", labels=("Roadmap",))
    fake.add_comment(REPO, topic["number"], body="/done phase2.rag (old)", user="ada")
    clock.days(10)
    fake.add_comment(REPO, topic["number"], body="/done phase2.rag", user="ada")
    clock.days(0.01)
    fake.add_comment(REPO, bot["number"], body="Ticked ✅", user="github-actions[bot]")
    fake.add_comment(REPO, bot["number"], body="/skip", user="bob")


def test_issues_from_the_files_query_equal_the_rest_listing(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    seed_tracker(fake, clock)
    rest, graphql = make_client(github_env, view=False), make_client(github_env, view=True)
    graphql.read_files(HINTS, listings=LISTINGS)
    for label, state in [(None, "all"), ("roadmap", "all"), (None, "open"), ("roadmap", "closed")]:
        assert graphql.list_issues(label=label, state=state) == rest.list_issues(
            label=label, state=state
        )
    bot = next(i for i in graphql.list_issues(label=None) if i.title == "Bot topic")
    assert bot.author == "github-actions[bot]"  # GraphQL's Bot "github-actions", as REST spells it


def test_recent_comments_from_the_files_query_equal_the_rest_scan(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    seed_tracker(fake, clock)
    rest, graphql = make_client(github_env, view=False), make_client(github_env, view=True)
    expected = rest.list_comments(since=SINCE)
    fake.reset_requests()
    found = graphql.list_comments(since=SINCE)
    assert found == expected
    assert [c.body for c in found] == ["/done phase2.rag", "Ticked ✅", "/skip"]
    assert [c.author_type for c in found] == ["User", "Bot", "User"]
    assert [r.path for r in fake.requests] == ["/graphql"]  # files, issues and comments at once


def test_a_run_reads_files_issues_and_comments_with_one_request(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    seed_tracker(fake, clock)
    client = make_client(github_env, view=True)
    workspace = GitHubWorkspace(client, hints=HINTS, listings=LISTINGS)
    fake.reset_requests()
    client.list_comments(since=SINCE)  # the scan for unanswered commands comes first
    workspace.refresh()  # the sync's first attempt pins the head: served by the same answer
    assert workspace.read("README.md") == b"# Roadmap\n"
    assert len(client.list_issues(label=None)) == 4
    assert len(fake.requests) == 1
    workspace.refresh()  # a second refresh (the branch moved) reads again
    assert len(fake.requests) == 2


def test_issues_written_by_the_client_are_listed_afterwards(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    clock.days(10)
    client = make_client(github_env, view=True)
    client.read_files(HINTS, listings=LISTINGS)
    assert client.list_issues(label=None) == []
    made = client.create_issue(title="Learn RAG", body="b", labels=("roadmap",), milestone=None)
    assert [i.number for i in client.list_issues(label=None)] == [made.number]
    client.comment(made.number, "/done phase2.rag")
    assert [c.body for c in client.list_comments(since=SINCE)] == ["/done phase2.rag"]


def test_more_than_a_page_of_issues_is_read_in_pages_of_a_hundred(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    for n in range(230):
        fake.add_issue(REPO, title=f"topic {n}", labels=("roadmap",))
    client = make_client(github_env, view=True)
    client.read_files(HINTS, listings=LISTINGS)
    fake.reset_requests()
    listed = client.list_issues(label=None)
    assert [i.title for i in listed] == [f"topic {n}" for n in reversed(range(230))]
    assert len(fake.requests) == 2  # pages 2 and 3; page 1 came with the files


def test_a_window_busier_than_one_query_falls_back_to_the_rest_scan(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    clock.days(10)
    for n in range(60):  # more issues changed in the window than the query reads
        issue = fake.add_issue(REPO, title=f"t{n}")
        fake.add_comment(REPO, issue["number"], body=f"/done t{n}", user="ada")
    rest, graphql = make_client(github_env, view=False), make_client(github_env, view=True)
    expected = rest.list_comments(since=SINCE)
    fake.reset_requests()
    assert graphql.list_comments(since=SINCE) == expected
    assert len(expected) == 60
    assert fake.requests[0].path == "/graphql"
    assert any(r.path.endswith("/issues/comments") for r in fake.requests)


def test_an_issue_with_many_new_comments_falls_back_to_the_rest_scan(
    fake: FakeGitHub, clock: Clock, github_env: dict[str, str]
) -> None:
    clock.days(10)
    issue = fake.add_issue(REPO, title="busy")
    for n in range(70):
        fake.add_comment(REPO, issue["number"], body=f"comment {n}", user="ada")
    rest, graphql = make_client(github_env, view=False), make_client(github_env, view=True)
    assert graphql.list_comments(since=SINCE) == rest.list_comments(since=SINCE)
    assert len(graphql.list_comments(since=SINCE)) == 70
