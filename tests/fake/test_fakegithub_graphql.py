"""The fake's GraphQL endpoint, driven with requests: real schema validation, data, cost, errors."""

from __future__ import annotations

import string

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakegithub import FakeGitHub

REPO = "alice/proj"
FILES = {
    "README.md": "# Project\n\nUses MLflow.\n",
    "src/app.py": "print('hi')\n",
    "tests/test_app.py": "def test_app():\n    assert True\n",
    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
}

EVIDENCE = """
query Evidence($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    id name nameWithOwner isPrivate isArchived isEmpty url visibility
    defaultBranchRef {
      name
      target {
        oid
        ... on Commit {
          oid
          statusCheckRollup { state }
          history(first: 1) { nodes { oid committedDate messageHeadline } }
        }
      }
    }
    object(expression: "HEAD:") {
      ... on Tree {
        entries {
          name path type mode
          object {
            ... on Blob { byteSize isBinary text }
            ... on Tree { entries { name path type object { ... on Blob { text } } } }
          }
        }
      }
    }
  }
  rateLimit { cost limit remaining used resetAt nodeCount }
}
"""


@pytest.fixture
def fake(fake_github_checked: FakeGitHub) -> FakeGitHub:
    fake_github_checked.add_repo(REPO, files=FILES)
    return fake_github_checked


def gql(fake: FakeGitHub, query: str, token: str | None = None, **variables) -> requests.Response:
    headers = {"Authorization": f"bearer {token or fake.token}"}
    body = {"query": query, "variables": variables}
    return requests.post(fake.graphql_url, json=body, headers=headers, timeout=10)


def test_the_evidence_query_returns_repo_facts_tree_and_blob_texts(fake):
    response = gql(fake, EVIDENCE, owner="alice", name="proj")
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    repo = body["data"]["repository"]
    assert (repo["nameWithOwner"], repo["visibility"], repo["isEmpty"]) == (REPO, "PUBLIC", False)
    target = repo["defaultBranchRef"]["target"]
    assert target["oid"] == fake.head(REPO)
    assert target["history"]["nodes"][0]["messageHeadline"] == "Initial"
    assert target["statusCheckRollup"] is None
    entries = {e["path"]: e for e in repo["object"]["entries"]}
    assert entries["README.md"]["object"]["text"] == FILES["README.md"]
    assert entries["README.md"]["mode"] == 0o100644 and entries["src"]["mode"] == 0o040000
    assert entries["logo.png"]["object"] == {"byteSize": 10, "isBinary": True, "text": None}
    nested = entries["src"]["object"]["entries"]
    assert nested == [
        {
            "name": "app.py",
            "path": "src/app.py",
            "type": "blob",
            "object": {"text": "print('hi')\n"},
        }
    ]
    assert body["data"]["rateLimit"]["cost"] == 1


def test_aliases_read_many_repos_in_one_query_and_a_missing_one_is_null_with_not_found(fake):
    fake.add_repo("bob/other", files={"a.txt": "a"})
    query = """{
      a: repository(owner: "alice", name: "proj") { nameWithOwner }
      b: repository(owner: "bob", name: "other") { nameWithOwner }
      c: repository(owner: "nobody", name: "nothing") { nameWithOwner }
    }"""
    body = gql(fake, query).json()
    assert body["data"] == {
        "a": {"nameWithOwner": REPO},
        "b": {"nameWithOwner": "bob/other"},
        "c": None,
    }
    [error] = body["errors"]
    assert error["type"] == "NOT_FOUND"
    assert error["path"] == ["c"]
    assert error["message"] == "Could not resolve to a Repository with the name 'nobody/nothing'."


def test_invisible_repos_are_not_found_and_private_visible_ones_say_private(fake):
    fake.add_repo("alice/hidden")
    fake.set_access("alice/hidden", visible=False)
    fake.add_repo("alice/private", private=True)
    query = """{ h: repository(owner: "alice", name: "hidden") { id }
                 p: repository(owner: "alice", name: "private") { isPrivate visibility } }"""
    body = gql(fake, query).json()
    assert body["data"] == {"h": None, "p": {"isPrivate": True, "visibility": "PRIVATE"}}
    assert [e["type"] for e in body["errors"]] == ["NOT_FOUND"]


def test_renamed_repos_resolve_under_their_new_name(fake):
    fake.rename_repo(REPO, "alice/renamed")
    body = gql(fake, '{ repository(owner: "alice", name: "proj") { nameWithOwner } }').json()
    assert body["data"]["repository"]["nameWithOwner"] == "alice/renamed"


@pytest.mark.parametrize(
    "expression",
    ["HEAD:src/app.py", "main:src/app.py", "{oid}:src/app.py", "{short}:src/app.py"],
)
def test_object_expressions_resolve_revisions_and_paths(fake, expression):
    head = fake.head(REPO)
    expression = expression.format(oid=head, short=head[:7])
    query = 'query($e: String!) { repository(owner: "alice", name: "proj") { object(expression: $e) { ... on Blob { text byteSize } } } }'
    body = gql(fake, query, e=expression).json()
    assert body["data"]["repository"]["object"] == {"text": "print('hi')\n", "byteSize": 12}


def test_object_expressions_for_missing_paths_or_revisions_are_null(fake):
    query = """{ repository(owner: "alice", name: "proj") {
        a: object(expression: "HEAD:nope.txt") { oid }
        b: object(expression: "nobranch:README.md") { oid }
        c: object(expression: "HEAD") { ... on Commit { oid } } } }"""
    data = gql(fake, query).json()["data"]["repository"]
    assert data == {"a": None, "b": None, "c": {"oid": fake.head(REPO)}}


def test_queries_asking_for_fields_github_lacks_are_rejected_like_github(fake):
    body = gql(fake, '{ repository(owner: "alice", name: "proj") { nameWithOwner starz } }').json()
    assert "data" not in body
    [error] = body["errors"]
    assert error["message"] == "Field 'starz' doesn't exist on type 'Repository'"
    assert error["extensions"]["code"] == "undefinedField"
    assert error["locations"]


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ('{ repository(owner: "a") { id } }', "missing required arguments: name"),
        ('{ repository(owner: "a", name: "b", nope: 1) { id } }', "doesn't accept argument 'nope'"),
        ('{ repository(owner: "a", name: "b") { id ', "Syntax Error"),
        ("query($n: Int!) { viewer { login } }", "Variable '$n' is never used"),
    ],
)
def test_invalid_documents_get_200_with_errors_and_no_data(fake, query, fragment):
    response = gql(fake, query)
    assert response.status_code == 200
    assert fragment in response.json()["errors"][0]["message"]
    assert "data" not in response.json()


def test_connections_need_first_or_last_and_at_most_100(fake):
    base = '{ repository(owner: "alice", name: "proj") { defaultBranchRef { target { ... on Commit { %s } } } } }'
    missing = gql(fake, base % "history { totalCount }").json()
    too_many = gql(fake, base % "history(first: 101) { totalCount }").json()
    assert "You must provide a `first` or `last` value" in missing["errors"][0]["message"]
    assert "exceeds the `first` limit of 100 records" in too_many["errors"][0]["message"]


def test_cost_follows_githubs_formula_for_nested_connections(fake):
    nested = """{ repository(owner: "alice", name: "proj") { defaultBranchRef { target { ... on Commit {
        history(first: 100) { nodes { parents(first: 100) { nodes { history(first: 10) { totalCount } } } } }
    } } } } rateLimit { cost nodeCount } }"""
    body = gql(fake, nested).json()
    # requests: 1 + 100 + 100*100 = 10101 -> cost round(101.01) = 101; nodes 100 + 10^4 + 10^5
    assert body["data"]["rateLimit"] == {"cost": 101, "nodeCount": 110100}
    assert fake.requests[-1].cost == 101


def test_rate_limit_headers_decrement_by_the_query_cost(fake):
    first = gql(fake, "{ viewer { login } }")
    second = gql(fake, "{ viewer { login } }")
    assert first.headers["x-ratelimit-resource"] == "graphql"
    assert (
        int(first.headers["x-ratelimit-remaining"]) - int(second.headers["x-ratelimit-remaining"])
        == 1
    )
    assert {h for h in first.headers if h.startswith("x-ratelimit-")} == {
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-used",
        "x-ratelimit-reset",
        "x-ratelimit-resource",
    }
    assert first.json()["data"]["viewer"]["login"] == fake.viewer


def test_status_check_rollup_combines_statuses_and_check_runs(fake):
    sha = fake.head(REPO)
    query = '{ repository(owner: "alice", name: "proj") { object(expression: "HEAD") { ... on Commit { statusCheckRollup { state contexts(first: 10) { totalCount } } } } } }'
    fake.set_status(REPO, sha, "success")
    fake.add_check_run(REPO, sha, name="test", conclusion="success")
    rollup = gql(fake, query).json()["data"]["repository"]["object"]["statusCheckRollup"]
    assert rollup == {"state": "SUCCESS", "contexts": {"totalCount": 2}}
    fake.add_check_run(REPO, sha, name="lint", status="in_progress", conclusion=None)
    assert (
        gql(fake, query).json()["data"]["repository"]["object"]["statusCheckRollup"]["state"]
        == "PENDING"
    )
    fake.add_check_run(REPO, sha, name="e2e", conclusion="failure")
    assert (
        gql(fake, query).json()["data"]["repository"]["object"]["statusCheckRollup"]["state"]
        == "FAILURE"
    )


def test_history_with_a_path_lists_only_commits_that_touched_it(fake):
    fake.commit(REPO, {"README.md": "# Changed\n"}, message="docs")
    fake.commit(REPO, {"other.txt": "x"}, message="other")
    query = '{ repository(owner: "alice", name: "proj") { defaultBranchRef { target { ... on Commit { history(first: 5, path: "README.md") { totalCount nodes { messageHeadline } } } } } } }'
    history = gql(fake, query).json()["data"]["repository"]["defaultBranchRef"]["target"]["history"]
    assert history == {
        "totalCount": 2,
        "nodes": [{"messageHeadline": "docs"}, {"messageHeadline": "Initial"}],
    }


def test_empty_repos_have_no_default_branch_ref(fake):
    fake.add_repo("alice/empty", empty=True)
    data = gql(
        fake, '{ repository(owner: "alice", name: "empty") { isEmpty defaultBranchRef { name } } }'
    ).json()
    assert data["data"]["repository"] == {"isEmpty": True, "defaultBranchRef": None}


def test_fields_the_fake_does_not_model_fail_loudly_not_silently(fake):
    body = gql(fake, '{ repository(owner: "alice", name: "proj") { diskUsage } }').json()
    assert "does not model Repository.diskUsage" in body["errors"][0]["message"]


def test_graphql_without_a_valid_token_is_401(fake):
    assert gql(fake, "{ viewer { login } }", token="wrong").status_code == 401


def test_recording_names_the_operation_and_its_cost(fake):
    fake.reset_requests()
    gql(fake, EVIDENCE, owner="alice", name="proj")
    [record] = fake.requests
    assert (record.kind, record.operation, record.cost, record.is_write) == (
        "graphql",
        "Evidence",
        1,
        False,
    )


_NAME = st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=6)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=st.dictionaries(
        st.lists(_NAME, min_size=1, max_size=3).map("/".join),
        st.binary(max_size=40),
        min_size=1,
        max_size=8,
    )
)
def test_graphql_and_rest_trees_agree_with_the_seeded_files(fake, files):
    paths = sorted(files)
    if any(b.startswith(a + "/") for a in paths for b in paths):
        return  # a path cannot be both a file and a directory
    name = f"prop/r{abs(hash(tuple(paths))) % 10**9}-{len(fake.world.repos)}"
    fake.add_repo(name, files=files)
    assert fake.files(name) == files
    owner, repo = name.split("/")
    query = "query($o: String!, $n: String!, $e: String!) { repository(owner: $o, name: $n) { object(expression: $e) { ... on Blob { byteSize isBinary text } } } }"
    for path, data in files.items():
        blob = gql(fake, query, o=owner, n=repo, e=f"HEAD:{path}").json()["data"]["repository"][
            "object"
        ]
        assert blob["byteSize"] == len(data)
        if not blob["isBinary"]:
            assert blob["text"].encode() == data
    tree = requests.get(
        f"{fake.api_url}/repos/{name}/git/trees/HEAD?recursive=1",
        headers={"Authorization": f"token {fake.token}"},
        timeout=5,
    ).json()
    assert {e["path"] for e in tree["tree"] if e["type"] == "blob"} == set(files)
