"""The fake's ``pinIssue`` mutation and ``Issue.editor``/``isPinned``, in GitHub's real shape
(validated against the published schema by the endpoint): at most three pins per repository."""

from __future__ import annotations

import pytest
import requests

from tests.fakegithub import FakeGitHub
from tests.fakegithub import tracker as fake_tracker

REPO = "alice/proj"
PIN = "mutation P($id: ID!) { pinIssue(input: {issueId: $id}) { issue { number isPinned } } }"
READ = (
    'query R($n: Int!) { repository(owner: "alice", name: "proj") '
    "{ issue(number: $n) { id isPinned editor { __typename login } } } }"
)


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_repo(REPO)
    return fake_github


def gql(fake: FakeGitHub, query: str, **variables: object) -> dict:
    response = requests.post(
        fake.graphql_url,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=10,
    )
    assert response.status_code == 200
    return response.json()


def issue_node(fake: FakeGitHub, number: int) -> dict:
    return gql(fake, READ, n=number)["data"]["repository"]["issue"]


def test_pin_issue_pins_records_the_pin_and_refuses_a_fourth(fake: FakeGitHub) -> None:
    numbers = [int(fake.add_issue(REPO, title=f"i{n}")["number"]) for n in range(4)]
    for number in numbers[:3]:
        answer = gql(fake, PIN, id=issue_node(fake, number)["id"])
        assert answer == {"data": {"pinIssue": {"issue": {"number": number, "isPinned": True}}}}
    assert fake.world.repo(REPO).pinned == numbers[:3]
    again = gql(fake, PIN, id=issue_node(fake, numbers[0])["id"])  # pinning again: no change
    assert "errors" not in again and fake.world.repo(REPO).pinned == numbers[:3]

    fourth = gql(fake, PIN, id=issue_node(fake, numbers[3])["id"])

    assert fourth["data"] == {"pinIssue": None}
    assert fourth["errors"][0]["message"] == "You can't pin more than 3 issues"
    assert fourth["errors"][0]["path"] == ["pinIssue"]
    assert issue_node(fake, numbers[3])["isPinned"] is False


def test_an_unknown_node_id_is_not_found_and_other_mutations_are_not_modelled(
    fake: FakeGitHub,
) -> None:
    missing = gql(fake, PIN, id="MDU6SXNzdWU5OTk5OTk=")
    assert missing["errors"][0]["type"] == "NOT_FOUND"
    other = gql(fake, 'mutation { addStar(input: {starrableId: "x"}) { clientMutationId } }')
    assert "does not model mutations" in other["errors"][0]["message"]


def test_the_editor_is_who_last_changed_the_body(fake: FakeGitHub) -> None:
    fake.add_user("bob")
    number = int(fake.add_issue(REPO, title="t", body="one")["number"])
    assert issue_node(fake, number)["editor"] is None  # never edited
    with fake.world.lock:
        repo = fake.world.repo(REPO)
        fake_tracker.update_issue(
            fake.world, repo, repo.issues[number], {"body": "two"}, actor="bob"
        )
        fake_tracker.update_issue(
            fake.world, repo, repo.issues[number], {"title": "u"}, actor="alice"
        )
    assert issue_node(fake, number)["editor"] == {"__typename": "User", "login": "bob"}
