"""Who the fake's token acts as, answered the way GitHub answers it for each kind of token.

GitHub's facts (checked against public reports, see the notes of issue 13):
- the Actions ``GITHUB_TOKEN`` is an installation token: GraphQL ``viewer { login }`` is
  ``github-actions[bot]``, REST ``GET /user`` is 403 "Resource not accessible by integration",
  and the issues it opens are authored by ``github-actions[bot]`` (REST, type ``Bot``) — a
  ``Bot`` named ``github-actions`` in GraphQL's ``author``;
- a personal token is its person everywhere.
"""

from __future__ import annotations

import requests

from tests.fakegithub import FakeGitHub

REPO = "ada/roadmap"
VIEWER = "query { viewer { login } }"
AUTHOR = (
    'query { repository(owner: "ada", name: "roadmap") '
    "{ issue(number: 1) { author { __typename login } } } }"
)


def _get(fake: FakeGitHub, path: str) -> requests.Response:
    headers = {"Authorization": f"token {fake.token}"}
    return requests.get(f"{fake.api_url}{path}", headers=headers, timeout=10)


def _graphql(fake: FakeGitHub, query: str) -> dict:
    headers = {"Authorization": f"bearer {fake.token}"}
    answer = requests.post(fake.graphql_url, json={"query": query}, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _open_issue(fake: FakeGitHub) -> dict:
    headers = {"Authorization": f"token {fake.token}"}
    created = requests.post(
        f"{fake.api_url}/repos/{REPO}/issues", json={"title": "t"}, headers=headers, timeout=10
    )
    assert created.status_code == 201, created.text
    return created.json()


def test_an_installation_token_is_github_actions_bot_and_get_user_is_refused() -> None:
    with FakeGitHub() as fake:
        fake.add_repo(REPO)
        refused = _get(fake, "/user")
        assert refused.status_code == 403
        assert refused.json()["message"] == "Resource not accessible by integration"
        assert _graphql(fake, VIEWER)["data"]["viewer"]["login"] == "github-actions[bot]"
        issue = _open_issue(fake)
        assert (issue["user"]["login"], issue["user"]["type"]) == ("github-actions[bot]", "Bot")
        author = _graphql(fake, AUTHOR)["data"]["repository"]["issue"]["author"]
        assert author == {"__typename": "Bot", "login": "github-actions"}


def test_a_personal_token_is_its_person_everywhere() -> None:
    with FakeGitHub(viewer="ada") as fake:
        fake.add_repo(REPO)
        me = _get(fake, "/user")
        assert me.status_code == 200 and (me.json()["login"], me.json()["type"]) == ("ada", "User")
        assert _graphql(fake, VIEWER)["data"]["viewer"]["login"] == "ada"
        issue = _open_issue(fake)
        assert (issue["user"]["login"], issue["user"]["type"]) == ("ada", "User")
        author = _graphql(fake, AUTHOR)["data"]["repository"]["issue"]["author"]
        assert author == {"__typename": "User", "login": "ada"}


def test_a_second_milestone_with_the_same_title_is_refused_as_github_does() -> None:
    with FakeGitHub() as fake:
        fake.add_repo(REPO)
        headers = {"Authorization": f"token {fake.token}"}
        url = f"{fake.api_url}/repos/{REPO}/milestones"
        first = requests.post(url, json={"title": "Phase 0"}, headers=headers, timeout=10)
        again = requests.post(url, json={"title": "Phase 0"}, headers=headers, timeout=10)
        assert first.status_code == 201
        assert again.status_code == 422
        body = again.json()
        assert body["message"] == "Validation Failed"
        assert body["errors"] == [
            {"resource": "Milestone", "field": "title", "code": "already_exists"}
        ]
