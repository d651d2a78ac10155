"""Every GraphQL document the evidence provider sends validates against GitHub's public schema."""

from __future__ import annotations

import functools

import pytest
from graphql import GraphQLSchema, build_schema, parse, validate
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.queries import (
    ROOT_CANDIDATES,
    TREE_DEPTH,
    Query,
    RepoName,
    TextsRequest,
    TreeRequest,
    heads_query,
    texts_query,
    trees_query,
)
from tests.fakegithub import FakeGitHub
from tests.support.github import FakeTime, config_for
from tests.support.refdata import graphql_schema_sdl


@functools.cache
def schema() -> GraphQLSchema:
    # GitHub's SDL does not pass graphql-core's own schema checks; validation of queries works.
    return build_schema(graphql_schema_sdl(), assume_valid=True, assume_valid_sdl=True)


def assert_valid(query: Query) -> None:
    errors = validate(schema(), parse(query.document))
    assert errors == [], [e.message for e in errors]
    declared = {
        v.variable.name.value for v in parse(query.document).definitions[0].variable_definitions
    }
    assert declared == set(query.variables)


REPOS = [RepoName("octocat", "hello-world"), RepoName("my-org", "ml.project_2")]


def test_heads_query_is_valid_and_names_every_repo_by_alias() -> None:
    query = heads_query(REPOS)
    assert_valid(query)
    assert "r0: repository" in query.document and "r1: repository" in query.document
    assert query.variables == {
        "o0": "octocat",
        "n0": "hello-world",
        "o1": "my-org",
        "n1": "ml.project_2",
    }


@pytest.mark.parametrize("depth", [1, 2, TREE_DEPTH, 6])
def test_trees_query_is_valid_at_every_depth(depth: int) -> None:
    requests = [TreeRequest(REPOS[0], "HEAD", ROOT_CANDIDATES), TreeRequest(REPOS[1], "a" * 40, ())]
    query = trees_query(requests, depth=depth)
    assert_valid(query)
    assert query.variables["t0"] == "HEAD:"
    assert query.variables["t1"] == "a" * 40 + ":"
    assert query.variables["f0_0"] == "HEAD:README.md"
    assert f"...Entries{depth}" in query.document


def test_texts_query_reads_paths_at_the_given_commit() -> None:
    query = texts_query([TextsRequest(REPOS[0], "b" * 40, ("src/a.py", "docs/README.md"))])
    assert_valid(query)
    assert query.variables["x0_1"] == "b" * 40 + ":docs/README.md"


def test_a_query_naming_a_field_github_lacks_is_rejected() -> None:
    bad = Query("Bad", 'query Bad { repository(owner: "a", name: "b") { fileCount } }', {})
    assert validate(schema(), parse(bad.document)) != []


names = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(owner=names, name=names, paths=st.lists(names, min_size=1, max_size=5))
def test_odd_names_and_paths_travel_as_variables_and_never_break_the_document(
    owner: str, name: str, paths: list[str]
) -> None:
    repo = RepoName(owner, name)
    for query in (
        heads_query([repo]),
        trees_query([TreeRequest(repo, "HEAD", tuple(paths))]),
        texts_query([TextsRequest(repo, "c" * 40, tuple(paths))]),
    ):
        assert_valid(query)
        assert query.variables["o0"] == owner and query.variables["n0"] == name
    assert set(texts_query([TextsRequest(repo, "c" * 40, tuple(paths))]).variables.values()) >= {
        f"{'c' * 40}:{p}" for p in paths
    }


def test_every_document_a_real_run_sends_validates(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    exchanges = fake_github.keep_exchanges()
    files = {
        "README.md": "# x\n",
        "requirements.txt": "mlflow\n",
        ".github/workflows/ci.yml": "on: push\n",
        "src/pkg/train.py": "import mlflow\n",
        "a/b/c/d/e/f.py": "x = 1\n",
    }
    for name in ("ada/one", "ada/two"):
        fake_github.add_repo(name, files=files)
    time = FakeTime()
    transport = Transport(config_for(github_env), sleep=time.sleep, clock=time.clock)
    source = GraphQLSnapshotProvider(transport, batch_size=1)
    source.fetch(["ada/one", "ada/two", "ada/missing"], known_heads={"ada/one": "0" * 40})
    sent = [e.request.json() for e in exchanges if e.request.path == "/graphql"]
    assert {body["operationName"] for body in sent} == {
        "RoadmapHeads",
        "RoadmapTrees",
        "RoadmapTexts",
    }
    for body in sent:
        assert_valid(Query(body["operationName"], body["query"], body["variables"]))


@pytest.mark.parametrize("workflows", [True, False])
@pytest.mark.parametrize("roots", [ROOT_CANDIDATES, ()])
def test_trees_query_with_blob_ids_and_without_workflows_is_valid(
    workflows: bool, roots: tuple[str, ...]
) -> None:
    requests = [TreeRequest(REPOS[0], "HEAD", roots), TreeRequest(REPOS[1], "a" * 40, ())]
    query = trees_query(requests, blob_ids=True, workflows=workflows)
    assert_valid(query)  # no variable or fragment left unused
    assert ("workflows:" in query.document) is workflows
    assert "name mode size oid" in query.document
