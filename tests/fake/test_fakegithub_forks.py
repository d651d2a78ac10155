"""Forks and repos generated from a template on the fake, as GitHub's GraphQL and REST show them."""

from __future__ import annotations

import requests

from tests.fakegithub import FakeGitHub

ORIGIN = """
query Origin($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    isFork isTemplate
    parent { nameWithOwner defaultBranchRef { target { oid } } }
    templateRepository { nameWithOwner isTemplate }
    object(expression: "HEAD:") { ... on Tree { entries { name oid } } }
  }
}
"""


def origin_of(fake: FakeGitHub, full_name: str) -> dict:
    owner, name = full_name.split("/")
    answer = requests.post(
        fake.graphql_url,
        json={"query": ORIGIN, "variables": {"owner": owner, "name": name}},
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=10,
    ).json()
    assert "errors" not in answer, answer
    return answer["data"]["repository"]


def test_a_fork_shares_its_parents_commits_and_names_its_parent(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("course/x", files={"README.md": "# X\n", "a.py": "a = 1\n"})
    fake_github.fork_repo("course/x", "ada/x")
    assert fake_github.head("ada/x") == fake_github.head("course/x")
    node = origin_of(fake_github, "ada/x")
    assert node["isFork"] and node["templateRepository"] is None
    assert node["parent"]["nameWithOwner"] == "course/x"
    assert node["parent"]["defaultBranchRef"]["target"]["oid"] == fake_github.head("course/x")
    fake_github.commit("ada/x", {"a.py": "a = 2\n"})
    ours = {e["name"]: e["oid"] for e in origin_of(fake_github, "ada/x")["object"]["entries"]}
    theirs = {e["name"]: e["oid"] for e in origin_of(fake_github, "course/x")["object"]["entries"]}
    assert ours["README.md"] == theirs["README.md"] and ours["a.py"] != theirs["a.py"]
    assert fake_github.pygithub().get_repo("ada/x").fork is True


def test_a_generated_repo_has_new_history_and_names_its_template(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("course/x", files={"README.md": "# X\n"})
    fake_github.generate_repo("course/x", "bob/y")
    assert fake_github.head("bob/y") != fake_github.head("course/x")
    assert fake_github.files("bob/y") == fake_github.files("course/x")
    node = origin_of(fake_github, "bob/y")
    assert not node["isFork"] and node["parent"] is None
    assert node["templateRepository"] == {"nameWithOwner": "course/x", "isTemplate": True}


def test_a_parent_the_token_cannot_see_is_null(fake_github: FakeGitHub) -> None:
    fake_github.add_repo("course/x", files={"README.md": "# X\n"})
    fake_github.fork_repo("course/x", "ada/x")
    fake_github.set_access("course/x", visible=False)
    node = origin_of(fake_github, "ada/x")
    assert node["isFork"] and node["parent"] is None
