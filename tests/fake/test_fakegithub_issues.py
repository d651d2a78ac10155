"""The fake's issue tracker over REST (issues, comments, reactions, labels, milestones), via PyGithub."""

from __future__ import annotations

import github
import pytest
import requests

from tests.fakegithub import FakeGitHub
from tests.support.fakehttp import raw

REPO = "alice/proj"


@pytest.fixture
def fake(fake_github_checked: FakeGitHub) -> FakeGitHub:
    fake_github_checked.add_repo(REPO, files={"README.md": "# Project\n"})
    return fake_github_checked


def test_issues_filter_by_state_labels_and_since(fake, gh):
    fake.add_issue(REPO, title="a", labels=["roadmap", "phase1"])
    fake.add_issue(REPO, title="b", labels=["roadmap"], state="closed")
    fake.add_issue(REPO, title="c")
    repo = gh.get_repo(REPO)
    assert [i.title for i in repo.get_issues()] == ["c", "a"]
    assert sorted(i.title for i in repo.get_issues(state="all", labels=["roadmap"])) == ["a", "b"]
    assert [i.title for i in repo.get_issues(state="closed")] == ["b"]
    since = raw(fake, "GET", f"/repos/{REPO}/issues", params={"since": "2999-01-01T00:00:00Z"})
    assert since.json() == []


def test_issue_lists_paginate_with_a_link_header(fake, gh):
    for n in range(5):
        fake.add_issue(REPO, title=f"issue {n}")
    first = raw(fake, "GET", f"/repos/{REPO}/issues", params={"per_page": 2})
    assert len(first.json()) == 2
    assert set(first.links) == {"next", "last"}
    assert "page=3" in first.links["last"]["url"]
    last = requests.get(
        first.links["last"]["url"], headers={"Authorization": f"token {fake.token}"}
    )
    assert len(last.json()) == 1 and set(last.links) == {"prev", "first"}
    assert len(list(gh.get_repo(REPO).get_issues(state="all"))) == 5


def test_issue_create_edit_close_with_state_reason_and_reopen(fake, gh):
    repo = gh.get_repo(REPO)
    issue = repo.create_issue(title="Learn RAG", body="body", labels=["roadmap"])
    assert (issue.number, issue.user.login, issue.state) == (1, fake.viewer, "open")
    issue.edit(state="closed", state_reason="not_planned")
    closed = repo.get_issue(1)
    assert (closed.state, closed.state_reason) == ("closed", "not_planned")
    assert closed.closed_by.login == fake.viewer
    closed.edit(state="open")
    assert repo.get_issue(1).state_reason == "reopened"
    with pytest.raises(github.GithubException) as bad:
        issue.edit(state="done")
    assert bad.value.status == 422


def test_issue_comments_create_list_get_edit_and_list_for_repo_since(fake, gh):
    fake.add_issue(REPO, title="t")
    fake.add_comment(REPO, 1, body="/done phase2.rag", user="alice")
    issue = gh.get_repo(REPO).get_issue(1)
    mine = issue.create_comment("ticked")
    assert [c.body for c in issue.get_comments()] == ["/done phase2.rag", "ticked"]
    issue.get_comment(mine.id).edit("ticked (edited)")
    assert fake.comments(REPO, 1)[1]["body"] == "ticked (edited)"
    assert gh.get_repo(REPO).get_issue(1).comments == 2
    everything = raw(fake, "GET", f"/repos/{REPO}/issues/comments").json()
    assert [c["id"] for c in everything] == [c["id"] for c in fake.comments(REPO, 1)]
    later = raw(
        fake, "GET", f"/repos/{REPO}/issues/comments", params={"since": "2999-01-01T00:00:00Z"}
    )
    assert later.json() == []


def test_comment_author_type_and_association_are_reported(fake, gh):
    fake.add_issue(REPO, title="t")
    fake.add_comment(REPO, 1, body="hi", user="alice")
    fake.add_comment(REPO, 1, body="beep", user="other-bot[bot]")
    comments = list(gh.get_repo(REPO).get_issue(1).get_comments())
    assert [c.user.type for c in comments] == ["User", "Bot"]
    assert [c.raw_data["author_association"] for c in comments] == ["OWNER", "NONE"]


def test_reactions_create_once_then_return_the_existing_one_with_200(fake, gh):
    fake.add_issue(REPO, title="t")
    comment = fake.add_comment(REPO, 1, body="/done x")
    path = f"/repos/{REPO}/issues/comments/{comment['id']}/reactions"
    first = raw(fake, "POST", path, json={"content": "+1"})
    again = raw(fake, "POST", path, json={"content": "+1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    pg_comment = gh.get_repo(REPO).get_issue(1).get_comment(comment["id"])
    assert [r.content for r in pg_comment.get_reactions()] == ["+1"]
    pg_comment.delete_reaction(first.json()["id"])
    assert fake.reactions(REPO, comment["id"]) == []
    assert raw(fake, "POST", path, json={"content": "thumbsup"}).status_code == 422


def test_issue_reactions_are_created(fake, gh):
    fake.add_issue(REPO, title="t")
    gh.get_repo(REPO).get_issue(1).create_reaction("rocket")
    assert gh.get_repo(REPO).get_issue(1).raw_data["reactions"]["rocket"] == 1


def test_labels_create_list_add_and_refuse_duplicates_with_422(fake, gh):
    repo = gh.get_repo(REPO)
    repo.create_label("roadmap", "0e8a16", "tracked by the bot")
    with pytest.raises(github.GithubException) as duplicate:
        repo.create_label("Roadmap", "000000")
    assert duplicate.value.status == 422
    assert duplicate.value.data["errors"][0]["code"] == "already_exists"
    issue = repo.create_issue(title="t")
    issue.add_to_labels("roadmap", "phase1")
    assert [label.name for label in repo.get_issue(1).labels] == ["roadmap", "phase1"]
    assert sorted(label.name for label in repo.get_labels()) == ["phase1", "roadmap"]
    assert fake.labels(REPO)[0]["color"] == "0e8a16"


def test_milestones_create_list_and_refuse_duplicates_with_422(fake, gh):
    repo = gh.get_repo(REPO)
    repo.create_milestone("Phase 1", description="foundations")
    with pytest.raises(github.GithubException) as duplicate:
        repo.create_milestone("Phase 1")
    assert duplicate.value.status == 422
    assert [m.title for m in repo.get_milestones()] == ["Phase 1"]
    assert fake.milestones(REPO)[0]["description"] == "foundations"
