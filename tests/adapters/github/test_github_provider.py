"""The GraphQL snapshot provider against the fake GitHub: contents, caching and request counts."""

from __future__ import annotations

from collections import Counter

import pytest

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.core.evidence.snapshot import RepoSnapshot, Unchanged
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

README = (
    "# Churn model\n\nPredicts churn from usage logs; trained with PyTorch, tracked in MLflow.\n"
)
WORKFLOW = "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"


def ml_project(i: int = 0) -> dict[str, str | bytes]:
    """A typical small ML project (what most linked repos look like)."""
    return {
        "README.md": README + f"\nProject {i}.\n",
        "requirements.txt": "torch==2.3.0\nmlflow>=2\n# wandb\n",
        "pyproject.toml": "[project]\nname = 'churn'\n",
        ".github/workflows/ci.yml": WORKFLOW,
        "src/churn/__init__.py": "",
        "src/churn/train.py": "import mlflow\nimport torch\n",
        "src/churn/data.py": "import pandas as pd\n",
        "tests/test_train.py": "def test_train():\n    assert True\n",
        "notebooks/eda.ipynb": '{"cells": []}',
        "assets/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00binary",
    }


def provider(github_env: dict[str, str], **options: object) -> GraphQLSnapshotProvider:
    return GraphQLSnapshotProvider(connection(github_env), **options)


def connection(github_env: dict[str, str]) -> Transport:
    time = FakeTime()
    return Transport(config_for(github_env), sleep=time.sleep, clock=time.clock, rand=time.rand)


def kinds(fake: FakeGitHub) -> Counter[str]:
    return Counter(r.kind for r in fake.requests)


def test_a_typical_repo_gives_every_path_and_the_texts_the_checks_want(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/churn", files=ml_project())
    head = fake_github.head("ada/churn")
    fake_github.set_status("ada/churn", head, "success")
    snap = provider(github_env).fetch(["ada/churn"], known_heads={})["ada/churn"]
    assert isinstance(snap, RepoSnapshot)
    assert snap.head == head and snap.default_branch == "main" and snap.ci_status == "success"
    assert set(snap.paths) == set(ml_project())
    assert snap.texts["README.md"].startswith("# Churn model")
    assert snap.texts[".github/workflows/ci.yml"] == WORKFLOW
    assert snap.texts["requirements.txt"].startswith("torch")
    assert "src/churn/train.py" in snap.texts  # a source file sampled for `import mlflow`
    assert "assets/logo.png" not in snap.texts
    assert not snap.truncated and snap.note is None
    # cold: one tree query, one query for the deeper texts; no REST at all
    assert kinds(fake_github) == Counter({"graphql": 2})


@pytest.mark.parametrize(("state", "expected"), [("failure", "failure"), ("pending", "pending")])
def test_the_head_commit_status_rollup_becomes_ci_status(
    fake_github: FakeGitHub, github_env: dict[str, str], state: str, expected: str
) -> None:
    fake_github.add_repo("ada/churn", files=ml_project())
    fake_github.set_status("ada/churn", fake_github.head("ada/churn"), state)
    snap = provider(github_env).fetch(["ada/churn"], known_heads={})["ada/churn"]
    assert isinstance(snap, RepoSnapshot) and snap.ci_status == expected


def test_a_repo_whose_head_did_not_move_costs_one_cheap_query(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/churn", files=ml_project())
    head = fake_github.head("ada/churn")
    outcome = provider(github_env).fetch(["ada/churn"], known_heads={"ada/churn": head})
    assert outcome == {"ada/churn": Unchanged("ada/churn", head)}
    assert [r.operation for r in fake_github.requests] == ["RoadmapHeads"]


def test_a_repo_that_moved_is_read_again_at_its_new_head(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/churn", files=ml_project())
    old = fake_github.head("ada/churn")
    new = fake_github.commit("ada/churn", {"tests/test_more.py": "def test_x(): pass\n"})
    snap = provider(github_env).fetch(["ada/churn"], known_heads={"ada/churn": old})["ada/churn"]
    assert isinstance(snap, RepoSnapshot) and snap.head == new
    assert "tests/test_more.py" in snap.paths
    ops = [r.operation for r in fake_github.requests]
    assert ops[:2] == ["RoadmapHeads", "RoadmapTrees"]


def test_a_tree_deeper_than_the_query_is_listed_by_one_rest_call(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    files = ml_project() | {"src/churn/models/deep/nets/resnet.py": "import torch\n"}
    fake_github.add_repo("ada/deep", files=files)
    snap = provider(github_env).fetch(["ada/deep"], known_heads={})["ada/deep"]
    assert isinstance(snap, RepoSnapshot) and not snap.truncated
    assert "src/churn/models/deep/nets/resnet.py" in snap.paths
    rest = [r for r in fake_github.requests if r.kind != "graphql"]
    assert [(r.method, r.query) for r in rest] == [("GET", {"recursive": "1"})]
    assert "/git/trees/" in rest[0].path


def test_folders_of_vendored_code_never_cause_the_rest_listing(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    files = ml_project() | {"web/node_modules/left-pad/lib/deep/index.js": "x"}
    fake_github.add_repo("ada/web", files=files)
    snap = provider(github_env).fetch(["ada/web"], known_heads={})["ada/web"]
    assert isinstance(snap, RepoSnapshot)
    assert kinds(fake_github)["rest_read"] == 0


def test_a_truncated_rest_listing_marks_the_snapshot_truncated(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    files = ml_project() | {"a/b/c/d/e/f.py": "x = 1\n"}
    fake_github.add_repo("ada/huge", files=files)
    fake_github.inject(Fault(match="GET /repos/*/git/trees/*", truncate_tree=True))
    snap = provider(github_env).fetch(["ada/huge"], known_heads={})["ada/huge"]
    assert isinstance(snap, RepoSnapshot) and snap.truncated


def test_one_repo_spelled_two_ways_is_fetched_once_and_answered_under_both(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/churn", files=ml_project())
    out = provider(github_env).fetch(["ada/churn", "Ada/Churn"], known_heads={})
    assert set(out) == {"ada/churn", "Ada/Churn"}
    assert out["Ada/Churn"].repo == "Ada/Churn"  # type: ignore[union-attr]
    assert out["ada/churn"].head == out["Ada/Churn"].head  # type: ignore[union-attr]
    assert kinds(fake_github)["graphql"] == 2


def seed(fake: FakeGitHub, count: int) -> list[str]:
    names = [f"learner{i % 7}/project-{i}" for i in range(count)]
    for i, name in enumerate(names):
        fake.add_repo(name, files=ml_project(i))
    return names


@pytest.mark.parametrize(
    ("count", "cold_max", "warm"),
    [(1, 2, 1), (50, 4, 1), (250, 20, 3)],
)
def test_request_counts_stay_small_at_scale(
    fake_github: FakeGitHub, github_env: dict[str, str], count: int, cold_max: int, warm: int
) -> None:
    names = seed(fake_github, count)
    transport = connection(github_env)
    source = GraphQLSnapshotProvider(transport)
    cold = source.fetch(names, known_heads={})
    assert all(isinstance(o, RepoSnapshot) for o in cold.values()) and len(cold) == count
    cold_requests = kinds(fake_github)
    assert cold_requests["rest_read"] == 0 and cold_requests["rest_write"] == 0
    assert cold_requests["graphql"] <= cold_max
    fake_github.reset_requests()
    heads = {name: o.head for name, o in cold.items() if isinstance(o, RepoSnapshot)}
    again = source.fetch(names, known_heads=heads)
    assert all(isinstance(o, Unchanged) for o in again.values())
    assert kinds(fake_github) == Counter({"graphql": warm})
    assert transport.stats().graphql == cold_requests["graphql"] + warm
    assert transport.stats().graphql_remaining is not None


def test_batch_size_sets_how_many_repos_one_tree_query_carries(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    names = seed(fake_github, 10)
    provider(github_env, batch_size=4).fetch(names, known_heads={})
    trees = [r for r in fake_github.requests if r.operation == "RoadmapTrees"]
    assert len(trees) == 3  # 4 + 4 + 2


def test_a_readme_that_is_not_utf8_is_read_raw_and_decoded_like_the_local_provider(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    latin = "# Café\n\nUn modèle entraîné sur des données réelles, décrit en détail.\n"
    files = ml_project() | {"README.md": latin.encode("cp1252")}
    fake_github.add_repo("ada/cafe", files=files)
    snap = provider(github_env).fetch(["ada/cafe"], known_heads={})["ada/cafe"]
    assert isinstance(snap, RepoSnapshot)
    assert snap.texts["README.md"] == latin
    blob_reads = [r for r in fake_github.requests if "/git/blobs/" in r.path]
    assert len(blob_reads) == 1
