"""Where a linked repo came from: the provider reads a fork's parent and a generated repo's
template (their blob ids for the repo's paths, and their README) in one query per batch."""

from __future__ import annotations

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider, _with_blob_ids
from roadmap_bot.adapters.github.answers import Entry
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.queries import RepoName
from roadmap_bot.adapters.github.work import Work
from roadmap_bot.core.evidence.snapshot import RepoSnapshot
from tests.fakegithub import FakeGitHub
from tests.fakegithub.faults import Fault
from tests.support.github import FakeTime, config_for

STARTER = {
    "README.md": "# Course starter\n\nFork this repository and follow the handout.\n",
    "train.py": "import mlflow\n",
    "tests/test_train.py": "def test_train():\n    assert True\n",
    ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n",
}


def provider(github_env: dict[str, str]) -> GraphQLSnapshotProvider:
    time = FakeTime()
    transport = Transport(
        config_for(github_env), sleep=time.sleep, clock=time.clock, rand=time.rand
    )
    return GraphQLSnapshotProvider(transport)


def snapshot(found: object) -> RepoSnapshot:
    assert isinstance(found, RepoSnapshot), found
    return found


TREES = "RoadmapTrees"


def test_a_fork_knows_its_parent_and_which_files_are_the_parents_byte_for_byte(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.fork_repo("course/starter", "ada/starter")
    fake_github.commit("ada/starter", {"train.py": "import mlflow\nmlflow.log_metric('a', 1)\n"})
    snap = snapshot(provider(github_env).fetch(["ada/starter"], known_heads={})["ada/starter"])
    origin = snap.origin
    assert origin is not None and origin.kind == "fork" and origin.repo == "course/starter"
    assert origin.head == fake_github.head("course/starter")
    assert origin.readme == STARTER["README.md"]
    assert set(snap.blobs) == set(snap.paths)
    same = {p for p, oid in snap.blobs.items() if origin.blobs.get(p) == oid}
    assert same == {"README.md", "tests/test_train.py", ".github/workflows/ci.yml"}


def test_a_repo_generated_from_a_template_knows_its_template(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.generate_repo("course/starter", "bob/project")
    snap = snapshot(provider(github_env).fetch(["bob/project"], known_heads={})["bob/project"])
    assert snap.origin is not None
    assert (snap.origin.kind, snap.origin.repo) == ("template", "course/starter")
    assert snap.origin.blobs == snap.blobs  # generated unchanged: every file is the template's


def test_a_plain_repo_has_no_origin_and_costs_no_origin_query(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/own", files=STARTER)
    snap = snapshot(provider(github_env).fetch(["ada/own"], known_heads={})["ada/own"])
    assert snap.origin is None and snap.blobs == {}  # nothing to compare them with: not kept
    assert sum(r.operation == "RoadmapTrees" for r in fake_github.requests) == 1


def test_many_forks_of_one_origin_read_it_once_in_one_more_query(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.add_repo("course/other", files={"README.md": "# Other starter\n"})
    forks = [f"learner{i}/starter" for i in range(6)]
    for fork in forks:
        fake_github.fork_repo("course/starter", fork)
    fake_github.generate_repo("course/other", "learner9/other")
    found = provider(github_env).fetch([*forks, "learner9/other"], known_heads={})
    assert all(snapshot(found[f]).origin is not None for f in [*forks, "learner9/other"])
    trees = [r for r in fake_github.requests if r.operation == "RoadmapTrees"]
    assert len(trees) == 2  # the linked repos' trees, then both origins' in one query


def test_a_parent_the_token_cannot_see_leaves_the_fork_judged_whole(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.fork_repo("course/starter", "ada/starter")
    fake_github.set_access("course/starter", visible=False)
    snap = snapshot(provider(github_env).fetch(["ada/starter"], known_heads={})["ada/starter"])
    assert snap.origin is None


def test_an_origin_deeper_than_the_tree_query_is_listed_by_rest_once(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    deep = "src/pkg/sub/tests/unit/test_deep.py"
    fake_github.add_repo("course/starter", files={**STARTER, deep: "def test_d():\n    pass\n"})
    fake_github.fork_repo("course/starter", "ada/starter")
    snap = snapshot(provider(github_env).fetch(["ada/starter"], known_heads={})["ada/starter"])
    assert snap.origin is not None and snap.origin.blobs[deep] == snap.blobs[deep]
    listings = [r for r in fake_github.requests if "/git/trees/" in r.path]
    assert len(listings) == 2  # the fork's and its parent's, one call each


def test_an_origin_linked_itself_gives_its_readme_as_read_and_only_blob_ids_are_asked(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.fork_repo("course/starter", "ada/starter")
    seen = fake_github.keep_exchanges()
    found = provider(github_env).fetch(["ada/starter", "course/starter"], known_heads={})
    origin = snapshot(found["ada/starter"]).origin
    assert origin is not None and origin.readme == STARTER["README.md"]
    fork = snapshot(found["ada/starter"])
    assert origin.blobs == fork.blobs and set(origin.blobs) == set(fork.paths)  # unchanged fork
    trees = [e.request.json() for e in seen if e.request.json().get("operationName") == TREES]
    assert len(trees) == 2  # both linked repos' trees, then both blob-id lists in one query
    assert not any(key.startswith("f") for key in trees[1]["variables"])  # no text read


def test_the_tree_query_asks_blob_ids_only_when_an_origin_needs_them(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/own", files=STARTER)
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.fork_repo("course/starter", "ada/starter")
    seen = fake_github.keep_exchanges()
    provider(github_env).fetch(["ada/own", "ada/starter"], known_heads={})
    first, origins = [
        e.request.json() for e in seen if e.request.json().get("operationName") == TREES
    ]
    assert "name mode size oid" not in first["query"]  # every linked repo: no blob ids
    assert "name mode size oid" in origins["query"]  # the fork and its parent only
    assert "workflows:" not in origins["query"]  # the fork's were read with its tree
    assert len([k for k in origins["variables"] if k.startswith("o")]) == 2


def test_a_fork_whose_blob_ids_are_not_answered_is_judged_whole(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("course/starter", files=STARTER)
    fake_github.fork_repo("course/starter", "ada/starter")
    # the origins' query (after the trees and the texts queries) comes back empty
    fake_github.inject(Fault(match="POST /graphql", after=2, status=200, body={"data": {}}))
    snap = snapshot(provider(github_env).fetch(["ada/starter"], known_heads={})["ada/starter"])
    assert snap.origin is None and snap.blobs == {} and snap.paths


def test_blob_ids_from_a_listing_the_query_could_not_read_whole_are_not_taken() -> None:
    item = Work("ada/x", "ada/x", RepoName("ada", "x"), entries=[Entry("a.py", 1, False, None)])
    deep = {
        "entries": [{"name": "a.py", "mode": 33188, "oid": "1" * 40}, {"name": "d", "mode": 16384}]
    }
    _with_blob_ids(item, {"tree": deep})
    assert item.entries[0].oid is None  # folder "d" was not expanded: no ids at all
    _with_blob_ids(item, {"tree": {"entries": deep["entries"][:1]}})
    assert item.entries[0].oid == "1" * 40
