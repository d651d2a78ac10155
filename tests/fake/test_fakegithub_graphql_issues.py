"""The fake's GraphQL issues, comments and pull requests agree with its REST answers (real HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.fakegithub import FakeGitHub

REPO = "alice/proj"
REPO_ARGS = 'owner: "alice", name: "proj"'

ISSUE_FIELDS = """
  __typename id databaseId fullDatabaseId number title body state stateReason url
  createdAt updatedAt closedAt
  author { __typename login url }
  labels(first: 10) { totalCount nodes { name color description } }
"""

COMMENT_FIELDS = """
  __typename id databaseId fullDatabaseId body url createdAt updatedAt
  author { __typename login } issue { number }
"""


class Clock:
    """A world clock that moves only when told, one minute per ``tick``."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: int = 1) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def fake(fake_github_checked: FakeGitHub) -> FakeGitHub:
    fake_github_checked.add_repo(REPO)
    return fake_github_checked


@pytest.fixture
def clock(fake: FakeGitHub) -> Clock:
    fake.world.clock = ticking = Clock()
    return ticking


def rest(fake: FakeGitHub, method: str, path: str, **body) -> dict:
    response = requests.request(
        method,
        f"{fake.api_url}/repos/{REPO}{path}",
        json=body or None,
        headers={"Authorization": f"token {fake.token}"},
        timeout=10,
    )
    assert response.ok, response.text
    return response.json()


def gql(fake: FakeGitHub, query: str, **variables) -> dict:
    response = requests.post(
        fake.graphql_url,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=10,
    )
    assert response.status_code == 200
    return response.json()


def repository(fake: FakeGitHub, selection: str, **variables) -> dict:
    """Run ``selection`` inside ``repository(alice/proj)`` and return it; fail on any error."""
    params = "".join(f", ${k}: {t}" for k, t in _TYPES.items() if k in variables)
    query = (
        f'query Q($o: String!{params}) {{ repository(owner: $o, name: "proj") {{ {selection} }} }}'
    )
    body = gql(fake, query, o="alice", **variables)
    assert "errors" not in body, body["errors"]
    return body["data"]["repository"]


_TYPES = {"after": "String", "since": "DateTime", "n": "Int"}


def numbers(connection: dict) -> list[int]:
    return [node["number"] for node in connection["nodes"]]


def test_issues_carry_the_rest_numbers_ids_texts_states_reasons_times_and_labels(fake, clock):
    rest(fake, "POST", "/labels", name="roadmap", color="0e8a16", description="On the roadmap")
    made = [
        rest(fake, "POST", "/issues", title="Open one", body="text", labels=["roadmap"]),
        rest(fake, "POST", "/issues", title="Dropped", labels=["roadmap", "phase1"]),
        rest(fake, "POST", "/issues", title="Reopened"),
        rest(fake, "POST", "/issues", title="No body"),
    ]
    clock.tick()
    rest(fake, "PATCH", "/issues/2", state="closed", state_reason="not_planned")
    rest(fake, "PATCH", "/issues/3", state="closed")
    rest(fake, "PATCH", "/issues/3", state="open")
    got = repository(fake, f"issues(first: 10) {{ totalCount nodes {{ {ISSUE_FIELDS} }} }}")
    assert got["issues"]["totalCount"] == 4
    by_number = {node["number"]: node for node in got["issues"]["nodes"]}
    for created in made:
        now = rest(fake, "GET", f"/issues/{created['number']}")
        node = by_number[now["number"]]
        assert node["__typename"] == "Issue"
        assert (node["id"], node["databaseId"], node["fullDatabaseId"]) == (
            now["node_id"],
            now["id"],
            str(now["id"]),
        )
        assert (node["title"], node["body"], node["url"]) == (
            now["title"],
            now["body"] or "",
            now["html_url"],
        )
        assert node["state"] == now["state"].upper()
        reason = now["state_reason"]
        assert node["stateReason"] == (reason.upper() if reason else None)
        assert (node["createdAt"], node["updatedAt"], node["closedAt"]) == (
            now["created_at"],
            now["updated_at"],
            now["closed_at"],
        )
        assert node["labels"]["nodes"] == [
            {k: label[k] for k in ("name", "color", "description")} for label in now["labels"]
        ]
    assert [by_number[n]["stateReason"] for n in (1, 2, 3)] == [None, "NOT_PLANNED", "REOPENED"]
    assert by_number[2]["closedAt"] == "2026-01-01T00:01:00Z"
    assert by_number[1]["labels"] == {
        "totalCount": 1,
        "nodes": [{"name": "roadmap", "color": "0e8a16", "description": "On the roadmap"}],
    }


def test_comments_carry_the_rest_ids_urls_bodies_and_times_in_creation_order(fake, clock):
    rest(fake, "POST", "/issues", title="Discuss")
    made = []
    for text in ("first", "second", "third"):
        clock.tick()
        made.append(rest(fake, "POST", "/issues/1/comments", body=text))
    clock.tick()
    edited = rest(fake, "PATCH", f"/issues/comments/{made[0]['id']}", body="first, edited")
    got = repository(
        fake,
        f"issue(number: 1) {{ comments(first: 10) {{ totalCount nodes {{ {COMMENT_FIELDS} }} }} }}",
    )
    nodes = got["issue"]["comments"]["nodes"]
    assert got["issue"]["comments"]["totalCount"] == 3
    listed = rest(fake, "GET", "/issues/1/comments")
    assert [c["id"] for c in listed] == [c["id"] for c in made]
    for node, comment in zip(nodes, listed, strict=True):
        assert node == {
            "__typename": "IssueComment",
            "id": comment["node_id"],
            "databaseId": comment["id"],
            "fullDatabaseId": str(comment["id"]),
            "body": comment["body"],
            "url": comment["html_url"],
            "createdAt": comment["created_at"],
            "updatedAt": comment["updated_at"],
            "author": {"__typename": "Bot", "login": "github-actions"},
            "issue": {"number": 1},
        }
    assert nodes[0]["body"] == edited["body"] == "first, edited"
    assert nodes[0]["url"].endswith(f"/{REPO}/issues/1#issuecomment-{made[0]['id']}")


def test_full_database_id_is_a_bigint_string_like_githubs(fake):
    fake.add_issue(REPO, title="x")
    comment = fake.add_comment(REPO, 1, body="hi")
    got = repository(
        fake, "issue(number: 1) { fullDatabaseId comments(first: 1) { nodes { fullDatabaseId } } }"
    )
    assert isinstance(got["issue"]["fullDatabaseId"], str)
    assert got["issue"]["comments"]["nodes"] == [{"fullDatabaseId": str(comment["id"])}]


def test_bots_are_bot_actors_whose_login_drops_the_rest_bot_suffix(fake):
    rest(fake, "POST", "/issues", title="By the action")
    fake.add_comment(REPO, 1, body="human reply", user="octocat")
    rest(fake, "POST", "/issues/1/comments", body="bot reply")
    actor = "author { __typename login url resourcePath ... on Bot { databaseId } }"
    got = repository(
        fake, f"issue(number: 1) {{ {actor} comments(first: 5) {{ nodes {{ {actor} }} }} }}"
    )
    rest_login = rest(fake, "GET", "/issues/1")["user"]["login"]
    assert rest_login == fake.viewer == "github-actions[bot]"
    bot = got["issue"]["author"]
    assert bot["__typename"] == "Bot" and bot["login"] == "github-actions"
    assert (
        bot["url"].endswith("/apps/github-actions")
        and bot["resourcePath"] == "/apps/github-actions"
    )
    assert bot["databaseId"] == rest(fake, "GET", "/issues/1")["user"]["id"]
    human, by_bot = got["issue"]["comments"]["nodes"]
    assert human["author"]["__typename"] == "User" and human["author"]["login"] == "octocat"
    assert human["author"]["url"].endswith("/octocat")
    assert by_bot["author"] == bot


def test_filter_by_since_keeps_issues_updated_at_or_after_it(fake, clock):
    for title in ("old", "touched", "new"):
        fake.add_issue(REPO, title=title)
        clock.tick(10)
    fake.add_comment(REPO, 2, body="bump")  # updates issue 2 at 00:30
    query = "issues(first: 10, filterBy: {since: $since}) { totalCount nodes { number } }"
    assert numbers(repository(fake, query, since="2026-01-01T00:20:00Z")["issues"]) == [2, 3]
    assert numbers(repository(fake, query, since="2026-01-01T00:30:00Z")["issues"]) == [2]
    assert numbers(repository(fake, query, since="2026-01-01T01:30:00+01:00")["issues"]) == [2]
    assert repository(fake, query, since="2026-01-01T00:30:01Z")["issues"]["totalCount"] == 0


def test_a_since_that_is_no_datetime_is_an_error_naming_the_argument(fake):
    fake.add_issue(REPO, title="x")
    body = gql(
        fake,
        f'{{ repository({REPO_ARGS}) {{ issues(first: 1, filterBy: {{since: "soon"}}) {{ totalCount }} }} }}',
    )
    assert (
        "Argument 'since' on InputObject 'IssueFilters' has an invalid value"
        in body["errors"][0]["message"]
    )


def test_states_filter_top_level_and_in_filter_by(fake):
    fake.add_issue(REPO, title="open")
    fake.add_issue(REPO, title="closed", state="closed")
    fake.add_issue(REPO, title="open too")
    got = repository(
        fake,
        """open: issues(first: 10, states: [OPEN]) { totalCount nodes { number state } }
           closed: issues(first: 10, filterBy: {states: [CLOSED]}) { nodes { number state } }
           both: issues(first: 10, states: [OPEN, CLOSED]) { totalCount }
           none: issues(first: 10, states: [OPEN], filterBy: {states: [CLOSED]}) { totalCount }""",
    )
    assert got["open"] == {
        "totalCount": 2,
        "nodes": [{"number": 1, "state": "OPEN"}, {"number": 3, "state": "OPEN"}],
    }
    assert got["closed"]["nodes"] == [{"number": 2, "state": "CLOSED"}]
    assert (got["both"]["totalCount"], got["none"]["totalCount"]) == (3, 0)


def test_label_filters_keep_issues_with_any_of_the_labels_case_insensitively(fake):
    fake.add_issue(REPO, title="a", labels=["roadmap", "phase1"])
    fake.add_issue(REPO, title="b", labels=["phase2"])
    fake.add_issue(REPO, title="c")
    got = repository(
        fake,
        """any: issues(first: 10, labels: ["ROADMAP", "phase2"]) { nodes { number } }
           by: issues(first: 10, filterBy: {labels: ["phase1"]}) { nodes { number } }
           all: issues(first: 10, labels: []) { totalCount }""",
    )
    assert (numbers(got["any"]), numbers(got["by"]), got["all"]["totalCount"]) == ([1, 2], [1], 3)


def test_created_by_and_assignee_filters(fake):
    rest(fake, "POST", "/issues", title="by the bot", assignees=["octocat"])
    fake.add_issue(REPO, title="by octocat", user="octocat")
    got = repository(
        fake,
        """mine: issues(first: 10, filterBy: {createdBy: "OctoCat"}) { nodes { number } }
           assigned: issues(first: 10, filterBy: {assignee: "octocat"}) { nodes { number } }
           anyone: issues(first: 10, filterBy: {assignee: "*"}) { nodes { number } }
           nobody: issues(first: 10, filterBy: {assignee: null}) { nodes { number } }""",
    )
    assert [numbers(got[k]) for k in ("mine", "assigned", "anyone", "nobody")] == [
        [2],
        [1],
        [1],
        [2],
    ]


def test_filters_the_fake_does_not_model_fail_loudly(fake):
    body = gql(
        fake,
        f'{{ repository({REPO_ARGS}) {{ issues(first: 1, filterBy: {{mentioned: "x"}}) {{ totalCount }} }} }}',
    )
    assert "does not model IssueFilters.mentioned" in body["errors"][0]["message"]


def test_default_order_is_oldest_first_and_order_by_updated_at_desc_is_recent_first(fake, clock):
    for title in ("one", "two", "three"):
        fake.add_issue(REPO, title=title)
        clock.tick()
    fake.add_comment(REPO, 1, body="bump")
    clock.tick()
    rest(fake, "PATCH", "/issues/2", title="two, renamed")
    got = repository(
        fake,
        """default: issues(first: 10) { nodes { number } }
           updated: issues(first: 10, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { number updatedAt } }
           newest: issues(first: 10, orderBy: {field: CREATED_AT, direction: DESC}) { nodes { number } }
           talked: issues(first: 10, orderBy: {field: COMMENTS, direction: DESC}) { nodes { number } }""",
    )
    assert numbers(got["default"]) == [1, 2, 3]
    assert numbers(got["updated"]) == [2, 1, 3]
    stamps = [n["updatedAt"] for n in got["updated"]["nodes"]]
    assert stamps == sorted(stamps, reverse=True)
    assert numbers(got["newest"]) == [3, 2, 1]
    assert numbers(got["talked"])[0] == 1


def test_pages_follow_end_cursor_until_has_next_page_is_false(fake):
    for n in range(7):
        fake.add_issue(REPO, title=f"issue {n}")
    query = "issues(first: 3, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { number } }"
    seen, after, pages = [], None, 0
    while True:
        page = repository(fake, query, after=after)["issues"]
        assert page["totalCount"] == 7
        assert page["pageInfo"]["hasPreviousPage"] is (pages > 0)
        seen += numbers(page)
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert (seen, pages) == (list(range(1, 8)), 3)


def test_comments_last_n_are_the_newest_and_say_there_is_an_earlier_page(fake):
    fake.add_issue(REPO, title="chatty")
    made = [fake.add_comment(REPO, 1, body=f"c{n}") for n in range(5)]
    got = repository(
        fake,
        """issue(number: 1) { comments(last: $n) {
             totalCount pageInfo { hasPreviousPage hasNextPage startCursor } nodes { databaseId body } } }""",
        n=2,
    )["issue"]["comments"]
    assert got["totalCount"] == 5
    assert [c["databaseId"] for c in got["nodes"]] == [made[3]["id"], made[4]["id"]]
    assert (got["pageInfo"]["hasPreviousPage"], got["pageInfo"]["hasNextPage"]) == (True, False)
    everything = repository(
        fake, "issue(number: 1) { comments(last: $n) { pageInfo { hasPreviousPage } } }", n=5
    )
    assert everything["issue"]["comments"]["pageInfo"]["hasPreviousPage"] is False


def test_comments_can_be_ordered_by_update_time(fake, clock):
    fake.add_issue(REPO, title="x")
    first = fake.add_comment(REPO, 1, body="a")
    clock.tick()
    fake.add_comment(REPO, 1, body="b")
    clock.tick()
    rest(fake, "PATCH", f"/issues/comments/{first['id']}", body="a, edited")
    got = repository(
        fake,
        "issue(number: 1) { comments(first: 5, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { body } } }",
    )
    assert [c["body"] for c in got["issue"]["comments"]["nodes"]] == ["a, edited", "b"]


def test_duplicates_say_not_planned_unless_enable_duplicate_is_asked_for(fake):
    fake.add_issue(REPO, title="dup")
    rest(fake, "PATCH", "/issues/1", state="closed", state_reason="duplicate")
    got = repository(
        fake,
        "issue(number: 1) { plain: stateReason asked: stateReason(enableDuplicate: true) }",
    )
    assert got["issue"] == {"plain": "NOT_PLANNED", "asked": "DUPLICATE"}


def test_issue_by_number_and_a_missing_number_is_not_found(fake):
    fake.add_issue(REPO, title="here")
    body = gql(
        fake,
        f"""{{ repository({REPO_ARGS}) {{
              here: issue(number: 1) {{ title }}
              either: issueOrPullRequest(number: 1) {{ ... on Issue {{ title }} }}
              gone: issue(number: 9) {{ title }} }} }}""",
    )
    assert body["data"]["repository"] == {
        "here": {"title": "here"},
        "either": {"title": "here"},
        "gone": None,
    }
    [error] = body["errors"]
    assert (error["type"], error["path"]) == ("NOT_FOUND", ["repository", "gone"])
    assert error["message"] == "Could not resolve to an Issue with the number of 9."


def test_pull_requests_are_an_empty_connection_the_world_has_none(fake):
    fake.add_issue(REPO, title="an issue, not a pull request")
    got = repository(
        fake,
        """pullRequests(first: 10, states: [OPEN, MERGED], orderBy: {field: UPDATED_AT, direction: DESC}) {
             totalCount pageInfo { hasNextPage endCursor } nodes { number title comments(first: 5) { totalCount } } }
           issues(first: 10) { totalCount }""",
    )
    assert got["pullRequests"] == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "nodes": [],
    }
    assert got["issues"]["totalCount"] == 1
    body = gql(fake, f"{{ repository({REPO_ARGS}) {{ pullRequest(number: 1) {{ title }} }} }}")
    assert body["errors"][0]["type"] == "NOT_FOUND"


def test_issue_labels_list_in_label_creation_order_and_match_the_repo_labels(fake):
    rest(fake, "POST", "/labels", name="zeta", color="ff0000")
    rest(fake, "POST", "/labels", name="alpha", color="00ff00", description="first letter")
    fake.add_issue(REPO, title="x", labels=["alpha", "zeta"])
    got = repository(
        fake,
        """issue(number: 1) {
             created: labels(first: 5) { nodes { name } }
             named: labels(first: 5, orderBy: {field: NAME, direction: ASC}) { nodes { name } } }
           label(name: "ALPHA") { name color description url }
           labels(first: 10) { totalCount }""",
    )
    assert [x["name"] for x in got["issue"]["created"]["nodes"]] == ["zeta", "alpha"]
    assert [x["name"] for x in got["issue"]["named"]["nodes"]] == ["alpha", "zeta"]
    assert got["label"]["color"] == "00ff00" and got["label"]["url"].endswith(
        f"/{REPO}/labels/alpha"
    )
    assert got["labels"]["totalCount"] == 2


def test_cost_counts_nested_issue_connections_like_githubs_formula(fake):
    fake.add_issue(REPO, title="x")
    body = gql(
        fake,
        f"""{{ repository({REPO_ARGS}) {{ issues(first: 100) {{ nodes {{
              comments(first: 50) {{ nodes {{ issue {{ labels(first: 60) {{ totalCount }} }} }} }}
              labels(first: 10) {{ totalCount }} }} }} }}
            rateLimit {{ cost nodeCount }} }}""",
    )
    # requests: issues 1 + comments 100 + labels 100 + nested labels 100*50 = 5201 -> 52 points;
    # nodes: 100 + 100*50 + 100*50*60 + 100*10
    assert body["data"]["rateLimit"] == {"cost": 52, "nodeCount": 306100}
    assert fake.requests[-1].cost == 52
