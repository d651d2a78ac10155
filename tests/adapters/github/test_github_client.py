"""GitHubClient against the fake GitHub: every write the sync and the commands need."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.errors import ConflictError, GitHubError, UsageError
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"


@pytest.fixture
def fake(fake_github_checked: FakeGitHub) -> FakeGitHub:
    """The fake with a roadmap repo; all REST traffic is checked against GitHub's OpenAPI."""
    fake_github_checked.add_repo(REPO, files={"README.md": "# Roadmap\n", "roadmap.yaml": "v: 1\n"})
    return fake_github_checked


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def transport(github_env: dict[str, str], time: FakeTime) -> Transport:
    return Transport(config_for(github_env), sleep=time.sleep, clock=time.clock, rand=time.rand)


@pytest.fixture
def client(fake: FakeGitHub, transport: Transport) -> GitHubClient:
    return GitHubClient(transport, REPO)


def test_list_issues_filters_by_label_and_state(fake: FakeGitHub, client: GitHubClient) -> None:
    fake.add_issue(REPO, title="Learn RAG", body="b", labels=("roadmap",))
    fake.add_issue(REPO, title="Unrelated bug")
    fake.add_issue(REPO, title="Old topic", labels=("roadmap",), state="closed")
    titles = {i.title for i in client.list_issues()}
    assert titles == {"Learn RAG", "Old topic"}
    assert {i.title for i in client.list_issues(state="open")} == {"Learn RAG"}
    assert len(client.list_issues(label=None)) == 3
    rag = next(i for i in client.list_issues() if i.title == "Learn RAG")
    assert rag.labels == ("roadmap",) and rag.author == "octocat" and rag.url.endswith("/issues/1")


def test_list_issues_pages_through_many_issues_with_few_requests(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    for n in range(230):
        fake.add_issue(REPO, title=f"topic {n}", labels=("roadmap",))
    fake.reset_requests()
    assert len(client.list_issues()) == 230
    assert len(fake.requests) == 3  # 100 a page


def test_create_edit_close_and_reopen_an_issue(fake: FakeGitHub, client: GitHubClient) -> None:
    client.ensure_label("roadmap", color="#0e8a16", description="Roadmap topics")
    number = client.ensure_milestone("Phase 1", due_on="2025-03-01")
    issue = client.create_issue(
        title="Learn RAG", body="body", labels=["roadmap"], milestone=number
    )
    assert isinstance(issue, IssueInfo) and issue.state == "open" and issue.labels == ("roadmap",)
    assert fake.issues(REPO)[0]["milestone"]["number"] == number
    client.edit_issue(issue.number, title="Learn RAG well", labels=["roadmap", "phase-1"])
    client.close_issue(issue.number, reason="not_planned")
    stored = fake.issues(REPO)[0]
    assert stored["title"] == "Learn RAG well" and stored["body"] == "body"
    assert stored["state"] == "closed" and stored["state_reason"] == "not_planned"
    client.reopen_issue(issue.number)
    assert fake.issues(REPO)[0]["state"] == "open"


def test_close_reason_must_be_one_github_knows(client: GitHubClient) -> None:
    with pytest.raises(UsageError, match="completed"):
        client.close_issue(1, reason="done")


def test_comments_reactions_and_listing_since(fake: FakeGitHub, client: GitHubClient) -> None:
    issue = fake.add_issue(REPO, title="Learn RAG", labels=("roadmap",))
    human = fake.add_comment(REPO, issue["number"], body="/done phase2.rag", user="ada")
    mine = client.comment(issue["number"], "Ticked ✅")
    assert isinstance(mine, CommentInfo) and mine.issue_number == issue["number"]
    assert mine.author_type == "Bot"
    client.add_reaction(human["id"], "eyes")
    client.add_reaction(human["id"], "eyes")  # again: GitHub answers 200 with the same one
    found = fake.reactions(REPO, human["id"])
    assert [(r["user"]["login"], r["content"]) for r in found] == [(mine.author, "eyes")]
    everywhere = client.list_comments()
    first = everywhere[0]
    assert (first.id, first.issue_number, first.author) == (human["id"], issue["number"], "ada")
    assert {c.body for c in client.list_comments(issue_number=issue["number"])} == {
        "/done phase2.rag",
        "Ticked ✅",
    }
    assert client.list_comments(since="2999-01-01T00:00:00Z") == []


def test_a_malformed_since_is_a_usage_error(client: GitHubClient) -> None:
    with pytest.raises(UsageError, match="ISO-8601"):
        client.list_comments(since="yesterday")


@pytest.mark.parametrize("role", ["admin", "maintain", "write", "triage", "read"])
def test_permission_tells_every_role_apart(
    fake: FakeGitHub, client: GitHubClient, role: str
) -> None:
    fake.add_user("bob")
    fake.add_collaborator(REPO, "bob", role)
    assert client.permission("bob") == role


def test_the_owner_is_admin_and_a_stranger_has_no_role(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    fake.add_user("mallory")
    assert client.permission("ada") == "admin"
    assert client.permission("mallory") in ("none", "read")
    assert client.permission("no-such-user") == "none"


def test_permission_raises_when_github_cannot_answer(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    fake.inject(Fault(match="GET /repos/*/collaborators/*/permission", status=500, times=-1))
    with pytest.raises(GitHubError, match="permission"):
        client.permission("ada")


def test_ensure_label_and_milestone_create_once_then_reuse(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    client.ensure_label("phase-1", color="ededed", description="Phase 1")
    client.ensure_label("phase-1", color="ededed", description="Phase 1")
    first = client.ensure_milestone("Phase 2", due_on="2025-06-01")
    assert client.ensure_milestone("Phase 2", due_on=None) == first
    assert [lb["name"] for lb in fake.labels(REPO)].count("phase-1") == 1
    assert [m["title"] for m in fake.milestones(REPO)] == ["Phase 2"]
    assert fake.milestones(REPO)[0]["due_on"].startswith("2025-06-01")
    writes = [r for r in fake.requests if r.is_write]
    assert len(writes) == 2


def test_read_file_and_default_branch_head(fake: FakeGitHub, client: GitHubClient) -> None:
    branch, sha = client.default_branch_head()
    assert (branch, sha) == ("main", fake.head(REPO))
    assert client.read_file("README.md") == b"# Roadmap\n"
    assert client.read_file("missing.md") is None
    fake.commit(REPO, {"README.md": "# Changed\n"})
    assert client.read_file("README.md", ref=sha) == b"# Roadmap\n"


def test_commit_changed_writes_one_commit_and_deletes_with_none(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    _, parent = client.default_branch_head()
    badge = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    png = bytes(range(256))
    new = client.commit_changed(
        {
            "README.md": b"# Roadmap\n",
            ".github/roadmap/b.svg": badge,
            "x.png": png,
            "roadmap.yaml": None,
        },
        message="roadmap-bot: update",
        parent=parent,
    )[0]
    assert new == fake.head(REPO) and new != parent
    assert fake.files(REPO) == {
        "README.md": b"# Roadmap\n",
        ".github/roadmap/b.svg": badge,
        "x.png": png,
    }
    blobs = [r for r in fake.requests if r.path.endswith("/git/blobs")]
    assert len(blobs) == 1  # only the binary x.png: text travels inside the tree request


def test_commit_changed_commits_nothing_when_nothing_changed(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    _, parent = client.default_branch_head()
    fake.reset_requests()
    same = client.commit_changed(
        {"README.md": b"# Roadmap\n", "gone.txt": None}, message="noop", parent=parent
    )[0]
    assert same == parent == fake.head(REPO)
    assert not [r for r in fake.requests if r.is_write]


def test_a_branch_that_moved_before_the_ref_update_raises_conflict_and_is_not_forced(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    _, parent = client.default_branch_head()
    fake.inject(Fault(match="PATCH /repos/*/git/refs/*", move_ref=True))
    with pytest.raises(ConflictError, match="moved"):
        client.commit_changed({"README.md": b"# New\n"}, message="bot", parent=parent)[0]
    moved = fake.head(REPO)
    assert moved != parent and fake.files(REPO)["README.md"] == b"# Roadmap\n"


def test_writes_are_spaced_at_least_one_second_apart(
    fake: FakeGitHub, client: GitHubClient, time: FakeTime, transport: Transport
) -> None:
    fake.add_issue(REPO, title="t")
    for body in ("one", "two", "three"):
        client.comment(1, body)
    assert time.sleeps == [1.0, 1.0]
    assert transport.stats().rest_write == 3 and transport.stats().waited == 2.0


def test_stats_count_requests_by_kind_and_the_quota_left(
    fake: FakeGitHub, client: GitHubClient, transport: Transport
) -> None:
    client.list_issues()
    client.comment(fake.add_issue(REPO, title="t")["number"], "hi")
    stats = transport.stats()
    assert (stats.rest_read, stats.rest_write, stats.graphql) == (1, 1, 0)
    assert stats.core_remaining == fake.rate_limit["core"].remaining


def test_a_failed_listing_names_what_failed_and_where_once(
    fake: FakeGitHub, client: GitHubClient
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", status=500, times=-1))
    with pytest.raises(GitHubError) as raised:
        client.list_issues(label=None, state="all")
    message = str(raised.value)
    assert message.startswith(f"listing issues in {REPO} failed"), message
    assert message.count("listing issues") == 1
