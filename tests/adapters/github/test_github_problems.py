"""Per-repo failures are explained results, and the rest of the run goes on."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.core.evidence.snapshot import ProblemKind, RepoProblem, RepoSnapshot
from roadmap_bot.errors import GitHubError
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

GOOD = {"README.md": "# Good\n\nA project with a real description of what it does.\n"}


def provider(github_env: dict[str, str], **overrides: object) -> GraphQLSnapshotProvider:
    time = FakeTime()
    config = config_for(github_env, **overrides)
    return GraphQLSnapshotProvider(
        Transport(config, sleep=time.sleep, clock=time.clock, rand=time.rand)
    )


@pytest.fixture
def world(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_repo("ada/good", files=GOOD)
    fake_github.add_repo("ada/shelved", files=GOOD, archived=True)
    fake_github.add_repo("ada/blank", empty=True)
    fake_github.add_repo("ada/secret", files=GOOD, private=True)
    fake_github.set_access("ada/secret", visible=False)
    fake_github.add_repo("ada/dmca", files=GOOD)
    fake_github.block("ada/dmca")
    fake_github.add_repo("ada/old-name", files=GOOD)
    fake_github.rename_repo("ada/old-name", "ada/new-name")
    return fake_github


REPOS = [
    "ada/good",
    "ada/shelved",
    "ada/blank",
    "ada/secret",
    "ada/dmca",
    "ada/typo",
    "ada/old-name",
]


@pytest.mark.parametrize(
    ("repo", "kind", "words"),
    [
        ("ada/shelved", ProblemKind.ARCHIVED, ("archived", "cannot check", "Unarchive")),
        ("ada/blank", ProblemKind.EMPTY, ("empty", "push")),
        ("ada/secret", ProblemKind.MISSING, ("not found", "private", "token", "secret")),
        ("ada/typo", ProblemKind.MISSING, ("not found", "spelling")),
        ("ada/dmca", ProblemKind.BLOCKED, ("blocked", "legal", "another repository")),
    ],
)
def test_each_problem_kind_is_explained_while_the_other_repos_are_read(
    world: FakeGitHub, github_env: dict[str, str], repo: str, kind: ProblemKind, words: tuple
) -> None:
    out = provider(github_env).fetch(REPOS, known_heads={})
    problem = out[repo]
    assert isinstance(problem, RepoProblem) and problem.kind == kind
    assert problem.repo == repo and repo in problem.reason
    for word in words:
        assert word in problem.reason
    assert isinstance(out["ada/good"], RepoSnapshot)
    assert next(r.operation for r in world.requests if r.kind == "graphql") == "RoadmapTrees"


def test_problems_are_found_by_the_cheap_heads_query_too(
    world: FakeGitHub, github_env: dict[str, str]
) -> None:
    known = dict.fromkeys(REPOS, "0" * 40)
    out = provider(github_env).fetch(REPOS, known_heads=known)
    assert {r: o.kind for r, o in out.items() if isinstance(o, RepoProblem)} == {
        "ada/shelved": ProblemKind.ARCHIVED,
        "ada/blank": ProblemKind.EMPTY,
        "ada/secret": ProblemKind.MISSING,
        "ada/typo": ProblemKind.MISSING,
        "ada/dmca": ProblemKind.BLOCKED,
    }


def test_a_renamed_repo_is_followed_and_the_note_says_so(
    world: FakeGitHub, github_env: dict[str, str]
) -> None:
    snap = provider(github_env).fetch(["ada/old-name"], known_heads={})["ada/old-name"]
    assert isinstance(snap, RepoSnapshot)
    assert snap.repo == "ada/old-name" and snap.paths == ("README.md",)
    assert snap.note is not None and "ada/new-name" in snap.note and "renamed" in snap.note


def test_a_token_without_access_is_told_how_to_pass_one(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("corp/internal", files=GOOD)
    body = {
        "data": {"rateLimit": None, "r0": None},
        "errors": [
            {
                "type": "FORBIDDEN",
                "path": ["r0"],
                "message": "Resource not accessible by integration",
            }
        ],
    }
    fake_github.inject(Fault(match="POST /graphql", status=200, body=body))
    problem = provider(github_env).fetch(["corp/internal"], known_heads={})["corp/internal"]
    assert isinstance(problem, RepoProblem) and problem.kind == ProblemKind.NO_ACCESS
    assert "not accessible" in problem.reason and "secret" in problem.reason


def test_a_reference_that_is_not_owner_slash_name_is_a_problem_not_a_crash(
    github_env: dict[str, str],
) -> None:
    out = provider(github_env).fetch(["./local/dir", "not a repo"], known_heads={})
    assert {o.kind for o in out.values()} == {ProblemKind.ERROR}  # type: ignore[union-attr]


def test_a_bad_token_stops_the_run_with_a_clear_error(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo("ada/good", files=GOOD)
    env = github_env | {"GITHUB_TOKEN": "ghs_wrong_token_value"}
    with pytest.raises(GitHubError) as caught:
        provider(env).fetch(["ada/good"], known_heads={})
    assert caught.value.status == 401 and "token" in str(caught.value)
    assert "ghs_wrong_token_value" not in str(caught.value)
